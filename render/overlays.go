package render

import (
	"math"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
)

// Overlay colours, display-encoded: light enough to read on the dark background.
var (
	bboxColour = mgl32.Vec3{0.85, 0.85, 0.8}
	lineColour = mgl32.Vec3{0.95, 0.8, 0.2} // OBJ `l` records
	axisColour = [3]mgl32.Vec3{{0.9, 0.2, 0.2}, {0.3, 0.85, 0.3}, {0.25, 0.45, 1}}
)

// lineDepthBias pulls overlay lines toward the camera (NDC depth units) so lines lying on the
// surface win the depth test; small enough not to show lines through the object.
const lineDepthBias = 2e-4

// overlay draws a mesh's bounding box, axes and line records as GL_LINES.
type overlay struct {
	prog       *program
	vao, vbo   uint32
	bbox, axes [2]int32 // first vertex, vertex count
	lines      [2]int32
}

// newOverlay uploads the line geometry of prepared mesh data: the box, the axes at the origin
// (as long as half the box diagonal, at least) and the mesh's own line segments.
func newOverlay(d *MeshData) *overlay {
	prog, err := sharedProgram("line.vert.glsl", "line.frag.glsl")
	if err != nil {
		return nil // the mesh still draws; only its box and axes are missing
	}
	o := &overlay{prog: prog}
	var v []float32 // x y z r g b per vertex
	add := func(p, c mgl32.Vec3) { v = append(v, p[0], p[1], p[2], c[0], c[1], c[2]) }

	lo, hi := d.Lo, d.Hi
	corner := func(i int) mgl32.Vec3 {
		c := lo
		for k := 0; k < 3; k++ {
			if i&(1<<k) != 0 {
				c[k] = hi[k]
			}
		}
		return c
	}
	// The 12 box edges join corners that differ in exactly one coordinate bit.
	for i := 0; i < 8; i++ {
		for k := 0; k < 3; k++ {
			if i&(1<<k) == 0 {
				add(corner(i), bboxColour)
				add(corner(i|1<<k), bboxColour)
			}
		}
	}
	o.bbox = [2]int32{0, 24}

	size := hi.Sub(lo).Len() / 2
	for k := 0; k < 3; k++ {
		size = max(size, float32(math.Abs(float64(lo[k]))), float32(math.Abs(float64(hi[k]))))
	}
	if size <= 0 || size != size {
		size = 1
	}
	for k := 0; k < 3; k++ {
		var e mgl32.Vec3
		e[k] = size
		add(mgl32.Vec3{}, axisColour[k])
		add(e, axisColour[k])
	}
	o.axes = [2]int32{24, 6}
	for i := 0; i+2 < len(d.Lines); i += 3 {
		add(mgl32.Vec3{d.Lines[i], d.Lines[i+1], d.Lines[i+2]}, lineColour)
	}
	o.lines = [2]int32{30, int32(len(d.Lines) / 3)}

	gl.GenVertexArrays(1, &o.vao)
	gl.BindVertexArray(o.vao)
	gl.GenBuffers(1, &o.vbo)
	gl.BindBuffer(gl.ARRAY_BUFFER, o.vbo)
	gl.BufferData(gl.ARRAY_BUFFER, 4*len(v), gl.Ptr(v), gl.STATIC_DRAW)
	gl.EnableVertexAttribArray(0)
	gl.VertexAttribPointerWithOffset(0, 3, gl.FLOAT, false, 24, 0)
	gl.EnableVertexAttribArray(1)
	gl.VertexAttribPointerWithOffset(1, 3, gl.FLOAT, false, 24, 12)
	gl.BindVertexArray(0)
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	return o
}

// draw draws the parts of the overlay the style asks for (line records always).
func (o *overlay) draw(f Frame, s MeshStyle) {
	if o == nil || o.vao == 0 {
		return
	}
	if !s.BBox && !s.Axes && o.lines[1] == 0 {
		return
	}
	o.prog.use()
	o.prog.setMat4("uViewProj", f.Proj.Mul4(f.View))
	o.prog.setFloat("uDepthBias", lineDepthBias)
	gl.BindVertexArray(o.vao)
	if s.BBox {
		gl.DrawArrays(gl.LINES, o.bbox[0], o.bbox[1])
	}
	if s.Axes {
		gl.DrawArrays(gl.LINES, o.axes[0], o.axes[1])
	}
	if o.lines[1] > 0 {
		gl.DrawArrays(gl.LINES, o.lines[0], o.lines[1])
	}
	gl.BindVertexArray(0)
}

// delete frees the overlay's buffers.
func (o *overlay) delete() {
	if o == nil || o.vao == 0 {
		return
	}
	gl.DeleteBuffers(1, &o.vbo)
	gl.DeleteVertexArrays(1, &o.vao)
	o.vao, o.vbo = 0, 0
}

// srgbDecode is the sRGB transfer function, display value to linear light.
func srgbDecode(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}
