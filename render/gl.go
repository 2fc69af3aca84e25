// Package render is the only package that touches OpenGL: programs, buffers, textures,
// offscreen capture and the drawing passes. It reads domain values (mesh, csp, gaussians)
// and uploads them; it owns no application state.
package render

import (
	"fmt"
	"runtime"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
)

// GL calls must come from the thread that owns the context; render owns it, so the main
// goroutine stays on the main OS thread (GLFW on macOS needs the main thread as well).
func init() { runtime.LockOSThread() }

// Info describes the current GL context.
type Info struct {
	Version, Renderer string
	Major, Minor      int
	Compute           bool // GL >= 4.3: compute shaders and SSBOs usable
}

// String is a one-line summary for logs and the about box.
func (i Info) String() string {
	return fmt.Sprintf("OpenGL %d.%d (%s) on %s, compute %v", i.Major, i.Minor, i.Version, i.Renderer, i.Compute)
}

// Init loads GL entry points for the current context and checks it is at least 4.1 core.
func Init() (Info, error) {
	if err := gl.Init(); err != nil {
		return Info{}, fmt.Errorf("render: loading OpenGL entry points: %w", err)
	}
	var info Info
	info.Version = gl.GoStr(gl.GetString(gl.VERSION))
	info.Renderer = gl.GoStr(gl.GetString(gl.RENDERER))
	var major, minor int32
	gl.GetIntegerv(gl.MAJOR_VERSION, &major)
	gl.GetIntegerv(gl.MINOR_VERSION, &minor)
	info.Major, info.Minor = int(major), int(minor)
	// Compute shaders and SSBOs entered core in OpenGL 4.3.
	info.Compute = info.Major > 4 || (info.Major == 4 && info.Minor >= 3)
	// 4.1 is what macOS offers and what every shader here is written against.
	if info.Major < 4 || (info.Major == 4 && info.Minor < 1) {
		return info, fmt.Errorf("render: OpenGL %d.%d (%s, %s) is too old: Splatscope needs 4.1 core", info.Major, info.Minor, info.Version, info.Renderer)
	}
	return info, nil
}

// Clear clears the bound framebuffer to a background colour and resets depth.
func Clear(w, h int, bg mgl32.Vec3) {
	gl.Viewport(0, 0, int32(w), int32(h))
	gl.Disable(gl.SCISSOR_TEST) // ImGui leaves scissoring on; a scissored clear would keep old pixels
	gl.DepthMask(true)
	gl.ClearColor(bg[0], bg[1], bg[2], 1)
	gl.Clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT)
}

// glError returns the pending GL errors as one error naming what was being done, or nil.
func glError(what string) error {
	var codes []uint32
	// A context can hold several error flags; 8 is more than any driver reports at once.
	for i := 0; i < 8; i++ {
		c := gl.GetError()
		if c == gl.NO_ERROR {
			break
		}
		codes = append(codes, c)
	}
	if len(codes) == 0 {
		return nil
	}
	return fmt.Errorf("render: %s: GL error %s", what, glErrorNames(codes))
}

// glErrorNames spells GL error codes.
func glErrorNames(codes []uint32) string {
	s := ""
	for i, c := range codes {
		if i > 0 {
			s += ", "
		}
		switch c {
		case gl.INVALID_ENUM:
			s += "INVALID_ENUM"
		case gl.INVALID_VALUE:
			s += "INVALID_VALUE"
		case gl.INVALID_OPERATION:
			s += "INVALID_OPERATION"
		case gl.INVALID_FRAMEBUFFER_OPERATION:
			s += "INVALID_FRAMEBUFFER_OPERATION"
		case gl.OUT_OF_MEMORY:
			s += "OUT_OF_MEMORY"
		default:
			s += fmt.Sprintf("0x%x", c)
		}
	}
	return s
}
