package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
)

// TestLabelCommand labels a flat sheet of Gaussians seen by one camera whose label image is wood
// on the left half and steel on the right, and checks both outputs (.npy and .ply).
func TestLabelCommand(t *testing.T) {
	dir := t.TempDir()
	const side = 20 // Gaussians per row of the sheet
	s := gaussians.NewScene(side*side, 0)
	for i := 0; i < side*side; i++ {
		s.Positions[3*i] = float32(i%side)/side - 0.5 + 0.5/side
		s.Positions[3*i+1] = float32(i/side)/side - 0.5 + 0.5/side
		for a := 0; a < 3; a++ {
			s.Scales[3*i+a] = float32(math.Log(0.5 / side))
		}
		s.Opacities[i] = 3
	}
	scene := filepath.Join(dir, "sheet.ply")
	if err := gaussians.Save(scene, s); err != nil {
		t.Fatal(err)
	}
	cam := materials.LookAt([3]float64{0, 0, -3}, [3]float64{0, 0, 0}, [3]float64{0, -1, 0}, 64, 64, 100, 100)
	cam.ImgName = "front.jpg"
	b, _ := json.Marshal([]gaussians.TrainingCamera{cam})
	camPath := filepath.Join(dir, "cameras.json")
	os.WriteFile(camPath, b, 0o644)
	tab := materials.DefaultTable()
	wood, steel := int32(tab.Index("wood")), int32(tab.Index("steel"))
	img := materials.LabelImage{W: 64, H: 64, IDs: make([]int32, 64*64)}
	v := materials.ViewFor(&cam, 64, 64)
	for i := range img.IDs {
		img.IDs[i] = wood
		if float64(i%64)+0.5 > v.Cx { // right half of the image
			img.IDs[i] = steel
		}
	}
	masks := filepath.Join(dir, "masks")
	os.Mkdir(masks, 0o755)
	f, _ := os.Create(filepath.Join(masks, "front.png"))
	if err := img.EncodeGray(f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	out := filepath.Join(dir, "labels.npy")
	if err := runLabel([]string{scene, "--cameras", camPath, "--masks", masks, "--out", out, "-q"}); err != nil {
		t.Fatal(err)
	}
	l, err := materials.LoadNPY(materials.NPYFilesFor(out), s.N, tab)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < s.N; i++ {
		u, _, _, _ := v.Project([3]float64{float64(s.Positions[3*i]), float64(s.Positions[3*i+1]), 0})
		want := wood
		if u > v.Cx {
			want = steel
		}
		if l.IDs[i] != want || l.Confidence[i] != 1 {
			t.Fatalf("Gaussian %d (u %.1f): id %d conf %v, want %d and 1", i, u, l.IDs[i], l.Confidence[i], want)
		}
	}
	plyOut := filepath.Join(dir, "labelled.ply")
	if err := runLabel([]string{scene, "--cameras=" + camPath, "--masks", masks, "-q", "--out", plyOut}); err != nil {
		t.Fatal(err)
	}
	if _, l2, err := materials.LoadPLY(plyOut, "", tab, nil); err != nil || l2.IDs[0] != l.IDs[0] || l2.IDs[s.N-1] != l.IDs[s.N-1] {
		t.Fatalf("PLY output: %v", err)
	}
	for _, bad := range [][]string{{scene}, {scene, "--cameras", camPath, "--masks", masks, "--out", "x.txt"}} {
		if err := runLabel(bad); err == nil {
			t.Errorf("%s accepted", strings.Join(bad, " "))
		}
	}
}
