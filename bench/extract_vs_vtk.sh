#!/usr/bin/env bash
# Side-by-side speed of mesh extraction on one 256³ grid: VTK's vtkFlyingEdges3D and
# scikit-image's marching_cubes (Debian python3-vtk9, python3-skimage) against splatscope's
# shell and open modes. All run on the baked closest-point field of the Stanford bunny: Python
# computes u = |p − c| per node and times only the extraction at u = one voxel; ours is timed
# from the closest points (u where the octree needs it, marching, projection onto the offset
# surface / dual contouring and snapping) by `go test -bench`.
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
$PY - "$GRID" <<'PYEOF' | tee "$WORK/python.txt"
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
EXTRACT_GRID=$GRID go test ./csp -run '^$' -bench 'ExtractGrid(Shell|Open)$' -benchtime 3x | tee "$WORK/go.txt"
awk -v py="$WORK/python.txt" '
BEGIN { while ((getline l < py) > 0) { split(l, f, " "); t[f[1]] = f[2]; tri[f[1]] = f[4] } }
/BenchmarkExtractGridShell/ { t["shell"] = $3 / 1e9; tri["shell"] = $5 }
/BenchmarkExtractGridOpen/ { t["open"] = $3 / 1e9; tri["open"] = $5 }
END {
	fe = t["flying_edges"]
	printf "\n%-22s %10s %12s %14s\n", "extractor", "seconds", "triangles", "vs flying edges"
	n = split("flying_edges skimage_mc shell open", k, " ")
	for (i = 1; i <= n; i++) printf "%-22s %10.3f %12d %13.2fx\n", k[i], t[k[i]], tri[k[i]], t[k[i]] / fe
	printf "\ntargets: shell <= 1.00x (%s), open <= 2.00x (%s)\n", (t["shell"] <= fe ? "met" : "NOT met"), (t["open"] <= 2 * fe ? "met" : "NOT met")
}' "$WORK/go.txt"
