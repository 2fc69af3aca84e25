package mesh

import (
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func topoTetra() *Mesh {
	return &Mesh{
		Positions: []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		Triangles: [][3]uint32{{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}},
	}
}

var topoSquare = []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}}

func TestAnalyze(t *testing.T) {
	doubledSharing := &Mesh{ // ShapeNet v2: the twin chunk reuses the vertex indices
		Positions: topoSquare,
		Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}, {0, 2, 1}, {0, 3, 2}},
	}
	doubledOwn := &Mesh{ // the twin chunk duplicates the vertices
		Positions: append(append([]mgl32.Vec3{}, topoSquare...), topoSquare...),
		Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}, {4, 6, 5}, {4, 7, 6}},
	}
	flipped := topoTetra()
	flipped.Triangles[3] = [3]uint32{1, 3, 2}
	tests := []struct {
		name string
		m    *Mesh
		want Topology
	}{
		{"tetrahedron", topoTetra(), Topology{Vertices: 4, Triangles: 4, WeldedVertices: 4, Edges: 6, Parts: 1}},
		{"open topoSquare", &Mesh{Positions: topoSquare, Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}}},
			Topology{Vertices: 4, Triangles: 2, WeldedVertices: 4, Edges: 5, BoundaryEdges: 4, RawBoundaryEdges: 4, Parts: 1}},
		{"doubledTwins quad, shared vertices", doubledSharing, Topology{Vertices: 4, Triangles: 4, WeldedVertices: 4, Edges: 5,
			BoundaryEdges: 4, RawNonManifoldEdges: 1, ReversedTwins: 2, ReversedTwinsByIndex: 2, Parts: 1}},
		{"doubledTwins quad, own vertices", doubledOwn, Topology{Vertices: 8, Triangles: 4, WeldedVertices: 4, Edges: 5,
			BoundaryEdges: 4, RawNonManifoldEdges: 1, ReversedTwins: 2, ReversedTwinsByIndex: 0, Parts: 1}},
		{"duplicate and degenerate", &Mesh{Positions: append(append([]mgl32.Vec3{}, topoSquare...), mgl32.Vec3{2, 0, 0}),
			Triangles: [][3]uint32{{0, 1, 2}, {1, 2, 0}, {0, 0, 1}, {0, 1, 4}}},
			// The duplicate runs edges 1-2 and 2-0 the same way as its original; edge 0-1 is used thrice.
			Topology{Vertices: 5, Triangles: 4, WeldedVertices: 5, Edges: 5, BoundaryEdges: 2, NonManifoldEdges: 1,
				RawBoundaryEdges: 2, RawNonManifoldEdges: 1, DuplicateTriangles: 1, DegenerateTriangles: 2, InconsistentEdges: 2, Parts: 1}},
		{"flipped face", flipped, Topology{Vertices: 4, Triangles: 4, WeldedVertices: 4, Edges: 6, InconsistentEdges: 3, Parts: 1}},
		{"two parts", &Mesh{Positions: append(append([]mgl32.Vec3{}, topoSquare...), mgl32.Vec3{5, 5, 5}, mgl32.Vec3{6, 5, 5}, mgl32.Vec3{5, 6, 5}),
			Triangles: [][3]uint32{{0, 1, 2}, {4, 5, 6}}},
			Topology{Vertices: 7, Triangles: 2, WeldedVertices: 7, Edges: 6, BoundaryEdges: 6, RawBoundaryEdges: 6, Parts: 2}},
		{"bad index counts nothing", &Mesh{Positions: topoSquare, Triangles: [][3]uint32{{0, 1, 9}}}, Topology{Vertices: 4, Triangles: 1}},
		{"empty", &Mesh{}, Topology{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Analyze(tc.m); got != tc.want {
				t.Errorf("Analyze =\n %+v\nwant\n %+v", got, tc.want)
			}
		})
	}
}

