package gaussians

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func TestFilterOptionsKeep(t *testing.T) {
	box := FilterOptions{Box: true, Min: [3]float32{-1, -1, -1}, Max: [3]float32{1, 1, 1}}
	nan := float32(math.NaN())
	cases := []struct {
		name          string
		o             FilterOptions
		p             [3]float32
		opacity, size float32
		want          bool
	}{
		{"zero options keep all", FilterOptions{}, [3]float32{99, 99, 99}, 0, 1e9, true},
		{"inside box", box, [3]float32{0.5, -0.5, 1}, 0.5, 1, true},
		{"outside box", box, [3]float32{1.01, 0, 0}, 0.5, 1, false},
		{"NaN centre outside box", box, [3]float32{nan, 0, 0}, 0.5, 1, false},
		{"faint", FilterOptions{MinOpacity: 0.1}, [3]float32{}, 0.05, 1, false},
		{"opaque enough", FilterOptions{MinOpacity: 0.1}, [3]float32{}, 0.1, 1, true},
		{"too big", FilterOptions{MaxScale: 0.5}, [3]float32{}, 1, 0.6, false},
		{"small enough", FilterOptions{MaxScale: 0.5}, [3]float32{}, 1, 0.5, true},
	}
	for _, c := range cases {
		if got := c.o.Keep(c.p, c.opacity, c.size); got != c.want {
			t.Errorf("%s: Keep = %v, want %v", c.name, got, c.want)
		}
	}
	if (FilterOptions{}).Active() || !box.Active() {
		t.Errorf("Active wrong")
	}
}

// TestFilterScene filters a random scene and checks the survivors against Keep, the arrays
// (SH, extras) carried along, and the mask of the render buffers agreeing with the scene filter.
func TestFilterScene(t *testing.T) {
	s := randomScene(5000, 2, 3)
	s.Extra = []Property{{Name: "label", Values: make([]float32, s.N)}}
	for i := range s.N {
		s.Extra[0].Values[i] = float32(i)
	}
	o := FilterOptions{Box: true, Min: [3]float32{-3, -4, -5}, Max: [3]float32{3, 2, 5}, MinOpacity: 0.3, MaxScale: 0.2}
	out, removed := Filter(s, o)
	if err := out.Check(); err != nil {
		t.Fatal(err)
	}
	if out.N+removed != s.N || out.N == 0 || removed == 0 {
		t.Fatalf("kept %d, removed %d of %d: want a real split", out.N, removed, s.N)
	}
	k := 3 * SHRestCoeffs(2)
	for j := range out.N {
		i := int(out.Extra[0].Values[j]) // the label is the original index
		if out.Positions[3*j] != s.Positions[3*i] || out.Opacities[j] != s.Opacities[i] ||
			out.SHRest[k*j+k-1] != s.SHRest[k*i+k-1] || out.Rotations[4*j+3] != s.Rotations[4*i+3] {
			t.Fatalf("kept Gaussian %d is not a copy of %d", j, i)
		}
		sc := s.Scale(i)
		if !o.Keep(s.Position(i), s.Opacity(i), max(sc[0], sc[1], sc[2])) {
			t.Fatalf("Gaussian %d kept but fails the filter", i)
		}
	}
	b := RenderBuffersFromScene(s)
	hidden, kept := FilterMask(b, o, nil)
	if kept != out.N {
		t.Errorf("FilterMask keeps %d, Filter %d", kept, out.N)
	}
	n := 0
	for _, h := range hidden {
		if !h {
			n++
		}
	}
	if n != kept {
		t.Errorf("mask has %d visible, kept says %d", n, kept)
	}
	if all, _ := Filter(s, FilterOptions{}); all.N != s.N {
		t.Errorf("inactive filter dropped Gaussians: %d of %d", all.N, s.N)
	}
}

// TestFilteredSorter checks the background sorter leaves hidden Gaussians out, sorts back to
// front, and follows a filter change.
func TestFilteredSorter(t *testing.T) {
	s := randomScene(20000, 0, 5)
	b := RenderBuffersFromScene(s)
	fs := NewFilteredSorter(b)
	defer fs.Close()
	view := mgl32.LookAtV(mgl32.Vec3{0, 0, 20}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0})
	o := FilterOptions{Box: true, Min: [3]float32{-5, -5, -5}, Max: [3]float32{0, 5, 5}}
	for _, opts := range []FilterOptions{{}, o} {
		fs.Request(view, opts)
		fs.Wait(fs.Requested())
		order, _ := fs.Latest()
		_, kept := fs.Stats()
		if len(order) != kept {
			t.Fatalf("order has %d, kept %d", len(order), kept)
		}
		prev := float32(math.Inf(1))
		for _, i := range order {
			p := mgl32.Vec3(b.Positions[3*i : 3*i+3])
			if opts.Box && p[0] > 0 {
				t.Fatalf("Gaussian %d at x=%g is outside the crop box but drawn", i, p[0])
			}
			d := 20 - p[2] // view depth along −z from z = 20
			if d > prev+1e-3 {
				t.Fatalf("order not back to front: %g after %g", d, prev)
			}
			prev = d
		}
		if opts.Box && (kept == 0 || kept > b.N*6/10) {
			t.Errorf("box kept %d of %d, want about half", kept, b.N)
		}
	}
}

// BenchmarkFilterMask6M times rebuilding the crop/opacity/scale mask of 6M Gaussians (the
// background sorter does it once per filter change).
func BenchmarkFilterMask6M(b *testing.B) {
	const n = 6_000_000
	rb := &RenderBuffers{N: n, Positions: make([]float32, 3*n), Scales: make([]float32, 3*n), Opacities: make([]float32, n)}
	for i := range rb.Positions {
		rb.Positions[i] = float32(i%1000) / 100
	}
	o := FilterOptions{Box: true, Max: [3]float32{5, 5, 5}, MinOpacity: 0.1, MaxScale: 1}
	var hidden []bool
	b.ResetTimer()
	for range b.N {
		hidden, _ = FilterMask(rb, o, hidden)
	}
}
