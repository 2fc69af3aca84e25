package app

import (
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
)

// writeLabelledGrid writes a 20×20 sheet of Gaussians in the x-y plane: the left half wood, the
// right half metal (default-table ids), in a neutral grey of their own.
func writeLabelledGrid(t *testing.T, dir string) string {
	t.Helper()
	const side = 20
	s := gaussians.NewScene(side*side, 0)
	ids := make([]float32, s.N)
	for i := 0; i < s.N; i++ {
		x, y := i%side, i/side
		s.Positions[3*i] = float32(x)/side - 0.5
		s.Positions[3*i+1] = float32(y)/side - 0.5
		for k := 0; k < 3; k++ {
			s.Scales[3*i+k] = float32(math.Log(0.03)) // overlapping: a closed sheet
			s.SHDC[3*i+k] = gaussians.DCFromColor(0.5)
		}
		s.Rotations[4*i] = 1
		s.Opacities[i] = 6
		if x >= side/2 {
			ids[i] = 1
		}
	}
	s.Extra = []gaussians.Property{{Name: materials.IDProperty, Values: ids}}
	p := filepath.Join(dir, "sheet.ply")
	if err := gaussians.Save(p, s); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMaterialsGLSmoke opens a labelled sheet in the whole app: coloured by material, the 3D
// view holds wood and metal pixels, and the overlay legend's swatches show them exactly.
func TestMaterialsGLSmoke(t *testing.T) {
	var labelled bool
	var counts []int
	img := runSplatShot(t, writeLabelledGrid(t, t.TempDir()), "app-materials.png", nil, func(a *App) {
		labelled = a.hasLabels() && a.codesShown()
		counts = append(counts, a.mat.counts...)
	})
	if !labelled || counts[0] != 200 || counts[1] != 200 {
		t.Fatalf("labels shown %v, counts %v", labelled, counts)
	}
	tab := materials.DefaultTable()
	b := img.Bounds()
	view := image.Rect(340, 40, b.Max.X-10, b.Max.Y-60)
	legend := image.Rect(b.Max.X-220, 0, b.Max.X, 80) // the overlay legend, top right, above the sheet
	for _, id := range []int{0, 1} {
		c := tab.Materials[id].RGB()
		if n := countNear(img, view, c, 12); n < 200 {
			t.Errorf("%s: %d pixels of its colour %v in the 3D view, want many", tab.Materials[id].Name, n, c)
		}
		if n := countNear(img, legend, c, 2); n < 40 {
			t.Errorf("%s: legend swatch not found top right (%d pixels)", tab.Materials[id].Name, n)
		}
	}
}

// countNear counts the pixels of r within tol (8-bit) of c in every channel.
func countNear(img image.Image, r image.Rectangle, c [3]uint8, tol int) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if abs(int(pr>>8)-int(c[0])) <= tol && abs(int(pg>>8)-int(c[1])) <= tol && abs(int(pb>>8)-int(c[2])) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(v int) int { return max(v, -v) }
