package csp

import (
	"math"
	"sync"
)

// bvhNode is an inner node of the flattened BVH. It holds the boxes of both children, so a
// visit tests both boxes from one cache line and descends into the nearer child first.
type bvhNode struct {
	box   [2][6]float32 // per child: lo x, y, z, hi x, y, z (exact: vertices are float32)
	child [2]int32      // ≥ 0: inner node index; < 0: a leaf whose first triangle is ^child
	count [2]int32      // triangles in a leaf child (0 for an inner child or an empty leaf)
}

// bvh is a bounding volume hierarchy over prepared triangles stored in leaf order.
type bvh struct {
	nodes []bvhNode
	cyls  [][2]cylinder // cyls[i][c] bounds child c of nodes[i], like its box
	tris  []triangle
	ids   []int32 // ids[i] is the mesh triangle index of tris[i]
}

const (
	leafSize  = 4  // triangles per leaf: a leaf test costs about as much as two box tests
	sahBins   = 16 // binned SAH: 16 bins find splits within a few percent of the full sweep
	maxDepth  = 40 // past this depth splits fall back to object medians, so depth ≤ 40 + log2 n
	stackSize = 128
	// parallelBuild is the subtree size above which the two halves are built concurrently.
	parallelBuild = 1 << 14
	// sahTraversal is the cost of visiting an inner node relative to one triangle test.
	sahTraversal = 1.0
)

// buildNode is the temporary pointer tree built before flattening.
type buildNode struct {
	lo, hi       [3]float32
	left, right  *buildNode
	start, count int
}

// builder holds per-triangle boxes and centroids during the build.
type builder struct {
	lo, hi, cen [][3]float32
}

// buildBVH builds the hierarchy over triangles given by their vertices (as float32, so boxes
// are exact); tri i of the result keeps id order[i].
func buildBVH(verts [][3][3]float32) *bvh {
	n := len(verts)
	b := &builder{lo: make([][3]float32, n), hi: make([][3]float32, n), cen: make([][3]float32, n)}
	idx := make([]int32, n)
	for i, v := range verts {
		idx[i] = int32(i)
		for k := 0; k < 3; k++ {
			lo := min(v[0][k], v[1][k], v[2][k])
			hi := max(v[0][k], v[1][k], v[2][k])
			b.lo[i][k], b.hi[i][k] = lo, hi
			b.cen[i][k] = lo/2 + hi/2
		}
	}
	root := b.build(idx, 0, 0)
	t := &bvh{tris: make([]triangle, n), ids: idx}
	for i, id := range idx {
		v := verts[id]
		t.tris[i] = newTriangle(f64(v[0]), f64(v[1]), f64(v[2]))
	}
	if root.left == nil { // a single leaf: wrap it in a node with an empty second child
		t.nodes = []bvhNode{{child: [2]int32{^int32(root.start), -1}, count: [2]int32{int32(root.count), 0}}}
		t.nodes[0].box[0] = boxOf(root)
		t.nodes[0].box[1] = [6]float32{inf32, inf32, inf32, -inf32, -inf32, -inf32}
		t.cyls = [][2]cylinder{{t.cylinderOf(root.start, root.count)}}
		return t
	}
	t.flatten(root)
	return t
}

var inf32 = float32(math.Inf(1))

func f64(v [3]float32) vec { return vec{float64(v[0]), float64(v[1]), float64(v[2])} }

func boxOf(n *buildNode) [6]float32 {
	return [6]float32{n.lo[0], n.lo[1], n.lo[2], n.hi[0], n.hi[1], n.hi[2]}
}

// flatten appends n (an inner node) and its inner descendants depth-first; returns its index.
func (t *bvh) flatten(n *buildNode) int32 {
	i := int32(len(t.nodes))
	t.nodes = append(t.nodes, bvhNode{})
	t.cyls = append(t.cyls, [2]cylinder{})
	for c, ch := range [2]*buildNode{n.left, n.right} {
		t.cyls[i][c] = t.cylinderOf(ch.start, ch.count)
		var child, count int32
		if ch.left == nil {
			child, count = ^int32(ch.start), int32(ch.count)
		} else {
			child = t.flatten(ch)
		}
		t.nodes[i].box[c] = boxOf(ch)
		t.nodes[i].child[c], t.nodes[i].count[c] = child, count
	}
	return i
}

