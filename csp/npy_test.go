package csp

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// requireTool skips when /usr/bin/python3 lacks a module, unless REQUIRE_TOOLS=1.
func requireTool(t *testing.T, module string) {
	t.Helper()
	if err := exec.Command("/usr/bin/python3", "-c", "import "+module).Run(); err != nil {
		if os.Getenv("REQUIRE_TOOLS") == "1" {
			t.Fatalf("/usr/bin/python3 cannot import %s: %v", module, err)
		}
		t.Skipf("/usr/bin/python3 cannot import %s", module)
	}
}

func TestNPYRoundTrip(t *testing.T) {
	cases := []struct {
		name  string
		shape []int
	}{
		{"1d", []int{5}},
		{"grid", []int{3, 4, 5, 3}},
		{"empty", []int{0, 3}},
	}
	for _, tc := range cases {
		n := 1
		for _, d := range tc.shape {
			n *= d
		}
		data := make([]float32, n)
		for i := range data {
			data[i] = float32(i)*0.5 - 3
		}
		var b bytes.Buffer
		if err := WriteNPY(&b, tc.shape, data); err != nil {
			t.Fatal(err)
		}
		hlen := int(binary.LittleEndian.Uint16(b.Bytes()[8:]))
		if (10+hlen)%64 != 0 || b.Bytes()[10+hlen-1] != '\n' {
			t.Fatalf("%s: header of %d bytes is not padded to 64 with a final newline", tc.name, hlen)
		}
		a, err := ReadNPY(bytes.NewReader(b.Bytes()), int64(b.Len()), "x.npy")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(a.Shape) != len(tc.shape) || len(a.Data) != n || a.Descr != "<f4" {
			t.Fatalf("%s: got shape %v, %d values, %s", tc.name, a.Shape, len(a.Data), a.Descr)
		}
		for i := range data {
			if a.Data[i] != data[i] {
				t.Fatalf("%s: value %d: %v, want %v", tc.name, i, a.Data[i], data[i])
			}
		}
		// Half too.
		hs := make([]uint16, n)
		for i, v := range data {
			hs[i] = FloatToHalf(v)
		}
		b.Reset()
		if err := WriteNPYHalf(&b, tc.shape, hs); err != nil {
			t.Fatal(err)
		}
		if a, err = ReadNPY(bytes.NewReader(b.Bytes()), int64(b.Len()), "x.npy"); err != nil || a.Descr != "<f2" {
			t.Fatalf("%s: half: %v %v", tc.name, err, a)
		}
		for i := range data {
			if a.Data[i] != data[i] { // these values are exact in half
				t.Fatalf("%s: half value %d: %v, want %v", tc.name, i, a.Data[i], data[i])
			}
		}
	}
}

func TestNPYErrors(t *testing.T) {
	hdr := func(dict string) []byte {
		h := dict + strings.Repeat(" ", 64-(10+len(dict)+1)%64) + "\n"
		b := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
		return append(b, h...)
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"short", []byte("\x93NUM"), "too short"},
		{"magic", []byte("PK\x03\x04zipfilezip"), "bad magic"},
		{"version", []byte("\x93NUMPY\x09\x00\x10\x00"), "unsupported .npy version 9.0"},
		{"int dtype", hdr("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }"), "not a float"},
		{"fortran", hdr("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }"), "fortran_order True"},
		{"huge shape", hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }"), "needs"},
		{"overflow", hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (999999999999, 999999999999), }"), "too large"},
		{"truncated", append(hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"), 0, 0, 0), "needs 8 bytes"},
		{"missing key", hdr("{'descr': '<f4', 'shape': (2,), }"), "missing"},
		{"header length", []byte("\x93NUMPY\x01\x00\xff\xff{}"), "header length"},
	}
	for _, tc := range cases {
		_, err := ReadNPY(bytes.NewReader(tc.data), int64(len(tc.data)), "bad.npy")
		if err == nil || !strings.HasPrefix(err.Error(), "bad.npy: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want bad.npy: …%s…", tc.name, err, tc.want)
		}
	}
}

func FuzzReadNPY(f *testing.F) {
	var b bytes.Buffer
	WriteNPY(&b, []int{2, 2, 2, 3}, make([]float32, 24))
	f.Add(b.Bytes())
	b.Reset()
	WriteNPYHalf(&b, []int{2, 3}, make([]uint16, 6))
	f.Add(b.Bytes())
	f.Add([]byte("\x93NUMPY\x02\x00\x10\x00\x00\x00{'descr':'<f8','fortran_order':False,'shape':(1,),}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadNPY(bytes.NewReader(data), int64(len(data)), "fuzz.npy")
		if err == nil {
			n := 1
			for _, d := range a.Shape {
				n *= d
			}
			if n != len(a.Data) {
				t.Fatalf("shape %v but %d values", a.Shape, len(a.Data))
			}
		}
	})
}

