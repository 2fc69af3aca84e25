package mpm

import (
	"fmt"
	"math"
)

// maxFillCells caps FillInterior's voxel grid (128M one-byte cells = 128 MiB): a larger
// grid means the cell size is far too small for the cloud.
const maxFillCells = 1 << 27

// FillInterior voxelises a closed point cloud (xyz triples) on a grid of the given cell
// size, flood-fills the empty cells reachable from outside, and returns sample points
// (perAxis³ per cell, on a regular sub-grid) in the cells that are neither occupied by the
// cloud nor reachable: the interior of a hollow object. The cloud must be dense enough to
// occupy a watertight shell of cells (point spacing below the cell size); a leaking shell
// returns no interior.
func FillInterior(points []float32, cell float32, perAxis int) ([]float32, error) {
	if len(points)%3 != 0 {
		return nil, fmt.Errorf("mpm: fill: %d floats is not a multiple of 3", len(points))
	}
	if !(cell > 0) || perAxis < 1 {
		return nil, fmt.Errorf("mpm: fill: cell %g and samples per axis %d must be positive", cell, perAxis)
	}
	if len(points) == 0 {
		return nil, nil
	}
	lo := [3]float32{float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(1))}
	hi := [3]float32{float32(math.Inf(-1)), float32(math.Inf(-1)), float32(math.Inf(-1))}
	for i := 0; i < len(points); i += 3 {
		for a := 0; a < 3; a++ {
			v := points[i+a]
			if isNaNInf(v) {
				return nil, fmt.Errorf("mpm: fill: point %d is not finite", i/3)
			}
			lo[a], hi[a] = min(lo[a], v), max(hi[a], v)
		}
	}
	// One empty cell of padding on every side lets the flood reach around the whole cloud.
	var n [3]int
	var origin [3]float32
	total := 1.0
	for a := 0; a < 3; a++ {
		n[a] = int(math.Floor(float64((hi[a]-lo[a])/cell))) + 3
		origin[a] = lo[a] - cell
		total *= float64(n[a])
	}
	if total > maxFillCells {
		return nil, fmt.Errorf("mpm: fill: %d×%d×%d cells is too many: use a larger cell than %g", n[0], n[1], n[2], cell)
	}
	const (
		empty, occupied, outside = 0, 1, 2
	)
	grid := make([]uint8, n[0]*n[1]*n[2])
	at := func(i, j, k int) int { return (i*n[1]+j)*n[2] + k }
	for i := 0; i < len(points); i += 3 {
		var c [3]int
		for a := 0; a < 3; a++ {
			c[a] = min(int((points[i+a]-origin[a])/cell), n[a]-2)
		}
		grid[at(c[0], c[1], c[2])] = occupied
	}
	// Breadth-first flood fill from a padding corner, 6-connected.
	queue := []int{0}
	grid[0] = outside
	for len(queue) > 0 {
		id := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		k := id % n[2]
		j := (id / n[2]) % n[1]
		i := id / (n[1] * n[2])
		for _, d := range [6][3]int{{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}} {
			ii, jj, kk := i+d[0], j+d[1], k+d[2]
			if ii < 0 || jj < 0 || kk < 0 || ii >= n[0] || jj >= n[1] || kk >= n[2] {
				continue
			}
			if nb := at(ii, jj, kk); grid[nb] == empty {
				grid[nb] = outside
				queue = append(queue, nb)
			}
		}
	}
	var out []float32
	h := cell / float32(perAxis)
	for i := 0; i < n[0]; i++ {
		for j := 0; j < n[1]; j++ {
			for k := 0; k < n[2]; k++ {
				if grid[at(i, j, k)] != empty {
					continue
				}
				for a := 0; a < perAxis; a++ {
					for b := 0; b < perAxis; b++ {
						for c := 0; c < perAxis; c++ {
							out = append(out,
								origin[0]+float32(i)*cell+(float32(a)+0.5)*h,
								origin[1]+float32(j)*cell+(float32(b)+0.5)*h,
								origin[2]+float32(k)*cell+(float32(c)+0.5)*h)
						}
					}
				}
			}
		}
	}
	return out, nil
}
