#!/usr/bin/env bash
# Side-by-side speed of mesh extraction on one 256³ grid: VTK's vtkFlyingEdges3D and
# scikit-image's marching_cubes (Debian python3-vtk9, python3-skimage) against splatscope's
# shell and open modes. All run on the baked closest-point field of the Stanford bunny, already
# in memory on both sides (reading the .npy is timed by neither).
#   Python's timers cover the extraction only, at u = one voxel: u = |p − c| per node is
#   computed by numpy beforehand, outside the timer; VTK: filter set-up + Update (points and
#   triangles, no normals); skimage: marching_cubes (vertices, faces, normals, values).
#   Ours (`go test -bench`, csp.Extract on the *Grid) covers everything from the closest
#   points: u per node where the block cull needs it, marching, moving each vertex onto the
#   offset surface (shell) / crossings, dual contouring, snapping, welding and orientation
#   (open), and the final mesh arrays. Between its runs the Go benchmark collects garbage
#   (untimed), as Python frees the filter and its output when each run returns.
# Each side reports its best run over ROUNDS alternating rounds (default 3) of REPEAT Go runs
# (default 5) and 3 Python runs.
# Usage: bench/extract_vs_vtk.sh [RES]   (default 256; the baked grid is cached in $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/.."
RES=${1:-256}
PY=/usr/bin/python3 # Debian's python, where python3-vtk9 and python3-skimage install
if ! $PY -c 'import vtk, skimage' 2>/dev/null; then
	apt-cache policy python3-vtk9 python3-skimage | grep -E '^[a-z]|Candidate'
	apt-get install -y python3-vtk9 python3-skimage >/dev/null
fi
WORK=${TMPDIR:-/tmp}/splatscope-extract-bench
mkdir -p "$WORK"
GRID=$WORK/bunny$RES.npy
if [ ! -f "$GRID" ]; then
	go build -o "$WORK/splatscope" ./cmd/splatscope
	"$WORK/splatscope" bake ../shared/data/meshes/stanford_bunny.obj --res "$RES" --out "$GRID" 2>/dev/null
fi
cat >"$WORK/bench.py" <<'PYEOF'
import json, sys, time
import numpy as np
import vtk
from vtk.util import numpy_support
from skimage import measure
path = sys.argv[1]
meta = json.load(open(path[:-4] + ".json"))
c = np.load(path).astype(np.float32)
n = c.shape[0]
h = np.float32(meta["spacing"])
o = np.array(meta["origin"], np.float32)
ax = np.arange(n, dtype=np.float32) * h
p = np.stack(np.meshgrid(ax + o[0], ax + o[1], ax + o[2], indexing="ij"), -1)
u = np.linalg.norm(p - c, axis=-1).astype(np.float32)
level = float(h)  # one voxel, as the shell's default
def best(f, reps=3):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); r = f(); ts.append(time.perf_counter() - t0)
    return min(ts), r
img = vtk.vtkImageData()
img.SetDimensions(n, n, n)  # x runs along the array's last axis: a transpose, same work
img.SetSpacing(float(h), float(h), float(h))
img.GetPointData().SetScalars(numpy_support.numpy_to_vtk(u.ravel(), deep=True, array_type=vtk.VTK_FLOAT))
def fe():
    f = vtk.vtkFlyingEdges3D(); f.SetInputData(img); f.SetValue(0, level)
    f.ComputeNormalsOff(); f.ComputeGradientsOff(); f.ComputeScalarsOff(); f.Update()
    return f.GetOutput().GetNumberOfPolys()
t, tris = best(fe)
print(f"flying_edges {t:.4f} s {tris} triangles (vtk {vtk.vtkVersion.GetVTKVersion()}, SMP backend {vtk.vtkSMPTools.GetBackend()}, {vtk.vtkSMPTools.GetEstimatedNumberOfThreads()} threads)")
t, r = best(lambda: measure.marching_cubes(u, level))
print(f"skimage_mc {t:.4f} s {len(r[1])} triangles")
PYEOF
# Rounds alternate the two sides, so a slow spell of this shared machine falls on both; each
# side's figure is its best over all rounds.
ROUNDS=${ROUNDS:-3}
: >"$WORK/python.txt"
: >"$WORK/go.txt"
for r in $(seq "$ROUNDS"); do
	echo "round $r of $ROUNDS"
	$PY "$WORK/bench.py" "$GRID" | tee -a "$WORK/python.txt"
	EXTRACT_GRID=$GRID go test ./csp -run '^$' -bench 'ExtractGrid(Shell|Open)$' -benchtime ${REPEAT:-5}x | grep '^Benchmark' | tee -a "$WORK/go.txt"
done
# Both sides: the best of their runs over all rounds (Python: min of 3 per round; Go: the
# benchmark's best-ns metric per round).
awk -v py="$WORK/python.txt" '
function keep(k, v, n) { if (!(k in t) || v < t[k]) t[k] = v; tri[k] = n }
BEGIN { while ((getline l < py) > 0) { split(l, f, " "); keep(f[1], f[2], f[4]) } }
function metric(unit,   i) { for (i = 4; i < NF; i++) if ($(i + 1) == unit) return $i }
/BenchmarkExtractGridShell/ { keep("shell", metric("best-ns") / 1e9, metric("triangles")) }
/BenchmarkExtractGridOpen/ { keep("open", metric("best-ns") / 1e9, metric("triangles")) }
END {
	fe = t["flying_edges"]
	printf "\n%-22s %10s %12s %14s\n", "extractor", "seconds", "triangles", "vs flying edges"
	n = split("flying_edges skimage_mc shell open", k, " ")
	for (i = 1; i <= n; i++) printf "%-22s %10.3f %12d %13.2fx\n", k[i], t[k[i]], tri[k[i]], t[k[i]] / fe
	printf "\ntargets: shell <= 1.00x (%s), open <= 2.00x (%s)\n", (t["shell"] <= fe ? "met" : "NOT met"), (t["open"] <= 2 * fe ? "met" : "NOT met")
}' "$WORK/go.txt"
