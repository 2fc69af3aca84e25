package csp

// addCrossing adds crossing x's terms to the QEFs of its four cells (nil: a cell another
// worker sums), in winding order: two tangent planes and the crossing point, each relative to
// the cell's lower corner. The planes n·v = n·c are written relative to a (the first cell's
// corner): d = n·(c − a), small numbers of a voxel's size, exact enough in float32. A cell
// whose corner is o = a − δ sees d + n·δ, so its right side is atb + AᵀA·δ, with δ a voxel
// along one or both of the directions across the edge.
func addCrossing(s *nodes, x *crossing, dst *[4]*qef) {
	// Scalars, not mgl32.Vec3: Go keeps small arrays in memory, and their element-wise
	// stores followed by whole-array copies stall store forwarding (this ran 3× slower).
	h := s.h
	ax, ay, az := s.origin[0]+float32(x.ijk[0])*h, s.origin[1]+float32(x.ijk[1])*h, s.origin[2]+float32(x.ijk[2])*h
	bx, by, bz := ax, ay, az
	var mx, my, mz float32 // the crossing point relative to a
	switch x.axis {
	case 0:
		bx += h
		mx = x.t * h
	case 1:
		by += h
		my = x.t * h
	default:
		bz += h
		mz = x.t * h
	}
	ca, cb := &x.ca, &x.cb
	ia, ib := 1/x.ua, 1/x.ub
	nax, nay, naz := (ax-ca[0])*ia, (ay-ca[1])*ia, (az-ca[2])*ia
	nbx, nby, nbz := (bx-cb[0])*ib, (by-cb[1])*ib, (bz-cb[2])*ib
	da := nax*(ca[0]-ax) + nay*(ca[1]-ay) + naz*(ca[2]-az)
	db := nbx*(cb[0]-ax) + nby*(cb[1]-ay) + nbz*(cb[2]-az)
	xx, xy, xz := nax*nax+nbx*nbx, nax*nay+nbx*nby, nax*naz+nbx*nbz
	yy, yz, zz := nay*nay+nby*nby, nay*naz+nby*nbz, naz*naz+nbz*nbz
	bx0, by0, bz0 := nax*da+nbx*db, nay*da+nby*db, naz*da+nbz*db
	// AᵀA's columns along the two directions across the edge, times a voxel: a cell whose
	// corner is a voxel back along d sees its right side grow by that column.
	col := func(d int) (float32, float32, float32) {
		switch d {
		case 0:
			return xx * h, xy * h, xz * h
		case 1:
			return xy * h, yy * h, yz * h
		}
		return xz * h, yz * h, zz * h
	}
	d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
	s1x, s1y, s1z := col(d1)
	s2x, s2y, s2z := col(d2)
	// The mass point seen from a cell a voxel back along d moves a voxel forward along d.
	step := func(d int) (float32, float32, float32) {
		switch d {
		case 0:
			return h, 0, 0
		case 1:
			return 0, h, 0
		}
		return 0, 0, h
	}
	e1x, e1y, e1z := step(d1)
	e2x, e2y, e2z := step(d2)
	add := func(q *qef, bx, by, bz, mx, my, mz float32) {
		if q == nil {
			return
		}
		q.ata[0] += xx
		q.ata[1] += xy
		q.ata[2] += xz
		q.ata[3] += yy
		q.ata[4] += yz
		q.ata[5] += zz
		q.atb[0] += bx
		q.atb[1] += by
		q.atb[2] += bz
		q.mass[0] += mx
		q.mass[1] += my
		q.mass[2] += mz
		q.nm++
	}
	// Cells c00, c01, c11, c10: a less e_d2 for c01 and c11, less e_d1 for c11 and c10.
	add(dst[0], bx0, by0, bz0, mx, my, mz)
	add(dst[1], bx0+s2x, by0+s2y, bz0+s2z, mx+e2x, my+e2y, mz+e2z)
	add(dst[2], bx0+s2x+s1x, by0+s2y+s1y, bz0+s2z+s1z, mx+e2x+e1x, my+e2y+e1y, mz+e2z+e1z)
	add(dst[3], bx0+s1x, by0+s1y, bz0+s1z, mx+e1x, my+e1y, mz+e1z)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
