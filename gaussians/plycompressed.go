package gaussians

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// PlayCanvas compressed PLY: an element "chunk" of float32 bounds per 256 Gaussians, an element
// "vertex" of four uint32 packed_* words per Gaussian, and optionally an element "sh" of uint8
// f_rest_* values (channel-major, as in the 3DGS PLY). Positions and log scales are 11/10/11-bit
// fractions of the chunk's box, rotations "smallest three" in 2+10+10+10 bits, colour and
// opacity 8 bits each (colour optionally relative to a per-chunk range).

// compressedChunk is the number of Gaussians that share one chunk's bounds.
const compressedChunk = 256

// compressedChunkProps are the chunk properties every compressed PLY has, in the order we keep.
var compressedChunkProps = []string{"min_x", "min_y", "min_z", "max_x", "max_y", "max_z",
	"min_scale_x", "min_scale_y", "min_scale_z", "max_scale_x", "max_scale_y", "max_scale_z"}

// compressedColorProps are the optional per-chunk colour ranges.
var compressedColorProps = []string{"min_r", "min_g", "min_b", "max_r", "max_g", "max_b"}

// compressedVertexProps are the packed words of one Gaussian.
var compressedVertexProps = []string{"packed_position", "packed_rotation", "packed_scale", "packed_color"}

// isCompressedPLY reports whether the header has the chunk/packed layout.
func isCompressedPLY(h *plyHeader) bool {
	for _, e := range h.elements {
		if e.name == "chunk" {
			return true
		}
		for _, p := range e.props {
			if e.name == "vertex" && len(p.name) > 7 && p.name[:7] == "packed_" {
				return true
			}
		}
	}
	return false
}

// propOffsets returns the byte offsets of the named properties of e, checking their type.
func propOffsets(e *plyElement, names []string, typ plyType, name string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		found := false
		for _, p := range e.props {
			if p.name == n {
				if p.typ != typ || p.listCount != plyInvalid {
					return nil, fmt.Errorf("%s: compressed PLY: %s property %q has the wrong type", name, e.name, n)
				}
				out[i], found = p.offset, true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%s: compressed PLY: %s element lacks property %q", name, e.name, n)
		}
	}
	return out, nil
}

