package physics

import (
	"errors"
	"fmt"
	"math"

	"github.com/splatscope/splatscope/gaussians"
)

// attach links every Gaussian to particles: a Gaussian that became particle p follows p alone;
// every other one its maxK nearest particles with inverse-square-distance weights, fixed here.
// cell is the kNN grid's cell size (world units): about the particle spacing.
func (s *Sim) attach(chosen []int32, cell float32) {
	n := s.Rest.N
	s.nbIdx = make([]int32, maxK*n)
	s.nbW = make([]float32, maxK*n)
	for i := range s.nbIdx {
		s.nbIdx[i] = -1
	}
	for p, g := range chosen {
		s.nbIdx[maxK*int(g)] = int32(p)
		s.nbW[maxK*int(g)] = 1
	}
	grid := newPointGrid(s.rest, cell)
	s.Followers = n - len(chosen)
	s.far = make([]bool, n)
	far2 := farFollower * cell * farFollower * cell
	parallelFor(n, func(lo, hi int) {
		for g := lo; g < hi; g++ {
			if s.nbIdx[maxK*g] >= 0 {
				continue
			}
			nb := grid.nearest(s.Rest.Positions[3*g:3*g+3], maxK)
			weightsFor(&nb, s.nbIdx[maxK*g:maxK*g+maxK], s.nbW[maxK*g:maxK*g+maxK], cell)
			s.far[g] = nb.n > 0 && nb.d2[0] > far2
		}
	})
}

// farFollower (particle spacings): a follower further than this from every particle (a
// floater) moves with its particles' interpolated displacement only; carrying its offset
// through F would swing it around on a long lever arm.
const farFollower = 4

// weightsFor turns neighbours into normalised 1/d² weights. A neighbour closer than 1e-4 of a
// cell takes all the weight (1/d² would overflow, and the Gaussian sits on that particle).
func weightsFor(nb *neighbours, idx []int32, w []float32, cell float32) {
	eps := 1e-4 * cell
	if nb.n > 0 && nb.d2[0] <= eps*eps {
		idx[0], w[0] = nb.idx[0], 1
		return
	}
	var sum float64
	var ws [maxK]float64
	for j := 0; j < nb.n; j++ {
		ws[j] = 1 / float64(nb.d2[j])
		sum += ws[j]
	}
	for j := 0; j < nb.n; j++ {
		idx[j], w[j] = nb.idx[j], float32(ws[j]/sum)
	}
}

// sync copies the solver's particle state into the world frame: positions, F and the polar
// rotation as a quaternion.
func (s *Sim) sync() {
	p := s.Solver.P
	parallelFor(p.Len(), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			w := s.fr.toWorld(p.X[3*i : 3*i+3])
			copy(s.pos[3*i:], w[:])
			s.fr.matToWorld(p.F[9*i:9*i+9], s.defm[9*i:9*i+9])
			r := s.Solver.Rotation(i) // column-major
			var rs, rw [9]float32
			for a := 0; a < 3; a++ {
				for b := 0; b < 3; b++ {
					rs[3*a+b] = r[3*b+a]
				}
			}
			s.fr.matToWorld(rs[:], rw[:])
			var r64 m3
			for k := range rw {
				r64[k] = float64(rw[k])
			}
			q := matToQuat(&r64)
			for k := 0; k < 4; k++ {
				s.rot[4*i+k] = float32(q[k])
			}
		}
	})
}

// Advance simulates seconds more (in substeps the solver chooses) and updates the particle
// state Deform reads. An instability returns an error wrapping mpm.ErrUnstable.
func (s *Sim) Advance(seconds float32) error {
	if _, err := s.Solver.Advance(seconds); err != nil {
		return err
	}
	s.sync()
	return nil
}

// Particles returns the particles' current positions in the scene's frame (3 per particle;
// the slice is reused by the next Advance).
func (s *Sim) Particles() []float32 { return s.pos }

