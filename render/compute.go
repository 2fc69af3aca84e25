package render

// Compute shaders and shader storage buffers (OpenGL 4.3), for the GPU depth sort and other
// compute users (appearance recolouring).
//
// No cgo shim is needed: the pinned go-gl binding (v4.1-core) already carries the 4.3 entry
// points (glDispatchCompute, glMemoryBarrier, glGetProgramResourceIndex, ...) as optional
// extension functions of ARB_compute_shader, ARB_shader_image_load_store and friends. gl.Init
// loads them when the driver has them and leaves them nil otherwise, and calling a nil one
// crashes the process; GLX even hands out non-nil stubs for functions the context lacks. So
// every path here checks ComputeSupported (the context's version is at least 4.3) first.

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// ErrNoCompute reports a context without compute shaders (older than OpenGL 4.3, e.g. macOS).
var ErrNoCompute = errors.New("render: compute shaders need OpenGL 4.3 or newer; this context is older")

// Memory barrier bits for Dispatch and MemoryBarrier: which later reads must see the shader's writes.
const (
	BarrierStorage      = gl.SHADER_STORAGE_BARRIER_BIT // later shader storage (SSBO) reads
	BarrierTextureFetch = gl.TEXTURE_FETCH_BARRIER_BIT  // later texelFetch from buffer textures
	BarrierBufferUpdate = gl.BUFFER_UPDATE_BARRIER_BIT  // later glGetBufferSubData / BufferSubData
	BarrierVertexAttrib = gl.VERTEX_ATTRIB_ARRAY_BARRIER_BIT
	BarrierCommand      = gl.COMMAND_BARRIER_BIT // later indirect draws and dispatches
)

// ComputeSupported reports whether the current context is OpenGL 4.3 or newer, where compute
// shaders and shader storage buffers are core.
func ComputeSupported() bool {
	var major, minor int32
	gl.GetIntegerv(gl.MAJOR_VERSION, &major)
	gl.GetIntegerv(gl.MINOR_VERSION, &minor)
	return major > 4 || (major == 4 && minor >= 3)
}

// MaxComputeGroups returns the most work groups one dispatch may have along x (at least 65535).
func MaxComputeGroups() int {
	if !ComputeSupported() {
		return 0
	}
	var n int32
	gl.GetIntegeri_v(gl.MAX_COMPUTE_WORK_GROUP_COUNT, 0, &n)
	return int(n)
}

// MaxStorageBlockBytes returns the largest buffer range one shader storage block may see (the
// spec's floor is 16 MiB; llvmpipe allows 128 MiB, desktop GPUs gigabytes).
func MaxStorageBlockBytes() int64 {
	if !ComputeSupported() {
		return 0
	}
	var n int64
	gl.GetInteger64v(gl.MAX_SHADER_STORAGE_BLOCK_SIZE, &n)
	return n
}

// MemoryBarrier orders earlier shader writes before later reads of the given kinds (Barrier*).
func MemoryBarrier(bits uint32) {
	if bits != 0 && ComputeSupported() {
		gl.MemoryBarrier(bits)
	}
}

// ComputeProgram is a linked compute shader, shared per GL context like every program here.
type ComputeProgram struct{ p *program }

// NewComputeProgram compiles an embedded compute shader such as "sort_scan.comp.glsl" (GLSL
// 430, SSBOs bound with layout(std430, binding = N)). It returns ErrNoCompute before GL 4.3.
func NewComputeProgram(file string) (*ComputeProgram, error) {
	if !ComputeSupported() {
		return nil, ErrNoCompute
	}
	p, err := sharedProgram(file)
	if err != nil {
		return nil, err
	}
	return &ComputeProgram{p: p}, nil
}

// Use makes the program current (the setters below need it current).
func (c *ComputeProgram) Use() { c.p.use() }

// SetInt sets an int (or bool) uniform of the current program.
func (c *ComputeProgram) SetInt(name string, v int32) { gl.Uniform1i(c.p.loc(name), v) }

// SetUint sets a uint uniform of the current program.
func (c *ComputeProgram) SetUint(name string, v uint32) { gl.Uniform1ui(c.p.loc(name), v) }

// SetBool sets a bool uniform of the current program.
func (c *ComputeProgram) SetBool(name string, v bool) { c.p.setBool(name, v) }

