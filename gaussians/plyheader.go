package gaussians

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// plyEncoding is the PLY body encoding named on the header's format line.
type plyEncoding int

const (
	plyASCII plyEncoding = iota
	plyBinaryLE
	plyBinaryBE
)

// plyType is a PLY scalar type.
type plyType uint8

const (
	plyInvalid plyType = iota
	plyInt8
	plyUint8
	plyInt16
	plyUint16
	plyInt32
	plyUint32
	plyFloat32
	plyFloat64
)

// plyTypeNames maps both the classic and the sized PLY type names to types.
var plyTypeNames = map[string]plyType{
	"char": plyInt8, "int8": plyInt8, "uchar": plyUint8, "uint8": plyUint8,
	"short": plyInt16, "int16": plyInt16, "ushort": plyUint16, "uint16": plyUint16,
	"int": plyInt32, "int32": plyInt32, "uint": plyUint32, "uint32": plyUint32,
	"float": plyFloat32, "float32": plyFloat32, "double": plyFloat64, "float64": plyFloat64,
}

// size is the type's size in bytes.
func (t plyType) size() int {
	switch t {
	case plyInt8, plyUint8:
		return 1
	case plyInt16, plyUint16:
		return 2
	case plyInt32, plyUint32, plyFloat32:
		return 4
	case plyFloat64:
		return 8
	}
	return 0
}

// plyProp is one property of an element; list properties have a count type.
type plyProp struct {
	name      string
	typ       plyType
	listCount plyType // plyInvalid unless this is a list property
	offset    int     // byte offset in a binary row (fixed-size elements only)
}

// plyElement is one element declaration with its properties.
type plyElement struct {
	name    string
	count   int64
	props   []plyProp
	stride  int // bytes per binary row; valid when !hasList
	line    int // header line of the declaration, for messages
	hasList bool
}

// plyHeader is a parsed PLY header.
type plyHeader struct {
	enc      plyEncoding
	elements []plyElement
	size     int64 // bytes in the header, "end_header\n" included
	lines    int
}

// maxPLYHeader bounds the header so a file without end_header cannot make us read it whole;
// 1 MiB holds ~30,000 property lines, far more than any splat file declares.
const maxPLYHeader = 1 << 20

// maxPLYCount bounds element counts to what an int can index on any platform we build for.
const maxPLYCount = 1 << 40

// readPLYHeader parses the header from br, leaving br at the first body byte.
func readPLYHeader(br *bufio.Reader, name string) (*plyHeader, error) {
	h := &plyHeader{}
	sawFormat := false
	for {
		line, err := br.ReadString('\n')
		h.size += int64(len(line))
		h.lines++
		if err != nil {
			if err == io.EOF {
				return nil, fmt.Errorf("%s:%d: header ends without end_header", name, h.lines)
			}
			return nil, fmt.Errorf("%s:%d: %w", name, h.lines, err)
		}
		if h.size > maxPLYHeader {
			return nil, fmt.Errorf("%s:%d: PLY header longer than %d bytes", name, h.lines, maxPLYHeader)
		}
		f := strings.Fields(line)
		if h.lines == 1 {
			if len(f) != 1 || f[0] != "ply" {
				return nil, fmt.Errorf("%s:1: not a PLY file (first line %q)", name, clip(line))
			}
			continue
		}
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "comment", "obj_info":
		case "format":
			if len(f) < 2 {
				return nil, fmt.Errorf("%s:%d: format line without an encoding", name, h.lines)
			}
			switch f[1] {
			case "ascii":
				h.enc = plyASCII
			case "binary_little_endian":
				h.enc = plyBinaryLE
			case "binary_big_endian":
				h.enc = plyBinaryBE
			default:
				return nil, fmt.Errorf("%s:%d: unknown PLY format %q", name, h.lines, f[1])
			}
			sawFormat = true
		case "element":
			if len(f) != 3 {
				return nil, fmt.Errorf("%s:%d: element line needs a name and a count", name, h.lines)
			}
			n, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil || n < 0 || n > maxPLYCount {
				return nil, fmt.Errorf("%s:%d: bad element count %q", name, h.lines, f[2])
			}
			h.elements = append(h.elements, plyElement{name: f[1], count: n, line: h.lines})
		case "property":
			if len(h.elements) == 0 {
				return nil, fmt.Errorf("%s:%d: property before any element", name, h.lines)
			}
			p, err := parsePLYProp(f)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", name, h.lines, err)
			}
			e := &h.elements[len(h.elements)-1]
			if p.listCount != plyInvalid {
				e.hasList = true
			} else {
				p.offset = e.stride
				e.stride += p.typ.size()
			}
			e.props = append(e.props, p)
		case "end_header":
			if !sawFormat {
				return nil, fmt.Errorf("%s:%d: header has no format line", name, h.lines)
			}
			return h, nil
		default:
			return nil, fmt.Errorf("%s:%d: unknown header keyword %q", name, h.lines, f[0])
		}
	}
}

// parsePLYProp parses "property TYPE NAME" or "property list COUNTTYPE TYPE NAME".
func parsePLYProp(f []string) (plyProp, error) {
	if len(f) == 5 && f[1] == "list" {
		ct, t := plyTypeNames[f[2]], plyTypeNames[f[3]]
		if ct == plyInvalid || t == plyInvalid || ct == plyFloat32 || ct == plyFloat64 {
			return plyProp{}, fmt.Errorf("bad list property types %q %q", f[2], f[3])
		}
		return plyProp{name: f[4], typ: t, listCount: ct}, nil
	}
	if len(f) != 3 {
		return plyProp{}, errors.New("property line needs a type and a name")
	}
	t := plyTypeNames[f[1]]
	if t == plyInvalid {
		return plyProp{}, fmt.Errorf("unknown property type %q", f[1])
	}
	return plyProp{name: f[2], typ: t}, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	s = strings.TrimRight(s, "\r\n")
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
