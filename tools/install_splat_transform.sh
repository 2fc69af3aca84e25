#!/usr/bin/env bash
# Installs PlayCanvas splat-transform (npm @playcanvas/splat-transform, 2.x runs on Node >= 18)
# for the gaussians package's cross-format test (TestSplatTransformCrossCheck). Prints the path of
# the splat-transform executable on stdout; the test finds it there by itself.
# Needs: node and npm (Debian: apt-get install -y nodejs npm), the npm registry, about 210 MB.
# Env: SPLAT_TRANSFORM_DIR (default <repo>/.tools), SPLAT_TRANSFORM_VERSION (default 2.7.1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${SPLAT_TRANSFORM_DIR:-$root/.tools}"
version="${SPLAT_TRANSFORM_VERSION:-2.7.1}" # the newest 2.x; 3.x needs a newer Node than Debian's
bin="$dir/node_modules/.bin/splat-transform"

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "install_splat_transform: $tool not found (apt-get install -y nodejs npm)" >&2; exit 1; }
done
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "v$version"; then
  echo "$bin"
  exit 0
fi
mkdir -p "$dir"
# Keep the install out of `git status` (and out of anything that copies untracked files).
if [ "$dir" = "$root/.tools" ] && [ -d "$root/.git/info" ] && ! grep -qx '/.tools/' "$root/.git/info/exclude" 2>/dev/null; then
  echo '/.tools/' >>"$root/.git/info/exclude"
fi
# --ignore-scripts: the optional WebGPU postinstall is not needed for format conversion.
npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts "@playcanvas/splat-transform@$version" >&2
"$bin" --version >&2
echo "$bin"
