package safetensors

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// Write writes tensors as F32 (whatever their Dtype field says) with the metadata, in name order.
func Write(w io.Writer, tensors map[string]Tensor, meta map[string]string) error {
	hdr := map[string]any{}
	if len(meta) > 0 {
		hdr["__metadata__"] = meta
	}
	off := uint64(0)
	names := sortedKeys(tensors)
	for _, name := range names {
		t := tensors[name]
		n := 1
		for _, d := range t.Shape {
			n *= d
		}
		if n != len(t.Data) {
			return fmt.Errorf("tensor %q: shape %v holds %d values, data has %d", name, t.Shape, n, len(t.Data))
		}
		shape := t.Shape
		if shape == nil {
			shape = []int{}
		}
		hdr[name] = map[string]any{"dtype": "F32", "shape": shape, "data_offsets": []uint64{off, off + 4*uint64(n)}}
		off += 4 * uint64(n)
	}
	js, err := json.Marshal(hdr)
	if err != nil {
		return err
	}
	for len(js)%8 != 0 { // the reference writer pads the header with spaces to 8-byte alignment
		js = append(js, ' ')
	}
	buf := binary.LittleEndian.AppendUint64(make([]byte, 0, 8+len(js)+int(off)), uint64(len(js)))
	buf = append(buf, js...)
	for _, name := range names {
		for _, v := range tensors[name].Data {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		}
	}
	_, err = w.Write(buf)
	return err
}

// WriteFile writes tensors to path through a temporary file in the same folder renamed into place.
func WriteFile(path string, tensors map[string]Tensor, meta map[string]string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = Write(tmp, tensors, meta); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil { // CreateTemp makes 0600; this is an ordinary file
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
