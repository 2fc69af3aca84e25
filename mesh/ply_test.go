package mesh

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// plyBin builds a binary PLY body: each value is written with the type's size in the byte order.
func plyBin(order binary.ByteOrder, header string, vals ...any) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, v := range vals {
		binary.Write(&b, order, v)
	}
	return b.Bytes()
}

const plyTriHeader = "ply\nformat %s 1.0\ncomment hi\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n" +
	"element face 1\nproperty list uchar int vertex_indices\nend_header\n"

func plyTriBinary(order binary.ByteOrder, name string) []byte {
	return plyBin(order, strings.Replace(plyTriHeader, "%s", name, 1),
		float32(0), float32(0), float32(0), float32(1), float32(0), float32(0), float32(0), float32(1), float32(0),
		uint8(3), int32(0), int32(1), int32(2))
}

// plyRich has every feature the reader maps, plus an unknown element with a list and unknown
// properties in both elements, in binary big-endian.
func plyRich() []byte {
	h := "ply\nformat binary_big_endian 1.0\nobj_info x\n" +
		"element material 2\nproperty list ushort double junk\nproperty uchar id\n" +
		"element vertex 4\nproperty double x\nproperty double y\nproperty double z\nproperty short extra\n" +
		"property float nx\nproperty float ny\nproperty float nz\nproperty uchar red\nproperty uchar green\nproperty uchar blue\n" +
		"property float u\nproperty float v\n" +
		"element face 1\nproperty uchar flags\nproperty list uint uint vertex_index\nproperty list int float other\n" +
		"element edge 1\nproperty int vertex1\nproperty int vertex2\nend_header\n"
	var vals []any
	vals = append(vals, uint16(2), 1.0, 2.0, uint8(7), uint16(0), uint8(8))
	for i, p := range [][3]float64{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}} {
		vals = append(vals, p[0], p[1], p[2], int16(-5), float32(0), float32(0), float32(3),
			uint8(255), uint8(0), uint8(i*85), float32(p[0]), float32(p[1]))
	}
	vals = append(vals, uint8(1), uint32(4), uint32(0), uint32(1), uint32(2), uint32(3), int32(1), float32(9))
	vals = append(vals, int32(0), int32(1))
	return plyBin(binary.BigEndian, h, vals...)
}

