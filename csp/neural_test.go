package csp

import (
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// neuralFixture is the PyTorch-made CSP network (tools/make_csp_fixture.py).
var neuralFixture = filepath.Join("testdata", "neural_sphere.pt")

// loadFixtureIO reads the fixture's 1000 inputs and PyTorch's outputs.
func loadFixtureIO(t testing.TB) (ps, want []mgl32.Vec3) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "neural_sphere_io.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := ReadNPY(f, -1, f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Shape) != 2 || a.Shape[0] != 1000 || a.Shape[1] != 6 {
		t.Fatalf("fixture io shape %v", a.Shape)
	}
	for i := 0; i < 1000; i++ {
		r := a.Data[6*i:]
		ps = append(ps, mgl32.Vec3{r[0], r[1], r[2]})
		want = append(want, mgl32.Vec3{r[3], r[4], r[5]})
	}
	return ps, want
}

// TestNeuralMatchesPyTorch checks every layout of the fixture against PyTorch's outputs.
func TestNeuralMatchesPyTorch(t *testing.T) {
	ps, want := loadFixtureIO(t)
	for _, tc := range []struct {
		file string
		tol  float64
	}{
		{"neural_sphere.pt", 1e-5},
		{"neural_sphere_top.pth", 1e-5},
		{"neural_sphere_model.pth", 1e-5},
		{"neural_sphere.safetensors", 1e-5},
		{"neural_sphere_f16.pt", 2e-3}, // weights rounded to 11 significant bits
	} {
		t.Run(tc.file, func(t *testing.T) {
			m, err := LoadNeural(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Widths(); len(got) != 5 || got[0] != 3 || got[1] != 48 || got[4] != 3 {
				t.Fatalf("widths %v, want [3 48 48 48 3]", got)
			}
			got := make([]mgl32.Vec3, len(ps))
			m.ClosestPoints(ps, got)
			worst := 0.0
			for i := range ps {
				for k := 0; k < 3; k++ {
					worst = max(worst, math.Abs(float64(got[i][k]-want[i][k])))
				}
			}
			if worst > tc.tol {
				t.Errorf("max |Go − PyTorch| = %g, want ≤ %g", worst, tc.tol)
			}
			t.Logf("max |Go − PyTorch| over 1000 points: %.3g", worst)
		})
	}
}

// TestNeuralHalfWeights checks the float16 checkpoint holds the float32 weights rounded to half.
func TestNeuralHalfWeights(t *testing.T) {
	sd32, where32, err := ReadTorch(neuralFixture)
	if err != nil {
		t.Fatal(err)
	}
	sd16, where16, err := ReadTorch(filepath.Join("testdata", "neural_sphere_f16.pt"))
	if err != nil {
		t.Fatal(err)
	}
	if where32 != "net" || where16 != "net" {
		t.Fatalf("state dicts found under %q and %q, want net", where32, where16)
	}
	if len(sd32) != 8 || len(sd16) != 8 {
		t.Fatalf("%d and %d tensors, want 8", len(sd32), len(sd16))
	}
	for k, a := range sd32 {
		b := sd16[k]
		if len(a.Data) != len(b.Data) {
			t.Fatalf("%s: %d vs %d values", k, len(a.Data), len(b.Data))
		}
		for i, v := range a.Data {
			if HalfToFloat(FloatToHalf(v)) != b.Data[i] {
				t.Fatalf("%s[%d]: half of %v is %v, file has %v", k, i, v, HalfToFloat(FloatToHalf(v)), b.Data[i])
			}
		}
	}
}

// TestTorchLayouts checks where the state dict is found and the keys it holds.
func TestTorchLayouts(t *testing.T) {
	for _, tc := range []struct{ file, where string }{
		{"neural_sphere.pt", "net"},
		{"neural_sphere_top.pth", ""},
		{"neural_sphere_model.pth", "model"},
	} {
		sd, where, err := ReadTorch(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if where != tc.where {
			t.Errorf("%s: found under %q, want %q", tc.file, where, tc.where)
		}
		w, ok := sd["net.0.weight"]
		if !ok || len(w.Shape) != 2 || w.Shape[0] != 48 || w.Shape[1] != 3 {
			t.Errorf("%s: net.0.weight = %v (present %v), want shape [48 3]", tc.file, w.Shape, ok)
		}
		if b := sd["net.6.bias"]; len(b.Data) != 3 {
			t.Errorf("%s: net.6.bias has %d values", tc.file, len(b.Data))
		}
	}
}

// randomMLP makes an MLP of the given widths with He-initialised random weights.
func randomMLP(t testing.TB, widths []int, seed int64) *MLP {
	t.Helper()
	r := rand.New(rand.NewSource(seed))
	var ls []Linear
	for i := 0; i+1 < len(widths); i++ {
		l := Linear{In: widths[i], Out: widths[i+1], W: make([]float32, widths[i]*widths[i+1]), B: make([]float32, widths[i+1])}
		s := float32(math.Sqrt(2 / float64(l.In)))
		for j := range l.W {
			l.W[j] = float32(r.NormFloat64()) * s
		}
		for j := range l.B {
			l.B[j] = float32(r.NormFloat64()) * 0.1
		}
		ls = append(ls, l)
	}
	m, err := NewMLP(ls, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// naiveForward is the reference: plain float64 dot products.
func naiveForward(m *MLP, p mgl32.Vec3) mgl32.Vec3 {
	x := []float64{float64(p[0]), float64(p[1]), float64(p[2])}
	for li, l := range m.Layers {
		y := make([]float64, l.Out)
		for o := range y {
			s := float64(l.B[o])
			for i := 0; i < l.In; i++ {
				s += float64(l.W[o*l.In+i]) * x[i]
			}
			if li < len(m.Layers)-1 && s < 0 {
				s = 0
			}
			y[o] = s
		}
		x = y
	}
	return mgl32.Vec3{float32(x[0]), float32(x[1]), float32(x[2])}
}

// TestMLPBlockedMatchesNaive covers the blocked multiply's edges: widths not a multiple of 4,
// inputs over one k block, batches with leftover rows, several batches in parallel.
func TestMLPBlockedMatchesNaive(t *testing.T) {
	defer func(v bool) { useAVX2 = v }(useAVX2)
	for _, asm := range []bool{useAVX2, false} {
		useAVX2 = asm
		testBlockedMatchesNaive(t)
	}
}

func testBlockedMatchesNaive(t *testing.T) {
	for _, tc := range []struct {
		widths []int
		points int
	}{
		{[]int{3, 5, 3}, 1},
		{[]int{3, 7, 9, 3}, 7},
		{[]int{3, 120, 300, 61, 3}, 259},
		{[]int{3, 64, 600, 3}, 1030},
	} {
		m := randomMLP(t, tc.widths, int64(tc.points))
		r := rand.New(rand.NewSource(9))
		ps := make([]mgl32.Vec3, tc.points)
		for i := range ps {
			ps[i] = mgl32.Vec3{r.Float32() - 0.5, r.Float32() - 0.5, r.Float32() - 0.5}
		}
		got := make([]mgl32.Vec3, len(ps))
		m.ClosestPoints(ps, got)
		for i, p := range ps {
			want := naiveForward(m, p)
			if d := got[i].Sub(want).Len(); d > 1e-4*max(1, want.Len()) {
				t.Fatalf("asm %v widths %v point %d: got %v, want %v", useAVX2, tc.widths, i, got[i], want)
			}
		}
	}
}

// TestMLPErrors checks state dicts that must be refused, and the error names the tensor.
func TestMLPErrors(t *testing.T) {
	lin := func(out, in int) Tensor { return Tensor{Shape: []int{out, in}, Data: make([]float32, out*in)} }
	vec := func(n int) Tensor { return Tensor{Shape: []int{n}, Data: make([]float32, n)} }
	nan := lin(8, 8)
	nan.Data[5] = float32(math.NaN())
	for _, tc := range []struct {
		name string
		sd   map[string]Tensor
		want string
	}{
		{"no chain", map[string]Tensor{"net.0.weight": lin(8, 3), "net.0.bias": vec(8), "net.2.weight": lin(3, 9), "net.2.bias": vec(3)}, "net.2.weight [3 9] takes 9 inputs but net.0.weight [8 3] gives 8"},
		{"nan", map[string]Tensor{"net.0.weight": lin(8, 3), "net.0.bias": vec(8), "net.2.weight": nan, "net.2.bias": vec(8), "net.4.weight": lin(3, 8), "net.4.bias": vec(3)}, "net.2.weight [8 8]: value 5 is NaN"},
		{"not xyz", map[string]Tensor{"0.weight": lin(3, 4), "0.bias": vec(3)}, "takes 4 inputs"},
		{"not a point", map[string]Tensor{"0.weight": lin(4, 3), "0.bias": vec(4)}, "gives 4 outputs"},
		{"bias shape", map[string]Tensor{"0.weight": lin(3, 3), "0.bias": vec(4)}, "0.bias has shape [4]"},
		{"1-D weight", map[string]Tensor{"0.weight": vec(3)}, "want a 2-D Linear weight"},
		{"stray", map[string]Tensor{"0.weight": lin(3, 3), "scale": vec(1)}, "scale is not a Linear"},
		{"two modules", map[string]Tensor{"a.0.weight": lin(3, 3), "b.1.weight": lin(3, 3)}, "tensors a.0.weight and b.1.weight belong to different modules"},
		{"empty", map[string]Tensor{}, "no Linear layers"},
	} {
		_, err := MLPFromStateDict(tc.sd)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

// releasedWidths are the layer widths of the paper's released CSP network.
var releasedWidths = []int{3, 120, 512, 1024, 2048, 2048, 1024, 512, 256, 128, 3}

// BenchmarkMLPReleasedSize runs 2048 points through random weights of the released widths and
// reports the multiply-add throughput (GFLOP/s, two FLOPs per multiply-add) and queries/s.
func BenchmarkMLPReleasedSize(b *testing.B) {
	m := randomMLP(b, releasedWidths, 1)
	ps := make([]mgl32.Vec3, 2048)
	r := rand.New(rand.NewSource(2))
	for i := range ps {
		ps[i] = mgl32.Vec3{r.Float32() - 0.5, r.Float32() - 0.5, r.Float32() - 0.5}
	}
	out := make([]mgl32.Vec3, len(ps))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.ClosestPoints(ps, out)
	}
	sec := b.Elapsed().Seconds()
	q := float64(b.N * len(ps))
	b.ReportMetric(q*float64(m.MultiplyAdds())*2/sec/1e9, "GFLOP/s")
	b.ReportMetric(q/sec, "queries/s")
}

// BenchmarkMLPReleasedSizeGo is BenchmarkMLPReleasedSize with the pure Go kernel only.
func BenchmarkMLPReleasedSizeGo(b *testing.B) {
	defer func(v bool) { useAVX2 = v }(useAVX2)
	useAVX2 = false
	BenchmarkMLPReleasedSize(b)
}
