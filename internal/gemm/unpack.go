package gemm

// Unpack returns the layer's weights as the out×in row-major matrix Pack was given, and its
// out biases (GPU evaluators upload them unpacked).
func (l *Linear) Unpack() (W, b []float32) {
	W = make([]float32, l.out*l.in)
	for o := 0; o < l.out; o++ {
		p, j := o/panel, o%panel
		for i := 0; i < l.in; i++ {
			W[o*l.in+i] = l.w[(p*l.in+i)*panel+j]
		}
	}
	return W, append([]float32(nil), l.b[:l.out]...)
}
