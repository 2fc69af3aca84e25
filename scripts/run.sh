#!/usr/bin/env bash
# `make run`: installs the build packages, builds splatscope and opens the embedded demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
go build -o bin/splatscope ./cmd/splatscope
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" != Darwin ]; then
	echo "splatscope: no display; run 'xvfb-run -a bin/splatscope' or render headless with 'bin/splatscope render FILE --out out.png'" >&2
	exit 1
fi
exec bin/splatscope "$@"
