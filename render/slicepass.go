package render

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
)

// SliceStyle places and colours the slice plane.
type SliceStyle struct {
	Axis       int     // the plane's normal: 0 X, 1 Y, 2 Z
	Pos        float32 // the plane's coordinate along Axis (world units)
	URange     float32 // u at the top of the colour map; 0: a quarter of the box diagonal
	IsoSpacing float32 // distance between iso-lines; 0: four voxels
}

// resolved fills SliceStyle's zero fields for grid g.
func (s SliceStyle) resolved(g *csp.Grid) SliceStyle {
	lo, hi := g.Bounds()
	if s.URange <= 0 {
		s.URange = hi.Sub(lo).Len() / 4 // a quarter diagonal: the surface's surroundings span the map
	}
	if s.IsoSpacing <= 0 {
		s.IsoSpacing = 4 * g.Spacing // four voxels: lines dense enough to read u, sparse enough to see the map
	}
	s.Axis = min(max(s.Axis, 0), 2)
	return s
}

// arrowColour is the colour of the closest-point arrows: white reads on every heat colour.
var arrowColour = mgl32.Vec3{1, 1, 1}

// SlicePass draws a plane through a field's grid coloured by the distance u, with iso-lines,
// and line-segment arrows from plane points to their closest points.
type SlicePass struct {
	field    *FieldPass
	prog     *program
	lineProg *program
	vao      uint32 // empty: the plane's corners come from gl_VertexID
	arrowVAO uint32
	arrowVBO uint32
	arrowN   int32 // vertices
}

// NewSlicePass makes a slice pass over the grid texture of fp (which must outlive it).
func NewSlicePass(fp *FieldPass) (*SlicePass, error) {
	if fp == nil || fp.tex == 0 {
		return nil, fmt.Errorf("render: slice pass: no field")
	}
	prog, err := sharedProgram("slice.vert.glsl", "slice.frag.glsl")
	if err != nil {
		return nil, err
	}
	lp, err := sharedProgram("line.vert.glsl", "line.frag.glsl")
	if err != nil {
		return nil, err
	}
	s := &SlicePass{field: fp, prog: prog, lineProg: lp}
	gl.GenVertexArrays(1, &s.vao)
	gl.GenVertexArrays(1, &s.arrowVAO)
	gl.GenBuffers(1, &s.arrowVBO)
	gl.BindVertexArray(s.arrowVAO)
	gl.BindBuffer(gl.ARRAY_BUFFER, s.arrowVBO)
	gl.EnableVertexAttribArray(0)
	gl.VertexAttribPointerWithOffset(0, 3, gl.FLOAT, false, 24, 0)
	gl.EnableVertexAttribArray(1)
	gl.VertexAttribPointerWithOffset(1, 3, gl.FLOAT, false, 24, 12)
	gl.BindVertexArray(0)
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	return s, glError("creating the slice pass")
}

// SetArrows uploads the arrows as line segments: pairs of endpoints (see SliceArrows).
func (s *SlicePass) SetArrows(segs []mgl32.Vec3) {
	if s == nil || s.arrowVBO == 0 {
		return
	}
	v := make([]float32, 0, 6*len(segs))
	for _, p := range segs {
		v = append(v, p[0], p[1], p[2], arrowColour[0], arrowColour[1], arrowColour[2])
	}
	gl.BindBuffer(gl.ARRAY_BUFFER, s.arrowVBO)
	if len(v) > 0 {
		gl.BufferData(gl.ARRAY_BUFFER, 4*len(v), gl.Ptr(v), gl.DYNAMIC_DRAW)
	}
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	s.arrowN = int32(len(segs) / 2 * 2)
}

// Draw draws the plane, depth-tested against what is there, then the arrows.
func (s *SlicePass) Draw(f Frame, st SliceStyle) {
	if s == nil || s.vao == 0 || s.field == nil || s.field.tex == 0 {
		return
	}
	g := s.field.grid
	st = st.resolved(g)
	lo, hi := g.Bounds()
	pr := s.prog
	pr.use()
	pr.setMat4("uViewProj", f.Proj.Mul4(f.View))
	pr.setVec3("uBoxLo", lo)
	pr.setVec3("uBoxHi", hi)
	pr.setInt("uAxis", int32(st.Axis))
	pr.setFloat("uPos", st.Pos)
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_3D, s.field.tex)
	pr.setInt("uGrid", 0)
	gl.Uniform3i(pr.loc("uDims"), int32(g.Dims[0]), int32(g.Dims[1]), int32(g.Dims[2]))
	pr.setVec3("uOrigin", g.Origin)
	pr.setFloat("uSpacing", g.Spacing)
	pr.setFloat("uURange", st.URange)
	pr.setFloat("uIsoSpacing", st.IsoSpacing)
	gl.Enable(gl.DEPTH_TEST)
	gl.DepthFunc(gl.LEQUAL)
	gl.DepthMask(true)
	gl.Disable(gl.BLEND)
	gl.Disable(gl.CULL_FACE)
	gl.BindVertexArray(s.vao)
	gl.DrawArrays(gl.TRIANGLES, 0, 6)
	gl.BindTexture(gl.TEXTURE_3D, 0)
	if s.arrowN > 0 {
		s.lineProg.use()
		s.lineProg.setMat4("uViewProj", f.Proj.Mul4(f.View))
		s.lineProg.setFloat("uDepthBias", lineDepthBias)
		gl.BindVertexArray(s.arrowVAO)
		gl.DrawArrays(gl.LINES, 0, s.arrowN)
	}
	gl.BindVertexArray(0)
}

// Delete frees the pass's buffers (not the field's texture).
func (s *SlicePass) Delete() {
	if s == nil {
		return
	}
	if s.arrowVBO != 0 {
		gl.DeleteBuffers(1, &s.arrowVBO)
		s.arrowVBO = 0
	}
	for _, v := range []*uint32{&s.vao, &s.arrowVAO} {
		if *v != 0 {
			gl.DeleteVertexArrays(1, v)
			*v = 0
		}
	}
}
