package render

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/inkyblackness/imgui-go/v4"
)

// ImGuiRenderer draws Dear ImGui's draw lists with OpenGL 4.1 core: one program, the font
// atlas texture, and streamed vertex/index buffers. It saves and restores the GL state it
// touches so the 3D passes never see it.
type ImGuiRenderer struct {
	program          uint32
	uniTex, uniProj  int32
	attrPos, attrUV  uint32
	attrColor        uint32
	vao, vbo, ebo    uint32
	fontTex          uint32
	vboSize, eboSize int
}

const imguiVertexShader = `#version 410 core
uniform mat4 ProjMtx;
in vec2 Position;
in vec2 UV;
in vec4 Color;
out vec2 Frag_UV;
out vec4 Frag_Color;
void main() {
	Frag_UV = UV;
	Frag_Color = Color;
	gl_Position = ProjMtx * vec4(Position.xy, 0, 1);
}
` + "\x00"

const imguiFragmentShader = `#version 410 core
uniform sampler2D Texture;
in vec2 Frag_UV;
in vec4 Frag_Color;
out vec4 Out_Color;
void main() {
	Out_Color = Frag_Color * texture(Texture, Frag_UV.st);
}
` + "\x00"

// NewImGuiRenderer compiles the UI program and uploads the current ImGui context's font atlas.
// GL must be initialised (Init) and the context current; fonts must be added before.
func NewImGuiRenderer() (*ImGuiRenderer, error) {
	r := &ImGuiRenderer{}
	prog, err := imguiProgram(imguiVertexShader, imguiFragmentShader)
	if err != nil {
		return nil, err
	}
	r.program = prog
	r.uniTex = gl.GetUniformLocation(prog, gl.Str("Texture\x00"))
	r.uniProj = gl.GetUniformLocation(prog, gl.Str("ProjMtx\x00"))
	r.attrPos = uint32(gl.GetAttribLocation(prog, gl.Str("Position\x00")))
	r.attrUV = uint32(gl.GetAttribLocation(prog, gl.Str("UV\x00")))
	r.attrColor = uint32(gl.GetAttribLocation(prog, gl.Str("Color\x00")))
	gl.GenVertexArrays(1, &r.vao)
	gl.GenBuffers(1, &r.vbo)
	gl.GenBuffers(1, &r.ebo)
	r.uploadFont()
	return r, nil
}

// uploadFont builds the RGBA font atlas and hands its texture name to ImGui.
func (r *ImGuiRenderer) uploadFont() {
	atlas := imgui.CurrentIO().Fonts()
	img := atlas.TextureDataRGBA32()
	var last int32
	gl.GetIntegerv(gl.TEXTURE_BINDING_2D, &last)
	gl.GenTextures(1, &r.fontTex)
	gl.BindTexture(gl.TEXTURE_2D, r.fontTex)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR)
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, 0)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4) // RGBA rows are always 4-byte aligned
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGBA, int32(img.Width), int32(img.Height), 0, gl.RGBA,
		gl.UNSIGNED_BYTE, img.Pixels)
	atlas.SetTextureID(imgui.TextureID(r.fontTex))
	gl.BindTexture(gl.TEXTURE_2D, uint32(last))
}

