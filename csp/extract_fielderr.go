package csp

import (
	"context"
	"slices"

	"github.com/go-gl/mathgl/mgl32"
)

const (
	// fieldErrProbe is the probe lattice's side: 16³ = 4096 queries (twice), a few
	// milliseconds for a neural field, against the 10⁵–10⁶ queries of the extraction.
	fieldErrProbe = 16
	// fieldErrQuantile picks the field error from the probe's residuals: most points, not
	// the worst one (a few points at the medial axis answer anything).
	fieldErrQuantile = 0.9
)

// fieldError estimates how far f is from an exact closest-point field: the residual
// |f(f(p)) − f(p)| (zero when f's answers lie on its own surface), at the 90th percentile over
// a lattice of probe points in the box. Exact fields (meshes, analytic shapes) give 0 or
// rounding; trained networks give about their training error.
func fieldError(ctx context.Context, f Field, lo, hi mgl32.Vec3) (float32, error) {
	var ps []mgl32.Vec3
	for i := 0; i < fieldErrProbe; i++ {
		for j := 0; j < fieldErrProbe; j++ {
			for k := 0; k < fieldErrProbe; k++ {
				t := mgl32.Vec3{float32(i) + 0.5, float32(j) + 0.5, float32(k) + 0.5}.Mul(1.0 / fieldErrProbe)
				ps = append(ps, mgl32.Vec3{lo[0] + t[0]*(hi[0]-lo[0]), lo[1] + t[1]*(hi[1]-lo[1]), lo[2] + t[2]*(hi[2]-lo[2])})
			}
		}
	}
	cs := make([]mgl32.Vec3, len(ps))
	if err := evalParallel(ctx, f, ps, cs); err != nil {
		return 0, err
	}
	ccs := make([]mgl32.Vec3, len(cs))
	if err := evalParallel(ctx, f, cs, ccs); err != nil {
		return 0, err
	}
	r := make([]float32, 0, len(cs))
	for i := range cs {
		if d := ccs[i].Sub(cs[i]).Len(); finite3(ccs[i]) && finite3(cs[i]) {
			r = append(r, d)
		}
	}
	if len(r) == 0 {
		return 0, nil
	}
	slices.Sort(r)
	return r[int(fieldErrQuantile*float32(len(r)-1))], nil
}
