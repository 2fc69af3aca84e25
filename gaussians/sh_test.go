package gaussians

import (
	"math"
	"testing"
)

// Basis values worked out by hand from the reference formulas (computeColorFromSH) for two
// directions; C1/√3 = C0 along the diagonal, for instance.
var shBasisCases = []struct {
	name string
	dir  [3]float64
	want [15]float64
}{
	{"+z", [3]float64{0, 0, 1}, [15]float64{
		0, SHC1, 0, // −C1·y, C1·z, −C1·x
		0, 0, 2 * 0.31539156525252005, 0, 0, // C2[2]·(2zz − xx − yy) = 2·C2[2]
		0, 0, 0, 2 * 0.3731763325901154, 0, 0, 0, // C3[3]·z·(2zz − 3xx − 3yy) = 2·C3[3]
	}},
	{"diagonal", [3]float64{1 / math.Sqrt(3), 1 / math.Sqrt(3), 1 / math.Sqrt(3)}, [15]float64{
		-0.2820947917738782, 0.2820947917738782, -0.2820947917738782,
		0.3641828101973599, -0.3641828101973599, 0, -0.3641828101973599, 0,
		-0.2271078836518406, 0.5562984315103789, -0.17591701023519807, -0.287271274768134,
		-0.17591701023519807, 0, 0.2271078836518406,
	}},
	{"-x", [3]float64{-1, 0, 0}, [15]float64{
		0, 0, SHC1,
		0, 0, -0.31539156525252005, 0, 0.5462742152960396, // −xx·C2[2]; C2[4]·xx
		0, 0, 0, 0, -0.4570457994644658, 0, 0.5900435899266435, // C3[4]·x·(−xx) = C3[4]; C3[6]·x·xx = −C3[6]
	}},
}

func TestSHBasis(t *testing.T) {
	for _, c := range shBasisCases {
		var b [15]float64
		got := SHBasis(3, c.dir[0], c.dir[1], c.dir[2], &b)
		if len(got) != 15 {
			t.Fatalf("%s: %d values, want 15", c.name, len(got))
		}
		for k := range got {
			if math.Abs(got[k]-c.want[k]) > 1e-12 {
				t.Errorf("%s: basis[%d] = %v, want %v", c.name, k, got[k], c.want[k])
			}
		}
	}
}

func TestEvalSH(t *testing.T) {
	// One-hot coefficients pick out single basis values; channels get different scales.
	eye := [3]float32{1, 2, 3}
	for _, c := range shBasisCases {
		pos := [3]float32{eye[0] + 2*float32(c.dir[0]), eye[1] + 2*float32(c.dir[1]), eye[2] + 2*float32(c.dir[2])}
		for deg := 0; deg <= 3; deg++ {
			k := SHRestCoeffs(deg)
			for j := 0; j < k; j++ {
				rest := make([]float32, 3*k)
				rest[3*j], rest[3*j+1], rest[3*j+2] = 1, -0.5, 0
				base := [3]float32{0.5, 0.6, 0.7}
				got := EvalSH(deg, base, rest, pos, eye)
				want := [3]float64{0.5 + c.want[j], 0.6 - 0.5*c.want[j], 0.7}
				for ch := 0; ch < 3; ch++ {
					w := max(want[ch], 0)
					if math.Abs(float64(got[ch])-w) > 1e-5 {
						t.Errorf("%s deg %d coeff %d ch %d: %v, want %v", c.name, deg, j, ch, got[ch], w)
					}
				}
			}
		}
	}
}

func TestEvalSHClampAndDegreeCap(t *testing.T) {
	rest := make([]float32, 3*15)
	for i := range rest {
		rest[i] = 0.3
	}
	pos, eye := [3]float32{0, 0, 5}, [3]float32{0, 0, 0} // dir +z
	// Degree 0 ignores rest entirely; negative sums clamp to 0 (the reference's max(result, 0)).
	if got := EvalSH(0, [3]float32{-0.2, 0.25, 1.5}, rest, pos, eye); got != [3]float32{0, 0.25, 1.5} {
		t.Errorf("degree 0: %v", got)
	}
	// Degree 1 along +z: base + C1·rest_1.
	got := EvalSH(1, [3]float32{0.5, 0.5, 0.5}, rest[:9], pos, eye)
	if w := 0.5 + SHC1*0.3; math.Abs(float64(got[0])-w) > 1e-6 {
		t.Errorf("degree 1: %v, want %v", got[0], w)
	}
	// Eye at the centre: no direction, base colour.
	if got := EvalSH(3, [3]float32{0.1, 0.2, 0.3}, rest, eye, eye); got != [3]float32{0.1, 0.2, 0.3} {
		t.Errorf("zero direction: %v", got)
	}
	// RenderBuffers.ColorAt caps the degree at the stored one and reads the right Gaussian.
	s := randomScene(4, 3, 9)
	b := RenderBuffersFromScene(s)
	for i := 0; i < 4; i++ {
		full := b.ColorAt(i, 3, eye)
		want := EvalSH(3, [3]float32{b.Colors[3*i], b.Colors[3*i+1], b.Colors[3*i+2]}, b.SHRest[45*i:45*i+45], s.Position(i), eye)
		if full != want {
			t.Errorf("ColorAt(%d) = %v, want %v", i, full, want)
		}
		if d0 := b.ColorAt(i, 0, eye); d0[0] != max(0, b.Colors[3*i]) {
			t.Errorf("ColorAt(%d, degree 0) = %v, want base %v", i, d0, b.Colors[3*i])
		}
	}
}
