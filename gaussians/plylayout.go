package gaussians

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// plyLayout says where each 3DGS value sits in a row of float32 little-endian values: the file's
// own rows when every vertex property is a little-endian float (the fast path), otherwise a
// canonical row of one float32 per property that the slow paths fill first.
type plyLayout struct {
	stride  int // bytes per row
	pos     [3]int
	dc      [3]int
	opacity int
	scale   [3]int
	rot     [4]int
	rest    []int // byte offsets in Scene.SHRest order: rest[k*3+c] holds f_rest_{c*K+k}
	extra   []int
	names   []string // extra property names, file order
	degree  int
}

// shDegreeForRest maps the f_rest count of a 3DGS PLY (3 channels × K coefficients) to its degree.
var shDegreeForRest = map[int]int{0: 0, 9: 1, 24: 2, 45: 3}

// buildPLYLayout maps the vertex properties of a 3DGS PLY by name; offset gives each property's
// byte offset (index i of e.props) in the decoded row.
func buildPLYLayout(e *plyElement, name string, stride int, offset func(i int) int) (plyLayout, error) {
	l := plyLayout{stride: stride}
	idx := map[string]int{}
	restMax := -1
	nRest := 0
	for i, p := range e.props {
		if _, dup := idx[p.name]; dup {
			return l, fmt.Errorf("%s:%d: vertex property %q declared twice", name, e.line, p.name)
		}
		idx[p.name] = i
		if strings.HasPrefix(p.name, "f_rest_") {
			k, err := strconv.Atoi(p.name[len("f_rest_"):])
			if err != nil || k < 0 {
				return l, fmt.Errorf("%s:%d: bad SH property name %q", name, e.line, p.name)
			}
			nRest++
			restMax = max(restMax, k)
		}
	}
	need := func(prop string) (int, error) {
		i, ok := idx[prop]
		if !ok {
			return 0, fmt.Errorf("%s: not a 3DGS PLY: vertex property %q missing", name, prop)
		}
		return offset(i), nil
	}
	var err error
	set := func(dst *int, prop string) {
		if err == nil {
			*dst, err = need(prop)
		}
	}
	for a, c := range []string{"x", "y", "z"} {
		set(&l.pos[a], c)
	}
	for c := 0; c < 3; c++ {
		set(&l.dc[c], fmt.Sprintf("f_dc_%d", c))
		set(&l.scale[c], fmt.Sprintf("scale_%d", c))
	}
	for c := 0; c < 4; c++ {
		set(&l.rot[c], fmt.Sprintf("rot_%d", c))
	}
	set(&l.opacity, "opacity")
	if err != nil {
		return l, err
	}
	deg, ok := shDegreeForRest[nRest]
	if !ok {
		return l, fmt.Errorf("%s: %d f_rest properties; a 3DGS PLY has 0, 9, 24 or 45 (SH degree 0 to 3)", name, nRest)
	}
	if restMax != nRest-1 {
		return l, fmt.Errorf("%s: f_rest properties are not numbered 0..%d (highest is f_rest_%d)", name, nRest-1, restMax)
	}
	l.degree = deg
	k := SHRestCoeffs(deg)
	l.rest = make([]int, 3*k)
	for c := 0; c < 3; c++ {
		for j := 0; j < k; j++ {
			l.rest[j*3+c] = offset(idx[fmt.Sprintf("f_rest_%d", c*k+j)])
		}
	}
	for i, p := range e.props {
		if isCoreProp(p.name) {
			continue
		}
		l.extra = append(l.extra, offset(i))
		l.names = append(l.names, p.name)
	}
	return l, nil
}

// isCoreProp reports whether a vertex property is one of the 3DGS values or a dropped normal.
func isCoreProp(n string) bool {
	switch n {
	case "x", "y", "z", "nx", "ny", "nz", "opacity", "f_dc_0", "f_dc_1", "f_dc_2",
		"scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3":
		return true
	}
	return strings.HasPrefix(n, "f_rest_")
}

// le32 reads the little-endian float32 at b[off:].
func le32(b []byte, off int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(b[off:]))
}

// decodeScene copies rows src (n rows) into s starting at Gaussian first, values as stored.
func (l *plyLayout) decodeScene(src []byte, first, n int, s *Scene) {
	k3 := len(l.rest)
	for r := 0; r < n; r++ {
		row := src[r*l.stride : (r+1)*l.stride]
		i := first + r
		p := s.Positions[3*i : 3*i+3 : 3*i+3]
		p[0], p[1], p[2] = le32(row, l.pos[0]), le32(row, l.pos[1]), le32(row, l.pos[2])
		sc := s.Scales[3*i : 3*i+3 : 3*i+3]
		sc[0], sc[1], sc[2] = le32(row, l.scale[0]), le32(row, l.scale[1]), le32(row, l.scale[2])
		q := s.Rotations[4*i : 4*i+4 : 4*i+4]
		q[0], q[1], q[2], q[3] = le32(row, l.rot[0]), le32(row, l.rot[1]), le32(row, l.rot[2]), le32(row, l.rot[3])
		s.Opacities[i] = le32(row, l.opacity)
		dc := s.SHDC[3*i : 3*i+3 : 3*i+3]
		dc[0], dc[1], dc[2] = le32(row, l.dc[0]), le32(row, l.dc[1]), le32(row, l.dc[2])
		rest := s.SHRest[k3*i : k3*i+k3 : k3*i+k3]
		for j, off := range l.rest {
			rest[j] = le32(row, off)
		}
		for e, off := range l.extra {
			s.Extra[e].Values[i] = le32(row, off)
		}
	}
}

