package csp

import (
	"context"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// meshArea is the total area of m's triangles.
func meshArea(m *mesh.Mesh) float64 {
	var a float64
	for i := range m.Triangles {
		t := m.Triangles[i]
		p0, p1, p2 := m.Positions[t[0]], m.Positions[t[1]], m.Positions[t[2]]
		a += float64(p1.Sub(p0).Cross(p2.Sub(p0)).Len()) / 2
	}
	return a
}

func TestExtractShellWatertight(t *testing.T) {
	bunny, err := NewMeshField(loadBunny(t))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		f    Field
		res  int
	}{
		{"sphere", Sphere{Center: mgl32.Vec3{0.1, 0, 0}, Radius: 0.7}, 48},
		{"torus", Torus{Axis: mgl32.Vec3{0, 1, 1}, Major: 0.6, Minor: 0.2}, 64},
		{"disk", Disk{Normal: mgl32.Vec3{0, 0, 1}, Radius: 0.5}, 40},
		{"plates", Plates{Normal: mgl32.Vec3{1, 0, 0}, Gap: 0.2, HalfSize: 0.4}, 40},
		{"bunny", bunny, 96},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, dense := range []bool{false, true} {
				m, st, err := Extract(context.Background(), c.f, ExtractOptions{Mode: ExtractShell, Res: c.res, Dense: dense})
				if err != nil {
					t.Fatal(err)
				}
				tp := mesh.Analyze(m)
				t.Logf("dense=%v %+v evaluated %d of %d", dense, tp, st.Evaluated, c.res*c.res*c.res)
				if tp.BoundaryEdges != 0 || tp.NonManifoldEdges != 0 || tp.DegenerateTriangles != 0 || tp.InconsistentEdges != 0 || tp.DuplicateTriangles != 0 {
					t.Errorf("dense=%v: not a clean closed manifold: %+v", dense, tp)
				}
				if tp.WeldedVertices != tp.Vertices {
					t.Errorf("dense=%v: %d vertices share positions", dense, tp.Vertices-tp.WeldedVertices)
				}
			}
		})
	}
}

func TestExtractOpenSheet(t *testing.T) {
	cases := []struct {
		name  string
		f     Field
		res   int
		area  float64
		parts int
	}{
		{"disk", Disk{Normal: mgl32.Vec3{0.2, 0.3, 1}, Radius: 0.5}, 64, math.Pi * 0.25, 1},
		{"plates", Plates{Normal: mgl32.Vec3{0, 0, 1}, Gap: 0.3, HalfSize: 0.4}, 64, 2 * 0.64, 2},
		{"cylinder", Cylinder{Axis: mgl32.Vec3{0, 1, 0}, Radius: 0.3, HalfHeight: 0.4}, 64, 2 * math.Pi * 0.3 * 0.8, 1},
		{"sphere", Sphere{Radius: 0.5}, 64, 4 * math.Pi * 0.25, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, st, err := Extract(context.Background(), c.f, ExtractOptions{Mode: ExtractOpen, Res: c.res})
			if err != nil {
				t.Fatal(err)
			}
			tp := mesh.Analyze(m)
			a := meshArea(m)
			t.Logf("%+v area %.4f want %.4f, voxel %.4g", tp, a, c.area, st.Voxel)
			if tp.NonManifoldEdges != 0 || tp.DegenerateTriangles != 0 || tp.InconsistentEdges != 0 || tp.DuplicateTriangles != 0 || tp.ReversedTwins != 0 {
				t.Errorf("defects: %+v", tp)
			}
			if tp.Parts != c.parts {
				t.Errorf("%d parts, want %d", tp.Parts, c.parts)
			}
			if math.Abs(a-c.area) > 0.05*c.area {
				t.Errorf("area %.4f, want %.4f ± 5%%", a, c.area)
			}
		})
	}
}

func TestExtractOpenBunnyClosed(t *testing.T) {
	f, err := NewMeshField(loadBunny(t))
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := Extract(context.Background(), f, ExtractOptions{Mode: ExtractOpen, Res: 128})
	if err != nil {
		t.Fatal(err)
	}
	tp := mesh.Analyze(m)
	t.Logf("%+v", tp)
}
