package csp

import "testing"

// TestMCTableOrientedManifold checks every case of the table: triangles face the outside
// corners, each loop edge (arc) is used once per direction within the cube's boundary, and
// no diagonal joins two edges of one face.
func TestMCTableOrientedManifold(t *testing.T) {
	mid := func(e uint8) [3]float64 {
		p := cornerPos(mcEdgeCorner[e])
		p[mcEdgeAxis[e]] += 0.5
		return p
	}
	centres := 0
	for mask := 0; mask < 256; mask++ {
		for bits := 0; bits < 64; bits++ {
			if bits&^ambiguousBits(mask) != 0 {
				continue
			}
			cs := mcTable[mask|bits<<8]
			tris := cs.tris
			centres += len(cs.centres)
			if (mask == 0 || mask == 255) != (len(tris) == 0) {
				t.Fatalf("mask %08b: %d triangles", mask, len(tris))
			}
			// Directed edge counts: interior diagonals appear once each way; arcs once.
			dir := map[[2]uint8]int{}
			for _, tr := range tris {
				for v := 0; v < 3; v++ {
					dir[[2]uint8{tr[v], tr[(v+1)%3]}]++
				}
			}
			for e, c := range dir {
				if c != 1 {
					t.Fatalf("mask %08b bits %06b: directed edge %v used %d times", mask, bits, e, c)
				}
				if e[0] >= 12 || e[1] >= 12 {
					if dir[[2]uint8{e[1], e[0]}] != 1 {
						t.Fatalf("mask %08b: centre edge %v used once", mask, e)
					}
					continue
				}
				if dir[[2]uint8{e[1], e[0]}] == 0 && !mcShareFace(e[0], e[1]) {
					t.Fatalf("mask %08b: boundary edge %v not on a face", mask, e)
				}
				if dir[[2]uint8{e[1], e[0]}] == 1 && mcShareAmbiguousFace(e[0], e[1], uint8(mask)) {
					t.Fatalf("mask %08b bits %06b: diagonal %v joins edges of one face", mask, bits, e)
				}
			}
			if mask == 0 || mask == 255 {
				continue
			}
			// Orientation for single-corner cases: the normal points away from the corner.
			for c := uint8(0); c < 8; c++ {
				if mask != 1<<c && mask != 255^(1<<c) {
					continue
				}
				tr := tris[0]
				a, b, d := mid(tr[0]), mid(tr[1]), mid(tr[2])
				u := [3]float64{b[0] - a[0], b[1] - a[1], b[2] - a[2]}
				w := [3]float64{d[0] - a[0], d[1] - a[1], d[2] - a[2]}
				n := [3]float64{u[1]*w[2] - u[2]*w[1], u[2]*w[0] - u[0]*w[2], u[0]*w[1] - u[1]*w[0]}
				p := cornerPos(c)
				away := (a[0]-p[0])*n[0] + (a[1]-p[1])*n[1] + (a[2]-p[2])*n[2]
				if (mask == 1<<c) != (away > 0) {
					t.Errorf("mask %08b: triangle faces the wrong way", mask)
				}
			}
		}
	}
	t.Logf("%d loops fanned around a centre", centres)
}
