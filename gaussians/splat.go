package gaussians

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// splatRecord is the size of one antimatter15 .splat Gaussian: float32 xyz, float32 linear scale
// xyz, RGBA8 and four quaternion bytes.
const splatRecord = 32

// alphaEps is a quarter step of an 8-bit alpha: clamping opacity into [alphaEps, 1−alphaEps]
// before the logit keeps alphas of 0 and 255 finite while they still round back to 0 and 255
// (half a step would land on the rounding boundary).
const alphaEps = 0.25 / 255

// ReadSplat reads an antimatter15 .splat file (no header, 32 bytes a Gaussian); size is r's
// length in bytes (−1 if unknown). Linear scales become logs (zero or negative ones are floored
// with a warning), RGB becomes f_dc by inverting 0.5 + SHC0·f, alpha becomes a logit.
func ReadSplat(r io.Reader, name string, size int64) (*Scene, error) {
	r, size, err := sizedReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if size%splatRecord != 0 {
		return nil, fmt.Errorf("%s: size %d bytes is not a multiple of the %d-byte .splat record", name, size, splatRecord)
	}
	n := int(size / splatRecord)
	s := NewScene(n, 0)
	br := bufio.NewReaderSize(r, 1<<16)
	var rec [splatRecord]byte
	floored := 0
	for i := 0; i < n; i++ {
		if _, err := io.ReadFull(br, rec[:]); err != nil {
			return nil, fmt.Errorf("%s: truncated at Gaussian %d of %d", name, i, n)
		}
		for a := 0; a < 3; a++ {
			s.Positions[3*i+a] = le32(rec[:], 4*a)
			l, fl := logScale(le32(rec[:], 12+4*a))
			s.Scales[3*i+a] = l
			if fl {
				floored++
			}
			s.SHDC[3*i+a] = DCFromColor(float32(rec[24+a]) / 255)
		}
		s.Opacities[i] = Logit(float32(rec[27])/255, alphaEps)
		for a := 0; a < 4; a++ {
			s.Rotations[4*i+a] = (float32(rec[28+a]) - 128) / 128
		}
	}
	if floored > 0 {
		s.Warnf("%s: %d scale values were zero, negative or below e^%d and were raised to e^%d", name, floored, minLogScale, minLogScale)
	}
	s.Sanitize()
	return s, nil
}

// WriteSplat writes s as an antimatter15 .splat file in the scene's order (antimatter15's
// converter sorts by size·opacity; we keep file order so conversions stay index-aligned).
// Colour is the degree-0 colour clamped to [0, 1]; higher SH bands and extra properties are lost.
func WriteSplat(w io.Writer, s *Scene) error {
	if err := s.Check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var rec [splatRecord]byte
	for i := 0; i < s.N; i++ {
		sc := s.Scale(i)
		col := s.Color(i)
		for a := 0; a < 3; a++ {
			binary.LittleEndian.PutUint32(rec[4*a:], math.Float32bits(s.Positions[3*i+a]))
			binary.LittleEndian.PutUint32(rec[12+4*a:], math.Float32bits(sc[a]))
			rec[24+a] = unitToByte(col[a])
		}
		rec[27] = unitToByte(s.Opacity(i))
		q := s.Rotation(i)
		for a := 0; a < 4; a++ {
			rec[28+a] = clampByte(float64(q[a])*128 + 128)
		}
		if _, err := bw.Write(rec[:]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// unitToByte maps [0, 1] to 0..255 with rounding and clamping.
func unitToByte(v float32) byte { return clampByte(float64(v) * 255) }

// clampByte rounds v and clamps it to 0..255 (NaN gives 0).
func clampByte(v float64) byte {
	v = math.Round(v)
	if !(v > 0) {
		return 0
	}
	if v > 255 {
		return 255
	}
	return byte(v)
}