// build makes the subtree over idx, whose first element sits at offset start in the order.
func (b *builder) build(idx []int32, start, depth int) *buildNode {
	n := &buildNode{start: start, count: len(idx)}
	clo, chi := b.bounds(n, idx)
	if len(idx) <= leafSize {
		return n
	}
	mid := -1
	if depth < maxDepth {
		mid = b.sahSplit(n, idx, clo, chi)
	}
	if mid == 0 { // SAH prefers a leaf
		return n
	}
	if mid < 0 { // no usable split: object median along the widest centroid axis
		mid = b.medianSplit(idx, clo, chi)
	}
	if len(idx) >= parallelBuild {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { n.left = b.build(idx[:mid], start, depth+1); wg.Done() }()
		n.right = b.build(idx[mid:], start+mid, depth+1)
		wg.Wait()
	} else {
		n.left = b.build(idx[:mid], start, depth+1)
		n.right = b.build(idx[mid:], start+mid, depth+1)
	}
	return n
}

// bounds sets n's box and returns the box of the centroids.
func (b *builder) bounds(n *buildNode, idx []int32) (clo, chi [3]float32) {
	n.lo, n.hi = [3]float32{inf32, inf32, inf32}, [3]float32{-inf32, -inf32, -inf32}
	clo, chi = n.lo, n.hi
	for _, i := range idx {
		for k := 0; k < 3; k++ {
			n.lo[k], n.hi[k] = min(n.lo[k], b.lo[i][k]), max(n.hi[k], b.hi[i][k])
			clo[k], chi[k] = min(clo[k], b.cen[i][k]), max(chi[k], b.cen[i][k])
		}
	}
	return clo, chi
}

type sahBin struct {
	lo, hi [3]float32
	n      int
}

func halfArea(lo, hi [3]float32) float64 {
	dx, dy, dz := float64(hi[0]-lo[0]), float64(hi[1]-lo[1]), float64(hi[2]-lo[2])
	return dx*dy + dy*dz + dz*dx
}

// sahSplit partitions idx by the cheapest binned-SAH plane over the three axes and returns
// the split index; 0 when a leaf is cheaper (only for small sets), −1 when no plane separates.
func (b *builder) sahSplit(n *buildNode, idx []int32, clo, chi [3]float32) int {
	bestCost, bestAxis, bestBin := math.Inf(1), -1, 0
	for axis := 0; axis < 3; axis++ {
		ext := chi[axis] - clo[axis]
		if !(ext > 0) {
			continue
		}
		var bins [sahBins]sahBin
		for i := range bins {
			bins[i].lo, bins[i].hi = [3]float32{inf32, inf32, inf32}, [3]float32{-inf32, -inf32, -inf32}
		}
		scale := float32(sahBins) / ext
		for _, i := range idx {
			bi := min(int((b.cen[i][axis]-clo[axis])*scale), sahBins-1)
			bn := &bins[bi]
			bn.n++
			for k := 0; k < 3; k++ {
				bn.lo[k], bn.hi[k] = min(bn.lo[k], b.lo[i][k]), max(bn.hi[k], b.hi[i][k])
			}
		}
		// Sweep from the right to get the cost of every right part, then from the left.
		var rightCost [sahBins]float64
		acc := sahBin{lo: [3]float32{inf32, inf32, inf32}, hi: [3]float32{-inf32, -inf32, -inf32}}
		for i := sahBins - 1; i > 0; i-- {
			acc = mergeBin(acc, bins[i])
			rightCost[i] = float64(acc.n) * halfArea(acc.lo, acc.hi)
		}
		acc = sahBin{lo: [3]float32{inf32, inf32, inf32}, hi: [3]float32{-inf32, -inf32, -inf32}}
		for i := 0; i < sahBins-1; i++ {
			acc = mergeBin(acc, bins[i])
			if acc.n == 0 || acc.n == len(idx) {
				continue
			}
			if c := float64(acc.n)*halfArea(acc.lo, acc.hi) + rightCost[i+1]; c < bestCost {
				bestCost, bestAxis, bestBin = c, axis, i
			}
		}
	}
	if bestAxis < 0 {
		return -1
	}
	area := halfArea(n.lo, n.hi)
	if len(idx) <= 2*leafSize && bestCost/area+sahTraversal >= float64(len(idx)) {
		return 0
	}
	// Partition in place: centroids in bins ≤ bestBin go left.
	scale := float32(sahBins) / (chi[bestAxis] - clo[bestAxis])
	l, r := 0, len(idx)-1
	for l <= r {
		if min(int((b.cen[idx[l]][bestAxis]-clo[bestAxis])*scale), sahBins-1) <= bestBin {
			l++
		} else {
			idx[l], idx[r] = idx[r], idx[l]
			r--
		}
	}
	if l == 0 || l == len(idx) {
		return -1
	}
	return l
}

