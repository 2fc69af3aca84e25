package mesh

import (
	"bufio"
	"errors"
	"io"
	"math"
	"strconv"
	"unsafe"
)

// objReadBuffer is the bufio size for text mesh formats: 256 KiB keeps syscalls rare on
// multi-hundred-MB files while staying small next to the mesh being built.
const objReadBuffer = 256 << 10

// lineReader yields logical lines of a text file without allocating per line: CR/LF are
// stripped, a trailing backslash joins the next physical line, and a UTF-8 BOM is dropped.
// The returned slice is valid until the next call.
type lineReader struct {
	br    *bufio.Reader
	long  []byte // holds physical lines longer than the bufio buffer
	join  []byte // holds logical lines joined from continuation lines
	phys  int    // physical lines consumed so far
	start int    // physical line number where the last logical line began
	first bool
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, objReadBuffer), first: true}
}

// physical reads one physical line without its line ending; ok is false at end of input.
// The slice lives in lr.long or in the bufio buffer, so it never aliases lr.join.
func (lr *lineReader) physical() ([]byte, error) {
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			lr.long = append(lr.long, b...)
		}
		b = lr.long
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	if err == io.EOF && len(b) == 0 {
		return nil, io.EOF
	}
	lr.phys++
	n := len(b)
	if n > 0 && b[n-1] == '\n' {
		n--
	}
	if n > 0 && b[n-1] == '\r' {
		n--
	}
	return b[:n], nil
}

// next returns the next logical line; err is io.EOF at the end of input.
func (lr *lineReader) next() ([]byte, error) {
	line, err := lr.physical()
	if err != nil {
		return nil, err
	}
	lr.start = lr.phys
	if lr.first {
		lr.first = false
		if len(line) >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF {
			line = line[3:]
		}
	}
	joined := false
	for len(line) > 0 && line[len(line)-1] == '\\' {
		if !joined {
			lr.join = append(lr.join[:0], line...)
			joined = true
		}
		lr.join = lr.join[:len(lr.join)-1]
		more, err := lr.physical()
		if err == io.EOF {
			return lr.join, nil
		}
		if err != nil {
			return nil, err
		}
		lr.join = append(lr.join, ' ')
		lr.join = append(lr.join, more...)
		line = lr.join
	}
	return line, nil
}

// isSpace reports the field separators of OBJ/MTL text (space, tab, and stray CR/FF/VT).
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

// nextField returns the field starting at or after i and the index just past it; the field
// is empty when the line has no more fields.
func nextField(line []byte, i int) ([]byte, int) {
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	j := i
	for j < len(line) && !isSpace(line[j]) {
		j++
	}
	return line[i:j], j
}

// trimSpace trims OBJ field separators from both ends.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// pow10 holds the powers of ten that float64 represents exactly (10^0..10^22), the range
// in which mantissa*10^exp rounds correctly with one multiplication (Clinger's fast path).
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// maxExactMantissa is 2^53: integers below it convert to float64 exactly.
const maxExactMantissa = 1 << 53

// errBadNumber is returned by the number parsers; callers add file, line and token.
var errBadNumber = errors.New("bad number")

// parseFloat parses a decimal float from s. Plain decimals ("-0.123456", "1e-3") take an
// exact fast path; anything else (long mantissas, inf, nan, hex) goes to strconv.
func parseFloat(s []byte) (float64, error) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	var mant uint64
	exp, digits := 0, 0
	ok := true
	for ; i < len(s) && s[i]-'0' < 10; i++ {
		digits++
		if mant >= maxExactMantissa/10 {
			ok = false
		}
		mant = mant*10 + uint64(s[i]-'0')
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i]-'0' < 10; i++ {
			digits++
			if mant >= maxExactMantissa/10 {
				ok = false
			}
			mant = mant*10 + uint64(s[i]-'0')
			exp--
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') && digits > 0 {
		i++
		eneg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			eneg = s[i] == '-'
			i++
		}
		e, ed := 0, 0
		for ; i < len(s) && s[i]-'0' < 10; i++ {
			ed++
			if e < 10000 { // beyond any float exponent; stop growing to avoid overflow
				e = e*10 + int(s[i]-'0')
			}
		}
		if ed == 0 {
			ok = false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if ok && digits > 0 && i == len(s) && exp >= -22 && exp <= 22 {
		f := float64(mant)
		if exp < 0 {
			f /= pow10[-exp]
		} else {
			f *= pow10[exp]
		}
		if neg {
			f = -f
		}
		return f, nil
	}
	return parseFloatSlow(s)
}

// parseFloatSlow hands s to strconv without copying it.
func parseFloatSlow(s []byte) (float64, error) {
	if len(s) == 0 {
		return 0, errBadNumber
	}
	f, err := strconv.ParseFloat(unsafe.String(&s[0], len(s)), 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return f, nil // ±Inf or 0: the caller handles non-finite values
		}
		return 0, errBadNumber
	}
	return f, nil
}

// maxIndexDigits bounds the digits of an index: 18 decimal digits always fit in int64.
const maxIndexDigits = 18

// scanIndex reads a signed decimal integer starting at s[i] and returns it with the offset
// just past it; ok is false when there are no digits. Huge values saturate at ±MaxInt64 so
// they are reported as out of range rather than wrapping.
func scanIndex(s []byte, i int) (v int64, j int, ok bool) {
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && s[i]-'0' < 10 {
		v = v*10 + int64(s[i]-'0')
		i++
	}
	if i-start > maxIndexDigits {
		v = math.MaxInt64 // it may have wrapped: saturate instead
	}
	if neg {
		v = -v
	}
	return v, i, i > start
}

// quoteToken renders a bad token for an error message, cut to a readable length.
func quoteToken(tok []byte) string {
	const maxShown = 32 // enough to recognise the token, short enough for one line
	if len(tok) > maxShown {
		return strconv.Quote(string(tok[:maxShown]) + "...")
	}
	return strconv.Quote(string(tok))
}
