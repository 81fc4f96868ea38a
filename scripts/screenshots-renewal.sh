#!/usr/bin/env bash
# Screenshots of the certificate renewal journey for the README: for each
# step, a saved session in the middle of a renewal (scripts/renewal-demo,
# keys made on the spot) opened in the assistant under a virtual X server
# at 1024x700; writes docs/screenshots/09-renew-*.png.
#
#   scripts/screenshots-renewal.sh [BINARY]   default: builds the assistant into a temp dir
#
# XVFB_FIRST and XVFB_LAST bound the X display numbers tried.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "screenshots-renewal: FAIL: $*" >&2; exit 1; }
# shellcheck source=scripts/xvfb-lib.sh
. scripts/xvfb-lib.sh
need_tools Xvfb xdotool import convert
window_session renewal-shots

resolve_binary "${1:-}"
go build -o "$tmp/renewal-demo" ./scripts/renewal-demo || fail "renewal-demo does not build"
start_xvfb "${XVFB_FIRST:-141}" "${XVFB_LAST:-190}"

out=docs/screenshots
mkdir -p "$out"
export FYNE_THEME=${FYNE_THEME:-light}

shoot() { # shoot STEP FILE [SCROLL]: the window resumed at STEP
  export XDG_CONFIG_HOME="$tmp/config-$1"
  rm -rf "$tmp/config-$1" "$tmp/Downloads"
  "$tmp/renewal-demo" -files "$tmp/Downloads" -step "$1" || fail "renewal-demo -step $1"
  "$bin" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  local win
  win=$(timeout 60 xdotool search --sync --name "pymetrics SSO Assistant" 2>/dev/null | head -n1) || true
  [ -n "$win" ] || fail "no window within 60 s; log: $(cat "$tmp/app.log")"
  for _ in $(seq 1 20); do
    sleep 0.5
    xdotool windowsize "$win" 1024 700
    sleep 0.5
    xdotool getwindowgeometry "$win" | grep -q 'Geometry: 1024x700' && break
  done
  sleep 2
  if [ -n "${3:-}" ]; then
    xdotool mousemove --window "$win" 1010 300 # the scroll bar's lane: no field takes the wheel there
    for _ in $(seq 1 "$3"); do xdotool click 5; sleep 0.05; done
    sleep 1
  fi
  import -window "$win" "$tmp/shot.png"
  convert "$tmp/shot.png" -strip "$out/$2"
  echo "screenshots-renewal: $out/$2"
  kill -TERM "$app_pid"
  wait "$app_pid" || fail "the assistant exited with status $?"
  app_pid=""
}

shoot offer 09-renew-0-offer.png
shoot renew-create 09-renew-1-create.png
shoot renew-compare 09-renew-2-compare.png 6
shoot renew-compare 09-renew-2b-compare-result.png 30
shoot renew-send 09-renew-3-send.png 10
shoot renew-activate 09-renew-4-activate.png 10
