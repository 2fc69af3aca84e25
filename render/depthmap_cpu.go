package render

import (
	"image"
	"image/color"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
)

// ErrorMap selects what an error map of a field against its mesh shows (the paper's figures).
type ErrorMap int

// Error maps.
const (
	DepthError   ErrorMap = iota // |depth_field − depth_mesh| / box diagonal, heat map over [0, Range]
	NormalCosine                 // n_field · n_mesh, heat map over [Range, 1]
)

// Defaults of ErrorMapOptions.Range.
const (
	// DefaultDepthErrorRange is 1% of the diagonal: about a voxel of a 128³ grid, so a
	// baked field's errors show as a gradient rather than saturating.
	DefaultDepthErrorRange = 0.01
	// DefaultNormalCosLow is the cosine at the bottom of the map: 0.9 is about 26°, clearly
	// wrong; agreement within a degree or two shows near the top.
	DefaultNormalCosLow = 0.9
)

// MismatchColour marks pixels where only one of field and mesh is hit (a silhouette
// disagreement): magenta, which the heat ramp never reaches.
var MismatchColour = mgl32.Vec3{1, 0, 1}

// ErrorMapOptions configure FieldErrorImage.
type ErrorMapOptions struct {
	Kind     ErrorMap
	Range    float32 // DepthError: error at the top of the map (fraction of Diagonal); NormalCosine: cosine at the bottom
	Diagonal float32 // the box diagonal depth errors are divided by
	// Background is the gradient (bottom, top) where neither is hit; zero: csp.DefaultBackground.
	Background [2]mgl32.Vec3
}

// ErrorValue returns the map's value at one pixel from the field's and the mesh's hits:
// the depth error over the diagonal, or the normal cosine. hit is false where neither is hit,
// mismatch true where only one is.
func ErrorValue(field, ref csp.Hit, o ErrorMapOptions) (v float32, hit, mismatch bool) {
	switch {
	case !field.Hit && !ref.Hit:
		return 0, false, false
	case field.Hit != ref.Hit:
		return 0, true, true
	}
	if o.Kind == NormalCosine {
		return field.N.Dot(ref.N), true, false
	}
	d := field.P.Sub(ref.P).Len() // same ray: the distance between hits is the depth difference
	if o.Diagonal > 0 {
		d /= o.Diagonal
	}
	return d, true, false
}

// ErrorColour maps a value of ErrorValue to the heat ramp (display colours).
func ErrorColour(v float32, o ErrorMapOptions) mgl32.Vec3 {
	r := o.Range
	if o.Kind == NormalCosine {
		if r <= 0 || r >= 1 {
			r = DefaultNormalCosLow
		}
		return csp.Heat((v - r) / (1 - r))
	}
	if r <= 0 {
		r = DefaultDepthErrorRange
	}
	return csp.Heat(v / r)
}

// FieldErrorImage colours a w×h error map from the field's and the mesh's hits of the same
// camera (csp.Trace of a baked grid and of the exact mesh field): the CPU twin of the GL
// error map. It returns the image and the mean and maximum of the value over pixels both hit.
func FieldErrorImage(field, ref []csp.Hit, w, h int, o ErrorMapOptions) (img *image.RGBA, mean, maxV float32) {
	if o.Background == ([2]mgl32.Vec3{}) {
		o.Background = csp.DefaultBackground
	}
	img = image.NewRGBA(image.Rect(0, 0, max(w, 0), max(h, 0)))
	var sum float64
	n := 0
	if o.Kind == NormalCosine {
		maxV = 1
	}
	for y := 0; y < h; y++ {
		bg := o.Background[0].Add(o.Background[1].Sub(o.Background[0]).Mul((float32(h-1-y) + 0.5) / float32(h)))
		for x := 0; x < w; x++ {
			i := y*w + x
			if i >= len(field) || i >= len(ref) {
				continue
			}
			v, hit, mis := ErrorValue(field[i], ref[i], o)
			c := bg
			switch {
			case mis:
				c = MismatchColour
			case hit:
				c = ErrorColour(v, o)
				sum += float64(v)
				n++
				if o.Kind == NormalCosine {
					maxV = min(maxV, v) // for cosines the worst is the least
				} else {
					maxV = max(maxV, v)
				}
			}
			img.SetRGBA(x, y, rgba8(c))
		}
	}
	if n > 0 {
		mean = float32(sum / float64(n))
	}
	return img, mean, maxV
}

// rgba8 rounds a display colour in [0, 1] to 8 bits.
func rgba8(c mgl32.Vec3) color.RGBA {
	q := func(x float32) uint8 {
		if !(x > 0) {
			return 0
		}
		return uint8(min(x, 1)*255 + 0.5)
	}
	return color.RGBA{q(c[0]), q(c[1]), q(c[2]), 255}
}
