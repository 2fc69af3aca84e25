package mesh

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// stlBin builds a binary STL with the given 80-byte header prefix and triangles.
func stlBin(header string, tris ...[3]mgl32.Vec3) []byte {
	var b bytes.Buffer
	h := make([]byte, 80)
	copy(h, header)
	b.Write(h)
	binary.Write(&b, binary.LittleEndian, uint32(len(tris)))
	for _, t := range tris {
		binary.Write(&b, binary.LittleEndian, [3]float32{0, 0, 1})
		for _, v := range t {
			binary.Write(&b, binary.LittleEndian, [3]float32(v))
		}
		b.Write([]byte{0, 0})
	}
	return b.Bytes()
}

var stlQuad = [][3]mgl32.Vec3{{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}}, {{0, 0, 0}, {1, 1, 0}, {0, 1, 0}}}

const stlQuadASCII = "solid quad\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n   vertex 1 1 0\n  endloop\n endfacet\n" +
	" facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 1 0\n   vertex 0 1 0\n  endloop\n endfacet\nendsolid quad\n"

func TestReadSTL(t *testing.T) {
	solidHeaded := stlBin("solid but binary", stlQuad...)
	tests := []struct {
		name     string
		in       []byte
		verts    int
		tris     int
		warnings int
		wantErr  string
	}{
		{name: "ascii welds shared corners", in: []byte(stlQuadASCII), verts: 4, tris: 2},
		{name: "ascii CRLF, tabs, two solids", in: []byte(strings.ReplaceAll(stlQuadASCII, "\n", "\r\n") + "solid b\n\tfacet normal 0 0 1\n\touter loop\n\tvertex 5 5 5\n\tvertex 6 5 5\n\tvertex 5 6 5\n\tendloop\n\tendfacet\nendsolid\n"), verts: 7, tris: 3},
		{name: "ascii in capitals", in: []byte(strings.ToUpper(stlQuadASCII)), verts: 4, tris: 2},
		{name: "ascii quad loop", in: []byte("solid q\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 1 1 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid q\n"), verts: 4, tris: 2},
		{name: "binary", in: stlBin("plain header", stlQuad...), verts: 4, tris: 2},
		{name: "binary whose header starts with solid", in: solidHeaded, verts: 4, tris: 2},
		{name: "binary with trailing bytes", in: append(stlBin("x", stlQuad...), 0, 0, 0), verts: 4, tris: 2, warnings: 1},
		{name: "binary -0 welds with +0", in: stlBin("x", [3]mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}},
			[3]mgl32.Vec3{{float32(math.Copysign(0, -1)), 0, 0}, {0, 1, 0}, {-1, 0, 0}}), verts: 4, tris: 2},
		{name: "empty binary", in: stlBin("x"), verts: 0, tris: 0},
		{name: "truncated binary", in: stlBin("x", stlQuad...)[:150], wantErr: "t.stl: byte 80: binary STL header claims 2 triangles (184 bytes) but the file has 150 bytes"},
		{name: "truncated solid-headed binary", in: solidHeaded[:150], wantErr: "t.stl: byte 80: binary STL (header starts with \"solid\") claims 2 triangles"},
		{name: "huge claimed count", in: stlBin("x")[:80], wantErr: "too short"},
		{name: "huge claimed count with header", in: append(stlBin("x")[:80], 0xff, 0xff, 0xff, 0xff), wantErr: "claims 4294967295 triangles"},
		{name: "ascii bad number", in: []byte("solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 q\n"), wantErr: "t.stl:4: bad coordinate"},
		{name: "ascii unterminated", in: []byte("solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\n"), wantErr: "ends inside an outer loop"},
		{name: "ascii two-vertex loop", in: []byte("solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\n"), wantErr: "t.stl:6: loop with 2 vertices"},
		{name: "ascii junk", in: []byte("solid a\nhello\n"), wantErr: "t.stl:2: unexpected \"hello\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadSTL(sizedReader(tc.in), "t.stl")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Positions) != tc.verts || len(m.Triangles) != tc.tris || len(m.Warnings) != tc.warnings {
				t.Errorf("got %d vertices, %d triangles, warnings %q; want %d, %d, %d", len(m.Positions), len(m.Triangles), m.Warnings, tc.verts, tc.tris, tc.warnings)
			}
			checkReaderInvariants(t, m)
			// Unsized input (a pipe) must decide the same way by sniffing.
			m2, err := ReadSTL(struct{ *bytes.Reader }{bytes.NewReader(tc.in)}, "t.stl")
			if err != nil || len(m2.Triangles) != tc.tris {
				t.Errorf("unsized read: %v, %d triangles", err, len(m2.Triangles))
			}
		})
	}
}

