#!/bin/sh
# Binary STL write speed: splatscope's mesh.WriteSTL (hschendel/stl through a bufio.Writer,
# atomic temp+rename) against Open3D's write_triangle_mesh on a ~1M-triangle grid, same run.
# Usage: bench/stl_write.sh
set -eu
cd "$(dirname "$0")/.."
OBJ=${OBJ:-/tmp/splatscope_grid_1M.obj}
[ -f "$OBJ" ] || go test ./mesh -run '^TestWriteGridOBJ$' -count=1 -args -objgrid "$OBJ" >/dev/null

GO_OUT=$(go test ./mesh -run '^$' -bench '^BenchmarkWriteSTL$' -benchtime 3x -count 3)
echo "$GO_OUT" | grep -E '^Benchmark'
GO_TPS=$(echo "$GO_OUT" | awk '{ for (i = 1; i <= NF; i++) if ($i == "triangles/s" && $(i-1) > m) m = $(i-1) } END { printf "%.0f", m }')

O3D_TPS=$(/usr/bin/python3 -c '
import sys, time, tempfile, os, open3d as o3d
o3d.utility.set_verbosity_level(o3d.utility.VerbosityLevel.Error)
m = o3d.io.read_triangle_mesh(sys.argv[1])
m.compute_triangle_normals()  # STL needs face normals; not timed, as WriteSTL computes its own inside the timing
out = os.path.join(tempfile.mkdtemp(), "o3d.stl")
best = None
for _ in range(3):
    t = time.perf_counter()
    o3d.io.write_triangle_mesh(out, m, write_ascii=False)
    dt = time.perf_counter() - t
    best = dt if best is None or dt < best else best
print("%.0f" % (len(m.triangles) / best))
' "$OBJ")

printf "%-36s %14s\n" "writer (binary STL, ~1M triangles)" "triangles/s"
printf "%-36s %14s\n" "splatscope mesh.WriteSTL" "$GO_TPS"
printf "%-36s %14s\n" "Open3D write_triangle_mesh" "$O3D_TPS"
awk -v g="$GO_TPS" -v o="$O3D_TPS" 'BEGIN { printf "ratio WriteSTL / Open3D: %.2fx\n", g / o }'
