package csp

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pk builds pickles by hand for the tests.
type pk struct{ bytes.Buffer }

func (p *pk) op(b ...byte) *pk { p.Write(b); return p }
func (p *pk) str(s string) *pk {
	p.WriteByte(opBinUnicode)
	binary.Write(p, binary.LittleEndian, uint32(len(s)))
	p.WriteString(s)
	return p
}
func (p *pk) global(mod, name string) *pk {
	p.WriteByte(opGlobal)
	p.WriteString(mod + "\n" + name + "\n")
	return p
}
func (p *pk) int(v int32) *pk {
	p.WriteByte(opBinInt)
	binary.Write(p, binary.LittleEndian, v)
	return p
}
func (p *pk) tuple(vs ...int32) *pk {
	p.op(opMark)
	for _, v := range vs {
		p.int(v)
	}
	return p.op(opTuple)
}

// tensorEntry appends `name: _rebuild_tensor_v2(storage key, offset, size, stride, ...)`.
func (p *pk) tensorEntry(name, storageType, key string, numel, offset int32, size, stride []int32) *pk {
	p.str(name).global("torch._utils", "_rebuild_tensor_v2").op(opMark)
	p.op(opMark).str("storage").global("torch", storageType).str(key).str("cpu").int(numel).op(opTuple, opBinPersID)
	p.int(offset).tuple(size...).tuple(stride...).op(opNewFalse)
	p.global("collections", "OrderedDict").op(opEmptyTuple, opReduce)
	return p.op(opTuple, opReduce)
}

// stateDictPickle is {name: tensor, ...} built from tensorEntry calls in body.
func stateDictPickle(body func(p *pk)) []byte {
	p := &pk{}
	p.op(opProto, 2, opEmptyDict, opMark)
	body(p)
	p.op(opSetItems, opStop)
	return p.Bytes()
}

