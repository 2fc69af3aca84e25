package mesh

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// PLYFormat is the body encoding a PLY header declares.
type PLYFormat int

// The three PLY body encodings.
const (
	PLYASCII PLYFormat = iota
	PLYBinaryLE
	PLYBinaryBE
)

// String returns the format as the header spells it.
func (f PLYFormat) String() string {
	return [...]string{"ascii", "binary_little_endian", "binary_big_endian"}[f]
}

// PLYType is a PLY scalar type.
type PLYType uint8

// PLY scalar types; the zero value is invalid.
const (
	PLYInt8 PLYType = iota + 1
	PLYUint8
	PLYInt16
	PLYUint16
	PLYInt32
	PLYUint32
	PLYFloat32
	PLYFloat64
)

// Size returns the type's size in bytes in a binary body.
func (t PLYType) Size() int {
	return [...]int{0, 1, 1, 2, 2, 4, 4, 4, 8}[t]
}

// IsFloat reports whether the type is float or double.
func (t PLYType) IsFloat() bool { return t == PLYFloat32 || t == PLYFloat64 }

// MaxValue is the largest value of an integer type (used to scale colours); 1 for floats.
func (t PLYType) MaxValue() float64 {
	return [...]float64{0, 127, 255, 32767, 65535, 2147483647, 4294967295, 1, 1}[t]
}

// plyTypeNames maps both the classic and the sized PLY type names.
var plyTypeNames = map[string]PLYType{
	"char": PLYInt8, "int8": PLYInt8, "uchar": PLYUint8, "uint8": PLYUint8,
	"short": PLYInt16, "int16": PLYInt16, "ushort": PLYUint16, "uint16": PLYUint16,
	"int": PLYInt32, "int32": PLYInt32, "uint": PLYUint32, "uint32": PLYUint32,
	"float": PLYFloat32, "float32": PLYFloat32, "double": PLYFloat64, "float64": PLYFloat64,
}

// PLYProperty is one property of an element: a scalar, or a list with a count type.
type PLYProperty struct {
	Name      string
	Type      PLYType // scalar type, or the list's item type
	IsList    bool
	CountType PLYType // list length type (lists only)
}

// PLYElement is one element declaration: its name, item count and properties.
type PLYElement struct {
	Name       string
	Count      int64
	Properties []PLYProperty
}

