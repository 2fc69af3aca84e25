package render

import (
	"fmt"
	"image"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
)

// splatTarget is a single-sample RGBA16F framebuffer for offline splat renders: blending
// hundreds of layers in 8 bits would round at every layer (and clamp bright premultiplied
// colours), while half floats keep the sum as close to the CPU twin's float sum as 8-bit output
// can show. No multisampling: each pixel is shaded once at its centre, as the reference does.
type splatTarget struct {
	w, h    int
	fbo, rb uint32
}

// newSplatTarget makes a w×h half-float target and leaves it bound.
func newSplatTarget(w, h int) (*splatTarget, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("render: splat image size %d×%d: both sides must be positive", w, h)
	}
	var maxSize int32
	gl.GetIntegerv(gl.MAX_RENDERBUFFER_SIZE, &maxSize)
	if w > int(maxSize) || h > int(maxSize) {
		return nil, fmt.Errorf("render: splat image size %d×%d: this GL allows at most %d per side", w, h, maxSize)
	}
	glError("before splat target")
	t := &splatTarget{w: w, h: h}
	gl.GenFramebuffers(1, &t.fbo)
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
	gl.GenRenderbuffers(1, &t.rb)
	gl.BindRenderbuffer(gl.RENDERBUFFER, t.rb)
	gl.RenderbufferStorage(gl.RENDERBUFFER, gl.RGBA16F, int32(w), int32(h))
	gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, t.rb)
	gl.BindRenderbuffer(gl.RENDERBUFFER, 0)
	if err := fboComplete(fmt.Sprintf("splat target %d×%d", w, h)); err != nil {
		t.delete()
		return nil, err
	}
	if err := glError("creating the splat target"); err != nil {
		t.delete()
		return nil, err
	}
	gl.Viewport(0, 0, int32(w), int32(h))
	return t, nil
}

// image reads the target back as 8-bit RGBA (GL clamps and rounds), top row first.
func (t *splatTarget) image() *image.RGBA {
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, t.fbo)
	gl.ReadBuffer(gl.COLOR_ATTACHMENT0)
	img := readPixels(t.w, t.h)
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255 // the splats were blended over an opaque background
	}
	return img
}

// delete frees the target and rebinds the default framebuffer.
func (t *splatTarget) delete() {
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	if t.rb != 0 {
		gl.DeleteRenderbuffers(1, &t.rb)
	}
	if t.fbo != 0 {
		gl.DeleteFramebuffers(1, &t.fbo)
	}
	t.rb, t.fbo = 0, 0
}

// RenderSplatsPNG draws b seen by cam into a w×h image over a flat background (linear RGB, as
// the CPU twin gaussians.RenderCPU takes it): sorted on the CPU, blended in half floats, read
// back in 8 bits. It needs a current GL context (Headless).
func RenderSplatsPNG(b *gaussians.RenderBuffers, cam camera.Camera, w, h int, s SplatStyle, bg mgl32.Vec3) (*image.RGBA, error) {
	return renderSplatFrame(b, FrameFor(cam, w, h), s, bg)
}

// renderSplatFrame draws one splat frame offscreen and reads it back.
func renderSplatFrame(b *gaussians.RenderBuffers, f Frame, s SplatStyle, bg mgl32.Vec3) (*image.RGBA, error) {
	p, err := NewSplatPass(b)
	if err != nil {
		return nil, err
	}
	defer p.Delete()
	return drawSplatImage(p, b, f, s, bg)
}

// drawSplatImage sorts b on the CPU for f, draws pass p offscreen and reads the image back.
func drawSplatImage(p *SplatPass, b *gaussians.RenderBuffers, f Frame, s SplatStyle, bg mgl32.Vec3) (*image.RGBA, error) {
	var prev int32
	gl.GetIntegerv(gl.FRAMEBUFFER_BINDING, &prev)
	defer gl.BindFramebuffer(gl.FRAMEBUFFER, uint32(prev))
	target, err := newSplatTarget(f.Width, f.Height)
	if err != nil {
		return nil, err
	}
	defer target.delete()
	var ds gaussians.DepthSorter
	p.SetOrder(ds.Order(b.Positions, f.View, nil))
	gl.BindFramebuffer(gl.FRAMEBUFFER, target.fbo)
	Clear(f.Width, f.Height, bg)
	p.Draw(f, s)
	img := target.image()
	if err := glError(fmt.Sprintf("rendering %d splats", b.N)); err != nil {
		return nil, err
	}
	return img, nil
}