// TestAnalyzeRealMeshes checks against counts Open3D gives for the shared meshes after
// remove_duplicated_vertices (welded vertices; get_non_manifold_edges(allow_boundary_edges=False)).
func TestAnalyzeRealMeshes(t *testing.T) {
	tests := []struct {
		name                    string
		welded, boundary, parts int
	}{
		{"stanford_bunny.obj", 1839, 0, 1},
		{"utah_teapot.obj", 529, 64, 4}, // cluster_connected_triangles: 4 clusters
	}
	for _, tc := range tests {
		m := sharedDataMesh(t, tc.name)
		tp := Analyze(m)
		if tp.WeldedVertices != tc.welded || tp.BoundaryEdges != tc.boundary || tp.NonManifoldEdges != 0 || tp.Parts != tc.parts {
			t.Errorf("%s: %+v; want welded %d, boundary %d, parts %d", tc.name, tp, tc.welded, tc.boundary, tc.parts)
		}
		// Euler: V - E + F = 2·parts - boundary loops for these orientable meshes; with no boundary, 2 per part.
		if tc.boundary == 0 && tp.WeldedVertices-tp.Edges+tp.Triangles != 2*tp.Parts {
			t.Errorf("%s: Euler characteristic %d", tc.name, tp.WeldedVertices-tp.Edges+tp.Triangles)
		}
		if got := len(BoundaryEdges(m)); got != tc.boundary {
			t.Errorf("%s: BoundaryEdges gives %d segments, want %d", tc.name, got, tc.boundary)
		}
	}
}

func TestBoundaryEdgesAndDropTwins(t *testing.T) {
	m := &Mesh{Positions: topoSquare, Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}, {0, 2, 1}, {0, 3, 2}}}
	want := [][2]uint32{{0, 1}, {0, 3}, {1, 2}, {2, 3}}
	got := BoundaryEdges(m)
	if len(got) != len(want) {
		t.Fatalf("BoundaryEdges = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("BoundaryEdges = %v, want %v", got, want)
		}
	}
	keep := DropReversedTwins(m)
	if len(keep) != 2 || keep[0] != 0 || keep[1] != 1 {
		t.Errorf("DropReversedTwins = %v, want [0 1]", keep)
	}
	if keep := DropReversedTwins(topoTetra()); len(keep) != 4 {
		t.Errorf("DropReversedTwins(tetra) = %v, want all 4", keep)
	}
}

// doubledTwins returns m with every triangle repeated in reverse winding, as ShapeNet v2 stores faces.
func doubledTwins(m *Mesh) *Mesh {
	d := &Mesh{Positions: m.Positions, Triangles: append([][3]uint32{}, m.Triangles...)}
	for _, t := range m.Triangles {
		d.Triangles = append(d.Triangles, [3]uint32{t[0], t[2], t[1]})
	}
	return d
}

func TestAnalyzeShapeNetStyleDoubling(t *testing.T) {
	m := sharedDataMesh(t, "stanford_bunny.obj")
	tp := Analyze(doubledTwins(m))
	if tp.ReversedTwins != len(m.Triangles) || tp.NonManifoldEdges != 0 || tp.BoundaryEdges != 0 || tp.RawNonManifoldEdges != tp.Edges {
		t.Errorf("doubledTwins bunny: %+v", tp)
	}
	if keep := DropReversedTwins(doubledTwins(m)); len(keep) != len(m.Triangles) || keep[len(keep)-1] != len(m.Triangles)-1 {
		t.Errorf("DropReversedTwins keeps %d (last %d), want the first %d", len(keep), keep[len(keep)-1], len(m.Triangles))
	}
}

func BenchmarkAnalyze(b *testing.B) {
	m := benchGridMesh(1 << 20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(m)
	}
	b.ReportMetric(float64(len(m.Triangles))*float64(b.N)/b.Elapsed().Seconds(), "triangles/s")
}

func BenchmarkAnalyzeDoubled(b *testing.B) {
	m := doubledTwins(benchGridMesh(1 << 19))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(m)
	}
	b.ReportMetric(float64(len(m.Triangles))*float64(b.N)/b.Elapsed().Seconds(), "triangles/s")
}
