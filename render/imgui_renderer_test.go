package render

import (
	"testing"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/inkyblackness/imgui-go/v4"
)

// TestImGuiRendererDrawsAndRestoresState draws one ImGui window into an offscreen target at a
// framebuffer scale of 2 (HiDPI) and checks that the window's pixels appear where the scaled
// layout puts them, that nothing is drawn outside it, and that the GL state the 3D passes rely
// on is as it was before.
func TestImGuiRendererDrawsAndRestoresState(t *testing.T) {
	onGL(t, func(Info) {
		ctx := imgui.CreateContext(nil)
		defer ctx.Destroy()
		io := imgui.CurrentIO()
		io.SetIniFilename("")
		io.Fonts().AddFontDefault()
		r, err := NewImGuiRenderer()
		if err != nil {
			t.Error(err)
			return
		}
		defer r.Delete()

		const w, h, scale = 200, 120, 2 // window points; the framebuffer is twice as large
		off, err := NewOffscreen(w*scale, h*scale)
		if err != nil {
			t.Error(err)
			return
		}
		defer off.Delete()
		off.Bind()
		Clear(w*scale, h*scale, [3]float32{0, 0, 0})

		io.SetDisplaySize(imgui.Vec2{X: w, Y: h})
		io.SetDisplayFrameBufferScale(imgui.Vec2{X: scale, Y: scale})
		io.SetDeltaTime(1.0 / 60)
		imgui.NewFrame()
		imgui.SetNextWindowPos(imgui.Vec2{X: 10, Y: 10})
		imgui.SetNextWindowSize(imgui.Vec2{X: 80, Y: 50})
		imgui.Begin("panel")
		imgui.Text("hello")
		imgui.End()
		imgui.Render()

		// State a 3D pass would have left, which the UI pass must give back.
		gl.Enable(gl.DEPTH_TEST)
		gl.Disable(gl.BLEND)
		gl.Enable(gl.CULL_FACE)
		gl.Viewport(0, 0, 17, 19)
		before := saveImGuiGLState()
		r.Render([2]float32{w, h}, [2]float32{w * scale, h * scale}, imgui.RenderedDrawData())
		after := saveImGuiGLState()
		if before != after {
			t.Errorf("GL state changed by the UI pass:\nbefore %+v\nafter  %+v", before, after)
		}
		if e := gl.GetError(); e != gl.NO_ERROR {
			t.Errorf("GL error 0x%x", e)
		}
		gl.Disable(gl.CULL_FACE)
		gl.Disable(gl.DEPTH_TEST)

		img := off.Image()
		lit := func(x, y int) bool {
			c := img.RGBAAt(x, y)
			return c.R > 10 || c.G > 10 || c.B > 10
		}
		// Inside the window (points 10..90 × 10..60, pixels ×2): its background covers it.
		if !lit(2*50, 2*40) || !lit(2*12, 2*12) {
			t.Errorf("window pixels missing at its scaled position")
		}
		// Outside: untouched black, so the layout was scaled, not drawn at 1:1 or stretched.
		for _, p := range [][2]int{{2 * 95, 2 * 40}, {2 * 50, 2 * 65}, {2 * 150, 2 * 100}} {
			if lit(p[0], p[1]) {
				t.Errorf("pixel %v outside the window is lit", p)
			}
		}
		// Text: the title bar and "hello" give more than two colours inside the window.
		colours := map[[3]uint8]bool{}
		for y := 2 * 10; y < 2*60; y++ {
			for x := 2 * 10; x < 2*90; x++ {
				c := img.RGBAAt(x, y)
				colours[[3]uint8{c.R, c.G, c.B}] = true
			}
		}
		if len(colours) < 6 {
			t.Errorf("window has %d colours, want title, text and background", len(colours))
		}
	})
}
