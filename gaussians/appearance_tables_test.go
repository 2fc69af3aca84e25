package gaussians

import (
	"context"
	"math"
	"path/filepath"
	"testing"
)

// evalTables is a naive, one-Gaussian-at-a-time evaluation of AppearanceTables, the way the GL
// compute shader (shaders/appearance_recolor.comp.glsl) does it; it returns the coefficient-
// major SH coefficients of Gaussian i.
func evalTables(t *AppearanceTables, bl *AppearanceBlend, s *Scene, i int) []float32 {
	act := func(v float32) float32 {
		switch t.Activation {
		case 0:
			return max(v, 0)
		case 1:
			if v < 0 {
				return 0.01 * v
			}
			return v
		case 2:
			return v * sigmoid32(v)
		case 3:
			return tanh32(v)
		}
		return sigmoid32(v)
	}
	run := func(ls []AppearanceLayer, x []float32) []float32 {
		for li, l := range ls {
			y := make([]float32, l.Out)
			for o := range y {
				sum := l.B[o]
				for k := 0; k < l.In; k++ {
					sum += l.W[o*l.In+k] * x[k]
				}
				if li < len(ls)-1 {
					sum = act(sum)
				}
				y[o] = sum
			}
			x = y
		}
		return x
	}
	feat := t.Features[i*t.K : (i+1)*t.K]
	if t.Model == ModelWildGS {
		p := s.Position(i)
		loc := append([]float32(nil), t.DefaultLocal...)
		inside := true
		var n [3]float32
		for a := 0; a < 3; a++ {
			inside = inside && p[a] >= t.BoxMin[a] && p[a] <= t.BoxMax[a]
			n[a] = 2*(p[a]-t.BoxMin[a])/(t.BoxMax[a]-t.BoxMin[a]) - 1
		}
		if inside {
			sum := make([]float32, t.C)
			r1 := float32(t.R - 1)
			for pl, ax := range [3][2]int{{0, 1}, {0, 2}, {1, 2}} {
				u := min(max((n[ax[0]]+1)/2*r1, 0), r1)
				v := min(max((n[ax[1]]+1)/2*r1, 0), r1)
				u0, v0 := int(u), int(v)
				u1, v1 := min(u0+1, t.R-1), min(v0+1, t.R-1)
				fu, fv := u-float32(u0), v-float32(v0)
				at := func(x, y, c int) float32 { return bl.Planes[((pl*t.R+y)*t.R+x)*t.C+c] }
				for c := range sum {
					sum[c] += at(u0, v0, c)*(1-fu)*(1-fv) + at(u1, v0, c)*fu*(1-fv) + at(u0, v1, c)*(1-fu)*fv + at(u1, v1, c)*fu*fv
				}
			}
			loc = run(t.Local, sum)
		}
		x := append(append(append([]float32(nil), bl.Global...), loc...), feat...)
		return run(t.Main, x)
	}
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	base := append(append([]float32(nil), s.SHDC[3*i:3*i+3]...), s.SHRest[k3*i:k3*(i+1)]...)
	for j := range base {
		base[j] = min(base[j], 1)
	}
	x := append(append(append([]float32(nil), base[:t.F]...), feat...), bl.PhotoEmbedding...)
	y := run(t.Main, x)
	for j := range base {
		v := base[j] * y[t.F+j%t.F] * 0.01
		if j < t.F {
			v += y[j] * 0.01 / float32(SHC0)
		}
		base[j] = min(v, 1)
	}
	return base
}

// TestAppearanceTables: the flattened tables, evaluated naively, give Recolor's coefficients
// for both fixture models and the demo, at a photo and at a blend.
func TestAppearanceTables(t *testing.T) {
	bundles := map[string]*AppearanceBundle{"demo": DemoAppearanceBundle()}
	for _, name := range []string{"wildgs", "wildgaussians"} {
		b, err := LoadAppearanceBundle(filepath.Join(appearanceDir, name+".json"), nil)
		if err != nil {
			t.Fatal(err)
		}
		bundles[name] = b
	}
	for name, b := range bundles {
		tab := b.Tables()
		if tab.N != b.Scene.N || len(tab.Features) != tab.N*tab.K || len(tab.Main) == 0 {
			t.Fatalf("%s: tables N %d K %d, %d features, %d main layers", name, tab.N, tab.K, len(tab.Features), len(tab.Main))
		}
		for _, c := range []struct {
			a, b int
			t    float32
		}{{0, 0, 0}, {0, 1, 0.3}, {2, 2, 0}} {
			bl, err := b.Blend(c.a, c.b, c.t)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Recolor(context.Background(), b, c.a, c.b, c.t, nil)
			if err != nil {
				t.Fatal(err)
			}
			k3 := 3 * SHRestCoeffs(out.SHDegree)
			worst := 0.0
			for i := 0; i < b.Scene.N; i++ {
				got := evalTables(tab, bl, b.Scene, i)
				want := append(append([]float32(nil), out.SHDC[3*i:3*i+3]...), out.SHRest[k3*i:k3*(i+1)]...)
				if len(got) != len(want) {
					t.Fatalf("%s: %d coefficients, want %d", name, len(got), len(want))
				}
				for j := range got {
					worst = max(worst, math.Abs(float64(got[j]-want[j])))
				}
			}
			if worst > 1e-4 {
				t.Errorf("%s photos %d→%d t %v: tables differ from Recolor by %g", name, c.a, c.b, c.t, worst)
			}
		}
	}
	if _, err := bundles["demo"].Blend(0, 3, 0); err == nil {
		t.Errorf("photo 3 of 3 accepted")
	}
}
