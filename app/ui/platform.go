package ui

import (
	"math"

	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/inkyblackness/imgui-go/v4"
	"golang.org/x/image/font/gofont/goregular"
)

// BaseFontPx is the UI font size in window points at scale 1: 16 px Go Regular reads like a
// desktop toolkit's default, where ImGui's built-in 13 px bitmap font is too small on today's screens.
const BaseFontPx = 16

// DrawData is one frame of UI geometry, handed to render.ImGuiRenderer.
type DrawData = imgui.DrawData

// Platform connects Dear ImGui to a GLFW window: it owns the ImGui context and feeds it the
// display size, framebuffer scale, time, mouse, wheel, keys, characters and clipboard.
// The app's GLFW callbacks forward events to it (Platform installs none of its own, so the
// app keeps one callback per event kind).
type Platform struct {
	win     *glfw.Window
	ctx     *imgui.Context
	last    float64
	pressed [3]bool // buttons pressed since the last frame, so a click shorter than a frame is seen
	scale   float32 // UI scale in window points (monitor content scale / framebuffer scale)
	glyphs  imgui.AllocatedGlyphRanges
}

// NewPlatform creates the ImGui context for win, loads the UI font rasterised for the monitor's
// pixel density, scales the style and maps the keys. It does not touch GL.
func NewPlatform(win *glfw.Window) *Platform {
	p := &Platform{win: win, ctx: imgui.CreateContext(nil)}
	io := imgui.CurrentIO()
	io.SetIniFilename("") // no imgui.ini littering the working directory
	io.SetClipboard(clipboard{win})
	setKeyMap(io)

	xs, _ := win.GetContentScale()
	fbScale := p.fbScale()
	if xs <= 0 || xs != xs {
		xs = 1
	}
	// Rasterise glyphs at physical pixel size (sharp on HiDPI), then draw them at 1/fbScale in
	// window points: on macOS Retina xs = fbScale = 2 (points already scaled), on X11/Wayland HiDPI
	// xs = 2 and fbScale = 1 (points are pixels, so the UI itself must grow).
	px := float32(math.Round(float64(BaseFontPx * xs)))
	var rb imgui.GlyphRangesBuilder
	rb.AddExisting(io.Fonts().GlyphRangesDefault())
	rb.Add(0x2000, 0x206F) // general punctuation: … – — • in labels and messages
	rb.Add(0x2190, 0x21FF) // arrows
	p.glyphs = rb.Build()
	io.Fonts().AddFontFromMemoryTTFV(goregular.TTF, px, imgui.DefaultFontConfig, p.glyphs.GlyphRanges)
	io.SetFontGlobalScale(1 / fbScale)
	p.scale = xs / fbScale
	imgui.StyleColorsDark()
	style := imgui.CurrentStyle()
	style.ScaleAllSizes(p.scale)
	return p
}

// Scale is the UI scale factor in window points (1 on ordinary screens, 2 on HiDPI X11).
func (p *Platform) Scale() float32 { return p.scale }

// fbScale is framebuffer pixels per window point (2 on Retina, 1 elsewhere).
func (p *Platform) fbScale() float32 {
	w, _ := p.win.GetSize()
	fw, _ := p.win.GetFramebufferSize()
	if w <= 0 || fw <= 0 {
		return 1
	}
	return float32(fw) / float32(w)
}

// Dispose destroys the ImGui context.
func (p *Platform) Dispose() {
	if p.ctx != nil {
		p.ctx.Destroy()
		p.ctx = nil
		p.glyphs.Free()
	}
}

// NewFrame starts a UI frame: display size in window points, framebuffer scale, time step and
// the mouse state polled from the window.
func (p *Platform) NewFrame() {
	io := imgui.CurrentIO()
	w, h := p.win.GetSize()
	fw, fh := p.win.GetFramebufferSize()
	io.SetDisplaySize(imgui.Vec2{X: float32(w), Y: float32(h)})
	if w > 0 && h > 0 {
		io.SetDisplayFrameBufferScale(imgui.Vec2{X: float32(fw) / float32(w), Y: float32(fh) / float32(h)})
	}
	now := glfw.GetTime()
	dt := now - p.last
	if p.last == 0 || dt <= 0 {
		dt = 1.0 / 60 // first frame: ImGui needs a positive step; one 60 Hz frame is the usual guess
	}
	p.last = now
	io.SetDeltaTime(float32(dt))

	if p.win.GetAttrib(glfw.Focused) == glfw.True {
		x, y := p.win.GetCursorPos() // window points, the same space as DisplaySize
		io.SetMousePosition(imgui.Vec2{X: float32(x), Y: float32(y)})
	} else {
		// -FLT_MAX is ImGui's "mouse not available" marker.
		io.SetMousePosition(imgui.Vec2{X: -math.MaxFloat32, Y: -math.MaxFloat32})
	}
	for i := range p.pressed {
		down := p.pressed[i] || p.win.GetMouseButton(glfw.MouseButton(i)) == glfw.Press
		io.SetMouseButtonDown(i, down)
		p.pressed[i] = false
	}
	imgui.NewFrame()
}

