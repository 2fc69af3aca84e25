package gemm

import (
	"math"
	"math/rand"
	"testing"
)

// TestForwardMatchesNaive checks both kernels against a direct float64 product over widths
// that cover partial panels, partial tiles and more than one input block.
func TestForwardMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, tc := range []struct{ rows, in, out int }{
		{1, 1, 1}, {5, 3, 7}, {7, 16, 16}, {33, 59, 128}, {256, 64, 48}, {9, 300, 20},
	} {
		W := make([]float32, tc.in*tc.out)
		b := make([]float32, tc.out)
		x := make([]float32, tc.rows*tc.in)
		for _, s := range [][]float32{W, b, x} {
			for i := range s {
				s[i] = float32(rng.NormFloat64())
			}
		}
		l := Pack(W, b, tc.in, tc.out)
		if l.In() != tc.in || l.Out() != tc.out || l.Stride() < tc.out || l.Stride()%16 != 0 {
			t.Fatalf("%+v: in %d out %d stride %d", tc, l.In(), l.Out(), l.Stride())
		}
		for _, asm := range []bool{true, false} {
			for _, relu := range []bool{false, true} {
				y := make([]float32, tc.rows*l.Stride())
				l.Forward(x, tc.in, y, l.Stride(), tc.rows, relu, asm)
				for r := 0; r < tc.rows; r++ {
					for o := 0; o < tc.out; o++ {
						want := float64(b[o])
						for i := 0; i < tc.in; i++ {
							want += float64(x[r*tc.in+i]) * float64(W[o*tc.in+i])
						}
						if relu && want < 0 {
							want = 0
						}
						got := float64(y[r*l.Stride()+o])
						if math.Abs(got-want) > 1e-4*(1+math.Abs(want))*math.Sqrt(float64(tc.in)) {
							t.Fatalf("%+v asm %v relu %v: y[%d][%d] = %v, want %v", tc, asm, relu, r, o, got, want)
						}
					}
				}
			}
		}
	}
}

// BenchmarkForward64 times one 64→64 layer over a batch of 256 rows.
func BenchmarkForward64(b *testing.B) {
	W := make([]float32, 64*64)
	x := make([]float32, 256*64)
	l := Pack(W, make([]float32, 64), 64, 64)
	y := make([]float32, 256*l.Stride())
	for b.Loop() {
		l.Forward(x, 64, y, l.Stride(), 256, true, true)
	}
}

// TestReLUKeepsNaN checks both kernels pass a NaN through ReLU, as torch.relu does.
func TestReLUKeepsNaN(t *testing.T) {
	l := Pack(make([]float32, 16*4), make([]float32, 16), 4, 16)
	x := make([]float32, 4*4)
	x[5] = float32(math.NaN()) // row 1
	for _, asm := range []bool{true, false} {
		y := make([]float32, 4*l.Stride())
		l.Forward(x, 4, y, l.Stride(), 4, true, asm)
		if !math.IsNaN(float64(y[l.Stride()])) || y[0] != 0 {
			t.Fatalf("asm %v: row 0 %v, row 1 %v", asm, y[0], y[l.Stride()])
		}
	}
}
