package render

import (
	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
)

// LinePass draws coloured line segments that change now and then (camera frusta, a crop box,
// a camera path) with the overlay line program. Lines are depth-tested against what is in the
// depth buffer, so over splats (which write no depth) they always show.
type LinePass struct {
	prog *program
	colorVerts
	n int32 // vertices
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
	l := &LinePass{prog: prog, colorVerts: newColorVerts()}
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
	l.upload(data)
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
	l.draw(gl.LINES, l.n)
}

// Delete frees the pass's buffers.
func (l *LinePass) Delete() {
	if l == nil || l.vao == 0 {
		return
	}
	l.delete()
	l.n = 0
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
