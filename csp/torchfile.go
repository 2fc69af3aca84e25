package csp

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/splatscope/splatscope/safetensors"
)

// PyTorch checkpoints (torch.save since 1.6) are zip archives: <name>/data.pkl holds the
// pickled object, <name>/data/<key> the raw little-endian bytes of each storage the pickle
// names by persistent id, and <name>/byteorder (newer versions) says "little" or "big".

const (
	// maxPickleBytes caps data.pkl: a state dict's pickle is a few KB per tensor; 64 MiB is
	// far beyond any real one and bounds what a hostile archive can make us decompress.
	maxPickleBytes = 64 << 20
	// maxDeflateRatio is the most that deflate can expand (1032:1); a compressed entry
	// claiming more is lying about its size.
	maxDeflateRatio = 1032
	// maxTensorDims bounds a tensor's rank; a state dict's tensors have a handful of dims.
	maxTensorDims = 16
)

// storageDtypes maps the storage dtypes the reader converts to their safetensors names, whose
// element sizes and decoding the safetensors package provides.
var storageDtypes = map[string]string{"float32": "F32", "float16": "F16", "float64": "F64", "bfloat16": "BF16"}

// persistentStorage turns a persistent id ('storage', type, key, location, numel) into a
// storage reference.
func persistentStorage(pid any) (*torchStorage, error) {
	t, ok := pid.(pyTuple)
	if !ok || len(t) != 5 {
		return nil, fmt.Errorf("persistent id is a %s, want ('storage', type, key, location, numel)", typeName(pid))
	}
	if s, _ := t[0].(string); s != "storage" {
		return nil, fmt.Errorf("persistent id of kind %v, want 'storage'", t[0])
	}
	g, ok := t[1].(pyGlobal)
	if !ok {
		return nil, fmt.Errorf("storage type is a %s", typeName(t[1]))
	}
	dtype := allowedGlobals[g.module+"."+g.name]
	if _, ok := storageDtypes[dtype]; !ok {
		return nil, fmt.Errorf("storage type %s.%s is not a float storage", g.module, g.name)
	}
	key, ok := t[2].(string)
	if !ok || key == "" || strings.ContainsAny(key, "/\\") || key == "." || key == ".." {
		return nil, fmt.Errorf("bad storage key %v", t[2])
	}
	numel, ok := t[4].(int64)
	if !ok || numel < 0 {
		return nil, fmt.Errorf("bad storage size %v", t[4])
	}
	return &torchStorage{key: key, dtype: dtype, numel: numel}, nil
}

// rebuildTensor checks _rebuild_tensor_v2's arguments (storage, storage_offset, size,
// stride, requires_grad, backward_hooks[, metadata]); only contiguous views are accepted.
func rebuildTensor(args pyTuple) (*torchTensor, error) {
	if len(args) < 4 {
		return nil, fmt.Errorf("_rebuild_tensor_v2 with %d arguments", len(args))
	}
	s, ok := args[0].(*torchStorage)
	if !ok {
		return nil, fmt.Errorf("_rebuild_tensor_v2 of a %s, not a storage", typeName(args[0]))
	}
	off, ok := args[1].(int64)
	if !ok || off < 0 || off > s.numel {
		return nil, fmt.Errorf("tensor storage offset %v outside its storage of %d", args[1], s.numel)
	}
	size, err := intTuple(args[2], "size")
	if err != nil {
		return nil, err
	}
	stride, err := intTuple(args[3], "stride")
	if err != nil {
		return nil, err
	}
	if len(stride) != len(size) {
		return nil, fmt.Errorf("tensor size %v and stride %v differ in rank", size, stride)
	}
	n := int64(1)
	for _, d := range size {
		if d > 0 && n > (s.numel-off)/int64(d) {
			return nil, fmt.Errorf("tensor of size %v at offset %d does not fit its storage of %d", size, off, s.numel)
		}
		n *= int64(d)
	}
	want := int64(1)
	for i := len(size) - 1; i >= 0; i-- {
		if size[i] != 1 && int64(stride[i]) != want {
			return nil, fmt.Errorf("tensor of size %v has strides %v: only contiguous tensors are read", size, stride)
		}
		want *= int64(size[i])
	}
	return &torchTensor{storage: s, offset: off, size: size, stride: stride}, nil
}

// intTuple reads a tuple of non-negative ints.
func intTuple(v any, what string) ([]int, error) {
	t, ok := v.(pyTuple)
	if !ok || len(t) > maxTensorDims {
		return nil, fmt.Errorf("tensor %s is a %s", what, typeName(v))
	}
	out := make([]int, len(t))
	for i, x := range t {
		n, ok := x.(int64)
		if !ok || n < 0 || n > math.MaxInt32 {
			return nil, fmt.Errorf("tensor %s %v: entry %d is not a size", what, t, i)
		}
		out[i] = int(n)
	}
	return out, nil
}

// ReadTorch reads the tensors of a PyTorch checkpoint's state dict: the dict under "net"
// (the CSP paper's checkpoints), "model", "state_dict" or "model_state_dict", or the top-level
// dict itself when it maps names to tensors. where names the key it was found under ("" for
// the top level). Errors name the file.
func ReadTorch(path string) (sd map[string]Tensor, where string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	sd, where, err = readTorchBytes(data)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	return sd, where, nil
}

// stateDictKeys are the checkpoint keys a state dict is looked for under, in order.
var stateDictKeys = []string{"net", "model", "state_dict", "model_state_dict"}

