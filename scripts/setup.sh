#!/usr/bin/env bash
# Installs what building and testing the assistant needs on a Debian or
# Ubuntu machine: the C toolchain and X11/OpenGL headers Fyne compiles
# against, xmlsec1 (the independent signature verifier the tests compare
# with), xmllint, and a virtual X server with the tools the real-window test
# drives it with. Packages already present are left alone; sudo is used only
# when not running as root.
#
#   scripts/setup.sh run    what running the assistant needs
#   scripts/setup.sh test   what running every test needs (a superset)
set -euo pipefail

mode=${1:-test}
pkgs=(gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libx11-dev)
if [ "$mode" = test ]; then
  # wine, wine64 and the mingw-w64 C compiler: make test-windows runs the
  # Windows build and its tests under Wine (scripts/test-windows.sh).
  pkgs+=(xmlsec1 libxml2-utils xvfb xdotool xclip x11-utils imagemagick binutils-mingw-w64-x86-64
    gcc-mingw-w64-x86-64 wine wine64 osslsigncode openssl file unzip)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: missing packages ${missing[*]} and no apt-get here; install them with your package manager" >&2
    exit 1
  fi
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null; then
  echo "setup: Go 1.26 or newer is required (https://go.dev/doc/install)" >&2
  exit 1
fi
go mod download
if [ "$mode" = test ] && ! command -v staticcheck >/dev/null && [ ! -x "$(go env GOPATH)/bin/staticcheck" ]; then
  echo "setup: installing staticcheck"
  GOFLAGS=-mod=mod go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
