package csp

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// levelGrid bakes the plane z = 0 on a 24³ grid with spacing 1/8 and node layers at
// z = k/8 − 1.5, so whole layers of nodes sit at u = 1/8 exactly (the shell's default level).
func levelGrid(t *testing.T) *Grid {
	const n, h = 24, 0.125 // powers of two: every coordinate and distance is exact in float32
	g, err := NewGrid([3]int{n, n, n}, mgl32.Vec3{-1.5, -1.5, -1.5}, h, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for k := 0; k < n; k++ {
				p := g.Node(i, j, k)
				g.Set(i, j, k, mgl32.Vec3{p[0], p[1], 0})
			}
		}
	}
	return g
}

func TestExtractShellLevelOnNodes(t *testing.T) {
	g := levelGrid(t)
	cases := []struct {
		name string
		o    ExtractOptions
	}{
		{"default thickness = voxel", ExtractOptions{Mode: ExtractShell}},
		{"explicit thickness 2 voxels", ExtractOptions{Mode: ExtractShell, Thickness: 0.25}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, st, err := Extract(context.Background(), g, c.o)
			if err != nil {
				t.Fatal(err)
			}
			if st.Level != 0.125 && c.o.Thickness == 0 {
				t.Errorf("level %v, want one voxel 0.125", st.Level)
			}
			tp := mesh.Analyze(m)
			if tp.BoundaryEdges != 0 || tp.NonManifoldEdges != 0 || tp.DegenerateTriangles != 0 || tp.DuplicateTriangles != 0 || tp.WeldedVertices != tp.Vertices {
				t.Errorf("nodes on the level broke the manifold: %+v", tp)
			}
			checkAdmesh(t, m)
		})
	}
}

// checkAdmesh writes m as binary STL and asks Debian's admesh for open edges; skipped without
// the tool unless REQUIRE_TOOLS=1.
func checkAdmesh(t *testing.T, m *mesh.Mesh) {
	t.Helper()
	bin, err := exec.LookPath("admesh")
	if err != nil {
		if os.Getenv("REQUIRE_TOOLS") == "1" {
			t.Fatal("admesh not found (apt-get install -y admesh)")
		}
		t.Log("admesh not found: skipping its check")
		return
	}
	path := filepath.Join(t.TempDir(), "shell.stl")
	if err := mesh.WriteSTL(path, m, false); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, path).CombinedOutput()
	if err != nil {
		t.Fatalf("admesh: %v\n%s", err, out)
	}
	re := regexp.MustCompile(`Total disconnected facets\s*:\s*(\d+)`)
	mm := re.FindSubmatch(out)
	if mm == nil {
		t.Fatalf("admesh output not understood:\n%s", out)
	}
	if string(mm[1]) != "0" {
		t.Errorf("admesh: %s facets with open edges", mm[1])
	}
	if !strings.Contains(string(out), "Degenerate facets     :     0") {
		t.Errorf("admesh reports degenerate facets:\n%s", out)
	}
}

func TestExtractShellAdmeshBunny(t *testing.T) {
	f, err := NewMeshField(loadBunny(t))
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := Extract(context.Background(), f, ExtractOptions{Mode: ExtractShell, Res: 80})
	if err != nil {
		t.Fatal(err)
	}
	checkAdmesh(t, m)
}

func TestExtractNoSurface(t *testing.T) {
	// A grid baked from a sphere far outside its box: every node is metres from the surface.
	g, err := NewGrid([3]int{16, 16, 16}, mgl32.Vec3{}, 0.1, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 16; i++ {
		for j := 0; j < 16; j++ {
			for k := 0; k < 16; k++ {
				g.Set(i, j, k, mgl32.Vec3{100, 100, 100})
			}
		}
	}
	for _, mode := range []ExtractMode{ExtractOpen, ExtractShell, ExtractMCEpsilon} {
		if _, _, err := Extract(context.Background(), g, ExtractOptions{Mode: mode}); !errors.Is(err, ErrNoSurface) {
			t.Errorf("%v: err %v, want no surface found", mode, err)
		}
	}
}

func TestExtractRefusesMemory(t *testing.T) {
	old := memAvailable
	defer func() { memAvailable = old }()
	memAvailable = func() (int64, bool) { return 1 << 30, true } // pretend 1 GiB is free
	_, _, err := Extract(context.Background(), Sphere{Radius: 1}, ExtractOptions{Mode: ExtractShell, Res: 512})
	if err == nil || !strings.Contains(err.Error(), "GiB") || !strings.Contains(err.Error(), "512") {
		t.Fatalf("err %v, want a refusal with the estimate", err)
	}
	if _, _, err := Extract(context.Background(), Sphere{Radius: 1}, ExtractOptions{Mode: ExtractShell, Res: 32}); err != nil {
		t.Errorf("a small resolution was refused: %v", err)
	}
}

func TestExtractOpenRim(t *testing.T) {
	// The disk's boundary edges lie on its rim, and its triangle count matches the area:
	// a sheet with unit normal n crosses (|n_x|+|n_y|+|n_z|)·A/h² lattice edges, two
	// triangles each.
	d := Disk{Normal: mgl32.Vec3{0.2, 0.3, 1}, Radius: 0.5}
	m, st, err := Extract(context.Background(), d, ExtractOptions{Mode: ExtractOpen, Res: 96})
	if err != nil {
		t.Fatal(err)
	}
	n := d.Normal.Normalize()
	h := float64(st.Voxel)
	want := 2 * float64(abs32(n[0])+abs32(n[1])+abs32(n[2])) * math.Pi * 0.25 / (h * h)
	if got := float64(len(m.Triangles)); math.Abs(got-want) > 0.05*want {
		t.Errorf("%v triangles, want about %.0f", got, want)
	}
	for _, e := range mesh.BoundaryEdges(m) {
		for _, v := range e {
			r := float64(m.Positions[v].Len())
			if math.Abs(r-0.5) > 1.5*h {
				t.Fatalf("boundary vertex at radius %.4f, rim at 0.5 (voxel %.4f)", r, h)
			}
		}
	}
}