func mergeBin(a, b sahBin) sahBin {
	for k := 0; k < 3; k++ {
		a.lo[k], a.hi[k] = min(a.lo[k], b.lo[k]), max(a.hi[k], b.hi[k])
	}
	a.n += b.n
	return a
}

// medianSplit orders idx around its middle element along the widest centroid axis.
func (b *builder) medianSplit(idx []int32, clo, chi [3]float32) int {
	axis := 0
	for k := 1; k < 3; k++ {
		if chi[k]-clo[k] > chi[axis]-clo[axis] {
			axis = k
		}
	}
	mid := len(idx) / 2
	// Quickselect on the centroid coordinate.
	lo, hi := 0, len(idx)-1
	for lo < hi {
		pivot := b.cen[idx[(lo+hi)/2]][axis]
		i, j := lo, hi
		for i <= j {
			for b.cen[idx[i]][axis] < pivot {
				i++
			}
			for b.cen[idx[j]][axis] > pivot {
				j--
			}
			if i <= j {
				idx[i], idx[j] = idx[j], idx[i]
				i++
				j--
			}
		}
		if mid <= j {
			hi = j
		} else if mid >= i {
			lo = i
		} else {
			break
		}
	}
	return mid
}

// cylinder is a second bounding volume of a subtree: the solid cylinder of radius rho around
// the axis through m along the unit n, from −tau to +tau along it. For the nearly flat patches
// that fill the lower levels of a fine mesh's tree, tau is tiny and the distance to the
// cylinder is far closer to the true distance than the distance to the axis-aligned box
// (which grows loose by the patch's tilt): queries far from the surface prune much more.
type cylinder struct {
	m, n     vec
	rho, tau float64
}

// cylinderOf fits a cylinder to the triangles tris[start : start+count]: axis along their
// area-weighted normal, through their box centre.
func (t *bvh) cylinderOf(start, count int) cylinder {
	tris := t.tris[start : start+count]
	var nsum vec
	lo, hi := vec{math.Inf(1), math.Inf(1), math.Inf(1)}, vec{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for i := range tris {
		tr := &tris[i]
		nsum = add3(nsum, cross3(tr.ab, tr.ac))
		for _, p := range [3]vec{tr.a, add3(tr.a, tr.ab), add3(tr.a, tr.ac)} {
			lo = vec{min(lo.x, p.x), min(lo.y, p.y), min(lo.z, p.z)}
			hi = vec{max(hi.x, p.x), max(hi.y, p.y), max(hi.z, p.z)}
		}
	}
	c := cylinder{m: madd3(lo, sub3(hi, lo), 0.5), n: unitOr(nsum, vec{0, 0, 1})}
	for i := range tris {
		tr := &tris[i]
		for _, p := range [3]vec{tr.a, add3(tr.a, tr.ab), add3(tr.a, tr.ac)} {
			v := sub3(p, c.m)
			h := dot3(v, c.n)
			c.tau = max(c.tau, math.Abs(h))
			c.rho = max(c.rho, math.Sqrt(max(dot3(v, v)-h*h, 0)))
		}
	}
	// Grow by a relative hair so float64 rounding in the query can never cut the geometry.
	grow := 1e-9 * (c.rho + c.tau)
	c.rho += grow
	c.tau += grow
	return c
}

// dist2 is the squared distance from q to the cylinder (0 inside).
func (c *cylinder) dist2(q vec) float64 {
	v := sub3(q, c.m)
	h := dot3(v, c.n)
	dh := max(math.Abs(h)-c.tau, 0)
	dr := max(math.Sqrt(max(dot3(v, v)-h*h, 0))-c.rho, 0)
	return dh*dh + dr*dr
}
