package mpm

import "math"

// g2p gathers velocities and the APIC matrix C for worker w's particles, moves them,
// updates F ← (I + dt·C)·F, applies the plastic return mapping and stores the new stress.
func (s *Solver) g2p(w int, dt float32) {
	p, gv := s.P, s.gv
	inv := 1 / s.opts.Dx
	ny, nz := s.n[1], s.n[2]
	frozen := s.opts.Frozen
	st := &s.ws[w]
	lo, hi := s.span(w, p.Len())
	for i := lo; i < hi; i++ {
		x := p.X[3*i : 3*i+3 : 3*i+3]
		v := p.V[3*i : 3*i+3 : 3*i+3]
		c := p.C[9*i : 9*i+9 : 9*i+9]
		if len(frozen) > 0 && inBoxes(frozen, x) {
			v[0], v[1], v[2] = 0, 0, 0
			c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8] = 0, 0, 0, 0, 0, 0, 0, 0, 0
			continue
		}
		bx, fx, wx0, wx1, wx2 := bspline((x[0]-s.origin[0])*inv, s.n[0])
		by, fy, wy0, wy1, wy2 := bspline((x[1]-s.origin[1])*inv, s.n[1])
		bz, fz, wz0, wz1, wz2 := bspline((x[2]-s.origin[2])*inv, s.n[2])
		wxs := [3]float32{wx0, wx1, wx2}
		wys := [3]float32{wy0, wy1, wy2}
		// v = Σ w·v_n and S_a = Σ w·v_n·o_a (o = node offset in cells), accumulated per axis level.
		var vx, vy, vz, sxx, sxy, sxz, syx, syy, syz, szx, szy, szz float32
		for oi := 0; oi < 3; oi++ {
			row := ((bx+oi)*ny + by) * nz
			var jx, jy, jz, jyx, jyy, jyz, jzx, jzy, jzz float32
			for oj := 0; oj < 3; oj++ {
				idx := 3 * (row + oj*nz + bz)
				n := gv[idx : idx+9 : idx+9]
				kx := wz0*n[0] + wz1*n[3] + wz2*n[6]
				ky := wz0*n[1] + wz1*n[4] + wz2*n[7]
				kz := wz0*n[2] + wz1*n[5] + wz2*n[8]
				zx := wz1*n[3] + 2*wz2*n[6]
				zy := wz1*n[4] + 2*wz2*n[7]
				zz := wz1*n[5] + 2*wz2*n[8]
				wj := wys[oj]
				jx += wj * kx
				jy += wj * ky
				jz += wj * kz
				jzx += wj * zx
				jzy += wj * zy
				jzz += wj * zz
				fj := wj * float32(oj)
				jyx += fj * kx
				jyy += fj * ky
				jyz += fj * kz
			}
			wi := wxs[oi]
			vx += wi * jx
			vy += wi * jy
			vz += wi * jz
			fi := wi * float32(oi)
			sxx += fi * jx
			sxy += fi * jy
			sxz += fi * jz
			syx += wi * jyx
			syy += wi * jyy
			syz += wi * jyz
			szx += wi * jzx
			szy += wi * jzy
			szz += wi * jzz
		}
		// C = (4/dx)·Σ w·v_n·(o − f)ᵀ, row r = velocity component, column a = axis.
		k := 4 * inv
		c[0], c[1], c[2] = k*(sxx-vx*fx), k*(syx-vx*fy), k*(szx-vx*fz)
		c[3], c[4], c[5] = k*(sxy-vy*fx), k*(syy-vy*fy), k*(szy-vy*fz)
		c[6], c[7], c[8] = k*(sxz-vz*fx), k*(syz-vz*fy), k*(szz-vz*fz)
		v[0], v[1], v[2] = vx, vy, vz
		x[0] += dt * vx
		x[1] += dt * vy
		x[2] += dt * vz
		if sp := vx*vx + vy*vy + vz*vz; sp > st.maxSpeed {
			st.maxSpeed = sp
		}
		// NaN fails every comparison, so this also catches non-finite positions.
		if !(x[0] >= s.lo[0] && x[0] <= s.hi[0] && x[1] >= s.lo[1] && x[1] <= s.hi[1] && x[2] >= s.lo[2] && x[2] <= s.hi[2]) && st.bad < 0 {
			st.bad, st.badWhy = i, s.badParticle(x, v)
		}
		// F ← (I + dt·C)·F in float64, then the material's return mapping and stress.
		f := p.F[9*i : 9*i+9 : 9*i+9]
		var nf mat3
		f0, f1, f2 := float64(f[0]), float64(f[1]), float64(f[2])
		f3, f4, f5 := float64(f[3]), float64(f[4]), float64(f[5])
		f6, f7, f8 := float64(f[6]), float64(f[7]), float64(f[8])
		for r := 0; r < 3; r++ {
			a0, a1, a2 := float64(dt*c[3*r]), float64(dt*c[3*r+1]), float64(dt*c[3*r+2])
			nf[3*r] = a0*f0 + a1*f3 + a2*f6
			nf[3*r+1] = a0*f1 + a1*f4 + a2*f7
			nf[3*r+2] = a0*f2 + a1*f5 + a2*f8
		}
		for k := range f {
			nf[k] += float64(f[k])
		}
		for k := range f {
			f[k] = float32(nf[k])
		}
		tau := p.Stress[6*i : 6*i+6 : 6*i+6]
		pm := &s.params[p.Mat[i]]
		if pm.model == FixedCorotated {
			// Fast path for the common elastic case (see corotatedFast).
			rot := p.Rot[4*i : 4*i+4 : 4*i+4]
			q := [4]float64{float64(rot[0]), float64(rot[1]), float64(rot[2]), float64(rot[3])}
			if t, ok := corotatedFast(&nf, &q, float64(pm.mu), float64(pm.lambda)); ok {
				rot[0], rot[1], rot[2], rot[3] = float32(q[0]), float32(q[1]), float32(q[2]), float32(q[3])
				tau[0], tau[1], tau[2], tau[3], tau[4], tau[5] = t[0], t[1], t[2], t[3], t[4], t[5]
				continue
			}
		}
		constitute(pm, &nf, &p.Jp[i], p.Rot[4*i:4*i+4:4*i+4], tau, &st.maxHard)
		for k := range f {
			f[k] = float32(nf[k]) // the return mapping may have changed F
		}
	}
	st.maxSpeed = sqrt32(st.maxSpeed)
}

// inBoxes reports whether x lies in any of the boxes.
func inBoxes(boxes []Box, x []float32) bool {
	for _, b := range boxes {
		if b.Contains(x[0], x[1], x[2]) {
			return true
		}
	}
	return false
}

// initStress computes the stress (and projects F) of worker w's particles before the first step.
func (s *Solver) initStress(w int) {
	p := s.P
	st := &s.ws[w]
	lo, hi := s.span(w, p.Len())
	for i := lo; i < hi; i++ {
		var f mat3
		for k := range f {
			f[k] = float64(p.F[9*i+k])
		}
		constitute(&s.params[p.Mat[i]], &f, &p.Jp[i], p.Rot[4*i:4*i+4:4*i+4], p.Stress[6*i:6*i+6:6*i+6], &st.maxHard)
		for k := range f {
			p.F[9*i+k] = float32(f[k])
		}
	}
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
