package gaussians

import (
	"fmt"
	"io"
	"sync/atomic"
)

// RenderBuffers holds a scene with activations applied, ready for upload or CPU rendering:
// linear scales, unit quaternions, opacities in [0, 1] and degree-0 colours.
type RenderBuffers struct {
	N         int
	SHDegree  int
	Positions []float32 // 3N
	Scales    []float32 // 3N: exp(stored log scale)
	Rotations []float32 // 4N: unit quaternions w, x, y, z (zero ones become the identity)
	Opacities []float32 // N: sigmoid(stored logit)
	Colors    []float32 // 3N: 0.5 + SHC0·f_dc, not clamped (SH terms are added before clamping)
	SHRest    []float32 // N·K·3, the layout of Scene.SHRest
	Dropped   int       // Gaussians removed for NaN or infinite values
}

// newRenderBuffers allocates buffers for n Gaussians of the given SH degree.
func newRenderBuffers(n, degree int) *RenderBuffers {
	a := allocFloats(3*n, 3*n, 4*n, n, 3*n, 3*n*SHRestCoeffs(degree))
	return &RenderBuffers{N: n, SHDegree: degree,
		Positions: a[0], Scales: a[1], Rotations: a[2], Opacities: a[3], Colors: a[4], SHRest: a[5]}
}

// RenderBuffersFromScene applies the activations to every Gaussian of s, in parallel. Gaussians
// with NaN or infinite values are left out (counted in Dropped).
func RenderBuffersFromScene(s *Scene) *RenderBuffers {
	b := newRenderBuffers(s.N, s.SHDegree)
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	parallelRows(s.N, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			copy(b.Positions[3*i:3*i+3], s.Positions[3*i:3*i+3])
			for a := 0; a < 3; a++ {
				b.Scales[3*i+a] = exp32(s.Scales[3*i+a])
				b.Colors[3*i+a] = ColorFromDC(s.SHDC[3*i+a])
			}
			q := s.Rotation(i)
			copy(b.Rotations[4*i:4*i+4], q[:])
			b.Opacities[i] = Sigmoid(s.Opacities[i])
			copy(b.SHRest[k3*i:k3*i+k3], s.SHRest[k3*i:k3*i+k3])
		}
	})
	b.dropNonFinite()
	return b
}

// DecodeRenderBuffers reads a 3DGS PLY from r straight into activated render buffers, decoding in
// parallel chunks; size is the byte count of r (−1 if unknown). Extra properties are skipped.
func DecodeRenderBuffers(r io.Reader, name string, size int64) (*RenderBuffers, error) {
	return decodePLY(r, name, size, (*plyVertexReader).readRender)
}

// DecodeRenderBuffersFile is DecodeRenderBuffers on a file, memory-mapped where possible.
func DecodeRenderBuffersFile(path string, progress func(done, total int64)) (*RenderBuffers, error) {
	return decodePLYFile(path, progress, (*plyVertexReader).readRender)
}

// readRender decodes the vertex rows into activated render buffers.
func (p *plyVertexReader) readRender() (*RenderBuffers, error) {
	if p.compressed {
		s, err := p.readScene()
		if err != nil {
			return nil, err
		}
		return RenderBuffersFromScene(s), nil
	}
	b := newRenderBuffers(p.count, p.layout.degree)
	var bad atomic.Int64
	err := p.each(func(src []byte, first, n int) {
		parallelRows(n, func(lo, hi int) {
			bad.Add(int64(p.layout.decodeRender(src[lo*p.layout.stride:hi*p.layout.stride], first+lo, hi-lo, b)))
		})
	})
	if err != nil {
		return nil, err
	}
	if bad.Load() > 0 {
		b.dropNonFinite()
	}
	return b, nil
}

// dropNonFinite removes Gaussians holding NaN or ±Inf in any buffer, in place.
func (b *RenderBuffers) dropNonFinite() {
	k3 := 3 * SHRestCoeffs(b.SHDegree)
	j := 0
	for i := 0; i < b.N; i++ {
		if !finite(b.Positions[3*i:3*i+3]) || !finite(b.Scales[3*i:3*i+3]) || !finite(b.Rotations[4*i:4*i+4]) ||
			!finite(b.Opacities[i:i+1]) || !finite(b.Colors[3*i:3*i+3]) || !finite(b.SHRest[k3*i:k3*i+k3]) {
			continue
		}
		if i != j {
			copy(b.Positions[3*j:3*j+3], b.Positions[3*i:3*i+3])
			copy(b.Scales[3*j:3*j+3], b.Scales[3*i:3*i+3])
			copy(b.Rotations[4*j:4*j+4], b.Rotations[4*i:4*i+4])
			b.Opacities[j] = b.Opacities[i]
			copy(b.Colors[3*j:3*j+3], b.Colors[3*i:3*i+3])
			copy(b.SHRest[k3*j:k3*j+k3], b.SHRest[k3*i:k3*i+k3])
		}
		j++
	}
	b.Dropped += b.N - j
	b.N = j
	b.Positions, b.Scales, b.Rotations = b.Positions[:3*j], b.Scales[:3*j], b.Rotations[:4*j]
	b.Opacities, b.Colors, b.SHRest = b.Opacities[:j], b.Colors[:3*j], b.SHRest[:k3*j]
}

// String summarises the buffers for logs.
func (b *RenderBuffers) String() string {
	return fmt.Sprintf("%d Gaussians, SH degree %d, %d dropped", b.N, b.SHDegree, b.Dropped)
}
