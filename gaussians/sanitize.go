package gaussians

import "math"

// Sanitize drops Gaussians holding NaN or ±Inf in any value a renderer reads (position, scale,
// rotation, opacity, SH) or whose activation would overflow float32 (log scale above 88.7, a
// quaternion whose squared norm overflows), and replaces zero-length quaternions by the identity. Each kind of repair
// is recorded in s.Warnings with its count. It returns the number of Gaussians dropped.
func (s *Scene) Sanitize() int {
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	keep := make([]bool, s.N)
	dropped, zeroQuat := 0, 0
	for i := 0; i < s.N; i++ {
		q := s.Rotations[4*i : 4*i+4]
		nq := q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3]
		sc := s.Scales[3*i : 3*i+3]
		ok := finite(s.Positions[3*i:3*i+3]) && finite(sc) && finite(q) && finite(s.Opacities[i:i+1]) &&
			finite(s.SHDC[3*i:3*i+3]) && finite(s.SHRest[k3*i:k3*i+k3]) &&
			nq-nq == 0 && max(sc[0], sc[1], sc[2]) <= expf32Max // activation must stay finite too
		keep[i] = ok
		if !ok {
			dropped++
			continue
		}
		if q[0] == 0 && q[1] == 0 && q[2] == 0 && q[3] == 0 {
			q[0] = 1
			zeroQuat++
		}
	}
	if zeroQuat > 0 {
		s.Warnf("%d Gaussians had a zero rotation quaternion (set to identity)", zeroQuat)
	}
	if dropped > 0 {
		s.Compact(keep)
		s.Warnf("%d Gaussians dropped for NaN, infinite or overflowing values", dropped)
	}
	return dropped
}

// finite reports whether every value of v is neither NaN nor infinite.
func finite(v []float32) bool {
	for _, x := range v {
		// x-x is 0 for finite x and NaN for ±Inf and NaN: one test covers both.
		if x-x != 0 {
			return false
		}
	}
	return true
}

// Compact keeps the Gaussians whose keep flag is true (len(keep) == N), in order, in place.
func (s *Scene) Compact(keep []bool) {
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	j := 0
	for i := 0; i < s.N; i++ {
		if !keep[i] {
			continue
		}
		if i != j {
			copy(s.Positions[3*j:3*j+3], s.Positions[3*i:3*i+3])
			copy(s.Scales[3*j:3*j+3], s.Scales[3*i:3*i+3])
			copy(s.Rotations[4*j:4*j+4], s.Rotations[4*i:4*i+4])
			s.Opacities[j] = s.Opacities[i]
			copy(s.SHDC[3*j:3*j+3], s.SHDC[3*i:3*i+3])
			copy(s.SHRest[k3*j:k3*j+k3], s.SHRest[k3*i:k3*i+k3])
			for _, p := range s.Extra {
				p.Values[j] = p.Values[i]
			}
		}
		j++
	}
	s.N = j
	s.Positions = s.Positions[:3*j]
	s.Scales = s.Scales[:3*j]
	s.Rotations = s.Rotations[:4*j]
	s.Opacities = s.Opacities[:j]
	s.SHDC = s.SHDC[:3*j]
	s.SHRest = s.SHRest[:k3*j]
	for e := range s.Extra {
		s.Extra[e].Values = s.Extra[e].Values[:j]
	}
}

// minLogScale is the log of the smallest scale kept when a file stores a linear scale of zero or
// less (.splat): e^-20 ≈ 2e-9 units is far below any pixel yet keeps the covariance invertible.
const minLogScale = -20

// logScale converts a linear scale to the stored log scale, flooring non-positive values; it
// reports whether the value was floored.
func logScale(s float32) (float32, bool) {
	if s != s || math.IsInf(float64(s), 1) {
		return s, false // left NaN or infinite so Sanitize drops the Gaussian
	}
	if !(s > 0) {
		return minLogScale, true
	}
	l := float32(math.Log(float64(s)))
	if l < minLogScale {
		return minLogScale, true
	}
	return l, false
}
