package materials

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/splatscope/splatscope/safetensors"
)

// A small reader for 1-D .npy arrays of any integer, bool or float dtype (csp.ReadNPY only
// converts floats to float32, which loses int64 ids and cannot read int arrays). Layout: the
// magic "\x93NUMPY", version bytes, a header length (uint16 in 1.0, uint32 in 2.0/3.0), a Python
// dict literal with 'descr', 'fortran_order' and 'shape', then the raw C-order data.

const (
	npyMagic = "\x93NUMPY"
	// npyMaxHeader caps the header dict; numpy itself refuses headers over 10000 bytes by default.
	npyMaxHeader = 1 << 16
	// npyAlign is the alignment numpy pads the header to (format.py ARRAY_ALIGN).
	npyAlign = 64
)

var (
	reDescr   = regexp.MustCompile(`'descr'\s*:\s*'([<>|=])([biuf])(\d+)'`)
	reFortran = regexp.MustCompile(`'fortran_order'\s*:\s*(True|False)`)
	reShape   = regexp.MustCompile(`'shape'\s*:\s*\(([^)]*)\)`)
)

// Array1D is a decoded 1-D .npy array, values converted to float64 (exact for every integer
// up to 2^53 and every float32).
type Array1D struct {
	Descr string // the stored dtype, e.g. "<i4", "|u1", "<f8"
	Data  []float64
}

// IsInt reports whether the stored dtype is an integer or bool type.
func (a *Array1D) IsInt() bool { return a.Descr[1] != 'f' }