// testMeshes are the real meshes of shared/data, loaded once per test binary.
func sharedDataMesh(t testing.TB, name string) *Mesh {
	t.Helper()
	m, err := Load(filepath.Join("..", "..", "shared", "data", "meshes", name), nil)
	if err != nil {
		t.Skipf("shared data not available: %v", err)
	}
	return m
}

func TestSTLRoundTrip(t *testing.T) {
	for _, name := range []string{"stanford_bunny.obj", "utah_teapot.obj"} {
		src := sharedDataMesh(t, name)
		for _, ascii := range []bool{false, true} {
			path := filepath.Join(t.TempDir(), "out.stl")
			if err := WriteSTL(path, src, ascii); err != nil {
				t.Fatal(err)
			}
			got, err := Load(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Triangles) != len(src.Triangles) {
				t.Fatalf("%s ascii=%v: %d triangles, want %d", name, ascii, len(got.Triangles), len(src.Triangles))
			}
			for i, tri := range src.Triangles {
				for c := 0; c < 3; c++ {
					if g, w := got.Positions[got.Triangles[i][c]], src.Positions[tri[c]]; g != w {
						t.Fatalf("%s ascii=%v: triangle %d corner %d = %v, want %v (float32 exact)", name, ascii, i, c, g, w)
					}
				}
			}
			if w := Analyze(src).WeldedVertices; len(got.Positions) != w {
				t.Errorf("%s: STL welds to %d vertices, source has %d distinct positions", name, len(got.Positions), w)
			}
			if !ascii {
				b, _ := os.ReadFile(path)
				if bytes.HasPrefix(b, []byte("solid")) {
					t.Error("binary STL header starts with solid")
				}
			}
		}
	}
}

// admeshReport holds the numbers admesh prints about a file as read (the "Original" column).
type admeshReport struct {
	facets, disconnectedEdges, parts, degenerate, backwards int
}

// runAdmesh checks path with the admesh tool (Debian package admesh), without writing anything.
func runAdmesh(t *testing.T, path string) admeshReport {
	t.Helper()
	bin, err := exec.LookPath("admesh")
	if err != nil {
		if os.Getenv("REQUIRE_TOOLS") == "1" {
			t.Fatal("admesh not installed (apt-get install -y admesh) and REQUIRE_TOOLS=1")
		}
		t.Skip("admesh not installed")
	}
	out, err := exec.Command(bin, path).CombinedOutput()
	if err != nil {
		t.Fatalf("admesh: %v\n%s", err, out)
	}
	text := string(out)
	num := func(label string, col int) int {
		re := regexp.MustCompile(regexp.QuoteMeta(label) + `\s*:\s*(\d+)(?:\s+(\d+))?`)
		m := re.FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("admesh output has no %q line:\n%s", label, text)
		}
		n, _ := strconv.Atoi(m[col])
		return n
	}
	r := admeshReport{
		facets:     num("Number of facets", 1),
		parts:      num("Number of parts", 1),
		degenerate: num("Degenerate facets", 1),
		backwards:  num("Backwards edges", 1),
	}
	// Facets with k disconnected edges, original column: their sum weighted by k is the number of
	// open edge-uses, i.e. boundary edges as admesh sees them before repairing.
	for k, label := range []string{"Facets with 1 disconnected edge", "Facets with 2 disconnected edges", "Facets with 3 disconnected edges"} {
		r.disconnectedEdges += (k + 1) * num(label, 1)
	}
	if n := num("Edges fixed", 1); n > r.disconnectedEdges {
		t.Errorf("admesh fixed %d edges but saw only %d open ones", n, r.disconnectedEdges)
	}
	if n := num("Facets removed", 1); n > r.degenerate+r.disconnectedEdges {
		t.Errorf("admesh removed %d facets", n)
	}
	return r
}

