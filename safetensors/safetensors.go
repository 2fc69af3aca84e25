// Package safetensors reads and writes the safetensors tensor file format (huggingface/safetensors):
// an 8-byte little-endian header length N, N bytes of JSON {name: {"dtype", "shape",
// "data_offsets": [begin, end]}, "__metadata__": {string: string}}, then the data; offsets are
// relative to the end of the header. Float tensors are read as float32.
package safetensors

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

// Tensor is a dense float32 tensor in C order; Dtype is the dtype it was stored as
// ("F32", "F16", "BF16" or "F64").
type Tensor struct {
	Shape []int
	Dtype string
	Data  []float32
}

// maxHeader caps the JSON header; the reference implementation refuses over 100 MB.
const maxHeader = 100 << 20

// maxDims bounds a tensor's rank; real checkpoints use a handful of dimensions.
const maxDims = 16

// dtypeSize maps the float dtypes read to their element size in bytes.
var dtypeSize = map[string]int{"F32": 4, "F16": 2, "BF16": 2, "F64": 8}

// Read reads a safetensors file: its float tensors (F32, F16, BF16, F64 converted to float32)
// and its __metadata__. Errors name the file and the tensor.
func Read(path string) (map[string]Tensor, map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	ts, meta, err := ReadBytes(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	return ts, meta, nil
}

type entry struct {
	name    string
	Dtype   string   `json:"dtype"`
	Shape   []int64  `json:"shape"`
	Offsets []uint64 `json:"data_offsets"`
}

// ReadBytes decodes a whole safetensors file held in data.
func ReadBytes(data []byte) (map[string]Tensor, map[string]string, error) {
	if len(data) < 8 {
		return nil, nil, fmt.Errorf("not a safetensors file (%d bytes)", len(data))
	}
	n := binary.LittleEndian.Uint64(data)
	if n > maxHeader || n > uint64(len(data)-8) {
		return nil, nil, fmt.Errorf("safetensors header length %d exceeds the file (%d bytes)", n, len(data))
	}
	hdr := data[8 : 8+n]
	body := data[8+n:]
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(hdr)).Decode(&raw); err != nil {
		return nil, nil, fmt.Errorf("safetensors header: %v", err)
	}
	meta := map[string]string{}
	var entries []entry
	for _, name := range sortedKeys(raw) {
		if name == "__metadata__" {
			if err := json.Unmarshal(raw[name], &meta); err != nil {
				return nil, nil, fmt.Errorf("safetensors __metadata__: %v", err)
			}
			continue
		}
		e := entry{name: name}
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
		out[e.name] = Tensor{Shape: shape, Dtype: e.Dtype, Data: DecodeFloats(body[e.Offsets[0]:e.Offsets[1]], e.Dtype)}
	}
	return out, meta, nil
}

// check validates an entry's dtype, shape and offsets against a data section of size bytes.
func (e *entry) check(size int) error {
	item, ok := dtypeSize[e.Dtype]
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
	if len(e.Shape) > maxDims {
		return fmt.Errorf("shape %v has too many dimensions", e.Shape)
	}
	count := uint64(1)
	for _, d := range e.Shape {
		if d < 0 || d > math.MaxInt32 || d > 0 && count > uint64(size)/uint64(d) {
			return fmt.Errorf("shape %v does not fit the %d data bytes", e.Shape, size)
		}
		count *= uint64(d)
	}
	if want := count * uint64(item); end-b != want {
		return fmt.Errorf("shape %v of %s needs %d bytes, data_offsets %v give %d", e.Shape, e.Dtype, want, e.Offsets, end-b)
	}
	return nil
}

// DtypeSize returns the element size in bytes of a float dtype this package reads ("F32", "F16",
// "BF16", "F64"), and 0 for any other.
func DtypeSize(dtype string) int { return dtypeSize[dtype] }

// DecodeFloats converts little-endian F16/BF16/F32/F64 bytes to float32 (dtype as in DtypeSize;
// trailing bytes short of an element are ignored).
func DecodeFloats(raw []byte, dtype string) []float32 {
	item := dtypeSize[dtype]
	out := make([]float32, len(raw)/item)
	le := binary.LittleEndian
	for i := range out {
		switch dtype {
		case "F32":
			out[i] = math.Float32frombits(le.Uint32(raw[4*i:]))
		case "F16":
			out[i] = HalfToFloat(le.Uint16(raw[2*i:]))
		case "BF16":
			out[i] = math.Float32frombits(uint32(le.Uint16(raw[2*i:])) << 16)
		case "F64":
			out[i] = float32(math.Float64frombits(le.Uint64(raw[8*i:])))
		}
	}
	return out
}

// HalfToFloat converts an IEEE 754 binary16 to float32 exactly.
func HalfToFloat(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	man := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0x7f800000 | man<<13)
	case exp == 0 && man == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: man·2^−24
		v := float32(man) / (1 << 24)
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | man<<13) // rebias 15 → 127
}

// sortedKeys returns a map's keys in order (for deterministic messages).
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
