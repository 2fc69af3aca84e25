package gaussians

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Niantic SPZ. Versions 2 and 3 are a gzip stream holding a 16-byte header and then the packed
// array. SPZ stores scenes in the RUB frame (x right, y up, z back) while the 3DGS PLY, .splat and
// this package use the trainer's RDF frame (x right, y down, z forward): like the reference library
// and PlayCanvas splat-transform we convert on reading and writing, a 180° turn about x that
// negates y and z of positions, the y and z quaternion components and the SH coefficients whose
// basis function is odd in y·z (spzFlipSH).

// spzMagic is "NGSP" read as a little-endian uint32.
const spzMagic = 0x5053474e

// spzColorScale is SPZ's DC colour scale: colour byte = f_dc·0.15·255 + 127.5. SPZ uses 0.15
// rather than SHC0 (0.282) so DC colours a little outside [0, 1] still fit in a byte.
const spzColorScale = 0.15

// spzFlagAntialiased and spzFlagExtensions are the header flag bits of the reference library.
const (
	spzFlagAntialiased = 0x1
	spzFlagExtensions  = 0x2
)

// Maximum expansion ratios used only to size the first allocation of decompressed data before
// bytes arrive: deflate cannot exceed about 1032:1; for zstd we simply grow past the hint.
const (
	maxDeflateRatio = 1032
	zstdAllocHint   = 64
)

// spzFlipSH is the sign each SH coefficient (degree 1 to 3, in the 3DGS basis order) takes under
// the RUB↔RDF turn (y → −y, z → −z): −1 where the basis polynomial is odd in y and z together
// (y, z, xy, xz, y(3x²−y²), y(4z²−x²−y²), z(2z²−3x²−3y²), z(x²−y²)).
var spzFlipSH = [15]float32{-1, -1, 1, -1, 1, 1, -1, 1, -1, 1, -1, -1, 1, -1, 1}

// spzFlipP is the sign of each position axis under the RUB↔RDF turn.
var spzFlipP = [3]float32{1, -1, -1}

// spzHeader is the decoded SPZ header (16 bytes in v2/v3, 32 in v4).
type spzHeader struct {
	version, numPoints uint32
	shDegree, fracBits uint8
	flags, numStreams  uint8
	tocOffset          uint32
}

// spzArraySizes returns the byte sizes of the positions, alphas, colours, scales, rotations and
// SH arrays for n points, in file order.
func spzArraySizes(n int64, version uint32, degree int) []int64 {
	rot := int64(4)
	if version == 2 {
		rot = 3 // v2 stores x, y, z bytes; w is derived
	}
	return []int64{9 * n, n, 3 * n, 3 * n, rot * n, 3 * int64(SHRestCoeffs(degree)) * n}
}

// ReadSPZ reads a Niantic .spz (version 2 or 3 gzip, version 4 zstd); size is r's length in bytes
// (−1 if unknown). Decompression never goes past what the header claims.
func ReadSPZ(r io.Reader, name string, size int64) (*Scene, error) {
	r, _, err := sizedReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	switch {
	case len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b: // gzip magic
		return readSPZGzip(data, name)
	case len(data) >= 4 && binary.LittleEndian.Uint32(data) == spzMagic:
		if len(data) >= 8 && binary.LittleEndian.Uint32(data[4:]) == 4 {
			return readSPZv4(data, name)
		}
		return readSPZLegacy(bytes.NewReader(data), name, int64(len(data)))
	case len(data) < 4:
		return nil, fmt.Errorf("%s: %d bytes is too short for an SPZ file", name, len(data))
	}
	return nil, fmt.Errorf("%s: not an SPZ file (bad magic % x, want gzip or NGSP)", name, data[:4])
}

// readSPZGzip reads a version 2 or 3 gzip SPZ.
func readSPZGzip(data []byte, name string) (*Scene, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: bad gzip stream: %v", name, err)
	}
	defer zr.Close()
	return readSPZLegacy(zr, name, int64(len(data))*maxDeflateRatio)
}

