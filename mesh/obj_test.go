package mesh

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// readOBJString parses OBJ text held in memory (no file: mtllib is not followed).
func readOBJString(s string) (*Mesh, error) {
	return ReadOBJ(strings.NewReader(s), "test.obj")
}

const objSquare = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"

func TestReadOBJRecords(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		tris     [][3]uint32
		triUVs   [][3]int32
		triNorms [][3]int32
		lines    [][2]uint32
		nPos     int
		warn     string // substring of a warning, "" for no warnings
	}{
		{name: "triangle", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "v/vt", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nf 1/3 2/2 3/1\n",
			tris: [][3]uint32{{0, 1, 2}}, triUVs: [][3]int32{{2, 1, 0}}, nPos: 3},
		{name: "v//vn", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nvn 0 0 1\nf 1//1 2//1 3//1\n",
			tris: [][3]uint32{{0, 1, 2}}, triNorms: [][3]int32{{0, 0, 0}}, nPos: 3},
		{name: "v/vt/vn", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvn 0 0 1\nvn 0 0 -1\nf 1/1/2 2/1/1 3/1/2\n",
			tris: [][3]uint32{{0, 1, 2}}, triUVs: [][3]int32{{0, 0, 0}}, triNorms: [][3]int32{{1, 0, 1}}, nPos: 3},
		{name: "negative indices", in: "v 9 9 9\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvn 0 0 1\nf -3/-1/-1 -2/-1/-1 -1/-1/-1\n",
			tris: [][3]uint32{{1, 2, 3}}, triUVs: [][3]int32{{0, 0, 0}}, triNorms: [][3]int32{{0, 0, 0}}, nPos: 4},
		{name: "two spaces and tabs", in: "v  0 0  0\nv\t1 0 0\nv 0 1 0 \nf  1//  2  3\t\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "CRLF", in: "v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nf 1 2 3\r\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "no final newline", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "backslash continuation", in: "v 0 0 0\nv 1 0 0\nv 0 1 \\\n 0\nf 1 2\\\n3\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "continuation with CRLF", in: "v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nf 1 \\\r\n2 3\r\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "comments", in: "# header\nv 0 0 0 # trailing\nv 1 0 0\n  # indented\nv 0 1 0\nf 1 2 3 # done\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "BOM", in: "\xEF\xBB\xBFv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "groups objects smoothing ignored, repeated group names", in: "o thing\ng a\ns 1\nv 0 0 0\nv 1 0 0\nv 0 1 0\ng a\nf 1 2 3\ns off\ng a\nf 3 2 1\n",
			tris: [][3]uint32{{0, 1, 2}, {2, 1, 0}}, nPos: 3},
		{name: "twinned faces (ShapeNet v2)", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 3 2\n",
			tris: [][3]uint32{{0, 1, 2}, {0, 2, 1}}, nPos: 3},
		{name: "forward reference", in: "f 1 2 3\nv 0 0 0\nv 1 0 0\nv 0 1 0\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3},
		{name: "mixed attributes fill -1", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nf 1 2 3\nf 1/1 2 3/1\n",
			tris: [][3]uint32{{0, 1, 2}, {0, 1, 2}}, triUVs: [][3]int32{{-1, -1, -1}, {0, -1, 0}}, nPos: 3},
		{name: "convex quad", in: objSquare + "f 1 2 3 4\n",
			tris: [][3]uint32{{0, 1, 2}, {0, 2, 3}}, nPos: 4},
		{name: "concave quad reflex at corner 2", in: "v 0 0 0\nv 2 0 0\nv 0.5 0.5 0\nv 0 2 0\nf 1 2 3 4\n",
			tris: [][3]uint32{{0, 1, 2}, {0, 2, 3}}, nPos: 4},
		{name: "concave quad reflex at corner 1", in: "v 0 2 0\nv 0.5 0.5 0\nv 2 0 0\nv 0 0 0\nf 1 2 3 4\n",
			tris: [][3]uint32{{0, 1, 3}, {1, 2, 3}}, nPos: 4},
		{name: "l records split into segments", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2 3\nl 3/1 -3\n",
			lines: [][2]uint32{{0, 1}, {1, 2}, {2, 0}}, nPos: 3},
		{name: "unknown records counted once", in: "v 0 0 0\np 1\np 1\ncurv 0 1 1\nvp 0.5\n",
			nPos: 1, warn: "4 unknown records ignored"},
		{name: "short face skipped", in: "v 0 0 0\nv 1 0 0\nf 1 2\n",
			nPos: 2, warn: "1 faces with fewer than 3 vertices"},
		{name: "zero normal becomes -1", in: "v 0 0 0\nv 1 0 0\nv 0 1 0\nvn 0 0 0\nvn 0 0 5\nf 1//1 2//2 3//1\n",
			tris: [][3]uint32{{0, 1, 2}}, triNorms: [][3]int32{{-1, 0, -1}}, nPos: 3, warn: "1 zero-length normals"},
		{name: "nan replaced", in: "v nan 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n",
			tris: [][3]uint32{{0, 1, 2}}, nPos: 3, warn: "1 NaN or infinite"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := readOBJString(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Positions) != tc.nPos {
				t.Errorf("positions = %d, want %d", len(m.Positions), tc.nPos)
			}
			if len(m.Triangles) != len(tc.tris) || (len(tc.tris) > 0 && !reflect.DeepEqual(m.Triangles, tc.tris)) {
				t.Errorf("triangles = %v, want %v", m.Triangles, tc.tris)
			}
			if !reflect.DeepEqual(m.TriUVs, tc.triUVs) {
				t.Errorf("TriUVs = %v, want %v", m.TriUVs, tc.triUVs)
			}
			if !reflect.DeepEqual(m.TriNormals, tc.triNorms) {
				t.Errorf("TriNormals = %v, want %v", m.TriNormals, tc.triNorms)
			}
			if !reflect.DeepEqual(m.Lines, tc.lines) {
				t.Errorf("lines = %v, want %v", m.Lines, tc.lines)
			}
			checkOBJWarning(t, m.Warnings, tc.warn)
		})
	}
}

