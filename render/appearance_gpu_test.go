package render

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/safetensors"
)

// readPassBuffer reads floats of a pass's buffer slot back from the GPU.
func readPassBuffer(p *SplatPass, slot, floats int) []float32 {
	out := make([]float32, floats)
	if floats > 0 {
		gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[slot])
		gl.GetBufferSubData(gl.TEXTURE_BUFFER, 0, 4*floats, gl.Ptr(out))
		gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	}
	return out
}

// passColours reads the pass's colours (3 per Gaussian) and higher SH coefficients.
func passColours(p *SplatPass) (rgb, sh []float32) {
	rgba := readPassBuffer(p, splatColor, 4*p.n)
	rgb = make([]float32, 3*p.n)
	for i := 0; i < p.n; i++ {
		copy(rgb[3*i:3*i+3], rgba[4*i:4*i+3])
	}
	return rgb, readPassBuffer(p, splatSH, 3*p.stride*p.n)
}

// recolorWant is the CPU twin's result as the pass holds it: colours and SH rest.
func recolorWant(t *testing.T, b *gaussians.AppearanceBundle, a, c int, w float32) (rgb, sh []float32, deg int) {
	out, err := gaussians.Recolor(context.Background(), b, a, c, w, nil)
	if err != nil {
		t.Fatal(err)
	}
	rgb = make([]float32, len(out.SHDC))
	for i, v := range out.SHDC {
		rgb[i] = gaussians.ColorFromDC(v)
	}
	return rgb, out.SHRest, out.SHDegree
}

// maxFloatDiff is the largest absolute difference of two equally long slices (Inf on length mismatch).
func maxFloatDiff(a, b []float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = max(d, math.Abs(float64(a[i]-b[i])))
	}
	return d
}

// TestAppearanceGPUMatchesCPU recolours the reference fixture bundles (Wild-GS and
// WildGaussians) and the demo on the GPU, for a photo, another and a blend, and compares the
// pass's colour and SH buffers with gaussians.Recolor within 1e-3; UpdateColors of the CPU
// result reads back exactly.
func TestAppearanceGPUMatchesCPU(t *testing.T) {
	bundles := []*gaussians.AppearanceBundle{gaussians.DemoAppearanceBundle()}
	for _, name := range []string{"wildgs", "wildgaussians"} {
		b, err := gaussians.LoadAppearanceBundle(filepath.Join("..", "gaussians", "testdata", "appearance", name+".json"), nil)
		if err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, b)
	}
	type want struct {
		rgb, sh []float32
		deg     int
	}
	cases := []struct {
		a, b int
		t    float32
	}{{0, 0, 0}, {2, 2, 0}, {0, 1, 0.3}}
	wants := map[string]want{}
	for bi, b := range bundles {
		for _, c := range cases {
			rgb, sh, deg := recolorWant(t, b, c.a, c.b, c.t)
			wants[fmt.Sprint(bi, c)] = want{rgb, sh, deg}
		}
	}
	onGL(t, func(info Info) {
		if !ComputeSupported() {
			t.Logf("no GL 4.3 (%d.%d): nothing to compare", info.Major, info.Minor)
			return
		}
		for bi, b := range bundles {
			rb := gaussians.RenderBuffersFromScene(b.Scene)
			p, err := NewSplatPass(rb)
			if err != nil {
				t.Error(err)
				return
			}
			g, err := NewAppearanceGPU(p, b.Tables(), b.Scene, nil)
			if err != nil {
				t.Errorf("%s: %v", b.Model, err)
				p.Delete()
				return
			}
			for _, c := range cases {
				w := wants[fmt.Sprint(bi, c)]
				bl, err := b.Blend(c.a, c.b, c.t)
				if err != nil {
					t.Error(err)
					continue
				}
				if err := g.Recolor(bl); err != nil {
					t.Errorf("%s: %v", b.Model, err)
					continue
				}
				rgb, sh := passColours(p)
				if p.degree != w.deg {
					t.Errorf("%s: pass degree %d, want %d", b.Model, p.degree, w.deg)
				}
				if d := max(maxFloatDiff(rgb, w.rgb), maxFloatDiff(sh, w.sh)); d > 1e-3 {
					t.Errorf("%s (%d Gaussians) photos %d→%d t %v: GPU differs from the CPU by %g", b.Model, b.Scene.N, c.a, c.b, c.t, d)
				} else {
					t.Logf("%s (%d Gaussians) photos %d→%d t %v: max difference %.2g", b.Model, b.Scene.N, c.a, c.b, c.t, d)
				}
				if err := p.UpdateColors(w.rgb, w.sh, w.deg); err != nil {
					t.Error(err)
				}
				rgb, sh = passColours(p)
				if d := max(maxFloatDiff(rgb, w.rgb), maxFloatDiff(sh, w.sh)); d != 0 {
					t.Errorf("%s: UpdateColors read back differs by %g", b.Model, d)
				}
			}
			if err := p.UpdateColors(make([]float32, 5), nil, 0); err == nil {
				t.Errorf("UpdateColors took 5 colours for %d Gaussians", p.n)
			}
			g.Delete()
			p.Delete()
		}
	})
}