// Render draws one frame of UI into the bound framebuffer. displaySize is the window size in
// points and fbSize the framebuffer size in pixels (they differ on HiDPI screens).
func (r *ImGuiRenderer) Render(displaySize, fbSize [2]float32, data imgui.DrawData) {
	if fbSize[0] <= 0 || fbSize[1] <= 0 || !data.Valid() {
		return
	}
	scale := [2]float32{fbSize[0] / displaySize[0], fbSize[1] / displaySize[1]}
	data.ScaleClipRects(imgui.Vec2{X: scale[0], Y: scale[1]})

	saved := saveImGuiGLState()
	defer saved.restore()

	gl.Enable(gl.BLEND)
	gl.BlendEquation(gl.FUNC_ADD)
	gl.BlendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
	gl.Disable(gl.CULL_FACE)
	gl.Disable(gl.DEPTH_TEST)
	gl.Disable(gl.STENCIL_TEST)
	gl.Enable(gl.SCISSOR_TEST)
	gl.PolygonMode(gl.FRONT_AND_BACK, gl.FILL)
	gl.Viewport(0, 0, int32(fbSize[0]), int32(fbSize[1]))

	// Orthographic projection from display points (y down) to clip space.
	pos := data.DisplayPos()
	L, R := pos.X, pos.X+displaySize[0]
	T, B := pos.Y, pos.Y+displaySize[1]
	ortho := [16]float32{
		2 / (R - L), 0, 0, 0,
		0, 2 / (T - B), 0, 0,
		0, 0, -1, 0,
		(R + L) / (L - R), (T + B) / (B - T), 0, 1,
	}
	gl.UseProgram(r.program)
	gl.Uniform1i(r.uniTex, 0)
	gl.UniformMatrix4fv(r.uniProj, 1, false, &ortho[0])
	gl.BindSampler(0, 0)
	gl.ActiveTexture(gl.TEXTURE0)

	gl.BindVertexArray(r.vao)
	gl.BindBuffer(gl.ARRAY_BUFFER, r.vbo)
	gl.BindBuffer(gl.ELEMENT_ARRAY_BUFFER, r.ebo)
	vtxSize, posOff, uvOff, colOff := imgui.VertexBufferLayout()
	gl.EnableVertexAttribArray(r.attrPos)
	gl.EnableVertexAttribArray(r.attrUV)
	gl.EnableVertexAttribArray(r.attrColor)
	gl.VertexAttribPointerWithOffset(r.attrPos, 2, gl.FLOAT, false, int32(vtxSize), uintptr(posOff))
	gl.VertexAttribPointerWithOffset(r.attrUV, 2, gl.FLOAT, false, int32(vtxSize), uintptr(uvOff))
	gl.VertexAttribPointerWithOffset(r.attrColor, 4, gl.UNSIGNED_BYTE, true, int32(vtxSize), uintptr(colOff))
	idxSize := imgui.IndexBufferLayout()
	idxType := uint32(gl.UNSIGNED_SHORT)
	if idxSize == 4 {
		idxType = gl.UNSIGNED_INT
	}

	for _, list := range data.CommandLists() {
		vb, vbBytes := list.VertexBuffer()
		ib, ibBytes := list.IndexBuffer()
		r.stream(gl.ARRAY_BUFFER, &r.vboSize, vb, vbBytes)
		r.stream(gl.ELEMENT_ARRAY_BUFFER, &r.eboSize, ib, ibBytes)
		for _, cmd := range list.Commands() {
			if cmd.HasUserCallback() {
				cmd.CallUserCallback(list)
				continue
			}
			clip := cmd.ClipRect() // x1, y1, x2, y2 in framebuffer pixels, y down
			if clip.Z <= clip.X || clip.W <= clip.Y {
				continue
			}
			gl.Scissor(int32(clip.X), int32(fbSize[1]-clip.W), int32(clip.Z-clip.X), int32(clip.W-clip.Y))
			gl.BindTexture(gl.TEXTURE_2D, uint32(cmd.TextureID()))
			gl.DrawElementsBaseVertexWithOffset(gl.TRIANGLES, int32(cmd.ElementCount()), idxType,
				uintptr(cmd.IndexOffset()*idxSize), int32(cmd.VertexOffset()))
		}
	}
}

// stream uploads n bytes into the bound buffer, growing it (orphaning) only when too small.
func (r *ImGuiRenderer) stream(target uint32, size *int, data unsafe.Pointer, n int) {
	if n > *size {
		*size = n * 2 // double so a growing UI does not reallocate every frame
		gl.BufferData(target, *size, nil, gl.STREAM_DRAW)
	}
	gl.BufferSubData(target, 0, n, data)
}

// Delete frees the GL objects.
func (r *ImGuiRenderer) Delete() {
	gl.DeleteVertexArrays(1, &r.vao)
	gl.DeleteBuffers(1, &r.vbo)
	gl.DeleteBuffers(1, &r.ebo)
	gl.DeleteTextures(1, &r.fontTex)
	gl.DeleteProgram(r.program)
	*r = ImGuiRenderer{}
}

// imguiProgram compiles and links a vertex+fragment program.
func imguiProgram(vs, fs string) (uint32, error) {
	v, err := imguiShader(gl.VERTEX_SHADER, vs)
	if err != nil {
		return 0, err
	}
	defer gl.DeleteShader(v)
	f, err := imguiShader(gl.FRAGMENT_SHADER, fs)
	if err != nil {
		return 0, err
	}
	defer gl.DeleteShader(f)
	p := gl.CreateProgram()
	gl.AttachShader(p, v)
	gl.AttachShader(p, f)
	gl.LinkProgram(p)
	var ok int32
	gl.GetProgramiv(p, gl.LINK_STATUS, &ok)
	if ok == gl.FALSE {
		log := imguiInfoLog(p, gl.GetProgramiv, gl.GetProgramInfoLog)
		gl.DeleteProgram(p)
		return 0, fmt.Errorf("imgui program: link: %s", log)
	}
	return p, nil
}

func imguiShader(kind uint32, src string) (uint32, error) {
	s := gl.CreateShader(kind)
	csrc, free := gl.Strs(src)
	gl.ShaderSource(s, 1, csrc, nil)
	free()
	gl.CompileShader(s)
	var ok int32
	gl.GetShaderiv(s, gl.COMPILE_STATUS, &ok)
	if ok == gl.FALSE {
		log := imguiInfoLog(s, gl.GetShaderiv, gl.GetShaderInfoLog)
		gl.DeleteShader(s)
		return 0, fmt.Errorf("imgui shader: compile: %s", log)
	}
	return s, nil
}

