package physics

import (
	"math"
	"math/rand"
	"sort"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/mpm"
)

// gridScene returns n×n×n Gaussians spaced h apart from the origin, with random rotations,
// anisotropic scales and degree-3 SH.
func gridScene(n int, h float32, rng *rand.Rand) *gaussians.Scene {
	s := gaussians.NewScene(n*n*n, 3)
	i := 0
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			for c := 0; c < n; c++ {
				s.Positions[3*i], s.Positions[3*i+1], s.Positions[3*i+2] = float32(a)*h, float32(b)*h, float32(c)*h
				for k := 0; k < 3; k++ {
					s.Scales[3*i+k] = logf(h * (0.2 + 0.5*rng.Float32()))
					s.SHDC[3*i+k] = float32(rng.NormFloat64())
				}
				for k := 0; k < 4; k++ {
					s.Rotations[4*i+k] = float32(rng.NormFloat64())
				}
				s.Opacities[i] = 2
				i++
			}
		}
	}
	for k := range s.SHRest {
		s.SHRest[k] = float32(rng.NormFloat64()) * 0.3
	}
	return s
}

func jelly() Assignment {
	return Assignment{Materials: []mpm.Material{mpm.Presets["jelly"]}, Names: []string{"jelly"}}
}

// setF sets every particle's deformation gradient (sim frame, row-major) and, with move,
// its position, then refreshes the world-frame copies.
func setF(s *Sim, f m3, move func(x []float32)) {
	p := s.Solver.P
	for i := 0; i < p.Len(); i++ {
		for k := 0; k < 9; k++ {
			p.F[9*i+k] = float32(f[k])
		}
		if move != nil {
			move(p.X[3*i : 3*i+3])
		}
	}
	s.sync()
}

func randRot(rng *rand.Rand) m3 {
	q := [4]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
	n := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
	return quatToMat(q[0]/n, q[1]/n, q[2]/n, q[3]/n)
}

// covOf returns Gaussian i's covariance (row-major) from a scene's stored scale and rotation.
func covOf(s *gaussians.Scene, i int) m3 {
	c := gaussians.Covariance3D(s.Scale(i), s.Rotation(i)) // xx xy xz yy yz zz
	return m3{c[0], c[1], c[2], c[1], c[3], c[4], c[2], c[4], c[5]}
}

func sortedScales(s *gaussians.Scene, i int) []float64 {
	sc := s.Scale(i)
	v := []float64{float64(sc[0]), float64(sc[1]), float64(sc[2])}
	sort.Float64s(v)
	return v
}

