package csp

import (
	"context"
	"math/rand"
	"reflect"
	"runtime"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// TestGridFastPathsMatchField checks the grid shortcuts against (*Grid).ClosestPoints, the
// field they stand for: gridLerp anywhere in the box, and the lerp of an edge's two closest
// points (projectOffset's f) at points on lattice edges.
func TestGridFastPathsMatchField(t *testing.T) {
	g, err := Bake(context.Background(), Torus{Axis: mgl32.Vec3{0, 1, 1}, Major: 0.6, Minor: 0.2},
		mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1}, 24, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := nodesFromGrid(g)
	rng := rand.New(rand.NewSource(1))
	n := g.Dims[0]
	const tol = 1e-5
	for it := 0; it < 2000; it++ {
		p := mgl32.Vec3{rng.Float32()*2.2 - 1.1, rng.Float32()*2.2 - 1.1, rng.Float32()*2.2 - 1.1} // some outside the box
		want := make([]mgl32.Vec3, 1)
		g.ClosestPoints([]mgl32.Vec3{p}, want)
		if got := s.gridLerp(p); got.Sub(want[0]).Len() > tol {
			t.Fatalf("gridLerp(%v) = %v, ClosestPoints %v", p, got, want[0])
		}
		// A point on a lattice edge: f there is the lerp of the edge's ends.
		i, j, k, ax := rng.Intn(n-1), rng.Intn(n-1), rng.Intn(n-1), rng.Intn(3)
		tt := rng.Float32()
		v := mgl32.Vec3{float32(i), float32(j), float32(k)}
		v[ax] += tt
		v = g.Origin.Add(v.Mul(g.Spacing))
		ia := (i*n+j)*n + k
		ib := ia + [3]int{n * n, n, 1}[ax]
		ca, cb := s.cp(ia), s.cp(ib)
		lerp := ca.Add(cb.Sub(ca).Mul(tt))
		g.ClosestPoints([]mgl32.Vec3{v}, want)
		if lerp.Sub(want[0]).Len() > tol {
			t.Fatalf("edge point %v: lerp %v, ClosestPoints %v", v, lerp, want[0])
		}
	}
}

// TestExtractGridShellCull: the block cull changes nothing but speed: the shell of a baked
// grid is the same with the cull as with every node computed (Dense), and closed.
func TestExtractGridShellCull(t *testing.T) {
	bunny, err := NewMeshField(loadBunny(t))
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := bunny.Bounds()
	blo, bhi := BakeBox(lo, hi, 64)
	g, err := Bake(context.Background(), bunny, blo, bhi, 64, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []ExtractMode{ExtractShell, ExtractOpen} {
		culled, st, err := Extract(context.Background(), g, ExtractOptions{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		dense, std, err := Extract(context.Background(), g, ExtractOptions{Mode: mode, Dense: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v: %d triangles; u computed at %d nodes culled, %d dense", mode, len(culled.Triangles), st.Evaluated, std.Evaluated)
		if len(culled.Triangles) != len(dense.Triangles) || len(culled.Positions) != len(dense.Positions) {
			t.Errorf("%v: cull changed the mesh: %d/%d triangles/vertices, dense %d/%d", mode,
				len(culled.Triangles), len(culled.Positions), len(dense.Triangles), len(dense.Positions))
		}
		if st.Evaluated >= std.Evaluated {
			t.Errorf("%v: the cull computed u at %d nodes, dense %d", mode, st.Evaluated, std.Evaluated)
		}
		if tp := mesh.Analyze(culled); mode == ExtractShell && (tp.BoundaryEdges != 0 || tp.NonManifoldEdges != 0 || tp.DegenerateTriangles != 0) {
			t.Errorf("shell not a closed manifold: %+v", tp)
		}
	}
}

// TestExtractWorkerCountIndependent: the work is split by the number of cores (marching's
// layer ranges, open mode's plane ranges and their seams), but the mesh must not depend on it.
func TestExtractWorkerCountIndependent(t *testing.T) {
	g := bakeTest(t, torusField(1, 0.35), 40)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, mode := range []ExtractMode{ExtractShell, ExtractOpen} {
		var first *mesh.Mesh
		for _, procs := range []int{1, 2, 3, 7} {
			runtime.GOMAXPROCS(procs)
			m, _, err := Extract(context.Background(), g, ExtractOptions{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = m
				continue
			}
			if !reflect.DeepEqual(first.Positions, m.Positions) || !reflect.DeepEqual(first.Triangles, m.Triangles) {
				t.Fatalf("%v: %d workers give another mesh than 1 (%d/%d triangles)", mode, procs, len(m.Triangles), len(first.Triangles))
			}
		}
	}
}
