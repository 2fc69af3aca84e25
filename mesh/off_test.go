package mesh

import (
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func TestReadOFF(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		verts     int
		tris      [][3]uint32
		normals   bool
		colors    bool
		uvs       bool
		warnings  int
		wantErr   string // substring of the error; "" means success
		firstVert mgl32.Vec3
	}{
		{name: "plain", in: "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n", verts: 3, tris: [][3]uint32{{0, 1, 2}}},
		{name: "glued ModelNet header", in: "OFF3 1 0\n1.5 2 3\n1 0 0\n0 1 0\n3 0 1 2\n", verts: 3,
			tris: [][3]uint32{{0, 1, 2}}, firstVert: mgl32.Vec3{1.5, 2, 3}},
		{name: "counts on keyword line", in: "OFF 3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n", verts: 3, tris: [][3]uint32{{0, 1, 2}}},
		{name: "comments and blanks anywhere", in: "# made by hand\nOFF # keyword\n\n# counts next\n3 1 0\n\n0 0 0 # first\n# between\n1 0 0\n\n0 1 0\n# faces\n3 0 1 2 # tri\n\n",
			verts: 3, tris: [][3]uint32{{0, 1, 2}}},
		{name: "CRLF", in: "OFF\r\n3 1 0\r\n0 0 0\r\n1 0 0\r\n0 1 0\r\n3 0 1 2\r\n", verts: 3, tris: [][3]uint32{{0, 1, 2}}},
		{name: "quad and face colour", in: "OFF\n4 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 3 255 0 0\n", verts: 4,
			tris: [][3]uint32{{0, 1, 2}, {0, 2, 3}}},
		{name: "concave pentagon is ear-clipped", in: "OFF\n5 1 0\n0 0 0\n2 0 0\n2 2 0\n1 0.5 0\n0 2 0\n5 0 1 2 3 4\n", verts: 5,
			tris: [][3]uint32{{1, 2, 3}, {3, 4, 0}, {3, 0, 1}}},
		{name: "COFF integer colours", in: "COFF\n3 1 0\n0 0 0 255 0 0 255\n1 0 0 0 255 0 255\n0 1 0 0 0 255 255\n3 0 1 2\n",
			verts: 3, tris: [][3]uint32{{0, 1, 2}}, colors: true},
		{name: "NOFF", in: "NOFF\n3 1 0\n0 0 0 0 0 2\n1 0 0 0 0 1\n0 1 0 0 0 1\n3 0 1 2\n", verts: 3,
			tris: [][3]uint32{{0, 1, 2}}, normals: true},
		{name: "STOFF", in: "STOFF\n3 1 0\n0 0 0 0 0\n1 0 0 1 0\n0 1 0 0 1\n3 0 1 2\n", verts: 3,
			tris: [][3]uint32{{0, 1, 2}}, uvs: true},
		{name: "no keyword", in: "3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n", verts: 3, tris: [][3]uint32{{0, 1, 2}}, warnings: 1},
		{name: "two counts only", in: "OFF\n3 1\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n", verts: 3, tris: [][3]uint32{{0, 1, 2}}},
		{name: "short faces skipped", in: "OFF\n3 2 0\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n3 0 1 2\n", verts: 3,
			tris: [][3]uint32{{0, 1, 2}}, warnings: 1},
		{name: "empty", in: "", wantErr: "empty OFF"},
		{name: "index out of range", in: "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n", wantErr: "t.off:6: face 0: vertex index 3 out of range"},
		{name: "negative index", in: "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 -1 2\n", wantErr: "out of range"},
		{name: "truncated vertices", in: "OFF\n3 1 0\n0 0 0\n1 0 0\n", wantErr: "file ends after 2 of 3 vertices"},
		{name: "truncated faces", in: "OFF\n3 2 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n", wantErr: "file ends after 1 of 2 faces"},
		{name: "huge claimed counts", in: "OFF\n999999999 999999999 0\n0 0 0\n", wantErr: "but the file has only"},
		{name: "bad coordinate", in: "OFF\n3 1 0\n0 x 0\n1 0 0\n0 1 0\n3 0 1 2\n", wantErr: "t.off:3: vertex 0: bad coordinate"},
		{name: "face count larger than line", in: "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n4 0 1 2\n", wantErr: "bad vertex count"},
		{name: "binary", in: "OFF BINARY\n", wantErr: "binary OFF"},
		{name: "4D", in: "4OFF\n1 0 0\n0 0 0 0\n", wantErr: "t.off:1: unsupported OFF variant \"4OFF\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadOFF(strings.NewReader(tc.in), "t.off")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error spans lines: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Positions) != tc.verts {
				t.Errorf("vertices = %d, want %d", len(m.Positions), tc.verts)
			}
			if !sameTriangles(m.Triangles, tc.tris) {
				t.Errorf("triangles = %v, want %v", m.Triangles, tc.tris)
			}
			if tc.firstVert != (mgl32.Vec3{}) && m.Positions[0] != tc.firstVert {
				t.Errorf("first vertex = %v, want %v", m.Positions[0], tc.firstVert)
			}
			if (len(m.Normals) > 0) != tc.normals || (len(m.Colors) > 0) != tc.colors || (len(m.UVs) > 0) != tc.uvs {
				t.Errorf("normals/colors/uvs = %d/%d/%d, want %v/%v/%v", len(m.Normals), len(m.Colors), len(m.UVs), tc.normals, tc.colors, tc.uvs)
			}
			if len(m.Warnings) != tc.warnings {
				t.Errorf("warnings = %q, want %d", m.Warnings, tc.warnings)
			}
			checkReaderInvariants(t, m)
		})
	}
}