func TestReadPLY(t *testing.T) {
	tri := [][3]uint32{{0, 1, 2}}
	tests := []struct {
		name     string
		in       []byte
		verts    int
		tris     [][3]uint32
		attrs    string // which of n(ormals) c(olours) u(vs) are present
		warnings int
		wantErr  string
	}{
		{name: "ascii", in: []byte("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n" +
			"element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"), verts: 3, tris: tri},
		{name: "ascii CRLF, values across lines", in: []byte("ply\r\nformat ascii 1.0\r\nelement vertex 3\r\nproperty float x\r\nproperty float y\r\nproperty float z\r\n" +
			"element face 1\r\nproperty list uchar int vertex_indices\r\nend_header\r\n0 0 0 1 0\r\n0\r\n0 1 0 3 0\r\n1 2\r\n"), verts: 3, tris: tri},
		{name: "binary little endian", in: plyTriBinary(binary.LittleEndian, "binary_little_endian"), verts: 3, tris: tri},
		{name: "binary big endian", in: plyTriBinary(binary.BigEndian, "binary_big_endian"), verts: 3, tris: tri},
		{name: "rich: skips unknown elements and properties", in: plyRich(), verts: 4,
			tris: [][3]uint32{{0, 1, 2}, {0, 2, 3}}, attrs: "ncu", warnings: 2},
		{name: "float colours and s t", in: []byte("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n" +
			"property float red\nproperty float green\nproperty float blue\nproperty float s\nproperty float t\n" +
			"element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0 1 0 0 0 0\n1 0 0 0 1 0 1 0\n0 1 0 0 0 1 0 1\n3 0 1 2\n"),
			verts: 3, tris: tri, attrs: "cu"},
		{name: "per-corner texcoord", in: []byte("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n" +
			"element face 1\nproperty list uchar int vertex_indices\nproperty list uchar float texcoord\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2 6 0 0 1 0 0 1\n"),
			verts: 3, tris: tri, attrs: "u"},
		{name: "point cloud", in: []byte("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n"), verts: 1},
		{name: "not ply", in: []byte("solid x\n"), wantErr: "t.ply:1: not a PLY file"},
		{name: "no end_header", in: []byte("ply\nformat ascii 1.0\nelement vertex 1\n"), wantErr: "no end_header"},
		{name: "no format", in: []byte("ply\nelement vertex 0\nend_header\n"), wantErr: "no format line"},
		{name: "unknown type", in: []byte("ply\nformat ascii 1.0\nelement vertex 1\nproperty float128 x\nend_header\n"), wantErr: "t.ply:4: unknown property type"},
		{name: "no xyz", in: []byte("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nend_header\n1\n"), wantErr: "lacks scalar x, y, z"},
		{name: "huge claimed count", in: []byte("ply\nformat binary_little_endian 1.0\nelement vertex 4000000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n"),
			wantErr: "t.ply:7: header claims 4000000000 vertex items"},
		{name: "truncated binary", in: plyTriBinary(binary.LittleEndian, "binary_little_endian")[:len(plyTriBinary(binary.LittleEndian, "binary_little_endian"))-4],
			wantErr: "t.ply: byte 216: face vertex_indices: list length 3 exceeds the file"},
		{name: "index out of range names the byte", in: plyBin(binary.LittleEndian, strings.Replace(plyTriHeader, "%s", "binary_little_endian", 1),
			float32(0), float32(0), float32(0), float32(1), float32(0), float32(0), float32(0), float32(1), float32(0),
			uint8(3), int32(0), int32(1), int32(7)), wantErr: "t.ply: byte 216: face 0: vertex index 7 out of range (3 vertices)"},
		{name: "ascii bad number names the line", in: []byte("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n1 zz 0\n0 1 0\n"),
			wantErr: "t.ply: line 9: vertex y: bad number"},
		{name: "huge list length", in: plyBin(binary.LittleEndian, "ply\nformat binary_little_endian 1.0\nelement vertex 0\nproperty float x\nproperty float y\nproperty float z\n"+
			"element face 1\nproperty list uint int vertex_indices\nend_header\n", uint32(1<<31), int32(0)), wantErr: "list length 2147483648 exceeds the file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadPLY(sizedReader(tc.in), "t.ply")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Positions) != tc.verts || !sameTriangles(m.Triangles, tc.tris) {
				t.Errorf("got %d vertices, triangles %v; want %d, %v", len(m.Positions), m.Triangles, tc.verts, tc.tris)
			}
			attrs := ""
			if len(m.Normals) > 0 {
				attrs += "n"
			}
			if len(m.Colors) > 0 {
				attrs += "c"
			}
			if len(m.UVs) > 0 {
				attrs += "u"
			}
			if attrs != tc.attrs {
				t.Errorf("attributes %q, want %q", attrs, tc.attrs)
			}
			if len(m.Warnings) != tc.warnings {
				t.Errorf("warnings %q, want %d", m.Warnings, tc.warnings)
			}
			checkReaderInvariants(t, m)
		})
	}
}

func TestReadPLYRichValues(t *testing.T) {
	m, err := ReadPLY(sizedReader(plyRich()), "rich.ply")
	if err != nil {
		t.Fatal(err)
	}
	if m.Positions[2] != (mgl32.Vec3{1, 1, 0}) || m.Normals[1] != (mgl32.Vec3{0, 0, 1}) || m.UVs[3] != (mgl32.Vec2{0, 1}) {
		t.Errorf("vertex values: %v %v %v", m.Positions[2], m.Normals[1], m.UVs[3])
	}
	if c := m.Colors[3]; c != (mgl32.Vec3{1, 0, 1}) {
		t.Errorf("colour 3 = %v, want 1 0 1", c)
	}
}

