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
