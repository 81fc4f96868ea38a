#!/usr/bin/env bash
# Windows test under Wine (make test-windows): runs the Windows build of the
# assistant and of its pure packages' tests under Wine 8 on Linux, and
# compares its behaviour with the Linux build. See docs/packaging.md,
# "What Wine verifies".
#
#   1. a fresh Wine prefix in a temporary folder, Xvfb started before the
#      first Wine process (Wine's display driver binds to the first display
#      it sees), the bcryptprimitives.dll stand-in in its system32;
#   2. the tests of ./internal/durable, ./internal/mailhandler,
#      ./samlcheck/... and ./wizard/...,
#      compiled with GOOS=windows (one `go test -c` per package) and run
#      under Wine; scripts/winetest counts the results and excuses only
#      Wine 8's os.RemoveAll gap (documented there);
#   3. the real program cross-built by scripts/package-windows.sh, exactly
#      as `make package-windows` builds it;
#   4. the command-line cases of scripts/winetest/cli-cases.txt with the
#      Linux build and under Wine: same standard output, standard error and
#      exit code, and byte-identical files written;
#   5. the window under Wine: type a customer name, drop a metadata file
#      named "Société Générale metadata.xml" on it (XDND), copy the Reply URL
#      and read the X clipboard, save the onboarding bundle, press "Open
#      e-mail draft" with no mail program registered and copy the e-mail
#      text it offers instead, check the session
#      saved under %AppData% with no failure banner, take a screenshot,
#      close with Alt+F4. Anything the program writes to standard error
#      under Wine fails the test.
#
# WINETEST_SCREENSHOTS=DIR keeps the screenshots (wine-*.png) in DIR.
# XVFB_FIRST/XVFB_LAST choose the range of X display numbers tried.
# Needs: wine, wine64, gcc-mingw-w64-x86-64, xvfb, xdotool, xclip,
# imagemagick (scripts/setup.sh test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

