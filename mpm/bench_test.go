package mpm

import (
	"fmt"
	"runtime"
	"testing"
)

// benchSolver builds the benchmark scene: a 32³-cell jelly block at 2×2×2 particles per
// cell (262,144 particles) falling in a domain whose grid is 64³ nodes (57 cells + padding).
func benchSolver(b *testing.B, workers int) *Solver {
	const dx = 1.0 / 64
	pos := block([3]float32{12 * dx, 12 * dx, 12 * dx}, [3]float32{44 * dx, 44 * dx, 44 * dx}, dx, 2)
	s, err := FromPoints(pos, nil, []Material{Presets["jelly"]}, Options{
		Domain: cube(57 * dx), Dx: dx, Gravity: [3]float32{0, -9.8, 0}, Workers: workers,
	})
	if err != nil {
		b.Fatal(err)
	}
	if s.P.Len() != 262144 || s.GridSize() != [3]int{64, 64, 64} {
		b.Fatalf("benchmark scene has %d particles on a %v grid", s.P.Len(), s.GridSize())
	}
	return s
}

// BenchmarkStep262k measures ns per particle-substep (fixed-corotated jelly), on one
// worker and on all cores.
func BenchmarkStep262k(b *testing.B) {
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			s := benchSolver(b, w)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Step(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(s.P.Len()), "ns/particle-step")
		})
	}
}

// BenchmarkConstituteJelly: the warm fixed-corotated stress update of one particle.
func BenchmarkConstituteJelly(b *testing.B) {
	p := newMatParams(Presets["jelly"])
	f0 := mat3{1.01, 0.002, 0.001, -0.003, 0.99, 0.002, 0.001, 0.0005, 1.002}
	rot := []float32{1, 0, 0, 0}
	var jp, hard float32 = 1, 1
	tau := make([]float32, 6)
	q := [4]float64{1, 0, 0, 0}
	extractRotation(&f0, &q)
	for i := 0; i < b.N; i++ {
		f := f0
		f[1] += float64(i&7) * 1e-5
		constitute(&p, &f, &jp, rot, tau, &hard)
	}
}

// BenchmarkRotation: warm-started polar rotation extraction.
func BenchmarkRotation(b *testing.B) {
	f0 := mat3{1.01, 0.002, 0.001, -0.003, 0.99, 0.002, 0.001, 0.0005, 1.002}
	q := [4]float64{1, 0, 0, 0}
	extractRotation(&f0, &q)
	for i := 0; i < b.N; i++ {
		f := f0
		f[1] += float64(i&7) * 1e-5
		extractRotation(&f, &q)
	}
}

// BenchmarkSVDWarm: warm-started 3×3 SVD (von Mises, Drucker-Prager, snow).
func BenchmarkSVDWarm(b *testing.B) {
	f0 := mat3{1.01, 0.002, 0.001, -0.003, 0.99, 0.002, 0.001, 0.0005, 1.002}
	q := [4]float64{1, 0, 0, 0}
	svd3Warm(&f0, &q)
	for i := 0; i < b.N; i++ {
		f := f0
		f[1] += float64(i&7) * 1e-5
		svd3Warm(&f, &q)
	}
}
