package csp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The .npy format (numpy's format.py, versions 1.0, 2.0 and 3.0): the magic "\x93NUMPY", a
// major and minor version byte, the header length (uint16 little-endian in 1.0, uint32 in
// 2.0 and 3.0), then a Python dict literal with 'descr', 'fortran_order' and 'shape',
// padded with spaces and a newline so the data starts on a multiple of 64 bytes, then the
// raw array. Written by hand rather than through a library: the reader must convert float16
// and float64, cap every count against the file size before allocating and name the file in
// every error, and the writer must stream 200 MB arrays without reflection.

const (
	npyMagic = "\x93NUMPY"
	// npyAlign is the alignment numpy pads the header to (format.py ARRAY_ALIGN).
	npyAlign = 64
	// maxNPYHeader caps the header dict; numpy itself refuses headers over 10000 bytes by default.
	maxNPYHeader = 1 << 16
)

// NPYArray is a decoded .npy array of floats, converted to float32.
type NPYArray struct {
	Shape []int
	Data  []float32
	// Descr is the stored dtype: "<f2", "<f4" or "<f8" (or big-endian '>').
	Descr string
}

// WriteNPY writes a float32 ('<f4') C-order array; len(data) must equal the shape's product.
func WriteNPY(w io.Writer, shape []int, data []float32) error {
	if err := writeNPYHeader(w, "<f4", shape, len(data)); err != nil {
		return err
	}
	buf := make([]byte, 0, 1<<16) // 64 KiB chunks keep the conversion in cache
	for len(data) > 0 {
		n := min(len(data), cap(buf)/4)
		buf = buf[:4*n]
		for i, v := range data[:n] {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// WriteNPYHalf writes a float16 ('<f2') C-order array of IEEE half bit patterns.
func WriteNPYHalf(w io.Writer, shape []int, data []uint16) error {
	if err := writeNPYHeader(w, "<f2", shape, len(data)); err != nil {
		return err
	}
	buf := make([]byte, 0, 1<<16)
	for len(data) > 0 {
		n := min(len(data), cap(buf)/2)
		buf = buf[:2*n]
		for i, v := range data[:n] {
			binary.LittleEndian.PutUint16(buf[2*i:], v)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

func writeNPYHeader(w io.Writer, descr string, shape []int, count int) error {
	total := 1
	dims := make([]string, len(shape))
	for i, d := range shape {
		total *= d
		dims[i] = strconv.Itoa(d)
	}
	if total != count {
		return fmt.Errorf("npy: shape %v holds %d values, got %d", shape, total, count)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, tuple)
	// Version 1.0 unless the header outgrows its uint16 length.
	pre := 10 // magic 6 + version 2 + length 2
	major := byte(1)
	if len(dict)+pre+1 > math.MaxUint16 {
		pre, major = 12, 2
	}
	pad := (npyAlign - (pre+len(dict)+1)%npyAlign) % npyAlign
	hdr := dict + strings.Repeat(" ", pad) + "\n"
	var b bytes.Buffer
	b.WriteString(npyMagic)
	b.WriteByte(major)
	b.WriteByte(0)
	if major == 1 {
		binary.Write(&b, binary.LittleEndian, uint16(len(hdr)))
	} else {
		binary.Write(&b, binary.LittleEndian, uint32(len(hdr)))
	}
	b.WriteString(hdr)
	_, err := w.Write(b.Bytes())
	return err
}

// ReadNPY reads a float .npy array from r, size bytes long (used to cap the claimed shape
// before allocating; pass −1 when unknown); name is the file named in errors.
func ReadNPY(r io.Reader, size int64, name string) (*NPYArray, error) {
	var pre [10]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, fmt.Errorf("%s: not a .npy file (too short)", name)
	}
	if string(pre[:6]) != npyMagic {
		return nil, fmt.Errorf("%s: not a .npy file (bad magic)", name)
	}
	major := pre[6]
	var hlen int64
	off := int64(10)
	switch major {
	case 1:
		hlen = int64(binary.LittleEndian.Uint16(pre[8:]))
	case 2, 3:
		var more [2]byte
		if _, err := io.ReadFull(r, more[:]); err != nil {
			return nil, fmt.Errorf("%s: truncated .npy header", name)
		}
		hlen = int64(binary.LittleEndian.Uint32(append(pre[8:10:10], more[:]...)))
		off = 12
	default:
		return nil, fmt.Errorf("%s: unsupported .npy version %d.%d", name, major, pre[7])
	}
	if hlen > maxNPYHeader || size >= 0 && off+hlen > size {
		return nil, fmt.Errorf("%s: .npy header length %d is larger than the file allows", name, hlen)
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("%s: truncated .npy header", name)
	}
	a, err := parseNPYHeader(string(hdr))
	if err != nil {
		return nil, fmt.Errorf("%s: .npy header: %v", name, err)
	}
	item := int64(a.Descr[2] - '0') // '<f4' → 4 bytes
	count := int64(1)
	for _, d := range a.Shape {
		if d < 0 || d > 0 && count > math.MaxInt64/int64(d)/item {
			return nil, fmt.Errorf("%s: .npy shape %v is too large", name, a.Shape)
		}
		count *= int64(d)
	}
	if size >= 0 && count*item > size-off-hlen {
		return nil, fmt.Errorf("%s: .npy shape %v needs %d bytes of data, the file has %d", name, a.Shape, count*item, size-off-hlen)
	}
	if count > math.MaxInt32*4 { // 34 GiB of float32 without a size to check against: refuse
		return nil, fmt.Errorf("%s: .npy shape %v is too large", name, a.Shape)
	}
	a.Data = make([]float32, count)
	var order binary.ByteOrder = binary.LittleEndian
	if a.Descr[0] == '>' {
		order = binary.BigEndian
	}
	buf := make([]byte, 1<<16-(1<<16)%24) // a multiple of every item size
	for done := int64(0); done < count; {
		n := min(int64(len(buf))/item, count-done)
		if _, err := io.ReadFull(r, buf[:n*item]); err != nil {
			return nil, fmt.Errorf("%s: .npy data truncated after %d of %d values", name, done, count)
		}
		dst := a.Data[done : done+n]
		switch item {
		case 2:
			for i := range dst {
				dst[i] = HalfToFloat(order.Uint16(buf[2*i:]))
			}
		case 4:
			for i := range dst {
				dst[i] = math.Float32frombits(order.Uint32(buf[4*i:]))
			}
		case 8:
			for i := range dst {
				dst[i] = float32(math.Float64frombits(order.Uint64(buf[8*i:])))
			}
		}
		done += n
	}
	return a, nil
}

// parseNPYHeader reads the header dict: a Python literal {key: value, ...} with string
// keys, a string descr, a bool fortran_order and a tuple of ints shape.
func parseNPYHeader(h string) (*NPYArray, error) {
	p := &pyLit{s: strings.TrimRight(h, " \n\x00")}
	if !p.eat('{') {
		return nil, errors.New("not a dict")
	}
	a := &NPYArray{}
	var haveDescr, haveOrder, haveShape bool
	for !p.eat('}') {
		key, ok := p.str()
		if !ok || !p.eat(':') {
			return nil, fmt.Errorf("bad dict entry at byte %d", p.i)
		}
		switch key {
		case "descr":
			d, ok := p.str()
			if !ok {
				return nil, errors.New("descr is not a string")
			}
			if len(d) != 3 || d[0] != '<' && d[0] != '>' && d[0] != '=' || d[1] != 'f' || d[2] != '2' && d[2] != '4' && d[2] != '8' {
				return nil, fmt.Errorf("dtype %q is not a float (want <f2, <f4 or <f8)", d)
			}
			if d[0] == '=' { // native order: every platform Go targets for this app is little-endian
				d = "<" + d[1:]
			}
			a.Descr, haveDescr = d, true
		case "fortran_order":
			switch {
			case p.word("False"):
			case p.word("True"):
				return nil, errors.New("fortran_order True is not supported (want C order)")
			default:
				return nil, errors.New("fortran_order is not a bool")
			}
			haveOrder = true
		case "shape":
			s, ok := p.tuple()
			if !ok {
				return nil, errors.New("shape is not a tuple of integers")
			}
			a.Shape, haveShape = s, true
		default:
			return nil, fmt.Errorf("unknown key %q", key)
		}
		if !p.eat(',') {
			if !p.eat('}') {
				return nil, fmt.Errorf("expected , or } at byte %d", p.i)
			}
			break
		}
	}
	if !haveDescr || !haveOrder || !haveShape {
		return nil, errors.New("missing descr, fortran_order or shape")
	}
	if p.skip(); p.i != len(p.s) {
		return nil, fmt.Errorf("trailing text at byte %d", p.i)
	}
	return a, nil
}

// pyLit scans the small subset of Python literals a .npy header uses.
type pyLit struct {
	s string
	i int
}

func (p *pyLit) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *pyLit) eat(c byte) bool {
	p.skip()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *pyLit) word(w string) bool {
	p.skip()
	if strings.HasPrefix(p.s[p.i:], w) {
		p.i += len(w)
		return true
	}
	return false
}

func (p *pyLit) str() (string, bool) {
	p.skip()
	if p.i >= len(p.s) || p.s[p.i] != '\'' && p.s[p.i] != '"' {
		return "", false
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", false
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, true
}

func (p *pyLit) tuple() ([]int, bool) {
	if !p.eat('(') {
		return nil, false
	}
	dims := []int{}
	for !p.eat(')') {
		p.skip()
		j := p.i
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		if j == p.i || j-p.i > 12 { // 12 digits: far beyond any array that fits a disk
			return nil, false
		}
		d, _ := strconv.Atoi(p.s[p.i:j])
		dims = append(dims, d)
		p.i = j
		if len(dims) > 32 { // numpy's NPY_MAXDIMS
			return nil, false
		}
		if !p.eat(',') {
			if !p.eat(')') {
				return nil, false
			}
			break
		}
	}
	return dims, true
}
