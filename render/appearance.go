package render

import (
	"fmt"
	"image"
	"image/draw"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/splatscope/splatscope/gaussians"
)

// UpdateColors replaces the pass's colours and SH coefficients (a recoloured scene, e.g. from
// gaussians.Recolor): colors holds 3 values per Gaussian, 0.5 + SHC0·f_dc as in
// RenderBuffers.Colors; shRest the higher coefficients of the given degree in Scene.SHRest's
// layout. Positions, shapes and the draw order stay. Call it on the GL thread.
func (p *SplatPass) UpdateColors(colors, shRest []float32, degree int) error {
	if p == nil || p.vao == 0 {
		return fmt.Errorf("render: update colours: no splat pass")
	}
	k := gaussians.SHRestCoeffs(degree)
	if degree < 0 || degree > gaussians.MaxSHDegree || len(colors) != 3*p.n || len(shRest) != 3*k*p.n {
		return fmt.Errorf("render: update colours: %d colours and %d SH values for %d Gaussians of degree %d",
			len(colors), len(shRest), p.n, degree)
	}
	if p.Loading() {
		return fmt.Errorf("render: update colours: the scene is still uploading")
	}
	glError("before colour update") // clear stale flags so the check below is about this upload
	data := p.interleave(p.n, colors, 3, nil)
	gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatColor])
	gl.BufferSubData(gl.TEXTURE_BUFFER, 0, 4*len(data), gl.Ptr(data))
	p.rgba = nil // a scratch of 16 bytes per Gaussian is not worth keeping between recolours
	p.ensureSHDegree(degree)
	if len(shRest) > 0 {
		gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatSH])
		gl.BufferSubData(gl.TEXTURE_BUFFER, 0, 4*len(shRest), gl.Ptr(shRest))
	}
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	return glError(fmt.Sprintf("updating the colours of %d splats", p.n))
}

// ensureSHDegree reallocates the SH buffer (contents undefined) for degree when the pass holds
// another degree, so a compute shader can write the coefficients in place.
func (p *SplatPass) ensureSHDegree(degree int) {
	k := gaussians.SHRestCoeffs(degree)
	if p.degree == degree && p.stride == k {
		return
	}
	gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatSH])
	// 12 bytes (one RGB texel) at least: a buffer texture needs storage even when never read.
	gl.BufferData(gl.TEXTURE_BUFFER, max(12*k*p.n, 12), nil, gl.DYNAMIC_DRAW)
	gl.BindTexture(gl.TEXTURE_BUFFER, p.texs[splatSH])
	gl.TexBuffer(gl.TEXTURE_BUFFER, gl.RGB32F, p.bufs[splatSH])
	gl.BindTexture(gl.TEXTURE_BUFFER, 0)
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	p.degree, p.stride = degree, k
}

// SHDegree is the SH degree the pass holds (its colours' degree after UpdateColors).
func (p *SplatPass) SHDegree() int { return p.degree }

// Image is an RGBA GL texture for showing a picture in the UI (photo thumbnails): no mipmaps,
// linear filtering, edges clamped, 8-bit values as stored (not sRGB-decoded, since the UI
// writes its colours to the framebuffer unconverted).
type Image struct {
	ID   uint32
	W, H int
}

// NewImage uploads img (on the GL thread).
func NewImage(img image.Image) (*Image, error) {
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, fmt.Errorf("render: empty image")
	}
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	glError("before image upload")
	t := &Image{W: b.Dx(), H: b.Dy()}
	gl.GenTextures(1, &t.ID)
	gl.BindTexture(gl.TEXTURE_2D, t.ID)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, int32(t.W), int32(t.H), 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(rgba.Pix))
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR)
	gl.BindTexture(gl.TEXTURE_2D, 0)
	if err := glError(fmt.Sprintf("uploading a %d×%d image", t.W, t.H)); err != nil {
		t.Delete()
		return nil, err
	}
	return t, nil
}

// Delete frees the texture.
func (t *Image) Delete() {
	if t != nil && t.ID != 0 {
		gl.DeleteTextures(1, &t.ID)
		t.ID = 0
	}
}
