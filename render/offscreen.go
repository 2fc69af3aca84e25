package render

import (
	"fmt"
	"image"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// msaaSamples is the multisampling of offscreen targets: 4× smooths silhouettes and costs
// little; drivers that offer fewer get what they offer.
const msaaSamples = 4

// Offscreen is a colour+depth framebuffer object for headless rendering and screenshots.
// It renders into a multisampled buffer when the driver allows it and resolves on Image.
type Offscreen struct {
	w, h    int
	samples int32
	// fbo is drawn into; resolve (when samples > 0) receives the resolved single-sample image.
	fbo, colour, depth uint32
	resolve, resolveRB uint32
}

// NewOffscreen makes a w×h offscreen target.
func NewOffscreen(w, h int) (*Offscreen, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("render: offscreen size %d×%d: both sides must be positive", w, h)
	}
	var maxSize, maxSamples int32
	gl.GetIntegerv(gl.MAX_RENDERBUFFER_SIZE, &maxSize)
	if w > int(maxSize) || h > int(maxSize) {
		return nil, fmt.Errorf("render: offscreen size %d×%d: this GL allows at most %d per side", w, h, maxSize)
	}
	gl.GetIntegerv(gl.MAX_SAMPLES, &maxSamples)
	samples := min(int32(msaaSamples), maxSamples)
	o, err := newOffscreen(w, h, samples)
	if err != nil && samples > 0 {
		o, err = newOffscreen(w, h, 0) // some drivers refuse MSAA at odd sizes: fall back
	}
	return o, err
}

// newOffscreen builds the target with the given sample count (0: no multisampling).
func newOffscreen(w, h int, samples int32) (*Offscreen, error) {
	glError("before offscreen") // clear stale flags so the check below is about this target
	o := &Offscreen{w: w, h: h, samples: samples}
	var prev int32
	gl.GetIntegerv(gl.FRAMEBUFFER_BINDING, &prev)
	defer gl.BindFramebuffer(gl.FRAMEBUFFER, uint32(prev))

	o.fbo, o.colour, o.depth = makeFBO(w, h, samples, true)
	if err := fboComplete(fmt.Sprintf("offscreen %d×%d (%d samples)", w, h, samples)); err != nil {
		o.Delete()
		return nil, err
	}
	if samples > 0 {
		o.resolve, o.resolveRB, _ = makeFBO(w, h, 0, false)
		if err := fboComplete(fmt.Sprintf("offscreen resolve %d×%d", w, h)); err != nil {
			o.Delete()
			return nil, err
		}
	}
	if err := glError("creating offscreen target"); err != nil {
		o.Delete()
		return nil, err
	}
	return o, nil
}

// makeFBO creates and binds a framebuffer with an RGBA8 colour renderbuffer and optionally
// a 24-bit depth renderbuffer.
func makeFBO(w, h int, samples int32, withDepth bool) (fbo, colour, depth uint32) {
	gl.GenFramebuffers(1, &fbo)
	gl.BindFramebuffer(gl.FRAMEBUFFER, fbo)
	gl.GenRenderbuffers(1, &colour)
	gl.BindRenderbuffer(gl.RENDERBUFFER, colour)
	gl.RenderbufferStorageMultisample(gl.RENDERBUFFER, samples, gl.RGBA8, int32(w), int32(h))
	gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, colour)
	if withDepth {
		gl.GenRenderbuffers(1, &depth)
		gl.BindRenderbuffer(gl.RENDERBUFFER, depth)
		gl.RenderbufferStorageMultisample(gl.RENDERBUFFER, samples, gl.DEPTH_COMPONENT24, int32(w), int32(h))
		gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.RENDERBUFFER, depth)
	}
	gl.BindRenderbuffer(gl.RENDERBUFFER, 0)
	return fbo, colour, depth
}

// fboComplete checks the bound framebuffer.
func fboComplete(what string) error {
	if st := gl.CheckFramebufferStatus(gl.FRAMEBUFFER); st != gl.FRAMEBUFFER_COMPLETE {
		return fmt.Errorf("render: %s: framebuffer incomplete (status 0x%x)", what, st)
	}
	return nil
}

// Bind makes the offscreen target current.
func (o *Offscreen) Bind() {
	gl.BindFramebuffer(gl.FRAMEBUFFER, o.fbo)
	gl.Viewport(0, 0, int32(o.w), int32(o.h))
}

// Unbind makes the window's default framebuffer current again.
func (o *Offscreen) Unbind() { gl.BindFramebuffer(gl.FRAMEBUFFER, 0) }

// Size returns the target's size in pixels.
func (o *Offscreen) Size() (w, h int) { return o.w, o.h }

// Samples returns the multisample count in use (0: none).
func (o *Offscreen) Samples() int { return int(o.samples) }

// Image reads the target back, top row first.
func (o *Offscreen) Image() *image.RGBA {
	var prev int32
	gl.GetIntegerv(gl.FRAMEBUFFER_BINDING, &prev)
	defer gl.BindFramebuffer(gl.FRAMEBUFFER, uint32(prev))
	src := o.fbo
	if o.samples > 0 {
		gl.BindFramebuffer(gl.READ_FRAMEBUFFER, o.fbo)
		gl.BindFramebuffer(gl.DRAW_FRAMEBUFFER, o.resolve)
		gl.Disable(gl.SCISSOR_TEST) // a scissor would clip the blit
		gl.BlitFramebuffer(0, 0, int32(o.w), int32(o.h), 0, 0, int32(o.w), int32(o.h), gl.COLOR_BUFFER_BIT, gl.NEAREST)
		src = o.resolve
	}
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, src)
	gl.ReadBuffer(gl.COLOR_ATTACHMENT0)
	return readPixels(o.w, o.h)
}

// ReadFramebuffer reads the default framebuffer (the window) back, top row first: screenshots.
func ReadFramebuffer(w, h int) *image.RGBA {
	var prev int32
	gl.GetIntegerv(gl.READ_FRAMEBUFFER_BINDING, &prev)
	defer gl.BindFramebuffer(gl.READ_FRAMEBUFFER, uint32(prev))
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, 0)
	gl.ReadBuffer(gl.BACK) // the frame just drawn, before SwapBuffers
	return readPixels(w, h)
}

// readPixels reads the bound read framebuffer into an image, flipping GL's bottom-up rows.
func readPixels(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if w <= 0 || h <= 0 {
		return img
	}
	buf := make([]byte, 4*w*h)
	gl.PixelStorei(gl.PACK_ALIGNMENT, 1) // rows are tightly packed, whatever the width
	gl.ReadPixels(0, 0, int32(w), int32(h), gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(buf))
	row := 4 * w
	for y := 0; y < h; y++ {
		copy(img.Pix[y*img.Stride:y*img.Stride+row], buf[(h-1-y)*row:(h-y)*row])
	}
	return img
}

// Delete frees the target.
func (o *Offscreen) Delete() {
	if o == nil {
		return
	}
	for _, f := range []*uint32{&o.fbo, &o.resolve} {
		if *f != 0 {
			gl.DeleteFramebuffers(1, f)
			*f = 0
		}
	}
	for _, r := range []*uint32{&o.colour, &o.depth, &o.resolveRB} {
		if *r != 0 {
			gl.DeleteRenderbuffers(1, r)
			*r = 0
		}
	}
}
