package safetensors

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stFile assembles a safetensors file from a header and data.
func stFile(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(b, header...), data...)
}

// TestReadBytes covers dtypes and every check on the header.
func TestReadBytes(t *testing.T) {
	f16 := []byte{0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00}                    // 1, −2, 2^−24
	bf16 := []byte{0x80, 0x3f}                                           // 1
	f64 := binary.LittleEndian.AppendUint64(nil, math.Float64bits(0.25)) // 0.25
	for _, tc := range []struct {
		name   string
		file   []byte
		want   map[string][]float32
		errSub string
	}{
		{"dtypes", stFile(`{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[1,1],"data_offsets":[6,8]},"c":{"dtype":"F64","shape":[],"data_offsets":[8,16]},"__metadata__":{"k":"v"}}`, append(append(append([]byte{}, f16...), bf16...), f64...)),
			map[string][]float32{"a": {1, -2, 1.0 / (1 << 24)}, "b": {1}, "c": {0.25}}, ""},
		{"empty tensor", stFile(`{"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}}`, nil), map[string][]float32{"e": {}}, ""},
		{"short", []byte{1, 2}, nil, "not a safetensors file"},
		{"header too long", stFile(`{}`, nil)[:9], nil, "exceeds the file"},
		{"bad json", stFile(`{"a":`, nil), nil, "safetensors header"},
		{"int dtype", stFile(`{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}`, make([]byte, 8)), nil, `tensor "a": dtype "I64"`},
		{"outside", stFile(`{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}`, make([]byte, 8)), nil, "outside the 8 data bytes"},
		{"reversed", stFile(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}`, make([]byte, 8)), nil, "outside"},
		{"size mismatch", stFile(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, make([]byte, 12)), nil, "needs 12 bytes"},
		{"overlap", stFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}`, make([]byte, 12)), nil, "overlap"},
		{"huge shape", stFile(`{"a":{"dtype":"F32","shape":[100000,100000,100000],"data_offsets":[0,8]}}`, make([]byte, 8)), nil, "does not fit"},
		{"negative shape", stFile(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}`, nil), nil, "does not fit"},
		{"bad offsets", stFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}`, make([]byte, 4)), nil, "want [begin, end]"},
		{"bad metadata", stFile(`{"__metadata__":{"k":1}}`, nil), nil, "__metadata__"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, meta, err := ReadBytes(tc.file)
			if tc.errSub != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errSub) {
					t.Fatalf("error %v, want %q", err, tc.errSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.name == "dtypes" && (meta["k"] != "v" || ts["a"].Dtype != "F16" || ts["c"].Dtype != "F64") {
				t.Errorf("metadata %v, tensors %v", meta, ts)
			}
			for k, want := range tc.want {
				got := ts[k].Data
				if len(got) != len(want) {
					t.Fatalf("%s = %v, want %v", k, got, want)
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%s = %v, want %v", k, got, want)
					}
				}
			}
		})
	}
}

// TestWriteRoundTrip writes tensors and reads them back, through a file.
func TestWriteRoundTrip(t *testing.T) {
	in := map[string]Tensor{
		"w":      {Shape: []int{2, 3}, Data: []float32{1, 2, 3, -4, 5.5, float32(math.Inf(1))}},
		"scalar": {Shape: nil, Data: []float32{7}},
		"empty":  {Shape: []int{0}, Data: nil},
	}
	path := filepath.Join(t.TempDir(), "t.safetensors")
	if err := WriteFile(path, in, map[string]string{"model": "x"}); err != nil {
		t.Fatal(err)
	}
	out, meta, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if meta["model"] != "x" || len(out) != len(in) {
		t.Fatalf("meta %v, %d tensors", meta, len(out))
	}
	for k, want := range in {
		got := out[k]
		if got.Dtype != "F32" || len(got.Data) != len(want.Data) || len(got.Shape) != len(want.Shape) {
			t.Fatalf("%s: %+v, want %+v", k, got, want)
		}
		for i := range want.Data {
			if got.Data[i] != want.Data[i] {
				t.Fatalf("%s[%d] = %v, want %v", k, i, got.Data[i], want.Data[i])
			}
		}
	}
	if err := Write(&bytes.Buffer{}, map[string]Tensor{"bad": {Shape: []int{3}, Data: []float32{1}}}, nil); err == nil {
		t.Error("Write accepted a shape that does not match the data")
	}
	if _, _, err := Read(filepath.Join(t.TempDir(), "missing.safetensors")); err == nil {
		t.Error("Read of a missing file succeeded")
	}
}

// FuzzReadSafetensors feeds arbitrary and mutated safetensors files to the parser.
func FuzzReadSafetensors(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, map[string]Tensor{"a": {Shape: []int{2, 2}, Data: []float32{1, 2, 3, 4}}, "b": {Shape: []int{1}, Data: []float32{5}}}, map[string]string{"k": "v"}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:20])
	if b, err := os.ReadFile(filepath.Join("..", "csp", "testdata", "neural_sphere.safetensors")); err == nil {
		f.Add(b)
	}
	f.Add(stFile(`{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"__metadata__":{"k":"v"}}`, make([]byte, 4)))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, _, err := ReadBytes(data)
		if err != nil {
			return
		}
		for k, v := range ts {
			n := 1
			for _, d := range v.Shape {
				n *= d
			}
			if n != len(v.Data) {
				t.Fatalf("%s: shape %v with %d values", k, v.Shape, len(v.Data))
			}
		}
	})
}
