package csp

import (
	"math/bits"
	"runtime"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// cleanMesh drops triangles with a repeated corner or zero area and repeats of a triangle
// (in either winding), then drops unused vertices, keeping the others in their order.
//
// Repeats need a welded vertex: merged[v] says that v stands for two or more of the
// contouring's cell vertices. Without one, a triangle's corners are three distinct cells,
// two of them diagonal across the crossing edge that made it, so no other crossing's
// triangle has the same three. Only the (few) triangles at welded vertices are compared.
func cleanMesh(pos []mgl32.Vec3, tris [][3]uint32, merged []bool) *mesh.Mesh {
	nv := len(pos)
	w := max(1, min(runtime.GOMAXPROCS(0), len(tris)/adjMinChunk))
	kept := make([]int, w)          // triangles kept per run
	atWeld := make([][]int32, w)    // per run: kept triangles with a welded corner
	usedBits := make([][]uint64, w) // per run: the vertices its kept triangles use
	drop := poolBool2.get(len(tris), 0)
	defer poolBool2.put(drop)
	workerRuns(w, len(tris), func(r, lo, hi int) {
		used := make([]uint64, (nv+63)/64)
		k := 0
		for i := lo; i < hi; i++ {
			a, b, c := tris[i][0], tris[i][1], tris[i][2]
			if a == b || b == c || a == c || mesh.ZeroArea(pos[a], pos[b], pos[c]) {
				drop[i] = true
				continue
			}
			drop[i] = false
			if merged[a] || merged[b] || merged[c] {
				atWeld[r] = append(atWeld[r], int32(i))
			}
			used[a/64] |= 1 << (a % 64)
			used[b/64] |= 1 << (b % 64)
			used[c/64] |= 1 << (c % 64)
			k++
		}
		kept[r], usedBits[r] = k, used
	})
	// Repeats, first one kept, in triangle order (the runs are in order).
	seen := map[[3]uint32]bool{}
	for r, list := range atWeld {
		for _, i := range list {
			key, _ := mesh.SortedCorners(tris[i])
			if seen[key] {
				drop[i] = true
				kept[r]--
				continue
			}
			seen[key] = true
		}
	}
	// The kept vertices, renumbered in order: new id = count of used vertices before it.
	words := (nv + 63) / 64
	used := usedBits[0]
	for _, u := range usedBits[1:] {
		for x := range used {
			used[x] |= u[x]
		}
	}
	wordStart := make([]int32, words+1)
	for x := 0; x < words; x++ {
		wordStart[x+1] = wordStart[x] + int32(bits.OnesCount64(used[x]))
	}
	out := make([]mgl32.Vec3, wordStart[words])
	remap := poolI32.get(nv, 0) // read only at used vertices, all set below
	defer poolI32.put(remap)
	parallelRange(words, func(lo, hi int) {
		for x := lo; x < hi; x++ {
			id := wordStart[x]
			for m := used[x]; m != 0; m &= m - 1 {
				v := 64*x + bits.TrailingZeros64(m)
				remap[v] = id
				out[id] = pos[v]
				id++
			}
		}
	})
	// The kept triangles, each run's at its offset, renumbered.
	off := make([]int, w+1)
	for r := range kept {
		off[r+1] = off[r] + kept[r]
	}
	outTris := make([][3]uint32, off[w])
	workerRuns(w, len(tris), func(r, lo, hi int) {
		o := off[r]
		for i := lo; i < hi; i++ {
			if !drop[i] {
				t := tris[i]
				outTris[o] = [3]uint32{uint32(remap[t[0]]), uint32(remap[t[1]]), uint32(remap[t[2]])}
				o++
			}
		}
	})
	return &mesh.Mesh{Positions: out, Triangles: outTris}
}
