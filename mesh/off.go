package mesh

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
)

// Byte floors used to cap OFF header counts against the file size: the shortest vertex line is
// "0 0 0\n" (6 bytes) and the shortest face line is "0\n" (2 bytes).
const (
	offMinVertexBytes = 6
	offMinFaceBytes   = 2
)

// offHeader is what the OFF keyword line says the vertex lines carry.
type offHeader struct {
	texture, color, normal bool
}

// ReadOFF reads an OFF mesh (OFF, COFF, NOFF, STOFF and their combinations), including
// ModelNet's header glued to the counts ("OFF1046 900 0"), comments and blank lines anywhere,
// and polygons of any size (triangulated). name is used in error messages.
func ReadOFF(r io.Reader, name string) (*Mesh, error) {
	size := readerSize(r)
	lr := newFieldReader(r, true)
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", name, lr.line, fmt.Sprintf(format, a...))
	}
	f, err := lr.next()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty OFF file", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	hdr, rest, ok := parseOFFKeyword(string(f[0]))
	var counts [][]byte
	m := &Mesh{}
	switch {
	case !ok && strings.Contains(string(f[0]), "OFF"):
		return nil, fail("unsupported OFF variant %q (only 3D [ST][C][N]OFF)", f[0])
	case !ok:
		// The Geomview spec makes the keyword optional: the first line then holds the counts.
		counts = f
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s:%d: no OFF keyword; reading the counts", name, lr.line))
	case rest == "BINARY" || (len(f) > 1 && string(f[1]) == "BINARY"):
		return nil, fail("binary OFF is not supported")
	case rest != "":
		counts = append([][]byte{[]byte(rest)}, f[1:]...) // glued: "OFF1046 900 0"
	case len(f) > 1:
		counts = f[1:]
	default:
		if counts, err = lr.next(); err != nil {
			return nil, fail("missing vertex/face counts after OFF keyword")
		}
	}
	if len(counts) < 2 {
		return nil, fail("want vertex and face counts, got %q", joinFieldsText(counts))
	}
	nv, err1 := parseFieldInt(counts[0])
	nf, err2 := parseFieldInt(counts[1])
	if err1 != nil || err2 != nil || nv < 0 || nf < 0 {
		return nil, fail("bad counts %q", joinFieldsText(counts))
	}
	if size >= 0 && (nv > size/offMinVertexBytes || nf > size/offMinFaceBytes ||
		nv*offMinVertexBytes+nf*offMinFaceBytes > size) {
		return nil, fail("header claims %d vertices and %d faces but the file has only %d bytes", nv, nf, size)
	}
	if nv > 1<<31-1 { // TriNormals/TriUVs are int32
		return nil, fail("%d vertices do not fit 32-bit indices", nv)
	}
	known := size >= 0
	m.Positions = make([]mgl32.Vec3, 0, claimCap(nv, known))
	if hdr.normal {
		m.Normals = make([]mgl32.Vec3, 0, claimCap(nv, known))
	}
	if hdr.texture {
		m.UVs = make([]mgl32.Vec2, 0, claimCap(nv, known))
	}
	if hdr.color {
		m.Colors = make([]mgl32.Vec3, 0, claimCap(nv, known))
	}
	for i := int64(0); i < nv; i++ {
		f, err := lr.next()
		if err != nil {
			return nil, fail("file ends after %d of %d vertices", i, nv)
		}
		if err := readOFFVertex(m, hdr, f); err != nil {
			return nil, fail("vertex %d: %v", i, err)
		}
	}
	m.Triangles = make([][3]uint32, 0, claimCap(nf, known))
	var poly []uint32
	var corners [][3]int
	var ps polySplitter
	skipped := 0
	for i := int64(0); i < nf; i++ {
		f, err := lr.next()
		if err != nil {
			return nil, fail("file ends after %d of %d faces", i, nf)
		}
		n, err := parseFieldInt(f[0])
		if err != nil || n < 0 || n > int64(len(f)-1) {
			return nil, fail("face %d: bad vertex count %q (%d numbers on the line)", i, f[0], len(f)-1)
		}
		poly = poly[:0]
		for k := int64(1); k <= n; k++ {
			v, err := parseFieldInt(f[k])
			if err != nil || v < 0 || v >= nv {
				return nil, fail("face %d: vertex index %s out of range (%d vertices)", i, f[k], nv)
			}
			poly = append(poly, uint32(v))
		}
		if n < 3 {
			skipped++
			continue
		}
		corners = ps.split(m.Positions, poly, corners[:0])
		for _, c := range corners {
			m.Triangles = append(m.Triangles, [3]uint32{poly[c[0]], poly[c[1]], poly[c[2]]})
		}
	}
	if skipped > 0 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s: skipped %d faces with fewer than 3 vertices", name, skipped))
	}
	// Per-vertex attributes share the position indices.
	if hdr.normal {
		m.TriNormals = attrIndicesFromTris(m.Triangles)
	}
	if hdr.texture {
		m.TriUVs = attrIndicesFromTris(m.Triangles)
	}
	return m, nil
}