// Deform writes the deformed scene into out, which must have the rest scene's size and SH
// degree (e.g. a copy from Clone): centres move with their particles, covariances become
// F·Σ₀·Fᵀ (re-decomposed into scales and rotations) and SH coefficients rotate with the
// polar rotation of F. Opacities, colours and extra properties are left as they are in out.
func (s *Sim) Deform(out *gaussians.Scene) error {
	r := s.Rest
	if out.N != r.N || out.SHDegree != r.SHDegree || out.Check() != nil {
		return fmt.Errorf("physics: deform target has %d Gaussians of SH degree %d, want %d of degree %d",
			out.N, out.SHDegree, r.N, r.SHDegree)
	}
	s.deform(out.Positions, out.Scales, out.Rotations, out.SHRest, true)
	return nil
}

// DeformBuffers is Deform for render buffers (linear scales, unit quaternions), which must
// hold the rest scene's Gaussians in order (none dropped).
func (s *Sim) DeformBuffers(b *gaussians.RenderBuffers) error {
	if b.N != s.Rest.N || b.SHDegree != s.Rest.SHDegree {
		return fmt.Errorf("physics: render buffers hold %d Gaussians of SH degree %d, want %d of degree %d",
			b.N, b.SHDegree, s.Rest.N, s.Rest.SHDegree)
	}
	if b.Dropped > 0 {
		return errors.New("physics: render buffers dropped Gaussians, so their order no longer matches the scene")
	}
	s.deform(b.Positions, b.Scales, b.Rotations, b.SHRest, false)
	return nil
}

// Clone returns a deep copy of the rest scene to deform into.
func (s *Sim) Clone() *gaussians.Scene {
	r := s.Rest
	c := *r
	c.Positions = append([]float32(nil), r.Positions...)
	c.Scales = append([]float32(nil), r.Scales...)
	c.Rotations = append([]float32(nil), r.Rotations...)
	c.Opacities = append([]float32(nil), r.Opacities...)
	c.SHDC = append([]float32(nil), r.SHDC...)
	c.SHRest = append([]float32(nil), r.SHRest...)
	c.Extra = make([]gaussians.Property, len(r.Extra))
	for i, p := range r.Extra {
		c.Extra[i] = gaussians.Property{Name: p.Name, Values: append([]float32(nil), p.Values...)}
	}
	c.Warnings = nil
	c.Source = ""
	return &c
}

// minScaleRatio floors a deformed scale at 1e-4 of the Gaussian's largest rest scale: a
// particle squashed flat would otherwise give a zero (log −∞) scale.
const minScaleRatio = 1e-4