// checkWarning asserts exactly one warning containing want, or none when want is "".
func checkOBJWarning(t *testing.T, warnings []string, want string) {
	t.Helper()
	if want == "" {
		if len(warnings) != 0 {
			t.Errorf("warnings = %q, want none", warnings)
		}
		return
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], want) {
		t.Errorf("warnings = %q, want one containing %q", warnings, want)
	}
}

func TestReadOBJErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"index out of range", objSquare + "f 1 2 999\n", "test.obj:5: face index 999 out of range (4 vertices)"},
		{"forward index never defined", "f 1 2 7\nv 0 0 0\n", "test.obj:1: face index 7 out of range (1 vertices)"},
		{"negative out of range", objSquare + "\nf -1 -2 -5\n", "test.obj:6: face index -5 out of range (4 vertices)"},
		{"index zero", objSquare + "f 0 1 2\n", "test.obj:5: face index 0 is invalid"},
		{"texture index", objSquare + "vt 0 0\nf 1/1 2/2 3/1\n", "test.obj:6: texture index 2 out of range (1 texture coordinates)"},
		{"normal index", objSquare + "vn 0 0 1\nf 1//1 2//1 3//-2\n", "test.obj:6: normal index -2 out of range (1 normals)"},
		{"line index", objSquare + "l 1 5\n", "test.obj:5: line index 5 out of range (4 vertices)"},
		{"bad number", "v 0 0 0\nv 1 x 0\n", `test.obj:2: bad number "x"`},
		{"bad face token", objSquare + "f 1 2 3a\n", `test.obj:5: bad face vertex "3a"`},
		{"short vertex", "v 1 2\n", "test.obj:1: v record needs 3 coordinates, got 2"},
		{"huge index", objSquare + "f 1 2 99999999999999999999999\n", "test.obj:5: face index"},
		{"line number after continuation", "v 0 0 \\\n0\nv 1 y 0\n", "test.obj:3: bad number"},
		{"CRLF line numbers", "v 0 0 0\r\n\r\nf 1 1 4\r\n", "test.obj:3: face index 4 out of range (1 vertices)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readOBJString(tc.in)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error = %q, want prefix %q on one line", err, tc.want)
			}
		})
	}
}

