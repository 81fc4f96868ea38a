#!/usr/bin/env bash
# Cross-builds the Windows amd64 executable with Debian's mingw-w64, gives it
# the app icon, a manifest and version information, checks it, optionally
# signs it, and proves the signing step with a throwaway certificate:
#
#   dist/pymetrics-sso-<version>-windows-amd64.exe            what admins download
#                                                             (signed when a certificate is given)
#   dist/pymetrics-sso-<version>-windows-amd64.exe.sha256     its checksum, for the download page
#   dist/pymetrics-sso-<version>-windows-amd64-unsigned.exe   only when it was signed
#   dist/signing-test/                                        the throwaway-certificate proof:
#                                                             a test-signed copy, its certificate,
#                                                             osslsigncode's verdicts (never ship these)
#
# Signing with a real certificate (docs/packaging.md, "Signing"):
#   SIGN_PKCS12=cert.pfx              a PKCS#12 file with key and chain, or
#   SIGN_CERT=chain.pem SIGN_KEY=key.pem
#   SIGN_PASSWORD_FILE=file           the key's password, in a file (or SIGN_PASSWORD=...)
#   SIGN_TIMESTAMP_URL=url            an RFC 3161 time-stamping service (needs the network)
#   SIGN_CAFILE=roots.pem             roots to verify the signature against afterwards
set -euo pipefail
PACKAGE_TARGET=package-windows
# shellcheck source=scripts/package-lib.sh
. "$(dirname "$0")/package-lib.sh"

CC_WIN=x86_64-w64-mingw32-gcc
WINDRES=x86_64-w64-mingw32-windres
OBJDUMP=x86_64-w64-mingw32-objdump

# Refuse incomplete signing input now rather than after the build.
if [ -n "${SIGN_PKCS12:-}" ] && [ -n "${SIGN_CERT:-}" ]; then
  die "give SIGN_PKCS12 or SIGN_CERT with SIGN_KEY, not both"
fi
[ -z "${SIGN_CERT:-}" ] || [ -n "${SIGN_KEY:-}" ] || die "SIGN_CERT needs SIGN_KEY (the private key)"
for f in ${SIGN_PKCS12:+"$SIGN_PKCS12"} ${SIGN_CERT:+"$SIGN_CERT"} ${SIGN_KEY:+"$SIGN_KEY"} \
  ${SIGN_PASSWORD_FILE:+"$SIGN_PASSWORD_FILE"} ${SIGN_CAFILE:+"$SIGN_CAFILE"}; do
  [ -r "$f" ] || die "cannot read $f"
done

start=$(now)
# gcc-mingw-w64-x86-64 brings binutils-mingw-w64-x86-64 (windres, objdump).
apt_install gcc-mingw-w64-x86-64 osslsigncode openssl file
ensure_fyne

stage
cd "$STAGE"

# The resources: icon, manifest and version information, all from
# FyneApp.toml, compiled into a .syso the Go linker picks up. The suffix
# keeps it out of any build but windows/amd64.
generated=$(go run ./scripts/winres gen -out "$STAGE/winres")
version=$(sed -n 's/^version=//p' <<<"$generated")
display_version=$(sed -n 's/^display_version=//p' <<<"$generated")
if [ -z "$version" ] || [ -z "$display_version" ]; then
  die "could not read the version from FyneApp.toml"
fi
(cd "$STAGE/winres" && "$WINDRES" -i app.rc -O coff -o "$STAGE/rsrc_windows_amd64.syso")

exe=$BIN.exe
say "cross-building $exe $display_version for windows/amd64 with mingw-w64 (the first build compiles Fyne's C parts for minutes)"
t=$(now)
# fyne build links with -H=windowsgui (no console window on double-click)
# and, with --release, -s -w -trimpath and the release tag.
CGO_ENABLED=1 CC=$CC_WIN GOOS=windows GOARCH=amd64 "$FYNE" build --target windows --release -o "$exe"
say "built in $(elapsed "$t")"

# Check the executable: the format and subsystem as file(1) and objdump see
# them, then the resources read back by winres (icon sizes, manifest,
# version strings equal to what `pymetrics-sso version` prints).
kind=$(file -b "$exe")
case $kind in
  "PE32+ executable (GUI) x86-64"*) ;;
  *) die "$exe is '$kind', want a PE32+ GUI executable for x86-64" ;;
esac
headers=$("$OBJDUMP" -p "$exe")
grep -Eq '^Subsystem[[:space:]]+0+2[[:space:]]+\(Windows GUI\)' <<<"$headers" || die "objdump does not see the GUI subsystem"
resources=$(sed -n '/The .rsrc Resource Directory section/,$p' <<<"$headers")
for type in 0x00000e 0x000010 0x000018; do # group icon, version, manifest
  grep -q "Entry: ID: $type," <<<"$resources" || die "objdump finds no resource of type $type in $exe"
done
go run ./scripts/winres check -version "$display_version" "$exe" >&2

if ! grep -q 'winconsole\.Attach()' main.go; then
  say "warning: main.go does not call winconsole.Attach(); from a terminal, the subcommands of this build print nothing (docs/packaging.md)"
fi

website=$(toml_value "" Website)
mkdir -p "$DIST"
base=$DIST/$BIN-$version-windows-amd64
rm -f "$base.exe" "$base.exe.sha256" "$base-unsigned.exe"

