#!/usr/bin/env bash
# Performance of the assistant, measured against xmlsec1 in the same run
# (`make bench`). Prints Markdown tables:
#
#   1. whole-process `pymetrics-sso check` against root-anchored
#      `xmlsec1 --verify` (given the signer's certificate) on Entra app and
#      tenant metadata, AD FS metadata and signed aggregates of 2.4, 5 and
#      20 MB: median wall time, CPU time and peak memory, and the ratios
#      (the one target: Entra-sized files at most 0.5× xmlsec1's time);
#   2. GUI start-up under Xvfb (depth 24, a fresh XDG_CONFIG_HOME per run):
#      process start to window mapped, against a minimal Fyne window built
#      the same way;
#   3. the engine in process, the onboarding bundle, and drop-to-verdict in
#      the window (headless), from the Go benchmarks.
#
# Runs alternate (A B, B A, …) after a warm-up run each; medians are
# reported. The machine, its load before and after, and the tool versions
# head the output: on a shared machine, read the ratios, not the absolutes.
#
#   scripts/bench.sh
#
# Environment: BENCH_RUNS (small files, default 21), BENCH_BIG_RUNS
# (aggregates, default 7), BENCH_GUI_RUNS (default 11), BENCH_GO_TIME
# (go test -benchtime for the small-file benchmarks, default 2s).
# Needs go, xmlsec1; for the GUI table Xvfb, gcc and the X11 headers (it is
# skipped, saying so, without them).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

runs=${BENCH_RUNS:-21}
big_runs=${BENCH_BIG_RUNS:-7}
gui_runs=${BENCH_GUI_RUNS:-11}
go_time=${BENCH_GO_TIME:-2s}

die() { echo "bench: $*" >&2; exit 1; }
for tool in go xmlsec1; do
  command -v "$tool" >/dev/null || die "$tool is missing (xmlsec1: Debian package xmlsec1)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pymetrics-bench.XXXXXX")
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "# pymetrics SSO Assistant benchmarks"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //' || uname -m), $(nproc) cores visible"
echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo unknown)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "- $(go version | cut -d' ' -f3-4); xmlsec1 $(xmlsec1 --version | head -1)"
echo

echo "building…" >&2
go build -o "$tmp/pymetrics-sso" . || die "the assistant does not build"
go build -o "$tmp/benchtool" ./scripts/benchdata/benchtool || die "benchtool does not build"
bt=$tmp/benchtool

echo "making the 5 and 20 MB signed aggregates…" >&2
"$bt" gen -size 5000000 -out "$tmp/aggregate-5MB.xml"
"$bt" gen -size 20000000 -out "$tmp/aggregate-20MB.xml"
real=samlcheck/testdata/real
for f in entra-app-2025-esecdj entra-tenant-2025-diegonorman adfs-dtu-2025 aggregate-switchaai-test-2014-pysaml2; do
  cp "$real/$f.xml" "$tmp/$f.xml"
done
for f in "$tmp"/*.xml; do
  "$bt" cert "$f" >"$f.pem" || die "no signer certificate in $f"
done

# row NAME RUNS ROOT TIME_TARGET MEM_TARGET CHECK_COMMAND… — one table row:
# the command given against root-anchored xmlsec1 on the same file (the
# last argument), both required to report a valid signature.
row() {
  local name=$1 n=$2 root=$3 tt=$4 mt=$5
  shift 5
  local file=${*: -1}
  "$bt" compare -runs "$n" -name "$name" -time-target "$tt" -mem-target "$mt" \
    -expect-a '(?m)^Signature: +valid' -expect-b '(?m)^OK$' -- "$@" ::: \
    xmlsec1 --verify --id-attr:ID "urn:oasis:names:tc:SAML:2.0:metadata:$root" \
    --node-xpath '/*/*[local-name()="Signature"]' --pubkey-cert-pem "$file.pem" "$file"
}

