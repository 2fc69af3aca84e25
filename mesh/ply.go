package mesh

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/go-gl/mathgl/mgl32"
)

// plyUVNames are the texture-coordinate property pairs found in the wild, in order of preference.
var plyUVNames = [][2]string{{"s", "t"}, {"u", "v"}, {"texture_u", "texture_v"}, {"texture_s", "texture_t"}}

// plyColorNames are the vertex colour property triples found in the wild.
var plyColorNames = [][3]string{{"red", "green", "blue"}, {"r", "g", "b"}, {"diffuse_red", "diffuse_green", "diffuse_blue"}}

// ReadPLY reads a PLY mesh (ASCII or binary of either byte order): vertex positions, optional
// normals, colours and texture coordinates, and faces (polygons are triangulated). Elements and
// properties it does not use are skipped. name is used in error messages.
func ReadPLY(r io.Reader, name string) (*Mesh, error) {
	size := readerSize(r)
	br := bufio.NewReaderSize(r, fieldReadBuf)
	h, err := ReadPLYHeader(br, name, size)
	if err != nil {
		return nil, err
	}
	var src plySource
	switch h.Format {
	case PLYASCII:
		fr := newFieldReader(br, false)
		fr.line = h.Lines
		left := int64(-1)
		if size >= 0 {
			left = size - h.Size
		}
		src = &plyASCII{fr: fr, left: left}
	case PLYBinaryLE:
		src = &plyBinary{br: br, order: binary.LittleEndian, off: h.Size, end: size}
	default:
		src = &plyBinary{br: br, order: binary.BigEndian, off: h.Size, end: size}
	}
	ve := h.Element("vertex")
	if ve == nil {
		return nil, fmt.Errorf("%s: PLY file has no vertex element", name)
	}
	if ve.Count > 1<<31-1 { // TriNormals/TriUVs hold int32 indices
		return nil, fmt.Errorf("%s: %d vertices do not fit 32-bit indices", name, ve.Count)
	}
	m := &Mesh{}
	known := size >= 0
	sawFace := false
	for i := range h.Elements {
		e := &h.Elements[i]
		switch {
		case e == ve:
			err = readPLYVertices(m, e, src, h.Format, known)
		case e.Name == "face" && !sawFace:
			sawFace = true
			err = readPLYFaces(m, e, src, h.Format, ve.Count, known)
		default:
			if e.Count > 0 {
				m.Warnings = append(m.Warnings, fmt.Sprintf("%s: skipped PLY element %q (%d items)", name, e.Name, e.Count))
			}
			err = skipElement(e, src, h.Format)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if len(m.Normals) > 0 {
		m.TriNormals = attrIndicesFromTris(m.Triangles)
	}
	if len(m.UVs) > 0 && m.TriUVs == nil {
		m.TriUVs = attrIndicesFromTris(m.Triangles)
	}
	return m, nil
}

// scalarIndices returns the indices of the named scalar properties, or nil unless all exist.
func scalarIndices(e *PLYElement, names ...string) []int {
	out := make([]int, len(names))
	for k, n := range names {
		i := e.Property(n)
		if i < 0 || e.Properties[i].IsList {
			return nil
		}
		out[k] = i
	}
	return out
}

// readPLYVertices reads the vertex element into positions, normals, colours and UVs.
func readPLYVertices(m *Mesh, e *PLYElement, src plySource, f PLYFormat, known bool) error {
	xyz := scalarIndices(e, "x", "y", "z")
	if xyz == nil {
		return fmt.Errorf("vertex element lacks scalar x, y, z properties")
	}
	n := claimCap(e.Count, known)
	m.Positions = make([]mgl32.Vec3, 0, n)
	nrm := scalarIndices(e, "nx", "ny", "nz")
	if nrm != nil {
		m.Normals = make([]mgl32.Vec3, 0, n)
	}
	var col []int
	for _, c := range plyColorNames {
		if col = scalarIndices(e, c[0], c[1], c[2]); col != nil {
			m.Colors = make([]mgl32.Vec3, 0, n)
			break
		}
	}
	var uv []int
	for _, c := range plyUVNames {
		if uv = scalarIndices(e, c[0], c[1]); uv != nil {
			m.UVs = make([]mgl32.Vec2, 0, n)
			break
		}
	}
	ir := newPLYItemReader(e, src, f)
	v := ir.vals
	for i := int64(0); i < e.Count; i++ {
		if err := ir.read(); err != nil {
			return err
		}
		m.Positions = append(m.Positions, mgl32.Vec3{float32(v[xyz[0]]), float32(v[xyz[1]]), float32(v[xyz[2]])})
		if nrm != nil {
			m.Normals = append(m.Normals, unitOrZero(mgl32.Vec3{float32(v[nrm[0]]), float32(v[nrm[1]]), float32(v[nrm[2]])}))
		}
		if col != nil {
			var c [3]float32
			for k := 0; k < 3; k++ {
				c[k] = float32(v[col[k]] / e.Properties[col[k]].Type.MaxValue())
			}
			m.Colors = append(m.Colors, vertexColorLinear(c))
		}
		if uv != nil {
			m.UVs = append(m.UVs, mgl32.Vec2{float32(v[uv[0]]), float32(v[uv[1]])})
		}
	}
	return nil
}

// readPLYFaces reads the face element's index lists (and per-corner texcoord lists) into triangles.
func readPLYFaces(m *Mesh, e *PLYElement, src plySource, f PLYFormat, nv int64, known bool) error {
	li := -1
	for _, n := range []string{"vertex_indices", "vertex_index"} {
		if i := e.Property(n); i >= 0 && e.Properties[i].IsList {
			li = i
			break
		}
	}
	if li < 0 {
		return fmt.Errorf("face element lacks a vertex_indices list")
	}
	ti := e.Property("texcoord")
	if ti >= 0 && (!e.Properties[ti].IsList || len(m.UVs) > 0) {
		ti = -1 // per-vertex UVs win over per-face ones
	}
	ir := newPLYItemReader(e, src, f, e.Properties[li].Name, "texcoord")
	m.Triangles = make([][3]uint32, 0, claimCap(e.Count, known))
	if ti >= 0 {
		m.TriUVs = make([][3]int32, 0, claimCap(e.Count, known))
	}
	var poly []uint32
	var corners [][3]int
	var ps polySplitter
	for i := int64(0); i < e.Count; i++ {
		where := src.where()
		if err := ir.read(); err != nil {
			return err
		}
		poly = poly[:0]
		for _, x := range ir.lists[li] {
			if x < 0 || x >= float64(nv) {
				return fmt.Errorf("%s: face %d: vertex index %g out of range (%d vertices)", where, i, x, nv)
			}
			poly = append(poly, uint32(x))
		}
		if len(poly) < 3 {
			continue
		}
		base := int32(len(m.UVs))
		tc := []float64(nil)
		if ti >= 0 {
			if tc = ir.lists[ti]; len(tc) != 2*len(poly) {
				return fmt.Errorf("%s: face %d: %d texcoord values for %d corners", where, i, len(tc), len(poly))
			}
			for k := 0; k < len(tc); k += 2 {
				m.UVs = append(m.UVs, mgl32.Vec2{float32(tc[k]), float32(tc[k+1])})
			}
		}
		corners = ps.split(m.Positions, poly, corners[:0])
		for _, c := range corners {
			m.Triangles = append(m.Triangles, [3]uint32{poly[c[0]], poly[c[1]], poly[c[2]]})
			if tc != nil {
				m.TriUVs = append(m.TriUVs, [3]int32{base + int32(c[0]), base + int32(c[1]), base + int32(c[2])})
			}
		}
	}
	return nil
}
