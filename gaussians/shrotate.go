package gaussians

import "math"

// SHRotation holds the band rotation matrices (degrees 1 to 3) that rotate real spherical
// harmonics coefficients, in the basis and coefficient order of SHBasis, by one 3×3 rotation.
// Rotating coefficients by R turns the function f into f' with f'(R·d) = f(d): a Gaussian
// whose body turns by R looks from direction R·d the way it looked from d.
//
// The bands are built with the recurrence of Ivanic and Ruedenberg (J. Phys. Chem. 1996,
// 100, 6342; errata 1998, 102, 9099) from band 1, which is R itself in the (y, z, x) order
// with the signs of the basis: the recurrence is covariant under the (−1)^m sign convention of
// the 3DGS basis, so the higher bands come out in that convention too.
type SHRotation struct {
	Degree int
	// B[l] is band l's (2l+1)×(2l+1) matrix, row-major in rows of 7 (element i, j at 7i+j;
	// B[0] is unused): row i gives new coefficient i of the band from the old ones.
	B [MaxSHDegree + 1][49]float64
}

// shSign are the signs of the band-1 basis functions (−y, z, −x) relative to (y, z, x).
var shSign = [3]float64{-1, 1, -1}

// shPerm maps band-1 index (m = −1, 0, 1) to the coordinate (y, z, x).
var shPerm = [3]int{1, 2, 0}

// shTerm is one product c·B1[r]·B[l−1][p] of the recurrence, summed into B[l][out]
// (indices flattened into the 7×7 arrays).
type shTerm struct {
	out, r, p uint8
	c         float64
}

// shTerms lists, per band l = 2, 3, the recurrence expanded into product terms once, so
// building a rotation is a flat multiply-add loop (no branching on m, n per Gaussian).
var shTerms = [MaxSHDegree + 1][]shTerm{2: expandBand(2), 3: expandBand(3)}

// expandBand expands Ivanic and Ruedenberg's U, V, W functions for band l into terms.
func expandBand(l int) []shTerm {
	type prod struct {
		c    float64
		r, p int
	}
	// r(i, j) and at(a, b) index band 1 and band l−1 centred at 0.
	ri := func(i, j int) int { return (i+1)*7 + j + 1 }
	pi := func(a, b int) int { return (a+l-1)*7 + b + l - 1 }
	p := func(i, a, b int) []prod {
		switch b {
		case l:
			return []prod{{1, ri(i, 1), pi(a, l-1)}, {-1, ri(i, -1), pi(a, -l+1)}}
		case -l:
			return []prod{{1, ri(i, 1), pi(a, -l+1)}, {1, ri(i, -1), pi(a, l-1)}}
		}
		return []prod{{1, ri(i, 0), pi(a, b)}}
	}
	scaled := func(k float64, ps ...[]prod) []prod {
		var out []prod
		for _, list := range ps {
			for _, q := range list {
				out = append(out, prod{k * q.c, q.r, q.p})
			}
		}
		return out
	}
	neg := func(ps []prod) []prod { return scaled(-1, ps) }
	var terms []shTerm
	fl := float64(l)
	for m := -l; m <= l; m++ {
		for n := -l; n <= l; n++ {
			d := 0.0
			if m == 0 {
				d = 1
			}
			am := math.Abs(float64(m))
			denom := float64((l + n) * (l - n))
			if n == l || n == -l {
				denom = float64(2 * l * (2*l - 1))
			}
			u := math.Sqrt(float64((l+m)*(l-m)) / denom)
			v := 0.5 * math.Sqrt((1+d)*(fl+am-1)*(fl+am)/denom) * (1 - 2*d)
			w := -0.5 * math.Sqrt((fl-am-1)*(fl-am)/denom) * (1 - d)
			var all []prod
			if u != 0 {
				all = append(all, scaled(u, p(0, m, n))...)
			}
			if v != 0 {
				var vv []prod
				switch {
				case m == 0:
					vv = scaled(1, p(1, 1, n), p(-1, -1, n))
				case m == 1:
					vv = scaled(math.Sqrt2, p(1, 0, n))
				case m > 1:
					vv = scaled(1, p(1, m-1, n), neg(p(-1, -m+1, n)))
				case m == -1:
					vv = scaled(math.Sqrt2, p(-1, 0, n))
				default:
					vv = scaled(1, p(1, m+1, n), p(-1, -m-1, n))
				}
				all = append(all, scaled(v, vv)...)
			}
			if w != 0 {
				var ww []prod
				if m > 0 {
					ww = scaled(1, p(1, m+1, n), p(-1, -m-1, n))
				} else {
					ww = scaled(1, p(1, m-1, n), neg(p(-1, -m+1, n)))
				}
				all = append(all, scaled(w, ww)...)
			}
			for _, q := range all {
				terms = append(terms, shTerm{out: uint8((m+l)*7 + n + l), r: uint8(q.r), p: uint8(q.p), c: q.c})
			}
		}
	}
	return terms
}

