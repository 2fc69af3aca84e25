package csp

import (
	"context"
	"errors"
	"math"
	"math/rand"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func TestHalfRoundTripAllValues(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		f := HalfToFloat(uint16(h))
		back := FloatToHalf(f)
		if f != f { // NaN: any NaN will do
			if HalfToFloat(back) == HalfToFloat(back) {
				t.Fatalf("half %#04x: NaN came back as %#04x", h, back)
			}
			continue
		}
		if back != uint16(h) {
			t.Fatalf("half %#04x → %v → %#04x", h, f, back)
		}
	}
}

func TestHalfRounding(t *testing.T) {
	cases := []struct {
		in   float32
		want uint16
	}{
		{1, 0x3c00},
		{-2, 0xc000},
		{65504, 0x7bff},                   // largest half
		{65520, 0x7c00},                   // halfway to the next: rounds (to even) to Inf
		{1e6, 0x7c00},                     // overflow
		{5.960464477539063e-08, 0x0001},   // smallest subnormal
		{2.98023223876953125e-08, 0x0000}, // half of it: ties to even, zero
		{1 + 1.0/2048, 0x3c00},            // tie between 1 and 1+2⁻¹⁰: even is 1
		{1 + 3.0/2048, 0x3c02},            // tie between 1+2⁻¹⁰ and 1+2⁻⁹: even is the upper
		{6.097555160522461e-05, 0x03ff},   // largest subnormal
		{float32(math.Inf(-1)), 0xfc00},
	}
	for _, c := range cases {
		if got := FloatToHalf(c.in); got != c.want {
			t.Errorf("FloatToHalf(%v) = %#04x, want %#04x", c.in, got, c.want)
		}
	}
	// Against a float64 reference: the nearest half (ties aside) for random floats.
	rng := rand.New(rand.NewSource(4))
	for i := 0; i < 100000; i++ {
		f := float32(rng.NormFloat64() * math.Pow(2, float64(rng.Intn(40)-25)))
		h := HalfToFloat(FloatToHalf(f))
		ulp := math.Max(math.Pow(2, math.Floor(math.Log2(math.Abs(float64(f))))-10), math.Pow(2, -24))
		if math.Abs(float64(f)) < 65504 && math.Abs(float64(h)-float64(f)) > ulp/2 {
			t.Fatalf("%v → %v: off by more than half an ulp (%v)", f, h, ulp)
		}
	}
}

func TestGridExactAtNodesAndLinear(t *testing.T) {
	for _, half := range []bool{false, true} {
		g, err := NewGrid([3]int{5, 6, 7}, mgl32.Vec3{-1, -2, -3}, 0.25, half)
		if err != nil {
			t.Fatal(err)
		}
		// Store an affine function of the node position: trilinear interpolation reproduces it.
		affine := func(p mgl32.Vec3) mgl32.Vec3 { return mgl32.Vec3{2*p[0] + 1, p[1] - p[2], 0.5 * p[2]} }
		for i := 0; i < 5; i++ {
			for j := 0; j < 6; j++ {
				for k := 0; k < 7; k++ {
					g.Set(i, j, k, affine(g.Node(i, j, k)))
				}
			}
		}
		tol := float32(1e-5)
		if half {
			tol = 4e-3 // half precision of values up to 4
		}
		var ps []mgl32.Vec3
		for i := 0; i < 5; i++ {
			ps = append(ps, g.Node(i, i%6, (2*i)%7))
		}
		rng := rand.New(rand.NewSource(5))
		lo, hi := g.Bounds()
		for i := 0; i < 200; i++ {
			ps = append(ps, lo.Add(mgl32.Vec3{rng.Float32() * (hi[0] - lo[0]), rng.Float32() * (hi[1] - lo[1]), rng.Float32() * (hi[2] - lo[2])}))
		}
		out := make([]mgl32.Vec3, len(ps))
		g.ClosestPoints(ps, out)
		for i, p := range ps {
			if d := out[i].Sub(affine(p)).Len(); d > tol {
				t.Fatalf("half=%v: at %v got %v, want %v", half, p, out[i], affine(p))
			}
		}
		data, dims := g.Data()
		if dims != [3]int{5, 6, 7} || len(data) != 5*6*7*3 || data[g.index(1, 2, 3)+1] != g.At(1, 2, 3)[1] {
			t.Fatalf("half=%v: Data layout wrong: dims %v len %d", half, dims, len(data))
		}
	}
}

func TestNewGridErrors(t *testing.T) {
	for _, c := range []struct {
		dims    [3]int
		spacing float32
	}{{[3]int{1, 4, 4}, 1}, {[3]int{4, 4, MaxGridDim + 1}, 1}, {[3]int{4, 4, 4}, 0}, {[3]int{4, 4, 4}, float32(math.NaN())}} {
		if _, err := NewGrid(c.dims, mgl32.Vec3{}, c.spacing, false); err == nil {
			t.Errorf("NewGrid(%v, %v): no error", c.dims, c.spacing)
		}
	}
}

func TestBakeBunnyMatchesBruteForce(t *testing.T) {
	m := loadBunny(t)
	var calls, last int
	g, err := BakeMesh(context.Background(), m, 16, func(done, total int) { calls++; last = done })
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != 16*16*16 {
		t.Fatalf("progress: %d calls, last %d", calls, last)
	}
	lo, hi, _ := m.Bounds()
	diag := float64(hi.Sub(lo).Len())
	glo, ghi := g.Bounds()
	for k := 0; k < 3; k++ {
		if glo[k] > lo[k] || ghi[k] < hi[k] {
			t.Fatalf("grid box %v %v does not hold the mesh box %v %v", glo, ghi, lo, hi)
		}
	}
	if e := ghi.Sub(glo); math.Abs(float64(e[0]-e[1])) > 1e-5 || math.Abs(float64(e[1]-e[2])) > 1e-5 {
		t.Fatalf("grid box %v is not a cube", e)
	}
	for i := 0; i < 16; i++ {
		for j := 0; j < 16; j++ {
			for k := 0; k < 16; k++ {
				p := g.Node(i, j, k)
				_, d2 := bruteClosest(m, p)
				if d := math.Abs(float64(Distance(p, g.At(i, j, k))) - math.Sqrt(d2)); d > 1e-6*diag {
					t.Fatalf("node %d,%d,%d: distance off by %v", i, j, k, d)
				}
			}
		}
	}
}

func TestBakeCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Bake(ctx, Sphere{Radius: 1}, mgl32.Vec3{-2, -2, -2}, mgl32.Vec3{2, 2, 2}, 64, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if _, err := Bake(context.Background(), Sphere{Radius: 1}, mgl32.Vec3{}, mgl32.Vec3{1, 1, 1}, 1, nil); err == nil {
		t.Fatal("resolution 1 accepted")
	}
}
