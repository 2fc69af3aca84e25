package csp

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/mesh"
)

// TestExtractOpenNeural: open mode on an inexact field (the PyTorch fixture, a network trained
// on a sphere, whose closest points scatter by about a voxel near the surface at 64³) must
// give the whole sphere, not a sheet full of holes (the crossing test reads each node's
// direction at a standoff point: extract_standoff.go).
func TestExtractOpenNeural(t *testing.T) {
	f, _, err := LoadFieldFile(filepath.Join("testdata", "neural_sphere.pt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range []int{32, 64} {
		m, st, err := Extract(context.Background(), f, ExtractOptions{Mode: ExtractOpen, Res: res})
		if err != nil {
			t.Fatal(err)
		}
		tp := mesh.Analyze(m)
		var r, area float64
		for _, p := range m.Positions {
			r += float64(p.Len())
		}
		r /= float64(len(m.Positions))
		for _, tr := range m.Triangles {
			a, b, c := m.Positions[tr[0]], m.Positions[tr[1]], m.Positions[tr[2]]
			area += float64(b.Sub(a).Cross(c.Sub(a)).Len()) / 2
		}
		sphere := 4 * math.Pi * r * r
		t.Logf("%d³ (voxel %.4f): %d triangles, area %.4f of the sphere's %.4f, %d boundary of %d edges, %d non-manifold",
			res, st.Voxel, len(m.Triangles), area, sphere, tp.BoundaryEdges, tp.Edges, tp.NonManifoldEdges)
		if area < 0.97*sphere || area > 1.1*sphere {
			t.Errorf("%d³: area %.4f, want the sphere's %.4f", res, area, sphere)
		}
		if tp.BoundaryEdges*100 > tp.Edges {
			t.Errorf("%d³: %d boundary edges of %d: holes", res, tp.BoundaryEdges, tp.Edges)
		}
	}
}

// TestExtractShellWarnsThinForInexact: a shell thinner than a few field errors breaks into
// blobs on a network (its u near the surface is noise); Extract says so, and says nothing for
// a thick enough shell or an exact field.
func TestExtractShellWarnsThinForInexact(t *testing.T) {
	f, _, err := LoadFieldFile(filepath.Join("testdata", "neural_sphere.pt"))
	if err != nil {
		t.Fatal(err)
	}
	_, st, err := Extract(context.Background(), f, ExtractOptions{Mode: ExtractShell, Res: 96})
	if err != nil {
		t.Fatal(err)
	}
	if st.Warning == "" || !(st.FieldError > 0) {
		t.Fatalf("one-voxel shell (%.3g) of a field with error %.3g: no warning", st.Level, st.FieldError)
	}
	_, st, err = Extract(context.Background(), f, ExtractOptions{Mode: ExtractShell, Res: 96, Thickness: shellErrors * st.FieldError * 1.01})
	if err != nil {
		t.Fatal(err)
	}
	if st.Warning != "" {
		t.Errorf("shell of %d field errors: %s", shellErrors, st.Warning)
	}
	exact, err := NewMeshField(loadBunny(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, st, err = Extract(context.Background(), exact, ExtractOptions{Mode: ExtractShell, Res: 48}); err != nil || st.Warning != "" {
		t.Errorf("exact field: warning %q, error %v", st.Warning, err)
	}
}
