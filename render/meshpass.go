package render

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// Shading selects the normals used for lighting.
type Shading int

const (
	Smooth Shading = iota
	Flat
)

// Frame is what every pass needs to draw one view.
type Frame struct {
	View, Proj    mgl32.Mat4
	Eye           mgl32.Vec3
	Width, Height int // framebuffer size in pixels (not window points: HiDPI)
}

// MeshStyle is how a mesh is drawn.
type MeshStyle struct {
	Shading   Shading
	Wireframe bool // edges over the shaded surface
	Boundary  bool // boundary edges highlighted
	BBox      bool
	Axes      bool
	Textures  bool       // use map_Kd textures where present
	Color     mgl32.Vec3 // base colour for meshes without materials
}

// DefaultMeshStyle is the look a mesh opens with.
var DefaultMeshStyle = MeshStyle{Shading: Smooth, Textures: true, Boundary: true, Color: mgl32.Vec3{0.75, 0.75, 0.78}}

// Vertex attribute locations, matching the layout qualifiers of mesh.vert.glsl.
const (
	attrPos = iota
	attrNormal
	attrUV
	attrColor
)

// MeshPass holds one mesh uploaded to the GPU.
type MeshPass struct {
	prog      *program
	vao       uint32
	buffers   []uint32
	flagsBuf  uint32 // per-triangle boundary bits, read through flagsTex
	flagsTex  uint32
	textures  map[int32]uint32 // material index -> GL texture
	groups    []DrawGroup
	materials []mesh.Material
	hasColors bool
	hasUVs    bool
	overlay   *overlay

	// Stats of what was uploaded, for the UI.
	Triangles, Vertices, Dropped, BoundaryEdges int
}

// NewMeshPass uploads m (reversed twins drawn once, textures uploaded).
func NewMeshPass(m *mesh.Mesh) (*MeshPass, error) {
	d, err := PrepareMesh(m)
	if err != nil {
		return nil, err
	}
	return UploadMesh(d)
}

// UploadMesh creates the GPU objects for prepared mesh data; call it on the GL thread.
func UploadMesh(d *MeshData) (*MeshPass, error) {
	prog, err := sharedProgram("mesh.vert.glsl", "mesh.geom.glsl", "mesh.frag.glsl")
	if err != nil {
		return nil, err
	}
	glError("before mesh upload")
	p := &MeshPass{
		prog: prog, groups: d.Groups, materials: d.Materials, textures: map[int32]uint32{},
		hasColors: d.Colors != nil, hasUVs: d.UVs != nil,
		Triangles: len(d.Indices) / 3, Vertices: len(d.Positions) / 3, Dropped: d.Dropped, BoundaryEdges: d.BoundaryEdges,
	}
	gl.GenVertexArrays(1, &p.vao)
	gl.BindVertexArray(p.vao)
	p.attribute(attrPos, 3, d.Positions)
	p.attribute(attrNormal, 3, d.Normals)
	if p.hasUVs {
		p.attribute(attrUV, 2, d.UVs)
	} else {
		gl.VertexAttrib2f(attrUV, 0, 0)
	}
	if p.hasColors {
		p.attribute(attrColor, 3, d.Colors)
	} else {
		gl.VertexAttrib3f(attrColor, 1, 1, 1)
	}
	var ebo uint32
	gl.GenBuffers(1, &ebo)
	gl.BindBuffer(gl.ELEMENT_ARRAY_BUFFER, ebo)
	gl.BufferData(gl.ELEMENT_ARRAY_BUFFER, 4*len(d.Indices), gl.Ptr(d.Indices), gl.STATIC_DRAW)
	p.buffers = append(p.buffers, ebo)
	gl.BindVertexArray(0)

	// Boundary bits live in a texture buffer indexed by the primitive id in the geometry shader.
	gl.GenBuffers(1, &p.flagsBuf)
	gl.BindBuffer(gl.TEXTURE_BUFFER, p.flagsBuf)
	gl.BufferData(gl.TEXTURE_BUFFER, len(d.TriFlags), gl.Ptr(d.TriFlags), gl.STATIC_DRAW)
	gl.GenTextures(1, &p.flagsTex)
	gl.BindTexture(gl.TEXTURE_BUFFER, p.flagsTex)
	gl.TexBuffer(gl.TEXTURE_BUFFER, gl.R8UI, p.flagsBuf)
	gl.BindTexture(gl.TEXTURE_BUFFER, 0)
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)

	if p.hasUVs {
		for _, g := range d.Groups {
			if g.Material >= 0 && d.Materials[g.Material].Texture != nil {
				p.textures[g.Material] = uploadTexture(d.Materials[g.Material].Texture)
			}
		}
	}
	p.overlay = newOverlay(d)
	if err := glError(fmt.Sprintf("uploading a mesh of %d triangles", p.Triangles)); err != nil {
		p.Delete()
		return nil, err
	}
	return p, nil
}