// ReadNPY1D reads a 1-D array (shape (N,) or (N, 1)) from r; size is r's length in bytes
// (−1 if unknown), used to cap the claimed shape before allocating; name appears in errors.
func ReadNPY1D(r io.Reader, size int64, name string) (*Array1D, error) {
	var pre [10]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil || string(pre[:6]) != npyMagic {
		return nil, fmt.Errorf("%s: not a .npy file", name)
	}
	var hlen, off int64
	switch pre[6] {
	case 1:
		hlen, off = int64(binary.LittleEndian.Uint16(pre[8:])), 10
	case 2, 3:
		var more [2]byte
		if _, err := io.ReadFull(r, more[:]); err != nil {
			return nil, fmt.Errorf("%s: truncated .npy header", name)
		}
		hlen, off = int64(binary.LittleEndian.Uint32([]byte{pre[8], pre[9], more[0], more[1]})), 12
	default:
		return nil, fmt.Errorf("%s: unsupported .npy version %d.%d", name, pre[6], pre[7])
	}
	if hlen > npyMaxHeader || size >= 0 && off+hlen > size {
		return nil, fmt.Errorf("%s: .npy header length %d is larger than the file allows", name, hlen)
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("%s: truncated .npy header", name)
	}
	h := string(hdr)
	d := reDescr.FindStringSubmatch(h)
	if d == nil {
		return nil, fmt.Errorf("%s: .npy dtype not understood in header %q (want a bool, int, uint or float)", name, clip(h))
	}
	item, _ := strconv.Atoi(d[3])
	kind := d[2]
	okSize := map[string][]int{"b": {1}, "i": {1, 2, 4, 8}, "u": {1, 2, 4, 8}, "f": {2, 4, 8}}[kind]
	if !containsInt(okSize, item) {
		return nil, fmt.Errorf("%s: .npy dtype %s%s%s not supported", name, d[1], kind, d[3])
	}
	if m := reFortran.FindStringSubmatch(h); m == nil {
		return nil, fmt.Errorf("%s: .npy header has no fortran_order", name)
	}
	sm := reShape.FindStringSubmatch(h)
	if sm == nil {
		return nil, fmt.Errorf("%s: .npy header has no shape", name)
	}
	var dims []int64
	for _, f := range strings.Split(sm[1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseInt(strings.TrimSuffix(f, "L"), 10, 64)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("%s: .npy shape (%s) is not a tuple of sizes", name, sm[1])
		}
		dims = append(dims, v)
	}
	if len(dims) == 2 && dims[1] == 1 {
		dims = dims[:1]
	}
	if len(dims) != 1 {
		return nil, fmt.Errorf("%s: .npy shape (%s): want a 1-D array of one value per Gaussian", name, sm[1])
	}
	count := dims[0]
	if size >= 0 && count > (size-off-hlen)/int64(item) {
		return nil, fmt.Errorf("%s: .npy shape (%d,) needs %d bytes of data, the file has %d", name, count, count*int64(item), size-off-hlen)
	}
	if count > 1<<31 { // no size to check against and more values than any scene holds: refuse
		return nil, fmt.Errorf("%s: .npy shape (%d,) is too large", name, count)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if d[1] == ">" {
		order = binary.BigEndian
	}
	// With the size known the count is already checked against it; without (a stream), the
	// array grows as data arrives, so a header's claim alone never allocates gigabytes.
	prealloc := count
	if size < 0 {
		prealloc = min(count, 1<<20)
	}
	// The dtype is rebuilt from the parsed size, so "<b0001" reads back as "<b1".
	a := &Array1D{Descr: d[1] + kind + strconv.Itoa(item), Data: make([]float64, 0, prealloc)}
	buf := make([]byte, 1<<16) // a multiple of every item size
	for done := int64(0); done < count; {
		n := min(int64(len(buf)/item), count-done)
		if _, err := io.ReadFull(r, buf[:n*int64(item)]); err != nil {
			return nil, fmt.Errorf("%s: .npy data truncated after %d of %d values", name, done, count)
		}
		for i := 0; i < int(n); i++ {
			a.Data = append(a.Data, decodeNPYValue(buf[i*item:], kind, item, order))
		}
		done += n
	}
	return a, nil
}

// decodeNPYValue converts one stored value to float64.
func decodeNPYValue(b []byte, kind string, item int, o binary.ByteOrder) float64 {
	switch kind {
	case "b":
		if b[0] != 0 {
			return 1
		}
		return 0
	case "u":
		switch item {
		case 1:
			return float64(b[0])
		case 2:
			return float64(o.Uint16(b))
		case 4:
			return float64(o.Uint32(b))
		}
		return float64(o.Uint64(b))
	case "i":
		switch item {
		case 1:
			return float64(int8(b[0]))
		case 2:
			return float64(int16(o.Uint16(b)))
		case 4:
			return float64(int32(o.Uint32(b)))
		}
		return float64(int64(o.Uint64(b)))
	}
	switch item {
	case 2:
		return float64(safetensors.HalfToFloat(o.Uint16(b)))
	case 4:
		return float64(math.Float32frombits(o.Uint32(b)))
	}
	return math.Float64frombits(o.Uint64(b))
}

// ReadNPYFile reads a 1-D .npy file.
func ReadNPYFile(path string) (*Array1D, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return ReadNPY1D(f, st.Size(), path)
}

// WriteNPYInt32 writes a 1-D '<i4' array.
func WriteNPYInt32(w io.Writer, data []int32) error {
	var b bytes.Buffer
	writeNPYHeader(&b, "<i4", len(data))
	var v4 [4]byte
	for _, v := range data {
		binary.LittleEndian.PutUint32(v4[:], uint32(v))
		b.Write(v4[:])
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteNPYFloat32 writes a 1-D '<f4' array.
func WriteNPYFloat32(w io.Writer, data []float32) error {
	var b bytes.Buffer
	writeNPYHeader(&b, "<f4", len(data))
	var v4 [4]byte
	for _, v := range data {
		binary.LittleEndian.PutUint32(v4[:], math.Float32bits(v))
		b.Write(v4[:])
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeNPYHeader writes a version 1.0 header for a 1-D array of n values of dtype descr.
func writeNPYHeader(b *bytes.Buffer, descr string, n int) {
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%d,), }", descr, n)
	pad := (npyAlign - (10+len(dict)+1)%npyAlign) % npyAlign
	hdr := dict + strings.Repeat(" ", pad) + "\n"
	b.WriteString(npyMagic)
	b.Write([]byte{1, 0})
	binary.Write(b, binary.LittleEndian, uint16(len(hdr)))
	b.WriteString(hdr)
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// clip shortens s for an error message.
func clip(s string) string {
	const n = 80 // enough to show the dtype and shape of a real header
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
