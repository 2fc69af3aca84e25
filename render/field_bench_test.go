package render

import (
	"image"
	"testing"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
)

// BenchmarkFieldPass640x360 times one 640×360 frame of the teapot baked at 128³ (glFinish
// included), the llvmpipe target.
func BenchmarkFieldPass640x360(b *testing.B) {
	g := teapotGrid(b, 128)
	f := isoFrame(g, 640, 360)
	onGL(b, func(Info) {
		target, err := NewOffscreen(f.Width, f.Height)
		if err != nil {
			b.Error(err)
			return
		}
		defer target.Delete()
		p, err := NewFieldPass(g)
		if err != nil {
			b.Error(err)
			return
		}
		defer p.Delete()
		target.Bind()
		defer target.Unbind()
		b.ResetTimer()
		for range b.N {
			Clear(f.Width, f.Height, mgl32.Vec3{})
			p.Draw(f, FieldStyle{})
			gl.Finish()
		}
	})
}

func TestFieldGapRaysMissOnGL(t *testing.T) {
	g := platesGrid(t, 32)
	h := g.Spacing
	z0, z1 := 0.3*h-0.75*h, 0.3*h+0.75*h
	// An orthographic view along +x whose rows span the middle of the gap: rays parallel to
	// the plates, each at least 0.45 voxel from both, above the quarter-voxel ε used here.
	const w, hh = 48, 12
	mid, half := (z0+z1)/2, 0.2*(z1-z0)
	eye := mgl32.Vec3{-3, 0, mid}
	aspect := float32(w) / hh
	f := Frame{View: mgl32.LookAtV(eye, mgl32.Vec3{0, 0, mid}, mgl32.Vec3{0, 0, 1}),
		Proj: mgl32.Ortho(-half*aspect, half*aspect, -half, half, 0.1, 10), Eye: eye, Width: w, Height: hh}
	var img, bg *image.RGBA
	var err error
	onGL(t, func(Info) {
		img, err = renderFieldFrame(g, f, FieldStyle{Epsilon: 0.25 * h})
		if err == nil {
			bg, err = backgroundImage(w, hh)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if cov, _ := coverage(img, bg); cov != 0 {
		t.Errorf("%.1f%% of the rays through the gap between the plates hit a phantom sheet", 100*cov)
	}
}
