package render

import (
	"fmt"
	"strings"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/shaders"
)

// program is a linked GL program with its uniform locations cached by name.
type program struct {
	id       uint32
	name     string
	uniforms map[string]int32
}

// newProgram compiles the named embedded shader files (stage chosen by the .vert/.geom/.frag/.comp
// part of the name) and links them. Errors name the file and carry the driver's log.
func newProgram(files ...string) (*program, error) {
	id := gl.CreateProgram()
	var shaderIDs []uint32
	defer func() {
		for _, s := range shaderIDs {
			gl.DetachShader(id, s)
			gl.DeleteShader(s)
		}
	}()
	for _, f := range files {
		src, err := shaders.Source(f)
		if err != nil {
			gl.DeleteProgram(id)
			return nil, fmt.Errorf("render: %w", err)
		}
		s, err := compileShader(f, src)
		if err != nil {
			gl.DeleteProgram(id)
			return nil, err
		}
		gl.AttachShader(id, s)
		shaderIDs = append(shaderIDs, s)
	}
	gl.LinkProgram(id)
	var ok int32
	gl.GetProgramiv(id, gl.LINK_STATUS, &ok)
	if ok == gl.FALSE {
		log := programLog(id)
		gl.DeleteProgram(id)
		return nil, fmt.Errorf("render: linking shaders/%s: %s", strings.Join(files, " + shaders/"), oneLine(log))
	}
	return &program{id: id, name: strings.Join(files, "+"), uniforms: map[string]int32{}}, nil
}

// shaderStage picks the GL shader type from a file name such as "mesh.frag.glsl".
func shaderStage(file string) (uint32, error) {
	switch {
	case strings.Contains(file, ".vert"):
		return gl.VERTEX_SHADER, nil
	case strings.Contains(file, ".geom"):
		return gl.GEOMETRY_SHADER, nil
	case strings.Contains(file, ".frag"):
		return gl.FRAGMENT_SHADER, nil
	case strings.Contains(file, ".comp"):
		return gl.COMPUTE_SHADER, nil
	}
	return 0, fmt.Errorf("render: shaders/%s: cannot tell the stage (want .vert, .geom, .frag or .comp in the name)", file)
}

// compileShader compiles one stage; the error names the file and holds the compiler log.
func compileShader(file, src string) (uint32, error) {
	stage, err := shaderStage(file)
	if err != nil {
		return 0, err
	}
	s := gl.CreateShader(stage)
	csrc, free := gl.Strs(src + "\x00")
	gl.ShaderSource(s, 1, csrc, nil)
	free()
	gl.CompileShader(s)
	var ok int32
	gl.GetShaderiv(s, gl.COMPILE_STATUS, &ok)
	if ok == gl.FALSE {
		var n int32
		gl.GetShaderiv(s, gl.INFO_LOG_LENGTH, &n)
		log := make([]byte, n+1)
		gl.GetShaderInfoLog(s, n, nil, &log[0])
		gl.DeleteShader(s)
		return 0, fmt.Errorf("render: compiling shaders/%s: %s", file, oneLine(strings.TrimRight(string(log), "\x00")))
	}
	return s, nil
}

// programLog returns a program's info log.
func programLog(id uint32) string {
	var n int32
	gl.GetProgramiv(id, gl.INFO_LOG_LENGTH, &n)
	if n <= 0 {
		return "(no log)"
	}
	log := make([]byte, n+1)
	gl.GetProgramInfoLog(id, n, nil, &log[0])
	return strings.TrimRight(string(log), "\x00")
}

// oneLine joins a multi-line driver log so an error stays on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(s), "\n", " | ")), " ")
}

// use makes the program current.
func (p *program) use() { gl.UseProgram(p.id) }

// loc returns a uniform location (−1 when the uniform is absent or optimised out).
func (p *program) loc(name string) int32 {
	if l, ok := p.uniforms[name]; ok {
		return l
	}
	l := gl.GetUniformLocation(p.id, gl.Str(name+"\x00"))
	p.uniforms[name] = l
	return l
}

func (p *program) setMat4(name string, m mgl32.Mat4) {
	gl.UniformMatrix4fv(p.loc(name), 1, false, &m[0])
}
func (p *program) setVec3(name string, v mgl32.Vec3) { gl.Uniform3f(p.loc(name), v[0], v[1], v[2]) }
func (p *program) setVec2(name string, x, y float32) { gl.Uniform2f(p.loc(name), x, y) }
func (p *program) setFloat(name string, v float32)   { gl.Uniform1f(p.loc(name), v) }
func (p *program) setInt(name string, v int32)       { gl.Uniform1i(p.loc(name), v) }

func (p *program) setBool(name string, v bool) {
	var i int32
	if v {
		i = 1
	}
	gl.Uniform1i(p.loc(name), i)
}

// delete frees the program.
func (p *program) delete() {
	if p != nil && p.id != 0 {
		gl.DeleteProgram(p.id)
		p.id = 0
	}
}

// programs caches linked programs per GL context (keyed by its GLFW window), so many passes
// share one program and a new context (a fresh Headless) never sees another context's ids.
var programs = map[*glfw.Window]map[string]*program{}

// sharedProgram returns the current context's program for files, building it on first use.
func sharedProgram(files ...string) (*program, error) {
	ctx := glfw.GetCurrentContext()
	key := strings.Join(files, "+")
	if p, ok := programs[ctx][key]; ok {
		return p, nil
	}
	p, err := newProgram(files...)
	if err != nil {
		return nil, err
	}
	if programs[ctx] == nil {
		programs[ctx] = map[string]*program{}
	}
	programs[ctx][key] = p
	return p, nil
}

// forgetContext drops the cached programs of a context that is about to be destroyed.
func forgetContext(w *glfw.Window) { delete(programs, w) }
