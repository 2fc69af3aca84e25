#!/bin/sh
# OBJ read speed: splatscope's mesh.ReadOBJ / LoadOBJ against Open3D's read_triangle_mesh on
# the same ~1M-triangle ShapeNet-style grid (v, vt, vn, f v/vt/vn; 708×708 vertices).
# Usage: bench/obj_read.sh   (OBJ=/path/to/file.obj to choose where the grid is written)
set -eu
cd "$(dirname "$0")/.."
OBJ=${OBJ:-/tmp/splatscope_grid_1M.obj}

echo "writing $OBJ"
go test ./mesh -run '^TestWriteGridOBJ$' -count=1 -args -objgrid "$OBJ" >/dev/null
SIZE=$(stat -c %s "$OBJ")
echo "file: $SIZE bytes"

# Go: best of 3 runs of 3 iterations each, in MB/s (10^6 bytes/s, as `go test` reports).
GO_OUT=$(go test ./mesh -run '^$' -bench '^Benchmark(Read|Load)OBJ$' -benchtime 3x -count 3)
echo "$GO_OUT" | grep -E '^Benchmark'
best() { echo "$GO_OUT" | awk -v b="$1" '$1 ~ "^"b"(-[0-9]+)?$" { for (i = 1; i <= NF; i++) if ($i == "MB/s" && $(i-1) > m) m = $(i-1) } END { print m }'; }
GO_READ=$(best BenchmarkReadOBJ)
GO_LOAD=$(best BenchmarkLoadOBJ)

# Open3D: best of 3 timed reads of the same file (also from the page cache).
O3D=$(/usr/bin/python3 -c '
import sys, time, open3d as o3d
path, size = sys.argv[1], int(sys.argv[2])
o3d.utility.set_verbosity_level(o3d.utility.VerbosityLevel.Error)
best = None
for _ in range(3):
    t = time.perf_counter()
    m = o3d.io.read_triangle_mesh(path)
    dt = time.perf_counter() - t
    best = dt if best is None or dt < best else best
print("%.2f %d %.3f" % (size / best / 1e6, len(m.triangles), best))
' "$OBJ" "$SIZE")
O3D_MBS=$(echo "$O3D" | cut -d" " -f1)
echo "open3d $(/usr/bin/python3 -c 'import open3d; print(open3d.__version__)'): $(echo "$O3D" | cut -d" " -f2) triangles, best $(echo "$O3D" | cut -d" " -f3) s"

echo
printf "%-34s %10s\n" "reader" "MB/s"
printf "%-34s %10s\n" "splatscope ReadOBJ (memory)" "$GO_READ"
printf "%-34s %10s\n" "splatscope LoadOBJ (file)" "$GO_LOAD"
printf "%-34s %10s\n" "Open3D read_triangle_mesh (file)" "$O3D_MBS"
awk -v g="$GO_LOAD" -v o="$O3D_MBS" 'BEGIN { printf "ratio LoadOBJ / Open3D: %.2fx\n", g / o }'
