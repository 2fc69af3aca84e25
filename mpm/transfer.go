package mpm

import (
	"fmt"
	"math"
	"sync"
)

// Parallel scheme: every worker scatters (P2G) its contiguous range of particles into its
// own grid copy; the reduction sums the copies in worker order node by node (each worker
// owns a slab of x-planes), zeroes them for the next step and applies gravity and the
// boundary conditions; G2P gathers from the reduced grid per particle range. No two
// goroutines ever write the same memory and every sum has a fixed order, so a run is
// deterministic for a given worker count and free of data races.

// parallel runs fn(w) for every worker and waits.
func (s *Solver) parallel(fn func(w int)) {
	if s.workers == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < s.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w)
		}()
	}
	fn(0)
	wg.Wait()
}

// span returns worker w's share [lo, hi) of n items.
func (s *Solver) span(w, n int) (int, int) {
	return w * n / s.workers, (w + 1) * n / s.workers
}

func (s *Solver) substep(dt float32) {
	s.parallel(func(w int) { s.p2g(w, dt) })
	// Union of the workers' touched boxes, widened by the 3-node stencil.
	s.active = [2][3]int{{math.MaxInt, math.MaxInt, math.MaxInt}, {0, 0, 0}}
	for w := range s.ws {
		for a := 0; a < 3; a++ {
			s.active[0][a] = min(s.active[0][a], s.ws[w].bmin[a])
			s.active[1][a] = max(s.active[1][a], s.ws[w].bmax[a]+3)
		}
	}
	s.parallel(func(w int) { s.gridUpdate(w, dt) })
	s.resetWorkers()
	s.parallel(func(w int) { s.g2p(w, dt) })
	s.gatherWorkers()
}

func (s *Solver) resetWorkers() {
	for w := range s.ws {
		s.ws[w] = workerState{bad: -1}
	}
}

// gatherWorkers combines the workers' maximum speed and hardening and their first error.
func (s *Solver) gatherWorkers() {
	s.maxSpeed, s.maxHard = 0, 0
	for w := range s.ws {
		if st := &s.ws[w]; st.bad >= 0 && s.err == nil {
			s.err = fmt.Errorf("%w after %.4g s: particle %d %s", ErrUnstable, s.time, st.bad, st.badWhy)
		}
		s.maxSpeed = max(s.maxSpeed, s.ws[w].maxSpeed)
		s.maxHard = max(s.maxHard, s.ws[w].maxHard)
	}
}

// bspline returns the base node and quadratic B-spline weights along one axis for grid
// coordinate g on an axis of n nodes. The base is clamped into the grid so that a particle
// moved out of the domain between steps (or a NaN) can never index outside it; such a
// particle is reported by the check at the end of G2P.
func bspline(g float32, n int) (base int, fx, w0, w1, w2 float32) {
	base = min(max(int(g-0.5), 0), n-3)
	fx = g - float32(base)
	w0 = 0.5 * (1.5 - fx) * (1.5 - fx)
	w1 = 0.75 - (fx-1)*(fx-1)
	w2 = 0.5 * (fx - 0.5) * (fx - 0.5)
	return
}

// p2g scatters mass and APIC momentum (with the MLS stress term) of worker w's particles.
func (s *Solver) p2g(w int, dt float32) {
	p, g := s.P, s.grids[w]
	dx, inv := s.opts.Dx, 1/s.opts.Dx
	ny, nz := s.n[1], s.n[2]
	lo, hi := s.span(w, p.Len())
	// The box of stencil base nodes touched, so the grid update can skip empty space.
	bmin, bmax := [3]int{math.MaxInt, math.MaxInt, math.MaxInt}, [3]int{-1, -1, -1}
	for i := lo; i < hi; i++ {
		x := p.X[3*i : 3*i+3 : 3*i+3]
		bx, fx, wx0, wx1, wx2 := bspline((x[0]-s.origin[0])*inv, s.n[0])
		by, fy, wy0, wy1, wy2 := bspline((x[1]-s.origin[1])*inv, s.n[1])
		bz, fz, wz0, wz1, wz2 := bspline((x[2]-s.origin[2])*inv, s.n[2])
		bmin = [3]int{min(bmin[0], bx), min(bmin[1], by), min(bmin[2], bz)}
		bmax = [3]int{max(bmax[0], bx), max(bmax[1], by), max(bmax[2], bz)}
		m := p.Mass[i]
		v := p.V[3*i : 3*i+3 : 3*i+3]
		c := p.C[9*i : 9*i+9 : 9*i+9]
		t := p.Stress[6*i : 6*i+6 : 6*i+6]
		// Q = (−dt·V0·(4/dx²)·τ + m·C)·dx maps offsets in cells to momentum.
		k := -dt * p.Vol0[i] * 4 * inv * inv
		q00, q01, q02 := (k*t[0]+m*c[0])*dx, (k*t[3]+m*c[1])*dx, (k*t[4]+m*c[2])*dx
		q10, q11, q12 := (k*t[3]+m*c[3])*dx, (k*t[1]+m*c[4])*dx, (k*t[5]+m*c[5])*dx
		q20, q21, q22 := (k*t[4]+m*c[6])*dx, (k*t[5]+m*c[7])*dx, (k*t[2]+m*c[8])*dx
		// Momentum at node offset o (0..2 per axis) is m·v + Q·(o − f) = a + Q·o.
		ax := m*v[0] - (q00*fx + q01*fy + q02*fz)
		ay := m*v[1] - (q10*fx + q11*fy + q12*fz)
		az := m*v[2] - (q20*fx + q21*fy + q22*fz)
		wxs := [3]float32{wx0, wx1, wx2}
		wys := [3]float32{wy0, wy1, wy2}
		for oi := 0; oi < 3; oi++ {
			fi := float32(oi)
			tix, tiy, tiz := ax+q00*fi, ay+q10*fi, az+q20*fi
			wi := wxs[oi]
			row := ((bx+oi)*ny + by) * nz
			for oj := 0; oj < 3; oj++ {
				fj := float32(oj)
				tx, ty, tz := tix+q01*fj, tiy+q11*fj, tiz+q21*fj
				wij := wi * wys[oj]
				idx := 4 * (row + oj*nz + bz)
				n := g[idx : idx+12 : idx+12]
				ww := wij * wz0
				n[0] += ww * m
				n[1] += ww * tx
				n[2] += ww * ty
				n[3] += ww * tz
				tx, ty, tz = tx+q02, ty+q12, tz+q22
				ww = wij * wz1
				n[4] += ww * m
				n[5] += ww * tx
				n[6] += ww * ty
				n[7] += ww * tz
				tx, ty, tz = tx+q02, ty+q12, tz+q22
				ww = wij * wz2
				n[8] += ww * m
				n[9] += ww * tx
				n[10] += ww * ty
				n[11] += ww * tz
			}
		}
	}
	s.ws[w].bmin, s.ws[w].bmax = bmin, bmax
}

