package csp

import (
	"encoding/binary"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// stFile assembles a safetensors file from a header and data.
func stFile(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(b, header...), data...)
}

// TestReadSafetensorsFixture reads the fixture and checks it against the PyTorch checkpoint.
func TestReadSafetensorsFixture(t *testing.T) {
	ts, meta, err := ReadSafetensors(filepath.Join("testdata", "neural_sphere.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if meta["format"] != "pt" || !strings.Contains(meta["frame"], "0.5") {
		t.Errorf("metadata %v", meta)
	}
	sd, _, err := ReadTorch(neuralFixture)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != len(sd) {
		t.Fatalf("%d tensors, the checkpoint has %d", len(ts), len(sd))
	}
	for k, want := range sd {
		got := ts[k]
		if len(got.Data) != len(want.Data) || len(got.Shape) != len(want.Shape) {
			t.Fatalf("%s: %v, want %v", k, got.Shape, want.Shape)
		}
		for i := range want.Data {
			if got.Data[i] != want.Data[i] {
				t.Fatalf("%s[%d] = %v, want %v", k, i, got.Data[i], want.Data[i])
			}
		}
	}
}

// TestParseSafetensorsWrapper checks csp's wrapper passes tensors and errors through; the
// reader's own tests and fuzz target live in package safetensors.
func TestParseSafetensorsWrapper(t *testing.T) {
	ts, meta, err := parseSafetensors(stFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"k":"v"}}`, binary.LittleEndian.AppendUint32(nil, math.Float32bits(2.5))))
	if err != nil || meta["k"] != "v" || len(ts["a"].Data) != 1 || ts["a"].Data[0] != 2.5 {
		t.Fatalf("got %v %v %v", ts, meta, err)
	}
	if _, _, err := parseSafetensors([]byte{1}); err == nil || !strings.Contains(err.Error(), "not a safetensors file") {
		t.Fatalf("error %v", err)
	}
}
