package gaussians

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"sync"
)

// plyBufSize is the bufio buffer for PLY headers; reads of whole chunks bypass it.
const plyBufSize = 1 << 16

// plyChunkBytes is how much vertex data is read and then decoded in parallel at a time: large
// enough that goroutine start-up is noise, small enough that the two buffers stay in L3/L2-ish
// territory and memory beyond the scene itself stays small.
const plyChunkBytes = 4 << 20

// ErrCompressedPLY is returned for PlayCanvas compressed PLY files (chunk + packed_* vertices)
// in a variant this reader does not decode (ascii or big endian).
var ErrCompressedPLY = fmt.Errorf("compressed PLY variant not supported")

// plyVertexReader streams the vertex rows of a 3DGS PLY.
type plyVertexReader struct {
	name    string
	br      *bufio.Reader
	h       *plyHeader
	v       *plyElement
	count   int
	layout  plyLayout
	native  bool  // rows are the file's own (binary little endian, all float32)
	dataOff int64 // byte offset of the first vertex row in the file

	compressed bool  // PlayCanvas compressed PLY: decoded by readCompressedPLY
	remaining  int64 // bytes after the header, −1 if unknown

	file     *os.File                // set when the rows are read by mapping windows of the file
	progress func(done, total int64) // reports mapped-file progress; may be nil
	fileSize int64
}

// ReadPLY reads a 3DGS PLY (binary little/big endian or ascii) from r; size is r's length in
// bytes (−1 if unknown), used to reject header counts larger than the data before allocating.
func ReadPLY(r io.Reader, name string, size int64) (*Scene, error) {
	return decodePLY(r, name, size, (*plyVertexReader).readScene)
}

// loadPLY reads a PLY file into a Scene, memory-mapping it when it can.
func loadPLY(path string, progress func(done, total int64)) (*Scene, error) {
	return decodePLYFile(path, progress, (*plyVertexReader).readScene)
}

// readScene decodes the vertex rows into a Scene (values as stored).
func (p *plyVertexReader) readScene() (*Scene, error) {
	if p.compressed {
		return readCompressedPLY(p.br, p.h, p.name, p.remaining)
	}
	n, k3 := p.count, len(p.layout.rest)
	sizes := []int{3 * n, 3 * n, 4 * n, n, 3 * n, k3 * n}
	for range p.layout.names {
		sizes = append(sizes, n)
	}
	a := allocFloats(sizes...)
	s := &Scene{N: n, SHDegree: p.layout.degree,
		Positions: a[0], Scales: a[1], Rotations: a[2], Opacities: a[3], SHDC: a[4], SHRest: a[5]}
	for i, nm := range p.layout.names {
		s.Extra = append(s.Extra, Property{Name: nm, Values: a[6+i]})
	}
	err := p.each(func(src []byte, first, n int) {
		parallelRows(n, func(lo, hi int) {
			p.layout.decodeScene(src[lo*p.layout.stride:hi*p.layout.stride], first+lo, hi-lo, s)
		})
	})
	if err != nil {
		return nil, err
	}
	s.Sanitize()
	return s, nil
}

// allocFloats allocates float32 slices of the given lengths concurrently: the runtime zeroes
// large allocations in the allocating goroutine, so this spreads that work over the CPUs.
func allocFloats(sizes ...int) [][]float32 {
	out := make([][]float32, len(sizes))
	var wg sync.WaitGroup
	for i, n := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = make([]float32, n)
		}()
	}
	wg.Wait()
	return out
}

// decodePLY opens the 3DGS PLY in r (size as for ReadPLY) and decodes its rows with read.
func decodePLY[T any](r io.Reader, name string, size int64, read func(*plyVertexReader) (T, error)) (T, error) {
	var zero T
	r, size, err := sizedReader(r, size)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", name, err)
	}
	p, err := openPLY(bufio.NewReaderSize(r, plyBufSize), name, size)
	if err != nil {
		return zero, err
	}
	return read(p)
}

// sizedReader returns r with its size; a reader of unknown size is read whole first, so that
// allocation follows the bytes that exist rather than what a header claims.
func sizedReader(r io.Reader, size int64) (io.Reader, int64, error) {
	if size >= 0 {
		return r, size, nil
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, 0, err
	}
	return bytes.NewReader(b), int64(len(b)), nil
}

