package mesh

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
)

// Binary STL layout: an 80-byte header, a uint32 triangle count, then 50 bytes per triangle
// (normal and three vertices as 12 float32s, and a uint16 attribute word).
const (
	stlHeaderSize = 80
	stlCountEnd   = stlHeaderSize + 4
	stlRecordSize = 50
)

// stlSniffSize is how much of a "solid"-headed file is inspected when the file size is unknown:
// an ASCII file has "facet" (or "endsolid") within its first few hundred bytes.
const stlSniffSize = 512

// ReadSTL reads a binary or ASCII STL file. A file is binary when its size is exactly
// 84 + 50·n for the count n in its header, whatever its first bytes say (many binary files start
// with "solid"); otherwise it is ASCII if it starts with "solid". Identical vertex positions are
// welded (exact match) so that edges are shared. name is used in error messages.
func ReadSTL(r io.Reader, name string) (*Mesh, error) {
	size := readerSize(r)
	br := bufio.NewReaderSize(r, fieldReadBuf)
	head, _ := br.Peek(stlSniffSize)
	lead := bytes.TrimLeft(head, " \t\r\n")
	startsSolid := len(lead) >= 5 && bytes.EqualFold(lead[:5], []byte("solid"))
	if len(head) >= stlCountEnd {
		n := int64(binary.LittleEndian.Uint32(head[stlHeaderSize:stlCountEnd]))
		binSize := stlCountEnd + stlRecordSize*n
		switch {
		case size >= 0 && size == binSize:
			return readSTLBinary(br, name, n, size)
		case startsSolid && size >= 0 && !looksASCIISTL(head) && bytes.IndexByte(head, 0) >= 0:
			// Text never holds NUL bytes: this is a binary file whose size is wrong.
			return nil, fmt.Errorf("%s: byte 80: binary STL (header starts with \"solid\") claims %d triangles (%d bytes) but the file has %d bytes",
				name, n, binSize, size)
		case startsSolid && (size >= 0 || looksASCIISTL(head)):
			return readSTLASCII(br, name)
		default:
			return readSTLBinary(br, name, n, size)
		}
	}
	if startsSolid {
		return readSTLASCII(br, name)
	}
	return nil, fmt.Errorf("%s: too short for an STL file (%d bytes)", name, len(head))
}

// looksASCIISTL reports whether the bytes after "solid" look like ASCII STL text.
func looksASCIISTL(head []byte) bool {
	lower := bytes.ToLower(head)
	return bytes.Contains(lower, []byte("facet")) || bytes.Contains(lower, []byte("endsolid"))
}

// welder maps exact vertex positions to indices (-0 and +0 weld together) with the same
// open-addressing table as weldPositions, grown as positions are added.
type welder struct {
	m     *Mesh
	table []uint32 // 0: empty, else position index + 1
}

func newWelder(m *Mesh, hint int) *welder {
	size := 16
	for size < 2*hint { // load factor at most 1/2
		size *= 2
	}
	return &welder{m: m, table: make([]uint32, size)}
}

// weldHash mixes a position's bit pattern (odd 64-bit constants from splitmix64).
func weldHash(k [3]uint32) uint64 {
	h := uint64(k[0])*0x9E3779B97F4A7C15 ^ uint64(k[1])*0xBF58476D1CE4E5B9 ^ uint64(k[2])*0x94D049BB133111EB
	return h ^ h>>31
}

func (w *welder) add(p mgl32.Vec3) uint32 {
	k := weldKey(p)
	mask := uint64(len(w.table) - 1)
	for slot := weldHash(k) & mask; ; slot = (slot + 1) & mask {
		e := w.table[slot]
		if e == 0 {
			i := uint32(len(w.m.Positions))
			w.m.Positions = append(w.m.Positions, p)
			w.table[slot] = i + 1
			if 2*len(w.m.Positions) > len(w.table) {
				w.grow()
			}
			return i
		}
		if weldKey(w.m.Positions[e-1]) == k {
			return e - 1
		}
	}
}

// grow doubles the table and reinserts every position.
func (w *welder) grow() {
	w.table = make([]uint32, 2*len(w.table))
	mask := uint64(len(w.table) - 1)
	for i, p := range w.m.Positions {
		slot := weldHash(weldKey(p)) & mask
		for w.table[slot] != 0 {
			slot = (slot + 1) & mask
		}
		w.table[slot] = uint32(i) + 1
	}
}

