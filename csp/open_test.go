package csp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// TestLoadFieldFile opens each kind of field file and checks the kind, the type and a query.
func TestLoadFieldFile(t *testing.T) {
	dir := t.TempDir()
	g, err := NewGrid([3]int{3, 3, 3}, mgl32.Vec3{-1, -1, -1}, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				g.Set(i, j, k, mgl32.Vec3{0.5, 0.25, 0})
			}
		}
	}
	npy := filepath.Join(dir, "field.npy")
	if err := SaveGrid(npy, g, Meta{}); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "field.txt")
	if err := os.WriteFile(bad, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, kind string
		want       mgl32.Vec3 // the closest point to (0.1, 0.1, 0.1); ignored when zero
		err        string
	}{
		{neuralFixture, KindNeural, mgl32.Vec3{}, ""},
		{filepath.Join("testdata", "neural_sphere.safetensors"), KindNeural, mgl32.Vec3{}, ""},
		{npy, KindGrid, mgl32.Vec3{0.5, 0.25, 0}, ""},
		{bunnyPath, KindMesh, mgl32.Vec3{}, ""},
		{bad, "", mgl32.Vec3{}, "not a field file"},
		{filepath.Join(dir, "missing.pt"), "", mgl32.Vec3{}, "missing.pt"},
	} {
		f, kind, err := LoadFieldFile(tc.path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if kind != tc.kind {
			t.Errorf("%s: kind %q, want %q", tc.path, kind, tc.kind)
		}
		out := make([]mgl32.Vec3, 1)
		f.ClosestPoints([]mgl32.Vec3{{0.1, 0.1, 0.1}}, out)
		if tc.want != (mgl32.Vec3{}) && out[0].Sub(tc.want).Len() > 1e-6 {
			t.Errorf("%s: closest point %v, want %v", tc.path, out[0], tc.want)
		}
		if kind == KindNeural {
			// The fixture learnt a sphere of radius 0.3 around the origin.
			if r := out[0].Len(); r < 0.27 || r > 0.33 {
				t.Errorf("%s: |f(0.1,0.1,0.1)| = %v, want about 0.3", tc.path, r)
			}
			if m := f.(*MLP); m.Frame != NeuralFrame {
				t.Errorf("frame %q", m.Frame)
			}
		}
		if !IsFieldFile(tc.path) {
			t.Errorf("%s: IsFieldFile false", tc.path)
		}
	}
}
