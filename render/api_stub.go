// Package render is the only package that touches OpenGL: programs, buffers, textures,
// offscreen capture and the drawing passes. It reads domain values (mesh, csp, gaussians)
// and uploads them; it owns no application state.
package render

import (
	"errors"
	"image"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// STUB: the signatures the app builds against. The "render" helper replaces this file with
// real implementations spread over small files (gl.go, headless.go, meshpass.go, offscreen.go).

// Info describes the current GL context.
type Info struct {
	Version, Renderer string
	Major, Minor      int
	Compute           bool // GL >= 4.3: compute shaders and SSBOs usable
}

// Init loads GL entry points for the current context and checks it is at least 4.1 core.
func Init() (Info, error) { return Info{}, errors.New("render: not written yet") }

// Frame is what every pass needs to draw one view.
type Frame struct {
	View, Proj    mgl32.Mat4
	Eye           mgl32.Vec3
	Width, Height int // framebuffer size in pixels (not window points: HiDPI)
}

// Shading selects the normals used for lighting.
type Shading int

const (
	Smooth Shading = iota
	Flat
)

// MeshStyle is how a mesh is drawn.
type MeshStyle struct {
	Shading   Shading
	Wireframe bool // edges over the shaded surface
	Boundary  bool // boundary edges highlighted
	BBox      bool
	Axes      bool
	Textures  bool // use map_Kd textures where present
	Color     mgl32.Vec3 // base colour for meshes without materials
}

// DefaultMeshStyle is the look a mesh opens with.
var DefaultMeshStyle = MeshStyle{Shading: Smooth, Textures: true, Boundary: true, Color: mgl32.Vec3{0.75, 0.75, 0.78}}

// Clear clears the bound framebuffer to a background colour and resets depth.
func Clear(w, h int, bg mgl32.Vec3) {}

// MeshPass holds one mesh uploaded to the GPU.
type MeshPass struct{}

// NewMeshPass uploads m (reversed twins drawn once, textures uploaded).
func NewMeshPass(m *mesh.Mesh) (*MeshPass, error) { return nil, errors.New("render: not written yet") }

// Draw draws the mesh with the given style.
func (p *MeshPass) Draw(f Frame, s MeshStyle) {}

// Delete frees the GPU objects.
func (p *MeshPass) Delete() {}

// Offscreen is a colour+depth framebuffer object for headless rendering and screenshots.
type Offscreen struct{}

// NewOffscreen makes a w×h offscreen target.
func NewOffscreen(w, h int) (*Offscreen, error) { return nil, errors.New("render: not written yet") }

// Bind makes the offscreen target current.
func (o *Offscreen) Bind() {}

// Image reads the target back, top row first.
func (o *Offscreen) Image() *image.RGBA { return nil }

// Delete frees the target.
func (o *Offscreen) Delete() {}

// ReadFramebuffer reads the default framebuffer (the window) back, top row first: screenshots.
func ReadFramebuffer(w, h int) *image.RGBA { return nil }

// Headless creates an invisible window with a GL 4.1 core context, makes it current and
// calls Init. release destroys it. It needs a display (xvfb-run -a on servers).
func Headless() (release func(), info Info, err error) {
	return func() {}, Info{}, errors.New("render: not written yet")
}