// NewSHRotation builds the band matrices up to degree (clamped to 0..3) for the row-major
// rotation r (r[i][j]: row i, column j; applied to column vectors).
func NewSHRotation(r [3][3]float64, degree int) SHRotation {
	var s SHRotation
	s.Set(r, degree)
	return s
}

// Set rebuilds s for rotation r up to degree, without allocating.
func (s *SHRotation) Set(r [3][3]float64, degree int) {
	s.Degree = max(0, min(degree, MaxSHDegree))
	if s.Degree < 1 {
		return
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			s.B[1][7*i+j] = shSign[i] * shSign[j] * r[shPerm[i]][shPerm[j]]
		}
	}
	for l := 2; l <= s.Degree; l++ {
		bandRec(l, &s.B[1], &s.B[l-1], &s.B[l])
	}
}

// bandRec computes band l from band 1 (r1) and band l−1 (prev) with the expanded terms.
func bandRec(l int, r, p, o *[49]float64) {
	*o = [49]float64{}
	for _, t := range shTerms[l] {
		o[t.out] += t.c * r[t.r] * p[t.p]
	}
}

// Apply rotates one Gaussian's higher SH coefficients in place: rest holds K RGB triples in
// the Scene.SHRest layout for the scene's stored degree shDegree (bands above s.Degree are left
// as they are).
func (s *SHRotation) Apply(rest []float32, shDegree int) {
	deg := min(s.Degree, shDegree)
	for l := 1; l <= deg; l++ {
		lo, hi := 3*(l*l-1), 3*((l+1)*(l+1)-1) // band l holds coefficients l²−1 .. (l+1)²−2
		if len(rest) < hi {
			return
		}
		applyBand(rest[lo:hi], &s.B[l], 2*l+1)
	}
}

// applyBand multiplies the n RGB triples of c by the top-left n×n block of m.
func applyBand(c []float32, m *[49]float64, n int) {
	var in [7][3]float64
	for k := 0; k < n; k++ {
		in[k] = [3]float64{float64(c[3*k]), float64(c[3*k+1]), float64(c[3*k+2])}
	}
	for i := 0; i < n; i++ {
		row := m[7*i : 7*i+n]
		var r, g, b float64
		for k := 0; k < n; k++ {
			r += row[k] * in[k][0]
			g += row[k] * in[k][1]
			b += row[k] * in[k][2]
		}
		c[3*i], c[3*i+1], c[3*i+2] = float32(r), float32(g), float32(b)
	}
}

// RotateSH rotates every Gaussian's higher SH coefficients of s by the same rotation r
// (row-major), e.g. after rotating the whole scene.
func RotateSH(s *Scene, r [3][3]float64) {
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	if k3 == 0 {
		return
	}
	rot := NewSHRotation(r, s.SHDegree)
	for i := 0; i < s.N; i++ {
		rot.Apply(s.SHRest[k3*i:k3*i+k3], s.SHDegree)
	}
}
