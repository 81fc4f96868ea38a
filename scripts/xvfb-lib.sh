#!/usr/bin/env bash
# Shared by the scripts that run the assistant in a real window
# (gui-test.sh, screenshots.sh, screenshots-renewal.sh, test-windows.sh):
# source it after defining fail().
#
#   need_tools TOOL…          fails unless every TOOL is on PATH
#   window_session NAME       makes the temporary folder $tmp and, on exit,
#                             stops $app_pid and $xvfb_pid, runs the caller's
#                             cleanup_extra when it defines one (before Xvfb
#                             goes), and removes $tmp
#   resolve_binary [BINARY]   sets bin: BINARY made absolute, or the assistant
#                             built into $tmp when none is given
#   start_xvfb FIRST LAST     starts Xvfb on a free display between :FIRST and
#                             :LAST (or on :$XVFB_DISPLAY), exports DISPLAY,
#                             sets xvfb_pid and waits until it answers (the
#                             caller kills xvfb_pid)

need_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/setup.sh test"
  done
}

window_session() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/pymetrics-$1.XXXXXX")
  xvfb_pid=""
  app_pid=""
  trap window_session_end EXIT
}

window_session_end() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  if declare -F cleanup_extra >/dev/null; then cleanup_extra || true; fi
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}

resolve_binary() {
  bin=${1:-}
  if [ -z "$bin" ]; then
    go build -o "$tmp/pymetrics-sso" . || fail "the assistant does not build"
    bin="$tmp/pymetrics-sso"
  fi
  [ -x "$bin" ] || fail "$bin is not an executable"
  bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
}

start_xvfb() {
  local n display=""
  # XVFB_DISPLAY=N pins the display number (for machines where each user
  # has their own); by default the first free one in the range is used.
  for n in ${XVFB_DISPLAY:-$(seq "$1" "$2")}; do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
  done
  [ -n "$display" ] || fail "no free X display number"
  # Depth 24: Fyne's software GL hangs at depth 8.
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  for _ in $(seq 1 50); do
    xdotool getmouselocation >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
}
