#!/usr/bin/env bash
# Real-window test: runs the assistant under a virtual X server and drives it
# the way an admin would, with the keyboard, the clipboard and a real file
# drop. Headless widget tests cannot show that the binary starts, draws, takes
# keys, owns the clipboard, accepts drops from other programs and saves the
# session when it is closed; this does.
#
#   scripts/gui-test.sh [BINARY]     default: builds the assistant into a temp dir
#
# Needs Xvfb, xdotool, xclip, gcc and the X11 headers (scripts/setup.sh test).
# Exits non-zero with a message naming the failed check.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

fail() { echo "gui-test: FAIL: $*" >&2; exit 1; }
step() { echo "gui-test: $*"; }

for tool in Xvfb xdotool xclip gcc; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/setup.sh test"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pymetrics-gui-test.XXXXXX")
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=scripts/xvfb-lib.sh
. "$repo/scripts/xvfb-lib.sh"
[ -n "${1:-}" ] || step "building the assistant"
resolve_binary "${1:-}"

gcc -O2 -o "$tmp/xdnd-drop" "$repo/scripts/xdnd-drop.c" -lX11 || fail "cannot build scripts/xdnd-drop.c (libx11-dev missing?)"

start_xvfb 91 140

# A fresh configuration folder: the session file is the test's evidence.
export XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$XDG_CONFIG_HOME"
session="$XDG_CONFIG_HOME/pymetrics-sso-assistant/session.json"

step "starting the assistant on $DISPLAY"
"$bin" >"$tmp/app.log" 2>&1 &
app_pid=$!
win=$(timeout 60 xdotool search --sync --name "pymetrics SSO Assistant" 2>/dev/null | head -n1) || true
[ -n "$win" ] || fail "no window titled \"pymetrics SSO Assistant\" within 60 s; log: $(cat "$tmp/app.log")"
# The window appears before its first frame is drawn; give it a moment.
sleep 1.5
kill -0 "$app_pid" 2>/dev/null || fail "the assistant exited right after start; log: $(cat "$tmp/app.log")"

# Without a window manager, keys go to the window under the pointer once it
# was clicked. Click an empty spot: the sidebar under the step list.
xdotool mousemove --window "$win" 140 680 click 1
sleep 0.3

# Go to Basic SAML configuration (Alt+3); the name field takes the focus.
customer="acme-corp"
xdotool key alt+3
sleep 0.5
xdotool type --delay 40 "$customer"
sleep 0.5

# Copy the Reply URL with its Copy button's shortcut and read the clipboard.
want="https://www.pymetrics.com/saml2-sp/$customer/$customer/?acs"
xdotool key ctrl+shift+r
got=""
for _ in $(seq 1 30); do
  got=$(xclip -o -selection clipboard 2>/dev/null || true)
  [ "$got" = "$want" ] && break
  sleep 0.1
done
[ "$got" = "$want" ] || fail "the clipboard holds \"$got\", want \"$want\""
step "copied Reply URL: $got"

# And the Identifier, to be sure the shortcut is per field.
want_id="https://www.pymetrics.com/saml2-sp/$customer/$customer/metadata/"
xdotool key ctrl+shift+i
for _ in $(seq 1 30); do
  got=$(xclip -o -selection clipboard 2>/dev/null || true)
  [ "$got" = "$want_id" ] && break
  sleep 0.1
done
[ "$got" = "$want_id" ] || fail "after Copy Identifier the clipboard holds \"$got\", want \"$want_id\""

# Drop a real signed metadata file on the window from an X drag source. The
# demo's sample file is signed and valid until 2046.
cp "$repo/assets/demo/FederationMetadata-demo.xml" "$tmp/FederationMetadata.xml"
"$tmp/xdnd-drop" "$win" 600 400 "$tmp/FederationMetadata.xml" || fail "the window did not take the dropped file"
for _ in $(seq 1 50); do
  grep -q '"name": "FederationMetadata.xml"' "$session" 2>/dev/null && grep -q '"kind": "entra-app-metadata"' "$session" && break
  sleep 0.1
done
grep -q '"name": "FederationMetadata.xml"' "$session" 2>/dev/null || fail "the dropped file did not reach the session"
grep -q '"ok": true' "$session" || fail "the dropped file was not checked as good"
step "dropped FederationMetadata.xml: checked and saved"

# Close the way a desktop does (SIGTERM); the process must exit cleanly.
kill -TERM "$app_pid"
rc=0
for _ in $(seq 1 100); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$app_pid" 2>/dev/null; then
  fail "the assistant did not exit within 10 s of SIGTERM"
fi
wait "$app_pid" || rc=$?
app_pid=""
[ "$rc" -eq 0 ] || fail "the assistant exited with status $rc; log: $(cat "$tmp/app.log")"

[ -f "$session" ] || fail "no session saved at $session"
grep -q "\"customer\": \"$customer\"" "$session" || fail "the saved session does not hold customer \"$customer\": $(head -c 400 "$session")"
grep -q '"current_step": "signing-certificate"' "$session" || fail "the saved session is not at the step the drop led to"
step "session saved with customer \"$customer\"; exited with status 0"
echo "gui-test: PASS"
