package csp

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// square is the unit square [0,1]² at height z, as two triangles.
func square(z float32) *mesh.Mesh {
	return &mesh.Mesh{
		Positions: []mgl32.Vec3{{0, 0, z}, {1, 0, z}, {1, 1, z}, {0, 1, z}},
		Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}},
	}
}

func TestCompareKnown(t *testing.T) {
	bunny := loadBunny(t)
	diag := math.Sqrt2 // the unit square's box diagonal
	const dz = 0.01
	cases := []struct {
		name       string
		a, b       *mesh.Mesh
		l1, l2, nc float64
		f          []float64
		tol        float64
	}{
		{"identical bunny", bunny, bunny, 0, 0, 1, []float64{1, 1}, 1e-6},
		{"identical square", square(0), square(0), 0, 0, 1, []float64{1, 1}, 1e-7},
		// Every sample is exactly dz above (or below) the other square: dz/diag = 0.00707.
		{"shifted square", square(0), square(dz), dz / diag, dz * dz / (diag * diag), 1, []float64{0, 1}, 1e-6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := Compare(c.a, c.b, 20000, DefaultMetricSeed)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(m.ChamferL1-c.l1) > c.tol || math.Abs(m.ChamferL2-c.l2) > c.tol*c.tol+1e-12 {
				t.Errorf("Chamfer L1 %.3g L2 %.3g, want %.3g %.3g", m.ChamferL1, m.ChamferL2, c.l1, c.l2)
			}
			if math.Abs(m.NormalConsistency-c.nc) > 1e-4 {
				t.Errorf("normal consistency %.6f, want %v", m.NormalConsistency, c.nc)
			}
			for i, f := range c.f {
				if math.Abs(m.FScore[i]-f) > 1e-9 {
					t.Errorf("F@%v = %v, want %v", FScoreThresholds[i], m.FScore[i], f)
				}
			}
		})
	}
}

func TestCompareDeterministic(t *testing.T) {
	a, b := square(0), square(0.003)
	b.Positions[2] = mgl32.Vec3{1.2, 1.1, 0.05}
	m1, err := Compare(a, b, 5000, 7)
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := Compare(a, b, 5000, 7)
	if m1.ChamferL1 != m2.ChamferL1 || m1.FScore[0] != m2.FScore[0] {
		t.Errorf("same seed, different results: %v vs %v", m1, m2)
	}
	if m1.ChamferL1 <= 0 {
		t.Errorf("different meshes give Chamfer %v", m1.ChamferL1)
	}
}

func TestCompareRejectsEmpty(t *testing.T) {
	if _, err := Compare(square(0), &mesh.Mesh{}, 100, 1); err == nil {
		t.Error("an empty mesh was compared")
	}
}
