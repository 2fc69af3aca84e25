package csp

import (
	"context"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// Open mode: dual contouring driven by the CSP itself, with no inside/outside. Edge (a, b)
// crosses the surface when its ends see the surface from opposite sides, (a − c_a)·(b − c_b)
// < 0 (n_a, n_b the directions from the closest points), and c_a, c_b are on one sheet: within
// two voxels of each other, and c_b near a's tangent plane, not a wall's thickness behind it
// (crosses, extract_crossings.go). Each cell with crossing edges gets one vertex, the
// minimiser of the squared distances to the crossings' tangent planes (regularised toward
// their mean), clamped to the cell and snapped onto the surface by one more query; each
// crossing edge gives a quad over the four cells around it (contourLattice,
// extract_cells.go, does all of this plane by plane).

const (
	// crossSlack: a surface crossing edge (a, b) has u_a + u_b ≤ |ab| = h (triangle inequality
	// through the crossing point); 5% more admits fields that are only nearly exact.
	crossSlack = 1.05
	// sheetVoxels: closest points of the two ends of a crossing edge are on one sheet when
	// they are within two voxels (a flat sheet gives at most one; curvature and rims add).
	sheetVoxels = 2
	// sheetNormalVoxels bounds the offset of c_b from a's tangent plane for one sheet: a flat
	// sheet gives 0, curvature radius R gives about h²/2R; a wall between two sheets gives its
	// thickness (a voxel or more, or the edge would not fit between its sides).
	sheetNormalVoxels = 0.9
	// qefLambda weighs the pull toward the crossings' mean (mass point), relative to one
	// tangent plane: enough to pin the vertex along a flat sheet (rank-1 planes), too little to
	// round off a crease.
	qefLambda = 0.05
)

// qef accumulates the tangent planes of one cell, relative to the cell's lower corner, in
// float32 (a few dozen terms of size ≤ a voxel: far inside float32's precision; half the
// memory of float64, which matters at 10⁵–10⁶ cells). Every crossing adds two planes and
// one point, so the plane count is 2·nm.
type qef struct {
	ata  [6]float32 // xx xy xz yy yz zz
	atb  [3]float32
	mass [3]float32
	nm   int32
}

// solve minimises Σ(nᵢ·v − dᵢ)²/np + λ|v − m|² (m the mass point) by Cramer's rule.
func (q *qef) solve() [3]float64 {
	var m [3]float64
	for a := range m {
		m[a] = float64(q.mass[a]) / float64(max(q.nm, 1))
	}
	if q.nm == 0 {
		return m
	}
	inv := 1 / float64(2*q.nm)
	a := [6]float64{}
	for i := range a {
		a[i] = float64(q.ata[i]) * inv
	}
	a[0] += qefLambda
	a[3] += qefLambda
	a[5] += qefLambda
	b := [3]float64{float64(q.atb[0])*inv + qefLambda*m[0], float64(q.atb[1])*inv + qefLambda*m[1], float64(q.atb[2])*inv + qefLambda*m[2]}
	xx, xy, xz, yy, yz, zz := a[0], a[1], a[2], a[3], a[4], a[5]
	det := xx*(yy*zz-yz*yz) - xy*(xy*zz-yz*xz) + xz*(xy*yz-yy*xz)
	if !(math.Abs(det) > 1e-12) { // λ > 0 keeps det ≥ λ³; this only guards NaN input
		return m
	}
	return [3]float64{
		(b[0]*(yy*zz-yz*yz) - xy*(b[1]*zz-yz*b[2]) + xz*(b[1]*yz-yy*b[2])) / det,
		(xx*(b[1]*zz-yz*b[2]) - b[0]*(xy*zz-yz*xz) + xz*(xy*b[2]-b[1]*xz)) / det,
		(xx*(yy*b[2]-b[1]*yz) - xy*(xy*b[2]-b[1]*xz) + b[0]*(xy*yz-yy*xz)) / det,
	}
}

// extractOpen runs open mode on sampled nodes.
func extractOpen(ctx context.Context, f Field, s *nodes, progress func(int, int)) (*mesh.Mesh, error) {
	xv, pos, cellOf := contourLattice(s, s.h*crossSlack+2*s.tol, s.fromGrid)
	if s.cull != nil {
		s.evaluated += int(s.cull.count.Load())
	}
	nx := len(xv)
	defer poolI32.put(cellOf)
	defer poolQuad.put(xv)
	defer poolVec3.put(pos) // weldExact copies the distinct positions out
	if progress != nil {
		progress(2, 4)
	}
	if len(pos) == 0 {
		return &mesh.Mesh{}, nil
	}
	if !s.fromGrid { // snap v ← f(v) in one batch of queries
		snapped := poolVec3.get(len(pos), 0)
		defer poolVec3.put(snapped)
		if err := evalParallel(ctx, f, pos, snapped); err != nil {
			return nil, err
		}
		parallelRange(len(pos), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				if snapAccepted(pos[i], snapped[i], s.h, s.tol) { // a wild answer keeps the QEF point
					pos[i] = snapped[i]
				}
			}
		})
	}
	if progress != nil {
		progress(3, 4)
	}
	// Weld vertices that snapped onto one point (rims), then emit two triangles per quad.
	weld, wpos, merged := weldExact(pos)
	defer poolI32.put(weld)
	defer poolVec3.put(wpos)
	defer poolBool2.put(merged)
	// Two triangles per crossing, in parallel; rim crossings leave [0 0 0], which cleanMesh
	// drops with the degenerate ones.
	tris := poolTri.get(2*nx, 0) // cleanMesh copies the kept ones out
	defer poolTri.put(tris)
	parallelRange(nx, func(lo, hi int) {
		for xi := lo; xi < hi; xi++ {
			if xv[xi][0] < 0 {
				tris[2*xi], tris[2*xi+1] = [3]uint32{}, [3]uint32{}
				continue
			}
			var v [4]uint32
			for i, id := range xv[xi] {
				v[i] = uint32(weld[id])
			}
			// Split along the shorter diagonal: better-shaped triangles, less folding.
			if wpos[v[0]].Sub(wpos[v[2]]).Len() <= wpos[v[1]].Sub(wpos[v[3]]).Len() {
				tris[2*xi], tris[2*xi+1] = [3]uint32{v[0], v[1], v[2]}, [3]uint32{v[0], v[2], v[3]}
			} else {
				tris[2*xi], tris[2*xi+1] = [3]uint32{v[0], v[1], v[3]}, [3]uint32{v[1], v[2], v[3]}
			}
		}
	})
	m := cleanMesh(wpos, tris, merged)
	orientSheets(m)
	if progress != nil {
		progress(4, 4)
	}
	return m, nil
}

func finite3(p mgl32.Vec3) bool {
	for _, c := range p {
		if math.IsNaN(float64(c)) || math.IsInf(float64(c), 0) {
			return false
		}
	}
	return true
}
