package csp

import (
	"bytes"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// TestMeshFieldMatchesOpen3D compares distances with Open3D's
// RaycastingScene.compute_closest_points (tools/o3d_closest.py) on the bunny, at a coherent
// grid (the group path) and at scattered points (the per-point path): within 1e-6 × diagonal.
func TestMeshFieldMatchesOpen3D(t *testing.T) {
	requireTool(t, "open3d")
	m := loadBunny(t)
	f, err := NewMeshField(m)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := f.Bounds()
	diag := float64(hi.Sub(lo).Len())
	blo, bhi := BakeBox(lo, hi, 20)
	var ps []mgl32.Vec3
	g, _ := NewGrid([3]int{20, 20, 20}, blo, (bhi[0]-blo[0])/19, false)
	for b := 0; b < 5*5*5; b++ { // brick order, as Bake sends them
		ps, _ = g.appendBrick(ps, nil, b/25, b/5%5, b%5)
	}
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 4000; i++ {
		ps = append(ps, blo.Add(mgl32.Vec3{rng.Float32(), rng.Float32(), rng.Float32()}.Mul(bhi[0]-blo[0])))
	}
	out := make([]mgl32.Vec3, len(ps))
	f.ClosestPoints(ps, out)

	dir := t.TempDir()
	flat := make([]float32, 0, 3*len(ps))
	for _, p := range ps {
		flat = append(flat, p[0], p[1], p[2])
	}
	var buf bytes.Buffer
	if err := WriteNPY(&buf, []int{len(ps), 3}, flat); err != nil {
		t.Fatal(err)
	}
	in, res := filepath.Join(dir, "pts.npy"), filepath.Join(dir, "o3d.npy")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", filepath.Join("..", "tools", "o3d_closest.py"), bunnyPath, in, res)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("o3d_closest.py: %v: %s", err, msg)
	}
	fd, err := os.Open(res)
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	st, _ := fd.Stat()
	a, err := ReadNPY(fd, st.Size(), res)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Data) != 3*len(ps) {
		t.Fatalf("Open3D returned %d values for %d points", len(a.Data), len(ps))
	}
	worst := 0.0
	for i, p := range ps {
		o := mgl32.Vec3{a.Data[3*i], a.Data[3*i+1], a.Data[3*i+2]}
		dg := math.Sqrt(dist2(v64(p), v64(out[i])))
		do := math.Sqrt(dist2(v64(p), v64(o)))
		worst = max(worst, math.Abs(dg-do)/diag)
	}
	if worst > 1e-6 {
		t.Fatalf("largest |d_go − d_open3d| = %.3g × diagonal, want ≤ 1e-6", worst)
	}
	t.Logf("%d points: largest |d_go − d_open3d| = %.3g × diagonal", len(ps), worst)
}