echo "## Whole process: pymetrics-sso check against xmlsec1 --verify"
echo
echo "Median of $runs alternating runs ($big_runs for aggregates). Target: Entra-sized files at most 0.5× xmlsec1's time. Aggregates have no speed target (they are refused as the wrong file); their rows say what they cost. The 20 MB aggregate is past the product's 10 MiB cap, so there the same engine call runs as its own process with the cap raised (benchtool check)."
echo
"$bt" header compare
row "Entra app metadata, 14 KB" "$runs" EntityDescriptor 0.5 0 "$tmp/pymetrics-sso" check "$tmp/entra-app-2025-esecdj.xml"
row "Entra tenant metadata, 28 KB" "$runs" EntityDescriptor 0.5 0 "$tmp/pymetrics-sso" check "$tmp/entra-tenant-2025-diegonorman.xml"
row "AD FS metadata, 72 KB" "$runs" EntityDescriptor 0 0 "$tmp/pymetrics-sso" check "$tmp/adfs-dtu-2025.xml"
row "real aggregate, 2.4 MB" "$big_runs" EntitiesDescriptor 0 0 "$tmp/pymetrics-sso" check "$tmp/aggregate-switchaai-test-2014-pysaml2.xml"
row "generated aggregate, 5 MB" "$big_runs" EntitiesDescriptor 0 0 "$tmp/pymetrics-sso" check "$tmp/aggregate-5MB.xml"
row "generated aggregate, 20 MB (cap raised)" "$big_runs" EntitiesDescriptor 0 0 "$bt" check -max-size 33554432 "$tmp/aggregate-20MB.xml"
echo

echo "## Where the command line's time goes: the toolkit's start"
echo
echo "The same xmlsec1 run on the 14 KB Entra file against \`pymetrics-sso check\` and two commands that check nothing: \`pymetrics-sso version\`, and scripts/benchdata/toolkit, a program that links the Fyne packages the window uses, prints one line and exits. Go runs every linked package's initialisers before main, so no command of a binary that can also open the window starts faster than the toolkit row; when that row alone is above 0.5×, the 0.5× target for \`check\` cannot be met by one binary on this machine."
echo
go build -o "$tmp/toolkit" ./scripts/benchdata/toolkit || die "the toolkit program does not build"
entra=$tmp/entra-app-2025-esecdj.xml
# floor NAME CMD… — one row: CMD against xmlsec1 on the Entra file.
floor() {
  local name=$1
  shift
  "$bt" compare -runs "$runs" -name "$name" -expect-a '(?m)^(OK: the toolkit|pymetrics-sso [0-9]|Signature: +valid)' -expect-b '(?m)^OK$' -- "$@" ::: \
    xmlsec1 --verify --id-attr:ID urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor \
    --node-xpath '/*/*[local-name()="Signature"]' --pubkey-cert-pem "$entra.pem" "$entra"
}
"$bt" header compare
floor "toolkit only (links Fyne, checks nothing)" "$tmp/toolkit"
floor "pymetrics-sso version (checks nothing)" "$tmp/pymetrics-sso" version
floor "pymetrics-sso check, 14 KB Entra file" "$tmp/pymetrics-sso" check "$entra"
echo

echo "## Sign-in check: pymetrics-sso check-signin"
echo
echo "A sign-in signed with the metadata's key (benchtool signin): check-signin verifies the metadata and the response's assertion signature and judges it; xmlsec1 verifies the assertion signature alone. Target: at most 0.5× xmlsec1's time. The 30 MB HAR (a whole session, read streaming) should take under 5 s with a peak under 160 MB."
echo
mkdir -p "$tmp/signin"
"$bt" signin -dir "$tmp/signin" -har-size 31457280
"$bt" header compare
"$bt" compare -runs "$runs" -name "check-signin, response 4 KB + metadata 9 KB" -time-target 0.5 \
  -expect-a '(?m)^OK:' -expect-b '(?m)^OK$' -- \
  "$tmp/pymetrics-sso" check-signin --customer acme --metadata "$tmp/signin/metadata.xml" "$tmp/signin/response.xml" ::: \
  xmlsec1 --verify --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
  --node-xpath '/*/*[local-name()="Assertion"]/*[local-name()="Signature"]' --pubkey-cert-pem "$tmp/signin/response.xml.pem" "$tmp/signin/response.xml"
