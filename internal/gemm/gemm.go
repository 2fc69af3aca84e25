// Package gemm is a cache-blocked float32 matrix multiply for MLP Linear layers, shared by the
// neural CSP fields and the splat appearance models.
package gemm

// A cache-blocked float32 matrix multiply for the MLP's Linear layers: for a batch of rows X
// (rows × in, row stride xs) it computes Y = X·Wᵀ + b (rows × out, row stride ys), with W
// packed into panels of 8 outputs whose 8 weights per input are adjacent, so one 256-bit
// load fetches them. On amd64 with AVX2 and FMA an assembly kernel keeps a 4-row × 16-output
// tile of Y in eight YMM registers and, per input, loads two weight vectors and broadcasts
// four inputs for eight fused multiply-adds; elsewhere a pure Go kernel does one row × 8
// outputs (10 live floats, which Go's register allocator keeps out of memory).

const (
	// panel is the number of outputs whose weights are interleaved (one YMM register).
	panel = 8
	// tileRows is the number of batch rows the assembly tile covers.
	tileRows = 4
	// kBlock is the number of inputs per cache block: a pair of panels' block of weights is
	// 16 KiB and stays in L1 while every row of the batch streams by; the batch's block of X
	// (256 rows × 256 inputs = 256 KiB) stays in L2 across panels.
	kBlock = 256
)

// Linear is a Linear layer (y = x·Wᵀ + b) with its weights packed for the kernels.
type Linear struct {
	in, out int
	// w holds np panels (np even, so panels pair up), each in×8:
	// w[(p*in+i)*8+j] = W[8p+j][i] (0 past out).
	w  []float32
	b  []float32 // np·8 biases, zero past out
	np int
}

// Stride returns the row stride of the layer's output: out rounded up to whole panel pairs.
func (l *Linear) Stride() int { return l.np * panel }

// In is the layer's input width.
func (l *Linear) In() int { return l.in }

// Out is the layer's output width.
func (l *Linear) Out() int { return l.out }

// Pack arranges an out×in row-major weight matrix and its biases (out values) into panels.
func Pack(W, b []float32, in, out int) Linear {
	np := (out + 2*panel - 1) / (2 * panel) * 2
	pl := Linear{in: in, out: out, np: np, w: make([]float32, np*in*panel), b: make([]float32, np*panel)}
	for o := 0; o < out; o++ {
		p, j := o/panel, o%panel
		for i := 0; i < in; i++ {
			pl.w[(p*in+i)*panel+j] = W[o*in+i]
		}
	}
	copy(pl.b, b)
	return pl
}

// Forward computes Y = X·Wᵀ + b for rows rows, then ReLU when relu is set. x has row stride
// xs ≥ in, y row stride ys ≥ l.Stride() (the padding columns get zeros). asm selects the
// assembly kernel and must be false unless HasAVX2 (tests turn it off to check the Go kernel).
func (l *Linear) Forward(x []float32, xs int, y []float32, ys int, rows int, relu, asm bool) {
	for k0 := 0; k0 < l.in; k0 += kBlock {
		k1 := min(k0+kBlock, l.in)
		first, last := k0 == 0, k1 == l.in
		for p := 0; p < l.np; p += 2 {
			w0 := l.w[(p*l.in+k0)*panel : (p*l.in+k1)*panel]
			w1 := l.w[((p+1)*l.in+k0)*panel : ((p+1)*l.in+k1)*panel]
			bias := l.b[p*panel : (p+2)*panel]
			r := 0
			if asm && HasAVX2 {
				for ; r+tileRows <= rows; r += tileRows {
					tile4x16(x[r*xs+k0:], xs, k1-k0, w0, w1, y[r*ys+p*panel:], ys, bias, first, last && relu)
				}
			}
			for ; r < rows; r++ {
				xr := x[r*xs+k0 : r*xs+k1]
				yr := y[r*ys+p*panel : r*ys+(p+2)*panel]
				kernel1x8(xr, w0, yr[:panel], bias[:panel], first, last && relu)
				kernel1x8(xr, w1, yr[panel:], bias[panel:], first, last && relu)
			}
		}
	}
}

// tile4x16 runs the assembly kernel on 4 rows × 16 outputs over n inputs, starting from bias
// (first) or from y, and applies ReLU (relu). It checks every bound the kernel relies on.
func tile4x16(x []float32, xs, n int, w0, w1, y []float32, ys int, bias []float32, first, relu bool) {
	_ = x[3*xs+n-1]
	_ = y[3*ys+2*panel-1]
	_ = bias[2*panel-1]
	if len(w0) < n*panel || len(w1) < n*panel {
		panic("gemm: panel too short")
	}
	flags := 0
	if first {
		flags |= 1
	}
	if relu {
		flags |= 2
	}
	kernel4x16y(&x[0], xs*4, &w0[0], &w1[0], n, &y[0], ys*4, &bias[0], flags)
}

// kernel1x8 accumulates one row × 8 outputs over len(x) inputs, starting from bias (first)
// or from y, clamping at 0 when relu is set.
func kernel1x8(x, wp, y, bias []float32, first, relu bool) {
	wp = wp[:len(x)*panel]
	src := bias[:panel]
	if !first {
		src = y[:panel]
	}
	c0, c1, c2, c3, c4, c5, c6, c7 := src[0], src[1], src[2], src[3], src[4], src[5], src[6], src[7]
	for i, a := range x {
		w := wp[i*panel : i*panel+panel : i*panel+panel]
		c0 += a * w[0]
		c1 += a * w[1]
		c2 += a * w[2]
		c3 += a * w[3]
		c4 += a * w[4]
		c5 += a * w[5]
		c6 += a * w[6]
		c7 += a * w[7]
	}
	for j, v := range [panel]float32{c0, c1, c2, c3, c4, c5, c6, c7} {
		if relu && v < 0 {
			v = 0
		}
		y[j] = v
	}
}