// parseOFFKeyword recognises [ST][C][N]OFF at the start of the first field and returns the
// text glued after it. 4OFF and nOFF (other dimensions) are not recognised.
func parseOFFKeyword(s string) (h offHeader, rest string, ok bool) {
	p := s
	if strings.HasPrefix(p, "ST") {
		h.texture, p = true, p[2:]
	}
	if strings.HasPrefix(p, "C") {
		h.color, p = true, p[1:]
	}
	if strings.HasPrefix(p, "N") {
		h.normal, p = true, p[1:]
	}
	if !strings.HasPrefix(p, "OFF") {
		return offHeader{}, "", false
	}
	return h, p[3:], true
}

// readOFFVertex parses "x y z [nx ny nz] [r g b [a]] [s t]" into m.
func readOFFVertex(m *Mesh, h offHeader, f [][]byte) error {
	var v [3]float32
	if len(f) < 3 {
		return fmt.Errorf("want 3 coordinates, got %d numbers", len(f))
	}
	for k := 0; k < 3; k++ {
		x, err := parseFieldF32(f[k])
		if err != nil {
			return fmt.Errorf("bad coordinate %q", f[k])
		}
		v[k] = x
	}
	m.Positions = append(m.Positions, v)
	rest := f[3:]
	if h.normal {
		var n mgl32.Vec3
		if len(rest) < 3 {
			return errors.New("NOFF vertex without a normal")
		}
		for k := 0; k < 3; k++ {
			x, err := parseFieldF32(rest[k])
			if err != nil {
				return fmt.Errorf("bad normal %q", rest[k])
			}
			n[k] = x
		}
		m.Normals = append(m.Normals, unitOrZero(n))
		rest = rest[3:]
	}
	var uv mgl32.Vec2
	if h.texture {
		if len(rest) < 2 {
			return errors.New("STOFF vertex without texture coordinates")
		}
		for k := 0; k < 2; k++ {
			x, err := parseFieldF32(rest[len(rest)-2+k])
			if err != nil {
				return fmt.Errorf("bad texture coordinate %q", rest[len(rest)-2+k])
			}
			uv[k] = x
		}
		m.UVs = append(m.UVs, uv)
		rest = rest[:len(rest)-2]
	}
	if h.color {
		if len(rest) < 3 {
			return errors.New("COFF vertex without a colour")
		}
		var c [3]float32
		isInt := true
		for k := 0; k < 3; k++ {
			x, err := parseFieldF32(rest[k])
			if err != nil {
				return fmt.Errorf("bad colour %q", rest[k])
			}
			c[k] = x
			isInt = isInt && !strings.ContainsAny(string(rest[k]), ".eE")
		}
		if isInt { // integer colours are 0..255
			c[0], c[1], c[2] = c[0]/255, c[1]/255, c[2]/255
		}
		m.Colors = append(m.Colors, vertexColorLinear(c))
	}
	return nil
}

// attrIndicesFromTris copies triangle indices for per-vertex attributes that share position indices.
func attrIndicesFromTris(tris [][3]uint32) [][3]int32 {
	out := make([][3]int32, len(tris))
	for i, t := range tris {
		out[i] = [3]int32{int32(t[0]), int32(t[1]), int32(t[2])}
	}
	return out
}

// unitOrZero normalises n, returning zero for a zero or non-finite vector (mgl32 would give NaN).
func unitOrZero(n mgl32.Vec3) mgl32.Vec3 {
	l := n.Len()
	if l == 0 || l != l || l > 3.4e38 {
		return mgl32.Vec3{}
	}
	return n.Mul(1 / l)
}

func joinFieldsText(f [][]byte) string {
	s := make([]string, len(f))
	for i, b := range f {
		s[i] = string(b)
	}
	return strings.Join(s, " ")
}