func TestAttachedGaussianUnderRotationAndStretch(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	rot := randRot(rng)
	cases := []struct {
		name string
		up   Up
		f    m3 // world frame
	}{
		{"rotation", UpY, rot},
		{"rotation, -y up", UpNegY, rot},
		{"rotation, -z up", UpNegZ, rot},
		{"stretch x2", UpY, m3{2, 0, 0, 0, 1, 0, 0, 0, 1}},
		{"shear", UpZ, m3{1, 0.4, 0, 0, 1, 0, 0, 0.2, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := gridScene(3, 0.1, rng)
			sim, err := New(s, jelly(), Options{Up: c.up, Dx: 0.2, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if sim.FromGaussians != s.N || sim.Followers != 0 {
				t.Fatalf("%d particles, %d followers; want every Gaussian a particle", sim.FromGaussians, sim.Followers)
			}
			// The solver frame is Q·world: F_sim = Q·F·Q.
			var fs m3
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					fs[3*i+j] = float64(sim.fr.q[i]*sim.fr.q[j]) * c.f[3*i+j]
				}
			}
			setF(sim, fs, nil)
			out := sim.Clone()
			if err := sim.Deform(out); err != nil {
				t.Fatal(err)
			}
			isRot := math.Abs(det(&c.f)-1) < 1e-9 && c.f == rot
			for i := 0; i < s.N; i++ {
				// Covariance: F Σ₀ Fᵀ.
				s0 := covOf(s, i)
				t1 := mul(&c.f, &s0)
				var want m3
				for a := 0; a < 3; a++ {
					for b := 0; b < 3; b++ {
						want[3*a+b] = t1[3*a]*c.f[3*b] + t1[3*a+1]*c.f[3*b+1] + t1[3*a+2]*c.f[3*b+2]
					}
				}
				got := covOf(out, i)
				for k := range got {
					if math.Abs(got[k]-want[k]) > 1e-4*math.Abs(want[0]+want[4]+want[8]) {
						t.Fatalf("Gaussian %d: covariance %v, want %v", i, got, want)
					}
				}
				if out.Position(i) != s.Position(i) {
					t.Fatalf("Gaussian %d moved from %v to %v without its particle moving", i, s.Position(i), out.Position(i))
				}
				if isRot {
					// Shape kept: same scales; colour seen from R·d equals the rest colour from d.
					a, b := sortedScales(s, i), sortedScales(out, i)
					for k := range a {
						if math.Abs(a[k]-b[k]) > 1e-5*a[2] {
							t.Fatalf("Gaussian %d: scales %v became %v under a rotation", i, a, b)
						}
					}
					k3 := 45
					pos := s.Position(i)
					for trial := 0; trial < 5; trial++ {
						d := [3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
						rd := [3]float64{rot[0]*d[0] + rot[1]*d[1] + rot[2]*d[2], rot[3]*d[0] + rot[4]*d[1] + rot[5]*d[2], rot[6]*d[0] + rot[7]*d[1] + rot[8]*d[2]}
						eye := func(d [3]float64) [3]float32 {
							return [3]float32{pos[0] - float32(d[0]), pos[1] - float32(d[1]), pos[2] - float32(d[2])}
						}
						base := s.Color(i)
						want := gaussians.EvalSH(3, base, s.SHRest[k3*i:k3*i+k3], pos, eye(d))
						have := gaussians.EvalSH(3, base, out.SHRest[k3*i:k3*i+k3], pos, eye(rd))
						for ch := 0; ch < 3; ch++ {
							if math.Abs(float64(have[ch]-want[ch])) > 1e-4 {
								t.Fatalf("Gaussian %d: colour from R·d %v, rest colour from d %v", i, have, want)
							}
						}
					}
				}
			}
			if c.name == "stretch x2" {
				// An axis-aligned Gaussian's x scale doubles.
				ax := gaussians.NewScene(1, 0)
				ax.Scales[0], ax.Scales[1], ax.Scales[2] = logf(0.01), logf(0.02), logf(0.03)
				ax.Opacities[0] = 2
				sim, err := New(ax, jelly(), Options{Workers: 1})
				if err != nil {
					t.Fatal(err)
				}
				setF(sim, c.f, nil)
				o := sim.Clone()
				if err := sim.Deform(o); err != nil {
					t.Fatal(err)
				}
				cov := covOf(o, 0)
				if math.Abs(math.Sqrt(cov[0])-0.02) > 1e-6 || math.Abs(math.Sqrt(cov[4])-0.02) > 1e-6 || math.Abs(math.Sqrt(cov[8])-0.03) > 1e-6 {
					t.Fatalf("stretched axis-aligned Gaussian: σx σy σz = %.5f %.5f %.5f, want 0.02 0.02 0.03",
						math.Sqrt(cov[0]), math.Sqrt(cov[4]), math.Sqrt(cov[8]))
				}
			}
		})
	}
}

func TestFollowersMoveWithParticles(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	s := gridScene(12, 0.01, rng)
	// One transparent floater a metre away.
	s.Positions[3*(s.N-1)] = 1
	s.Opacities[s.N-1] = -10
	rot := randRot(rng)
	centre := [3]float32{0.05, 0.05, 0.05}
	cases := []struct {
		name string
		f    m3
		move func(x []float32)
		want func(p [3]float32) [3]float32
	}{
		{"translation", m3{1, 0, 0, 0, 1, 0, 0, 0, 1},
			func(x []float32) { x[0] += 0.3; x[1] -= 0.1; x[2] += 0.05 },
			func(p [3]float32) [3]float32 { return [3]float32{p[0] + 0.3, p[1] - 0.1, p[2] + 0.05} }},
		{"rotation about the centre", rot,
			func(x []float32) {
				r := rotate(rot, [3]float32{x[0] - centre[0], x[1] - centre[1], x[2] - centre[2]})
				x[0], x[1], x[2] = r[0]+centre[0], r[1]+centre[1], r[2]+centre[2]
			},
			func(p [3]float32) [3]float32 {
				r := rotate(rot, [3]float32{p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]})
				return [3]float32{r[0] + centre[0], r[1] + centre[1], r[2] + centre[2]}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Few particles: most Gaussians follow.
			sim, err := New(s, jelly(), Options{MaxParticles: 200, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if sim.FromGaussians > 200 || sim.Followers < s.N/2 {
				t.Fatalf("%d particles, %d followers of %d: want at most 200 particles", sim.FromGaussians, sim.Followers, s.N)
			}
			setF(sim, c.f, c.move)
			out := sim.Clone()
			if err := sim.Deform(out); err != nil {
				t.Fatal(err)
			}
			// The floater keeps its offset unrotated: it moves by the mean displacement, no swing.
			fl := out.Position(s.N - 1)
			if d := math.Abs(float64(fl[0]) - 1); c.name == "rotation about the centre" && d > 0.2 {
				t.Fatalf("floater swung from x = 1 to %v", fl)
			}
			for i := 0; i < s.N; i++ {
				if i == s.N-1 {
					// The floater far from the grid moves with the particles' displacement only.
					continue
				}
				want, got := c.want(s.Position(i)), out.Position(i)
				for a := 0; a < 3; a++ {
					if math.Abs(float64(got[a]-want[a])) > 1e-5 {
						t.Fatalf("Gaussian %d at %v went to %v, want %v", i, s.Position(i), got, want)
					}
				}
			}
		})
	}
}

func rotate(r m3, v [3]float32) [3]float32 {
	return [3]float32{
		float32(r[0])*v[0] + float32(r[1])*v[1] + float32(r[2])*v[2],
		float32(r[3])*v[0] + float32(r[4])*v[1] + float32(r[5])*v[2],
		float32(r[6])*v[0] + float32(r[7])*v[1] + float32(r[8])*v[2],
	}
}

func BenchmarkDeform1M(b *testing.B) {
	rng := rand.New(rand.NewSource(3))
	s := gridScene(100, 0.001, rng) // 1M Gaussians, SH degree 3
	sim, err := New(s, jelly(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	setF(sim, m3{1.1, 0.1, 0, 0, 0.95, 0.05, 0, 0, 1}, nil)
	out := sim.Clone()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := sim.Deform(out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(s.N), "ns/Gaussian")
}
