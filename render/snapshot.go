package render

import (
	"fmt"
	"image"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/mesh"
)

// Background colours of the default look: a dark blue-grey gradient, display-encoded, that
// keeps a neutral grey material and white or orange lines readable.
var (
	BackgroundTop    = mgl32.Vec3{0.22, 0.235, 0.26}
	BackgroundBottom = mgl32.Vec3{0.07, 0.075, 0.085}
)

// ClearGradient clears depth and fills the bound w×h framebuffer with a vertical gradient.
func ClearGradient(w, h int, bottom, top mgl32.Vec3) error {
	Clear(w, h, bottom)
	prog, err := sharedProgram("background.vert.glsl", "background.frag.glsl")
	if err != nil {
		return err
	}
	var vao uint32 // core profile draws need a bound VAO, even an empty one
	gl.GenVertexArrays(1, &vao)
	gl.BindVertexArray(vao)
	gl.Disable(gl.DEPTH_TEST)
	gl.DepthMask(false)
	prog.use()
	prog.setVec3("uBottom", bottom)
	prog.setVec3("uTop", top)
	gl.DrawArrays(gl.TRIANGLES, 0, 3)
	gl.DepthMask(true)
	gl.BindVertexArray(0)
	gl.DeleteVertexArrays(1, &vao)
	return nil
}

// FrameFor builds the Frame of a camera for a w×h image.
func FrameFor(cam camera.Camera, w, h int) Frame {
	return Frame{
		View: cam.View(), Proj: cam.Projection().Matrix(float32(w) / float32(h)),
		Eye: cam.Position(), Width: w, Height: h,
	}
}

// RenderMeshesPNG draws meshes with one style, seen by cam, into a w×h image on the default
// gradient background (`splatscope render`). It needs a current GL context (Headless).
func RenderMeshesPNG(meshes []*mesh.Mesh, cam camera.Camera, w, h int, style MeshStyle) (*image.RGBA, error) {
	if len(meshes) == 0 {
		return nil, fmt.Errorf("render: no meshes to render")
	}
	target, err := NewOffscreen(w, h)
	if err != nil {
		return nil, err
	}
	defer target.Delete()
	var passes []*MeshPass
	defer func() {
		for _, p := range passes {
			p.Delete()
		}
	}()
	for _, m := range meshes {
		p, err := NewMeshPass(m)
		if err != nil {
			return nil, err
		}
		passes = append(passes, p)
	}
	target.Bind()
	if err := ClearGradient(w, h, BackgroundBottom, BackgroundTop); err != nil {
		return nil, err
	}
	f := FrameFor(cam, w, h)
	for _, p := range passes {
		p.Draw(f, style)
	}
	img := target.Image()
	target.Unbind()
	if err := glError("rendering meshes"); err != nil {
		return nil, err
	}
	return img, nil
}
