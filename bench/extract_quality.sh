#!/usr/bin/env bash
# Quality of open-mode extraction against marching at u = ε (0.1 voxel) on the bunny, the
# teapot and analytic open shapes at N = 128 and 256: Chamfer-L1/L2, normal consistency,
# F-score at 0.005 and 0.01 (100k samples per mesh, distances / the reference's diagonal).
# Usage: bench/extract_quality.sh [RES,RES...]
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRACT_QUALITY=1 EXTRACT_QUALITY_RES=${1:-128,256} go test ./csp -run '^TestExtractQuality$' -count=1 -timeout 30m -v | grep -vE '^(=== RUN|--- |PASS|ok )'
