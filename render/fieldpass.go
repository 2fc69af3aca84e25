package render

import (
	"fmt"
	"image"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/csp"
)

// FieldStyle is how a CSP field is sphere-traced; zero fields take csp.TraceOptions' defaults.
type FieldStyle struct {
	Mode           csp.TraceMode
	Epsilon        float32 // stop when u < Epsilon; 0: half a voxel
	MaxSteps       int     // 0: csp.DefaultMaxSteps
	CurvatureRange float32 // curvature at the colour map's ends; 0: 8 / box diagonal
	Color          mgl32.Vec3
}

// DefaultFieldStyle is the look a field opens with.
var DefaultFieldStyle = FieldStyle{Mode: csp.Shaded}

// Options returns the CPU twin's options for this style.
func (s FieldStyle) Options() csp.TraceOptions {
	return csp.TraceOptions{Mode: s.Mode, Epsilon: s.Epsilon, MaxSteps: s.MaxSteps, CurvatureRange: s.CurvatureRange, Color: s.Color}
}

// FieldPass holds a baked grid in a 3D texture and sphere-traces it in a fragment shader
// (shaders/field.frag.glsl, the twin of csp.Trace), writing gl_FragDepth at the hits so
// meshes drawn before or after sit correctly in front of or behind the surface.
type FieldPass struct {
	prog *program
	tex  uint32
	vao  uint32
	grid *csp.Grid
}

// NewFieldPass uploads g: RGB32F, or RGB16F for a half grid; call it on the GL thread.
func NewFieldPass(g *csp.Grid) (*FieldPass, error) {
	if g == nil {
		return nil, fmt.Errorf("render: field pass: no grid")
	}
	prog, err := sharedProgram("field.vert.glsl", "field.frag.glsl")
	if err != nil {
		return nil, err
	}
	var max3D int32
	gl.GetIntegerv(gl.MAX_3D_TEXTURE_SIZE, &max3D)
	for _, d := range g.Dims {
		if d > int(max3D) {
			return nil, fmt.Errorf("render: field grid %v: this GL allows 3D textures of at most %d per side", g.Dims, max3D)
		}
	}
	glError("before field upload") // clear stale flags so the check below is about this upload
	p := &FieldPass{prog: prog, grid: g}
	gl.GenTextures(1, &p.tex)
	gl.BindTexture(gl.TEXTURE_3D, p.tex)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1) // half RGB texels are 6 bytes: rows need not be 4-aligned
	w, h, d := int32(g.Dims[2]), int32(g.Dims[1]), int32(g.Dims[0])
	if half := g.HalfData(); half != nil {
		gl.TexImage3D(gl.TEXTURE_3D, 0, gl.RGB16F, w, h, d, 0, gl.RGB, gl.HALF_FLOAT, gl.Ptr(half))
	} else {
		data, _ := g.Data()
		gl.TexImage3D(gl.TEXTURE_3D, 0, gl.RGB32F, w, h, d, 0, gl.RGB, gl.FLOAT, gl.Ptr(data))
	}
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	// NEAREST: the shader fetches the 8 corners itself to decide whether to interpolate.
	gl.TexParameteri(gl.TEXTURE_3D, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
	gl.TexParameteri(gl.TEXTURE_3D, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
	for _, wrap := range []uint32{gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T, gl.TEXTURE_WRAP_R} {
		gl.TexParameteri(gl.TEXTURE_3D, wrap, gl.CLAMP_TO_EDGE)
	}
	gl.BindTexture(gl.TEXTURE_3D, 0)
	gl.GenVertexArrays(1, &p.vao) // core profile draws need a bound VAO, even an empty one
	if err := glError(fmt.Sprintf("uploading a %v field grid", g.Dims)); err != nil {
		p.Delete()
		return nil, err
	}
	return p, nil
}

// Grid returns the uploaded grid.
func (p *FieldPass) Grid() *csp.Grid { return p.grid }

// Draw sphere-traces the field into the bound framebuffer, depth-tested against what is there.
func (p *FieldPass) Draw(f Frame, s FieldStyle) {
	if p == nil || p.tex == 0 || f.Width <= 0 || f.Height <= 0 {
		return
	}
	o := s.Options().Resolved(p.grid)
	cam := csp.NewTraceCamera(f.View, f.Proj, f.Eye)
	off, jh := csp.CurvatureOffset(p.grid)
	lo, hi := p.grid.Bounds()
	pr := p.prog
	pr.use()
	pr.setMat4("uInvViewProj", cam.InvViewProj())
	pr.setMat4("uViewProj", f.Proj.Mul4(f.View))
	pr.setMat4("uView", f.View)
	pr.setVec2("uViewport", float32(f.Width), float32(f.Height))
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_3D, p.tex)
	pr.setInt("uGrid", 0)
	gl.Uniform3i(pr.loc("uDims"), int32(p.grid.Dims[0]), int32(p.grid.Dims[1]), int32(p.grid.Dims[2]))
	pr.setVec3("uOrigin", p.grid.Origin)
	pr.setFloat("uSpacing", p.grid.Spacing)
	pr.setVec3("uBoxLo", lo)
	pr.setVec3("uBoxHi", hi)
	pr.setFloat("uEps", o.Epsilon)
	pr.setInt("uMaxSteps", int32(o.MaxSteps))
	pr.setInt("uMode", int32(o.Mode))
	pr.setFloat("uCurvRange", o.CurvatureRange)
	pr.setVec3("uColor", o.Color)
	pr.setFloat("uBackStep", csp.BackStep(o.Epsilon))
	pr.setFloat("uCurvOffset", off)
	pr.setFloat("uJacH", jh)
	pr.setFloat("uOnSurface", csp.NewSafeGrid(p.grid).OnSurfaceDistance())
	gl.Enable(gl.DEPTH_TEST)
	gl.DepthFunc(gl.LESS)
	gl.DepthMask(true)
	gl.Disable(gl.BLEND)
	gl.Disable(gl.CULL_FACE)
	gl.BindVertexArray(p.vao)
	gl.DrawArrays(gl.TRIANGLES, 0, 3)
	gl.BindVertexArray(0)
	gl.BindTexture(gl.TEXTURE_3D, 0)
}

// Delete frees the texture and vertex array (the program is shared per context).
func (p *FieldPass) Delete() {
	if p == nil {
		return
	}
	if p.tex != 0 {
		gl.DeleteTextures(1, &p.tex)
		p.tex = 0
	}
	if p.vao != 0 {
		gl.DeleteVertexArrays(1, &p.vao)
		p.vao = 0
	}
}

// RenderFieldPNG sphere-traces g, seen by cam, into a w×h image on the default gradient
// background. It needs a current GL context (Headless).
func RenderFieldPNG(g *csp.Grid, cam camera.Camera, w, h int, s FieldStyle) (*image.RGBA, error) {
	return renderFieldFrame(g, FrameFor(cam, w, h), s)
}

// renderFieldFrame draws one field frame offscreen and reads it back.
func renderFieldFrame(g *csp.Grid, f Frame, s FieldStyle) (*image.RGBA, error) {
	target, err := NewOffscreen(f.Width, f.Height)
	if err != nil {
		return nil, err
	}
	defer target.Delete()
	p, err := NewFieldPass(g)
	if err != nil {
		return nil, err
	}
	defer p.Delete()
	target.Bind()
	if err := ClearGradient(f.Width, f.Height, BackgroundBottom, BackgroundTop); err != nil {
		return nil, err
	}
	p.Draw(f, s)
	img := target.Image()
	target.Unbind()
	if err := glError("rendering a field"); err != nil {
		return nil, err
	}
	return img, nil
}
