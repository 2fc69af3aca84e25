package render

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/splatscope/splatscope/gaussians"
)

// SplatUploadChunk is the number of Gaussians UploadStep sends per call: at SH degree 3 that is
// about 32 MB, a few milliseconds of bus time, so a 6M scene streams in over ~50 frames
// instead of stalling one frame for a second.
const SplatUploadChunk = 1 << 17

// NewSplatPassStreaming allocates the buffers for b without filling them; UploadStep then
// sends them a chunk per frame, and Draw skips Gaussians not uploaded yet. Call both on the GL
// thread. The pass keeps its own copy of b's slice headers until the upload is complete, so a
// caller may drop its references to the arrays at once; their contents must stay unchanged.
func NewSplatPassStreaming(b *gaussians.RenderBuffers) (*SplatPass, error) {
	if b == nil {
		return nil, fmt.Errorf("render: splat pass: no buffers")
	}
	prog, err := sharedProgram("splat.vert.glsl", "splat.frag.glsl")
	if err != nil {
		return nil, err
	}
	k := gaussians.SHRestCoeffs(b.SHDegree)
	var maxTexels int32
	gl.GetIntegerv(gl.MAX_TEXTURE_BUFFER_SIZE, &maxTexels)
	if need := max(b.N*k, b.N); need > int(maxTexels) {
		return nil, fmt.Errorf("render: splat pass: %d Gaussians of SH degree %d need %d texels per buffer, this GL allows %d",
			b.N, b.SHDegree, need, maxTexels)
	}
	glError("before splat allocation")
	n := b.N
	src := *b
	p := &SplatPass{prog: prog, n: n, degree: b.SHDegree, stride: k, src: &src}
	gl.GenVertexArrays(1, &p.vao)
	gl.GenBuffers(6, &p.bufs[0])
	gl.GenTextures(6, &p.texs[0])
	floats := [6]int{4 * n, 4 * n, 4 * n, 4 * n, max(3*k*n, 3), max(n, 1)}
	formats := [6]uint32{gl.RGBA32F, gl.RGBA32F, gl.RGBA32F, gl.RGBA32F, gl.RGB32F, gl.R32UI}
	for slot := range p.bufs {
		gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[slot])
		usage := uint32(gl.STATIC_DRAW)
		if slot == splatOrder { // rewritten with BufferSubData as sorts finish
			usage = gl.DYNAMIC_DRAW
		}
		gl.BufferData(gl.TEXTURE_BUFFER, 4*floats[slot], nil, usage)
		gl.BindTexture(gl.TEXTURE_BUFFER, p.texs[slot])
		gl.TexBuffer(gl.TEXTURE_BUFFER, formats[slot], p.bufs[slot])
	}
	gl.BindTexture(gl.TEXTURE_BUFFER, 0)
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	if err := glError(fmt.Sprintf("allocating %d splats", n)); err != nil {
		p.Delete()
		return nil, err
	}
	return p, nil
}

// Loading reports whether a streamed upload still has Gaussians to send.
func (p *SplatPass) Loading() bool { return p != nil && p.src != nil }

// UploadStep sends the next chunk of at most max Gaussians of a streamed scene and reports
// whether the upload is complete.
func (p *SplatPass) UploadStep(max int) bool {
	if !p.Loading() {
		return true
	}
	b, lo := p.src, p.Uploaded
	hi := min(lo+max, p.n)
	n := hi - lo
	sub := func(slot int, offset int, data []float32) {
		gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[slot])
		gl.BufferSubData(gl.TEXTURE_BUFFER, 4*offset, 4*len(data), gl.Ptr(data))
	}
	sub(splatPosOpacity, 4*lo, p.interleave(n, b.Positions[3*lo:3*hi], 3, b.Opacities[lo:hi]))
	sub(splatRotation, 4*lo, b.Rotations[4*lo:4*hi])
	sub(splatScale, 4*lo, p.interleave(n, b.Scales[3*lo:3*hi], 3, nil))
	sub(splatColor, 4*lo, p.interleave(n, b.Colors[3*lo:3*hi], 3, nil))
	if p.stride > 0 {
		w := 3 * p.stride
		sub(splatSH, w*lo, b.SHRest[w*lo:w*hi])
	}
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	p.Uploaded = hi
	if hi == p.n {
		p.src, p.rgba = nil, nil
	}
	return p.src == nil
}