// gridUpdate reduces the worker grids over worker w's slab of x-planes of the active box
// (the nodes P2G touched) into grid velocities, zeroes the copies, and applies gravity,
// damping, walls and frozen boxes. Nodes outside the box stay zero in every copy.
func (s *Solver) gridUpdate(w int, dt float32) {
	ny, nz := s.n[1], s.n[2]
	lo, hi := s.active[0], s.active[1]
	if hi[0] <= lo[0] {
		return // no particles
	}
	x0, x1 := s.span(w, hi[0]-lo[0])
	x0, x1 = x0+lo[0], x1+lo[0]
	gx, gy, gz := s.opts.Gravity[0]*dt, s.opts.Gravity[1]*dt, s.opts.Gravity[2]*dt
	damp := float32(1 / (1 + float64(s.opts.Damping)*float64(dt)))
	ground, walls := s.opts.Boundary, s.opts.Walls
	up := s.opts.Up.Axis()
	mu := s.opts.Friction
	frozen := s.opts.Frozen
	dx := s.opts.Dx
	for ix := x0; ix < x1; ix++ {
		for iy := lo[1]; iy < hi[1]; iy++ {
			base := (ix*ny + iy) * nz
			for iz := lo[2]; iz < hi[2]; iz++ {
				node := base + iz
				var m, px, py, pz float32
				for k := range s.grids {
					c := s.grids[k][4*node : 4*node+4 : 4*node+4]
					m += c[0]
					px += c[1]
					py += c[2]
					pz += c[3]
					c[0], c[1], c[2], c[3] = 0, 0, 0, 0
				}
				out := s.gv[3*node : 3*node+3 : 3*node+3]
				if m <= 0 {
					out[0], out[1], out[2] = 0, 0, 0
					continue
				}
				inv := 1 / m
				v := [3]float32{(px*inv + gx) * damp, (py*inv + gy) * damp, (pz*inv + gz) * damp}
				idx := [3]int{ix, iy, iz}
				for a := 0; a < 3; a++ {
					if idx[a] <= s.wallLo[a] && v[a] < 0 {
						if a == up {
							applyWall(&v, a, ground, mu)
						} else {
							applyWall(&v, a, walls, mu)
						}
					} else if idx[a] >= s.wallHi[a] && v[a] > 0 {
						applyWall(&v, a, walls, mu)
					}
				}
				if len(frozen) > 0 {
					wx := s.origin[0] + float32(ix)*dx
					wy := s.origin[1] + float32(iy)*dx
					wz := s.origin[2] + float32(iz)*dx
					for _, b := range frozen {
						if b.Contains(wx, wy, wz) {
							v = [3]float32{}
							break
						}
					}
				}
				out[0], out[1], out[2] = v[0], v[1], v[2]
			}
		}
	}
}

// applyWall enforces the wall condition on v for a wall normal to axis a that v moves into.
func applyWall(v *[3]float32, a int, bc Boundary, mu float32) {
	switch bc {
	case Sticky:
		*v = [3]float32{}
	case Slip:
		v[a] = 0
	case Friction:
		vn := float32(math.Abs(float64(v[a])))
		v[a] = 0
		vt := float32(math.Sqrt(float64(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])))
		if vt <= mu*vn {
			*v = [3]float32{}
			return
		}
		f := 1 - mu*vn/vt
		v[0], v[1], v[2] = v[0]*f, v[1]*f, v[2]*f
	}
}
