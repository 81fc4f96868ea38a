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

# shellcheck source=scripts/xvfb-lib.sh
. "$repo/scripts/xvfb-lib.sh"
need_tools Xvfb xdotool xclip xprop gcc
window_session gui-test

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

# Drop a real signed metadata file on the window from an X drag source: a
# public Entra download whose certificate is valid until 2028.
cp "$repo/samlcheck/testdata/real/entra-app-2025-esecdj.xml" "$tmp/FederationMetadata.xml"
"$tmp/xdnd-drop" "$win" 600 400 "$tmp/FederationMetadata.xml" || fail "the window did not take the dropped file"
for _ in $(seq 1 50); do
  grep -q '"name": "FederationMetadata.xml"' "$session" 2>/dev/null && grep -q '"kind": "entra-app-metadata"' "$session" && break
  sleep 0.1
done
grep -q '"name": "FederationMetadata.xml"' "$session" 2>/dev/null || fail "the dropped file did not reach the session"
grep -q '"ok": true' "$session" || fail "the dropped file was not checked as good"
step "dropped FederationMetadata.xml: checked and saved"

# The demo's sample file is recognised outside the demo and refused.
cp "$repo/assets/demo/FederationMetadata-demo.xml" "$tmp/demo-copy.xml"
"$tmp/xdnd-drop" "$win" 600 400 "$tmp/demo-copy.xml" || fail "the window did not take the dropped demo file"
for _ in $(seq 1 50); do
  grep -q '"code": "metadata.demo"' "$session" 2>/dev/null && break
  sleep 0.1
done
grep -q '"code": "metadata.demo"' "$session" || fail "the demo's sample file dropped outside the demo is not marked metadata.demo"
step "the demo's sample file outside the demo: refused as metadata.demo"

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

# ---------------------------------------------------------------------------
# The window as a newcomer meets it: keys never reach a step that is off
# screen, a failed paste-back takes back "done", dialogs are modal, Tab
# reaches the page before the step list, Enter opens a step row, and the
# window keeps its minimum size. Each run starts from its own folder.

# launch [SESSION_JSON]: starts the assistant with a fresh configuration
# folder (seeded with the session when given) and sets win and session.
launch() {
  export XDG_CONFIG_HOME
  XDG_CONFIG_HOME=$(mktemp -d "$tmp/config.XXXXXX")
  session="$XDG_CONFIG_HOME/pymetrics-sso-assistant/session.json"
  if [ -n "${1:-}" ]; then
    mkdir -p "$(dirname "$session")"
    printf '%s\n' "$1" >"$session"
  fi
  "$bin" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  win=""
  for _ in $(seq 1 600); do
    win=$(xdotool search --pid "$app_pid" --name "pymetrics SSO Assistant" 2>/dev/null | head -n1) || true
    [ -n "$win" ] && break
    sleep 0.1
  done
  [ -n "$win" ] || fail "no window within 60 s; log: $(cat "$tmp/app.log")"
  sleep 1.5
  xdotool mousemove --window "$win" 140 680 click 1
  sleep 0.3
}

# finish: closes the window as a desktop does and waits for a clean exit.
finish() {
  kill -TERM "$app_pid"
  local rc=0
  for _ in $(seq 1 100); do
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$app_pid" 2>/dev/null && fail "the assistant did not exit within 10 s of SIGTERM"
  wait "$app_pid" || rc=$?
  app_pid=""
  [ "$rc" -eq 0 ] || fail "the assistant exited with status $rc; log: $(cat "$tmp/app.log")"
}

# saved PATTERN: waits up to 5 s for the session file to match (extended
# regular expression), or fails with what it holds.
saved() {
  for _ in $(seq 1 50); do
    grep -Eq "$1" "$session" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "${2:-the session does not match $1}: $(tr -d '\n' <"$session" 2>/dev/null | head -c 600)"
}

# not_saved PATTERN MESSAGE: after a moment, the session must not match.
not_saved() {
  sleep 1
  if grep -Eq "$1" "$session" 2>/dev/null; then
    fail "$2: $(tr -d '\n' <"$session" | head -c 600)"
  fi
}