// SetFloat sets a float uniform of the current program.
func (c *ComputeProgram) SetFloat(name string, v float32) { gl.Uniform1f(c.p.loc(name), v) }

// SetVec4 sets a vec4 uniform of the current program.
func (c *ComputeProgram) SetVec4(name string, v [4]float32) {
	gl.Uniform4f(c.p.loc(name), v[0], v[1], v[2], v[3])
}

// Dispatch makes the program current, runs groupsX×groupsY×groupsZ work groups and then issues
// a memory barrier with the given bits (0: none), so the next pass sees the writes.
func (c *ComputeProgram) Dispatch(groupsX, groupsY, groupsZ uint32, barrier uint32) {
	c.p.use()
	gl.DispatchCompute(groupsX, groupsY, groupsZ)
	if barrier != 0 {
		gl.MemoryBarrier(barrier)
	}
}

// BindStorageBuffer binds any GL buffer object (a splat pass's buffer texture storage, say) to
// the shader storage binding point, as layout(std430, binding = binding) sees it.
func BindStorageBuffer(binding, buffer uint32) {
	gl.BindBufferBase(gl.SHADER_STORAGE_BUFFER, binding, buffer)
}

// StorageBuffer is a GL buffer object made for compute shaders.
type StorageBuffer struct {
	ID    uint32
	Bytes int
}

// NewStorageBuffer allocates a buffer of the given size (contents undefined).
func NewStorageBuffer(bytes int) (*StorageBuffer, error) {
	if !ComputeSupported() {
		return nil, ErrNoCompute
	}
	if bytes < 0 {
		return nil, fmt.Errorf("render: storage buffer of %d bytes", bytes)
	}
	glError("before storage buffer") // clear stale flags so the check below is about this buffer
	b := &StorageBuffer{Bytes: bytes}
	gl.GenBuffers(1, &b.ID)
	gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, b.ID)
	// A zero-sized buffer cannot be bound; 4 bytes stand in for an empty one.
	gl.BufferData(gl.SHADER_STORAGE_BUFFER, max(bytes, 4), nil, gl.DYNAMIC_COPY)
	gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, 0)
	if err := glError(fmt.Sprintf("allocating a storage buffer of %d bytes", bytes)); err != nil {
		b.Delete()
		return nil, err
	}
	return b, nil
}

// Bind binds the buffer to a shader storage binding point.
func (b *StorageBuffer) Bind(binding uint32) { BindStorageBuffer(binding, b.ID) }

// Delete frees the buffer.
func (b *StorageBuffer) Delete() {
	if b != nil && b.ID != 0 {
		gl.DeleteBuffers(1, &b.ID)
		b.ID = 0
	}
}

// storageWord is what WriteStorage and ReadStorage move: 4-byte scalars, as std430 lays them out.
type storageWord interface{ ~uint32 | ~int32 | ~float32 }

// WriteStorage copies data into b starting at element offset (4-byte elements).
func WriteStorage[T storageWord](b *StorageBuffer, offset int, data []T) error {
	if offset < 0 || 4*(offset+len(data)) > b.Bytes {
		return fmt.Errorf("render: writing %d words at %d into a storage buffer of %d bytes", len(data), offset, b.Bytes)
	}
	if len(data) == 0 {
		return nil
	}
	gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, b.ID)
	gl.BufferSubData(gl.SHADER_STORAGE_BUFFER, 4*offset, 4*len(data), unsafe.Pointer(&data[0]))
	gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, 0)
	return nil
}

// ReadStorage copies len(dst) elements from b at element offset into dst, after a barrier that
// makes earlier shader writes visible. It waits for the GPU to finish those writes.
func ReadStorage[T storageWord](b *StorageBuffer, offset int, dst []T) error {
	if offset < 0 || 4*(offset+len(dst)) > b.Bytes {
		return fmt.Errorf("render: reading %d words at %d from a storage buffer of %d bytes", len(dst), offset, b.Bytes)
	}
	if len(dst) == 0 {
		return nil
	}
	gl.MemoryBarrier(gl.BUFFER_UPDATE_BARRIER_BIT)
	gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, b.ID)
	gl.GetBufferSubData(gl.SHADER_STORAGE_BUFFER, 4*offset, 4*len(dst), unsafe.Pointer(&dst[0]))
	gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, 0)
	return nil
}
