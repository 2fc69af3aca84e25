package mesh

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"os"
	"strconv"
	"unsafe"

	"github.com/go-gl/mathgl/mgl32"
)

// This file holds the small text-reading helpers shared by the OFF, ASCII PLY and ASCII STL readers.

// fieldReadBuf is the bufio buffer for mesh readers: 256 KiB amortises syscalls on large files.
const fieldReadBuf = 256 << 10

// readerSize returns the number of bytes r will deliver, or -1 when it cannot tell. Readers use it to
// cap the counts that a header claims before allocating.
func readerSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Size() int64 }: // *ProgressReader, *bytes.Reader, *strings.Reader
		return v.Size()
	case *os.File:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			if pos, err := v.Seek(0, io.SeekCurrent); err == nil {
				return st.Size() - pos
			}
		}
	}
	return -1
}

// claimPreallocMax bounds a slice capacity taken from a claimed count when the input size is unknown,
// so that a lying header costs at most this many elements before appends take over.
const claimPreallocMax = 1 << 16

// claimCap returns the capacity to preallocate for n claimed items.
func claimCap(n int64, sizeKnown bool) int {
	if !sizeKnown && n > claimPreallocMax {
		return claimPreallocMax
	}
	if n < 0 {
		return 0
	}
	return int(n)
}

// fieldReader yields the whitespace-separated fields of each non-empty line, with `#` comments
// removed when comments is set, and counts lines for error messages.
type fieldReader struct {
	br       *bufio.Reader
	line     int  // number of the line last returned (1-based)
	comments bool // strip from '#' to the end of the line
	buf      []byte
	fields   [][]byte
}

func newFieldReader(r io.Reader, comments bool) *fieldReader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, fieldReadBuf)
	}
	return &fieldReader{br: br, comments: comments}
}

// rawLine reads one line without its end-of-line bytes; io.EOF only when nothing was left.
func (l *fieldReader) rawLine() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		l.buf = append(l.buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && (err != io.EOF || len(l.buf) == 0) {
			return nil, err
		}
		l.line++
		b := bytes.TrimRight(l.buf, "\r\n")
		return b, nil
	}
}

// next returns the fields of the next line that has any, or io.EOF.
func (l *fieldReader) next() ([][]byte, error) {
	for {
		b, err := l.rawLine()
		if err != nil {
			return nil, err
		}
		if l.comments {
			if i := bytes.IndexByte(b, '#'); i >= 0 {
				b = b[:i]
			}
		}
		l.fields = splitFieldsInto(b, l.fields[:0])
		if len(l.fields) > 0 {
			return l.fields, nil
		}
	}
}

// splitFieldsInto appends the whitespace-separated fields of b to out without allocating strings.
func splitFieldsInto(b []byte, out [][]byte) [][]byte {
	i := 0
	for i < len(b) {
		for i < len(b) && isFieldSep(b[i]) {
			i++
		}
		j := i
		for j < len(b) && !isFieldSep(b[j]) {
			j++
		}
		if j > i {
			out = append(out, b[i:j])
		}
		i = j
	}
	return out
}

func isFieldSep(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == 0
}

// viewString views b as a string without copying; the string must not outlive the next read.
func viewString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// parseFieldF32 parses a float field, rounding once to float32.
func parseFieldF32(b []byte) (float32, error) {
	v, err := strconv.ParseFloat(viewString(b), 32)
	if err != nil {
		return 0, strconv.ErrSyntax
	}
	return float32(v), nil
}

// parseFieldInt parses an integer field.
func parseFieldInt(b []byte) (int64, error) {
	v, err := strconv.ParseInt(viewString(b), 10, 64)
	if err != nil {
		return 0, strconv.ErrSyntax
	}
	return v, nil
}

// polySplitter triangulates polygons for the OFF, PLY and ASCII STL readers with the shared ear
// clipper of triangulate.go (fan triangulation is wrong for concave polygons), keeping buffers.
type polySplitter struct {
	ec  earClipper
	pts []mgl32.Vec3
}

// split triangulates polygon poly (indices into pos) and appends the triangles to out as corner
// numbers within poly, so callers can map per-corner attributes too. Polygons whose vertices are
// not all known yet (a PLY face element before its vertices) are fanned.
func (ps *polySplitter) split(pos []mgl32.Vec3, poly []uint32, out [][3]int) [][3]int {
	n := len(poly)
	switch {
	case n < 3:
		return out
	case n == 3:
		return append(out, [3]int{0, 1, 2})
	}
	ps.pts = ps.pts[:0]
	for _, v := range poly {
		if int(v) >= len(pos) {
			for k := 2; k < n; k++ {
				out = append(out, [3]int{0, k - 1, k})
			}
			return out
		}
		ps.pts = append(ps.pts, pos[v])
	}
	if n == 4 {
		if quadDiagonal02(ps.pts[0], ps.pts[1], ps.pts[2], ps.pts[3]) {
			return append(out, [3]int{0, 1, 2}, [3]int{0, 2, 3})
		}
		return append(out, [3]int{1, 2, 3}, [3]int{1, 3, 0})
	}
	tris, _ := ps.ec.triangulate(ps.pts)
	for _, t := range tris {
		out = append(out, [3]int{int(t[0]), int(t[1]), int(t[2])})
	}
	return out
}

// vertexColorLinear turns a display (sRGB-encoded, 0..1) vertex colour into the linear RGB that
// Mesh.Colors holds; values are clamped to [0,1] first.
func vertexColorLinear(c [3]float32) mgl32.Vec3 {
	var out mgl32.Vec3
	for k, v := range c {
		out[k] = srgbDecode(v)
	}
	return out
}

// srgbDecode is the sRGB transfer function inverse (IEC 61966-2-1).
func srgbDecode(v float32) float32 {
	if !(v > 0) { // also maps NaN to 0
		return 0
	}
	if v >= 1 {
		return 1
	}
	if v <= 0.04045 { // the linear segment's end, from the standard
		return v / 12.92
	}
	return float32(math.Pow((float64(v)+0.055)/1.055, 2.4))
}

// srgbEncode is the sRGB transfer function, for writing linear colours back to 8-bit files.
func srgbEncode(v float32) float32 {
	if !(v > 0) {
		return 0
	}
	if v >= 1 {
		return 1
	}
	if v <= 0.0031308 { // the linear segment's end, from the standard
		return v * 12.92
	}
	return float32(1.055*math.Pow(float64(v), 1/2.4) - 0.055)
}
