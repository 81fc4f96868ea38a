# The assistant's developer entry points. `make run` and `make test` set up
# what they need on a Debian or Ubuntu machine first (see scripts/setup.sh).

GO          ?= go
BIN         ?= pymetrics-sso
STATICCHECK := $(shell command -v staticcheck 2>/dev/null || echo $$($(GO) env GOPATH)/bin/staticcheck)
FUZZTIME    ?= 1m
PKGS_PURE   := ./samlcheck/... ./wizard/...

.PHONY: all run build setup-run setup-test test check lint unit gui-test test-windows fuzz bench screenshots package-linux package-windows clean

all: build

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

## run: set up, build and open the assistant
run: setup-run build
	./$(BIN)

build:
	$(GO) build -o $(BIN) .

## test: set up, then lint, unit tests (with the race detector on the pure
## packages), the command-line tests, a real window under a virtual X server,
## and the Windows build under Wine (test-windows)
test: setup-test lint unit gui-test test-windows

## check: only the tests (no set-up, no lint, no window): for a machine
## that is already set up
check: unit

lint:
	@echo "== gofmt"; out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@echo "== go vet"; $(GO) vet ./...
	@echo "== go vet (windows)"; GOOS=windows $(GO) vet ./internal/winconsole ./internal/durable ./internal/mailhandler ./samlcheck/... ./wizard/...
	@echo "== staticcheck"; $(STATICCHECK) ./...

unit:
	@echo "== go test (race) $(PKGS_PURE)"; $(GO) test -race -count=1 $(PKGS_PURE)
	@echo "== go test . ./ui/... ./assets/... ./scripts/... ./internal/... ./docs/..."; $(GO) test -count=1 . ./ui/... ./assets/... ./scripts/... ./internal/... ./docs/...

gui-test: build
	@echo "== real window"; scripts/gui-test.sh ./$(BIN)

## test-windows: the Windows build and the pure packages' Windows tests under
## Wine, compared with Linux (docs/packaging.md, "What Wine verifies")
test-windows:
	@echo "== Windows under Wine"; scripts/test-windows.sh

## fuzz: run every fuzz target for FUZZTIME each (make fuzz FUZZTIME=10m)
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

bench:
	@scripts/bench.sh

screenshots: build
	scripts/screenshots.sh ./$(BIN)
	scripts/screenshots-renewal.sh ./$(BIN)

## package-linux: dist/pymetrics-sso-VERSION-linux-amd64.tar.xz (docs/packaging.md)
package-linux:
	@scripts/package-linux.sh

## package-windows: dist/pymetrics-sso-VERSION-windows-amd64.exe, signed when SIGN_* is set (docs/packaging.md)
package-windows:
	@scripts/package-windows.sh

clean:
	rm -f $(BIN) $(BIN).exe
	rm -rf dist