func TestSaveLoadGridAndNumpyReads(t *testing.T) {
	dir := t.TempDir()
	g, err := Bake(context.Background(), Sphere{Radius: 0.5}, mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1}, 9, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, half := range []bool{false, true} {
		gg := g
		if half {
			gg = g.ToHalf()
		}
		path := filepath.Join(dir, "sphere.npy")
		if err := SaveGrid(path, gg, Meta{Source: "sphere.obj", SourceSHA256: "abc"}); err != nil {
			t.Fatal(err)
		}
		back, meta, err := LoadGrid(path)
		if err != nil {
			t.Fatal(err)
		}
		if back.Dims != g.Dims || back.Origin != g.Origin || back.Spacing != g.Spacing || back.Half() != half ||
			meta.Source != "sphere.obj" || meta.SourceSHA256 != "abc" || meta.Shape != [4]int{9, 9, 9, 3} {
			t.Fatalf("half=%v: read back %v %v %v, meta %+v", half, back.Dims, back.Origin, back.Spacing, meta)
		}
		if d := back.At(2, 3, 4).Sub(g.At(2, 3, 4)).Len(); d > 1e-3 {
			t.Fatalf("half=%v: node (2,3,4) %v, want %v", half, back.At(2, 3, 4), g.At(2, 3, 4))
		}
	}
	// numpy reads the float32 file: shape, dtype and entry [i, j, k] = closest point to node (i, j, k).
	requireTool(t, "numpy")
	path := filepath.Join(dir, "f32.npy")
	if err := SaveGrid(path, g, Meta{}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("/usr/bin/python3", "-c",
		"import numpy, sys; a = numpy.load(sys.argv[1]); print(a.shape, a.dtype, repr(float(a[2, 3, 4, 1])))", path).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy: %v: %s", err, out)
	}
	got := strings.Fields(string(out))
	if len(got) != 6 || strings.Join(got[:5], " ") != "(9, 9, 9, 3) float32" {
		t.Fatalf("numpy printed %q, want (9, 9, 9, 3) float32 VALUE", out)
	}
	v, err := strconv.ParseFloat(got[5], 32)
	if err != nil || float32(v) != g.At(2, 3, 4)[1] {
		t.Fatalf("numpy reads a[2, 3, 4, 1] = %s, want %v", got[5], g.At(2, 3, 4)[1])
	}
}

func TestLoadGridErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, shape []int, data []float32, meta string) string {
		p := filepath.Join(dir, name)
		var b bytes.Buffer
		WriteNPY(&b, shape, data)
		os.WriteFile(p, b.Bytes(), 0o644)
		if meta != "" {
			os.WriteFile(SidecarPath(p), []byte(meta), 0o644)
		}
		return p
	}
	nan := make([]float32, 2*2*2*3)
	nan[5] = float32(math.NaN())
	cases := []struct {
		name, path, want string
	}{
		{"no sidecar", write("a.npy", []int{2, 2, 2, 3}, make([]float32, 24), ""), "a.npy: cannot read the sidecar"},
		{"wrong shape", write("b.npy", []int{2, 2, 6}, make([]float32, 24), `{"origin":[0,0,0],"spacing":1,"shape":[2,2,2,3]}`), "b.npy: shape [2 2 6], want (nx, ny, nz, 3)"},
		{"sidecar disagrees", write("c.npy", []int{2, 2, 2, 3}, make([]float32, 24), `{"origin":[0,0,0],"spacing":1,"shape":[3,3,3,3]}`), "c.npy: shape [2 2 2 3], but"},
		{"nan", write("d.npy", []int{2, 2, 2, 3}, nan, `{"origin":[0,0,0],"spacing":1,"shape":[2,2,2,3]}`), "d.npy: value at [0, 0, 1, 2] is not finite"},
		{"bad spacing", write("e.npy", []int{2, 2, 2, 3}, make([]float32, 24), `{"origin":[0,0,0],"spacing":0,"shape":[2,2,2,3]}`), "e.npy: grid spacing 0"},
	}
	for _, tc := range cases {
		_, _, err := LoadGrid(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want …%s…", tc.name, err, tc.want)
		}
	}
}