func TestReadOFFAttributes(t *testing.T) {
	m, err := ReadOFF(strings.NewReader("NOFF\n3 1 0\n0 0 0 0 0 2\n1 0 0 0 0 1\n0 1 0 0 0 1\n3 0 1 2\n"), "n.off")
	if err != nil {
		t.Fatal(err)
	}
	if m.Normals[0] != (mgl32.Vec3{0, 0, 1}) {
		t.Errorf("normal not unit: %v", m.Normals[0])
	}
	if m.TriNormals[0] != [3]int32{0, 1, 2} {
		t.Errorf("TriNormals = %v", m.TriNormals)
	}
	m, err = ReadOFF(strings.NewReader("COFF\n3 1 0\n0 0 0 1.0 0.5 0 1\n1 0 0 0 255 0 255\n0 1 0 0 0 255 255\n3 0 1 2\n"), "c.off")
	if err != nil {
		t.Fatal(err)
	}
	// 0.5 in sRGB is 0.214 linear; 255 is 1.
	if c := m.Colors[0]; c[0] != 1 || c[1] < 0.21 || c[1] > 0.22 || c[2] != 0 {
		t.Errorf("colour 0 = %v, want 1 0.214 0", c)
	}
	if c := m.Colors[1]; c != (mgl32.Vec3{0, 1, 0}) {
		t.Errorf("colour 1 = %v", c)
	}
}

func sameTriangles(a, b [][3]uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkReaderInvariants fails when a reader returned indices that point outside their pools.
func checkReaderInvariants(t testing.TB, m *Mesh) {
	t.Helper()
	n := uint32(len(m.Positions))
	for i, tri := range m.Triangles {
		if tri[0] >= n || tri[1] >= n || tri[2] >= n {
			t.Fatalf("triangle %d = %v, only %d positions", i, tri, n)
		}
	}
	check := func(what string, idx [][3]int32, pool int) {
		if idx == nil {
			return
		}
		if len(idx) != len(m.Triangles) {
			t.Fatalf("%s has %d entries for %d triangles", what, len(idx), len(m.Triangles))
		}
		for i, c := range idx {
			for _, k := range c {
				if k < -1 || int(k) >= pool {
					t.Fatalf("%s[%d] = %v, pool of %d", what, i, c, pool)
				}
			}
		}
	}
	check("TriUVs", m.TriUVs, len(m.UVs))
	check("TriNormals", m.TriNormals, len(m.Normals))
	if m.Colors != nil && len(m.Colors) != len(m.Positions) {
		t.Fatalf("%d colours for %d positions", len(m.Colors), len(m.Positions))
	}
}

func FuzzReadOFF(f *testing.F) {
	for _, s := range []string{
		"OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n",
		"OFF1046 900 0\n",
		"OFF3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n",
		"# c\nOFF\n\n# c\n4 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 3 1 0 0\n",
		"COFF\n3 1 0\n0 0 0 255 0 0 255\n1 0 0 0 255 0 255\n0 1 0 0 0 255 255\n3 0 1 2\n",
		"STCNOFF\n3 1 0\n0 0 0 0 0 1 1 1 1 1 0 0\n1 0 0 0 0 1 1 1 1 1 1 0\n0 1 0 0 0 1 1 1 1 1 0 1\n3 0 1 2\n",
		"OFF\n5 1 0\n0 0 0\n2 0 0\n2 2 0\n1 0.5 0\n0 2 0\n5 0 1 2 3 4\n",
		"OFF\n999999999 999999999 0\n",
		"OFF\n3 1 0\n0 0 0\n1 0",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadOFF(sizedReader(b), "fuzz.off")
		if err == nil {
			checkReaderInvariants(t, m)
		}
	})
}
