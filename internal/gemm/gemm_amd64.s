#include "textflag.h"

// func kernel4x16y(x *float32, xsBytes int, w0, w1 *float32, n int, y *float32, ysBytes int, bias *float32, flags int)
// Y0..Y7 hold the 4×16 tile: Y(2r) row r outputs 0..7, Y(2r+1) row r outputs 8..15. The tile
// starts from bias (flags&1) or from the 4 rows of y, and is stored straight into y, clamped
// at 0 when flags&2 (VMAXPS with the tile as its second source keeps a NaN, as torch.relu does).
// R15 is left alone (the linker may use it for dynamic linking).
TEXT ·kernel4x16y(SB), NOSPLIT, $0-72
	MOVQ x+0(FP), SI
	MOVQ xsBytes+8(FP), DX
	MOVQ w0+16(FP), AX
	MOVQ w1+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ y+40(FP), DI
	MOVQ ysBytes+48(FP), R11
	MOVQ bias+56(FP), R12
	MOVQ flags+64(FP), R13
	LEAQ (SI)(DX*1), R8
	LEAQ (R8)(DX*1), R9
	LEAQ (R9)(DX*1), R10
	VMOVUPS 0(R12), Y0
	VMOVUPS 32(R12), Y1
	LEAQ (DI)(R11*1), R14
	LEAQ (R14)(R11*1), R12
	LEAQ (R12)(R11*1), DX
	TESTQ $1, R13
	JEQ fromy
	VMOVAPS Y0, Y2
	VMOVAPS Y1, Y3
	VMOVAPS Y0, Y4
	VMOVAPS Y1, Y5
	VMOVAPS Y0, Y6
	VMOVAPS Y1, Y7
	JMP start

fromy:
	VMOVUPS 0(DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 0(R14), Y2
	VMOVUPS 32(R14), Y3
	VMOVUPS 0(R12), Y4
	VMOVUPS 32(R12), Y5
	VMOVUPS 0(DX), Y6
	VMOVUPS 32(DX), Y7

start:
	TESTQ CX, CX
	JEQ store

loopy:
	VMOVUPS (AX), Y8
	VMOVUPS (BX), Y9
	VBROADCASTSS (SI), Y10
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y9, Y10, Y1
	VBROADCASTSS (R8), Y11
	VFMADD231PS Y8, Y11, Y2
	VFMADD231PS Y9, Y11, Y3
	VBROADCASTSS (R9), Y12
	VFMADD231PS Y8, Y12, Y4
	VFMADD231PS Y9, Y12, Y5
	VBROADCASTSS (R10), Y13
	VFMADD231PS Y8, Y13, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ $32, AX
	ADDQ $32, BX
	ADDQ $4, SI
	ADDQ $4, R8
	ADDQ $4, R9
	ADDQ $4, R10
	DECQ CX
	JNZ loopy

store:
	TESTQ $2, R13
	JEQ write
	VXORPS Y14, Y14, Y14
	VMAXPS Y0, Y14, Y0
	VMAXPS Y1, Y14, Y1
	VMAXPS Y2, Y14, Y2
	VMAXPS Y3, Y14, Y3
	VMAXPS Y4, Y14, Y4
	VMAXPS Y5, Y14, Y5
	VMAXPS Y6, Y14, Y6
	VMAXPS Y7, Y14, Y7

write:
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 0(R14)
	VMOVUPS Y3, 32(R14)
	VMOVUPS Y4, 0(R12)
	VMOVUPS Y5, 32(R12)
	VMOVUPS Y6, 0(DX)
	VMOVUPS Y7, 32(DX)
	VZEROUPPER
	RET