// attribute uploads one float vertex array and binds it to a location of the bound VAO.
func (p *MeshPass) attribute(loc uint32, size int32, data []float32) {
	var vbo uint32
	gl.GenBuffers(1, &vbo)
	gl.BindBuffer(gl.ARRAY_BUFFER, vbo)
	gl.BufferData(gl.ARRAY_BUFFER, 4*len(data), gl.Ptr(data), gl.STATIC_DRAW)
	gl.EnableVertexAttribArray(loc)
	gl.VertexAttribPointerWithOffset(loc, size, gl.FLOAT, false, 0, 0)
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	p.buffers = append(p.buffers, vbo)
}

// Draw draws the mesh with the given style.
func (p *MeshPass) Draw(f Frame, s MeshStyle) {
	if p == nil || p.vao == 0 {
		return
	}
	gl.Enable(gl.DEPTH_TEST)
	gl.DepthFunc(gl.LEQUAL)
	gl.DepthMask(true)
	gl.Disable(gl.CULL_FACE) // two-sided: open surfaces show their back
	gl.Disable(gl.BLEND)
	gl.Disable(gl.SCISSOR_TEST)
	gl.PolygonMode(gl.FRONT_AND_BACK, gl.FILL)

	pr := p.prog
	pr.use()
	pr.setMat4("uView", f.View)
	pr.setMat4("uProj", f.Proj)
	pr.setVec2("uViewport", float32(f.Width), float32(f.Height))
	pr.setBool("uFlat", s.Shading == Flat)
	pr.setBool("uWireframe", s.Wireframe)
	pr.setBool("uBoundary", s.Boundary)
	pr.setBool("uVertexColor", p.hasColors)
	gl.ActiveTexture(gl.TEXTURE1)
	gl.BindTexture(gl.TEXTURE_BUFFER, p.flagsTex)
	pr.setInt("uTriFlags", 1)
	pr.setInt("uTex", 0)
	gl.ActiveTexture(gl.TEXTURE0)

	gl.BindVertexArray(p.vao)
	for _, g := range p.groups {
		colour := srgbToLinear(s.Color)
		if g.Material >= 0 {
			colour = srgbToLinear(mgl32.Vec3(p.materials[g.Material].Kd))
		}
		tex, textured := p.textures[g.Material]
		textured = textured && s.Textures
		if textured {
			gl.BindTexture(gl.TEXTURE_2D, tex)
		}
		pr.setVec3("uBaseColor", colour)
		pr.setBool("uTextured", textured)
		pr.setInt("uPrimBase", int32(g.First))
		gl.DrawElementsWithOffset(gl.TRIANGLES, int32(3*g.Count), gl.UNSIGNED_INT, uintptr(12*g.First))
	}
	gl.BindVertexArray(0)
	gl.BindTexture(gl.TEXTURE_2D, 0)
	gl.ActiveTexture(gl.TEXTURE1)
	gl.BindTexture(gl.TEXTURE_BUFFER, 0)
	gl.ActiveTexture(gl.TEXTURE0)
	p.overlay.draw(f, s)
}

// srgbToLinear decodes a display colour (MTL Kd, UI colour pickers) to linear light.
func srgbToLinear(c mgl32.Vec3) mgl32.Vec3 {
	var out mgl32.Vec3
	for i, v := range c {
		out[i] = float32(srgbDecode(float64(v)))
	}
	return out
}

// Delete frees the GPU objects.
func (p *MeshPass) Delete() {
	if p == nil {
		return
	}
	if len(p.buffers) > 0 {
		gl.DeleteBuffers(int32(len(p.buffers)), &p.buffers[0])
		p.buffers = nil
	}
	if p.flagsTex != 0 {
		gl.DeleteTextures(1, &p.flagsTex)
		gl.DeleteBuffers(1, &p.flagsBuf)
		p.flagsTex, p.flagsBuf = 0, 0
	}
	for k, t := range p.textures {
		gl.DeleteTextures(1, &t)
		delete(p.textures, k)
	}
	if p.vao != 0 {
		gl.DeleteVertexArrays(1, &p.vao)
		p.vao = 0
	}
	p.overlay.delete()
	p.overlay = nil
}
