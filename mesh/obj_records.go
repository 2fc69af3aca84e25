package mesh

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// maxObjIndex is the largest 1-based index a mesh can hold: pools are indexed by int32.
const maxObjIndex = math.MaxInt32

// maxNumbers is the most numbers read from a v record: x y z plus an optional w or r g b
// (and w r g b); further numbers are ignored.
const maxNumbers = 7

// numbers parses up to maxNumbers floats after offset i; a token starting with '#' ends
// the record (trailing comment). Non-finite values become 0 and are counted.
func (p *objParser) numbers(line []byte, i int, out *[maxNumbers]float64) (int, error) {
	n := 0
	for n < maxNumbers {
		var tok []byte
		tok, i = nextField(line, i)
		if len(tok) == 0 || tok[0] == '#' {
			break
		}
		f, err := parseFloat(tok)
		if err != nil {
			return 0, p.errf("bad number %s", quoteToken(tok))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxFloat32 {
			f = 0
			p.nonFinite++
		}
		out[n] = f
		n++
	}
	return n, nil
}

// vertex reads `v x y z [w]` or `v x y z r g b` (vertex colours).
func (p *objParser) vertex(line []byte, i int) error {
	var f [maxNumbers]float64
	n, err := p.numbers(line, i, &f)
	if err != nil {
		return err
	}
	if n < 3 {
		return p.errf("v record needs 3 coordinates, got %d", n)
	}
	p.m.Positions = appendGrow(p.m.Positions, mgl32.Vec3{float32(f[0]), float32(f[1]), float32(f[2])})
	if n >= 6 {
		if !p.hasColor {
			p.hasColor = true
			p.m.Colors = make([]mgl32.Vec3, len(p.m.Positions)-1, cap(p.m.Positions))
			for k := range p.m.Colors {
				p.m.Colors[k] = mgl32.Vec3{1, 1, 1} // vertices before the first coloured one are white
			}
		}
		c := f[3:6]
		if n == 7 { // v x y z w r g b
			c = f[4:7]
		}
		p.m.Colors = append(p.m.Colors, mgl32.Vec3{float32(c[0]), float32(c[1]), float32(c[2])})
	} else if p.hasColor {
		p.m.Colors = append(p.m.Colors, mgl32.Vec3{1, 1, 1})
	}
	return nil
}

// texCoord reads `vt u [v [w]]`, keeping u and v as written (values outside [0,1] wrap later).
func (p *objParser) texCoord(line []byte, i int) error {
	var f [maxNumbers]float64
	n, err := p.numbers(line, i, &f)
	if err != nil {
		return err
	}
	if n < 1 {
		return p.errf("vt record needs at least 1 coordinate")
	}
	p.m.UVs = appendGrow(p.m.UVs, mgl32.Vec2{float32(f[0]), float32(f[1])})
	return nil
}

// normal reads `vn x y z`, normalising it; zero-length normals are dropped in finish.
func (p *objParser) normal(line []byte, i int) error {
	var f [maxNumbers]float64
	n, err := p.numbers(line, i, &f)
	if err != nil {
		return err
	}
	if n < 3 {
		return p.errf("vn record needs 3 coordinates, got %d", n)
	}
	l := math.Sqrt(f[0]*f[0] + f[1]*f[1] + f[2]*f[2])
	if l == 0 || math.IsInf(l, 0) {
		p.zeroNormals++
		p.m.Normals = append(p.m.Normals, mgl32.Vec3{})
		return nil
	}
	p.m.Normals = appendGrow(p.m.Normals, mgl32.Vec3{float32(f[0] / l), float32(f[1] / l), float32(f[2] / l)})
	return nil
}

// resolve turns a raw OBJ index (1-based, or negative = relative to the end) into a 0-based
// one. Positive indices past the pool are allowed here (forward references) and checked in
// finish; what names the record in messages, pool the counted elements.
func (p *objParser) resolve(raw int64, count int, ref *fwdRef, what, pool string) (int32, error) {
	switch {
	case raw > 0:
		if raw > int64(count) {
			if raw > maxObjIndex {
				return 0, p.errf("%s index %d out of range (%d %s)", what, raw, count, pool)
			}
			if raw > ref.max {
				ref.max, ref.line, ref.what = raw, p.lines.start, what
			}
		}
		return int32(raw - 1), nil
	case raw < 0:
		if -raw > int64(count) {
			return 0, p.errf("%s index %d out of range (%d %s)", what, raw, count, pool)
		}
		return int32(int64(count) + raw), nil
	}
	return 0, p.errf("%s index 0 is invalid (OBJ indices start at 1)", what)
}

// corner parses one face corner `v`, `v/vt`, `v//vn` or `v/vt/vn` starting at line[i] and
// returns the offset just past it. It scans digits in place: this is the loader's hot loop.
func (p *objParser) corner(line []byte, i int) (v, t, n int32, j int, err error) {
	t, n = -1, -1
	start := i
	raw, i, ok := scanIndex(line, i)
	if !ok {
		return 0, 0, 0, 0, p.badCorner(line, start)
	}
	if v, err = p.resolve(raw, len(p.m.Positions), &p.fwdV, "face", "vertices"); err != nil {
		return
	}
	if i < len(line) && line[i] == '/' {
		i++
		if i < len(line) && line[i] != '/' && !isSpace(line[i]) {
			if raw, i, ok = scanIndex(line, i); !ok {
				return 0, 0, 0, 0, p.badCorner(line, start)
			}
			if t, err = p.resolve(raw, len(p.m.UVs), &p.fwdT, "texture", "texture coordinates"); err != nil {
				return
			}
		}
		if i < len(line) && line[i] == '/' {
			i++
			if i < len(line) && !isSpace(line[i]) {
				if raw, i, ok = scanIndex(line, i); !ok {
					return 0, 0, 0, 0, p.badCorner(line, start)
				}
				if n, err = p.resolve(raw, len(p.m.Normals), &p.fwdN, "normal", "normals"); err != nil {
					return
				}
			}
		}
	}
	if i < len(line) && !isSpace(line[i]) {
		return 0, 0, 0, 0, p.badCorner(line, start)
	}
	return v, t, n, i, nil
}

// badCorner reports the malformed corner starting at line[start].
func (p *objParser) badCorner(line []byte, start int) error {
	tok, _ := nextField(line, start)
	return p.errf("bad face vertex %s", quoteToken(tok))
}

// splitSlash splits s at its first '/'; rest is nil when there is none.
func splitSlash(s []byte) (head, rest []byte) {
	for i, c := range s {
		if c == '/' {
			return s[:i], s[i+1:]
		}
	}
	return s, nil
}

// face reads an `f` record and appends its triangles (polygons are ear-clipped).
func (p *objParser) face(line []byte, i int) error {
	p.cv, p.ct, p.cn = p.cv[:0], p.ct[:0], p.cn[:0]
	anyT, anyN := false, false
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) || line[i] == '#' {
			break
		}
		v, t, n, j, err := p.corner(line, i)
		if err != nil {
			return err
		}
		i = j
		p.cv, p.ct, p.cn = append(p.cv, v), append(p.ct, t), append(p.cn, n)
		anyT = anyT || t >= 0
		anyN = anyN || n >= 0
	}
	if len(p.cv) < 3 {
		p.shortFaces++
		return nil
	}
	if anyT && !p.hasUV {
		p.hasUV = true
		p.m.TriUVs = filledTris(len(p.m.Triangles))
	}
	if anyN && !p.hasNormal {
		p.hasNormal = true
		p.m.TriNormals = filledTris(len(p.m.Triangles))
	}
	if p.curMat >= 0 && !p.hasMat {
		p.hasMat = true
		p.m.TriMaterial = make([]int32, len(p.m.Triangles))
		for k := range p.m.TriMaterial {
			p.m.TriMaterial[k] = -1
		}
	}
	switch len(p.cv) {
	case 3:
		p.emit(0, 1, 2)
	case 4:
		p.quad()
	default:
		p.polygon()
	}
	return nil
}

