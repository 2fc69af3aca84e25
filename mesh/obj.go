package mesh

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
)

// LoadOBJ reads an OBJ file with its MTL and textures.
func LoadOBJ(path string, progress Progress) (*Mesh, error) {
	return loadWith(path, progress, ReadOBJ)
}

// ReadOBJ reads OBJ text from r; name is used in error messages and to resolve mtllib
// relative paths (dir of name). Materials are loaded when name is a real file path.
func ReadOBJ(r io.Reader, name string) (*Mesh, error) {
	p := &objParser{name: name, lines: newLineReader(r), curMat: -1, matIndex: map[string]int32{}}
	if err := p.parse(); err != nil {
		return nil, err
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return &p.m, nil
}

// fwdRef remembers the largest index that pointed past the end of its pool when read
// (OBJ lets records refer to elements defined later); it is checked at the end of the file.
type fwdRef struct {
	max  int64
	line int
	what string // "face", "line": the record kind, for the error message
}

// maxUnknownKinds bounds the distinct unknown keywords remembered for the warning, so
// garbage input cannot grow the map without limit.
const maxUnknownKinds = 8

// objParser holds the state of one OBJ read. Corner scratch slices are reused per face.
type objParser struct {
	name  string
	lines *lineReader
	m     Mesh

	// Per-face scratch: position, texture and normal index of each corner (-1 when absent).
	cv, ct, cn []int32
	pts        []mgl32.Vec3
	clip       earClipper

	hasUV, hasNormal, hasColor, hasMat bool
	zeroNormals                        int    // vn records of zero (or NaN) length
	fwdV, fwdT, fwdN                   fwdRef // forward references to check at the end
	curMat                             int32  // index into matNames, -1 before any usemtl
	matIndex                           map[string]int32
	matNames                           []string // usemtl names in first-use order
	mtllibs                            []string
	mtlMissing                         bool // some mtllib file was not found

	unknown      map[string]*int
	unknownTotal int
	shortFaces   int // faces with fewer than 3 corners, skipped
	shortLines   int // l records with fewer than 2 points, skipped
	fanned       int // polygons ear clipping could not handle, fan-triangulated
	nonFinite    int // NaN or infinite numbers replaced by 0
}

// errf formats an error naming the file and the current line.
func (p *objParser) errf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.name, p.lines.start, fmt.Sprintf(format, args...))
}

// parse reads every record of the file.
func (p *objParser) parse() error {
	for {
		line, err := p.lines.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: read error: %v", p.name, p.lines.phys+1, err)
		}
		kw, i := nextField(line, 0)
		if len(kw) == 0 || kw[0] == '#' {
			continue
		}
		if err := p.record(kw, line, i); err != nil {
			return err
		}
	}
}

// record dispatches one record by its keyword; i is the offset just past the keyword.
func (p *objParser) record(kw, line []byte, i int) error {
	switch len(kw) {
	case 1:
		switch kw[0] {
		case 'v':
			return p.vertex(line, i)
		case 'f':
			return p.face(line, i)
		case 'l':
			return p.polyline(line, i)
		case 'g', 'o', 's':
			return nil // groups, objects and smoothing groups do not change the geometry
		}
	case 2:
		if kw[0] == 'v' && kw[1] == 't' {
			return p.texCoord(line, i)
		}
		if kw[0] == 'v' && kw[1] == 'n' {
			return p.normal(line, i)
		}
	case 6:
		switch string(kw) {
		case "usemtl":
			p.useMaterial(trimSpace(line[i:]))
			return nil
		case "mtllib":
			if lib := trimSpace(line[i:]); len(lib) > 0 {
				p.mtllibs = append(p.mtllibs, string(lib))
			}
			return nil
		}
	}
	p.unknownRecord(kw)
	return nil
}

