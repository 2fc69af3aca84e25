package render

import (
	"fmt"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// Headless creates an invisible window with a GL 4.1 core context, makes it current and
// calls Init. release destroys it. It needs a display (xvfb-run -a on servers).
// Call it from the main goroutine: render's init locked it to the main OS thread.
func Headless() (release func(), info Info, err error) {
	// go-gl/glfw panics on GLFW's programmer errors (a failed Init shows up as one later):
	// turn them into an error.
	defer func() {
		if r := recover(); r != nil {
			release, info, err = func() {}, Info{}, fmt.Errorf("render: GLFW: %v (is there a display? try xvfb-run -a)", r)
		}
	}()
	terminate := func() {}
	if !glfwInitialised() {
		// go-gl logs platform errors (no DISPLAY) instead of returning them: check again after.
		if err := glfw.Init(); err != nil {
			return func() {}, Info{}, fmt.Errorf("render: GLFW init (is there a display? try xvfb-run -a): %w", err)
		}
		if !glfwInitialised() {
			return func() {}, Info{}, fmt.Errorf("render: GLFW init failed (is there a display? try xvfb-run -a)")
		}
		terminate = glfw.Terminate // only the one who initialised GLFW may terminate it
	}
	glfw.DefaultWindowHints()
	glfw.WindowHint(glfw.ContextVersionMajor, 4)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	glfw.WindowHint(glfw.OpenGLProfile, glfw.OpenGLCoreProfile)
	glfw.WindowHint(glfw.OpenGLForwardCompatible, glfw.True)
	glfw.WindowHint(glfw.Visible, glfw.False)
	// The window is never shown: rendering goes to an Offscreen target, so its size is moot.
	win, err := glfw.CreateWindow(64, 64, "splatscope-headless", nil, nil)
	if err != nil || win == nil {
		terminate()
		if err == nil {
			err = fmt.Errorf("no window returned")
		}
		return func() {}, Info{}, fmt.Errorf("render: creating a hidden GL 4.1 core window: %w", err)
	}
	win.MakeContextCurrent()
	release = func() {
		forgetContext(win)
		glfw.DetachCurrentContext()
		win.Destroy()
		terminate()
	}
	info, err = Init()
	if err != nil {
		release()
		return func() {}, info, err
	}
	return release, info, nil
}

// glfwInitialised reports whether GLFW is already initialised (by the app, say): GLFW has no
// query for it, but any timer call before Init raises NOT_INITIALIZED, which go-gl turns into a panic.
func glfwInitialised() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	glfw.GetTime()
	return true
}
