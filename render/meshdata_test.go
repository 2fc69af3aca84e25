package render

import (
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

func TestPrepareMesh(t *testing.T) {
	tetra := &mesh.Mesh{
		Positions: []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		Triangles: [][3]uint32{{0, 2, 1}, {0, 1, 3}, {1, 2, 3}, {0, 3, 2}},
	}
	sameIndexTwins := quad(0, 1)
	sameIndexTwins.Triangles = append(sameIndexTwins.Triangles, [3]uint32{0, 2, 1}, [3]uint32{0, 3, 2})
	sameIndexTwins.TriUVs = append(sameIndexTwins.TriUVs, [3]int32{0, 2, 1}, [3]int32{0, 3, 2})
	degenerate := quad(0, 1)
	degenerate.Triangles = append(degenerate.Triangles, [3]uint32{0, 0, 1})
	degenerate.TriUVs = append(degenerate.TriUVs, [3]int32{0, 0, 1})

	tests := []struct {
		name                          string
		m                             *mesh.Mesh
		tris, dropped, boundary, grps int
	}{
		{"quad", quad(0, 1), 2, 0, 4, 1},
		{"twins on repeated positions", twinnedQuad(), 2, 2, 4, 1},
		{"twins on shared positions", sameIndexTwins, 2, 2, 4, 1},
		{"degenerate dropped", degenerate, 2, 1, 4, 1},
		{"closed tetrahedron", tetra, 4, 0, 0, 1},
		{"closed sphere", sphere(8, 16, false), 8*16*2 - 2*16, 0, 0, 1},
		{"open hemisphere", sphere(8, 16, true), 4*16*2 - 16, 0, 16, 1},
		{"two materials", twoMaterials(), 16*32*2 - 2*32, 0, 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := PrepareMesh(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(d.Indices) / 3; got != tc.tris {
				t.Errorf("%d triangles drawn, want %d", got, tc.tris)
			}
			if d.Dropped != tc.dropped {
				t.Errorf("%d dropped, want %d", d.Dropped, tc.dropped)
			}
			if d.BoundaryEdges != tc.boundary {
				t.Errorf("%d boundary edges, want %d", d.BoundaryEdges, tc.boundary)
			}
			if len(d.Groups) != tc.grps {
				t.Errorf("%d draw groups, want %d: %+v", len(d.Groups), tc.grps, d.Groups)
			}
			checkMeshData(t, d)
		})
	}
}

// checkMeshData checks the invariants every prepared mesh must satisfy.
func checkMeshData(t *testing.T, d *MeshData) {
	t.Helper()
	nv := len(d.Positions) / 3
	if len(d.Normals) != len(d.Positions) {
		t.Errorf("%d normal floats for %d position floats", len(d.Normals), len(d.Positions))
	}
	if d.UVs != nil && len(d.UVs) != 2*nv {
		t.Errorf("%d uv floats for %d vertices", len(d.UVs), nv)
	}
	for _, i := range d.Indices {
		if int(i) >= nv {
			t.Fatalf("index %d out of range (%d vertices)", i, nv)
		}
	}
	if len(d.TriFlags) != len(d.Indices)/3 {
		t.Errorf("%d triangle flags for %d triangles", len(d.TriFlags), len(d.Indices)/3)
	}
	next := 0
	for _, g := range d.Groups {
		if g.First != next || g.Count <= 0 {
			t.Errorf("groups not contiguous: %+v", d.Groups)
		}
		next = g.First + g.Count
	}
	if next != len(d.Indices)/3 {
		t.Errorf("groups cover %d triangles of %d", next, len(d.Indices)/3)
	}
	for v := 0; v < nv; v++ {
		n := mgl32.Vec3{d.Normals[3*v], d.Normals[3*v+1], d.Normals[3*v+2]}
		if l := n.Len(); l != 0 && (l < 0.99 || l > 1.01) {
			t.Fatalf("vertex %d normal length %v", v, l)
		}
	}
}

func TestPrepareMeshMaterialsSorted(t *testing.T) {
	m := twoMaterials()
	d, err := PrepareMesh(m)
	if err != nil {
		t.Fatal(err)
	}
	// Every triangle of the red group lies in the upper half, every blue one in the lower.
	for _, g := range d.Groups {
		for tri := g.First; tri < g.First+g.Count; tri++ {
			var y float32
			for k := 0; k < 3; k++ {
				y += d.Positions[3*d.Indices[3*tri+k]+1]
			}
			if (g.Material == 0) != (y >= 0) {
				t.Fatalf("triangle %d (y sum %v) in the group of material %d", tri, y, g.Material)
			}
		}
	}
}

func TestPrepareMeshCreases(t *testing.T) {
	// A cube with shared corners: the 90° edges must stay hard, so each corner gets 3 normals.
	p := []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}}
	quads := [][4]uint32{{0, 3, 2, 1}, {4, 5, 6, 7}, {0, 1, 5, 4}, {2, 3, 7, 6}, {1, 2, 6, 5}, {0, 4, 7, 3}}
	m := &mesh.Mesh{Positions: p}
	for _, q := range quads {
		m.Triangles = append(m.Triangles, [3]uint32{q[0], q[1], q[2]}, [3]uint32{q[0], q[2], q[3]})
	}
	d, err := PrepareMesh(m)
	if err != nil {
		t.Fatal(err)
	}
	if nv := len(d.Positions) / 3; nv != 24 {
		t.Errorf("%d vertices, want 24 (hard edges: 3 normals per corner)", nv)
	}
	for v := 0; v < len(d.Normals)/3; v++ {
		n := mgl32.Vec3{d.Normals[3*v], d.Normals[3*v+1], d.Normals[3*v+2]}
		axis := max(abs32(n[0]), abs32(n[1]), abs32(n[2]))
		if axis < 0.999 {
			t.Fatalf("vertex %d normal %v is not an axis: a crease was smoothed", v, n)
		}
	}
	// A sphere made of a UV grid with a seam of repeated positions has no hard edges: one
	// normal per distinct corner position, and seam twins share it.
	s, err := PrepareMesh(sphere(12, 24, false))
	if err != nil {
		t.Fatal(err)
	}
	for v := 0; v < len(s.Normals)/3; v++ {
		pos := mgl32.Vec3{s.Positions[3*v], s.Positions[3*v+1], s.Positions[3*v+2]}
		n := mgl32.Vec3{s.Normals[3*v], s.Normals[3*v+1], s.Normals[3*v+2]}
		if n.Dot(pos) < 0.98 {
			t.Fatalf("sphere vertex %v has normal %v, want the radial direction", pos, n)
		}
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

func TestPrepareMeshErrors(t *testing.T) {
	tests := []struct {
		name string
		m    *mesh.Mesh
		want string
	}{
		{"empty", &mesh.Mesh{Source: "empty.obj"}, "empty.obj: no triangles"},
		{"out of range", &mesh.Mesh{Positions: make([]mgl32.Vec3, 3), Triangles: [][3]uint32{{0, 1, 7}}}, "position index 7 out of range"},
		{"all degenerate", &mesh.Mesh{Positions: make([]mgl32.Vec3, 3), Triangles: [][3]uint32{{0, 1, 2}}}, "degenerate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PrepareMesh(tc.m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// BenchmarkPrepareMesh measures the CPU side of uploading a 2M-triangle mesh.
func BenchmarkPrepareMesh(b *testing.B) {
	m := grid(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := PrepareMesh(m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDropsAtLeastMeshTwins cross-checks the renderer's dedupe with mesh.DropReversedTwins:
// every triangle the mesh package drops as a reversed twin is also not drawn here (the
// renderer also drops same-winding duplicates, degenerate triangles and near-identical twins).
func TestDropsAtLeastMeshTwins(t *testing.T) {
	sameIndexTwins := quad(0, 1)
	sameIndexTwins.Triangles = append(sameIndexTwins.Triangles, [3]uint32{0, 2, 1}, [3]uint32{0, 3, 2})
	for _, m := range []*mesh.Mesh{twinnedQuad(), sameIndexTwins, sphere(8, 16, true), twoMaterials()} {
		keptByMesh := map[int]bool{}
		for _, i := range mesh.DropReversedTwins(m) {
			keptByMesh[i] = true
		}
		lo, hi, _ := m.Bounds()
		tp := newTopology(m, lo, hi)
		for i := range m.Triangles {
			if !keptByMesh[i] && tp.kept[i] {
				t.Errorf("triangle %d: dropped by mesh.DropReversedTwins but drawn", i)
			}
		}
	}
}