func imguiInfoLog(obj uint32, getiv func(uint32, uint32, *int32), getLog func(uint32, int32, *int32, *uint8)) string {
	var n int32
	getiv(obj, gl.INFO_LOG_LENGTH, &n)
	if n <= 0 {
		return "no log"
	}
	buf := make([]uint8, n)
	getLog(obj, n, nil, &buf[0])
	return strings.TrimSpace(strings.ReplaceAll(strings.TrimRight(string(buf), "\x00"), "\n", " "))
}

// imguiGLState is the GL state the UI pass changes, saved before and restored after.
type imguiGLState struct {
	program, texture, activeTexture, sampler int32
	arrayBuffer, vao                         int32
	viewport, scissor                        [4]int32
	blendSrcRGB, blendDstRGB                 int32
	blendSrcA, blendDstA                     int32
	blendEqRGB, blendEqA                     int32
	polygonMode                              [2]int32
	blend, cull, depth, stencil, scissorTest bool
}

func saveImGuiGLState() imguiGLState {
	var s imguiGLState
	gl.GetIntegerv(gl.ACTIVE_TEXTURE, &s.activeTexture)
	gl.ActiveTexture(gl.TEXTURE0)
	gl.GetIntegerv(gl.CURRENT_PROGRAM, &s.program)
	gl.GetIntegerv(gl.TEXTURE_BINDING_2D, &s.texture)
	gl.GetIntegerv(gl.SAMPLER_BINDING, &s.sampler)
	gl.GetIntegerv(gl.ARRAY_BUFFER_BINDING, &s.arrayBuffer)
	gl.GetIntegerv(gl.VERTEX_ARRAY_BINDING, &s.vao)
	gl.GetIntegerv(gl.POLYGON_MODE, &s.polygonMode[0])
	gl.GetIntegerv(gl.VIEWPORT, &s.viewport[0])
	gl.GetIntegerv(gl.SCISSOR_BOX, &s.scissor[0])
	gl.GetIntegerv(gl.BLEND_SRC_RGB, &s.blendSrcRGB)
	gl.GetIntegerv(gl.BLEND_DST_RGB, &s.blendDstRGB)
	gl.GetIntegerv(gl.BLEND_SRC_ALPHA, &s.blendSrcA)
	gl.GetIntegerv(gl.BLEND_DST_ALPHA, &s.blendDstA)
	gl.GetIntegerv(gl.BLEND_EQUATION_RGB, &s.blendEqRGB)
	gl.GetIntegerv(gl.BLEND_EQUATION_ALPHA, &s.blendEqA)
	s.blend = gl.IsEnabled(gl.BLEND)
	s.cull = gl.IsEnabled(gl.CULL_FACE)
	s.depth = gl.IsEnabled(gl.DEPTH_TEST)
	s.stencil = gl.IsEnabled(gl.STENCIL_TEST)
	s.scissorTest = gl.IsEnabled(gl.SCISSOR_TEST)
	return s
}

func (s imguiGLState) restore() {
	gl.UseProgram(uint32(s.program))
	gl.BindTexture(gl.TEXTURE_2D, uint32(s.texture))
	gl.BindSampler(0, uint32(s.sampler))
	gl.ActiveTexture(uint32(s.activeTexture))
	gl.BindVertexArray(uint32(s.vao))
	gl.BindBuffer(gl.ARRAY_BUFFER, uint32(s.arrayBuffer))
	gl.BlendEquationSeparate(uint32(s.blendEqRGB), uint32(s.blendEqA))
	gl.BlendFuncSeparate(uint32(s.blendSrcRGB), uint32(s.blendDstRGB), uint32(s.blendSrcA), uint32(s.blendDstA))
	imguiSetEnabled(gl.BLEND, s.blend)
	imguiSetEnabled(gl.CULL_FACE, s.cull)
	imguiSetEnabled(gl.DEPTH_TEST, s.depth)
	imguiSetEnabled(gl.STENCIL_TEST, s.stencil)
	imguiSetEnabled(gl.SCISSOR_TEST, s.scissorTest)
	gl.PolygonMode(gl.FRONT_AND_BACK, uint32(s.polygonMode[0]))
	gl.Viewport(s.viewport[0], s.viewport[1], s.viewport[2], s.viewport[3])
	gl.Scissor(s.scissor[0], s.scissor[1], s.scissor[2], s.scissor[3])
}

func imguiSetEnabled(cap uint32, on bool) {
	if on {
		gl.Enable(cap)
	} else {
		gl.Disable(cap)
	}
}
