package render

import (
	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
)

// LinePass draws coloured line segments that change now and then (camera frusta, a crop box,
// a camera path) with the overlay line program. Lines are depth-tested against what is in the
// depth buffer, so over splats (which write no depth) they always show.
type LinePass struct {
	prog     *program
	vao, vbo uint32
	n        int32 // vertices
	capacity int   // floats the buffer holds
}

// LineVertex is one end of a segment: position and display-encoded colour.
type LineVertex struct {
	P, C mgl32.Vec3
}

// NewLinePass makes an empty line pass; call it on the GL thread.
func NewLinePass() (*LinePass, error) {
	prog, err := sharedProgram("line.vert.glsl", "line.frag.glsl")
	if err != nil {
		return nil, err
	}
	l := &LinePass{prog: prog}
	gl.GenVertexArrays(1, &l.vao)
	gl.BindVertexArray(l.vao)
	gl.GenBuffers(1, &l.vbo)
	gl.BindBuffer(gl.ARRAY_BUFFER, l.vbo)
	gl.EnableVertexAttribArray(0)
	gl.VertexAttribPointerWithOffset(0, 3, gl.FLOAT, false, 24, 0)
	gl.EnableVertexAttribArray(1)
	gl.VertexAttribPointerWithOffset(1, 3, gl.FLOAT, false, 24, 12)
	gl.BindVertexArray(0)
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	return l, nil
}

// Set replaces the segments: vertices 2k and 2k+1 make segment k.
func (l *LinePass) Set(v []LineVertex) {
	if l == nil || l.vao == 0 {
		return
	}
	data := make([]float32, 0, 6*len(v))
	for _, x := range v {
		data = append(data, x.P[0], x.P[1], x.P[2], x.C[0], x.C[1], x.C[2])
	}
	l.n = int32(len(v) / 2 * 2)
	gl.BindBuffer(gl.ARRAY_BUFFER, l.vbo)
	if len(data) > l.capacity || len(data) == 0 {
		l.capacity = max(len(data), 6)
		gl.BufferData(gl.ARRAY_BUFFER, 4*l.capacity, nil, gl.DYNAMIC_DRAW)
	}
	if len(data) > 0 {
		gl.BufferSubData(gl.ARRAY_BUFFER, 0, 4*len(data), gl.Ptr(data))
	}
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
}

// Draw draws the segments with frame f into the bound framebuffer.
func (l *LinePass) Draw(f Frame) {
	if l == nil || l.vao == 0 || l.n == 0 {
		return
	}
	l.prog.use()
	l.prog.setMat4("uViewProj", f.Proj.Mul4(f.View))
	l.prog.setFloat("uDepthBias", lineDepthBias)
	gl.Enable(gl.DEPTH_TEST)
	gl.BindVertexArray(l.vao)
	gl.DrawArrays(gl.LINES, 0, l.n)
	gl.BindVertexArray(0)
}

// Delete frees the pass's buffers.
func (l *LinePass) Delete() {
	if l == nil || l.vao == 0 {
		return
	}
	gl.DeleteBuffers(1, &l.vbo)
	gl.DeleteVertexArrays(1, &l.vao)
	l.vao, l.vbo, l.n = 0, 0, 0
}

// Viewport restricts drawing to the w×h rectangle whose lower-left pixel is (x, y), so a view
// can fill the part of the window beside a docked panel.
func Viewport(x, y, w, h int) {
	gl.Viewport(int32(x), int32(y), int32(w), int32(h))
}

// FrustumLines returns the 8 edges of a camera's view pyramid cut at depth: the 4 rays from the
// eye and the far rectangle, plus a short tick on the top edge so up is visible. right, up
// and forward are unit world axes of the camera; tanX, tanY the tangents of its half FOVs.
func FrustumLines(eye, right, up, forward mgl32.Vec3, tanX, tanY, depth float32, c mgl32.Vec3) []LineVertex {
	centre := eye.Add(forward.Mul(depth))
	rx, uy := right.Mul(tanX*depth), up.Mul(tanY*depth)
	corners := [4]mgl32.Vec3{
		centre.Sub(rx).Sub(uy), centre.Add(rx).Sub(uy), centre.Add(rx).Add(uy), centre.Sub(rx).Add(uy),
	}
	v := make([]LineVertex, 0, 20)
	for i := range corners {
		v = append(v, LineVertex{eye, c}, LineVertex{corners[i], c})
		v = append(v, LineVertex{corners[i], c}, LineVertex{corners[(i+1)%4], c})
	}
	// The up tick: a small triangle's apex above the top edge, as in COLMAP's GUI.
	top := centre.Add(uy)
	apex := top.Add(up.Mul(0.4 * tanY * depth))
	v = append(v, LineVertex{corners[3].Add(rx.Mul(0.5)), c}, LineVertex{apex, c})
	v = append(v, LineVertex{apex, c}, LineVertex{corners[2].Sub(rx.Mul(0.5)), c})
	return v
}

// BoxLines returns the 12 edges of the box [lo, hi].
func BoxLines(lo, hi, c mgl32.Vec3) []LineVertex {
	corner := func(i int) mgl32.Vec3 {
		p := lo
		for k := 0; k < 3; k++ {
			if i&(1<<k) != 0 {
				p[k] = hi[k]
			}
		}
		return p
	}
	v := make([]LineVertex, 0, 24)
	// Edges join corners that differ in exactly one coordinate bit.
	for i := 0; i < 8; i++ {
		for k := 0; k < 3; k++ {
			if i&(1<<k) == 0 {
				v = append(v, LineVertex{corner(i), c}, LineVertex{corner(i | 1<<k), c})
			}
		}
	}
	return v
}