// openPLY parses the header, checks it describes a 3DGS vertex element that fits in size bytes,
// and skips any elements stored before the vertices.
func openPLY(br *bufio.Reader, name string, size int64) (*plyVertexReader, error) {
	h, err := readPLYHeader(br, name)
	if err != nil {
		return nil, err
	}
	if isCompressedPLY(h) {
		return &plyVertexReader{name: name, br: br, h: h, compressed: true, remaining: size - h.size}, nil
	}
	vi := -1
	for i, e := range h.elements {
		if e.name == "vertex" && vi < 0 {
			vi = i
		}
	}
	if vi < 0 {
		return nil, fmt.Errorf("%s: PLY has no vertex element", name)
	}
	v := &h.elements[vi]
	native := h.enc == plyBinaryLE
	for _, p := range v.props {
		if p.listCount != plyInvalid {
			return nil, fmt.Errorf("%s:%d: vertex list property %q not supported in a splat PLY", name, v.line, p.name)
		}
		native = native && p.typ == plyFloat32
	}
	if v.count > math.MaxInt32*16 {
		return nil, fmt.Errorf("%s:%d: %d vertices is more than this reader supports", name, v.line, v.count)
	}
	p := &plyVertexReader{name: name, br: br, h: h, v: v, count: int(v.count), native: native}
	if native {
		p.layout, err = buildPLYLayout(v, name, v.stride, func(i int) int { return v.props[i].offset })
	} else {
		p.layout, err = buildPLYLayout(v, name, 4*len(v.props), func(i int) int { return 4 * i })
	}
	if err != nil {
		return nil, err
	}
	if err := p.checkSizeAndSkip(vi, size-h.size); err != nil {
		return nil, err
	}
	return p, nil
}

// checkSizeAndSkip rejects counts the remaining bytes cannot hold, then skips the elements before
// the vertex element. remaining < 0 means unknown.
func (p *plyVertexReader) checkSizeAndSkip(vi int, remaining int64) error {
	before := p.h.elements[:vi]
	if p.h.enc == plyASCII {
		// Each ascii value takes at least two bytes (a digit and a separator).
		if minBytes := p.v.count * int64(len(p.v.props)) * 2; remaining >= 0 && minBytes > remaining+1 {
			return fmt.Errorf("%s: header claims %d vertices but only %d bytes follow the header", p.name, p.v.count, remaining)
		}
		for _, e := range before {
			for i := int64(0); i < e.count; i++ {
				if _, err := p.br.ReadString('\n'); err != nil {
					return fmt.Errorf("%s: truncated in element %q", p.name, e.name)
				}
			}
		}
		return nil
	}
	var skip int64
	for _, e := range before {
		if e.hasList {
			return fmt.Errorf("%s:%d: element %q before the vertices has list properties; not supported", p.name, e.line, e.name)
		}
		skip += e.count * int64(e.stride)
	}
	need := skip + p.v.count*int64(p.v.stride)
	if remaining >= 0 && need > remaining {
		return fmt.Errorf("%s: header claims %d vertices (%d bytes) but only %d bytes follow the header",
			p.name, p.v.count, need-skip, remaining-skip)
	}
	if _, err := io.CopyN(io.Discard, p.br, skip); err != nil {
		return fmt.Errorf("%s: truncated before the vertex data", p.name)
	}
	p.dataOff = p.h.size + skip
	return nil
}

// plyChunk is one batch of decoded-layout rows.
type plyChunk struct {
	buf      []byte
	first, n int
	err      error
}

// each hands fn consecutive batches of rows in the layout's format, in order.
func (p *plyVertexReader) each(fn func(src []byte, first, n int)) error {
	if p.count == 0 {
		return nil
	}
	if !p.native {
		return p.eachConverted(fn)
	}
	stride := p.layout.stride
	rows := max(1, plyChunkBytes/stride)
	rows = min(rows, p.count)
	if p.file != nil {
		if err := p.eachMapped(rows, fn); err != errNoMmap {
			return err
		}
		if _, err := p.file.Seek(p.dataOff, io.SeekStart); err != nil {
			return err
		}
		p.br.Reset(p.file) // read calls from the first row on
	}
	free := make(chan []byte, 2)
	free <- make([]byte, rows*stride)
	free <- make([]byte, rows*stride)
	ready := make(chan plyChunk, 2)
	go func() { // reads the next chunk while the previous one is decoded
		defer close(ready)
		for first := 0; first < p.count; first += rows {
			n := min(rows, p.count-first)
			buf := <-free
			m, err := io.ReadFull(p.br, buf[:n*stride])
			if err != nil {
				ready <- plyChunk{err: p.truncated(first + m/stride)}
				return
			}
			ready <- plyChunk{buf: buf[:n*stride], first: first, n: n}
		}
	}()
	for c := range ready {
		if c.err != nil {
			return c.err
		}
		fn(c.buf, c.first, c.n)
		free <- c.buf[:cap(c.buf)]
	}
	return nil
}

