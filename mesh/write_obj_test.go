package mesh

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// TestWriteRoundTrips writes the real meshes in every output format and reads them back with Load.
func TestWriteRoundTrips(t *testing.T) {
	writers := []struct {
		ext   string
		write func(path string, m *Mesh) error
	}{
		{".obj", WriteOBJ},
		{".ply", func(p string, m *Mesh) error { return WritePLY(p, m, true) }},
		{".ply", func(p string, m *Mesh) error { return WritePLY(p, m, false) }},
		{".stl", func(p string, m *Mesh) error { return WriteSTL(p, m, false) }},
	}
	for _, name := range []string{"stanford_bunny.obj", "utah_teapot.obj"} {
		src := sharedDataMesh(t, name)
		want := Analyze(src)
		for _, w := range writers {
			path := filepath.Join(t.TempDir(), "out"+w.ext)
			if err := w.write(path, src); err != nil {
				t.Fatal(err)
			}
			got, err := Load(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Triangles) != len(src.Triangles) {
				t.Fatalf("%s%s: %d triangles, want %d", name, w.ext, len(got.Triangles), len(src.Triangles))
			}
			for i, tri := range src.Triangles {
				for c := 0; c < 3; c++ {
					if g, s := got.Positions[got.Triangles[i][c]], src.Positions[tri[c]]; g != s {
						t.Fatalf("%s%s: triangle %d corner %d = %v, want %v", name, w.ext, i, c, g, s)
					}
				}
			}
			if tp := Analyze(got); tp.BoundaryEdges != want.BoundaryEdges || tp.Parts != want.Parts || tp.WeldedVertices != want.WeldedVertices {
				t.Errorf("%s%s: topology %+v, source %+v", name, w.ext, tp, want)
			}
		}
	}
}

func TestWriteOBJAttributes(t *testing.T) {
	m := &Mesh{
		Positions:  []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}},
		Triangles:  [][3]uint32{{0, 1, 2}},
		UVs:        []mgl32.Vec2{{0, 0}, {1, 0}, {0, 1}},
		TriUVs:     [][3]int32{{0, 1, 2}},
		Normals:    []mgl32.Vec3{{0, 0, 1}},
		TriNormals: [][3]int32{{0, 0, 0}},
		Lines:      [][2]uint32{{0, 1}},
	}
	path := filepath.Join(t.TempDir(), "a.obj")
	if err := WriteOBJ(path, m); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for _, s := range []string{"vt 1 0\n", "vn 0 0 1\n", "f 1/1/1 2/2/1 3/3/1\n", "l 1 2\n"} {
		if !strings.Contains(string(b), s) {
			t.Errorf("OBJ lacks %q:\n%s", s, b)
		}
	}
	got, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.UVs) != 3 || got.UVs[got.TriUVs[0][1]] != (mgl32.Vec2{1, 0}) || got.Normals[got.TriNormals[0][2]] != (mgl32.Vec3{0, 0, 1}) || len(got.Lines) != 1 {
		t.Errorf("read back: %+v", got)
	}
	bad := &Mesh{Positions: m.Positions, Triangles: [][3]uint32{{0, 1, 5}}}
	if err := WriteOBJ(filepath.Join(t.TempDir(), "b.obj"), bad); err == nil || !strings.Contains(err.Error(), "b.obj: triangle 0") {
		t.Errorf("bad index: err = %v", err)
	}
}
