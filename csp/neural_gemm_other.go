//go:build !amd64

package csp

// useAVX2 is false off amd64: the pure Go kernel runs.
var useAVX2 = false

// kernel4x16 is never called off amd64 (useAVX2 is false).
func kernel4x16(x *float32, xsBytes int, w0, w1 *float32, n int, acc *[64]float32) {
	panic("csp: kernel4x16 without AVX2")
}
