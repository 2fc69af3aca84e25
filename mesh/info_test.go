package mesh

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func jsonUnmarshalString(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func TestDescribe(t *testing.T) {
	m := &Mesh{
		Positions: topoSquare,
		Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}, {0, 2, 1}, {0, 3, 2}},
		Materials: []Material{{Name: "a", MapKd: "t.jpg", TexturePath: "/x/t.jpg"}, {Name: "b", MapKd: "gone.png"},
			{Name: "c", MapKd: "gone.png"}, {Name: "d"}},
		Lines:    [][2]uint32{{0, 1}},
		Source:   "/data/model.OBJ",
		Warnings: []string{"model.obj:3: unknown record"},
	}
	in := Describe(m, "")
	want := Info{File: "/data/model.OBJ", FileFormat: "obj", Vertices: 4, Triangles: 4, Materials: 4, TexturesFound: 1,
		TexturesMissing: []string{"gone.png"}, BBoxMax: [3]float32{1, 1, 0}, BoundaryEdges: 4, ReversedTwins: 2,
		Parts: 1, Lines: 1, Warnings: m.Warnings}
	gotJSON, _ := json.Marshal(in)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("Describe =\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	for _, key := range []string{`"file"`, `"format"`, `"vertices"`, `"triangles"`, `"materials"`, `"textures_found"`, `"textures_missing"`,
		`"bbox_min"`, `"bbox_max"`, `"boundary_edges"`, `"non_manifold_edges"`, `"reversed_twins"`, `"degenerate_triangles"`, `"lines"`, `"warnings"`} {
		if !strings.Contains(string(gotJSON), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	text := in.Format()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	col := strings.Index(lines[0], "/data")
	for _, l := range lines {
		if strings.HasPrefix(l, "  ") {
			continue // missing textures and warnings are listed indented
		}
		if i := strings.Index(l, ":"); i < 0 || col < 0 || len(l) <= col || l[col-1] != ' ' || l[col] == ' ' {
			t.Errorf("line not aligned at column %d: %q", col, l)
		}
	}
	for _, s := range []string{"reversed twins:", "missing texture: gone.png", "warning: model.obj:3: unknown record", "bbox max:"} {
		if !strings.Contains(text, s) {
			t.Errorf("Format lacks %q:\n%s", s, text)
		}
	}
	empty := Describe(&Mesh{}, "stl")
	if b, _ := json.Marshal(empty); !strings.Contains(string(b), `"textures_missing":[]`) || !strings.Contains(string(b), `"warnings":[]`) {
		t.Errorf("empty lists must be [] in JSON: %s", b)
	}
}

func TestCentreAndFit(t *testing.T) {
	tests := []struct {
		name string
		pos  []mgl32.Vec3
		want Fit
	}{
		{"box", []mgl32.Vec3{{1, 2, 3}, {3, 4, 3}, {1, 2, 4}}, Fit{Centre: mgl32.Vec3{2, 3, 3.5}, Scale: 1.0 / 3}},
		{"point", []mgl32.Vec3{{5, 5, 5}}, Fit{Centre: mgl32.Vec3{5, 5, 5}, Scale: 1}},
		{"empty", nil, Fit{Scale: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := &Mesh{Positions: append([]mgl32.Vec3{}, tc.pos...)}
			f := CentreAndFit(m)
			if f.Centre != tc.want.Centre || math32Abs(f.Scale-tc.want.Scale) > 1e-7 {
				t.Fatalf("fit = %+v, want %+v", f, tc.want)
			}
			lo, hi, ok := m.Bounds()
			if !ok {
				return
			}
			if c := lo.Add(hi).Mul(0.5); c.Len() > 1e-6 {
				t.Errorf("centre after fit = %v", c)
			}
			if d := hi.Sub(lo).Len(); len(tc.pos) > 1 && math32Abs(d-1) > 1e-6 {
				t.Errorf("diagonal after fit = %v", d)
			}
			for i, p := range m.Positions {
				if back := f.Invert(p); back.Sub(tc.pos[i]).Len() > 1e-5 {
					t.Errorf("Invert(%v) = %v, want %v", p, back, tc.pos[i])
				}
				if viaMat := f.Mat4().Mul4x1(tc.pos[i].Vec4(1)).Vec3(); viaMat.Sub(p).Len() > 1e-5 {
					t.Errorf("Mat4 gives %v, Apply %v", viaMat, p)
				}
			}
		})
	}
}

func math32Abs(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
