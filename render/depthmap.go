package render

import (
	"image"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// ImagePass draws an image over the whole viewport: the error maps of a field against its
// mesh, computed on the CPU (FieldErrorImage), shown in the 3D view.
type ImagePass struct {
	prog *program
	tex  uint32
	vao  uint32
	w, h int
}

// NewImagePass makes an empty image pass (the GL thread only).
func NewImagePass() (*ImagePass, error) {
	prog, err := sharedProgram("depthmap.vert.glsl", "depthmap.frag.glsl")
	if err != nil {
		return nil, err
	}
	p := &ImagePass{prog: prog}
	gl.GenVertexArrays(1, &p.vao) // core profile draws need a bound VAO, even an empty one
	gl.GenTextures(1, &p.tex)
	gl.BindTexture(gl.TEXTURE_2D, p.tex)
	// LINEAR: a map computed at a fraction of the window's resolution is stretched smoothly.
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
	gl.BindTexture(gl.TEXTURE_2D, 0)
	return p, glError("creating the image pass")
}

// SetImage uploads img (replacing the previous one).
func (p *ImagePass) SetImage(img *image.RGBA) {
	if p == nil || p.tex == 0 || img == nil || img.Bounds().Empty() {
		return
	}
	b := img.Bounds()
	p.w, p.h = b.Dx(), b.Dy()
	gl.BindTexture(gl.TEXTURE_2D, p.tex)
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, int32(img.Stride/4))
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, int32(p.w), int32(p.h), 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(img.Pix))
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, 0)
	gl.BindTexture(gl.TEXTURE_2D, 0)
}

// Ready reports whether an image was uploaded.
func (p *ImagePass) Ready() bool { return p != nil && p.w > 0 }

// Draw fills the bound framebuffer's viewport with the image (no depth test, depth untouched).
func (p *ImagePass) Draw() {
	if !p.Ready() {
		return
	}
	p.prog.use()
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_2D, p.tex)
	p.prog.setInt("uImage", 0)
	gl.Disable(gl.DEPTH_TEST)
	gl.DepthMask(false)
	gl.Disable(gl.BLEND)
	gl.BindVertexArray(p.vao)
	gl.DrawArrays(gl.TRIANGLES, 0, 3)
	gl.BindVertexArray(0)
	gl.BindTexture(gl.TEXTURE_2D, 0)
	gl.DepthMask(true)
}

// Delete frees the texture and vertex array.
func (p *ImagePass) Delete() {
	if p == nil {
		return
	}
	if p.tex != 0 {
		gl.DeleteTextures(1, &p.tex)
		p.tex = 0
	}
	if p.vao != 0 {
		gl.DeleteVertexArrays(1, &p.vao)
		p.vao = 0
	}
	p.w, p.h = 0, 0
}
