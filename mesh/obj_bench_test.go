package mesh

import (
	"bufio"
	"bytes"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// objGridPath makes TestWriteGridOBJ write the benchmark grid, for bench/obj_read.sh.
var objGridPath = flag.String("objgrid", "", "TestWriteGridOBJ writes the 1M-triangle benchmark OBJ to this path")

// gridSide is the grid's vertex count per side: 708² vertices give 2·707² = 999,698
// triangles, the ≈1M-triangle size the Open3D comparison uses.
const gridSide = 708

// writeGridOBJ writes an n×n height-field grid the way ShapeNet writes models: v, vt and vn
// pools (normals 0.0254 long, not unit) and `f v/vt/vn` triangles.
func writeGridOBJ(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	var buf []byte
	num := func(prefix string, vals ...float64) {
		buf = append(buf[:0], prefix...)
		for _, v := range vals {
			buf = append(buf, ' ')
			buf = strconv.AppendFloat(buf, v, 'f', 6, 64)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	bw.WriteString("# benchmark grid like ShapeNet v2\nmtllib grid.mtl\ng grid\n")
	h := func(x, y float64) float64 { return 0.05 * math.Sin(9*x) * math.Cos(7*y) }
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			x, y := float64(i)/float64(n-1)-0.5, float64(j)/float64(n-1)-0.5
			num("v", x, h(x, y), y)
		}
	}
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			num("vt", float64(i)/float64(n-1), float64(j)/float64(n-1))
		}
	}
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			x, y := float64(i)/float64(n-1)-0.5, float64(j)/float64(n-1)-0.5
			dx, dy := 0.45*math.Cos(9*x)*math.Cos(7*y), -0.35*math.Sin(9*x)*math.Sin(7*y)
			l := math.Sqrt(dx*dx+1+dy*dy) / 0.0254 // ShapeNet normals are 0.0254 long
			num("vn", -dx/l, 1/l, -dy/l)
		}
	}
	bw.WriteString("usemtl grid\n")
	corner := func(k int) {
		s := strconv.Itoa(k + 1)
		buf = append(append(append(append(append(append(buf, ' '), s...), '/'), s...), '/'), s...)
	}
	for j := 0; j+1 < n; j++ {
		for i := 0; i+1 < n; i++ {
			a, b, c, d := j*n+i, j*n+i+1, (j+1)*n+i+1, (j+1)*n+i
			buf = append(buf[:0], 'f')
			corner(a)
			corner(c)
			corner(b)
			buf = append(buf, "\nf"...)
			corner(a)
			corner(d)
			corner(c)
			buf = append(buf, '\n')
			bw.Write(buf)
		}
	}
	return bw.Flush()
}

var gridOBJ = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	writeGridOBJ(&b, gridSide)
	return b.Bytes()
})

// gridTriangles is the triangle count of the benchmark grid.
const gridTriangles = 2 * (gridSide - 1) * (gridSide - 1)

// BenchmarkReadOBJ parses the 1M-triangle grid from memory; MB/s is the figure to compare.
func BenchmarkReadOBJ(b *testing.B) {
	data := gridOBJ()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := ReadOBJ(bytes.NewReader(data), "grid.obj")
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Triangles) != gridTriangles {
			b.Fatalf("%d triangles, want %d", len(m.Triangles), gridTriangles)
		}
	}
}

// BenchmarkLoadOBJ loads the grid from a file (page cache), as Open3D does in bench/obj_read.sh.
func BenchmarkLoadOBJ(b *testing.B) {
	data := gridOBJ()
	path := filepath.Join(b.TempDir(), "grid.obj")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := LoadOBJ(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Triangles) != gridTriangles {
			b.Fatalf("%d triangles, want %d", len(m.Triangles), gridTriangles)
		}
	}
}

// TestWriteGridOBJ writes the benchmark grid to -objgrid (used by bench/obj_read.sh); without
// the flag it writes a small grid and checks it reads back with the triangle count expected.
func TestWriteGridOBJ(t *testing.T) {
	if *objGridPath == "" {
		const side = 9 // 2·8² = 128 triangles: the generator's shape at a glance
		path := filepath.Join(t.TempDir(), "grid.obj")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := writeGridOBJ(f, side); err != nil {
			t.Fatal(err)
		}
		f.Close()
		m, err := Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := 2 * (side - 1) * (side - 1); len(m.Triangles) != want || len(m.Positions) != side*side {
			t.Fatalf("grid: %d triangles, %d vertices; want %d and %d", len(m.Triangles), len(m.Positions), want, side*side)
		}
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(*objGridPath), ".grid-*.obj")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(tmp.Name())
	if err := writeGridOBJ(tmp, gridSide); err != nil {
		t.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), *objGridPath); err != nil {
		t.Fatal(err)
	}
}

func TestGridOBJSmall(t *testing.T) {
	// The generator itself: a 4×4 grid reads back with 18 triangles and unit normals.
	var b bytes.Buffer
	if err := writeGridOBJ(&b, 4); err != nil {
		t.Fatal(err)
	}
	m, err := ReadOBJ(&b, "grid.obj")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Positions) != 16 || len(m.Triangles) != 18 || len(m.TriNormals) != 18 || len(m.TriMaterial) != 18 {
		t.Fatalf("%d positions %d triangles", len(m.Positions), len(m.Triangles))
	}
	checkMeshInvariants(t, m)
	for i := range m.Triangles {
		if m.FaceNormal(i)[1] <= 0 {
			t.Fatalf("triangle %d faces down: %v", i, m.FaceNormal(i))
		}
	}
}
