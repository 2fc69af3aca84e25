package gemm

import "golang.org/x/sys/cpu"

// HasAVX2 selects the assembly kernel: it needs AVX2 (256-bit broadcasts) and FMA.
var HasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel4x16 adds X·Wᵀ for 4 rows (x, row stride xsBytes bytes) and 16 outputs (panels w0 and
// w1, n inputs each) into acc (row r: outputs 0..7 at acc[16r:], 8..15 at acc[16r+8:]).
// The caller guarantees every access is in bounds (see tile4x16).
//
//go:noescape
func kernel4x16(x *float32, xsBytes int, w0, w1 *float32, n int, acc *[64]float32)
