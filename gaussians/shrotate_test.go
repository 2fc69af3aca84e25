package gaussians

import (
	"math"
	"math/rand"
	"testing"
)

// randRotation returns a uniformly random rotation (from a random unit quaternion), row-major.
func randRotation(rng *rand.Rand) [3][3]float64 {
	var q [4]float64
	n := 0.0
	for n < 1e-6 {
		for i := range q {
			q[i] = rng.NormFloat64()
		}
		n = math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
	}
	w, x, y, z := q[0]/n, q[1]/n, q[2]/n, q[3]/n
	return [3][3]float64{
		{1 - 2*(y*y+z*z), 2 * (x*y - w*z), 2 * (x*z + w*y)},
		{2 * (x*y + w*z), 1 - 2*(x*x+z*z), 2 * (y*z - w*x)},
		{2 * (x*z - w*y), 2 * (y*z + w*x), 1 - 2*(x*x+y*y)},
	}
}

func mulMat(a, b [3][3]float64) (c [3][3]float64) {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

func mulVec(r [3][3]float64, d [3]float64) [3]float64 {
	return [3]float64{
		r[0][0]*d[0] + r[0][1]*d[1] + r[0][2]*d[2],
		r[1][0]*d[0] + r[1][1]*d[1] + r[1][2]*d[2],
		r[2][0]*d[0] + r[2][1]*d[1] + r[2][2]*d[2],
	}
}

// evalRest is Σ_k basis_k(d)·rest_k per channel (the view-dependent part of the colour).
func evalRest(degree int, rest []float32, d [3]float64) [3]float64 {
	var b [15]float64
	var c [3]float64
	for k, v := range SHBasis(degree, d[0], d[1], d[2], &b) {
		for ch := 0; ch < 3; ch++ {
			c[ch] += v * float64(rest[3*k+ch])
		}
	}
	return c
}

func randUnit(rng *rand.Rand) [3]float64 {
	for {
		d := [3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		if n := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2]); n > 1e-6 {
			return [3]float64{d[0] / n, d[1] / n, d[2] / n}
		}
	}
}

func TestSHRotationMatchesRotatedEvaluation(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, deg := range []int{1, 2, 3} {
		for trial := 0; trial < 50; trial++ {
			k := SHRestCoeffs(deg)
			rest := make([]float32, 3*k)
			for i := range rest {
				rest[i] = float32(rng.NormFloat64())
			}
			r := randRotation(rng)
			rot := NewSHRotation(r, deg)
			got := append([]float32(nil), rest...)
			rot.Apply(got, deg)
			for j := 0; j < 20; j++ {
				d := randUnit(rng)
				want := evalRest(deg, rest, d)
				have := evalRest(deg, got, mulVec(r, d))
				for ch := 0; ch < 3; ch++ {
					if math.Abs(have[ch]-want[ch]) > 1e-5 {
						t.Fatalf("degree %d trial %d: f'(R·d) = %v, f(d) = %v", deg, trial, have, want)
					}
				}
			}
		}
	}
}

func TestSHRotationIdentityAndComposition(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	id := [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	rest := make([]float32, 45)
	for i := range rest {
		rest[i] = float32(rng.NormFloat64())
	}
	cases := []struct {
		name   string
		r1, r2 [3][3]float64
	}{
		{"identity", id, id},
		{"random then identity", randRotation(rng), id},
		{"two random", randRotation(rng), randRotation(rng)},
		{"half turn about y", [3][3]float64{{-1, 0, 0}, {0, 1, 0}, {0, 0, -1}}, randRotation(rng)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Rotating by r1 then r2 equals rotating once by r2·r1.
			twice := append([]float32(nil), rest...)
			a, b := NewSHRotation(c.r1, 3), NewSHRotation(c.r2, 3)
			a.Apply(twice, 3)
			b.Apply(twice, 3)
			once := append([]float32(nil), rest...)
			ab := NewSHRotation(mulMat(c.r2, c.r1), 3)
			ab.Apply(once, 3)
			for i := range once {
				if math.Abs(float64(once[i]-twice[i])) > 1e-5 {
					t.Fatalf("coefficient %d: composed %g, sequential %g", i, once[i], twice[i])
				}
			}
			if c.r1 == id && c.r2 == id {
				for i := range once {
					if once[i] != rest[i] {
						t.Fatalf("identity changed coefficient %d: %g -> %g", i, rest[i], once[i])
					}
				}
			}
		})
	}
}

func TestRotateSHLowerDegreesAndScene(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	r := randRotation(rng)
	for _, deg := range []int{0, 1, 2, 3} {
		s := NewScene(2, deg)
		for i := range s.SHRest {
			s.SHRest[i] = float32(rng.NormFloat64())
		}
		orig := append([]float32(nil), s.SHRest...)
		RotateSH(s, r)
		k3 := 3 * SHRestCoeffs(deg)
		for i := 0; i < s.N && deg > 0; i++ {
			d := randUnit(rng)
			want := evalRest(deg, orig[k3*i:k3*i+k3], d)
			have := evalRest(deg, s.SHRest[k3*i:k3*i+k3], mulVec(r, d))
			for ch := 0; ch < 3; ch++ {
				if math.Abs(have[ch]-want[ch]) > 1e-5 {
					t.Fatalf("degree %d Gaussian %d: %v vs %v", deg, i, have, want)
				}
			}
		}
	}
}

func BenchmarkSHRotation(b *testing.B) {
	rng := rand.New(rand.NewSource(4))
	r := randRotation(rng)
	rest := make([]float32, 45)
	for i := range rest {
		rest[i] = float32(rng.NormFloat64())
	}
	var rot SHRotation
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rot.Set(r, 3)
		rot.Apply(rest, 3)
	}
}
