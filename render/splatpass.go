package render

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/splatscope/splatscope/gaussians"
)

// SplatStyle is how splats are drawn.
type SplatStyle struct {
	SHDegree int // highest SH degree evaluated (clamped to the stored one); 0: flat DC colour
}

// DefaultSplatStyle evaluates every stored SH band.
var DefaultSplatStyle = SplatStyle{SHDegree: gaussians.MaxSHDegree}

// SplatPass holds a splat scene in buffer textures and draws it as instanced quads, one per
// Gaussian in the order last given to SetOrder (back to front), with premultiplied blending.
// Shaders: splat.vert.glsl (projection, SH; twin of gaussians' project.go and sh.go) and
// splat.frag.glsl (alpha; twin of gaussians.SplatAlpha).
type SplatPass struct {
	prog     *program
	vao      uint32
	bufs     [6]uint32 // pos+opacity, rotation, scale, colour, SH, order
	texs     [6]uint32
	n        int
	degree   int // stored SH degree
	stride   int // SH coefficients per Gaussian
	count    int // instances to draw (length of the last order)
	rgba     []float32
	Uploaded int // Gaussians uploaded, for the UI (less than the count while streaming)

	src *gaussians.RenderBuffers // the scene being streamed in (splatpass_stream.go); nil when done
}

// Texture units and slots of the buffer textures, in bufs/texs order.
const (
	splatPosOpacity = iota
	splatRotation
	splatScale
	splatColor
	splatSH
	splatOrder
)

var splatSamplers = [6]string{"uPosOpacity", "uRotation", "uScale", "uColor", "uSH", "uOrder"}

// NewSplatPass uploads b at once; call it on the GL thread. The draw order starts empty: call
// SetOrder. NewSplatPassStreaming spreads the upload over frames instead.
func NewSplatPass(b *gaussians.RenderBuffers) (*SplatPass, error) {
	p, err := NewSplatPassStreaming(b)
	if err != nil {
		return nil, err
	}
	p.UploadStep(b.N)
	if err := glError(fmt.Sprintf("uploading %d splats", b.N)); err != nil {
		p.Delete()
		return nil, err
	}
	return p, nil
}

// interleave packs n items of width floats from a (and one float from b, or 0) into RGBA texels.
func (p *SplatPass) interleave(n int, a []float32, width int, b []float32) []float32 {
	if cap(p.rgba) < 4*n {
		p.rgba = make([]float32, 4*n)
	}
	out := p.rgba[:4*n]
	for i := 0; i < n; i++ {
		copy(out[4*i:4*i+width], a[width*i:width*i+width])
		out[4*i+3] = 0
		if b != nil {
			out[4*i+3] = b[i]
		}
	}
	return out
}

// SetOrder uploads a back-to-front draw order (indices below N, e.g. from gaussians.Sorter);
// only those Gaussians are drawn. Call it on the GL thread when a new order is ready.
func (p *SplatPass) SetOrder(order []uint32) {
	if p == nil || p.vao == 0 {
		return
	}
	p.count = min(len(order), p.n)
	if p.count == 0 {
		return
	}
	gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatOrder])
	gl.BufferSubData(gl.TEXTURE_BUFFER, 0, 4*p.count, gl.Ptr(order[:p.count]))
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
}

// Count returns the number of Gaussians the current order draws.
func (p *SplatPass) Count() int { return p.count }

// Draw blends the splats into the bound framebuffer over what is there, depth test and depth
// writes off (the order does the visibility), premultiplied (ONE, ONE_MINUS_SRC_ALPHA).
func (p *SplatPass) Draw(f Frame, s SplatStyle) {
	if p == nil || p.vao == 0 || p.count == 0 || f.Width <= 0 || f.Height <= 0 {
		return
	}
	pr := p.prog
	pr.use()
	tanX, tanY := 1/f.Proj[0], 1/f.Proj[5] // a symmetric perspective holds 1/tan(fov/2) there
	pr.setMat4("uView", f.View)
	pr.setVec2("uFocal", float32(f.Width)/(2*tanX), float32(f.Height)/(2*tanY))
	pr.setVec2("uTanFov", tanX, tanY)
	pr.setVec2("uViewport", float32(f.Width), float32(f.Height))
	pr.setVec3("uEye", f.Eye)
	pr.setInt("uSHDegree", int32(max(0, min(s.SHDegree, p.degree))))
	pr.setInt("uSHStride", int32(p.stride))
	pr.setFloat("uNearCull", gaussians.NearCull)
	pr.setInt("uLoaded", int32(p.Uploaded))
	for slot, name := range splatSamplers {
		gl.ActiveTexture(gl.TEXTURE0 + uint32(slot))
		gl.BindTexture(gl.TEXTURE_BUFFER, p.texs[slot])
		pr.setInt(name, int32(slot))
	}
	gl.Disable(gl.DEPTH_TEST)
	gl.DepthMask(false)
	gl.Disable(gl.CULL_FACE)
	gl.Disable(gl.SCISSOR_TEST)
	gl.Enable(gl.BLEND)
	gl.BlendEquation(gl.FUNC_ADD)
	gl.BlendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
	gl.BindVertexArray(p.vao)
	gl.DrawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, int32(p.count))
	gl.BindVertexArray(0)
	gl.Disable(gl.BLEND)
	gl.DepthMask(true)
	for slot := range splatSamplers {
		gl.ActiveTexture(gl.TEXTURE0 + uint32(slot))
		gl.BindTexture(gl.TEXTURE_BUFFER, 0)
	}
	gl.ActiveTexture(gl.TEXTURE0)
}

// Delete frees the buffers, textures and vertex array (the program is shared per context).
func (p *SplatPass) Delete() {
	if p == nil {
		return
	}
	if p.texs[0] != 0 {
		gl.DeleteTextures(6, &p.texs[0])
		gl.DeleteBuffers(6, &p.bufs[0])
		p.texs, p.bufs = [6]uint32{}, [6]uint32{}
	}
	if p.vao != 0 {
		gl.DeleteVertexArrays(1, &p.vao)
		p.vao = 0
	}
	p.count = 0
}