"$bt" compare -runs "$runs" -name "toolkit only (links Fyne, checks nothing): the floor" \
  -expect-a '^OK: the toolkit' -expect-b '(?m)^OK$' -- "$tmp/toolkit" ::: \
  xmlsec1 --verify --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
  --node-xpath '/*/*[local-name()="Assertion"]/*[local-name()="Signature"]' --pubkey-cert-pem "$tmp/signin/response.xml.pem" "$tmp/signin/response.xml"
echo
for i in 1 2 3; do
  /usr/bin/time -f "| check-signin, 30 MB HAR (run $i) | %e s | %U+%S s CPU | %M KB peak |" \
    "$tmp/pymetrics-sso" check-signin --customer acme --metadata "$tmp/signin/metadata.xml" "$tmp/signin/session.har" >/dev/null
done 2>&1
echo

echo "## GUI start-up: process start to window mapped"
echo
if command -v Xvfb >/dev/null && command -v gcc >/dev/null &&
  gcc -O2 -o "$tmp/mapwait" scripts/benchdata/mapwait.c -lX11 2>/dev/null; then
  go build -o "$tmp/minimal" ./scripts/benchdata/minimal || die "the minimal window does not build"
  display=""
  for n in $(seq 151 199); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
  done
  [ -n "$display" ] || die "no free X display number"
  # Depth 24: Fyne's software GL hangs at depth 8.
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  # mapwait exits 1 (timeout) once the display answers, 2 before.
  up=""
  for _ in $(seq 1 100); do
    rc=0
    "$tmp/mapwait" "bench: no such window" 1 >/dev/null 2>&1 || rc=$?
    if [ "$rc" = 1 ]; then up=yes; break; fi
    sleep 0.1
  done
  [ -n "$up" ] || die "Xvfb did not start: $(cat "$tmp/xvfb.log")"
  echo "Median of $gui_runs alternating runs under Xvfb (depth 24), each with a fresh XDG_CONFIG_HOME; the window counts once the X server maps it with its title (scripts/benchdata/mapwait.c listens for the event; xdotool search --sync polls only every 0.5 s). The minimal window (scripts/benchdata/minimal) is one label in a window of the assistant's size, built with the same Fyne. Target: at most 1.2× the minimal window."
  echo
  "$bt" header gui
  "$bt" gui -runs "$gui_runs" -mapwait "$tmp/mapwait" -target 1.2 \
    -title-a "pymetrics SSO Assistant" -name-a "pymetrics-sso (wizard)" \
    -title-b "Fyne minimal window" -name-b "minimal Fyne window" \
    -- "$tmp/pymetrics-sso" ::: "$tmp/minimal"
else
  echo "Skipped: needs Xvfb, gcc and the X11 headers (scripts/setup.sh test)."
fi
echo

echo "## In process: the engine, the bundle, drop-to-verdict"
echo
echo "Go benchmarks (go test -bench). CPU ms/op is the process's CPU time per operation, garbage collector included: on a shared machine it moves less with others' load than wall time."
echo
echo "### samlcheck.Check"
echo
go test -run '^$' -bench 'BenchmarkCheck$/(generated|entra|adfs)' -benchtime "$go_time" ./samlcheck/ | "$bt" gobench
go test -run '^$' -bench 'BenchmarkCheck$/aggregate' -benchtime 3x ./samlcheck/ | "$bt" gobench | tail -n +3
echo
echo "### Growth with size (generated aggregates, cap raised)"
echo
go test -run '^$' -bench 'BenchmarkCheckAggregateGrowth' -benchtime 5x ./samlcheck/ | "$bt" gobench
echo
echo "### Onboarding bundle"
echo
go test -run '^$' -bench . -benchtime "$go_time" ./wizard/bundle/ | "$bt" gobench
echo
echo "### Drop to verdict in the window (headless), and the UI goroutine during a 20 MB check"
echo
echo "The window on Fyne's test driver, the benchmark goroutine playing the UI goroutine. ui-max-ms: the longest single stretch of work on the UI goroutine during a drop. gap-max-ms, gap-p99-ms: the longest and 99th-percentile wait between 1 ms beats of the UI goroutine while a 20 MB aggregate is verified in the background (cap raised), against an idle background job."
echo
go test -run '^$' -bench 'BenchmarkDropToVerdict|BenchmarkUIWhileChecking20MB' -benchtime 3x ./ui/ 2>/dev/null | "$bt" gobench
echo
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