// readCompressedPLY decodes the body of a compressed PLY whose header h has been read from r;
// remaining is the byte count after the header (−1 if unknown).
func readCompressedPLY(r io.Reader, h *plyHeader, name string, remaining int64) (*Scene, error) {
	if h.enc != plyBinaryLE {
		return nil, fmt.Errorf("%s: %w (compressed PLY must be binary little endian)", name, ErrCompressedPLY)
	}
	var chunk, vertex, sh *plyElement
	var total int64
	for i := range h.elements {
		e := &h.elements[i]
		if e.hasList {
			return nil, fmt.Errorf("%s: compressed PLY: element %q has list properties", name, e.name)
		}
		total += e.count * int64(e.stride)
		switch e.name {
		case "chunk":
			chunk = e
		case "vertex":
			vertex = e
		case "sh":
			sh = e
		}
	}
	if chunk == nil || vertex == nil {
		return nil, fmt.Errorf("%s: compressed PLY needs chunk and vertex elements", name)
	}
	n := vertex.count
	if chunk.count != (n+compressedChunk-1)/compressedChunk {
		return nil, fmt.Errorf("%s: compressed PLY has %d chunks for %d vertices, want %d", name, chunk.count, n, (n+compressedChunk-1)/compressedChunk)
	}
	chunkOff, err := propOffsets(chunk, compressedChunkProps, plyFloat32, name)
	if err != nil {
		return nil, err
	}
	colorOff, colErr := propOffsets(chunk, compressedColorProps, plyFloat32, name)
	vertOff, err := propOffsets(vertex, compressedVertexProps, plyUint32, name)
	if err != nil {
		return nil, err
	}
	degree, k := 0, 0
	var shOff []int
	if sh != nil {
		var ok bool
		if degree, ok = shDegreeForRest[len(sh.props)]; !ok || sh.count != n {
			return nil, fmt.Errorf("%s: compressed PLY sh element has %d properties and %d rows (want 9, 24 or 45 and %d)", name, len(sh.props), sh.count, n)
		}
		k = SHRestCoeffs(degree)
		names := make([]string, 3*k)
		for j := range names {
			names[j] = fmt.Sprintf("f_rest_%d", j)
		}
		if shOff, err = propOffsets(sh, names, plyUint8, name); err != nil {
			return nil, err
		}
	}
	if remaining >= 0 && total > remaining {
		return nil, fmt.Errorf("%s: header claims %d vertices (%d bytes) but only %d bytes follow the header", name, n, total, remaining)
	}
	body := make(map[string][]byte, 3)
	for _, e := range h.elements {
		b := make([]byte, e.count*int64(e.stride))
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, fmt.Errorf("%s: truncated in element %q", name, e.name)
		}
		body[e.name] = b
	}
	s := NewScene(int(n), degree)
	cb, vb := body["chunk"], body["vertex"]
	for i := 0; i < int(n); i++ {
		c := cb[i/compressedChunk*chunk.stride:]
		cf := func(j int) float32 { return le32(c, chunkOff[j]) }
		v := vb[i*vertex.stride:]
		pos, rot := binary.LittleEndian.Uint32(v[vertOff[0]:]), binary.LittleEndian.Uint32(v[vertOff[1]:])
		scl, col := binary.LittleEndian.Uint32(v[vertOff[2]:]), binary.LittleEndian.Uint32(v[vertOff[3]:])
		p3, s3 := unpack111011(pos), unpack111011(scl)
		for a := 0; a < 3; a++ {
			s.Positions[3*i+a] = lerp(cf(a), cf(3+a), p3[a])
			s.Scales[3*i+a] = lerp(cf(6+a), cf(9+a), s3[a])
			ch := float32(col>>(24-8*a)&0xff) / 255
			if colErr == nil {
				ch = lerp(le32(c, colorOff[a]), le32(c, colorOff[3+a]), ch)
			}
			s.SHDC[3*i+a] = DCFromColor(ch)
		}
		s.Opacities[i] = Logit(float32(col&0xff)/255, alphaEps)
		q := unpackRotation2101010(rot)
		copy(s.Rotations[4*i:4*i+4], q[:])
		if sh != nil {
			row := body["sh"][i*sh.stride:]
			for c := 0; c < 3; c++ {
				for j := 0; j < k; j++ {
					s.SHRest[(i*k+j)*3+c] = unpackSHByte(row[shOff[c*k+j]])
				}
			}
		}
	}
	s.Sanitize()
	return s, nil
}

// lerp is a + (b − a)·t.
func lerp(a, b, t float32) float32 { return a*(1-t) + b*t }

// unpack111011 splits a word into 11-, 10- and 11-bit unit fractions (high bits first).
func unpack111011(v uint32) [3]float32 {
	return [3]float32{float32(v>>21&0x7ff) / 0x7ff, float32(v>>11&0x3ff) / 0x3ff, float32(v&0x7ff) / 0x7ff}
}

// unpackRotation2101010 decodes the compressed PLY quaternion (rot_0..3 order): the top two bits
// index the largest component, the other three are 10-bit values of (q + 1/√2)/√2, in order.
func unpackRotation2101010(v uint32) [4]float32 {
	const norm = math.Sqrt2 // each stored component spans [−1/√2, 1/√2]
	a := (float32(v>>20&0x3ff)/0x3ff - 0.5) * norm
	b := (float32(v>>10&0x3ff)/0x3ff - 0.5) * norm
	c := (float32(v&0x3ff)/0x3ff - 0.5) * norm
	m := float32(math.Sqrt(math.Max(0, float64(1-(a*a+b*b+c*c)))))
	switch v >> 30 {
	case 0:
		return [4]float32{m, a, b, c}
	case 1:
		return [4]float32{a, m, b, c}
	case 2:
		return [4]float32{a, b, m, c}
	}
	return [4]float32{a, b, c, m}
}

// unpackSHByte maps a compressed SH byte to its coefficient: bytes are (x/8 + ½)·256, with 0 and
// 255 standing for the ends of the range ±4.
func unpackSHByte(b byte) float32 {
	var n float32
	switch b {
	case 0:
		n = 0
	case 255:
		n = 1
	default:
		n = (float32(b) + 0.5) / 256
	}
	return (n - 0.5) * 8
}