// Property returns the index of the named property, or -1.
func (e *PLYElement) Property(name string) int {
	for i, p := range e.Properties {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// MinItemBytes is the fewest bytes one item can take in the body: the sum of scalar sizes and
// list count sizes in binary, two bytes (a digit and a separator) per property in ASCII.
func (e *PLYElement) MinItemBytes(f PLYFormat) int64 {
	var n int64
	for _, p := range e.Properties {
		switch {
		case f == PLYASCII:
			n += 2
		case p.IsList:
			n += int64(p.CountType.Size())
		default:
			n += int64(p.Type.Size())
		}
	}
	return n
}

// PLYHeader is a parsed PLY header.
type PLYHeader struct {
	Format   PLYFormat
	Version  string
	Comments []string
	Elements []PLYElement
	// Size is the header's length in bytes: the body starts at this offset.
	Size int64
	// Lines is the number of header lines (ASCII bodies start on line Lines+1).
	Lines int
}

// Element returns the named element, or nil.
func (h *PLYHeader) Element(name string) *PLYElement {
	for i := range h.Elements {
		if h.Elements[i].Name == name {
			return &h.Elements[i]
		}
	}
	return nil
}

// plyMaxHeaderLine bounds a header line: real headers have short lines, so a longer one means the
// file is not PLY (or is damaged) and reading on would only waste memory.
const plyMaxHeaderLine = 4096

// plyMaxHeaderLines bounds the header: real ones have tens of lines, 3DGS ones about 70.
const plyMaxHeaderLines = 100000

// ReadPLYHeader reads a PLY header up to and including its end_header line, leaving br at the
// first body byte. fileSize is the size of the whole file when known (-1 otherwise): element
// counts are checked against what is left after the header. name is used in error messages.
func ReadPLYHeader(br *bufio.Reader, name string, fileSize int64) (*PLYHeader, error) {
	h := &PLYHeader{}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", name, h.Lines, fmt.Sprintf(format, a...))
	}
	sawFormat := false
	for {
		line, err := readHeaderLine(br)
		h.Size += int64(len(line))
		h.Lines++
		if len(line) > plyMaxHeaderLine || h.Lines > plyMaxHeaderLines {
			return nil, fail("PLY header line too long (not a PLY file?)")
		}
		if err != nil {
			return nil, fail("file ends inside the PLY header (no end_header)")
		}
		text := strings.TrimRight(string(line), "\r\n")
		if h.Lines == 1 {
			if strings.TrimSpace(text) != "ply" {
				return nil, fail("not a PLY file (first line %q)", abbreviate(text, 40))
			}
			continue
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "format":
			if len(f) < 3 {
				return nil, fail("bad format line %q", text)
			}
			switch f[1] {
			case "ascii":
				h.Format = PLYASCII
			case "binary_little_endian":
				h.Format = PLYBinaryLE
			case "binary_big_endian":
				h.Format = PLYBinaryBE
			default:
				return nil, fail("unknown PLY format %q", f[1])
			}
			h.Version, sawFormat = f[2], true
		case "comment", "obj_info":
			h.Comments = append(h.Comments, strings.TrimSpace(strings.TrimPrefix(text, f[0])))
		case "element":
			if len(f) != 3 {
				return nil, fail("bad element line %q", text)
			}
			n, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil || n < 0 {
				return nil, fail("bad element count %q", f[2])
			}
			h.Elements = append(h.Elements, PLYElement{Name: f[1], Count: n})
		case "property":
			if len(h.Elements) == 0 {
				return nil, fail("property before any element")
			}
			p, err := parsePLYProperty(f)
			if err != nil {
				return nil, fail("%v", err)
			}
			e := &h.Elements[len(h.Elements)-1]
			e.Properties = append(e.Properties, p)
		case "end_header":
			if !sawFormat {
				return nil, fail("PLY header has no format line")
			}
			return h, h.checkCounts(name, fileSize)
		default:
			return nil, fail("unknown PLY header keyword %q", f[0])
		}
	}
}

// parsePLYProperty parses "property <type> <name>" or "property list <count> <item> <name>".
func parsePLYProperty(f []string) (PLYProperty, error) {
	if len(f) == 5 && f[1] == "list" {
		ct, ok1 := plyTypeNames[f[2]]
		it, ok2 := plyTypeNames[f[3]]
		if !ok1 || !ok2 || ct.IsFloat() {
			return PLYProperty{}, fmt.Errorf("bad list property types %q %q", f[2], f[3])
		}
		return PLYProperty{Name: f[4], Type: it, IsList: true, CountType: ct}, nil
	}
	if len(f) != 3 {
		return PLYProperty{}, fmt.Errorf("bad property line %q", strings.Join(f, " "))
	}
	t, ok := plyTypeNames[f[1]]
	if !ok {
		return PLYProperty{}, fmt.Errorf("unknown property type %q", f[1])
	}
	return PLYProperty{Name: f[2], Type: t}, nil
}

// checkCounts rejects headers whose element counts need more bytes than the file holds.
func (h *PLYHeader) checkCounts(name string, fileSize int64) error {
	if fileSize < 0 {
		return nil
	}
	body := fileSize - h.Size
	var need int64
	for _, e := range h.Elements {
		per := e.MinItemBytes(h.Format)
		if per == 0 {
			continue // an element without properties takes no bytes; its count allocates nothing
		}
		if e.Count > body/per || need+e.Count*per > body {
			return fmt.Errorf("%s:%d: header claims %d %s items (at least %d bytes each) but the body has only %d bytes",
				name, h.Lines, e.Count, e.Name, per, body)
		}
		need += e.Count * per
	}
	return nil
}

// abbreviate shortens s to at most n bytes for error messages.
func abbreviate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// readHeaderLine reads up to and including '\n', stopping early (without error) once the line is
// longer than plyMaxHeaderLine so that a binary blob cannot make it buffer the whole file.
func readHeaderLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if err != bufio.ErrBufferFull || len(line) > plyMaxHeaderLine {
			if err == bufio.ErrBufferFull {
				err = nil
			}
			return line, err
		}
	}
}
