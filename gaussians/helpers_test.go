package gaussians

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// dataDir is the shared real-data folder laid beside the repository.
var dataDir = filepath.Join("..", "..", "shared", "data", "splats")

// dataFile returns the path of a real splat file, skipping the test when shared data is absent.
func dataFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(dataDir, name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return p
}

// mustLoad loads a real file or fails.
func mustLoad(t testing.TB, name string) *Scene {
	t.Helper()
	s, err := Load(dataFile(t, name), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// randomScene makes n plausible Gaussians of the given SH degree from a fixed seed.
func randomScene(n, degree int, seed uint64) *Scene {
	r := rand.New(rand.NewPCG(seed, 7))
	s := NewScene(n, degree)
	u := func(lo, hi float64) float32 { return float32(lo + (hi-lo)*r.Float64()) }
	for i := 0; i < n; i++ {
		for a := 0; a < 3; a++ {
			s.Positions[3*i+a] = u(-5, 5)
			s.Scales[3*i+a] = u(-7, -1)
			s.SHDC[3*i+a] = u(-1.5, 1.5)
		}
		for a := 0; a < 4; a++ {
			s.Rotations[4*i+a] = u(-1, 1)
		}
		s.Opacities[i] = u(-5, 5)
	}
	for j := range s.SHRest {
		s.SHRest[j] = u(-0.4, 0.4)
	}
	return s
}

// close32 reports |a−b| ≤ tol.
func close32(a, b, tol float32) bool { return math.Abs(float64(a-b)) <= float64(tol) }

// quatClose compares two rotations up to sign (q and −q are the same rotation).
func quatClose(a, b [4]float32, tol float32) bool {
	d := float32(0)
	for i := range a {
		d += a[i] * b[i]
	}
	return 1-abs32(d) <= tol
}

// tolerances is how far one Gaussian may move through a lossy format.
type tolerances struct {
	pos, logScale, quat, opacity, color, sh float32
}

// compareScenes checks that b holds a's Gaussians within tol, index by index.
func compareScenes(t *testing.T, a, b *Scene, tol tolerances) {
	t.Helper()
	if a.N != b.N {
		t.Fatalf("count %d, want %d", b.N, a.N)
	}
	bad := 0
	report := func(i int, what string, got, want any) {
		if bad < 5 {
			t.Errorf("Gaussian %d: %s %v, want %v", i, what, got, want)
		}
		bad++
	}
	for i := 0; i < a.N; i++ {
		for c := 0; c < 3; c++ {
			if !close32(a.Positions[3*i+c], b.Positions[3*i+c], tol.pos) {
				report(i, "position", b.Position(i), a.Position(i))
			}
			if !close32(a.Scales[3*i+c], b.Scales[3*i+c], tol.logScale) {
				report(i, "log scale", b.Scales[3*i:3*i+3], a.Scales[3*i:3*i+3])
			}
			if !close32(a.Color(i)[c], b.Color(i)[c], tol.color) {
				report(i, "colour", b.Color(i), a.Color(i))
			}
		}
		if !quatClose(a.Rotation(i), b.Rotation(i), tol.quat) {
			report(i, "rotation", b.Rotation(i), a.Rotation(i))
		}
		if !close32(a.Opacity(i), b.Opacity(i), tol.opacity) {
			report(i, "opacity", b.Opacity(i), a.Opacity(i))
		}
	}
	if a.SHDegree == b.SHDegree && tol.sh > 0 {
		for j := range a.SHRest {
			if !close32(a.SHRest[j], b.SHRest[j], tol.sh) {
				report(j/(3*SHRestCoeffs(a.SHDegree)), "SH coefficient", b.SHRest[j], a.SHRest[j])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d mismatches in all", bad)
	}
}
