package csp

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// posKey packs a position's three float32 bit patterns into a hash key (collisions are
// resolved by comparing positions: see weldExact).
func posKey(p [3]float32) int64 {
	a, b, c := uint64(math.Float32bits(p[0])), uint64(math.Float32bits(p[1])), uint64(math.Float32bits(p[2]))
	return int64((a*0x9E3779B1 ^ b*0x85EBCA77 ^ c*0xC2B2AE3D ^ a>>7 ^ b<<13) & (1<<62 - 1))
}

// weldExact maps each position to the first index with exactly the same position: weld[i]
// is i's new index and out the distinct positions, in first-seen order; merged[j] says
// that out[j] stands for two or more positions.
func weldExact(pos []mgl32.Vec3) (weld []int32, out []mgl32.Vec3, merged []bool) {
	bits := uint(4)
	for 1<<bits < 2*len(pos) {
		bits++
	}
	table := poolI32.get(1<<bits, 0) // index into out, +1; 0: empty
	clear(table)
	defer poolI32.put(table)
	mask := len(table) - 1
	weld = poolI32.get(len(pos), 0)     // extractOpen returns it to the pool
	out = poolVec3.get(0, len(pos))     // extractOpen returns it: cleanMesh copies the mesh out
	merged = poolBool2.get(0, len(pos)) // extractOpen returns it
	for i, p := range pos {
		h := int(uint64(posKey(p)) * 0x9E3779B97F4A7C15 >> (64 - bits))
		for {
			if table[h] == 0 {
				table[h] = int32(len(out)) + 1
				weld[i] = int32(len(out))
				out = append(out, p)
				merged = append(merged, false)
				break
			}
			if out[table[h]-1] == p {
				weld[i] = table[h] - 1
				merged[weld[i]] = true
				break
			}
			h = (h + 1) & mask
		}
	}
	return weld, out, merged
}