# osslsigncode reads a password from a file only; keep it out of ps.
password_args() {
  if [ -n "${SIGN_PASSWORD_FILE:-}" ]; then
    printf '%s\0' -readpass "$SIGN_PASSWORD_FILE"
  elif [ -n "${SIGN_PASSWORD:-}" ]; then
    local f=$STAGE/sign-password
    (umask 077 && printf '%s' "$SIGN_PASSWORD" >"$f")
    printf '%s\0' -readpass "$f"
  fi
}

# sign IN OUT KEY-ARGS... signs IN into OUT with SHA-256.
sign() {
  local in=$1 out=$2
  shift 2
  local ts=()
  [ -z "${SIGN_TIMESTAMP_URL:-}" ] || ts=(-ts "$SIGN_TIMESTAMP_URL")
  local url=()
  [ -z "$website" ] || url=(-i "$website")
  osslsigncode sign "$@" "${ts[@]}" "${url[@]}" -h sha256 -n "$(toml_value Details Name)" \
    -in "$in" -out "$out" >/dev/null
}

if [ -n "${SIGN_PKCS12:-}" ] || [ -n "${SIGN_CERT:-}" ]; then
  mapfile -d '' pass < <(password_args)
  if [ -n "${SIGN_PKCS12:-}" ]; then
    keyargs=(-pkcs12 "$SIGN_PKCS12" "${pass[@]}")
  else
    keyargs=(-certs "$SIGN_CERT" -key "$SIGN_KEY" "${pass[@]}")
  fi
  cp "$exe" "$base-unsigned.exe"
  sign "$exe" "$base.exe" "${keyargs[@]}" || die "signing failed"
  ca=()
  [ -z "${SIGN_CAFILE:-}" ] || ca=(-CAfile "$SIGN_CAFILE")
  if ! osslsigncode verify "${ca[@]}" -in "$base.exe" >"$STAGE/verify.txt" 2>&1; then
    cat "$STAGE/verify.txt" >&2
    [ -n "${SIGN_CAFILE:-}" ] && die "the signed executable does not verify against $SIGN_CAFILE"
    say "note: the chain was not verified (give SIGN_CAFILE to check it against your roots)"
  fi
  chain="chain verified against $SIGN_CAFILE"
  [ -n "${SIGN_CAFILE:-}" ] || chain="chain not verified"
  say "signed $(basename "$base.exe") ($chain); unsigned copy kept as $(basename "$base-unsigned.exe")"
else
  cp "$exe" "$base.exe"
  say "no certificate given (SIGN_PKCS12 or SIGN_CERT): $(basename "$base.exe") is unsigned"
fi

# The signing step, proven with a certificate made here and thrown away: the
# signature must verify against that certificate as root, must not verify
# without it (an untrusted root, as on any Windows machine), and one changed
# byte must break it.
proof=$DIST/signing-test
rm -rf "$proof"
mkdir -p "$proof"
key=$STAGE/throwaway-key.pem
cert=$proof/throwaway-cert.pem
openssl req -x509 -newkey rsa:3072 -nodes -days 2 -keyout "$key" -out "$cert" \
  -subj "/CN=$BIN signing test (throwaway, do not trust)" \
  -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" 2>/dev/null
signed=$proof/$BIN-$version-windows-amd64-TEST-SIGNED.exe
sign "$exe" "$signed" -certs "$cert" -key "$key"
osslsigncode verify -CAfile "$cert" -in "$signed" >"$proof/verify-with-throwaway-root.txt" 2>&1 ||
  { cat "$proof/verify-with-throwaway-root.txt" >&2; die "the test signature does not verify against its own certificate"; }
grep -q 'Signature verification: ok' "$proof/verify-with-throwaway-root.txt" || die "osslsigncode did not report a good signature"
if osslsigncode verify -in "$signed" >"$proof/verify-untrusted.txt" 2>&1; then
  die "the test signature verified without its root: the check proves nothing"
fi
# Untrusted root, but the signature itself intact: the digests match.
grep -q 'Signature verification: failed' "$proof/verify-untrusted.txt" || die "osslsigncode gave no verdict without the root"
! grep -q 'MISMATCH' "$proof/verify-untrusted.txt" || die "the test signature's digest does not match the file"
tampered=$STAGE/tampered.exe
cp "$signed" "$tampered"
byte=$(od -An -tu1 -j4096 -N1 "$tampered" | tr -d ' ')
printf '%b' "\\x$(printf %02x $((byte ^ 0xff)))" | dd of="$tampered" bs=1 seek=4096 conv=notrunc status=none # a byte of code
if osslsigncode verify -CAfile "$cert" -in "$tampered" >"$proof/verify-tampered.txt" 2>&1; then
  die "a changed byte did not break the test signature"
fi
grep -q 'MISMATCH' "$proof/verify-tampered.txt" || die "osslsigncode refused the changed file for another reason than its digest"
go run ./scripts/winres check -signed -version "$display_version" "$signed" >/dev/null
say "signing proven with a throwaway certificate: see $proof (never ship its files)"

(cd "$DIST" && sha256sum "$(basename "$base.exe")" >"$(basename "$base.exe").sha256")
say "$base.exe ($(du -h "$base.exe" | cut -f1)), checked: $display_version, GUI subsystem, icon, manifest, version information"
say "done in $(elapsed "$start")"