// truncated is the error for vertex data that ends inside vertex i.
func (p *plyVertexReader) truncated(i int) error {
	return fmt.Errorf("%s: truncated: vertex data ends at vertex %d of %d", p.name, i, p.count)
}

// eachConverted converts ascii, big-endian or non-float rows to canonical float32 rows.
func (p *plyVertexReader) eachConverted(fn func(src []byte, first, n int)) error {
	np := len(p.v.props)
	rows := min(max(1, plyChunkBytes/(4*np)), p.count)
	out := make([]byte, rows*4*np)
	var raw []byte
	if p.h.enc != plyASCII {
		raw = make([]byte, rows*p.v.stride)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if p.h.enc == plyBinaryBE {
		order = binary.BigEndian
	}
	for first := 0; first < p.count; first += rows {
		n := min(rows, p.count-first)
		if p.h.enc == plyASCII {
			if err := p.readASCIIRows(out[:n*4*np], first, n); err != nil {
				return err
			}
		} else {
			m, err := io.ReadFull(p.br, raw[:n*p.v.stride])
			if err != nil {
				return p.truncated(first + m/p.v.stride)
			}
			for r := 0; r < n; r++ {
				row := raw[r*p.v.stride:]
				for j, pr := range p.v.props {
					v := readPLYValue(row[pr.offset:], pr.typ, order)
					binary.LittleEndian.PutUint32(out[(r*np+j)*4:], math.Float32bits(v))
				}
			}
		}
		fn(out[:n*4*np], first, n)
	}
	return nil
}

// readPLYValue decodes one binary scalar as float32.
func readPLYValue(b []byte, t plyType, o binary.ByteOrder) float32 {
	switch t {
	case plyInt8:
		return float32(int8(b[0]))
	case plyUint8:
		return float32(b[0])
	case plyInt16:
		return float32(int16(o.Uint16(b)))
	case plyUint16:
		return float32(o.Uint16(b))
	case plyInt32:
		return float32(int32(o.Uint32(b)))
	case plyUint32:
		return float32(o.Uint32(b))
	case plyFloat32:
		return math.Float32frombits(o.Uint32(b))
	case plyFloat64:
		return float32(math.Float64frombits(o.Uint64(b)))
	}
	return 0
}

// readASCIIRows parses n ascii vertex rows into canonical float32 rows.
func (p *plyVertexReader) readASCIIRows(out []byte, first, n int) error {
	np := len(p.v.props)
	var tok []byte
	for r := 0; r < n; r++ {
		for j, pr := range p.v.props {
			var err error
			tok, err = nextToken(p.br, tok[:0])
			if err != nil {
				return p.truncated(first + r)
			}
			f, err := strconv.ParseFloat(string(tok), 64)
			if err != nil {
				return fmt.Errorf("%s: vertex %d: property %q: bad number %q", p.name, first+r, pr.name, clip(string(tok)))
			}
			binary.LittleEndian.PutUint32(out[(r*np+j)*4:], math.Float32bits(float32(f)))
		}
	}
	return nil
}

// maxToken bounds an ascii number's length; real numbers are under 40 characters.
const maxToken = 256

// nextToken reads the next whitespace-separated token from br into buf.
func nextToken(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return buf, err
		}
		if c > ' ' {
			buf = append(buf, c)
			break
		}
	}
	for {
		c, err := br.ReadByte()
		if err != nil || c <= ' ' {
			return buf, nil
		}
		if len(buf) >= maxToken {
			return buf, fmt.Errorf("token longer than %d bytes", maxToken)
		}
		buf = append(buf, c)
	}
}
