package csp

import (
	"context"
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Open mode on inexact fields (neural networks): near the surface a network's closest points
// scatter by about its error, so a node within that distance sees the surface in a wrong
// direction, and the crossing test, which compares the two ends' directions, fails at random
// (on the PyTorch fixture sphere at 64³ it rejected two thirds of the true crossings, leaving
// the sheet full of holes). Each node near the surface therefore takes its direction from a
// standoff point: q = c + r·n, r a few field errors out along the node's own direction, where
// the network's answer is reliable; n' = (q − f(q))/|q − f(q)|. The side the node is counted
// on (n's sign) can still be wrong within the error, but all of a node's edges now see the
// same, nearly parallel directions, so the test stays transitive around each face and the
// crossings close up: a node's wrong side moves the sheet by less than the error, never
// opens a hole.

const (
	// standoffErrors is the standoff distance in field errors.
	standoffErrors = 5
	// standoffPasses: a node within the error of the surface may look along the surface,
	// and its first standoff point stays near it; a second pass, from the first one's
	// direction, is almost always clear; a third closes the last pinholes on the fixture
	// network (64³: 196 boundary edges with 3 errors and 2 passes, 0 with 5 and 3).
	standoffPasses = 3
	// standoffMinVoxels: fields whose error is under this fraction of a voxel (exact ones,
	// up to rounding) keep their own directions.
	standoffMinVoxels = 0.05
)

// standoffNormals fills s.nrm for the nodes with u < lim (others are never read).
// progress, when not nil, is told each pass done (of standoffPasses).
func (s *nodes) standoffNormals(ctx context.Context, f Field, lim float32, progress func(done, total int)) error {
	r := standoffErrors * s.tol
	var ids []int32
	for id, u := range s.u {
		if u < lim && u > 0 {
			ids = append(ids, int32(id))
		}
	}
	ns := make([]mgl32.Vec3, len(ids))
	for x, id := range ids {
		ns[x] = s.pos(int(id)).Sub(s.cp(int(id))).Mul(1 / s.u[id])
	}
	qs := make([]mgl32.Vec3, len(ids))
	fq := make([]mgl32.Vec3, len(qs))
	for pass := 0; pass < standoffPasses; pass++ {
		for x, id := range ids {
			qs[x] = s.cp(int(id)).Add(ns[x].Mul(r))
		}
		if err := evalParallel(ctx, f, qs, fq); err != nil {
			return err
		}
		s.evaluated += len(qs)
		for x := range ids {
			if d := qs[x].Sub(fq[x]); finite3(fq[x]) && d.Len() > 0 {
				ns[x] = d.Normalize()
			}
		}
		if progress != nil {
			progress(pass+1, standoffPasses)
		}
	}
	// 3 bytes a node (a unit vector to 1/127: the test only reads the sign of a dot product
	// of two nearly parallel or opposite directions), not 12: at 256³ that is 50 MB, not 200.
	s.nrm = make([]int8, 3*len(s.u))
	for x, id := range ids {
		for a := 0; a < 3; a++ {
			s.nrm[3*int(id)+a] = int8(math.Round(float64(ns[x][a]) * 127))
		}
	}
	return nil
}