// deform is the per-Gaussian kernel behind Deform and DeformBuffers; logScales selects the
// scene's stored log scales over linear ones.
func (s *Sim) deform(pos, scales, rots, sh []float32, logScales bool) {
	r := s.Rest
	k3 := 3 * gaussians.SHRestCoeffs(r.SHDegree)
	parallelFor(r.N, func(lo, hi int) {
		var shr gaussians.SHRotation
		for g := lo; g < hi; g++ {
			x0 := [3]float64{float64(r.Positions[3*g]), float64(r.Positions[3*g+1]), float64(r.Positions[3*g+2])}
			var x [3]float64
			var f m3
			var q [4]float64
			idx, ws := s.nbIdx[maxK*g:maxK*g+maxK], s.nbW[maxK*g:maxK*g+maxK]
			far := s.far[g]
			for j := 0; j < maxK && idx[j] >= 0; j++ {
				p, w := int(idx[j]), float64(ws[j])
				fp := s.defm[9*p : 9*p+9 : 9*p+9]
				// x = Σ w (x_p + F_p (X − X_p)): a follower keeps its offset from the particle, deformed.
				d := [3]float64{x0[0] - float64(s.rest[3*p]), x0[1] - float64(s.rest[3*p+1]), x0[2] - float64(s.rest[3*p+2])}
				if far {
					for a := 0; a < 3; a++ {
						x[a] += w * (float64(s.pos[3*p+a]) + d[a])
					}
				} else {
					for a := 0; a < 3; a++ {
						fa := fp[3*a : 3*a+3]
						x[a] += w * (float64(s.pos[3*p+a]) + float64(fa[0])*d[0] + float64(fa[1])*d[1] + float64(fa[2])*d[2])
					}
				}
				for k := range f {
					f[k] += w * float64(fp[k])
				}
				// Quaternions blended with signs aligned to the first (q and −q are one rotation).
				qp := s.rot[4*p : 4*p+4 : 4*p+4]
				sg := w
				if j > 0 && q[0]*float64(qp[0])+q[1]*float64(qp[1])+q[2]*float64(qp[2])+q[3]*float64(qp[3]) < 0 {
					sg = -w
				}
				for k := 0; k < 4; k++ {
					q[k] += sg * float64(qp[k])
				}
			}
			pos[3*g], pos[3*g+1], pos[3*g+2] = float32(x[0]), float32(x[1]), float32(x[2])
			qn := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
			if !(qn > 0) {
				q, qn = [4]float64{1, 0, 0, 0}, 1
			}
			rp := quatToMat(q[0]/qn, q[1]/qn, q[2]/qn, q[3]/qn)
			sc, quat := deformCov(r, g, &f, &rp)
			for a := 0; a < 3; a++ {
				if logScales {
					scales[3*g+a] = float32(math.Log(sc[a]))
				} else {
					scales[3*g+a] = float32(sc[a])
				}
			}
			for k := 0; k < 4; k++ {
				rots[4*g+k] = float32(quat[k])
			}
			if k3 > 0 {
				c := sh[k3*g : k3*g+k3]
				copy(c, r.SHRest[k3*g:k3*g+k3])
				shr.Set([3][3]float64{{rp[0], rp[1], rp[2]}, {rp[3], rp[4], rp[5]}, {rp[6], rp[7], rp[8]}}, r.SHDegree)
				shr.Apply(c, r.SHDegree)
			}
		}
	})
}

// deformCov returns the linear scales and unit quaternion of Gaussian g's covariance F·Σ₀·Fᵀ,
// diagonalised by Jacobi rotations warm-started in the frame rp·R₀ (the rest axes turned by
// the polar rotation: exact for rotations, nearly diagonal for moderate stretch).
func deformCov(r *gaussians.Scene, g int, f, rp *m3) ([3]float64, [4]float64) {
	q0 := r.Rotation(g)
	r0 := quatToMat(float64(q0[0]), float64(q0[1]), float64(q0[2]), float64(q0[3]))
	var s0 [3]float64
	maxS := 0.0
	for a := 0; a < 3; a++ {
		s0[a] = math.Exp(float64(r.Scales[3*g+a]))
		maxS = max(maxS, s0[a])
	}
	// M = F·R₀·S; Σ = M·Mᵀ.
	m := mul(f, &r0)
	for i := 0; i < 3; i++ {
		for a := 0; a < 3; a++ {
			m[3*i+a] *= s0[a]
		}
	}
	var cov m3
	for i := 0; i < 3; i++ {
		for j := i; j < 3; j++ {
			v := m[3*i]*m[3*j] + m[3*i+1]*m[3*j+1] + m[3*i+2]*m[3*j+2]
			cov[3*i+j], cov[3*j+i] = v, v
		}
	}
	v := mul(rp, &r0)
	t := mulTA(&v, &cov)
	b := mul(&t, &v) // Vᵀ Σ V
	symEigen(&b, &v)
	if det(&v) < 0 { // a reflection: flip one axis (Σ is unchanged)
		v[2], v[5], v[8] = -v[2], -v[5], -v[8]
	}
	floor := minScaleRatio * maxS
	var sc [3]float64
	for a := 0; a < 3; a++ {
		sc[a] = max(math.Sqrt(max(b[4*a], 0)), floor)
	}
	if !(sc[0] < math.Inf(1) && sc[1] < math.Inf(1) && sc[2] < math.Inf(1)) {
		return s0, q0f(q0)
	}
	return sc, matToQuat(&v)
}

func q0f(q [4]float32) [4]float64 {
	return [4]float64{float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])}
}
