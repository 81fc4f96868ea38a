#!/usr/bin/env bash
# Runs every fuzz target in the module for the given time each (default 1m).
# Minimisation is capped: without it the fuzzer spends minutes shrinking large
# inputs and looks stuck. Crashers land in the package's testdata/fuzz/ and become permanent seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-1m}
status=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "== $pkg $target ($fuzztime)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" -fuzzminimizetime=10s "$pkg" || status=1
  done
done
exit $status
