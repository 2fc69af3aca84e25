package gaussians

import "fmt"

// AppearanceLayer is one Linear layer of an appearance MLP, unpacked: y = x·Wᵀ + B with W
// Out×In row-major.
type AppearanceLayer struct {
	In, Out int
	W, B    []float32
}

// AppearanceTables is a bundle's model laid flat for a GPU evaluator (the GL compute recolour):
// the per-Gaussian features and the MLPs. Evaluating it as Recolor does gives Recolor's result.
type AppearanceTables struct {
	Model      string // ModelWildGS or ModelWildGaussians
	Activation int    // hidden-layer activation: 0 relu, 1 leaky_relu (0.01), 2 silu, 3 tanh, 4 sigmoid
	N, K       int    // Gaussians, per-Gaussian feature width
	Features   []float32
	Local      []AppearanceLayer // Wild-GS local MLP (may be empty)
	Main       []AppearanceLayer // Wild-GS M_F, or WildGaussians' MLP
	OutDegree  int               // SH degree of the output

	// Wild-GS: global width G, plane channels C and resolution R, local width L, the box and
	// the default local vector.
	G, C, R, L     int
	BoxMin, BoxMax [3]float32
	DefaultLocal   []float32

	// WildGaussians: per-photo embedding width A and colour inputs F (3, or all coefficients).
	A, F int
}

// AppearanceBlend is the per-photo part of a bundle blended for one recolour: Wild-GS's global
// embedding and planes (3×R×R×C, channels last), or WildGaussians' photo embedding.
type AppearanceBlend struct {
	Global, Planes []float32
	PhotoEmbedding []float32
}

// Tables flattens the bundle's model: Features is N×K row-major (Wild-GS f_in, WildGaussians'
// per-Gaussian embedding).
func (b *AppearanceBundle) Tables() *AppearanceTables {
	t := &AppearanceTables{Model: b.Model, N: b.Scene.N, OutDegree: b.OutputSHDegree()}
	var fs perGaussian
	var main *mlp
	switch {
	case b.wildgs != nil:
		w := b.wildgs
		fs, main = w.fin, w.main
		t.G, t.C, t.R, t.L = w.g, w.c, w.r, w.l
		t.BoxMin, t.BoxMax = w.boxMin, w.boxMax
		t.DefaultLocal = w.defaultLocal
		t.Local = unpackMLP(w.local)
	case b.wildg != nil:
		w := b.wildg
		fs, main = w.e, w.main
		t.A, t.F = w.a, w.f
	default:
		return t
	}
	t.Activation = int(main.act)
	t.Main = unpackMLP(main)
	t.K = fs.width
	t.Features = make([]float32, t.N*t.K)
	fs.gather(0, t.N, t.Features, t.K, 0)
	return t
}

// unpackMLP returns m's layers unpacked.
func unpackMLP(m *mlp) []AppearanceLayer {
	var ls []AppearanceLayer
	for i := range m.layers {
		l := &m.layers[i]
		w, bias := l.Unpack()
		ls = append(ls, AppearanceLayer{In: l.In(), Out: l.Out(), W: w, B: bias})
	}
	return ls
}

// checkBlend is the check Recolor and Blend make: a model is loaded, both photos exist and t is
// in [0, 1].
func (b *AppearanceBundle) checkBlend(photoA, photoB int, t float32) error {
	if b == nil || (b.wildgs == nil && b.wildg == nil) {
		return fmt.Errorf("no appearance model")
	}
	n := len(b.Photos)
	switch {
	case photoA < 0 || photoA >= n:
		return fmt.Errorf("photo %d out of range (%d photos)", photoA, n)
	case photoB < 0 || photoB >= n:
		return fmt.Errorf("photo %d out of range (%d photos)", photoB, n)
	case !(t >= 0 && t <= 1):
		return fmt.Errorf("blend weight %v outside [0, 1]", t)
	}
	return nil
}

// Blend returns the per-photo quantities of photos a and b blended at t, with Recolor's checks.
func (b *AppearanceBundle) Blend(photoA, photoB int, t float32) (*AppearanceBlend, error) {
	if err := b.checkBlend(photoA, photoB, t); err != nil {
		return nil, err
	}
	if w := b.wildgs; w != nil {
		f := w.frame(photoA, photoB, t)
		return &AppearanceBlend{Global: f.global, Planes: f.planes}, nil
	}
	return &AppearanceBlend{PhotoEmbedding: b.wildg.frame(photoA, photoB, t).app}, nil
}
