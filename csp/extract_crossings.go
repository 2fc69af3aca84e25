package csp

import (
	"github.com/go-gl/mathgl/mgl32"
)

// crossing is a grid edge from node a along axis that crosses the surface at a + t·h·e_axis;
// ua, ub are the distances at its ends and ca, cb their closest points. It lives only while
// its plane is scanned: its QEF terms are summed at once (contourRange).
type crossing struct {
	a      int32
	axis   uint8
	ijk    [3]uint16 // a's node coordinates (saves three integer divisions per use)
	t      float32
	ua, ub float32
	ca, cb mgl32.Vec3
}

// planeCrossings calls emit for each crossing edge that starts in node plane i, in node
// order (then k, j, i edges): u on plane i is cur, on plane i+1 next (nil for the last), and
// sp the rows' inside spans (only nodes with u < lim can start a crossing, u_a + u_b ≤ lim).
func (s *nodes) planeCrossings(i int, cur, next []float32, sp []int32, lim float32, emit func(*crossing)) {
	n, h, o := s.n, s.h, s.origin
	stride := [3]int{n * n, n, 1}
	var x crossing
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
			// Scalars, not mgl32.Vec3 (see addCrossing).
			px, py, pz := o[0]+float32(i)*h, o[1]+float32(j)*h, o[2]+float32(k)*h
			c := s.c[3*a : 3*a+3 : 3*a+3]
			cax, cay, caz := c[0], c[1], c[2]
			for _, ax := range [3]int{2, 1, 0} { // the order the crossings are listed in
				if !cand[ax] {
					continue
				}
				b := a + stride[ax]
				c := s.c[3*b : 3*b+3 : 3*b+3]
				cbx, cby, cbz := c[0], c[1], c[2]
				if t, ok := s.crosses(a, b, ax, px, py, pz, cax, cay, caz, cbx, cby, cbz, ua, ub[ax]); ok {
					x = crossing{int32(a), uint8(ax), [3]uint16{uint16(i), uint16(j), uint16(k)}, t, ua, ub[ax],
						mgl32.Vec3{cax, cay, caz}, mgl32.Vec3{cbx, cby, cbz}}
					emit(&x)
				}
			}
		}
	}
}

// crosses applies the CSP crossing test to edge (a, b) (node ids) along axis ax, a at (px, py, pz) with
// distances ua, ub (u_a + u_b within the limit, neither zero) and closest points ca, cb; t is
// the crossing's fraction along the edge (signed distance +ua at a, −ub at b).
func (s *nodes) crosses(a, b, ax int, px, py, pz, cax, cay, caz, cbx, cby, cbz, ua, ub float32) (t float32, ok bool) {
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
	if s.nrm != nil { // an inexact field: the directions taken at standoff points
		na, nb := s.nrm[3*a:3*a+3:3*a+3], s.nrm[3*b:3*b+3:3*b+3]
		if !(int32(na[0])*int32(nb[0])+int32(na[1])*int32(nb[1])+int32(na[2])*int32(nb[2]) < 0) {
			return 0, false
		}
	} else if !(nax*(qx-cbx)+nay*(qy-cby)+naz*(qz-cbz) < 0) {
		return 0, false
	}
	// One sheet, not two facing sheets (a thin wall seen from its inside, where the normals
	// also oppose): c_b must lie near a's tangent plane, not a wall's thickness away along n_a.
	if d := -dx*nax - dy*nay - dz*naz; !(abs32(d) <= (sheetNormalVoxels*s.h+2*s.tol)*ua) {
		return 0, false
	}
	return ua / (ua + ub), true
}

// quadCells is crossing x's four cells (their lower corner nodes) in winding order: around
// +axis counter-clockwise, then reversed so the quad faces a (the −axis end), with their
// planes (i); ok is false on the lattice's rim, where the edge has no four cells.
func quadCells(n int, x *crossing) (cells, planes [4]int, ok bool) {
	d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
	ijk := [3]int{int(x.ijk[0]), int(x.ijk[1]), int(x.ijk[2])}
	if ijk[d1] < 1 || ijk[d1] > n-2 || ijk[d2] < 1 || ijk[d2] > n-2 {
		return cells, planes, false
	}
	stride := [3]int{n * n, n, 1}
	a := int(x.a)
	c10, c01 := a-stride[d1], a-stride[d2]
	cells = [4]int{a, c01, c10 - stride[d2], c10}
	return cells, cellPlanes(ijk[0], x.axis), true
}