// readSTLBinary reads n 50-byte records after the 84-byte header.
func readSTLBinary(br *bufio.Reader, name string, n, size int64) (*Mesh, error) {
	m := &Mesh{}
	if size >= 0 {
		switch want := stlCountEnd + stlRecordSize*n; {
		case n > (size-stlCountEnd)/stlRecordSize:
			return nil, fmt.Errorf("%s: byte 80: binary STL header claims %d triangles (%d bytes) but the file has %d bytes",
				name, n, want, size)
		case size > want:
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s: %d bytes after the last of %d triangles ignored", name, size-want, n))
		}
	}
	if _, err := br.Discard(stlCountEnd); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	known := size >= 0
	m.Triangles = make([][3]uint32, 0, claimCap(n, known))
	// A closed mesh has about half as many vertices as triangles.
	m.Positions = make([]mgl32.Vec3, 0, claimCap(n/2+3, known))
	w := newWelder(m, claimCap(n/2+3, known))
	var rec [stlRecordSize]byte
	for i := int64(0); i < n; i++ {
		if _, err := io.ReadFull(br, rec[:]); err != nil {
			return nil, fmt.Errorf("%s: byte %d: file ends in triangle %d of %d", name, stlCountEnd+i*stlRecordSize, i, n)
		}
		var t [3]uint32
		for c := 0; c < 3; c++ {
			o := 12 + 12*c // skip the 12-byte facet normal
			p := mgl32.Vec3{
				math.Float32frombits(binary.LittleEndian.Uint32(rec[o:])),
				math.Float32frombits(binary.LittleEndian.Uint32(rec[o+4:])),
				math.Float32frombits(binary.LittleEndian.Uint32(rec[o+8:])),
			}
			t[c] = w.add(p)
		}
		m.Triangles = append(m.Triangles, t)
	}
	return m, nil
}

// readSTLASCII reads "solid … facet normal … outer loop vertex×3 endloop endfacet … endsolid"
// records; several solids in one file are merged, loops with more than 3 vertices triangulated.
func readSTLASCII(br *bufio.Reader, name string) (*Mesh, error) {
	m := &Mesh{}
	w := newWelder(m, 1024)
	fr := newFieldReader(br, false)
	var loop []uint32
	var corners [][3]int
	var ps polySplitter
	inLoop, sawSolid := false, false
	for {
		f, err := fr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, fr.line, err)
		}
		switch strings.ToLower(string(f[0])) { // some exporters write the keywords in capitals
		case "solid":
			sawSolid = true
		case "facet", "endfacet", "endsolid":
			if inLoop {
				return nil, fmt.Errorf("%s:%d: %q inside an outer loop", name, fr.line, f[0])
			}
		case "outer":
			inLoop, loop = true, loop[:0]
		case "vertex":
			if !inLoop {
				return nil, fmt.Errorf("%s:%d: vertex outside an outer loop", name, fr.line)
			}
			if len(f) != 4 {
				return nil, fmt.Errorf("%s:%d: want vertex x y z", name, fr.line)
			}
			var p mgl32.Vec3
			for k := 0; k < 3; k++ {
				v, err := parseFieldF32(f[k+1])
				if err != nil {
					return nil, fmt.Errorf("%s:%d: bad coordinate %q", name, fr.line, abbreviate(string(f[k+1]), 40))
				}
				p[k] = v
			}
			loop = append(loop, w.add(p))
		case "endloop":
			if !inLoop {
				return nil, fmt.Errorf("%s:%d: endloop without outer loop", name, fr.line)
			}
			inLoop = false
			if len(loop) < 3 {
				return nil, fmt.Errorf("%s:%d: loop with %d vertices", name, fr.line, len(loop))
			}
			corners = ps.split(m.Positions, loop, corners[:0])
			for _, c := range corners {
				m.Triangles = append(m.Triangles, [3]uint32{loop[c[0]], loop[c[1]], loop[c[2]]})
			}
		default:
			return nil, fmt.Errorf("%s:%d: unexpected %q in ASCII STL", name, fr.line, abbreviate(string(f[0]), 40))
		}
	}
	if !sawSolid {
		return nil, fmt.Errorf("%s: not an STL file (no solid)", name)
	}
	if inLoop {
		return nil, fmt.Errorf("%s:%d: file ends inside an outer loop", name, fr.line)
	}
	return m, nil
}
