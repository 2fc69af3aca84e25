package main

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/mesh"
)

// TestExportFieldNeural meshes the PyTorch sphere checkpoint through the built binary in both
// modes and formats: the shell is closed and manifold, both are round (a sphere: every vertex
// at about one radius from the centre), and a missing checkpoint leaves no file.
func TestExportFieldNeural(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	in := filepath.Join("..", "..", "csp", "testdata", "neural_sphere.pt")
	cases := []struct {
		mode, out string
		closed    bool
	}{
		{"shell", "shell.stl", true},
		{"open", "open.ply", false},
		{"open", "open.obj", false},
	}
	for _, c := range cases {
		t.Run(c.out, func(t *testing.T) {
			out := filepath.Join(dir, c.out)
			b, err := exec.Command(bin, "export-stl", in, out, "--from", "field", "--res", "40", "--mode", c.mode).CombinedOutput()
			if err != nil {
				t.Fatalf("export-stl: %v\n%s", err, b)
			}
			if !strings.Contains(string(b), "neural field") {
				t.Errorf("report does not name the neural field:\n%s", b)
			}
			m, err := mesh.Load(out, nil)
			if err != nil {
				t.Fatal(err)
			}
			tp := mesh.Analyze(m)
			if tp.Triangles < 500 || tp.DegenerateTriangles != 0 || c.closed && tp.NonManifoldEdges != 0 {
				t.Fatalf("%+v", tp)
			}
			if c.closed && tp.BoundaryEdges != 0 {
				t.Errorf("shell has %d boundary edges", tp.BoundaryEdges)
			}
			// The fixture is a small network fitted to a sphere of radius 0.3 at the origin
			// (tools/make_csp_fixture.py): the open sheet lies on it, the shell's two sheets a
			// voxel inside and outside it.
			const radius, voxel = 0.3, 1.0 / 39 // the network's box [-0.5, 0.5]³ at 40 nodes
			off := make([]float64, len(m.Positions))
			for i, p := range m.Positions {
				d := math.Abs(float64(p.Len()) - radius)
				if c.mode == "shell" {
					d = math.Abs(d - voxel)
				}
				off[i] = d
			}
			slices.Sort(off)
			med, p95 := off[len(off)/2], off[len(off)*95/100]
			t.Logf("%s: %+v; off the surface: median %.4f, 95%% %.4f (voxel %.4f)", c.out, tp, med, p95, voxel)
			if med > voxel/2 || p95 > 2*voxel {
				t.Errorf("vertices off the fitted sphere: median %.4f, 95%% %.4f", med, p95)
			}
		})
	}
	missing := filepath.Join(dir, "missing.pt")
	out := filepath.Join(dir, "none.stl")
	if b, err := exec.Command(bin, "export-stl", missing, out, "--from", "field").CombinedOutput(); err == nil {
		t.Fatalf("a missing checkpoint succeeded: %s", b)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed export left a file")
	}
}