// readSPZLegacy reads the 16-byte header and arrays of a v2/v3 body; hint bounds the first
// allocation.
func readSPZLegacy(r io.Reader, name string, hint int64) (*Scene, error) {
	var hb [16]byte
	if _, err := io.ReadFull(r, hb[:]); err != nil {
		return nil, fmt.Errorf("%s: truncated SPZ header: %v", name, err)
	}
	h, err := parseSPZHeader(hb[:], name)
	if err != nil {
		return nil, err
	}
	if h.version != 2 && h.version != 3 {
		return nil, fmt.Errorf("%s: SPZ version %d not supported in a gzip stream (want 2 or 3)", name, h.version)
	}
	if h.flags&spzFlagExtensions != 0 {
		return nil, fmt.Errorf("%s: SPZ extensions (flag 0x2) are not supported", name)
	}
	sizes := spzArraySizes(int64(h.numPoints), h.version, int(h.shDegree))
	var total int64
	for _, s := range sizes {
		total += s
	}
	body, err := readBounded(r, total, hint)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	arrays := make([][]byte, len(sizes))
	for i, s := range sizes {
		arrays[i], body = body[:s], body[s:]
	}
	return unpackSPZ(h, arrays, name)
}

// parseSPZHeader checks the magic, SH degree and fractional bits common to all versions.
func parseSPZHeader(b []byte, name string) (spzHeader, error) {
	h := spzHeader{
		version: binary.LittleEndian.Uint32(b[4:]), numPoints: binary.LittleEndian.Uint32(b[8:]),
		shDegree: b[12], fracBits: b[13], flags: b[14], numStreams: b[15],
	}
	if len(b) >= 20 {
		h.tocOffset = binary.LittleEndian.Uint32(b[16:])
	}
	switch {
	case binary.LittleEndian.Uint32(b) != spzMagic:
		return h, fmt.Errorf("%s: bad SPZ magic % x (want NGSP)", name, b[:4])
	case h.version < 2 || h.version > 4:
		return h, fmt.Errorf("%s: SPZ version %d not supported (want 2, 3 or 4)", name, h.version)
	case h.shDegree > MaxSHDegree:
		return h, fmt.Errorf("%s: SPZ SH degree %d not supported (want 0 to %d)", name, h.shDegree, MaxSHDegree)
	case h.fracBits > 23:
		return h, fmt.Errorf("%s: SPZ fractional bits %d out of range (24-bit positions)", name, h.fracBits)
	}
	return h, nil
}

// readSPZv4 reads a version 4 SPZ: header, optional extensions, TOC and zstd streams.
func readSPZv4(data []byte, name string) (*Scene, error) {
	if len(data) < 32 {
		return nil, fmt.Errorf("%s: truncated SPZ v4 header (%d bytes)", name, len(data))
	}
	h, err := parseSPZHeader(data[:32], name)
	if err != nil {
		return nil, err
	}
	sizes := spzArraySizes(int64(h.numPoints), h.version, int(h.shDegree))
	if h.shDegree == 0 {
		sizes = sizes[:5] // no SH stream at degree 0
	}
	if int(h.numStreams) != len(sizes) {
		return nil, fmt.Errorf("%s: SPZ v4 has %d streams, want %d for SH degree %d", name, h.numStreams, len(sizes), h.shDegree)
	}
	toc := int64(h.tocOffset)
	streams := toc + 16*int64(h.numStreams)
	if toc < 32 || streams > int64(len(data)) {
		return nil, fmt.Errorf("%s: SPZ v4 table of contents at %d does not fit in %d bytes", name, toc, len(data))
	}
	comp := make([][]byte, len(sizes))
	off := streams
	for i := range sizes {
		e := data[toc+16*int64(i):]
		csize, usize := binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint64(e[8:])
		if usize != uint64(sizes[i]) {
			return nil, fmt.Errorf("%s: SPZ v4 stream %d holds %d bytes, want %d for %d points", name, i, usize, sizes[i], h.numPoints)
		}
		if csize > uint64(int64(len(data))-off) {
			return nil, fmt.Errorf("%s: SPZ v4 stream %d (%d bytes) runs past the end of the file", name, i, csize)
		}
		comp[i] = data[off : off+int64(csize)]
		off += int64(csize)
	}
	arrays := make([][]byte, len(sizes))
	errs := make([]error, len(sizes))
	var wg sync.WaitGroup
	for i := range sizes {
		wg.Add(1)
		go func() { // the streams are independent: decompress them in parallel
			defer wg.Done()
			dec, err := zstd.NewReader(bytes.NewReader(comp[i]), zstd.WithDecoderConcurrency(1))
			if err != nil {
				errs[i] = err
				return
			}
			defer dec.Close()
			arrays[i], errs[i] = readBounded(dec, sizes[i], int64(len(comp[i]))*zstdAllocHint)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%s: SPZ v4 stream %d: %v", name, i, err)
		}
	}
	if h.shDegree == 0 {
		arrays = append(arrays, nil)
	}
	return unpackSPZ(h, arrays, name)
}

