package csp

// A cache-blocked float32 matrix multiply for the MLP's Linear layers: for a batch of rows X
// (rows × in, row stride xs) it computes Y = X·Wᵀ + b (rows × out, row stride ys), with W
// packed into panels of 4 outputs whose 4 weights per input are adjacent. The kernel keeps a
// 4×4 tile of Y in registers (16 accumulators) and walks a block of kBlock inputs, reading 4
// inputs of X and 4 packed weights per step for 16 multiply-adds.

const (
	// panel is the number of outputs whose weights are interleaved (the tile's width).
	panel = 4
	// tileRows is the number of batch rows a tile covers.
	tileRows = 4
	// kBlock is the number of inputs per cache block: a panel's block of weights is 4 KiB and
	// stays in L1 while every row of the batch streams by; the batch's block of X (256 rows ×
	// 256 inputs = 256 KiB) stays in L2 across panels.
	kBlock = 256
)

// packedLinear is a Linear layer with its weights packed for gemm.
type packedLinear struct {
	in, out int
	// w holds ceil(out/4) panels, each in×4: w[(p*in+i)*4+j] = W[4p+j][i] (0 past out).
	w []float32
	b []float32 // out biases, padded with zeros to a multiple of 4
}

// pack arranges an out×in row-major weight matrix and its biases into panels.
func pack(W, b []float32, in, out int) packedLinear {
	np := (out + panel - 1) / panel
	pl := packedLinear{in: in, out: out, w: make([]float32, np*in*panel), b: make([]float32, np*panel)}
	for o := 0; o < out; o++ {
		p, j := o/panel, o%panel
		for i := 0; i < in; i++ {
			pl.w[(p*in+i)*panel+j] = W[o*in+i]
		}
	}
	copy(pl.b, b)
	return pl
}

// forward computes Y = X·Wᵀ + b for rows rows, then ReLU when relu is set. x has row stride
// xs ≥ in, y row stride ys ≥ the out rounded up to 4 (the padding columns get zeros).
func (l *packedLinear) forward(x []float32, xs int, y []float32, ys int, rows int, relu bool) {
	np := (l.out + panel - 1) / panel
	for k0 := 0; k0 < l.in; k0 += kBlock {
		k1 := min(k0+kBlock, l.in)
		first, last := k0 == 0, k1 == l.in
		for p := 0; p < np; p++ {
			wp := l.w[(p*l.in+k0)*panel : (p*l.in+k1)*panel]
			var bias [panel]float32
			if first {
				copy(bias[:], l.b[p*panel:])
			}
			r := 0
			for ; r+tileRows <= rows; r += tileRows {
				kernel4x4(x[r*xs+k0:], xs, wp, y[r*ys+p*panel:], ys, bias, first, last && relu)
			}
			for ; r < rows; r++ {
				kernel1x4(x[r*xs+k0:r*xs+k1], wp, y[r*ys+p*panel:r*ys+p*panel+panel], bias, first, last && relu)
			}
		}
	}
}

// kernel4x4 accumulates a 4-row × 4-output tile over len(wp)/4 inputs. With first set the
// tile starts from bias, otherwise from what y holds; with relu set it is clamped at 0.
func kernel4x4(x []float32, xs int, wp []float32, y []float32, ys int, bias [panel]float32, first, relu bool) {
	n := len(wp) / panel
	x0, x1, x2, x3 := x[:n], x[xs:xs+n], x[2*xs:2*xs+n], x[3*xs:3*xs+n]
	y0, y1, y2, y3 := y[:4:4], y[ys:ys+4:ys+4], y[2*ys:2*ys+4:2*ys+4], y[3*ys:3*ys+4:3*ys+4]
	var c [4][4]float32
	if first {
		c = [4][4]float32{bias, bias, bias, bias}
	} else {
		c = [4][4]float32{[4]float32(y0), [4]float32(y1), [4]float32(y2), [4]float32(y3)}
	}
	c00, c01, c02, c03 := c[0][0], c[0][1], c[0][2], c[0][3]
	c10, c11, c12, c13 := c[1][0], c[1][1], c[1][2], c[1][3]
	c20, c21, c22, c23 := c[2][0], c[2][1], c[2][2], c[2][3]
	c30, c31, c32, c33 := c[3][0], c[3][1], c[3][2], c[3][3]
	for i := 0; i < n; i++ {
		w := wp[i*4 : i*4+4 : i*4+4]
		w0, w1, w2, w3 := w[0], w[1], w[2], w[3]
		a := x0[i]
		c00 += a * w0
		c01 += a * w1
		c02 += a * w2
		c03 += a * w3
		a = x1[i]
		c10 += a * w0
		c11 += a * w1
		c12 += a * w2
		c13 += a * w3
		a = x2[i]
		c20 += a * w0
		c21 += a * w1
		c22 += a * w2
		c23 += a * w3
		a = x3[i]
		c30 += a * w0
		c31 += a * w1
		c32 += a * w2
		c33 += a * w3
	}
	c = [4][4]float32{{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23}, {c30, c31, c32, c33}}
	for r, yr := range [4][]float32{y0, y1, y2, y3} {
		for j := range 4 {
			v := c[r][j]
			if relu && v < 0 { // NaN passes through, as torch.relu lets it
				v = 0
			}
			yr[j] = v
		}
	}
}

// kernel1x4 is kernel4x4 for a single leftover row.
func kernel1x4(x, wp, y []float32, bias [panel]float32, first, relu bool) {
	c := bias
	if !first {
		c = [4]float32(y)
	}
	for i, a := range x {
		w := wp[i*4 : i*4+4 : i*4+4]
		c[0] += a * w[0]
		c[1] += a * w[1]
		c[2] += a * w[2]
		c[3] += a * w[3]
	}
	for j := range 4 {
		if relu && c[j] < 0 {
			c[j] = 0
		}
		y[j] = c[j]
	}
}
