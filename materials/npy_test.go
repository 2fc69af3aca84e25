package materials

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/mesh"
)

// npyBytes builds a .npy file with the given header dict and raw data.
func npyBytes(dict string, data []byte) []byte {
	var b bytes.Buffer
	writeNPYHeaderDict(&b, dict)
	b.Write(data)
	return b.Bytes()
}

func writeNPYHeaderDict(b *bytes.Buffer, dict string) {
	pad := (npyAlign - (10+len(dict)+1)%npyAlign) % npyAlign
	hdr := dict + strings.Repeat(" ", pad) + "\n"
	b.WriteString(npyMagic)
	b.Write([]byte{1, 0})
	binary.Write(b, binary.LittleEndian, uint16(len(hdr)))
	b.WriteString(hdr)
}

func TestReadNPY1DTypes(t *testing.T) {
	le := func(v any) []byte { var b bytes.Buffer; binary.Write(&b, binary.LittleEndian, v); return b.Bytes() }
	be := func(v any) []byte { var b bytes.Buffer; binary.Write(&b, binary.BigEndian, v); return b.Bytes() }
	cases := []struct {
		descr string
		shape string
		data  []byte
		want  []float64
	}{
		{"|u1", "(3,)", []byte{0, 7, 255}, []float64{0, 7, 255}},
		{"|i1", "(2,)", []byte{0xff, 5}, []float64{-1, 5}},
		{"|b1", "(2,)", []byte{0, 1}, []float64{0, 1}},
		{"<i4", "(2,)", le([]int32{3, -4}), []float64{3, -4}},
		{">i4", "(2,)", be([]int32{3, -4}), []float64{3, -4}},
		{"<i8", "(2, 1)", le([]int64{1 << 40, 2}), []float64{1 << 40, 2}},
		{"<u2", "(1,)", le([]uint16{65535}), []float64{65535}},
		{"<f4", "(2,)", le([]float32{1.5, float32(math.NaN())}), []float64{1.5, math.NaN()}},
		{"<f8", "(1,)", le([]float64{2.25}), []float64{2.25}},
		{"<f2", "(2,)", le([]uint16{0x3c00, 0xc000}), []float64{1, -2}},
		{"<f4", "(0,)", nil, []float64{}},
	}
	for _, c := range cases {
		b := npyBytes("{'descr': '"+c.descr+"', 'fortran_order': False, 'shape': "+c.shape+", }", c.data)
		a, err := ReadNPY1D(bytes.NewReader(b), int64(len(b)), "x.npy")
		if err != nil {
			t.Errorf("%s %s: %v", c.descr, c.shape, err)
			continue
		}
		if len(a.Data) != len(c.want) {
			t.Errorf("%s: %d values, want %d", c.descr, len(a.Data), len(c.want))
			continue
		}
		for i := range c.want {
			if a.Data[i] != c.want[i] && !(math.IsNaN(a.Data[i]) && math.IsNaN(c.want[i])) {
				t.Errorf("%s[%d] = %v, want %v", c.descr, i, a.Data[i], c.want[i])
			}
		}
	}
}

func TestReadNPY1DErrors(t *testing.T) {
	cases := []struct{ name, dict, want string }{
		{"2d", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", "want a 1-D array"},
		{"complex", "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", "dtype not understood"},
		{"f16", "{'descr': '<f16', 'fortran_order': False, 'shape': (2,), }", "not supported"},
		{"huge", "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "needs"},
		{"noshape", "{'descr': '<f4', 'fortran_order': False}", "no shape"},
		{"trunc", "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", "needs 16 bytes"},
	}
	for _, c := range cases {
		b := npyBytes(c.dict, []byte{1, 2, 3, 4})
		_, err := ReadNPY1D(bytes.NewReader(b), int64(len(b)), "bad.npy")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "bad.npy: ") {
			t.Errorf("%s: error %v, want bad.npy: ...%s", c.name, err, c.want)
		}
	}
	if _, err := ReadNPY1D(strings.NewReader("nope"), 4, "short.npy"); err == nil {
		t.Error("short file accepted")
	}
}

func TestNPYRoundTrip(t *testing.T) {
	var b bytes.Buffer
	ids := []int32{0, 5, -1, 1 << 30}
	if err := WriteNPYInt32(&b, ids); err != nil {
		t.Fatal(err)
	}
	a, err := ReadNPY1D(bytes.NewReader(b.Bytes()), int64(b.Len()), "ids.npy")
	if err != nil || a.Descr != "<i4" || !a.IsInt() {
		t.Fatalf("%v %+v", err, a)
	}
	for i := range ids {
		if a.Data[i] != float64(ids[i]) {
			t.Errorf("id %d: %v", i, a.Data[i])
		}
	}
	b.Reset()
	vals := []float32{0.25, 3e9}
	WriteNPYFloat32(&b, vals)
	if b.Len()%npyAlign != 8 { // header padded to 64 bytes, then 2 float32
		t.Errorf("file length %d: header not aligned to %d", b.Len(), npyAlign)
	}
	a, err = ReadNPY1D(bytes.NewReader(b.Bytes()), int64(b.Len()), "v.npy")
	if err != nil || a.Data[1] != 3e9 {
		t.Fatalf("%v %+v", err, a)
	}
}

// TestNPYNumpy cross-checks with numpy when /usr/bin/python3 has it: numpy reads what we write and
// we read what numpy writes (int64, uint8, float64).
func TestNPYNumpy(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		t.Skip("no numpy in /usr/bin/python3")
	}
	dir := t.TempDir()
	ours := filepath.Join(dir, "ours.npy")
	if err := mesh.WriteFileAtomic(ours, func(w io.Writer) error { return WriteNPYInt32(w, []int32{4, 2, 17}) }); err != nil {
		t.Fatal(err)
	}
	script := `import numpy as np, sys
d = sys.argv[1]
a = np.load(d + "/ours.npy"); assert a.dtype == np.int32 and a.tolist() == [4, 2, 17], a
np.save(d + "/i8.npy", np.array([3, 1 << 40], dtype=np.int64))
np.save(d + "/u1.npy", np.array([9, 200], dtype=np.uint8))
np.save(d + "/f8.npy", np.array([0.5, -1.25], dtype=np.float64))`
	if out, err := exec.Command(py, "-c", script, dir).CombinedOutput(); err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	for name, want := range map[string][]float64{"i8": {3, 1 << 40}, "u1": {9, 200}, "f8": {0.5, -1.25}} {
		a, err := ReadNPYFile(filepath.Join(dir, name+".npy"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if a.Data[i] != want[i] {
				t.Errorf("%s[%d] = %v, want %v", name, i, a.Data[i], want[i])
			}
		}
	}
	os.Remove(ours)
}
