package mpm

import "math"

// Scene is a set of points with material labels and the options to simulate them.
type Scene struct {
	Label     string    // provenance, e.g. "synthetic"
	Positions []float32 // xyz triples
	Material  []int     // index into Materials per point
	Materials []Material
	Options   Options
}

// Solver builds a solver for the scene.
func (sc Scene) Solver() (*Solver, error) {
	return FromPoints(sc.Positions, sc.Material, sc.Materials, sc.Options)
}

// demoDx: 48 cells across the 1 m demo box keeps the scene near 13k particles, which
// previews in about real time on two cores.
const demoDx = 1.0 / 48

// DemoScene returns the synthetic labelled demo: a jelly block dropped from 0.35 m, a
// metal bar cantilevered from a frozen post, and a heap of sand, in a 1 m box with y up.
func DemoScene() Scene {
	sc := Scene{
		Label:     "synthetic",
		Materials: []Material{Presets["jelly"], Presets["metal"], Presets["sand"]},
		Options: Options{
			Domain:   Box{Max: [3]float32{1, 1, 1}},
			Dx:       demoDx,
			Gravity:  [3]float32{0, -9.8, 0},
			Boundary: Friction,
			Friction: 0.5, // about tan 27°: a rough floor
			// The post: the bar's first 8 cm are held.
			Frozen: []Box{{Min: [3]float32{0.05, 0.45, 0.7}, Max: [3]float32{0.13, 0.55, 0.8}}},
		},
	}
	add := func(pts []float32, mat int) {
		sc.Positions = append(sc.Positions, pts...)
		for range len(pts) / 3 {
			sc.Material = append(sc.Material, mat)
		}
	}
	add(grid3([3]float32{0.3, 0.35, 0.15}, [3]float32{0.5, 0.55, 0.35}, nil), 0)
	add(grid3([3]float32{0.05, 0.47, 0.72}, [3]float32{0.6, 0.53, 0.78}, nil), 1)
	// Cone of sand: radius 0.15 m, height 0.2 m, centred at (0.7, 0, 0.3).
	add(grid3([3]float32{0.55, 0, 0.15}, [3]float32{0.85, 0.2, 0.45}, func(x, y, z float32) bool {
		r := math.Hypot(float64(x-0.7), float64(z-0.3))
		return r <= 0.15*(1-float64(y)/0.2)
	}), 2)
	return sc
}

// grid3 returns points on a regular grid of 2 per cell per axis (8 per cell, the default
// PerCell) in [lo, hi), kept where keep is nil or true.
func grid3(lo, hi [3]float32, keep func(x, y, z float32) bool) []float32 {
	h := float32(demoDx / 2)
	var n [3]int
	for a := range n {
		n[a] = int(math.Ceil(float64((hi[a] - lo[a]) / h)))
	}
	var out []float32
	for i := 0; i < n[0]; i++ {
		for j := 0; j < n[1]; j++ {
			for k := 0; k < n[2]; k++ {
				x, y, z := lo[0]+(float32(i)+0.5)*h, lo[1]+(float32(j)+0.5)*h, lo[2]+(float32(k)+0.5)*h
				if keep == nil || keep(x, y, z) {
					out = append(out, x, y, z)
				}
			}
		}
	}
	return out
}