// readTorchBytes is ReadTorch on the file's bytes.
func readTorchBytes(data []byte) (map[string]Tensor, string, error) {
	if len(data) >= 2 && data[0] == opProto {
		return nil, "", fmt.Errorf("legacy (pre-1.6) PyTorch format: re-save it with a newer torch.save")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", fmt.Errorf("not a PyTorch checkpoint (zip): %v", err)
	}
	files := map[string]*zip.File{}
	prefix := ""
	for _, f := range zr.File {
		files[f.Name] = f
		if dir, base := pathSplit(f.Name); base == "data.pkl" && !strings.Contains(dir, "/") && prefix == "" {
			prefix = dir
		}
	}
	pkl, ok := files[prefix+"/data.pkl"]
	if prefix == "" || !ok {
		return nil, "", fmt.Errorf("no <name>/data.pkl in the archive: not a torch.save checkpoint")
	}
	if bo, ok := files[prefix+"/byteorder"]; ok {
		b, err := readEntry(bo, 16, int64(len(data)))
		if err == nil && strings.TrimSpace(string(b)) != "little" {
			return nil, "", fmt.Errorf("byte order %q: only little-endian checkpoints are read", b)
		}
	}
	src, err := readEntry(pkl, maxPickleBytes, int64(len(data)))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", pkl.Name, err)
	}
	root, err := unpickle(src)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", pkl.Name, err)
	}
	d, where, err := findStateDict(root)
	if err != nil {
		return nil, "", err
	}
	loaded := map[string][]float32{}
	sd := map[string]Tensor{}
	for i, k := range d.keys {
		t, ok := d.vals[i].(*torchTensor)
		name, isStr := k.(string)
		if !ok || !isStr {
			continue // non-tensor entries (such as _extra_state) are not weights
		}
		st, ok := loaded[t.storage.key]
		if !ok {
			f, ok := files[prefix+"/data/"+t.storage.key]
			if !ok {
				return nil, "", fmt.Errorf("tensor %s: storage %s/data/%s is missing", name, prefix, t.storage.key)
			}
			if st, err = readStorage(f, t.storage, int64(len(data))); err != nil {
				return nil, "", fmt.Errorf("tensor %s: %v", name, err)
			}
			loaded[t.storage.key] = st
		}
		if int64(len(st)) != t.storage.numel { // two persistent ids of one key, other sizes
			return nil, "", fmt.Errorf("tensor %s: storage %s is declared with %d elements here and %d elsewhere", name, t.storage.key, t.storage.numel, len(st))
		}
		n := 1
		for _, s := range t.size {
			n *= s
		}
		vals := make([]float32, n)
		copy(vals, st[t.offset:t.offset+int64(n)])
		sd[name] = Tensor{Shape: append([]int(nil), t.size...), Data: vals}
	}
	return sd, where, nil
}

// findStateDict picks the dict of tensors in a checkpoint.
func findStateDict(root any) (*pyDict, string, error) {
	d, ok := root.(*pyDict)
	if !ok {
		return nil, "", fmt.Errorf("the checkpoint holds a %s, not a dict", typeName(root))
	}
	for _, k := range stateDictKeys {
		if v, ok := d.get(k); ok {
			if sd, ok := v.(*pyDict); ok && countTensors(sd) > 0 {
				return sd, k, nil
			}
		}
	}
	if countTensors(d) > 0 {
		return d, "", nil
	}
	var keys []string
	for _, k := range d.keys {
		if s, ok := k.(string); ok && len(keys) < 8 { // enough keys to recognise the layout
			keys = append(keys, s)
		}
	}
	return nil, "", fmt.Errorf("no state dict of tensors at the top or under %v (keys: %v)", stateDictKeys, keys)
}

func countTensors(d *pyDict) int {
	n := 0
	for _, v := range d.vals {
		if _, ok := v.(*torchTensor); ok {
			n++
		}
	}
	return n
}

func pathSplit(name string) (dir, base string) {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

// readEntry reads a zip entry of at most limit bytes, refusing sizes the file cannot hold.
func readEntry(f *zip.File, limit, fileSize int64) ([]byte, error) {
	n := int64(f.UncompressedSize64)
	if f.UncompressedSize64 > uint64(limit) || n < 0 {
		return nil, fmt.Errorf("entry of %d bytes exceeds the limit %d", f.UncompressedSize64, limit)
	}
	if err := checkEntrySize(f, fileSize); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b := make([]byte, n)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, fmt.Errorf("entry %s: %v", f.Name, err)
	}
	return b, nil
}

// checkEntrySize refuses an entry whose claimed size the archive cannot hold.
func checkEntrySize(f *zip.File, fileSize int64) error {
	c, u := f.CompressedSize64, f.UncompressedSize64
	switch {
	case c > uint64(fileSize):
		return fmt.Errorf("entry %s claims %d compressed bytes in a file of %d", f.Name, c, fileSize)
	case f.Method == zip.Store && u != c:
		return fmt.Errorf("stored entry %s claims %d bytes but holds %d", f.Name, u, c)
	case f.Method != zip.Store && u/maxDeflateRatio > c+1:
		return fmt.Errorf("entry %s claims %d bytes from %d compressed", f.Name, u, c)
	}
	return nil
}

// readStorage reads a storage's elements as float32.
func readStorage(f *zip.File, s *torchStorage, fileSize int64) ([]float32, error) {
	item := int64(safetensors.DtypeSize(storageDtypes[s.dtype]))
	if s.numel > math.MaxInt64/item || uint64(s.numel*item) > f.UncompressedSize64 {
		return nil, fmt.Errorf("storage %s of %d %s needs more bytes than its entry's %d", s.key, s.numel, s.dtype, f.UncompressedSize64)
	}
	if err := checkEntrySize(f, fileSize); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	raw := make([]byte, s.numel*item)
	if _, err := io.ReadFull(rc, raw); err != nil {
		return nil, fmt.Errorf("storage %s: %v", s.key, err)
	}
	return safetensors.DecodeFloats(raw, storageDtypes[s.dtype]), nil
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
