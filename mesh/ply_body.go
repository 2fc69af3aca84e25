package mesh

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
)

// plySource reads the values of a PLY body one at a time, in ASCII or binary.
type plySource interface {
	// value reads one value of type t.
	value(t PLYType) (float64, error)
	// where names the current place for error messages ("line 12" or "byte 3400").
	where() string
	// remaining is the number of body bytes left, or -1 when unknown.
	remaining() int64
}

// plyBinary reads a binary body.
type plyBinary struct {
	br    *bufio.Reader
	order binary.ByteOrder
	off   int64 // file offset of the next byte
	end   int64 // file size, -1 if unknown
	buf   [8]byte
}

func (b *plyBinary) where() string { return "byte " + strconv.FormatInt(b.off, 10) }

func (b *plyBinary) remaining() int64 {
	if b.end < 0 {
		return -1
	}
	return b.end - b.off
}

func (b *plyBinary) value(t PLYType) (float64, error) {
	n := t.Size()
	if _, err := io.ReadFull(b.br, b.buf[:n]); err != nil {
		return 0, fmt.Errorf("file ends inside the body")
	}
	b.off += int64(n)
	p := b.buf[:n]
	switch t {
	case PLYInt8:
		return float64(int8(p[0])), nil
	case PLYUint8:
		return float64(p[0]), nil
	case PLYInt16:
		return float64(int16(b.order.Uint16(p))), nil
	case PLYUint16:
		return float64(b.order.Uint16(p)), nil
	case PLYInt32:
		return float64(int32(b.order.Uint32(p))), nil
	case PLYUint32:
		return float64(b.order.Uint32(p)), nil
	case PLYFloat32:
		return float64(math.Float32frombits(b.order.Uint32(p))), nil
	default:
		return math.Float64frombits(b.order.Uint64(p)), nil
	}
}

// plyASCII reads an ASCII body as a stream of whitespace-separated numbers.
type plyASCII struct {
	fr     *fieldReader
	fields [][]byte
	i      int
	left   int64 // bytes left, -1 if unknown (only used for coarse list-length checks)
}

func (a *plyASCII) where() string    { return "line " + strconv.Itoa(a.fr.line) }
func (a *plyASCII) remaining() int64 { return a.left }

func (a *plyASCII) value(t PLYType) (float64, error) {
	for a.i >= len(a.fields) {
		f, err := a.fr.next()
		if err != nil {
			return 0, fmt.Errorf("file ends inside the body")
		}
		a.fields, a.i = f, 0
	}
	tok := a.fields[a.i]
	a.i++
	v, err := strconv.ParseFloat(viewString(tok), 64)
	if err != nil {
		return 0, fmt.Errorf("bad number %q", abbreviate(string(tok), 40))
	}
	if !t.IsFloat() && v != math.Trunc(v) {
		return 0, fmt.Errorf("%q is not an integer", abbreviate(string(tok), 40))
	}
	return v, nil
}

// plyItemReader reads items of one element: scalars into vals, kept lists into lists.
type plyItemReader struct {
	e     *PLYElement
	src   plySource
	fmt   PLYFormat
	vals  []float64   // one per property (lists leave 0)
	lists [][]float64 // one per property; only filled where keep is set
	keep  []bool
}

func newPLYItemReader(e *PLYElement, src plySource, f PLYFormat, keep ...string) *plyItemReader {
	ir := &plyItemReader{e: e, src: src, fmt: f,
		vals: make([]float64, len(e.Properties)), lists: make([][]float64, len(e.Properties)),
		keep: make([]bool, len(e.Properties))}
	for _, k := range keep {
		if i := e.Property(k); i >= 0 {
			ir.keep[i] = true
		}
	}
	return ir
}

// read reads the next item.
func (ir *plyItemReader) read() error {
	for i, p := range ir.e.Properties {
		if !p.IsList {
			v, err := ir.src.value(p.Type)
			if err != nil {
				return fmt.Errorf("%s: %s %s: %v", ir.src.where(), ir.e.Name, p.Name, err)
			}
			ir.vals[i] = v
			continue
		}
		where := ir.src.where()
		nf, err := ir.src.value(p.CountType)
		if err != nil {
			return fmt.Errorf("%s: %s %s: %v", where, ir.e.Name, p.Name, err)
		}
		n := int64(nf)
		per := int64(p.Type.Size())
		if ir.fmt == PLYASCII {
			per = 2 // a digit and a separator
		}
		if n < 0 || (ir.src.remaining() >= 0 && n > ir.src.remaining()/per) {
			return fmt.Errorf("%s: %s %s: list length %d exceeds the file", where, ir.e.Name, p.Name, n)
		}
		l := ir.lists[i][:0]
		for k := int64(0); k < n; k++ {
			v, err := ir.src.value(p.Type)
			if err != nil {
				return fmt.Errorf("%s: %s %s: %v", ir.src.where(), ir.e.Name, p.Name, err)
			}
			if ir.keep[i] {
				l = append(l, v)
			}
		}
		ir.lists[i] = l
	}
	return nil
}

// skipElement reads past every item of e. A binary element of scalars only is skipped in one go.
func skipElement(e *PLYElement, src plySource, f PLYFormat) error {
	if e.MinItemBytes(f) == 0 {
		return nil // no properties: nothing in the body
	}
	if b, ok := src.(*plyBinary); ok && allScalar(e) {
		n := e.Count * e.MinItemBytes(f)
		if m, err := b.br.Discard(int(min(n, math.MaxInt))); err != nil || int64(m) != n {
			return fmt.Errorf("%s: file ends inside element %s", b.where(), e.Name)
		}
		b.off += n
		return nil
	}
	ir := newPLYItemReader(e, src, f)
	for i := int64(0); i < e.Count; i++ {
		if err := ir.read(); err != nil {
			return err
		}
	}
	return nil
}

func allScalar(e *PLYElement) bool {
	for _, p := range e.Properties {
		if p.IsList {
			return false
		}
	}
	return true
}
