package gemm

import "golang.org/x/sys/cpu"

// HasAVX2 selects the assembly kernel: it needs AVX2 (256-bit broadcasts) and FMA.
var HasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel4x16y adds X·Wᵀ for 4 rows (x, row stride xsBytes bytes) and 16 outputs (panels w0 and
// w1, n inputs each) to a start read from bias (flags&1) or y, and writes the tile
// straight into y's 4 rows (row stride ysBytes bytes), applying ReLU when flags&2.
// The caller guarantees every access is in bounds (see tile4x16).
//
//go:noescape
func kernel4x16y(x *float32, xsBytes int, w0, w1 *float32, n int, y *float32, ysBytes int, bias *float32, flags int)
