package gaussians

import "math"

// Fast float32-accurate exp for the decode hot loop: math.Exp costs about as much as decoding
// the rest of a Gaussian, and float32 results need only ~1e-7 relative accuracy.

const (
	log2e = 1.4426950408889634 // 1/ln 2: e^x = 2^(x·log2e)
	ln2   = 0.6931471805599453
	// Beyond these e^x overflows float32 to +Inf or underflows to 0.
	expf32Max = 88.72284
	expf32Min = -103.97208
)

// expf returns e^x for float32 x with a relative error below 2e-7 (float32 rounding itself is
// 6e-8): x = (n + f)·ln 2 with integer n and |f| ≤ ½, then 2^f from a degree-7 Taylor polynomial
// of e^(f·ln 2) (truncation error (½·ln 2)^8/8! ≈ 5e-9), scaled by 2^n through the exponent bits.
func expf(x float32) float32 {
	switch {
	case x != x:
		return x
	case x > expf32Max:
		return float32(math.Inf(1))
	case x < expf32Min:
		return 0
	}
	t := float64(x) * log2e
	n := math.Floor(t + 0.5)
	g := (t - n) * ln2 // |g| ≤ ½·ln 2
	p := 1 + g*(1+g*(1.0/2+g*(1.0/6+g*(1.0/24+g*(1.0/120+g*(1.0/720+g*(1.0/5040)))))))
	return float32(p * math.Float64frombits(uint64(int64(n)+1023)<<52))
}

// sigmoidf is 1/(1+e^−x) through expf.
func sigmoidf(x float32) float32 { return 1 / (1 + expf(-x)) }
