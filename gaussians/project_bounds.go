package gaussians

import (
	"math"
	"slices"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
)

// boundsSample caps the centres looked at for percentiles: 100k give percentiles within a
// fraction of a percent, and keep framing a 6M scene instant.
const boundsSample = 100_000

// RobustBounds returns the box between the pct-th and (100−pct)-th percentiles of the centres
// (3N floats) per axis, ignoring NaN and ±Inf: trained scenes carry far floaters that would
// make the full box useless for framing. An empty input gives a zero box.
func RobustBounds(positions []float32, pct float64) (lo, hi mgl32.Vec3) {
	n := len(positions) / 3
	step := max(1, n/boundsSample)
	for a := 0; a < 3; a++ {
		v := make([]float32, 0, n/step+1)
		for i := 0; i < n; i += step {
			x := positions[3*i+a]
			if !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) {
				v = append(v, x)
			}
		}
		if len(v) == 0 {
			continue
		}
		slices.Sort(v)
		at := func(p float64) float32 { return v[min(len(v)-1, int(p/100*float64(len(v)-1)+0.5))] }
		lo[a], hi[a] = at(pct), at(100-pct)
	}
	return lo, hi
}

// FrameOrbit points an orbit camera (its yaw, pitch and up kept) at the robust bounds (1st to
// 99th percentile) of b's centres so the scene fills the view.
func FrameOrbit(b *RenderBuffers, o *camera.Orbit) {
	// 1%: the README statistics of the real scenes use p1/p99 as their extent.
	lo, hi := RobustBounds(b.Positions, 1)
	o.Frame(lo, hi)
}
