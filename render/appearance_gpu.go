package render

import (
	"fmt"

	"github.com/splatscope/splatscope/gaussians"
)

// GPU appearance recolour (GL 4.3 compute): the twin of gaussians.Recolor, evaluating an
// appearance bundle's model per Gaussian in shaders/appearance_recolor.comp.glsl and writing the
// result straight into a SplatPass's colour and SH buffers.
const (
	appearanceThreads = 64 // local_size_x of appearance_recolor.comp.glsl
	// appearanceMaxWidth is maxWidth in the shader: each thread keeps two layer vectors of this
	// many floats in private memory; wider MLPs stay on the CPU.
	appearanceMaxWidth = 256
	// appearanceGroups caps the work groups; threads loop over the rest (65535 is the least
	// MAX_COMPUTE_WORK_GROUP_COUNT a 4.3 driver may offer).
	appearanceGroups = 65535
)

// SSBO binding points of appearance_recolor.comp.glsl.
const (
	appBindPos = iota
	appBindFeatures
	appBindWeights
	appBindLayers
	appBindFrame
	appBindBase
	appBindColors
	appBindSH
)

// AppearanceGPU recolours a SplatPass from an appearance bundle's tables on the GPU.
type AppearanceGPU struct {
	pass                          *SplatPass
	tab                           *gaussians.AppearanceTables
	prog                          *ComputeProgram
	features, weights, layers     *StorageBuffer
	frame, base                   *StorageBuffer
	localLayers, mainLayers, outN int // outN: SH coefficients per channel written
}

// NewAppearanceGPU uploads the tables' features and weights for pass p (on the GL thread).
// keep maps the pass's Gaussians to the tables' (nil: the same N Gaussians in order); base is
// the bundle's scene, whose SH coefficients WildGaussians transforms. It returns an error
// wrapping ErrNoCompute before GL 4.3, and an error for models the shader cannot hold
// (layers wider than 256); callers then recolour on the CPU.
func NewAppearanceGPU(p *SplatPass, t *gaussians.AppearanceTables, base *gaussians.Scene, keep []int32) (*AppearanceGPU, error) {
	if p == nil || p.vao == 0 || t == nil || base == nil {
		return nil, fmt.Errorf("render: GPU recolour: no splat pass or model")
	}
	if !ComputeSupported() {
		return nil, fmt.Errorf("render: GPU recolour: %w", ErrNoCompute)
	}
	n := p.n
	if keep == nil && t.N != n || keep != nil && len(keep) != n {
		return nil, fmt.Errorf("render: GPU recolour: the pass has %d Gaussians, the model %d", n, t.N)
	}
	idx := func(i int) int {
		if keep == nil {
			return i
		}
		return int(keep[i])
	}
	for i := 0; i < n; i++ {
		if j := idx(i); j < 0 || j >= t.N {
			return nil, fmt.Errorf("render: GPU recolour: Gaussian %d maps to %d of %d", i, j, t.N)
		}
	}
	g := &AppearanceGPU{pass: p, tab: t, localLayers: len(t.Local), mainLayers: len(t.Main)}
	var weights []float32
	var layers []int32
	for _, l := range append(append([]gaussians.AppearanceLayer(nil), t.Local...), t.Main...) {
		if l.In > appearanceMaxWidth || l.Out > appearanceMaxWidth {
			return nil, fmt.Errorf("render: GPU recolour: a %d→%d layer is wider than the shader's %d", l.In, l.Out, appearanceMaxWidth)
		}
		layers = append(layers, int32(l.In), int32(l.Out), int32(len(weights)), int32(len(weights)+len(l.W)))
		weights = append(append(weights, l.W...), l.B...)
	}
	var frameWords int
	var baseSH []float32
	switch t.Model {
	case gaussians.ModelWildGS:
		g.outN = (t.OutDegree + 1) * (t.OutDegree + 1)
		frameWords = t.G + t.L + 3*t.R*t.R*t.C
		if t.C > appearanceMaxWidth || t.G+t.L+t.K > appearanceMaxWidth {
			return nil, fmt.Errorf("render: GPU recolour: inputs wider than the shader's %d", appearanceMaxWidth)
		}
	case gaussians.ModelWildGaussians:
		g.outN = (base.SHDegree + 1) * (base.SHDegree + 1)
		frameWords = t.A
		k3 := 3 * gaussians.SHRestCoeffs(base.SHDegree)
		baseSH = make([]float32, 3*g.outN*n)
		for i := 0; i < n; i++ {
			j, row := idx(i), baseSH[3*g.outN*i:]
			copy(row, base.SHDC[3*j:3*j+3])
			copy(row[3:], base.SHRest[k3*j:k3*(j+1)])
		}
	default:
		return nil, fmt.Errorf("render: GPU recolour: model %q", t.Model)
	}
	features := make([]float32, n*t.K)
	for i := 0; i < n; i++ {
		j := idx(i)
		copy(features[i*t.K:(i+1)*t.K], t.Features[j*t.K:(j+1)*t.K])
	}
	for _, words := range []int{16 * n / 4, len(features), len(baseSH), 3 * g.outN * n} {
		if need, limit := int64(4*words), MaxStorageBlockBytes(); need > limit {
			return nil, fmt.Errorf("render: GPU recolour: %d Gaussians need a %d-byte storage block, this GL allows %d", n, need, limit)
		}
	}
	var err error
	if g.prog, err = NewComputeProgram("appearance_recolor.comp.glsl"); err != nil {
		return nil, err
	}
	for _, b := range []struct {
		dst   **StorageBuffer
		words int
	}{{&g.features, len(features)}, {&g.weights, len(weights)}, {&g.layers, len(layers)}, {&g.frame, frameWords}, {&g.base, len(baseSH)}} {
		if *b.dst, err = NewStorageBuffer(4 * b.words); err != nil {
			g.Delete()
			return nil, fmt.Errorf("render: GPU recolour of %d Gaussians: %w", n, err)
		}
	}
	WriteStorage(g.features, 0, features)
	WriteStorage(g.weights, 0, weights)
	WriteStorage(g.layers, 0, layers)
	WriteStorage(g.base, 0, baseSH)
	return g, nil
}

