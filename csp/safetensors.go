package csp

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
)

// Tensor is a dense float32 tensor in C order, as read from a checkpoint or safetensors file.
type Tensor struct {
	Shape []int
	Data  []float32
}

// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N,
// N bytes of JSON {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__":
// {string: string}}, then the data; offsets are relative to the end of the header.

// maxSafetensorsHeader caps the JSON header; the reference implementation refuses over 100 MB.
const maxSafetensorsHeader = 100 << 20

// safetensorsDtypes maps the float dtypes read to their internal name.
var safetensorsDtypes = map[string]string{"F32": "float32", "F16": "float16", "F64": "float64", "BF16": "bfloat16"}

// ReadSafetensors reads a safetensors file: its float tensors (F32, F16, BF16, F64 converted
// to float32) and its __metadata__. Errors name the file and the tensor.
func ReadSafetensors(path string) (map[string]Tensor, map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	ts, meta, err := parseSafetensors(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	return ts, meta, nil
}

type stEntry struct {
	name    string
	Dtype   string   `json:"dtype"`
	Shape   []int64  `json:"shape"`
	Offsets []uint64 `json:"data_offsets"`
}

// parseSafetensors decodes a whole safetensors file held in data.
func parseSafetensors(data []byte) (map[string]Tensor, map[string]string, error) {
	if len(data) < 8 {
		return nil, nil, fmt.Errorf("not a safetensors file (%d bytes)", len(data))
	}
	n := binary.LittleEndian.Uint64(data)
	if n > maxSafetensorsHeader || n > uint64(len(data)-8) {
		return nil, nil, fmt.Errorf("safetensors header length %d exceeds the file (%d bytes)", n, len(data))
	}
	hdr := data[8 : 8+n]
	body := data[8+n:]
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(hdr))
	if err := dec.Decode(&raw); err != nil {
		return nil, nil, fmt.Errorf("safetensors header: %v", err)
	}
	meta := map[string]string{}
	var entries []stEntry
	for _, name := range sortedKeys(raw) {
		if name == "__metadata__" {
			if err := json.Unmarshal(raw[name], &meta); err != nil {
				return nil, nil, fmt.Errorf("safetensors __metadata__: %v", err)
			}
			continue
		}
		e := stEntry{name: name}
		if err := json.Unmarshal(raw[name], &e); err != nil {
			return nil, nil, fmt.Errorf("tensor %q: %v", name, err)
		}
		if err := e.check(len(body)); err != nil {
			return nil, nil, fmt.Errorf("tensor %q: %v", name, err)
		}
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Offsets[0] < entries[j].Offsets[0] })
	for i := 1; i < len(entries); i++ {
		if a, b := entries[i-1], entries[i]; b.Offsets[0] < a.Offsets[1] {
			return nil, nil, fmt.Errorf("tensors %q and %q overlap (bytes %v and %v)", a.name, b.name, a.Offsets, b.Offsets)
		}
	}
	out := make(map[string]Tensor, len(entries))
	for _, e := range entries {
		shape := make([]int, len(e.Shape))
		for i, d := range e.Shape {
			shape[i] = int(d)
		}
		out[e.name] = Tensor{Shape: shape, Data: decodeFloats(body[e.Offsets[0]:e.Offsets[1]], safetensorsDtypes[e.Dtype])}
	}
	return out, meta, nil
}

// check validates an entry's dtype, shape and offsets against a data section of size bytes.
func (e *stEntry) check(size int) error {
	dt, ok := safetensorsDtypes[e.Dtype]
	if !ok {
		return fmt.Errorf("dtype %q: only F32, F16, BF16 and F64 are read", e.Dtype)
	}
	if len(e.Offsets) != 2 {
		return fmt.Errorf("data_offsets %v, want [begin, end]", e.Offsets)
	}
	b, end := e.Offsets[0], e.Offsets[1]
	if b > end || end > uint64(size) {
		return fmt.Errorf("data_offsets %v outside the %d data bytes", e.Offsets, size)
	}
	if len(e.Shape) > maxTensorDims {
		return fmt.Errorf("shape %v has too many dimensions", e.Shape)
	}
	count := uint64(1)
	for _, d := range e.Shape {
		if d < 0 || d > math.MaxInt32 || d > 0 && count > uint64(size)/uint64(d) {
			return fmt.Errorf("shape %v does not fit the %d data bytes", e.Shape, size)
		}
		count *= uint64(d)
	}
	if want := count * uint64(storageDtypes[dt]); end-b != want {
		return fmt.Errorf("shape %v of %s needs %d bytes, data_offsets %v give %d", e.Shape, e.Dtype, want, e.Offsets, end-b)
	}
	return nil
}