// TestSTLWithAdmesh writes the real meshes as STL and has admesh check that the STL carries no
// defect the source mesh does not have.
func TestSTLWithAdmesh(t *testing.T) {
	for _, name := range []string{"stanford_bunny.obj", "utah_teapot.obj"} {
		src := sharedDataMesh(t, name)
		path := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".obj")+".stl")
		if err := WriteSTL(path, src, false); err != nil {
			t.Fatal(err)
		}
		tp := Analyze(src)
		r := runAdmesh(t, path)
		if r.facets != len(src.Triangles) {
			t.Errorf("%s: admesh reads %d facets, want %d", name, r.facets, len(src.Triangles))
		}
		if r.disconnectedEdges != tp.BoundaryEdges {
			t.Errorf("%s: admesh sees %d open edges, Analyze(source) %d boundary edges", name, r.disconnectedEdges, tp.BoundaryEdges)
		}
		if r.degenerate > tp.DegenerateTriangles {
			t.Errorf("%s: admesh finds %d degenerate facets, source has %d", name, r.degenerate, tp.DegenerateTriangles)
		}
		if r.backwards > tp.InconsistentEdges {
			t.Errorf("%s: admesh finds %d backwards edges, source has %d inconsistent ones", name, r.backwards, tp.InconsistentEdges)
		}
		if r.parts > tp.Parts {
			t.Errorf("%s: admesh finds %d parts, source has %d", name, r.parts, tp.Parts)
		}
		t.Logf("%s: admesh %+v; Analyze %+v", name, r, tp)
	}
}

func FuzzReadSTL(f *testing.F) {
	f.Add([]byte(stlQuadASCII))
	f.Add(stlBin("solid but binary", stlQuad...))
	f.Add(stlBin("plain", stlQuad...))
	f.Add(stlBin("plain", stlQuad...)[:120])
	f.Add(append(stlBin("x")[:80], 0xff, 0xff, 0xff, 0x7f))
	f.Add([]byte("solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 1 1 0\nvertex 0 1 0\nvertex 0 0.5 0\nendloop\nendfacet\n"))
	f.Add([]byte("solid"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadSTL(sizedReader(b), "fuzz.stl")
		if err == nil {
			checkReaderInvariants(t, m)
		}
	})
}

// benchGridMesh builds a closed-ish height-field mesh of about n triangles for benchmarks.
func benchGridMesh(n int) *Mesh {
	side := int(math.Sqrt(float64(n / 2)))
	m := &Mesh{}
	for y := 0; y <= side; y++ {
		for x := 0; x <= side; x++ {
			m.Positions = append(m.Positions, mgl32.Vec3{float32(x), float32(y), float32(math.Sin(float64(x*y)) * 0.1)})
		}
	}
	w := uint32(side + 1)
	for y := uint32(0); y < uint32(side); y++ {
		for x := uint32(0); x < uint32(side); x++ {
			a := y*w + x
			m.Triangles = append(m.Triangles, [3]uint32{a, a + 1, a + w + 1}, [3]uint32{a, a + w + 1, a + w})
		}
	}
	return m
}

// benchLoad times Load of the file at path, reporting triangles per second.
func benchLoad(b *testing.B, path string) {
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		m, err := Load(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		n = len(m.Triangles)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "triangles/s")
}

func BenchmarkWriteSTL(b *testing.B) {
	m := benchGridMesh(1 << 20)
	path := filepath.Join(b.TempDir(), "bench.stl")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := WriteSTL(path, m, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Triangles))*float64(b.N)/b.Elapsed().Seconds(), "triangles/s")
}

func BenchmarkReadSTL(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.stl")
	if err := WriteSTL(path, benchGridMesh(1<<20), false); err != nil {
		b.Fatal(err)
	}
	benchLoad(b, path)
}
