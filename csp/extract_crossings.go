package csp

import (
	"runtime"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// crossing is a grid edge from node a along axis that crosses the surface at a + t·h·e_axis;
// ua, ub are the distances at its ends and ca, cb their closest points (kept: the QEF pass
// would otherwise read them again, scattered over the whole lattice's closest points).
type crossing struct {
	a      int32
	axis   uint8
	ijk    [3]uint16 // a's node coordinates (saves three integer divisions per use)
	t      float32
	ua, ub float32
	ca, cb mgl32.Vec3
}

// findCrossings lists the crossing edges in node order, on all cores, plane by plane: u comes
// from the lattice, or (a grid's own nodes) is computed per plane for the culled band; only
// nodes with u < lim can start a crossing (u_a + u_b ≤ lim), so rows are trimmed to them.
func findCrossings(s *nodes, lim float32) []crossing {
	n := s.n
	plane := s.latticePlane
	if s.u == nil {
		plane = func(i int, buf []float32, span []int32) []float32 { return s.gridPlane(i, buf, span, lim, lim) }
	}
	bounds := layerSplit(s, runtime.GOMAXPROCS(0))
	bounds[len(bounds)-1] = n // node planes: the last part takes the last plane too
	parts := make([][]crossing, len(bounds)-1)
	var wg sync.WaitGroup
	for t := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[t] = s.crossingsIn(bounds[t], bounds[t+1], lim, plane)
		}()
	}
	wg.Wait()
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	all := poolCross.get(total, 0) // extractOpen returns it to the pool
	off := 0
	for t, p := range parts { // parts copied in parallel, each at its offset
		wg.Add(1)
		go func(dst []crossing) {
			defer wg.Done()
			copy(dst, p)
			poolCross.put(p)
		}(all[off : off+len(p)])
		off += len(p)
		parts[t] = nil
	}
	wg.Wait()
	return all
}

// crossingsIn finds the crossing edges that start in node planes [i0, i1).
func (s *nodes) crossingsIn(i0, i1 int, lim float32, plane func(int, []float32, []int32) []float32) []crossing {
	n, h, o := s.n, s.h, s.origin
	stride := [3]int{n * n, n, 1}
	var bufs [2][]float32
	if s.u == nil {
		bufs = [2][]float32{poolF32.get(n*n, 0), poolF32.get(n*n, 0)}
		defer poolF32.put(bufs[0])
		defer poolF32.put(bufs[1])
	}
	spans := [2][]int32{poolI32.get(2*n, 0), poolI32.get(2*n, 0)}
	defer poolI32.put(spans[0])
	defer poolI32.put(spans[1])
	out := poolCross.get(0, 0) // findCrossings returns it to the pool
	cur := plane(i0, bufs[0], spans[0])
	sp := spans[0]
	for i := i0; i < i1; i++ {
		var next []float32
		if i+1 < n {
			x := (i + 1 - i0) & 1
			next = plane(i+1, bufs[x], spans[x])
		}
		for j := 0; j < n; j++ {
			lo, hi := int(sp[2*j]), int(sp[2*j+1])
			row := cur[j*n : j*n+n]
			for k := max(lo, 0); k <= min(hi, n-1); k++ {
				ua := row[k]
				if !(ua < lim) {
					continue
				}
				if ua == 0 {
					continue // on the surface: no normal (the lattice is jittered off such points)
				}
				// The three edges from a (along k, j, i) whose far end is close enough for a
				// crossing, u_a + u_b ≤ lim; a's closest point is loaded once, only if one is.
				a := (i*n+j)*n + k
				var ub [3]float32
				var cand [3]bool
				if k+1 < n {
					ub[2] = row[k+1]
					cand[2] = ua+ub[2] <= lim && ub[2] != 0
				}
				if j+1 < n {
					ub[1] = cur[j*n+n+k]
					cand[1] = ua+ub[1] <= lim && ub[1] != 0
				}
				if next != nil {
					ub[0] = next[j*n+k]
					cand[0] = ua+ub[0] <= lim && ub[0] != 0
				}
				if !cand[0] && !cand[1] && !cand[2] {
					continue
				}
				ijk := [3]uint16{uint16(i), uint16(j), uint16(k)}
				// Scalars, not mgl32.Vec3 (see addCrossing).
				px, py, pz := o[0]+float32(i)*h, o[1]+float32(j)*h, o[2]+float32(k)*h
				c := s.c[3*a : 3*a+3 : 3*a+3]
				cax, cay, caz := c[0], c[1], c[2]
				for _, ax := range [3]int{2, 1, 0} { // the order the crossings are listed in
					if !cand[ax] {
						continue
					}
					b := 3 * (a + stride[ax])
					c := s.c[b : b+3 : b+3]
					cbx, cby, cbz := c[0], c[1], c[2]
					if t, ok := s.crosses(ax, px, py, pz, cax, cay, caz, cbx, cby, cbz, ua, ub[ax]); ok {
						out = append(out, crossing{int32(a), uint8(ax), ijk, t, ua, ub[ax],
							mgl32.Vec3{cax, cay, caz}, mgl32.Vec3{cbx, cby, cbz}})
					}
				}
			}
		}
		cur = next
		sp = spans[(i+1-i0)&1]
	}
	return out
}

// crosses applies the CSP crossing test to edge (a, b) along axis ax, a at (px, py, pz) with
// distances ua, ub (u_a + u_b within the limit, neither zero) and closest points ca, cb; t is
// the crossing's fraction along the edge (signed distance +ua at a, −ub at b).
func (s *nodes) crosses(ax int, px, py, pz, cax, cay, caz, cbx, cby, cbz, ua, ub float32) (t float32, ok bool) {
	dx, dy, dz := cax-cbx, cay-cby, caz-cbz
	if r := sheetVoxels*s.h + 2*s.tol; dx*dx+dy*dy+dz*dz > r*r {
		return 0, false
	}
	qx, qy, qz := px, py, pz // b
	switch ax {
	case 0:
		qx += s.h
	case 1:
		qy += s.h
	default:
		qz += s.h
	}
	// Opposite normals: a and b see the sheet from opposite sides. Unlike a tangent-plane test
	// this is transitive around a face while the sheet is flat at the voxel's scale (normals
	// of one side within 90° of each other), so faces see an even number of crossings.
	nax, nay, naz := px-cax, py-cay, pz-caz
	if !(nax*(qx-cbx)+nay*(qy-cby)+naz*(qz-cbz) < 0) {
		return 0, false
	}
	// One sheet, not two facing sheets (a thin wall seen from its inside, where the normals
	// also oppose): c_b must lie near a's tangent plane, not a wall's thickness away along n_a.
	if d := -dx*nax - dy*nay - dz*naz; !(abs32(d) <= (sheetNormalVoxels*s.h+2*s.tol)*ua) {
		return 0, false
	}
	return ua / (ua + ub), true
}