// quad splits a four-corner face along the diagonal that keeps it inside a concave quad.
func (p *objParser) quad() {
	c := p.cv
	n := uint32(len(p.m.Positions))
	if uint32(c[0]) < n && uint32(c[1]) < n && uint32(c[2]) < n && uint32(c[3]) < n {
		pos := p.m.Positions
		if !quadDiagonal02(pos[c[0]], pos[c[1]], pos[c[2]], pos[c[3]]) {
			p.emit(0, 1, 3)
			p.emit(1, 2, 3)
			return
		}
	}
	p.emit(0, 1, 2)
	p.emit(0, 2, 3)
}

// polygon ear-clips a face with five or more corners.
func (p *objParser) polygon() {
	p.pts = p.pts[:0]
	for _, v := range p.cv {
		if int(v) >= len(p.m.Positions) { // forward reference: positions unknown yet, fan it
			p.fanned++
			for k := 1; k+1 < len(p.cv); k++ {
				p.emit(0, k, k+1)
			}
			return
		}
		p.pts = append(p.pts, p.m.Positions[v])
	}
	tris, ok := p.clip.triangulate(p.pts)
	if !ok {
		p.fanned++
	}
	for _, t := range tris {
		p.emit(int(t[0]), int(t[1]), int(t[2]))
	}
}