// Render ends the UI frame and returns its geometry.
func (p *Platform) Render() DrawData {
	imgui.Render()
	return imgui.RenderedDrawData()
}

// MouseButton records a button press so that clicks shorter than one frame still register.
func (p *Platform) MouseButton(b glfw.MouseButton, a glfw.Action) {
	if a == glfw.Press && int(b) >= 0 && int(b) < len(p.pressed) {
		p.pressed[b] = true
	}
}

// Scroll adds wheel motion.
func (p *Platform) Scroll(dx, dy float64) {
	imgui.CurrentIO().AddMouseWheelDelta(float32(dx), float32(dy))
}

// Key records a key press or release and the modifier state.
func (p *Platform) Key(k glfw.Key, a glfw.Action) {
	io := imgui.CurrentIO()
	if k >= 0 && k < 512 { // ImGui 1.85 KeysDown has 512 entries
		if a == glfw.Press || a == glfw.Repeat {
			io.KeyPress(int(k))
		} else if a == glfw.Release {
			io.KeyRelease(int(k))
		}
	}
	io.KeyCtrl(int(glfw.KeyLeftControl), int(glfw.KeyRightControl))
	io.KeyShift(int(glfw.KeyLeftShift), int(glfw.KeyRightShift))
	io.KeyAlt(int(glfw.KeyLeftAlt), int(glfw.KeyRightAlt))
	io.KeySuper(int(glfw.KeyLeftSuper), int(glfw.KeyRightSuper))
}

// Char adds a typed character.
func (p *Platform) Char(r rune) {
	imgui.CurrentIO().AddInputCharacters(string(r))
}

// WantMouse reports whether ImGui uses the mouse this frame (the 3D view must ignore it).
func WantMouse() bool { return imgui.CurrentIO().WantCaptureMouse() }

// WantKeyboard reports whether ImGui uses the keyboard this frame (a text field is active).
func WantKeyboard() bool { return imgui.CurrentIO().WantCaptureKeyboard() }

// Framerate is ImGui's smoothed frames per second.
func Framerate() float32 { return imgui.CurrentIO().Framerate() }

func setKeyMap(io imgui.IO) {
	for imKey, key := range map[int]glfw.Key{
		imgui.KeyTab: glfw.KeyTab, imgui.KeyLeftArrow: glfw.KeyLeft, imgui.KeyRightArrow: glfw.KeyRight,
		imgui.KeyUpArrow: glfw.KeyUp, imgui.KeyDownArrow: glfw.KeyDown, imgui.KeyPageUp: glfw.KeyPageUp,
		imgui.KeyPageDown: glfw.KeyPageDown, imgui.KeyHome: glfw.KeyHome, imgui.KeyEnd: glfw.KeyEnd,
		imgui.KeyInsert: glfw.KeyInsert, imgui.KeyDelete: glfw.KeyDelete, imgui.KeyBackspace: glfw.KeyBackspace,
		imgui.KeySpace: glfw.KeySpace, imgui.KeyEnter: glfw.KeyEnter, imgui.KeyEscape: glfw.KeyEscape,
		imgui.KeyKeyPadEnter: glfw.KeyKPEnter, imgui.KeyA: glfw.KeyA, imgui.KeyC: glfw.KeyC,
		imgui.KeyV: glfw.KeyV, imgui.KeyX: glfw.KeyX, imgui.KeyY: glfw.KeyY, imgui.KeyZ: glfw.KeyZ,
	} {
		io.KeyMap(imKey, int(key))
	}
}

// clipboard gives ImGui the window's system clipboard.
type clipboard struct{ win *glfw.Window }

func (c clipboard) Text() (string, error) { return c.win.GetClipboardString(), nil }
func (c clipboard) SetText(s string)      { c.win.SetClipboardString(s) }
