package csp

// windChunks: windSheets walks this many contiguous runs of triangles at once. A fixed count
// (not the worker count) keeps the result the same on every machine.
const windChunks = 8

// windSheets labels the connected sheets (triangles linked by manifold edges) and picks the
// flips that make each sheet's winding consistent: a neighbour must run the shared edge the
// other way. Each run of triangles is walked on its own (depth-first, seeded at its lowest
// unvisited triangle, which keeps its winding); the edges between runs then join the walks
// by union-find with parity, always under the lower seed. So each sheet's root is its lowest
// triangle, sheets are numbered by it, and a consistently orientable sheet gets the flips
// of one walk from that triangle.
func windSheets(tris [][3]uint32, adj [][3]int32, fwd [][3]bool) (flip []bool, comp []int32, ncomp int32) {
	n := len(tris)
	// Pooled (extract_pool.go): orientSheets returns flip and comp; zeroed where the code
	// relies on zeros.
	flip = poolBool.get(n, 0)
	clear(flip)
	root := poolI32.get(n, 0) // the walk's seed, then the sheet's lowest triangle (all set below)
	defer poolI32.put(root)
	cross := make([][][2]int32, windChunks)
	// seams[c]: triangles of run c on an edge the walks wind inconsistently (a cycle closed
	// the wrong way), found as they are met; the last entry lists those between runs.
	seams := make([][]int32, windChunks+1)
	// same says whether t and its neighbour across t's edge e, as flipped now, run their
	// shared edge the same way (inconsistent).
	same := func(t int32, e int) bool {
		x := adj[t][e]
		s, f := x>>2, x&3
		return (fwd[s][f] != flip[s]) == (fwd[t][e] != flip[t])
	}
	parallelRange(windChunks, func(clo, chi int) {
		var stack []int32
		for c := clo; c < chi; c++ {
			lo, hi := int32(c*n/windChunks), int32((c+1)*n/windChunks)
			for t := lo; t < hi; t++ {
				root[t] = -1
			}
			for seed := lo; seed < hi; seed++ {
				if root[seed] >= 0 {
					continue
				}
				root[seed] = seed
				stack = append(stack[:0], seed) // a queue: breadth first (see below)
				for head := 0; head < len(stack); head++ {
					t := stack[head]
					for e := 0; e < 3; e++ {
						s := adj[t][e] >> 2 // −1: none
						if s < lo || s >= hi {
							if s >= hi {
								cross[c] = append(cross[c], [2]int32{t, int32(e)})
							}
							continue
						}
						if root[s] >= 0 {
							if s < t && same(t, e) { // a non-tree edge, looked at once
								seams[c] = append(seams[c], t)
							}
							continue
						}
						// Flip s when it runs the shared edge the same way as t.
						flip[s] = same(t, e)
						root[s] = seed
						stack = append(stack, s)
					}
				}
			}
		}
	})
	// Union-find over the walks' seeds with parity (flip relative to the parent).
	parent := poolI32.get(n, 0)
	clear(parent)
	defer poolI32.put(parent)
	parity := poolBool2.get(n, 0)
	clear(parity)
	defer poolBool2.put(parity)
	for t := int32(0); t < int32(n); t++ {
		if root[t] == t {
			parent[t] = t
		}
	}
	find := func(x int32) (int32, bool) {
		r, p := x, false
		for parent[r] != r {
			p = p != parity[r]
			r = parent[r]
		}
		for y, py := x, p; parent[y] != y; {
			next, np := parent[y], py != parity[y]
			parent[y], parity[y] = r, py
			y, py = next, np
		}
		return r, p
	}
	for _, cs := range cross {
		for _, te := range cs {
			t, e := te[0], int(te[1])
			s := adj[t][e] >> 2
			rt, pt := find(root[t])
			rs, ps := find(root[s])
			if rt == rs {
				if same(t, e) != pt != ps { // a cycle closed the wrong way: a seam
					seams[windChunks] = append(seams[windChunks], t)
				}
				continue
			}
			want := same(t, e) != pt != ps // the parity between the roots that agrees
			lo, hi := min(rt, rs), max(rt, rs)
			parent[hi], parity[hi] = lo, want
		}
	}
	// Resolve every seed, number the sheets by their lowest triangle, then relabel.
	comp = poolI32.get(n, 0)
	clear(comp)
	for t := int32(0); t < int32(n); t++ {
		if root[t] == t {
			r, p := find(t)
			parent[t], parity[t] = r, p
			if r == t {
				comp[t] = ncomp
				ncomp++
			}
		}
	}
	parallelRange(n, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			s := root[t]
			if parity[s] {
				flip[t] = !flip[t]
			}
			root[t] = parent[s]
		}
	})
	parallelRange(n, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			if int32(t) != root[t] {
				comp[t] = comp[root[t]]
			}
		}
	})
	repairSeams(seams, adj, same, flip)
	return flip, comp, ncomp
}

// repairSeams shortens the seams a walk leaves where a sheet cannot be wound consistently (a
// twisted strip, at features thinner than about two voxels): a triangle that runs more of its
// shared edges the same way as its neighbours than the other way is flipped. Each flip lowers
// the number of such edges, so it ends, with the seams at local minima; only triangles on a
// seam and their neighbours are looked at. (The walks are breadth first for the same reason:
// where two fronts meet around a twist they leave a seam across it, not along it.)
func repairSeams(seams [][]int32, adj [][3]int32, same func(int32, int) bool, flip []bool) {
	var work []int32
	for _, s := range seams {
		work = append(work, s...)
	}
	for len(work) > 0 {
		t := work[len(work)-1]
		work = work[:len(work)-1]
		shared, bad := 0, 0
		for e := 0; e < 3; e++ {
			if adj[t][e] >= 0 {
				shared++
				if same(t, e) {
					bad++
				}
			}
		}
		if 2*bad <= shared {
			continue
		}
		flip[t] = !flip[t]
		for e := 0; e < 3; e++ {
			if x := adj[t][e]; x >= 0 {
				work = append(work, x>>2)
			}
		}
	}
}
