package render

import (
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
)

func TestErrorValue(t *testing.T) {
	up, tilt := mgl32.Vec3{0, 0, 1}, mgl32.Vec3{0, 0.6, 0.8}
	hit := func(z float32, n mgl32.Vec3) csp.Hit { return csp.Hit{Hit: true, P: mgl32.Vec3{0, 0, z}, N: n} }
	depth := ErrorMapOptions{Kind: DepthError, Diagonal: 2}
	cosine := ErrorMapOptions{Kind: NormalCosine}
	cases := []struct {
		name          string
		field, ref    csp.Hit
		o             ErrorMapOptions
		v             float32
		hit, mismatch bool
	}{
		{"both miss", csp.Hit{}, csp.Hit{}, depth, 0, false, false},
		{"field only", hit(0, up), csp.Hit{}, depth, 0, true, true},
		{"mesh only", csp.Hit{}, hit(0, up), cosine, 0, true, true},
		{"depth over diagonal", hit(0.5, up), hit(0.1, up), depth, 0.2, true, false},
		{"same point", hit(0.3, up), hit(0.3, tilt), depth, 0, true, false},
		{"cosine", hit(0.3, up), hit(0.3, tilt), cosine, 0.8, true, false},
	}
	for _, c := range cases {
		v, h, m := ErrorValue(c.field, c.ref, c.o)
		if abs32(v-c.v) > 1e-6 || h != c.hit || m != c.mismatch {
			t.Errorf("%s: (%v, %v, %v), want (%v, %v, %v)", c.name, v, h, m, c.v, c.hit, c.mismatch)
		}
	}
}

// TestFieldErrorImage colours a 2×1 map: an exact pixel is the heat map's bottom (black),
// a pixel off by the whole range its top, and the statistics cover both.
func TestFieldErrorImage(t *testing.T) {
	n := mgl32.Vec3{0, 0, 1}
	field := []csp.Hit{{Hit: true, P: mgl32.Vec3{0, 0, 1}, N: n}, {Hit: true, P: mgl32.Vec3{0, 0, 1.02}, N: n}}
	ref := []csp.Hit{{Hit: true, P: mgl32.Vec3{0, 0, 1}, N: n}, {Hit: true, P: mgl32.Vec3{0, 0, 1}, N: n}}
	img, mean, worst := FieldErrorImage(field, ref, 2, 1, ErrorMapOptions{Kind: DepthError, Diagonal: 2})
	if c := img.RGBAAt(0, 0); c.R != 0 || c.G != 0 || c.B != 0 {
		t.Errorf("exact pixel %v, want black", c)
	}
	if c := img.RGBAAt(1, 0); c.R < 250 || c.G < 250 {
		t.Errorf("pixel at the range's top %v, want the heat map's white end", c)
	}
	if abs32(mean-0.005) > 1e-6 || abs32(worst-0.01) > 1e-6 {
		t.Errorf("mean %v max %v, want 0.005 and 0.01", mean, worst)
	}
}