fail() { echo "test-windows: FAIL: $*" >&2; exit 1; }
step() { echo "test-windows: $*"; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.0f s", b - a }'; }
start_all=$(now)

# shellcheck source=scripts/xvfb-lib.sh
. "$repo/scripts/xvfb-lib.sh"
cleanup_extra() {
  # Only this prefix's wineserver: other Wine users on the machine are left alone.
  [ -d "${WINEPREFIX:-}" ] && wineserver -k 2>/dev/null || true
}
need_tools wine x86_64-w64-mingw32-gcc Xvfb xdotool xclip gcc import unzip go
window_session test-windows

# --- 1. the prefix -----------------------------------------------------------
start_xvfb "${XVFB_FIRST:-141}" "${XVFB_LAST:-190}"
# Wine turns the command line into UTF-16 with the locale's encoding: under
# C or POSIX, "Société" would reach the program as "SociC)t".
export LC_ALL=C.UTF-8
export WINEPREFIX=$tmp/prefix
export WINEARCH=win64
# Wine's own diagnostics off: what reaches standard error is the program's.
export WINEDEBUG=-all
# No Mono or Gecko: their install prompts would wait for a click.
export WINEDLLOVERRIDES="mscoree=;mshtml="
t=$(now)
wineboot -i >"$tmp/wineboot.log" 2>&1 || fail "wineboot failed: $(tail -5 "$tmp/wineboot.log")"
# Go 1.22+ imports ProcessPrng from bcryptprimitives.dll, which Wine 8 lacks.
# The stand-in must be in system32: next to the executable is not enough.
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/winetest/dll/bcryptprimitives.c -ladvapi32 -Wl,--kill-at || fail "cannot build the bcryptprimitives.dll stand-in"
# A new prefix sends mailto: to winebrowser; like a Windows machine with web
# mail only, this one has no mail program.
wine reg delete 'HKCR\mailto' /f >/dev/null 2>&1 || fail "cannot remove the mailto: association from the prefix"
appdata=$(ls -d "$WINEPREFIX"/drive_c/users/*/AppData/Roaming 2>/dev/null | head -n1)
[ -d "$appdata" ] || fail "the new prefix has no AppData\\Roaming folder"
step "Wine prefix ready on $DISPLAY in $(took "$t") ($(wine --version 2>/dev/null))"

# winpath PATH prints PATH as Windows programs under Wine see it (Z:\...).
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# --- 2. the pure packages' tests ----------------------------------------------
t=$(now)
go build -o "$tmp/winetest" ./scripts/winetest
mkdir -p "$tmp/tests"
: >"$tmp/tests.json"
for pkg in $(go list ./internal/durable ./internal/mailhandler ./samlcheck/... ./wizard/...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  exe=$tmp/tests/$(basename "$dir")-$RANDOM.test.exe
  GOOS=windows GOARCH=amd64 go test -c -o "$exe" "$pkg" || fail "$pkg: the tests do not compile for Windows"
  [ -f "$exe" ] || continue # a package without tests
  # The tests read their testdata relative to the package folder. CI is
  # unset for them: under CI the tests insist on xmlsec1 and xmllint as
  # oracles, which the Wine prefix has not got; the Linux run of the same
  # tests makes those comparisons, so here they skip with their reason.
  (cd "$dir" && env -u CI wine "$exe" -test.v=test2json -test.count=1 -test.timeout=15m 2>&1) |
    go tool test2json -p "${pkg#github.com/pymetrics/sso-assistant/}" >>"$tmp/tests.json" || true
done
"$tmp/winetest" <"$tmp/tests.json" || fail "tests failed under Wine (above)"
step "pure packages' tests under Wine: done in $(took "$t")"

# --- 3. the program, cross-built as make package-windows does it --------------
t=$(now)
DIST=$tmp/dist scripts/package-windows.sh >"$tmp/package.log" 2>&1 ||
  fail "the cross-build failed: $(tail -20 "$tmp/package.log")"
winexe=$(ls "$tmp"/dist/pymetrics-sso-*-windows-amd64.exe | grep -v unsigned | head -n1)
[ -f "$winexe" ] || fail "package-windows made no executable"
go build -o "$tmp/pymetrics-sso" . || fail "the Linux build failed"
linexe=$tmp/pymetrics-sso
step "built $(basename "$winexe") and the Linux binary in $(took "$t")"

# --- 4. the command line: Linux and Wine side by side -------------------------
t=$(now)
# A real Entra download (valid 2025-2028): the demo's sample file is refused
# outside the demo (metadata.demo), so it cannot make the bundle here.
good=$repo/samlcheck/testdata/real/entra-app-2025-esecdj.xml
# A sign-in for check-signin, made once so that both systems judge the same
# bytes: metadata of customer "acme" signed with a fresh key and a response
# signed with it, at a fixed time (the cases give the same one with --at).
mkdir -p "$tmp/signin"
go run ./scripts/benchdata/benchtool signin -dir "$tmp/signin" -har-size 1 -now 2026-03-14T09:00:00Z 2>&1 ||
  fail "cannot generate the sign-in capture"
# A renewal for rollover and verify-bundle --previous, made once the same
# way: an onboarding bundle of customer "acme" and new metadata that lists a
# second certificate, signed by the bundle's certificate (keys made on the
# spot, dated from the same fixed time).
go run ./scripts/renewal-demo -dir "$tmp/renewal-session" -files "$tmp/renewal" -now 2026-03-14T09:00:00Z >/dev/null ||
  fail "cannot generate the renewal files"
for os in linux wine; do
  w=$tmp/work-$os
  mkdir -p "$w"
  cp "$good" "$w/FederationMetadata.xml"
  cp "$good" "$w/Société Générale metadata.xml"
  # One byte of the signed content changed: the tenant's display name.
  sed 's/login\.microsoftonline\.com/login.microsoftonline.corn/' "$good" >"$w/tampered.xml"
  cmp -s "$good" "$w/tampered.xml" && fail "could not make the tampered file"
  printf 'Not metadata, just text.\n' >"$w/not-metadata.txt"
  printf '%s\r\n' "https://www.pymetrics.com/saml2-sp/acme-corp/acme-corp/metadata/" \
    "https://www.pymetrics.com/saml2-sp/acme-corp/acme-corp/?acs" \
    "https://www.pymetrics.com/saml2-sp/acme-corp/acme-corp/login/" >"$w/compare-crlf.txt"
  sed 's/?acs/?acs-wrong/' "$w/compare-crlf.txt" >"$w/compare-wrong.txt"
  cp "$tmp/signin/metadata.xml" "$w/signin-metadata.xml"
  cp "$tmp/signin/session.har" "$w/signin.har"
  cp "$tmp/signin/response.xml" "$w/signin-response.xml"
  # The signed e-mail address changed: the assertion's signature breaks.
  sed 's/ada\.lovelace@contoso/eve@contoso/g' "$tmp/signin/response.xml" >"$w/signin-tampered.xml"
  cmp -s "$tmp/signin/response.xml" "$w/signin-tampered.xml" && fail "could not make the tampered capture"
  cp samlcheck/capture/testdata/error-page-50011.txt "$w/error-page-50011.txt"
  cp "$tmp"/renewal/pymetrics-sso-acme-*.zip "$w/renew-previous.zip"
  cp "$tmp/renewal/FederationMetadata.xml" "$w/renew-metadata.xml"
done

n=0
while IFS= read -r line; do
  case $line in '' | '#'*) continue ;; esac
  IFS='|' read -r name input args wineargs <<<"$line"
  name=$(sed 's/[[:space:]]*$//' <<<"$name")
  input=$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<<"$input")
  [ -n "$wineargs" ] || wineargs=$args
  n=$((n + 1))
  for os in linux wine; do
    w=$tmp/work-$os
    a=$args
    [ "$os" = wine ] && a=${wineargs//%WINWORK%/$(winpath "$w")}
    eval "set -- $a"
    stdin=/dev/null
    [ "$input" = - ] || stdin=$w/$input
    rc=0
    if [ "$os" = linux ]; then
      (cd "$w" && "$linexe" "$@" <"$stdin" >"$tmp/out-$os" 2>"$tmp/err-$os") || rc=$?
    else
      (cd "$w" && wine "$winexe" "$@" <"$stdin" >"$tmp/out-$os" 2>"$tmp/err-$os") || rc=$?
    fi
    echo "$rc" >"$tmp/rc-$os"
  done
  for part in rc out err; do
    if ! cmp -s "$tmp/$part-linux" "$tmp/$part-wine"; then
      diff -u --label linux --label wine "$tmp/$part-linux" "$tmp/$part-wine" | head -30 >&2 || true
      fail "command-line case \"$name\": $part differs between Linux and Wine"
    fi
  done
done <scripts/winetest/cli-cases.txt
[ "$n" -gt 0 ] || fail "no command-line cases read"
diff -r "$tmp/work-linux" "$tmp/work-wine" >&2 || fail "the files the commands wrote differ between Linux and Wine"
[ -s "$tmp/work-wine/bundle.zip" ] || fail "the bundle case wrote no bundle"
step "$n command-line cases: same output, errors, exit codes and files on Linux and Wine ($(took "$t"))"

# --- 5. the window -------------------------------------------------------------
t=$(now)
gcc -O2 -o "$tmp/xdnd-drop" scripts/xdnd-drop.c -lX11 || fail "cannot build scripts/xdnd-drop.c"
session=$appdata/pymetrics-sso-assistant/session.json
drop=$tmp/drop/"Société Générale metadata.xml"
mkdir -p "$tmp/drop"
cp "$good" "$drop"
shots=${WINETEST_SCREENSHOTS:-$tmp/shots}
mkdir -p "$shots"

# wait_for SECONDS COMMAND... retries COMMAND every 0.2 s.
wait_for() {
  local tries=$(($1 * 5))
  shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.2; done
  return 1
}
clipboard_is() { [ "$(xclip -o -selection clipboard 2>/dev/null || true)" = "$1" ]; }
# error_pixels PNG counts the pixels in Fyne's error colour (#f44336): the
# "not being saved" banner's icon. Nothing else on these screens is drawn in
# it, so any count above zero means an error banner is showing.
error_pixels() {
  convert "$1" -alpha off -fuzz 6% -transparent '#f44336' -alpha extract -negate -format '%[fx:int(mean*w*h+0.5)]' info:
}
no_error_banner() {
  local n
  n=$(error_pixels "$1")
  [ "$n" -eq 0 ] || fail "$(basename "$1") shows $n pixels in the error colour: an error banner (\"not being saved\"?) is showing"
}

wine "$winexe" >"$tmp/app.out" 2>"$tmp/app.err" &
app_pid=$!
win=$(timeout 90 xdotool search --sync --name "^pymetrics SSO Assistant$" 2>/dev/null | head -n1) || true
[ -n "$win" ] || fail "no window within 90 s under Wine; stderr: $(cat "$tmp/app.err")"
sleep 2
kill -0 "$app_pid" 2>/dev/null || fail "the program exited right after start under Wine; stderr: $(cat "$tmp/app.err")"
xdotool mousemove --window "$win" 140 680 click 1
sleep 0.5

customer=acme-corp
xdotool key alt+3
sleep 0.8
xdotool type --delay 60 "$customer"
sleep 0.8
want="https://www.pymetrics.com/saml2-sp/$customer/$customer/?acs"
xdotool key ctrl+shift+r
wait_for 10 clipboard_is "$want" || fail "under Wine the clipboard holds \"$(xclip -o -selection clipboard 2>/dev/null)\", want \"$want\""
step "window: typed \"$customer\", copied the Reply URL, read it back from the X clipboard"

"$tmp/xdnd-drop" "$win" 600 400 "$drop" || fail "the window under Wine did not take the dropped file"
wait_for 20 grep -q '"name": "Société Générale metadata.xml"' "$session" ||
  fail "the dropped \"Société Générale metadata.xml\" did not reach the session in %AppData% ($session)"
wait_for 10 grep -q '"ok": true' "$session" || fail "the dropped file was not checked as good"
sleep 1
import -window root "$shots/wine-certificate.png"
no_error_banner "$shots/wine-certificate.png"
step "window: dropped \"Société Générale metadata.xml\" (XDND), checked and saved under %AppData%"

# Paste the admin's name as Windows programs copy it, with accents and a
# CRLF line end (copied from a mail signature, say), into "Your name" on the
# Send step, through Wine's clipboard. The bundle must carry the name without
# the line end. The entry is clicked where it is in the window's first-run
# size (see the mail check below).
contact="Zoë Müller"
xdotool key alt+7
sleep 1
printf '%s\r\n' "$contact" | xclip -selection clipboard
xdotool mousemove --window "$win" 706 270 click 1 # Send step: Your name
sleep 0.5
xdotool key ctrl+v
wait_for 10 grep -q "\"contact_name\": \"$contact" "$session" ||
  fail "the name pasted with CRLF did not reach the session ($(grep contact_name "$session" || echo 'no contact_name'))"

# Save the bundle (Ctrl+S: the save dialog opens on the dropped file's
# folder with the default name; Enter saves).
xdotool key ctrl+s
sleep 1.5
import -window root "$shots/wine-save-dialog.png"
xdotool key Return
wait_for 20 bash -c 'ls "$1"/pymetrics-sso-*.zip >/dev/null 2>&1' _ "$tmp/drop" ||
  fail "no bundle was saved next to the dropped file"
bundle=$(ls "$tmp"/drop/pymetrics-sso-*.zip | head -n1)
"$linexe" verify-bundle "$bundle" >"$tmp/verify.out" 2>&1 || fail "the bundle saved under Wine does not verify: $(cat "$tmp/verify.out")"
unzip -p "$bundle" email.txt >"$tmp/email.txt" || fail "the bundle has no email.txt"
grep -q "$contact" "$tmp/email.txt" || fail "the bundle's e-mail does not name \"$contact\" as pasted"
! grep -q $'\r' "$tmp/email.txt" || fail "the pasted CRLF reached the bundle's e-mail"
wait_for 10 grep -q '"bundle"' "$session" || true
sleep 1
import -window root "$shots/wine-send.png"
no_error_banner "$shots/wine-send.png"
step "window: pasted \"$contact\" with CRLF; saved $(basename "$bundle"), which verifies with the Linux build and names \"$contact\" without the line end"

# No mail program registered: "Open e-mail draft" must leave the admin with
# the address and the text to copy. It is reached with the keyboard, so no
# button position is assumed: Ctrl+E is File > Open e-mail draft; in the
# dialog, Enter is Copy e-mail text and Esc closes it.
printf '' | xclip -selection clipboard
xdotool key ctrl+e # Open e-mail draft
sleep 2
import -window root "$shots/wine-no-mail-program.png"
xdotool key Return # the dialog: Copy e-mail text
wait_for 10 bash -c 'xclip -o -selection clipboard 2>/dev/null | head -n1 | grep -qx "To: solutions-engineering@pymetrics.com"' ||
  fail "with no mail program, the e-mail text did not reach the clipboard (got: $(xclip -o -selection clipboard 2>/dev/null | head -n2))"
xclip -o -selection clipboard | sed -n 2p | grep -q '^Subject: ' || fail "the copied e-mail text has no subject line"
xdotool key Escape # the dialog: Close
step "window: no mail program for mailto: the address and the e-mail text were offered and copied"

grep -q "\"customer\": \"$customer\"" "$session" || fail "the session under %AppData% does not hold the customer"
[ ! -s "$tmp/app.err" ] || fail "the program wrote to standard error under Wine: $(head -c 2000 "$tmp/app.err")"

xdotool key --window "$win" alt+F4 2>/dev/null # (xdotool warns about Xvfb's focus, harmlessly)
wait_for 20 bash -c '! kill -0 "$1" 2>/dev/null' _ "$app_pid" || fail "Alt+F4 did not close the window under Wine"
rc=0
wait "$app_pid" || rc=$?
app_pid=""
[ "$rc" -eq 0 ] || fail "the program exited with status $rc under Wine"
[ ! -s "$tmp/app.err" ] || fail "the program wrote to standard error under Wine: $(head -c 2000 "$tmp/app.err")"
grep -q "\"customer\": \"$customer\"" "$session" || fail "the session was lost on Alt+F4"
step "window: closed with Alt+F4, status 0, nothing on standard error ($(took "$t"))"

step "PASS in $(took "$start_all")"
