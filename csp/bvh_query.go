package csp

import "math"

// boxDist2 is the squared distance from q to the box b (0 inside); it is a lower bound on the
// distance to every triangle in the box. An empty box (lo = +∞) is infinitely far.
func boxDist2(q vec, b *[6]float32) float64 {
	dx := max(float64(b[0])-q.x, q.x-float64(b[3]), 0)
	dy := max(float64(b[1])-q.y, q.y-float64(b[4]), 0)
	dz := max(float64(b[2])-q.z, q.z-float64(b[5]), 0)
	return dx*dx + dy*dy + dz*dz
}

// stackEntry is a deferred subtree and the squared distance to its box.
type stackEntry struct {
	node int32
	d2   float64
}

// closest finds the triangle closest to q by branch and bound: the nearer child first, a
// subtree pruned when its box is no nearer than the best triangle so far. seed (an index
// into t.tris, or −1) starts the search with that triangle's distance as the bound: for
// neighbouring queries it is nearly the answer, so most of the tree is pruned at once.
// It returns the closest point, the index of its triangle in t.tris and the squared distance.
func (t *bvh) closest(q vec, seed int32) (best vec, bestTri int32, bestD2 float64) {
	bestD2, bestTri = math.Inf(1), -1
	if seed >= 0 {
		best = t.tris[seed].closest(q)
		bestD2, bestTri = dist2(q, best), seed
	}
	var stack [stackSize]stackEntry
	sp := 0
	ni := int32(0)
	for {
		n := &t.nodes[ni]
		d0, d1 := boxDist2(q, &n.box[0]), boxDist2(q, &n.box[1])
		// The cylinders cost a root each: consult them only where the boxes let a child in.
		if d0 < bestD2 {
			d0 = max(d0, t.cyls[ni][0].dist2(q))
		}
		if d1 < bestD2 {
			d1 = max(d1, t.cyls[ni][1].dist2(q))
		}
		first, second := 0, 1
		if d1 < d0 {
			first, second, d0, d1 = 1, 0, d1, d0
		}
		next := int32(-1)
		if d0 < bestD2 {
			if c := n.child[first]; c >= 0 {
				next = c
			} else {
				t.testLeaf(q, ^c, n.count[first], seed, &best, &bestTri, &bestD2)
			}
		}
		if d1 < bestD2 {
			if c := n.child[second]; c < 0 {
				t.testLeaf(q, ^c, n.count[second], seed, &best, &bestTri, &bestD2)
			} else if next < 0 {
				next = c
			} else {
				stack[sp] = stackEntry{c, d1}
				sp++
			}
		}
		if next >= 0 {
			ni = next
			continue
		}
		for {
			if sp == 0 {
				return best, bestTri, bestD2
			}
			sp--
			if stack[sp].d2 < bestD2 {
				ni = stack[sp].node
				break
			}
		}
	}
}

// testLeaf tests count triangles from first, skipping the seed already tested.
func (t *bvh) testLeaf(q vec, first, count, seed int32, best *vec, bestTri *int32, bestD2 *float64) {
	for i := first; i < first+count; i++ {
		if i == seed {
			continue
		}
		tr := &t.tris[i]
		if tr.farther(q, *bestD2) {
			continue
		}
		c := tr.closest(q)
		if d := dist2(q, c); d < *bestD2 {
			*best, *bestTri, *bestD2 = c, i, d
		}
	}
}
