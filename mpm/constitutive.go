package mpm

import "math"

// minSingular keeps Hencky strains finite: log of a singular value below it would blow up,
// and a particle squashed to 1e-4 of its size is numerically lost anyway.
const minSingular = 1e-4

// constitute applies the plastic return mapping of the material to the deformation
// gradient f (updated in place, with the plastic volume ratio jp for snow) and returns the
// Kirchhoff stress τ = P·Fᵀ into tau as xx, yy, zz, xy, xz, yz. rot is the particle's cached
// rotation quaternion (w, x, y, z): the polar rotation of F for fixed-corotated materials,
// the right singular vectors V for the SVD-based ones; it is refined in place.
// For snow it raises *hard to the particle's hardening factor.
func constitute(p *matParams, f *mat3, jp *float32, rot []float32, tau []float32, hard *float32) {
	t := stress(p, f, jp, rot, hard)
	tau = tau[:6:6]
	tau[0], tau[1], tau[2], tau[3], tau[4], tau[5] = t[0], t[1], t[2], t[3], t[4], t[5]
}

// stress is constitute returning the stress by value.
func stress(p *matParams, f *mat3, jp *float32, rot []float32, hard *float32) (tau [6]float32) {
	switch p.model {
	case Fluid:
		// Weakly compressible fluid (the MLS-MPM 88-line model): only J matters; F is reset to
		// J^(1/3)·I so no shear stress ever builds up, τ = K·J·(J−1)·I with K = λ + 2μ/3.
		j := det3(f)
		if j < minSingular {
			j = minSingular
		}
		c := math.Cbrt(j)
		*f = mat3{c, 0, 0, 0, c, 0, 0, 0, c}
		k := float64(p.lambda) + 2*float64(p.mu)/3
		t := float32(k * j * (j - 1))
		return [6]float32{t, t, t, 0, 0, 0}
	case FixedCorotated:
		rot = rot[:4:4]
		q := [4]float64{float64(rot[0]), float64(rot[1]), float64(rot[2]), float64(rot[3])}
		t, ok := corotatedFast(f, &q, float64(p.mu), float64(p.lambda))
		if !ok {
			r := extractRotation(f, &q)
			t = corotatedPolar(f, &r, float64(p.mu), float64(p.lambda))
		}
		rot[0], rot[1], rot[2], rot[3] = float32(q[0]), float32(q[1]), float32(q[2]), float32(q[3])
		return t
	case Snow:
		u, s, v := svdRot(f, rot)
		jOld := s[0] * s[1] * s[2]
		for i := range s {
			s[i] = clamp(s[i], 1-float64(p.tc), 1+float64(p.ts))
		}
		jNew := s[0] * s[1] * s[2]
		jpn := float64(*jp) * jOld / jNew
		*jp = float32(jpn)
		*f = mulADBt(&u, s, &v)
		h := math.Min(math.Exp(float64(p.xi)*(1-jpn)), snowMaxHardening)
		*hard = max(*hard, float32(h))
		return corotated(&u, s, h*float64(p.mu), h*float64(p.lambda))
	case VonMises, DruckerPrager:
		u, s, v := svdRot(f, rot)
		var e [3]float64
		for i := range s {
			e[i] = math.Log(math.Max(math.Abs(s[i]), minSingular))
		}
		mu, lambda := float64(p.mu), float64(p.lambda)
		tr := e[0] + e[1] + e[2]
		d := [3]float64{e[0] - tr/3, e[1] - tr/3, e[2] - tr/3}
		dn := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
		changed := false
		if p.model == VonMises {
			// Radial return of the deviatoric Hencky strain onto the yield surface.
			if r := float64(p.yield); dn > r {
				for i := range e {
					e[i] = tr/3 + d[i]*r/dn
				}
				changed = true
			}
		} else {
			// Klár et al. 2016, section 7.3 (cohesionless sand).
			if tr >= 0 {
				e = [3]float64{} // expansion: project to the cone tip, stress-free
				changed = true
			} else if dg := dn + float64(p.dpRatio)*tr*float64(p.alpha); dg > 0 {
				if dn > 0 {
					for i := range e {
						e[i] -= dg * d[i] / dn
					}
					changed = true
				}
			}
		}
		if changed || s[2] < minSingular {
			*f = mulADBt(&u, [3]float64{math.Exp(e[0]), math.Exp(e[1]), math.Exp(e[2])}, &v)
		}
		tr = e[0] + e[1] + e[2]
		return diagStress(&u, [3]float64{2*mu*e[0] + lambda*tr, 2*mu*e[1] + lambda*tr, 2*mu*e[2] + lambda*tr})
	}
	return tau
}

// svdRot is svd3 warm-started from, and updating, the particle's cached quaternion rot of v.
func svdRot(f *mat3, rot []float32) (u mat3, s [3]float64, v mat3) {
	rot = rot[:4:4]
	q := [4]float64{float64(rot[0]), float64(rot[1]), float64(rot[2]), float64(rot[3])}
	u, s, v = svd3Warm(f, &q)
	rot[0], rot[1], rot[2], rot[3] = float32(q[0]), float32(q[1]), float32(q[2]), float32(q[3])
	return u, s, v
}

// corotated returns the fixed-corotated Kirchhoff stress U·(2μ(Σ−I)Σ + λ(J−1)J)·Uᵀ.
func corotated(u *mat3, s [3]float64, mu, lambda float64) [6]float32 {
	j := s[0] * s[1] * s[2]
	vol := lambda * (j - 1) * j
	return diagStress(u, [3]float64{
		2*mu*(s[0]-1)*s[0] + vol,
		2*mu*(s[1]-1)*s[1] + vol,
		2*mu*(s[2]-1)*s[2] + vol,
	})
}

// diagStress returns the symmetric U·diag(d)·Uᵀ as xx, yy, zz, xy, xz, yz.
func diagStress(u *mat3, d [3]float64) [6]float32 {
	e := func(r, c int) float32 {
		return float32(u[3*r]*d[0]*u[3*c] + u[3*r+1]*d[1]*u[3*c+1] + u[3*r+2]*d[2]*u[3*c+2])
	}
	return [6]float32{e(0, 0), e(1, 1), e(2, 2), e(0, 1), e(0, 2), e(1, 2)}
}

func det3(m *mat3) float64 {
	return m[0]*(m[4]*m[8]-m[5]*m[7]) - m[1]*(m[3]*m[8]-m[5]*m[6]) + m[2]*(m[3]*m[7]-m[4]*m[6])
}

func clamp(x, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, x))
}
