package gaussians

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/splatscope/splatscope/safetensors"
)

// randomWildGS builds a Wild-GS bundle of n Gaussians with random weights: 16 global, 16×16²
// triplanes with a 16→16 local layer, 32 f_in, and a main MLP of the given hidden widths
// ending in SH degree deg.
func randomWildGS(tb testing.TB, n int, hidden []int, deg int) *AppearanceBundle {
	rng := rand.New(rand.NewSource(3))
	randT := func(shape ...int) safetensors.Tensor {
		t := safetensors.Tensor{Shape: shape, Dtype: "F32"}
		c := 1
		for _, d := range shape {
			c *= d
		}
		t.Data = make([]float32, c)
		for i := range t.Data {
			t.Data[i] = float32(rng.NormFloat64()) * 0.2
		}
		return t
	}
	const p, g, c, r, k = 3, 16, 16, 16, 32
	s := NewScene(n, 0)
	for i := range s.Positions {
		s.Positions[i] = rng.Float32()*2 - 1
	}
	for j := 0; j < k; j++ {
		s.Extra = append(s.Extra, Property{Name: fmt.Sprintf("f_in_%d", j), Values: randT(n).Data})
	}
	ts := map[string]safetensors.Tensor{
		"global_embeddings": randT(p, g), "triplanes": randT(p, 3, c, r, r),
		"triplane_box_min": {Shape: []int{3}, Dtype: "F32", Data: []float32{-0.9, -0.9, -0.9}},
		"triplane_box_max": {Shape: []int{3}, Dtype: "F32", Data: []float32{0.9, 0.9, 0.9}},
		"default_local":    randT(c), "local_mlp.0.weight": randT(c, c), "local_mlp.0.bias": randT(c),
	}
	widths := append(append([]int{g + c + k}, hidden...), 3*(deg+1)*(deg+1))
	for i := 0; i+1 < len(widths); i++ {
		ts[fmt.Sprintf("mlp.%d.weight", 2*i)] = randT(widths[i+1], widths[i])
		ts[fmt.Sprintf("mlp.%d.bias", 2*i)] = randT(widths[i+1])
	}
	photos := make([]Photo, p)
	meta := map[string]string{"model": ModelWildGS, "sh_degree": fmt.Sprint(deg), "activation": "relu"}
	b, err := NewAppearanceBundle(s, ts, meta, photos)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkRecolor1M recolours 1M Gaussians through a 3-layer, 64-wide MLP (64→64→64→48,
// SH degree 3 out) plus the triplane sampling and local layer, blending two photos. Target:
// ≤ 1 s per op on 2 cores (go test -bench Recolor1M -cpu 2 ./gaussians).
func BenchmarkRecolor1M(b *testing.B) {
	bundle := randomWildGS(b, 1_000_000, []int{64, 64}, 3)
	var dst *Scene
	b.ResetTimer()
	for b.Loop() {
		var err error
		dst, err = RecolorInto(context.Background(), bundle, dst, 0, 1, 0.3, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/recolour")
}
