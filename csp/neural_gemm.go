package csp

import "github.com/splatscope/splatscope/internal/gemm"

// The MLP's Linear layers run on the shared cache-blocked float32 GEMM in internal/gemm (an
// AVX2+FMA assembly kernel on amd64, a pure Go kernel elsewhere).

// useAVX2 selects the assembly kernel; tests turn it off to check the pure Go kernel.
var useAVX2 = gemm.HasAVX2

// packedLinear is a Linear layer with its weights packed for gemm.
type packedLinear struct{ gemm.Linear }

// pack arranges an out×in row-major weight matrix and its biases into panels.
func pack(W, b []float32, in, out int) packedLinear {
	return packedLinear{gemm.Pack(W, b, in, out)}
}

// stride returns the row stride of the layer's output: out rounded up to whole panel pairs.
func (l *packedLinear) stride() int { return l.Stride() }

// forward computes Y = X·Wᵀ + b for rows rows, then ReLU when relu is set.
func (l *packedLinear) forward(x []float32, xs int, y []float32, ys int, rows int, relu bool) {
	l.Forward(x, xs, y, ys, rows, relu, useAVX2)
}
