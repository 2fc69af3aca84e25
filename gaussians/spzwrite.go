package gaussians

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// spzDefaultFracBits is the reference writer's 12 fractional bits (~0.25 mm at metre scale);
// WriteSPZ lowers it only when a coordinate would not fit in 24 bits.
const spzDefaultFracBits = 12

// SH quantisation of the reference writer: degree-1 coefficients keep 5 bits, higher ones 4, by
// snapping the 8-bit value to buckets of 2^(8−bits).
const (
	spzSH1Bits  = 5
	spzSHRest   = 4
	spzSH1Coefs = 3 // coefficients of degree 1
)

// WriteSPZ writes s as a Niantic SPZ of the given version: 3 (gzip, the widest supported) or 4
// (header, table of contents, zstd streams). Extra properties are not stored in SPZ.
func WriteSPZ(w io.Writer, s *Scene, version int) error {
	if err := s.Check(); err != nil {
		return err
	}
	if version != 3 && version != 4 {
		return fmt.Errorf("SPZ version %d cannot be written (want 3 or 4)", version)
	}
	if s.N > math.MaxUint32 {
		return fmt.Errorf("%d Gaussians do not fit in an SPZ header", s.N)
	}
	fb := spzFracBits(s)
	arrays := packSPZ(s, fb)
	flags := byte(0)
	if s.Antialiased {
		flags |= spzFlagAntialiased
	}
	if version == 3 {
		var hdr [16]byte
		putSPZHeader(hdr[:], 3, s, fb, flags)
		zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
		if err != nil {
			return err
		}
		if _, err := zw.Write(hdr[:]); err != nil {
			return err
		}
		for _, a := range arrays {
			if _, err := zw.Write(a); err != nil {
				return err
			}
		}
		return zw.Close()
	}
	if s.SHDegree == 0 {
		arrays = arrays[:5] // v4 has no SH stream at degree 0
	}
	comp := make([][]byte, len(arrays))
	errs := make([]error, len(arrays))
	var wg sync.WaitGroup
	for i, a := range arrays {
		wg.Add(1)
		go func() { // independent streams compress in parallel
			defer wg.Done()
			// "Better" rather than "best": on the biker scene best saves 2% more for 3× the time.
			enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedBetterCompression))
			if err != nil {
				errs[i] = err
				return
			}
			comp[i] = enc.EncodeAll(a, nil)
			errs[i] = enc.Close()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	head := make([]byte, 32+16*len(arrays))
	putSPZHeader(head, 4, s, fb, flags)
	head[15] = byte(len(arrays))
	binary.LittleEndian.PutUint32(head[16:], 32) // TOC right after the header: no extensions
	for i := range arrays {
		binary.LittleEndian.PutUint64(head[32+16*i:], uint64(len(comp[i])))
		binary.LittleEndian.PutUint64(head[40+16*i:], uint64(len(arrays[i])))
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	for _, c := range comp {
		if _, err := w.Write(c); err != nil {
			return err
		}
	}
	return nil
}

// putSPZHeader fills the first 16 header bytes shared by all versions.
func putSPZHeader(b []byte, version uint32, s *Scene, fb int, flags byte) {
	binary.LittleEndian.PutUint32(b, spzMagic)
	binary.LittleEndian.PutUint32(b[4:], version)
	binary.LittleEndian.PutUint32(b[8:], uint32(s.N))
	b[12], b[13], b[14] = byte(s.SHDegree), byte(fb), flags
}

// spzFracBits picks the most fractional bits (at most 12) for which every coordinate fits in a
// signed 24-bit integer.
func spzFracBits(s *Scene) int {
	var m float64
	for _, v := range s.Positions {
		m = math.Max(m, math.Abs(float64(v)))
	}
	fb := spzDefaultFracBits
	for fb > 0 && m*float64(int(1)<<fb) > 1<<23-1 {
		fb--
	}
	return fb
}

// packSPZ quantises s into the six SPZ arrays (positions, alphas, colours, scales, rotations, SH).
func packSPZ(s *Scene, fb int) [][]byte {
	n := s.N
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	pos, alpha, col := make([]byte, 9*n), make([]byte, n), make([]byte, 3*n)
	scl, rot, sh := make([]byte, 3*n), make([]byte, 4*n), make([]byte, k3*n)
	scale := float64(int(1) << fb)
	parallelRows(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for c := 0; c < 3; c++ {
				v := math.Round(float64(spzFlipP[c]*s.Positions[3*i+c]) * scale)
				v = math.Max(-(1<<23 - 1), math.Min(1<<23-1, v))
				fx := int32(v)
				pos[9*i+3*c], pos[9*i+3*c+1], pos[9*i+3*c+2] = byte(fx), byte(fx>>8), byte(fx>>16)
				scl[3*i+c] = clampByte((float64(s.Scales[3*i+c]) + 10) * 16)
				col[3*i+c] = clampByte(float64(s.SHDC[3*i+c])*spzColorScale*255 + 0.5*255)
			}
			alpha[i] = unitToByte(s.Opacity(i))
			q := s.Rotation(i)
			binary.LittleEndian.PutUint32(rot[4*i:], packQuatSmallestThree([4]float32{q[1], -q[2], -q[3], q[0]}))
			for j := 0; j < k3; j++ {
				bits := spzSHRest
				if j < 3*spzSH1Coefs {
					bits = spzSH1Bits
				}
				sh[k3*i+j] = quantizeSH(spzFlipSH[j/3]*s.SHRest[k3*i+j], bits)
			}
		}
	})
	return [][]byte{pos, alpha, col, scl, rot, sh}
}

// quantizeSH maps an SH coefficient to a byte (x·128 + 128), snapped to buckets of 2^(8−bits)
// so the zero point 128 stays exact.
func quantizeSH(x float32, bits int) byte {
	bucket := 1 << (8 - bits)
	v := math.Round(float64(x)*128) + 128
	if !(v >= 0) { // also catches NaN
		v = 0
	}
	q := (int(math.Min(v, 1e6)) + bucket/2) / bucket * bucket
	return byte(min(q, 255))
}

// packQuatSmallestThree encodes a unit quaternion x, y, z, w as SPZ v3's 32-bit smallest-three
// form (see unpackQuatSmallestThree); the sign is chosen so the largest component is positive.
func packQuatSmallestThree(q [4]float32) uint32 {
	largest := 0
	for i := 1; i < 4; i++ {
		if abs32(q[i]) > abs32(q[largest]) {
			largest = i
		}
	}
	negate := q[largest] < 0
	comp := uint32(largest)
	for i := 0; i < 4; i++ {
		if i == largest {
			continue
		}
		neg := (q[i] < 0) != negate
		mag := uint32(math.Min(quat9Max, float64(quat9Max)*float64(abs32(q[i]))/sqrtHalf+0.5))
		comp <<= 10
		if neg {
			comp |= 1 << 9
		}
		comp |= mag
	}
	return comp
}

// abs32 is |x| for float32.
func abs32(x float32) float32 { return float32(math.Abs(float64(x))) }
