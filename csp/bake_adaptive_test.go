package csp

import (
	"context"
	"errors"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// TestBakeAdaptiveMatchesFull bakes fields fully and adaptively on the same grid: nodes near
// the surface must be identical (evaluated, not interpolated), far nodes close in distance,
// and the adaptive bake must query far fewer points.
func TestBakeAdaptiveMatchesFull(t *testing.T) {
	mlp, err := LoadNeural(neuralFixture)
	if err != nil {
		t.Fatal(err)
	}
	frame := [2]mgl32.Vec3{{-0.5, -0.5, -0.5}, {0.5, 0.5, 0.5}}
	for _, tc := range []struct {
		name     string
		f        Field
		n        int
		minRatio float64 // the least Nodes/Evaluated accepted
		maxRel   float64 // the largest |u_adaptive − u_full| / u_full off the surface
	}{
		{"sphere", Sphere{Radius: 0.3}, 65, 3, 0.02},
		{"sphere-129", Sphere{Radius: 0.3}, 129, 5, 0.02},
		{"torus", Torus{Center: mgl32.Vec3{0.01, 0, 0}, Axis: mgl32.Vec3{0, 1, 1}, Major: 0.3, Minor: 0.1}, 65, 2, 0.02},
		{"plates", Plates{Normal: mgl32.Vec3{0, 0, 1}, Gap: 0.2, HalfSize: 0.3}, 65, 2, 0.02},
		{"mlp", mlp, 65, 2.5, 0.05},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full, err := Bake(context.Background(), tc.f, frame[0], frame[1], tc.n, nil)
			if err != nil {
				t.Fatal(err)
			}
			var last int
			ad, st, err := BakeAdaptiveStats(context.Background(), tc.f, frame[0], frame[1], tc.n, func(done, total int) {
				if done < last || done > total {
					t.Errorf("progress %d of %d after %d", done, total, last)
				}
				last = done
			})
			if err != nil {
				t.Fatal(err)
			}
			if last != tc.n*tc.n*tc.n {
				t.Errorf("last progress %d, want %d", last, tc.n*tc.n*tc.n)
			}
			if ad.Origin != full.Origin || ad.Spacing != full.Spacing || ad.Dims != full.Dims {
				t.Fatalf("adaptive grid %v %v %v, full %v %v %v", ad.Dims, ad.Origin, ad.Spacing, full.Dims, full.Origin, full.Spacing)
			}
			near := 2 * full.Spacing // within two voxels every node must be exact
			worstRel, nearDiff := 0.0, float32(0)
			for i := 0; i < tc.n; i++ {
				for j := 0; j < tc.n; j++ {
					for k := 0; k < tc.n; k++ {
						p := full.Node(i, j, k)
						uf := Distance(p, full.At(i, j, k))
						ua := Distance(p, ad.At(i, j, k))
						if uf < near {
							nearDiff = max(nearDiff, full.At(i, j, k).Sub(ad.At(i, j, k)).Len())
						} else {
							worstRel = max(worstRel, float64(abs32(ua-uf)/uf))
						}
					}
				}
			}
			t.Logf("%s n=%d: %d of %d nodes queried (%.1f× fewer, %d levels); near-surface diff %g, far max rel. error %.4f",
				tc.name, tc.n, st.Evaluated, st.Nodes, st.Ratio(), st.Levels, nearDiff, worstRel)
			if nearDiff != 0 {
				t.Errorf("nodes within 2 voxels of the surface differ from the full bake by up to %g", nearDiff)
			}
			if worstRel > tc.maxRel {
				t.Errorf("far nodes: max relative distance error %.4f, want ≤ %g", worstRel, tc.maxRel)
			}
			if st.Ratio() < tc.minRatio {
				t.Errorf("queried %d of %d nodes (%.2f× fewer), want ≥ %g× fewer", st.Evaluated, st.Nodes, st.Ratio(), tc.minRatio)
			}
		})
	}
}

// TestBakeAdaptiveErrors checks the resolution bounds and cancellation.
func TestBakeAdaptiveErrors(t *testing.T) {
	lo, hi := mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1}
	for _, n := range []int{0, 1, MaxGridDim + 1} {
		if _, err := BakeAdaptive(context.Background(), Sphere{Radius: 0.5}, lo, hi, n, nil); err == nil {
			t.Errorf("n=%d: no error", n)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BakeAdaptive(ctx, Sphere{Radius: 0.5}, lo, hi, 33, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled bake: error %v, want context.Canceled", err)
	}
	// The smallest grids have a single cell and no interpolation.
	g, st, err := BakeAdaptiveStats(context.Background(), Sphere{Radius: 0.5}, lo, hi, 2, nil)
	if err != nil || st.Evaluated != 8 || g.Dims != [3]int{2, 2, 2} {
		t.Errorf("n=2: %v, %d queries, dims %v", err, st.Evaluated, g.Dims)
	}
}
