//go:build !amd64

package gemm

// HasAVX2 is false off amd64: the pure Go kernel runs.
var HasAVX2 = false

// kernel4x16y is never called off amd64 (HasAVX2 is false).
func kernel4x16y(x *float32, xsBytes int, w0, w1 *float32, n int, y *float32, ysBytes int, bias *float32, flags int) {
	panic("gemm: kernel4x16y without AVX2")
}