func TestPLYRoundTrip(t *testing.T) {
	m := &Mesh{
		Positions:  []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0.1}},
		Triangles:  [][3]uint32{{0, 1, 2}, {0, 2, 3}},
		Normals:    []mgl32.Vec3{{0, 0, 1}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}},
		Colors:     []mgl32.Vec3{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5, 0.5, 0.5}},
		UVs:        []mgl32.Vec2{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0.5, 0.5}, {0.25, 0.125}},
		TriUVs:     [][3]int32{{0, 1, 2}, {4, 5, 3}}, // per corner: written as a face texcoord list
		TriNormals: nil,
	}
	for _, bin := range []bool{true, false} {
		path := filepath.Join(t.TempDir(), "rt.ply")
		if err := WritePLY(path, m, bin); err != nil {
			t.Fatal(err)
		}
		got, err := Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sameTriangles(got.Triangles, m.Triangles) || len(got.Positions) != 4 || got.Positions[3] != m.Positions[3] {
			t.Fatalf("binary=%v: geometry differs: %v %v", bin, got.Positions, got.Triangles)
		}
		for i, tri := range m.TriUVs {
			for c := 0; c < 3; c++ {
				if got.UVs[got.TriUVs[i][c]] != m.UVs[tri[c]] {
					t.Errorf("binary=%v: uv of triangle %d corner %d = %v, want %v", bin, i, c, got.UVs[got.TriUVs[i][c]], m.UVs[tri[c]])
				}
			}
		}
		for i, c := range got.Colors {
			for k := 0; k < 3; k++ {
				if math.Abs(float64(c[k]-m.Colors[i][k])) > 0.01 { // 8-bit sRGB quantisation
					t.Errorf("binary=%v: colour %d = %v, want %v", bin, i, c, m.Colors[i])
				}
			}
		}
		if len(got.Normals) != 4 || got.Normals[2] != m.Normals[2] {
			t.Errorf("binary=%v: normals %v", bin, got.Normals)
		}
		ents, _ := os.ReadDir(filepath.Dir(path))
		if len(ents) != 1 {
			t.Errorf("temp files left: %d entries", len(ents))
		}
	}
}

func FuzzReadPLY(f *testing.F) {
	f.Add(plyTriBinary(binary.LittleEndian, "binary_little_endian"))
	f.Add(plyTriBinary(binary.BigEndian, "binary_big_endian"))
	f.Add(plyRich())
	f.Add([]byte("ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\n" +
		"element face 1\nproperty list uchar int vertex_indices\nproperty list uchar float texcoord\nend_header\n0 0 0 1 2 3\n1 0 0 4 5 6\n1 1 0 7 8 9\n0 1 0 1 1 1\n4 0 1 2 3 8 0 0 1 0 1 1 0 1\n"))
	f.Add([]byte("ply\nformat binary_little_endian 1.0\nelement vertex 4000000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n"))
	f.Add([]byte("ply\nformat binary_little_endian 1.0\nelement face 3\nproperty list uint int vertex_indices\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n\xff\xff\xff\x7f"))
	f.Add([]byte("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n"))
	f.Add([]byte("ply\nformat ascii 1.0\nelement nothing 9223372036854775807\nelement vertex 0\nproperty float x\nproperty float y\nproperty float z\nend_header\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadPLY(sizedReader(b), "fuzz.ply")
		if err == nil {
			checkReaderInvariants(t, m)
		}
	})
}

func BenchmarkReadPLY(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.ply")
	if err := WritePLY(path, benchGridMesh(1<<20), true); err != nil {
		b.Fatal(err)
	}
	benchLoad(b, path)
}
