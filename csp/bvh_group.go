package csp

import (
	"math"
	"slices"
)

// A group query answers a run of nearby points (a 4³ brick of a bake) together: one range
// query at the centre c of their bounding box collects every leaf that can hold the answer
// of any of them, then each point scans only that short list instead of walking the tree.
// Soundness: with R the largest |q − c| and dc the distance from c to the surface,
// d(q) ≤ dc + R, so q's closest triangle t has d(c, t) ≤ d(q) + R ≤ dc + 2R, and t's leaf
// box is at most that far from c.

// groupSize is the largest run of points answered together: a 4³ brick.
const groupSize = 64

// maxGroupLeaves caps the candidate list; past it (points spread wide, or a dense mesh near
// them) the list would cost more to scan than the trees walks it replaces.
const maxGroupLeaves = 192

// groupLeaf is a candidate leaf with its squared box distance from the group centre.
type groupLeaf struct {
	box          [6]float64
	first, count int32
	local        int32   // index of the leaf's first disk in groupScratch.disks
	lbc          float64 // squared distance from the centre c to the box
	lc           float64 // its square root
}

// groupScratch is per-goroutine memory for group queries.
type groupScratch struct {
	leaves []groupLeaf
	stack  []int32
	disks  []disk // the candidate triangles' disks, leaf after leaf (groupLeaf.local indexes it)
}

// disk is a triangle's enclosing disk (see triangle.farther), copied out dense for the scan.
type disk struct {
	m, n      vec
	rho, rho2 float64
}

// collect fills s.leaves with the leaves whose box is within r² of c, sorted nearest first;
// it returns false when there are more than maxGroupLeaves.
func (t *bvh) collect(c vec, r2 float64, s *groupScratch) bool {
	s.leaves, s.stack = s.leaves[:0], append(s.stack[:0], 0)
	for len(s.stack) > 0 {
		n := &t.nodes[s.stack[len(s.stack)-1]]
		s.stack = s.stack[:len(s.stack)-1]
		for k := 0; k < 2; k++ {
			d2 := boxDist2(c, &n.box[k])
			if d2 > r2 {
				continue
			}
			if ch := n.child[k]; ch >= 0 {
				s.stack = append(s.stack, ch)
			} else if n.count[k] > 0 {
				if len(s.leaves) == maxGroupLeaves {
					return false
				}
				b := &n.box[k]
				s.leaves = append(s.leaves, groupLeaf{
					box:   [6]float64{float64(b[0]), float64(b[1]), float64(b[2]), float64(b[3]), float64(b[4]), float64(b[5])},
					first: ^ch, count: n.count[k], lbc: d2, lc: math.Sqrt(d2)})
			}
		}
	}
	slices.SortFunc(s.leaves, func(a, b groupLeaf) int {
		if a.lbc < b.lbc {
			return -1
		}
		if a.lbc > b.lbc {
			return 1
		}
		return 0
	})
	s.disks = s.disks[:0]
	for i := range s.leaves {
		l := &s.leaves[i]
		l.local = int32(len(s.disks))
		for k := l.first; k < l.first+l.count; k++ {
			tr := &t.tris[k]
			s.disks = append(s.disks, disk{m: tr.m, n: tr.n, rho: tr.rho, rho2: tr.rho2})
		}
	}
	return true
}

// closestGroup answers qs (out receives closest points, tris the indices into t.tris), seeded
// by seed; it returns false, having written nothing, when the candidate list overflows.
func (t *bvh) closestGroup(qs []vec, out []vec, tris []int32, seed int32, s *groupScratch) bool {
	lo, hi := qs[0], qs[0]
	for _, q := range qs[1:] {
		lo = vec{min(lo.x, q.x), min(lo.y, q.y), min(lo.z, q.z)}
		hi = vec{max(hi.x, q.x), max(hi.y, q.y), max(hi.z, q.z)}
	}
	c := madd3(lo, sub3(hi, lo), 0.5)
	var R2 float64
	for _, q := range qs {
		R2 = max(R2, dist2(q, c))
	}
	R := math.Sqrt(R2)
	_, ctri, dc2 := t.closest(c, seed)
	// Widen by a relative hair so rounding in the distances can never drop a needed leaf.
	r := (math.Sqrt(dc2) + 2*R) * (1 + 1e-12)
	if !t.collect(c, r*r, s) {
		return false
	}
	if seed < 0 {
		seed = ctri
	}
	for i, q := range qs {
		best := t.tris[seed].closest(q)
		bestD2, bestTri := dist2(q, best), seed
		bestD := math.Sqrt(bestD2)
		dq := math.Sqrt(dist2(q, c))
		for j := range s.leaves {
			l := &s.leaves[j]
			// Leaves are sorted by distance from c and d(q, box) ≥ d(c, box) − |q − c|:
			// once that bound passes the best so far, no later leaf can beat it.
			if l.lc-dq >= bestD {
				break
			}
			if boxDist2f64(q, &l.box) >= bestD2 {
				continue
			}
			ds := s.disks[l.local : l.local+l.count]
			for kk := range ds {
				k := l.first + int32(kk)
				if k == bestTri || ds[kk].farther(q, bestD2) {
					continue
				}
				p := t.tris[k].closest(q)
				if d := dist2(q, p); d < bestD2 {
					best, bestD2, bestTri = p, d, k
					bestD = math.Sqrt(d)
				}
			}
		}
		out[i], tris[i] = best, bestTri
		seed = bestTri
	}
	return true
}

// boxDist2f64 is boxDist2 for a box already in float64.
func boxDist2f64(q vec, b *[6]float64) float64 {
	dx := max(b[0]-q.x, q.x-b[3], 0)
	dy := max(b[1]-q.y, q.y-b[4], 0)
	dz := max(b[2]-q.z, q.z-b[5], 0)
	return dx*dx + dy*dy + dz*dz
}
