//go:build !amd64

package gemm

// HasAVX2 is false off amd64: the pure Go kernel runs.
var HasAVX2 = false

// kernel4x16 is never called off amd64 (HasAVX2 is false).
func kernel4x16(x *float32, xsBytes int, w0, w1 *float32, n int, acc *[64]float32) {
	panic("gemm: kernel4x16 without AVX2")
}