// torchZip packs a pickle and storages the way torch.save does (stored entries).
func torchZip(t testing.TB, pkl []byte, storages map[string][]byte, extra map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name string, data []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	add("archive/data.pkl", pkl)
	for k, v := range storages {
		add("archive/data/"+k, v)
	}
	for k, v := range extra {
		add("archive/"+k, []byte(v))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func f32bytes(vs ...float32) []byte {
	b := make([]byte, 4*len(vs))
	for i, v := range vs {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

// TestReadTorchSynthetic covers the reader's checks on hand-made checkpoints.
func TestReadTorchSynthetic(t *testing.T) {
	six := f32bytes(1, 2, 3, 4, 5, 6)
	one := func(storageType string, numel, offset int32, size, stride []int32) []byte {
		return stateDictPickle(func(p *pk) { p.tensorEntry("w", storageType, "0", numel, offset, size, stride) })
	}
	for _, tc := range []struct {
		name     string
		file     []byte
		want     []float32 // tensor w on success
		wantErr  string
		wantSize []int
	}{
		{"ok", torchZip(t, one("FloatStorage", 6, 0, []int32{2, 3}, []int32{3, 1}), map[string][]byte{"0": six}, nil), []float32{1, 2, 3, 4, 5, 6}, "", []int{2, 3}},
		{"offset", torchZip(t, one("FloatStorage", 6, 2, []int32{2, 2}, []int32{2, 1}), map[string][]byte{"0": six}, nil), []float32{3, 4, 5, 6}, "", []int{2, 2}},
		{"scalar", torchZip(t, one("FloatStorage", 6, 5, nil, nil), map[string][]byte{"0": six}, nil), []float32{6}, "", []int{}},
		{"size-1 dim any stride", torchZip(t, one("FloatStorage", 6, 0, []int32{1, 3}, []int32{99, 1}), map[string][]byte{"0": six}, nil), []float32{1, 2, 3}, "", []int{1, 3}},
		{"half", torchZip(t, one("HalfStorage", 2, 0, []int32{2}, []int32{1}), map[string][]byte{"0": {0x00, 0x3c, 0x00, 0xc0}}, nil), []float32{1, -2}, "", []int{2}},
		{"bfloat16", torchZip(t, one("BFloat16Storage", 1, 0, []int32{1}, []int32{1}), map[string][]byte{"0": {0x80, 0x3f}}, nil), []float32{1}, "", []int{1}},
		{"double", torchZip(t, one("DoubleStorage", 1, 0, []int32{1}, []int32{1}), map[string][]byte{"0": binary.LittleEndian.AppendUint64(nil, math.Float64bits(0.5))}, nil), []float32{0.5}, "", []int{1}},
		{"transposed", torchZip(t, one("FloatStorage", 6, 0, []int32{2, 3}, []int32{1, 2}), map[string][]byte{"0": six}, nil), nil, "only contiguous", nil},
		{"past storage", torchZip(t, one("FloatStorage", 6, 2, []int32{2, 3}, []int32{3, 1}), map[string][]byte{"0": six}, nil), nil, "does not fit its storage", nil},
		{"offset past", torchZip(t, one("FloatStorage", 6, 7, []int32{}, []int32{}), map[string][]byte{"0": six}, nil), nil, "outside its storage", nil},
		{"short storage", torchZip(t, one("FloatStorage", 600, 0, []int32{600}, []int32{1}), map[string][]byte{"0": six}, nil), nil, "needs more bytes", nil},
		{"missing storage", torchZip(t, one("FloatStorage", 6, 0, []int32{6}, []int32{1}), nil, nil), nil, "storage archive/data/0 is missing", nil},
		{"int storage", torchZip(t, one("LongStorage", 6, 0, []int32{6}, []int32{1}), map[string][]byte{"0": six}, nil), nil, "refusing global torch.LongStorage", nil},
		{"big endian", torchZip(t, one("FloatStorage", 6, 0, []int32{6}, []int32{1}), map[string][]byte{"0": six}, map[string]string{"byteorder": "big"}), nil, "only little-endian", nil},
		{"whole model", torchZip(t, (&pk{}).op(opProto, 2).global("__main__", "Net").op(opEmptyTuple, opReduce, opStop).Bytes(), nil, nil), nil, "refusing global __main__.Net", nil},
		{"no tensors", torchZip(t, (&pk{}).op(opProto, 2, opEmptyDict).str("epoch").int(3).op(opSetItem, opStop).Bytes(), nil, nil), nil, "no state dict of tensors", nil},
		{"not a dict", torchZip(t, (&pk{}).op(opProto, 2, opNone, opStop).Bytes(), nil, nil), nil, "holds a None", nil},
		{"legacy", []byte{0x80, 0x02, 0x8a, 0x0a}, nil, "legacy", nil},
		{"not zip", []byte("hello world"), nil, "not a PyTorch checkpoint", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sd, _, err := readTorchBytes(tc.file)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			w := sd["w"]
			if len(w.Shape) != len(tc.wantSize) || len(w.Data) != len(tc.want) {
				t.Fatalf("w = %v %v, want %v %v", w.Shape, w.Data, tc.wantSize, tc.want)
			}
			for i := range tc.want {
				if w.Data[i] != tc.want[i] {
					t.Fatalf("w = %v, want %v", w.Data, tc.want)
				}
			}
		})
	}
}

// TestUnpickle runs the interpreter on values and on programs it must refuse.
func TestUnpickle(t *testing.T) {
	// {'a': (1, -2, 3.5), 'b': [True, None], 7: 'x', 'n': -300 (LONG1)}
	good := (&pk{}).op(opProto, 2, opEmptyDict, opBinPut, 0, opMark).
		str("a").op(opBinInt1, 1).int(-2).op(opBinFloat, 0x40, 0x0c, 0, 0, 0, 0, 0, 0, opTuple3).
		str("b").op(opEmptyList, opMark, opNewTrue, opNone, opAppends).
		op(opBinInt2, 7, 0).str("x").
		str("n").op(opLong1, 2, 0xd4, 0xfe).
		op(opSetItems, opStop).Bytes()
	v, err := unpickle(good)
	if err != nil {
		t.Fatal(err)
	}
	d := v.(*pyDict)
	a, _ := d.get("a")
	if tu := a.(pyTuple); len(tu) != 3 || tu[0] != int64(1) || tu[1] != int64(-2) || tu[2] != 3.5 {
		t.Errorf("a = %v", a)
	}
	if b, _ := d.get("b"); len(b.(*pyList).items) != 2 || b.(*pyList).items[0] != true {
		t.Errorf("b = %v", b)
	}
	if x := d.vals[2]; d.keys[2] != int64(7) || x != "x" {
		t.Errorf("7 → %v", x)
	}
	if n, _ := d.get("n"); n != int64(-300) {
		t.Errorf("n = %v", n)
	}
	for _, tc := range []struct {
		name string
		prog []byte
		want string
	}{
		{"os.system", (&pk{}).op(opProto, 2).global("os", "system").str("ls").op(opTuple1, opReduce, opStop).Bytes(), "refusing global os.system"},
		{"stack global eval", (&pk{}).op(opProto, 4, opShortBinUni, 8).op([]byte("builtins")...).op(opShortBinUni, 4).op([]byte("eval")...).op(opStackGlobal, opStop).Bytes(), "refusing global builtins.eval"},
		{"INST", []byte("(ios\nsystem\n."), "not allowed"},
		{"OBJ", []byte{opProto, 2, opMark, 'o', opStop}, "not allowed"},
		{"truncated", []byte{opProto, 2, opBinUnicode, 10, 0, 0, 0, 'a'}, "string of 10 bytes"},
		{"no stop", []byte{opProto, 2, opNone}, "no STOP"},
		{"memo", []byte{opProto, 2, opBinGet, 3, opStop}, "memo 3 is empty"},
		{"underflow", []byte{opProto, 2, opTuple2, opStop}, "stack underflow"},
		{"mark underflow", []byte{opProto, 2, opNone, opMark, opTuple1, opStop}, "stack underflow"},
		{"no mark", []byte{opProto, 2, opTuple, opStop}, "no MARK"},
		{"two left", []byte{opProto, 2, opNone, opNone, opStop}, "2 values"},
		{"append to dict", []byte{opProto, 2, opEmptyDict, opNone, opAppend, opStop}, "APPEND to a dict"},
		{"setitem on list", []byte{opProto, 2, opEmptyList, opNone, opNone, opSetItem, opStop}, "SETITEM on a list"},
		{"call a string", (&pk{}).op(opProto, 2).str("f").op(opEmptyTuple, opReduce, opStop).Bytes(), "REDUCE calls a string"},
		{"storage called", (&pk{}).op(opProto, 2).global("torch", "FloatStorage").op(opEmptyTuple, opReduce, opStop).Bytes(), "not callable"},
		{"bad pid", []byte{opProto, 2, opNone, opBinPersID, opStop}, "persistent id"},
		{"build list", []byte{opProto, 2, opEmptyList, opNone, opBuild, opStop}, "BUILD on a list"},
		{"long1 huge", []byte{opProto, 2, opLong1, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, opStop}, "too large"},
		{"protocol 9", []byte{opProto, 9, opStop}, "protocol 9"},
		{"deep marks", bytes.Repeat([]byte{opMark}, maxPickleDepth+1), "nested deeper"},
	} {
		if _, err := unpickle(tc.prog); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

// fixtureBytes reads the committed PyTorch fixtures, for fuzz seeds.
func fixtureBytes(f *testing.F, names ...string) [][]byte {
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzReadTorch feeds arbitrary bytes and mutated real checkpoints to the zip+pickle reader:
// it must return tensors or an error, never panic or allocate beyond the file's claims.
func FuzzReadTorch(f *testing.F) {
	for _, b := range fixtureBytes(f, "neural_sphere.pt", "neural_sphere_f16.pt", "neural_sphere_top.pth") {
		f.Add(b)
		for _, at := range []int{40, len(b) / 3, len(b) / 2, len(b) - 30} { // flip bytes in headers, pickle and data
			m := append([]byte(nil), b...)
			m[at] ^= 0xff
			f.Add(m)
		}
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, _, err := readTorchBytes(data)
		if err == nil {
			for k, v := range sd {
				n := 1
				for _, d := range v.Shape {
					n *= d
				}
				if n != len(v.Data) {
					t.Fatalf("%s: shape %v with %d values", k, v.Shape, len(v.Data))
				}
			}
		}
	})
}

// FuzzUnpickle runs the restricted interpreter on arbitrary programs.
func FuzzUnpickle(f *testing.F) {
	for _, b := range fixtureBytes(f, "neural_sphere_model.pth") {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range zr.File {
			if strings.HasSuffix(e.Name, "/data.pkl") {
				pkl, err := readEntry(e, maxPickleBytes, int64(len(b)))
				if err != nil {
					f.Fatal(err)
				}
				f.Add(pkl)
			}
		}
	}
	f.Add(stateDictPickle(func(p *pk) { p.tensorEntry("w", "FloatStorage", "0", 6, 0, []int32{2, 3}, []int32{3, 1}) }))
	f.Add([]byte{opProto, 2, opEmptyDict, opStop})
	f.Fuzz(func(t *testing.T, data []byte) {
		unpickle(data) // must not panic
	})
}
