// Package app is the desktop viewer: window, event loop, input to cameras, panels, background
// jobs and commands. It owns all mutable UI state and the main (GL) thread.
package app

import (
	"fmt"
	"runtime"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/render"
)

// Options configure Run.
type Options struct {
	Files        []string // meshes to open at start (the last one shown)
	ShapeNetRoot string   // a ShapeNet folder to browse
	Demo         bool     // open the embedded demo (the teapot, or DemoScene)
	DemoScene    string   // with Demo: "" or DemoTeapot for the teapot, DemoAppearance for the synthetic house
	Width        int      // window size in screen points (0: 1280×800)
	Height       int

	// Frames, when > 0, is a test hook: run this many frames once the start-up loads are done,
	// then quit. ScreenshotPath, if set, receives a PNG of the whole window (UI included) then.
	Frames         int
	ScreenshotPath string

	showHelpAtStart bool       // tests: open the help panel too
	setup           func(*App) // tests: adjust the state before start-up
	atEnd           func(*App) // tests: look at the state after the last frame
}

// Default window size in screen points: fits a 1366×768 laptop with room for the title bar.
const defaultWidth, defaultHeight = 1280, 720

// Run opens the viewer window and runs until it is closed. Without a display it returns an
// error wrapping ErrNoDisplay whose one line says what to do instead.
func Run(opts Options) error {
	// GL contexts are current on one OS thread: keep this goroutine on it even when Run is not
	// called from main (tests); init already pinned the main goroutine to the main thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = defaultWidth, defaultHeight
	}
	win, err := openWindow("Splatscope", opts.Width, opts.Height)
	if err != nil {
		return err
	}
	defer closeWindow(win)
	info, err := render.Init()
	if err != nil {
		return fmt.Errorf("OpenGL: %v", oneLine(err))
	}
	a := newApp(opts)
	a.showHelp = opts.showHelpAtStart
	if opts.setup != nil {
		opts.setup(a)
	}
	a.win = win
	a.glInfo = info
	a.plat = ui.NewPlatform(win)
	defer a.plat.Dispose()
	a.uir, err = render.NewImGuiRenderer()
	if err != nil {
		return fmt.Errorf("OpenGL: %v", oneLine(err))
	}
	defer a.uir.Delete()
	a.installCallbacks()
	a.startup()
	defer a.shutdown()
	return a.loop()
}

// loop is the frame loop: events, finished jobs, input, panels, 3D view, UI, swap.
func (a *App) loop() error {
	last := time.Now()
	counted := 0
	for !a.win.ShouldClose() && !a.quit {
		glfw.PollEvents()
		now := time.Now()
		dt := now.Sub(last)
		last = now
		a.stats.add(dt)
		a.applyResults()

		a.plat.NewFrame()
		a.updateCamera(float32(dt.Seconds()))
		a.tickSplats(float32(dt.Seconds()))
		a.drawPanels()
		data := a.plat.Render()

		fw, fh := a.win.GetFramebufferSize()
		ww, wh := a.win.GetSize()
		a.drawScene(fw, fh)
		if a.screenshotPending {
			a.screenshotPending = false
			a.saveScreenshot(render.ReadFramebuffer(fw, fh)) // the 3D view, before the UI is drawn
		}
		if ww > 0 && wh > 0 {
			a.uir.Render([2]float32{float32(ww), float32(wh)}, [2]float32{float32(fw), float32(fh)}, data)
		}
		if a.opts.Frames > 0 && !a.jobs.Busy() {
			counted++
			if counted >= a.opts.Frames {
				if a.opts.atEnd != nil {
					a.opts.atEnd(a)
				}
				if a.opts.ScreenshotPath != "" {
					if err := writePNG(a.opts.ScreenshotPath, render.ReadFramebuffer(fw, fh)); err != nil {
						return err
					}
				}
				return nil
			}
		}
		a.win.SwapBuffers()
	}
	return nil
}

// drawScene clears the window and draws the current mesh.
func (a *App) drawScene(fw, fh int) {
	render.Clear(fw, fh, mgl32.Vec3(a.bg))
	a.drawSplats(fw, fh)
	if fw <= 0 || fh <= 0 || !a.showsMesh() && !a.showsField() && a.extract.preview == nil {
		return
	}
	cam := a.camera()
	proj := cam.Projection().Matrix(float32(fw) / float32(fh))
	if !a.hidePanels {
		// Lens shift: centre the view in the area right of the docked panel, not behind it.
		ww, _ := a.win.GetSize()
		if ww > 0 {
			panelPx := panelWidth * a.uiScale() * float32(fw) / float32(ww)
			proj = mgl32.Translate3D(panelPx/float32(fw), 0, 0).Mul4(proj)
		}
	}
	f := render.Frame{
		View:  cam.View(),
		Proj:  proj,
		Eye:   cam.Position(),
		Width: fw, Height: fh,
	}
	if a.showsMesh() && !a.errorMapShown() {
		a.scene.Pass.Draw(f, a.style)
	}
	a.drawField(f)
	a.drawExtractPreview(f)
}
