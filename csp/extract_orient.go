package csp

import (
	"slices"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// edgeUse is one triangle's use of an undirected edge: the other (larger) vertex, the
// triangle, and whether the triangle runs the edge from the smaller vertex to the larger.
type edgeUse struct {
	hi  uint32
	tri int32
	e   uint8 // the edge's index in the triangle
	fwd bool
}

// orientSheets makes the winding consistent within each connected sheet (windSheets: walks
// over manifold edges, flipping a neighbour that runs a shared edge the same way), then turns each sheet so
// its signed volume about its centroid is positive (closed sheets face outward).
func orientSheets(m *mesh.Mesh) {
	tris := m.Triangles
	adj, fwd, multi := triAdjacency(len(m.Positions), tris)
	flip, comp, ncomp := windSheets(tris, adj, fwd)
	parallelRange(len(tris), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if flip[i] {
				tris[i][1], tris[i][2] = tris[i][2], tris[i][1]
			}
		}
	})
	ncomp = mergeSheets(tris, comp, ncomp, multi)
	vol := sheetVolumes(m.Positions, tris, comp, ncomp)
	poolAdj.put(adj)
	poolFwd.put(fwd)
	poolBool.put(flip)
	defer poolI32.put(comp)
	parallelRange(len(tris), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if vol[comp[i]] < 0 {
				tris[i][1], tris[i][2] = tris[i][2], tris[i][1]
			}
		}
	})
}

// volChunks: sheetVolumes sums this many contiguous runs of triangles apart, then adds the
// runs in order; a fixed count keeps the sums (and so the signs) the same on every machine.
const volChunks = 8

// sheetVolumes returns each sheet's signed volume about its centroid, in one pass: the
// volume of triangle (p0, p1, p2) seen from o is det(p0−o, p1−o, p2−o) = det(p0, p1, p2) −
// o·(p0×p1 + p1×p2 + p2×p0), so each sheet sums det, the cross products and the corners
// (the centroid), and o is applied at the end. Runs are summed in parallel when the per-run
// sums stay small (few sheets); otherwise in one run.
func sheetVolumes(pos []mgl32.Vec3, tris [][3]uint32, comp []int32, ncomp int32) []float64 {
	runs := volChunks
	if int(ncomp)*volChunks > len(tris)/8 {
		runs = 1 // many small sheets: per-run sums would outweigh the work
	}
	// Per sheet: det, the cross products' sum (3), the corners' sum (3) and their count.
	const w = 8
	acc := make([][w]float64, runs*int(ncomp))
	parallelRange(runs, func(rlo, rhi int) {
		for r := rlo; r < rhi; r++ {
			sums := acc[r*int(ncomp) : (r+1)*int(ncomp)]
			for i := r * len(tris) / runs; i < (r+1)*len(tris)/runs; i++ {
				t := tris[i]
				var q [3]vec
				for k, v := range t {
					p := pos[v]
					q[k] = vec{float64(p[0]), float64(p[1]), float64(p[2])}
				}
				a := &sums[comp[i]]
				c01 := cross3(q[0], q[1])
				c := add3(add3(c01, cross3(q[1], q[2])), cross3(q[2], q[0]))
				a[0] += dot3(c01, q[2]) // det(p0, p1, p2)
				a[1], a[2], a[3] = a[1]+c.x, a[2]+c.y, a[3]+c.z
				a[4] += q[0].x + q[1].x + q[2].x
				a[5] += q[0].y + q[1].y + q[2].y
				a[6] += q[0].z + q[1].z + q[2].z
				a[7] += 3
			}
		}
	})
	vol := make([]float64, ncomp)
	for k := range vol {
		a := acc[k]
		for r := 1; r < runs; r++ {
			for x := range a {
				a[x] += acc[r*int(ncomp)+k][x]
			}
		}
		vol[k] = a[0] - (a[1]*a[4]+a[2]*a[5]+a[3]*a[6])/a[7]
	}
	return vol
}

// mergeSheets joins the sheets that meet only at non-manifold edges: each pair of triangles
// on such an edge votes +1 when they run it opposite ways (agree), −1 otherwise; sheets are
// visited from the largest outward and flipped where the vote says so. It flips the triangles
// in place, rewrites comp to the merged groups and returns their count.
func mergeSheets(tris [][3]uint32, comp []int32, ncomp int32, multi [][]edgeUse) int32 {
	if len(multi) == 0 {
		return ncomp
	}
	votes := map[[2]int32]int{}
	for _, g := range multi {
		for x := range g {
			for y := x + 1; y < len(g); y++ {
				a, b := comp[g[x].tri], comp[g[y].tri]
				if a == b {
					continue
				}
				// The triangles' directions on the edge, after the BFS flips.
				da, db := runsUp(tris[g[x].tri], g[x].hi), runsUp(tris[g[y].tri], g[y].hi)
				v := -1
				if da != db {
					v = 1
				}
				if a > b {
					a, b = b, a
				}
				votes[[2]int32{a, b}] += v
			}
		}
	}
	nbr := make([][]int32, ncomp)
	for k := range votes {
		nbr[k[0]] = append(nbr[k[0]], k[1])
		nbr[k[1]] = append(nbr[k[1]], k[0])
	}
	size := make([]int, ncomp)
	for _, c := range comp {
		size[c]++
	}
	order := make([]int32, ncomp)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return size[b] - size[a] })
	group := make([]int32, ncomp)
	flip := make([]bool, ncomp)
	for i := range group {
		group[i] = -1
	}
	var ng int32
	for _, seed := range order {
		if group[seed] >= 0 {
			continue
		}
		group[seed] = ng
		queue := []int32{seed}
		for len(queue) > 0 {
			c := queue[0]
			queue = queue[1:]
			for _, d := range nbr[c] {
				if group[d] >= 0 {
					continue
				}
				group[d] = ng
				k := [2]int32{min(c, d), max(c, d)}
				flip[d] = flip[c] != (votes[k] < 0)
				queue = append(queue, d)
			}
		}
		ng++
	}
	for i := range tris {
		if flip[comp[i]] {
			tris[i][1], tris[i][2] = tris[i][2], tris[i][1]
		}
		comp[i] = group[comp[i]]
	}
	return ng
}

// runsUp reports whether triangle t runs its edge to vertex hi from the smaller vertex.
func runsUp(t [3]uint32, hi uint32) bool {
	for e := 0; e < 3; e++ {
		if t[(e+1)%3] == hi && t[e] < hi {
			return true
		}
	}
	return false
}
