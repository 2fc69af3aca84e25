#!/usr/bin/env bash
# Installs the system packages Splatscope needs, only those missing.
#   scripts/setup.sh build   the cgo GLFW/OpenGL build
#   scripts/setup.sh test    build + headless GL (Xvfb, Mesa) + the peer tools tests cross-check against
# Debian/Ubuntu only; elsewhere it prints what to install by hand.
set -euo pipefail
what=${1:-build}

build_pkgs=(libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev pkg-config gcc g++)
test_pkgs=(libgl1-mesa-dri libegl-mesa0 xvfb xauth admesh ffmpeg python3-numpy python3-open3d)

pkgs=("${build_pkgs[@]}")
if [ "$what" = test ]; then
	pkgs+=("${test_pkgs[@]}")
	# splat-transform cross-checks need Node.js and npm; keep a Node that is already installed
	# (NodeSource's nodejs ships npm itself), otherwise take Debian's.
	command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
	command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

if ! command -v go >/dev/null 2>&1; then
	echo "setup: Go 1.26 or newer is required (https://go.dev/dl); put it on PATH" >&2
	exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	echo "setup: not a Debian/Ubuntu system; install by hand: a C compiler, pkg-config, the X11 development headers" >&2
	echo "       (X11, Xcursor, Xrandr, Xinerama, Xi, Xxf86vm) and OpenGL headers; for tests also Xvfb, Mesa, admesh," >&2
	echo "       numpy and Open3D for Python 3. macOS needs only the Xcode command-line tools to build." >&2
	exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" != 0 ]; then
	sudo="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
