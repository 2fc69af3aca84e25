package render

import (
	"testing"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
)

// BenchmarkSplatPassDonut times one 640×360 frame of the real donut (45,624 Gaussians, SH 0)
// on whatever GL is current (llvmpipe under xvfb), glFinish included: "draw" with the order
// already uploaded (the sort runs in the background), "sort+upload+draw" sorting on this thread
// and uploading the order every frame (the worst case, a camera moving every frame); into the
// app's 8-bit multisampled target and the half-float target of offline renders.
func BenchmarkSplatPassDonut(b *testing.B) {
	buf := splatFile("v3dg_donut_sh0.ply")(&testing.T{})
	if buf == nil {
		b.Skip("no donut")
	}
	c := splatCase{view: "iso", up: camera.ZUp}
	f := FrameFor(splatCamera(buf, c), 640, 360)
	for _, target := range []string{"rgba8_msaa", "rgba16f"} {
		for _, mode := range []string{"draw", "sort+upload+draw"} {
			b.Run(target+"/"+mode, func(b *testing.B) {
				onGL(b, func(Info) {
					var bind, release func()
					if target == "rgba8_msaa" {
						o, err := NewOffscreen(f.Width, f.Height)
						if err != nil {
							b.Error(err)
							return
						}
						bind, release = o.Bind, func() { o.Unbind(); o.Delete() }
					} else {
						t, err := newSplatTarget(f.Width, f.Height)
						if err != nil {
							b.Error(err)
							return
						}
						bind, release = func() { gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo) }, t.delete
					}
					defer release()
					p, err := NewSplatPass(buf)
					if err != nil {
						b.Error(err)
						return
					}
					defer p.Delete()
					var ds gaussians.DepthSorter
					order := ds.Order(buf.Positions, f.View, nil)
					p.SetOrder(order)
					bind()
					b.ResetTimer()
					for range b.N {
						if mode != "draw" {
							order = ds.Order(buf.Positions, f.View, order)
							p.SetOrder(order)
						}
						Clear(f.Width, f.Height, mgl32.Vec3{})
						p.Draw(f, DefaultSplatStyle)
						gl.Finish()
					}
					b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/frame")
				})
			})
		}
	}
}