// emit appends the triangle made of face corners a, b, c with its attributes.
func (p *objParser) emit(a, b, c int) {
	p.m.Triangles = appendGrow(p.m.Triangles, [3]uint32{uint32(p.cv[a]), uint32(p.cv[b]), uint32(p.cv[c])})
	if p.hasUV {
		p.m.TriUVs = appendGrow(p.m.TriUVs, [3]int32{p.ct[a], p.ct[b], p.ct[c]})
	}
	if p.hasNormal {
		p.m.TriNormals = appendGrow(p.m.TriNormals, [3]int32{p.cn[a], p.cn[b], p.cn[c]})
	}
	if p.hasMat {
		p.m.TriMaterial = appendGrow(p.m.TriMaterial, p.curMat)
	}
}

// filledTris returns n attribute triples set to -1 (no attribute).
func filledTris(n int) [][3]int32 {
	s := make([][3]int32, n)
	for k := range s {
		s[k] = [3]int32{-1, -1, -1}
	}
	return s
}

// polyline reads an `l` record (points `v` or `v/vt`) into line segments.
func (p *objParser) polyline(line []byte, i int) error {
	prev, count := int32(-1), 0
	for {
		var tok []byte
		tok, i = nextField(line, i)
		if len(tok) == 0 || tok[0] == '#' {
			break
		}
		a, _ := splitSlash(tok)
		raw, end, ok := scanIndex(a, 0)
		if !ok || end != len(a) {
			return p.errf("bad line point %s", quoteToken(tok))
		}
		v, err := p.resolve(raw, len(p.m.Positions), &p.fwdV, "line", "vertices")
		if err != nil {
			return err
		}
		if count > 0 {
			p.m.Lines = append(p.m.Lines, [2]uint32{uint32(prev), uint32(v)})
		}
		prev = v
		count++
	}
	if count < 2 {
		p.shortLines++
	}
	return nil
}

// appendGrow appends v, doubling the capacity when the slice is full. Go's append grows
// large slices by only 1.25×, which copies a multi-million-element pool many times over
// while a big file loads; doubling copies each element about once.
func appendGrow[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		const minCap = 256 // skip the tiny early growth steps
		n := make([]T, len(s), max(2*cap(s), minCap))
		copy(n, s)
		s = n
	}
	return append(s, v)
}