// Recolor evaluates the blended photos bl into the pass's colour and SH buffers; the next Draw
// shows them. The pass's SH degree becomes the model's output degree.
func (g *AppearanceGPU) Recolor(bl *gaussians.AppearanceBlend) error {
	p, t := g.pass, g.tab
	if p == nil || p.vao == 0 {
		return fmt.Errorf("render: GPU recolour: the splat pass was deleted")
	}
	if p.Loading() {
		return fmt.Errorf("render: GPU recolour: the scene is still uploading")
	}
	var frame []float32
	if t.Model == gaussians.ModelWildGS {
		frame = append(append(append(frame, bl.Global...), t.DefaultLocal...), bl.Planes...)
	} else {
		frame = bl.PhotoEmbedding
	}
	if 4*len(frame) != g.frame.Bytes {
		return fmt.Errorf("render: GPU recolour: %d blended values, the model takes %d", len(frame), g.frame.Bytes/4)
	}
	glError("before GPU recolour") // clear stale flags so the check below is about this dispatch
	WriteStorage(g.frame, 0, frame)
	p.ensureSHDegree(intSqrt(g.outN) - 1)
	BindStorageBuffer(appBindPos, p.bufs[splatPosOpacity])
	g.features.Bind(appBindFeatures)
	g.weights.Bind(appBindWeights)
	g.layers.Bind(appBindLayers)
	g.frame.Bind(appBindFrame)
	g.base.Bind(appBindBase)
	BindStorageBuffer(appBindColors, p.bufs[splatColor])
	BindStorageBuffer(appBindSH, p.bufs[splatSH])
	c := g.prog
	c.Use()
	model := int32(0)
	if t.Model == gaussians.ModelWildGaussians {
		model = 1
	}
	c.SetInt("uModel", model)
	c.SetUint("uN", uint32(p.n))
	c.SetInt("uK", int32(t.K))
	c.SetInt("uAct", int32(t.Activation))
	c.SetInt("uLocalLayers", int32(g.localLayers))
	c.SetInt("uMainLayers", int32(g.mainLayers))
	c.SetInt("uCoeffs", int32(g.outN))
	c.SetInt("uG", int32(t.G))
	c.SetInt("uC", int32(t.C))
	c.SetInt("uR", int32(t.R))
	c.SetInt("uL", int32(t.L))
	c.SetVec4("uBoxMin", [4]float32{t.BoxMin[0], t.BoxMin[1], t.BoxMin[2], 0})
	c.SetVec4("uBoxMax", [4]float32{t.BoxMax[0], t.BoxMax[1], t.BoxMax[2], 0})
	c.SetInt("uA", int32(t.A))
	c.SetInt("uF", int32(t.F))
	groups := uint32(min(max((p.n+appearanceThreads-1)/appearanceThreads, 1), appearanceGroups))
	// The splat vertex shader texelFetches both buffers; readers of the SSBOs see them too.
	c.Dispatch(groups, 1, 1, BarrierTextureFetch|BarrierStorage|BarrierBufferUpdate)
	for b := uint32(0); b <= appBindSH; b++ {
		BindStorageBuffer(b, 0)
	}
	return glError(fmt.Sprintf("GPU recolour of %d Gaussians", p.n))
}

// intSqrt is the integer square root of a small perfect square.
func intSqrt(v int) int {
	r := 0
	for (r+1)*(r+1) <= v {
		r++
	}
	return r
}

// Delete frees the buffers (the program is shared per context; the pass is not touched).
func (g *AppearanceGPU) Delete() {
	if g == nil {
		return
	}
	for _, b := range []*StorageBuffer{g.features, g.weights, g.layers, g.frame, g.base} {
		b.Delete()
	}
	g.pass = nil
}