func TestReadOBJAttributes(t *testing.T) {
	m, err := readOBJString("v 0 0 0 1 0 0\nv 1 0 0\nv 0 1 0 0 0.5 1\n" +
		"vt 0.25 -3.5 0.0\nvt 7 2\nvn 0 0 0.0254\nvn 0.001 0 0\nf 1/1/1 2/2/2 3/1/1\n")
	if err != nil {
		t.Fatal(err)
	}
	wantColors := []mgl32.Vec3{{1, 0, 0}, {1, 1, 1}, {0, 0.5, 1}}
	if !reflect.DeepEqual(m.Colors, wantColors) {
		t.Errorf("colours = %v, want %v", m.Colors, wantColors)
	}
	wantUV := []mgl32.Vec2{{0.25, -3.5}, {7, 2}} // third component dropped, out-of-range kept
	if !reflect.DeepEqual(m.UVs, wantUV) {
		t.Errorf("UVs = %v, want %v", m.UVs, wantUV)
	}
	wantN := []mgl32.Vec3{{0, 0, 1}, {1, 0, 0}}
	for i, n := range m.Normals {
		if n.Sub(wantN[i]).Len() > 1e-6 || math.Abs(float64(n.Len())-1) > 1e-6 {
			t.Errorf("normal %d = %v, want unit %v", i, n, wantN[i])
		}
	}
}

func TestReadOBJMaterialsInMemory(t *testing.T) {
	in := objSquare + "f 1 2 3\nusemtl red\nf 1 3 4\nusemtl caf\xe9\nf 2 3 4\nusemtl red\nf 1 2 4\n"
	m, err := readOBJString(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []int32{-1, 0, 1, 0}
	if !reflect.DeepEqual(m.TriMaterial, want) {
		t.Errorf("TriMaterial = %v, want %v", m.TriMaterial, want)
	}
	if len(m.Materials) != 2 || m.Materials[0].Name != "red" || m.Materials[1].Name != "café" {
		t.Errorf("materials = %+v, want red and café (Latin-1 name read as UTF-8)", m.Materials)
	}
	if m.Materials[1].D != 1 || m.Materials[1].Kd[0] != defaultGrey {
		t.Errorf("undefined material not defaulted: %+v", m.Materials[1])
	}
}

func TestReadOBJLongLine(t *testing.T) {
	// A line longer than the read buffer must still parse, and line numbers stay right.
	var b strings.Builder
	b.WriteString("# " + strings.Repeat("x", objReadBuffer*2) + "\n")
	b.WriteString("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 " + strings.Repeat(" ", objReadBuffer+10) + "3\nf 1 2 9\n")
	_, err := readOBJString(b.String())
	if err == nil || !strings.HasPrefix(err.Error(), "test.obj:6: face index 9") {
		t.Fatalf("err = %v, want test.obj:6: face index 9 ...", err)
	}
}

// realMeshes are the meshes in ../../shared/data with the counts their headers state.
var realMeshes = []struct {
	file        string
	verts, tris int
}{
	{"stanford_bunny.obj", 1839, 3674},
	{"utah_teapot.obj", 792, 992},
}

func TestLoadOBJRealMeshes(t *testing.T) {
	for _, rm := range realMeshes {
		t.Run(rm.file, func(t *testing.T) {
			path := filepath.Join("..", "..", "shared", "data", "meshes", rm.file)
			var last int64
			m, err := LoadOBJ(path, func(done, total int64) { last = done })
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Positions) != rm.verts || len(m.Triangles) != rm.tris {
				t.Errorf("%d verts %d tris, want %d %d", len(m.Positions), len(m.Triangles), rm.verts, rm.tris)
			}
			if m.Source != path || len(m.Warnings) != 0 || last == 0 {
				t.Errorf("source %q warnings %q progress %d", m.Source, m.Warnings, last)
			}
			for i, tri := range m.Triangles {
				if m.FaceNormal(i) == (mgl32.Vec3{}) && tri[0] != tri[1] && tri[1] != tri[2] && tri[0] != tri[2] {
					t.Errorf("triangle %d %v is degenerate", i, tri)
					break
				}
			}
		})
	}
}
