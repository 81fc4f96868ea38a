#!/usr/bin/env bash
# Builds the Linux desktop package with the fyne tool and checks it:
#
#   dist/pymetrics-sso-<version>-linux-amd64.tar.xz
#     pymetrics-sso/Makefile                  make user-install / sudo make install
#     pymetrics-sso/usr/local/bin/pymetrics-sso
#     pymetrics-sso/usr/local/share/applications/<app ID>.desktop
#     pymetrics-sso/usr/local/share/pixmaps/<app ID>.png
#   dist/pymetrics-sso-<version>-linux-amd64.tar.xz.sha256
#
# (usr/ instead of usr/local/ when the build machine has no /usr/local.)
# The version is FyneApp.toml's; see docs/packaging.md.
set -euo pipefail
PACKAGE_TARGET=package-linux
# shellcheck source=scripts/package-lib.sh
. "$(dirname "$0")/package-lib.sh"

start=$(now)
"$ROOT/scripts/setup.sh" run # gcc and the X11/OpenGL headers Fyne compiles against
apt_install xz-utils file desktop-file-utils
ensure_fyne

version=$(toml_value Details Version)
name=$(toml_value Details Name)
appid=$(toml_value Details ID)
if [ -z "$version" ] || [ -z "$name" ] || [ -z "$appid" ]; then
  die "FyneApp.toml needs Name, ID and Version under [Details]"
fi

stage
cd "$STAGE"
say "building $BIN $version for linux/amd64 (release build; the first one compiles Fyne's C parts for minutes)"
t=$(now)
"$FYNE" build --target linux --release -o "$BIN"
say "built in $(elapsed "$t")"

# The program must report the version from the same file the package is
# named after. Fyne may log a locale warning on stderr; only stdout counts.
reported=$(./"$BIN" version 2>/dev/null)
case $reported in
  "$BIN $version" | "$BIN $version (build "*) ;;
  *) die "the binary reports '$reported', FyneApp.toml says Version $version" ;;
esac

t=$(now)
"$FYNE" package --os linux --release --executable "$BIN"
[ -f "$name.tar.xz" ] || die "fyne package wrote no '$name.tar.xz'"
mkdir -p "$DIST"
out=$DIST/$BIN-$version-linux-amd64.tar.xz
mv "$name.tar.xz" "$out"
say "packaged in $(elapsed "$t")"

# Check what an admin unpacks: exactly the four files, the binary runs and
# reports the version, the desktop entry starts it with its icon.
listing=$(tar -tJf "$out" | grep -v '/$' | sort)
prefix=usr/local
[ -d /usr/local ] || prefix=usr
want=$(printf '%s\n' \
  "$BIN/Makefile" \
  "$BIN/$prefix/bin/$BIN" \
  "$BIN/$prefix/share/applications/$appid.desktop" \
  "$BIN/$prefix/share/pixmaps/$appid.png" | sort)
if [ "$listing" != "$want" ]; then
  printf 'tarball holds:\n%s\nwanted:\n%s\n' "$listing" "$want" >&2
  die "unexpected contents in $out"
fi
check=$STAGE/check
mkdir "$check"
tar -C "$check" -xJf "$out"
pkg=$check/$BIN/$prefix
grep -q '^ELF 64-bit LSB .*x86-64' <<<"$(file -b "$pkg/bin/$BIN")" || die "the packaged binary is not an x86-64 ELF executable"
[ "$("$pkg/bin/$BIN" version 2>/dev/null)" = "$reported" ] || die "the packaged binary reports another version"
cmp -s "$pkg/share/pixmaps/$appid.png" "$ROOT/$(toml_value Details Icon)" || die "the packaged icon is not $(toml_value Details Icon)"
desktop=$pkg/share/applications/$appid.desktop
for line in "Type=Application" "Name=$name" "Exec=$BIN" "Icon=$appid"; do
  grep -qxF "$line" "$desktop" || die "$appid.desktop lacks the line '$line'"
done
desktop-file-validate "$desktop" || die "$appid.desktop does not validate"

(cd "$DIST" && sha256sum "$(basename "$out")" >"$(basename "$out").sha256")
say "$out ($(du -h "$out" | cut -f1), binary $(du -h "$pkg/bin/$BIN" | cut -f1)), checked: $reported"
say "done in $(elapsed "$start")"