// readBounded reads exactly want bytes from r and fails if r holds fewer or more, so a
// decompression bomb stops one byte past what the header claimed. hint caps the first allocation.
func readBounded(r io.Reader, want, hint int64) ([]byte, error) {
	if want > math.MaxInt-1 {
		return nil, fmt.Errorf("claimed size %d too large", want)
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(want+1, max(hint, 1<<16))))
	n, err := io.Copy(buf, io.LimitReader(r, want+1))
	if err != nil {
		return nil, fmt.Errorf("decompressing after %d of %d bytes: %v", n, want, err)
	}
	if n < want {
		return nil, fmt.Errorf("truncated: %d of the %d bytes the header claims", n, want)
	}
	if n > want {
		return nil, fmt.Errorf("decompressed data is larger than the %d bytes the header claims", want)
	}
	return buf.Bytes(), nil
}

// unpackSPZ turns the six packed arrays into a Scene.
func unpackSPZ(h spzHeader, a [][]byte, name string) (*Scene, error) {
	n := int(h.numPoints)
	s := NewScene(n, int(h.shDegree))
	s.Antialiased = h.flags&spzFlagAntialiased != 0
	pos, alpha, col, scl, rot, sh := a[0], a[1], a[2], a[3], a[4], a[5]
	inv := 1 / float32(int32(1)<<h.fracBits)
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	parallelRows(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for c := 0; c < 3; c++ {
				p := pos[9*i+3*c:]
				// Shift the 24-bit value to the top and back to sign-extend it.
				v := int32(uint32(p[0])<<8|uint32(p[1])<<16|uint32(p[2])<<24) >> 8
				s.Positions[3*i+c] = spzFlipP[c]*float32(v)*inv + 0 // +0 turns −0 into 0
				s.Scales[3*i+c] = float32(scl[3*i+c])/16 - 10
				s.SHDC[3*i+c] = (float32(col[3*i+c])/255 - 0.5) / spzColorScale
			}
			s.Opacities[i] = Logit(float32(alpha[i])/255, alphaEps)
			var q [4]float32 // x, y, z, w
			if h.version == 2 {
				q = unpackQuatFirstThree(rot[3*i:])
			} else {
				q = unpackQuatSmallestThree(binary.LittleEndian.Uint32(rot[4*i:]))
			}
			s.Rotations[4*i], s.Rotations[4*i+1], s.Rotations[4*i+2], s.Rotations[4*i+3] = q[3], q[0], -q[1], -q[2]
			for j := 0; j < k3; j++ {
				s.SHRest[k3*i+j] = spzFlipSH[j/3] * (float32(sh[k3*i+j]) - 128) / 128
			}
		}
	})
	s.Sanitize()
	return s, nil
}

// unpackQuatFirstThree decodes v2's x, y, z bytes (q·127.5 + 127.5, w ≥ 0) into x, y, z, w.
func unpackQuatFirstThree(b []byte) [4]float32 {
	x, y, z := float32(b[0])/127.5-1, float32(b[1])/127.5-1, float32(b[2])/127.5-1
	w := float32(math.Sqrt(math.Max(0, float64(1-x*x-y*y-z*z))))
	return [4]float32{x, y, z, w}
}

// sqrtHalf bounds the three smallest components of a unit quaternion: |q_i| ≤ 1/√2.
const sqrtHalf = 0.70710678118654752440

// quat9Max is the largest 9-bit magnitude of the smallest-three encoding.
const quat9Max = 1<<9 - 1

// unpackQuatSmallestThree decodes v3/v4's 32-bit "smallest three" quaternion into x, y, z, w: the
// top 2 bits index the largest component, then three (sign bit, 9-bit magnitude/(1/√2)) fields
// for the others in index order, the last index in the lowest bits.
func unpackQuatSmallestThree(comp uint32) [4]float32 {
	var q [4]float32
	largest := int(comp >> 30)
	sum := float32(0)
	for i := 3; i >= 0; i-- {
		if i == largest {
			continue
		}
		mag := comp & quat9Max
		neg := comp >> 9 & 1
		comp >>= 10
		v := sqrtHalf * float32(mag) / quat9Max
		if neg == 1 {
			v = -v
		}
		q[i] = v
		sum += v * v
	}
	q[largest] = float32(math.Sqrt(math.Max(0, float64(1-sum))))
	return q
}
