# shellcheck shell=bash
# Shared by scripts/package-linux.sh and scripts/package-windows.sh; sourced,
# not run. See docs/packaging.md.
#
# Packaging never builds in the work tree. The fyne tool writes files into
# the directory it packages (a generated fyne_metadata_init.go, a .syso with
# the Windows resources, the staging folders of the tarball) and raises Build
# in FyneApp.toml after every run. In the work tree those files would end up
# in anyone's build running at the same moment (a resource .syso breaks a
# Linux link) and every packaging run would leave FyneApp.toml changed. So
# the tree is copied, exactly as it is (committed, changed and new files
# that git does not ignore), and packaged from the copy. FyneApp.toml in the
# work tree is only ever changed by a person, in the commit that makes a
# release (docs/packaging.md, "Versions").

FYNE_TOOLS_VERSION=v1.7.4

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=${DIST:-$ROOT/dist}
# shellcheck disable=SC2034 # used by the scripts that source this file
BIN=pymetrics-sso

say() { printf '%s: %s\n' "${PACKAGE_TARGET:-package}" "$*" >&2; }
die() { say "$*"; exit 1; }

# now prints seconds since the epoch with a fraction, for the timings.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.0f s", b - a }'; }

# apt_install installs Debian packages that are missing, with sudo only when
# not root, the way scripts/setup.sh does.
apt_install() {
  local missing=() p
  for p in "$@"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get here; install them with your package manager"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_fyne sets FYNE to the packaging tool at FYNE_TOOLS_VERSION,
# installing it with go install when missing. It is a tool installed in
# GOPATH/bin, never a go.mod tool: as a module tool it would raise the
# module's Fyne version to the one it was built with.
ensure_fyne() {
  local bindir
  bindir=$(go env GOBIN)
  [ -n "$bindir" ] || bindir=$(go env GOPATH)/bin
  FYNE=$bindir/fyne
  # (grep reads a variable, not a pipe: with pipefail an early grep -q exit
  # would fail the writer.)
  if [ -x "$FYNE" ] && grep -q "cli version: $FYNE_TOOLS_VERSION\$" <<<"$("$FYNE" version 2>/dev/null)"; then
    return 0
  fi
  say "installing the fyne packaging tool $FYNE_TOOLS_VERSION into $bindir"
  # Run outside the module so nothing can touch go.mod.
  (cd / && GOFLAGS=-mod=mod go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION")
  grep -q "cli version: $FYNE_TOOLS_VERSION\$" <<<"$("$FYNE" version)" || die "$FYNE is not $FYNE_TOOLS_VERSION"
}

# stage copies the source tree as it is in the work tree into a new
# temporary folder and sets STAGE to it; the folder goes when the script
# ends. Outside a git checkout (a source archive) everything but dist/ is
# copied.
stage() {
  STAGE=$(mktemp -d "${TMPDIR:-/tmp}/pymetrics-sso-package.XXXXXX")
  trap 'rm -rf "$STAGE"' EXIT
  if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
      tar --null -T - -cf -) | tar -C "$STAGE" -xf -
  else
    tar -C "$ROOT" --exclude=./dist --exclude=./.git -cf - . | tar -C "$STAGE" -xf -
  fi
}

# toml_value SECTION KEY prints a string value of FyneApp.toml (SECTION ""
# for the keys before the first section), for file names and checks only;
# the version the program reports is read by the program itself.
toml_value() {
  awk -v want="$1" -v key="$2" '
    /^[ \t]*\[/ { section = $0; gsub(/[][ \t]/, "", section); next }
    section == want && $0 ~ "^[ \t]*" key "[ \t]*=" {
      sub(/^[^=]*=[ \t]*/, ""); gsub(/^"|"[ \t]*$/, ""); print; exit
    }' "$ROOT/FyneApp.toml"
}