step "newcomer: Tab reaches the page first, Enter opens a step row, dialogs are modal, the minimum size holds"
launch
# Tab from nothing focused lands on the page (step 1's link, its
# "Renew the signing certificate…" button, then its first tick), not on the
# step list; Space ticks it.
xdotool key Tab
sleep 0.2
xdotool key Tab
sleep 0.2
xdotool key Tab
sleep 0.3
xdotool key space
saved '"prerequisites.role": true' "Tab then Space did not tick step 1's first item: Tab went to the step list first"
# Shift+Tab back past the page's first control goes round to the end of
# the order, the step list's last row; Enter on it opens step 8.
xdotool key shift+Tab
sleep 0.2
xdotool key shift+Tab
sleep 0.2
xdotool key shift+Tab
sleep 0.3
xdotool key Return
saved '"current_step": "test-sso"' "Enter on the step list's last row did not open step 8"
# Keyboard shortcuts is modal: Alt+3 and Enter do not act behind it, Esc
# closes it, and then Alt+3 works again.
xdotool key ctrl+slash
sleep 0.8
xdotool key alt+3
sleep 0.5
not_saved '"current_step": "basic-saml"' "Alt+3 changed the step behind the Keyboard shortcuts dialog"
xdotool key Escape
sleep 0.5
xdotool key alt+3
saved '"current_step": "basic-saml"' "after Esc, Alt+3 does not reach the window: Esc did not close the dialog"
# The window tells the window system its minimum, 800x600, the same on
# every step, and at that size it does not widen itself (it did, for a
# check box's long text, and clipped at 640x480).
for n in 1 3 4 6 8; do
  xdotool key "alt+$n"
  sleep 0.5
  hints=$(xprop -id "$win" WM_NORMAL_HINTS)
  echo "$hints" | grep -q 'program specified minimum size: 800 by 600' || fail "on step $n the window's minimum size is not 800x600: $hints"
done
xdotool windowsize "$win" 800 600
sleep 1.5
geom=$(xdotool getwindowgeometry "$win" | sed -n 's/.*Geometry: //p')
[ "$geom" = "800x600" ] || fail "asked for 800x600, the window made itself $geom"
xdotool windowsize "$win" 1024 700
sleep 1
step "minimum size 800x600 declared on every step, and kept"
finish

step "newcomer: keys typed after Enter do not reach the customer name on the hidden step"
launch '{"schema": 1, "ticks": {"basic-saml.entered": true}, "current_step": "prerequisites"}'
xdotool key alt+3
sleep 0.5
xdotool type --delay 40 "acme-corp"
sleep 0.3
xdotool key Return
saved '"current_step": "attributes"' "Enter with an accepted name and the entered tick did not open step 4"
# What the admin types next, and a Space meant for a check box, must not
# land in the name field that is now out of sight.
xdotool type --delay 40 "z"
xdotool key space
sleep 1
saved '"customer": "acme-corp"' "the customer name was changed from the hidden step"
not_saved '"customer": "acme-corp[^"]' "keys typed on step 4 changed the customer name on step 3"
step "the name stayed \"acme-corp\""

# A paste-back that differs takes back "I entered … and selected Save".
wrong="Identifier (Entity ID): https://www.pymetrics.com/saml2-sp/acme-crop/acme-crop/metadata/
Reply URL: https://www.pymetrics.com/saml2-sp/acme-crop/acme-crop/?acs
Sign on URL: https://www.pymetrics.com/saml2-sp/acme-crop/acme-crop/?sso"
printf '%s' "$wrong" | xclip -selection clipboard -i -loops 1 &
sleep 0.3
xdotool key ctrl+shift+v
saved '"paste_back": "Identifier' "Ctrl+Shift+V did not paste the clipboard into the paste-back check"
not_saved '"basic-saml.entered": true' "step 3 stays ticked after a paste-back that differs in 3 of 3 values"
step "a paste-back that differs took back step 3's tick"
finish
echo "gui-test: PASS"
