package csp

import (
	"context"
	"reflect"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// TestExtractPoolReuse: pooled scratch (extract_pool.go) holds stale data from earlier
// extractions; a mesh must not depend on it. Each mode meshes grid A fresh, then grid B (which
// leaves its own data in the pools), then A again: the two meshes of A must be identical.
func TestExtractPoolReuse(t *testing.T) {
	bake := func(f Field, res int) *Grid {
		lo, hi := f.Bounds()
		blo, bhi := BakeBox(lo, hi, res)
		g, err := Bake(context.Background(), f, blo, bhi, res, nil)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	bunny, err := NewMeshField(loadBunny(t))
	if err != nil {
		t.Fatal(err)
	}
	a := bake(bunny, 48)
	b := bake(Torus{Axis: mgl32.Vec3{0, 1, 1}, Major: 0.6, Minor: 0.2}, 56)
	for _, mode := range []ExtractMode{ExtractShell, ExtractOpen} {
		first, _, err := Extract(context.Background(), a, ExtractOptions{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		for it := 0; it < 2; it++ {
			if _, _, err := Extract(context.Background(), b, ExtractOptions{Mode: mode}); err != nil {
				t.Fatal(err)
			}
			again, _, err := Extract(context.Background(), a, ExtractOptions{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(first.Positions, again.Positions) || !reflect.DeepEqual(first.Triangles, again.Triangles) {
				t.Fatalf("%v: mesh changed after reusing pooled scratch: %d/%d triangles, then %d/%d", mode,
					len(first.Triangles), len(first.Positions), len(again.Triangles), len(again.Positions))
			}
		}
	}
}
