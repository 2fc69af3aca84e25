package app

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/go-gl/glfw/v3.3/glfw"
)

func init() {
	// GLFW and GL calls must come from the main OS thread; package app owns it.
	runtime.LockOSThread()
}

// ErrNoDisplay is wrapped by Run's error when no window can be opened for lack of a display.
var ErrNoDisplay = errors.New("no display to open a window on")

// noDisplayError explains, in one line, how to run without a screen.
func noDisplayError(cause error) error {
	msg := strings.ReplaceAll(strings.TrimSpace(cause.Error()), "\n", " ")
	return fmt.Errorf("%w (%s): run `xvfb-run -a splatscope` for a virtual display, or `splatscope render` to render without a window", ErrNoDisplay, msg)
}

// openWindow initialises GLFW and opens a resizable window with a GL 4.1 core,
// forward-compatible context, made current with vsync on. w, h are in screen points.
func openWindow(title string, w, h int) (win *glfw.Window, err error) {
	unix := runtime.GOOS != "darwin" && runtime.GOOS != "windows"
	if unix && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, noDisplayError(errors.New("DISPLAY and WAYLAND_DISPLAY are not set"))
	}
	// go-gl/glfw logs platform errors from Init (X11: Failed to open display) instead of returning
	// them, and the next call panics with NotInitialized: turn that into the no-display error.
	defer func() {
		if r := recover(); r != nil {
			win, err = nil, noDisplayError(fmt.Errorf("GLFW: %v (DISPLAY=%q)", r, os.Getenv("DISPLAY")))
		}
	}()
	if err := glfw.Init(); err != nil {
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" || strings.Contains(err.Error(), "DISPLAY") {
			return nil, noDisplayError(err)
		}
		return nil, fmt.Errorf("glfw: %v", oneLine(err))
	}
	glfw.WindowHint(glfw.ContextVersionMajor, 4)
	glfw.WindowHint(glfw.ContextVersionMinor, 1) // 4.1: the newest core profile macOS offers
	glfw.WindowHint(glfw.OpenGLProfile, glfw.OpenGLCoreProfile)
	glfw.WindowHint(glfw.OpenGLForwardCompatible, glfw.True)
	glfw.WindowHint(glfw.Resizable, glfw.True)
	glfw.WindowHint(glfw.ScaleToMonitor, glfw.True)         // HiDPI X11/Windows: grow the window with the content scale
	glfw.WindowHint(glfw.CocoaRetinaFramebuffer, glfw.True) // HiDPI macOS: full-resolution framebuffer
	win, err = glfw.CreateWindow(w, h, title, nil, nil)
	if err != nil {
		glfw.Terminate()
		return nil, fmt.Errorf("cannot open a window with an OpenGL 4.1 core context: %v", oneLine(err))
	}
	if win == nil { // GLFW can fail without an error value
		glfw.Terminate()
		return nil, errors.New("cannot open a window with an OpenGL 4.1 core context (GLFW returned no window)")
	}
	win.MakeContextCurrent()
	glfw.SwapInterval(1) // vsync: no tearing, no busy loop
	return win, nil
}

// closeWindow destroys the window and terminates GLFW.
func closeWindow(win *glfw.Window) {
	win.Destroy()
	glfw.Terminate()
}

// oneLine flattens an error to a single line for the status bar and the CLI.
func oneLine(err error) string {
	if err == nil {
		return ""
	}
	s := strings.TrimSpace(err.Error())
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	return s
}
