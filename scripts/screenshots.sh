#!/usr/bin/env bash
# Screenshots of every step for the README and docs: runs the assistant's
# demo (sample customer, sample signed metadata; nothing is saved) under a
# virtual X server at 1024x700, the smallest size the layout is made for,
# and writes docs/screenshots/*.png.
#
#   scripts/screenshots.sh [BINARY]     default: builds the assistant into a temp dir
#
# FYNE_THEME picks the theme (light by default here; the app itself follows
# the system). Needs Xvfb, xdotool and ImageMagick (scripts/setup.sh test).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "screenshots: FAIL: $*" >&2; exit 1; }
# shellcheck source=scripts/xvfb-lib.sh
. scripts/xvfb-lib.sh
need_tools Xvfb xdotool xclip import convert gcc
window_session screenshots

resolve_binary "${1:-}"
start_xvfb 141 190

out=docs/screenshots
mkdir -p "$out"
export XDG_CONFIG_HOME="$tmp/config"
# A home of its own: the save dialog starts in its Downloads, and the
# demo bundle saved for the screenshots lands there, not in the user's.
export HOME="$tmp/home"
mkdir -p "$HOME/Downloads"
export FYNE_THEME=${FYNE_THEME:-light}
"$bin" --demo >"$tmp/app.log" 2>&1 &
app_pid=$!
win=$(timeout 60 xdotool search --sync --name "pymetrics SSO Assistant" 2>/dev/null | head -n1) || true
[ -n "$win" ] || fail "no window within 60 s; log: $(cat "$tmp/app.log")"
# The window sets its own size while it comes up; resize until it stays.
for _ in $(seq 1 20); do
  sleep 0.5
  xdotool windowsize "$win" 1024 700
  sleep 0.5
  xdotool getwindowgeometry "$win" | grep -q 'Geometry: 1024x700' && break
done
xdotool getwindowgeometry "$win" | grep -q 'Geometry: 1024x700' || fail "the window did not take the size 1024x700"
sleep 1
xdotool mousemove --window "$win" 140 650 click 1
sleep 0.3

shot() { # shot FILE: capture the window
  sleep 1
  import -window "$win" "$tmp/shot.png"
  convert "$tmp/shot.png" -strip "$out/$1"
  echo "screenshots: $out/$1"
}
scroll() { # scroll N: turn the wheel N notches down over the step
  xdotool mousemove --window "$win" 650 400
  for _ in $(seq 1 "$1"); do xdotool click 5; sleep 0.05; done
}

names=(prerequisites add-from-gallery basic-saml attributes signing-certificate test-user send-to-support test-sso)
for i in "${!names[@]}"; do
  n=$((i + 1))
  xdotool key "alt+$n"
  shot "$(printf '%02d' "$n")-${names[$i]}.png"
  case ${names[$i]} in
  basic-saml) scroll 24; shot "03b-basic-saml-check.png" ;;
  signing-certificate) scroll 14; shot "05b-signing-certificate-details.png"; scroll 24; shot "05c-signing-certificate-findings.png" ;;
  test-sso) scroll 38; shot "08b-test-sso-errors.png" ;;
  esac
  xdotool mousemove --window "$win" 140 650
done

# Every dialog, each closed again with Esc. Under the virtual X server no
# browser, file manager or mail program is installed, so opening one fails
# and shows the dialog that offers what to copy instead.
xdotool key ctrl+slash
shot "dialog-keyboard-shortcuts.png"
xdotool key Escape
xdotool key ctrl+o
shot "dialog-open-file.png"
xdotool key Escape
xdotool mousemove --window "$win" 27 14 click 1
sleep 0.5
xdotool mousemove --window "$win" 52 128 click 1
shot "dialog-start-over.png"
xdotool key Escape
xdotool key alt+1
sleep 0.5
xdotool key Tab
sleep 0.2
xdotool key space
shot "dialog-browser-did-not-open.png"
xdotool key Escape
xdotool key ctrl+s
shot "dialog-save-bundle.png"
xdotool key Return
sleep 1
xdotool key ctrl+e # File > Open e-mail draft
shot "dialog-mail-did-not-open.png"
xdotool key Escape

# A paste-back from Entra that differs: step 3 is ticked off again.
printf '%s\n' "Identifier (Entity ID): https://www.pymetrics.com/saml2-sp/contosso/contosso/metadata/" \
  "Reply URL: https://www.pymetrics.com/saml2-sp/contosso/contosso/?acs" \
  "Sign on URL: https://www.pymetrics.com/saml2-sp/contosso/contosso/?sso" | xclip -selection clipboard -i -loops 1 &
sleep 0.3
xdotool key ctrl+shift+v
sleep 0.5
scroll 30
shot "03c-basic-saml-differences.png"
xdotool mousemove --window "$win" 140 650

# What a problem looks like: the sample file with one byte of its signed
# content changed, dropped from a real X drag source.
gcc -O2 -o "$tmp/xdnd-drop" scripts/xdnd-drop.c -lX11
sed 's#login.microsoftonline.com/dec0de00#login.microsoftonline.com/dec0de01#' assets/demo/FederationMetadata-demo.xml >"$tmp/FederationMetadata.xml"
"$tmp/xdnd-drop" "$win" 650 400 "$tmp/FederationMetadata.xml" || fail "the window did not take the dropped file"
shot "05d-signing-certificate-problem.png"

kill -TERM "$app_pid"
wait "$app_pid" || fail "the assistant exited with status $?"
app_pid=""
