package mpm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randMat returns a random matrix of the given kind: general, near-rotation, inverted,
// rank-deficient or with repeated singular values.
func randMat(rng *rand.Rand, kind int) mat3 {
	var m mat3
	switch kind {
	case 0:
		for i := range m {
			m[i] = rng.NormFloat64()
		}
	case 1, 2: // rotation times near-identity stretch; kind 2 inverts one axis
		q := [4]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		n := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
		r := quatMat(q[0]/n, q[1]/n, q[2]/n, q[3]/n)
		d := [3]float64{1 + 0.1*rng.NormFloat64(), 1 + 0.1*rng.NormFloat64(), 1 + 0.1*rng.NormFloat64()}
		if kind == 2 {
			d[2] = -d[2]
		}
		id := mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}
		m = mulADBt(&r, d, &id)
	case 3: // rank 1
		a := [3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		b := [3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				m[3*i+j] = a[i] * b[j]
			}
		}
	case 4: // identity scaled: all singular values equal
		s := 0.5 + rng.Float64()
		m = mat3{s, 0, 0, 0, s, 0, 0, 0, s}
	}
	return m
}

func isRotation(t *testing.T, what string, r *mat3) {
	t.Helper()
	rrt := mulABt(r, r)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(rrt[3*i+j]-want) > 1e-9 {
				t.Fatalf("%s not orthonormal: %v", what, *r)
			}
		}
	}
	if d := det3(r); math.Abs(d-1) > 1e-9 {
		t.Fatalf("%s det %g, want 1", what, d)
	}
}

func TestSVD3(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for kind := 0; kind < 5; kind++ {
		for trial := 0; trial < 2000; trial++ {
			a := randMat(rng, kind)
			u, s, v := svd3(&a)
			isRotation(t, "U", &u)
			isRotation(t, "V", &v)
			back := mulADBt(&u, s, &v)
			scale := math.Abs(s[0]) + 1e-300
			for i := range a {
				if math.Abs(back[i]-a[i]) > 1e-7*scale {
					t.Fatalf("kind %d: U·Σ·Vᵀ = %v, want %v (Σ %v)", kind, back, a, s)
				}
			}
			if !(s[0] >= s[1]-1e-12*scale && s[1] >= math.Abs(s[2])-1e-12*scale && s[1] >= -1e-12*scale) {
				t.Fatalf("kind %d: singular values %v not sorted / signed", kind, s)
			}
			if d := det3(&a); math.Abs(d) > 1e-12*scale*scale*scale && (d < 0) != (s[2] < 0) {
				t.Fatalf("kind %d: det %g but Σ %v", kind, det3(&a), s)
			}
		}
	}
}

// TestExtractRotation checks the warm-started polar rotation against the SVD's U·Vᵀ, cold
// and warm.
func TestExtractRotation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, kind := range []int{0, 1, 4} {
		for trial := 0; trial < 2000; trial++ {
			a := randMat(rng, kind)
			if det3(&a) <= 0.05 { // the polar rotation is only unique and stable for det > 0
				continue
			}
			want := polar(&a)
			q := [4]float64{1, 0, 0, 0}
			got := extractRotation(&a, &q)
			isRotation(t, "R", &got)
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-5 {
					t.Fatalf("kind %d: rotation %v, want %v (F %v)", kind, got, want, a)
				}
			}
		}
	}
}

// TestSVDWarm: a warm start from any rotation gives the same decomposition, and the
// returned quaternion reproduces v.
func TestSVDWarm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 3000; trial++ {
		a := randMat(rng, trial%5)
		q := [4]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		n := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
		for i := range q {
			q[i] /= n
		}
		u, s, v := svd3Warm(&a, &q)
		back := mulADBt(&u, s, &v)
		for i := range a {
			if math.Abs(back[i]-a[i]) > 1e-7*(math.Abs(s[0])+1e-300) {
				t.Fatalf("warm SVD: U·Σ·Vᵀ = %v, want %v", back, a)
			}
		}
		vq := quatMat(q[0], q[1], q[2], q[3])
		for i := range v {
			if math.Abs(vq[i]-v[i]) > 1e-9 {
				t.Fatalf("quaternion %v gives %v, want v = %v", q, vq, v)
			}
		}
	}
}

// TestCorotatedFast: the one-step warm path agrees with the converged rotation's stress.
func TestCorotatedFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const mu, lambda = 2e4, 3e4
	hits := 0
	for trial := 0; trial < 3000; trial++ {
		f := randMat(rng, 1)
		q := [4]float64{1, 0, 0, 0}
		extractRotation(&f, &q) // converged warm start for f
		// Perturb f slightly, as one substep would.
		for i := range f {
			f[i] += 2e-4 * rng.NormFloat64()
		}
		want := corotatedPolar(&f, ptr(polar(&f)), mu, lambda)
		got, ok := corotatedFast(&f, &q, mu, lambda)
		if !ok {
			continue
		}
		hits++
		for i := range got {
			if math.Abs(float64(got[i]-want[i])) > 1e-4*mu {
				t.Fatalf("fast stress %v, want %v", got, want)
			}
		}
		r := quatMat(q[0], q[1], q[2], q[3])
		pr := polar(&f)
		for i := range r {
			if math.Abs(r[i]-pr[i]) > 1e-6 {
				t.Fatalf("fast rotation %v, want %v", r, pr)
			}
		}
	}
	if hits < 2500 {
		t.Errorf("fast path taken %d of 3000 times", hits)
	}
}

func ptr(m mat3) *mat3 { return &m }
