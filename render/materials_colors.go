package render

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// SetColors replaces the splats' base colours (3 floats per Gaussian, display-encoded, the
// 0.5 + C0·f_dc of the upload) for colour coding: material colours, property colour maps.
// Draw them with SplatStyle.SHDegree 0 so view-dependent SH does not tint the code. It refuses
// while a streamed upload is still running (the stream would write over them).
func (p *SplatPass) SetColors(rgb []float32) error {
	if p == nil || p.vao == 0 {
		return fmt.Errorf("render: splat colours: no pass")
	}
	if p.Loading() {
		return fmt.Errorf("render: splat colours: the scene is still uploading")
	}
	if len(rgb) != 3*p.n {
		return fmt.Errorf("render: splat colours: %d floats for %d Gaussians", len(rgb), p.n)
	}
	data := p.interleave(p.n, rgb, 3, nil)
	gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatColor])
	gl.BufferSubData(gl.TEXTURE_BUFFER, 0, 4*len(data), gl.Ptr(data))
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	p.rgba = nil // a scratch of 16 bytes per Gaussian is not worth keeping between recolours
	return glError("setting splat colours")
}

// Colors reads the splats' base colours back from the GPU (3 floats per Gaussian): what
// SetColors overwrote can be restored without keeping a CPU copy of every scene.
func (p *SplatPass) Colors() ([]float32, error) {
	if p == nil || p.vao == 0 {
		return nil, fmt.Errorf("render: splat colours: no pass")
	}
	if p.Loading() {
		return nil, fmt.Errorf("render: splat colours: the scene is still uploading")
	}
	rgba := make([]float32, 4*p.n)
	if p.n > 0 {
		gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatColor])
		gl.GetBufferSubData(gl.TEXTURE_BUFFER, 0, 4*len(rgba), gl.Ptr(rgba))
		gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	}
	out := make([]float32, 3*p.n)
	for i := 0; i < p.n; i++ {
		copy(out[3*i:3*i+3], rgba[4*i:4*i+3])
	}
	return out, glError("reading splat colours")
}

// SetGeometry replaces the splats' centres, opacities, rotations (unit quaternions w, x, y, z)
// and linear scales, for splats deformed by the physics preview; nil slices keep what is
// there. It refuses while a streamed upload is still running.
func (p *SplatPass) SetGeometry(positions, opacities, rotations, scales []float32) error {
	if p == nil || p.vao == 0 {
		return fmt.Errorf("render: splat geometry: no pass")
	}
	if p.Loading() {
		return fmt.Errorf("render: splat geometry: the scene is still uploading")
	}
	n := p.n
	if positions != nil && (len(positions) != 3*n || opacities == nil || len(opacities) != n) ||
		rotations != nil && len(rotations) != 4*n || scales != nil && len(scales) != 3*n {
		return fmt.Errorf("render: splat geometry: arrays do not match %d Gaussians", n)
	}
	sub := func(slot int, data []float32) {
		gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[slot])
		gl.BufferSubData(gl.TEXTURE_BUFFER, 0, 4*len(data), gl.Ptr(data))
	}
	if positions != nil {
		sub(splatPosOpacity, p.interleave(n, positions, 3, opacities))
	}
	if rotations != nil {
		sub(splatRotation, rotations)
	}
	if scales != nil {
		sub(splatScale, p.interleave(n, scales, 3, nil))
	}
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	return glError("setting splat geometry")
}

// SetSH replaces the higher SH coefficients (the layout of RenderBuffers.SHRest), for splats
// whose view-dependent colour the physics preview rotated. It refuses while streaming.
func (p *SplatPass) SetSH(sh []float32) error {
	if p == nil || p.vao == 0 || p.Loading() {
		return fmt.Errorf("render: splat SH: no pass, or still uploading")
	}
	if len(sh) != 3*p.stride*p.n {
		return fmt.Errorf("render: splat SH: %d floats for %d Gaussians of %d coefficients", len(sh), p.n, p.stride)
	}
	if len(sh) == 0 {
		return nil
	}
	gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatSH])
	gl.BufferSubData(gl.TEXTURE_BUFFER, 0, 4*len(sh), gl.Ptr(sh))
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	return glError("setting splat SH")
}
