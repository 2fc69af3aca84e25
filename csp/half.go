package csp

import (
	"math"

	"github.com/splatscope/splatscope/safetensors"
)

// FloatToHalf converts f to an IEEE 754 binary16, rounding to nearest even; values beyond
// the half range become ±Inf, NaN stays NaN (quiet), tiny values become subnormals or ±0.
func FloatToHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23) & 0xff
	man := b & 0x7fffff
	if exp == 0xff { // Inf or NaN
		if man != 0 {
			return sign | 0x7e00
		}
		return sign | 0x7c00
	}
	e := exp - 127 + 15 // rebias from float32 (127) to half (15)
	if e >= 0x1f {
		return sign | 0x7c00 // overflow
	}
	if e <= 0 {
		// Subnormal half (or zero): shift the mantissa with its implicit bit into place.
		if e < -10 {
			return sign // below half the smallest subnormal: rounds to zero
		}
		m := man | 0x800000
		shift := uint(14 - e) // 13 bits of mantissa width difference + 1 − e
		h := m >> shift
		rem := m & (1<<shift - 1)
		halfway := uint32(1) << (shift - 1)
		if rem > halfway || rem == halfway && h&1 == 1 {
			h++ // may carry into the smallest normal, which is the right answer
		}
		return sign | uint16(h)
	}
	h := uint32(e)<<10 | man>>13
	rem := man & 0x1fff
	if rem > 0x1000 || rem == 0x1000 && h&1 == 1 {
		h++ // a carry into the exponent is correct, and reaches Inf exactly at overflow
	}
	return sign | uint16(h)
}

// HalfToFloat converts an IEEE 754 binary16 to float32 (exactly).
func HalfToFloat(h uint16) float32 { return safetensors.HalfToFloat(h) }