// decodeRender converts rows src (n rows) into activated render buffers starting at Gaussian
// first. It returns how many of those Gaussians hold a NaN or infinite value.
func (l *plyLayout) decodeRender(src []byte, first, n int, b *RenderBuffers) int {
	k3 := len(l.rest)
	k := k3 / 3
	restBase, contiguous := l.restContiguous()
	bad := 0
	for r := 0; r < n; r++ {
		row := src[r*l.stride : (r+1)*l.stride]
		i := first + r
		// nf collects (|bits| + 2^23) of every value read: its top bit is set exactly when some
		// value has an all-ones exponent (NaN or ±Inf). OR has no latency chain worth speaking of.
		var nf uint32
		p := b.Positions[3*i : 3*i+3 : 3*i+3]
		for a := 0; a < 3; a++ {
			v := u32(row, l.pos[a])
			nf |= v&0x7fffffff + 0x00800000
			p[a] = math.Float32frombits(v)
		}
		sc := b.Scales[3*i : 3*i+3 : 3*i+3]
		for a := 0; a < 3; a++ {
			v := u32(row, l.scale[a])
			nf |= v&0x7fffffff + 0x00800000
			e := expf(math.Float32frombits(v))
			nf |= math.Float32bits(e)&0x7fffffff + 0x00800000 // an overflowing exp is caught too
			sc[a] = e
		}
		c := b.Colors[3*i : 3*i+3 : 3*i+3]
		for a := 0; a < 3; a++ {
			v := u32(row, l.dc[a])
			nf |= v&0x7fffffff + 0x00800000
			c[a] = 0.5 + SHC0*math.Float32frombits(v)
		}
		ov := u32(row, l.opacity)
		nf |= ov&0x7fffffff + 0x00800000
		b.Opacities[i] = sigmoidf(math.Float32frombits(ov))
		w, x, y, z := le32(row, l.rot[0]), le32(row, l.rot[1]), le32(row, l.rot[2]), le32(row, l.rot[3])
		q := b.Rotations[4*i : 4*i+4 : 4*i+4]
		nq := w*w + x*x + y*y + z*z
		nf |= math.Float32bits(nq)&0x7fffffff + 0x00800000
		if nq > 0 {
			inv := float32(1 / math.Sqrt(float64(nq)))
			q[0], q[1], q[2], q[3] = w*inv, x*inv, y*inv, z*inv
		} else {
			q[0], q[1], q[2], q[3] = 1, 0, 0, 0
		}
		rest := b.SHRest[k3*i : k3*i+k3 : k3*i+k3]
		if contiguous {
			// f_rest_0..3K−1 in file order: channel c, coefficient j at 4·(c·K + j).
			// Reslicing as the loop advances lets the compiler drop the bounds checks.
			sr := row[restBase : restBase+4*k]
			sg := row[restBase+4*k : restBase+8*k]
			sb := row[restBase+8*k : restBase+12*k]
			t := rest
			for len(sr) >= 4 && len(sg) >= 4 && len(sb) >= 4 && len(t) >= 3 {
				vr, vg, vb := binary.LittleEndian.Uint32(sr), binary.LittleEndian.Uint32(sg), binary.LittleEndian.Uint32(sb)
				nf |= (vr&0x7fffffff + 0x00800000) | (vg&0x7fffffff + 0x00800000) | (vb&0x7fffffff + 0x00800000)
				t[0], t[1], t[2] = math.Float32frombits(vr), math.Float32frombits(vg), math.Float32frombits(vb)
				sr, sg, sb, t = sr[4:], sg[4:], sb[4:], t[3:]
			}
		} else {
			for j, off := range l.rest {
				v := u32(row, off)
				nf |= v&0x7fffffff + 0x00800000
				rest[j] = math.Float32frombits(v)
			}
		}
		if nf>>31 != 0 {
			bad++
			b.Opacities[i] = float32(math.NaN()) // marks the Gaussian for dropNonFinite
		}
	}
	return bad
}

// restContiguous reports whether f_rest_0..3K−1 lie in order in consecutive floats, and where.
func (l *plyLayout) restContiguous() (int, bool) {
	k := len(l.rest) / 3
	if k == 0 {
		return 0, false
	}
	base := l.rest[0]
	for c := 0; c < 3; c++ {
		for j := 0; j < k; j++ {
			if l.rest[j*3+c] != base+4*(c*k+j) {
				return 0, false
			}
		}
	}
	return base, true
}

// u32 reads the little-endian uint32 at b[off:].
func u32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }

// exp32 is e^x in float32 precision through float64 math.Exp.
func exp32(x float32) float32 { return float32(math.Exp(float64(x))) }

// minRowsPerWorker keeps goroutine start-up small against the work each one does.
const minRowsPerWorker = 2048

// parallelRows runs fn over [0, n) split into contiguous parts, one per available CPU.
func parallelRows(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/minRowsPerWorker))
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += per {
		hi := min(n, lo+per)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}