// unknownRecord counts a record the viewer does not use (p, curv, vp, ...).
func (p *objParser) unknownRecord(kw []byte) {
	p.unknownTotal++
	if c, ok := p.unknown[string(kw)]; ok {
		*c++
		return
	}
	if p.unknown == nil {
		p.unknown = map[string]*int{}
	}
	if len(p.unknown) < maxUnknownKinds {
		n := 1
		p.unknown[string(kw)] = &n
	}
}

// useMaterial switches the current material, numbering names in first-use order.
func (p *objParser) useMaterial(name []byte) {
	if len(name) == 0 {
		p.curMat = -1
		return
	}
	if k, ok := p.matIndex[string(name)]; ok {
		p.curMat = k
		return
	}
	p.curMat = int32(len(p.matNames))
	p.matNames = append(p.matNames, string(name))
	p.matIndex[p.matNames[p.curMat]] = p.curMat
}

// finish checks forward references, compacts normals and binds materials and textures.
func (p *objParser) finish() error {
	for _, c := range []struct {
		ref   *fwdRef
		count int
		pool  string
	}{
		{&p.fwdV, len(p.m.Positions), "vertices"},
		{&p.fwdT, len(p.m.UVs), "texture coordinates"},
		{&p.fwdN, len(p.m.Normals), "normals"},
	} {
		if c.ref.max > int64(c.count) {
			return fmt.Errorf("%s:%d: %s index %d out of range (%d %s)",
				p.name, c.ref.line, c.ref.what, c.ref.max, c.count, c.pool)
		}
	}
	if p.zeroNormals > 0 {
		p.compactNormals()
	}
	p.bindMaterials()
	p.addWarnings()
	return nil
}

// compactNormals drops zero-length normals from the pool; corners that used one get -1.
func (p *objParser) compactNormals() {
	remap := make([]int32, len(p.m.Normals))
	kept := 0
	for i, n := range p.m.Normals {
		if n == (mgl32.Vec3{}) {
			remap[i] = -1
			continue
		}
		remap[i] = int32(kept)
		p.m.Normals[kept] = n
		kept++
	}
	p.m.Normals = p.m.Normals[:kept]
	for t := range p.m.TriNormals {
		for k, j := range p.m.TriNormals[t] {
			if j >= 0 {
				p.m.TriNormals[t][k] = remap[j]
			}
		}
	}
	p.warn("%s: %d zero-length normals ignored", p.name, p.zeroNormals)
}

// warn appends a warning to the mesh.
func (p *objParser) warn(format string, args ...any) {
	p.m.Warnings = append(p.m.Warnings, fmt.Sprintf(format, args...))
}

// addWarnings turns the counters kept while parsing into one warning each.
func (p *objParser) addWarnings() {
	if p.unknownTotal > 0 {
		kinds := make([]string, 0, len(p.unknown))
		for k, c := range p.unknown {
			kinds = append(kinds, fmt.Sprintf("%s ×%d", quoteToken([]byte(k)), *c))
		}
		sort.Strings(kinds)
		if other := p.unknownTotal - sumCounts(p.unknown); other > 0 {
			kinds = append(kinds, fmt.Sprintf("others ×%d", other))
		}
		p.warn("%s: %d unknown records ignored (%s)", p.name, p.unknownTotal, strings.Join(kinds, ", "))
	}
	if p.shortFaces > 0 {
		p.warn("%s: %d faces with fewer than 3 vertices skipped", p.name, p.shortFaces)
	}
	if p.shortLines > 0 {
		p.warn("%s: %d l records with fewer than 2 points skipped", p.name, p.shortLines)
	}
	if p.fanned > 0 {
		p.warn("%s: %d degenerate polygons could not be ear-clipped and were fan-triangulated", p.name, p.fanned)
	}
	if p.nonFinite > 0 {
		p.warn("%s: %d NaN or infinite numbers replaced by 0", p.name, p.nonFinite)
	}
}

func sumCounts(m map[string]*int) int {
	s := 0
	for _, c := range m {
		s += *c
	}
	return s
}

// isRegularFile reports whether path names an existing regular file.
func isRegularFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
