package render

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
)

// PointPass draws particles (the physics preview's) as round sprites: one GL point each, its
// size set from a world radius so that particles look as large as the volume they stand for,
// coloured per point and depth-tested against each other.
type PointPass struct {
	prog *program
	colorVerts
	n int32 // points
}

// PointMinSize is the smallest sprite in pixels: far or tiny particles stay visible.
const PointMinSize = 2

// NewPointPass makes an empty point pass; call it on the GL thread.
func NewPointPass() (*PointPass, error) {
	prog, err := sharedProgram("points.vert.glsl", "points.frag.glsl")
	if err != nil {
		return nil, err
	}
	p := &PointPass{prog: prog, colorVerts: newColorVerts()}
	return p, glError("making the point pass")
}

// Set replaces the points: positions and display-encoded colours, 3 floats per point each.
func (p *PointPass) Set(positions, colors []float32) error {
	if p == nil || p.vao == 0 {
		return fmt.Errorf("render: points: no pass")
	}
	if len(positions)%3 != 0 || len(colors) != len(positions) {
		return fmt.Errorf("render: points: %d position and %d colour floats (want 3 each per point)", len(positions), len(colors))
	}
	n := len(positions) / 3
	data := make([]float32, 6*n)
	for i := 0; i < n; i++ {
		copy(data[6*i:6*i+3], positions[3*i:3*i+3])
		copy(data[6*i+3:6*i+6], colors[3*i:3*i+3])
	}
	p.upload(data)
	p.n = int32(n)
	return glError("setting points")
}

// Len is the number of points set.
func (p *PointPass) Len() int {
	if p == nil {
		return 0
	}
	return int(p.n)
}

// Draw draws the points with frame f into the bound framebuffer as discs of the given world
// radius, writing depth (points hide each other; splats, which write none, are drawn over).
func (p *PointPass) Draw(f Frame, radius float32) {
	if p == nil || p.vao == 0 || p.n == 0 {
		return
	}
	p.prog.use()
	p.prog.setMat4("uViewProj", f.Proj.Mul4(f.View))
	p.prog.setFloat("uRadius", radius)
	p.prog.setFloat("uFocal", pointFocal(f))
	p.prog.setFloat("uMinSize", PointMinSize)
	gl.Enable(gl.PROGRAM_POINT_SIZE)
	gl.Enable(gl.DEPTH_TEST)
	gl.DepthMask(true)
	gl.Disable(gl.BLEND)
	p.draw(gl.POINTS, p.n)
	gl.Disable(gl.PROGRAM_POINT_SIZE)
}

// Delete frees the pass's buffers.
func (p *PointPass) Delete() {
	if p == nil || p.vao == 0 {
		return
	}
	p.delete()
	p.n = 0
}

// pointFocal is the frame's vertical focal length in pixels: Proj[1][1]·height/2.
func pointFocal(f Frame) float32 { return f.Proj.At(1, 1) * float32(f.Height) / 2 }

// PointDiameter is the CPU twin of the sprite size: the diameter in pixels of a point of world
// radius r at world position at, seen in frame f (0 behind the eye).
func PointDiameter(f Frame, at mgl32.Vec3, r float32) float32 {
	c := f.Proj.Mul4(f.View).Mul4x1(at.Vec4(1))
	if !(c[3] > 0) {
		return 0
	}
	return max(PointMinSize, 2*r*pointFocal(f)/c[3])
}
