package render

import "github.com/go-gl/gl/v4.1-core/gl"

// colorVerts is a dynamic vertex buffer of interleaved position and display-encoded colour
// (6 floats a vertex, attributes 0 and 1), shared by the line and point passes. It grows when
// given more data than it holds and shrinks to nothing when emptied.
type colorVerts struct {
	vao, vbo uint32
	capacity int // floats the buffer holds
}

// newColorVerts makes the vertex array and buffer; call it on the GL thread.
func newColorVerts() colorVerts {
	var c colorVerts
	gl.GenVertexArrays(1, &c.vao)
	gl.BindVertexArray(c.vao)
	gl.GenBuffers(1, &c.vbo)
	gl.BindBuffer(gl.ARRAY_BUFFER, c.vbo)
	gl.EnableVertexAttribArray(0)
	gl.VertexAttribPointerWithOffset(0, 3, gl.FLOAT, false, 24, 0)
	gl.EnableVertexAttribArray(1)
	gl.VertexAttribPointerWithOffset(1, 3, gl.FLOAT, false, 24, 12)
	gl.BindVertexArray(0)
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	return c
}

// upload replaces the buffer's contents with data (6 floats a vertex).
func (c *colorVerts) upload(data []float32) {
	gl.BindBuffer(gl.ARRAY_BUFFER, c.vbo)
	if len(data) > c.capacity || len(data) == 0 {
		c.capacity = max(len(data), 6)
		gl.BufferData(gl.ARRAY_BUFFER, 4*c.capacity, nil, gl.DYNAMIC_DRAW)
	}
	if len(data) > 0 {
		gl.BufferSubData(gl.ARRAY_BUFFER, 0, 4*len(data), gl.Ptr(data))
	}
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
}

// draw draws the first n vertices as the given primitive.
func (c *colorVerts) draw(mode uint32, n int32) {
	gl.BindVertexArray(c.vao)
	gl.DrawArrays(mode, 0, n)
	gl.BindVertexArray(0)
}

// delete frees the buffer and the vertex array.
func (c *colorVerts) delete() {
	gl.DeleteBuffers(1, &c.vbo)
	gl.DeleteVertexArrays(1, &c.vao)
	*c = colorVerts{}
}