// benchBundle is a Wild-GS bundle of n random Gaussians with the benchmark's model: 16 global,
// 16×16² triplanes with a 16→16 local layer, 32 f_in, a 64→64→64→48 main MLP (SH degree 3).
func benchBundle(tb testing.TB, n int) *gaussians.AppearanceBundle {
	rng := rand.New(rand.NewPCG(3, 5))
	randT := func(shape ...int) safetensors.Tensor {
		c := 1
		for _, d := range shape {
			c *= d
		}
		t := safetensors.Tensor{Shape: shape, Dtype: "F32", Data: make([]float32, c)}
		for i := range t.Data {
			t.Data[i] = float32(rng.NormFloat64()) * 0.2
		}
		return t
	}
	const p, g, c, r, k, deg = 3, 16, 16, 16, 32, 3
	s := gaussians.NewScene(n, 0)
	for i := range s.Positions {
		s.Positions[i] = rng.Float32()*2 - 1
	}
	for i := 0; i < n; i++ {
		s.Rotations[4*i] = 1
	}
	for j := 0; j < k; j++ {
		s.Extra = append(s.Extra, gaussians.Property{Name: fmt.Sprintf("f_in_%d", j), Values: randT(n).Data})
	}
	ts := map[string]safetensors.Tensor{
		"global_embeddings": randT(p, g), "triplanes": randT(p, 3, c, r, r),
		"triplane_box_min": {Shape: []int{3}, Dtype: "F32", Data: []float32{-0.9, -0.9, -0.9}},
		"triplane_box_max": {Shape: []int{3}, Dtype: "F32", Data: []float32{0.9, 0.9, 0.9}},
		"default_local":    randT(c), "local_mlp.0.weight": randT(c, c), "local_mlp.0.bias": randT(c),
	}
	widths := []int{g + c + k, 64, 64, 3 * (deg + 1) * (deg + 1)}
	for i := 0; i+1 < len(widths); i++ {
		ts[fmt.Sprintf("mlp.%d.weight", 2*i)] = randT(widths[i+1], widths[i])
		ts[fmt.Sprintf("mlp.%d.bias", 2*i)] = randT(widths[i+1])
	}
	meta := map[string]string{"model": gaussians.ModelWildGS, "sh_degree": fmt.Sprint(deg), "activation": "relu"}
	b, err := gaussians.NewAppearanceBundle(s, ts, meta, make([]gaussians.Photo, p))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkAppearanceGPU100k recolours 100k Gaussians with the GL compute shader through the
// model of gaussians' BenchmarkRecolor1M (3-layer, 64-wide MLP, SH degree 3), blending two
// photos, and waits for the GPU (glFinish). llvmpipe runs it on the CPU cores: compare per
// Gaussian with BenchmarkRecolor1M (xvfb-run -a go test -bench AppearanceGPU -run - ./render).
func BenchmarkAppearanceGPU100k(b *testing.B) {
	const n = 100_000
	bundle := benchBundle(b, n)
	bl, err := bundle.Blend(0, 1, 0.3)
	if err != nil {
		b.Fatal(err)
	}
	onGL(b, func(Info) {
		if !ComputeSupported() {
			return
		}
		p, err := NewSplatPass(gaussians.RenderBuffersFromScene(bundle.Scene))
		if err != nil {
			b.Error(err)
			return
		}
		defer p.Delete()
		g, err := NewAppearanceGPU(p, bundle.Tables(), bundle.Scene, nil)
		if err != nil {
			b.Error(err)
			return
		}
		defer g.Delete()
		g.Recolor(bl) // compile and warm up
		gl.Finish()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := g.Recolor(bl); err != nil {
				b.Error(err)
				return
			}
			gl.Finish()
		}
		b.StopTimer()
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e6/n, "s/1M-Gaussians")
	})
}
