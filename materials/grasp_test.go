package materials

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
)

// solidBox fills a box of size sx×sy×sz metres with a grid of Gaussians spaced h apart.
func solidBox(sx, sy, sz, h float64) *gaussians.Scene {
	nx, ny, nz := int(math.Round(sx/h)), int(math.Round(sy/h)), int(math.Round(sz/h))
	s := gaussians.NewScene(nx*ny*nz, 0)
	i := 0
	for x := 0; x < nx; x++ {
		for y := 0; y < ny; y++ {
			for z := 0; z < nz; z++ {
				s.Positions[3*i], s.Positions[3*i+1], s.Positions[3*i+2] = float32((float64(x)+0.5)*h), float32((float64(y)+0.5)*h), float32((float64(z)+0.5)*h)
				for a := 0; a < 3; a++ {
					s.Scales[3*i+a] = float32(math.Log(h / 2))
				}
				i++
			}
		}
	}
	return s
}

func TestGraspSteelBar(t *testing.T) {
	tab := DefaultTable()
	// A 10 × 4 × 2 cm steel bar, Gaussians 5 mm apart.
	s := solidBox(0.10, 0.04, 0.02, 0.005)
	l := NewLabels(tab, s.N, int32(tab.Index("steel")))
	sel := make([]int, s.N)
	for i := range sel {
		sel[i] = i
	}
	g, err := Estimate(s, l, sel, GraspOptions{})
	if err != nil {
		t.Fatal(err)
	}
	steel := tab.Materials[tab.Index("steel")]
	trueVol := 0.10 * 0.04 * 0.02
	// Voxel occupancy with cells of the Gaussian spacing: one Gaussian per cell, the bar's volume.
	if math.Abs(g.Volume-trueVol)/trueVol > 1e-6 {
		t.Errorf("volume %.3g m³, want about %.3g", g.Volume, trueVol)
	}
	wantMass := g.Volume * steel.Density
	wantFMin := 0.5 * wantMass * StandardGravity / steel.Friction
	d := 0.02 - 0.005 // thinnest axis z: extent of the centres
	wantBend := 0.5 * DefaultContactArea * steel.YoungsModulus * d * DefaultKappaMax
	wantYield := DefaultContactArea * steel.YieldStress
	checks := []struct {
		name      string
		got, want float64
	}{
		{"mass", g.Mass, wantMass}, {"F_min", g.FMin, wantFMin}, {"thickness", g.Thickness, d},
		{"F_bend", g.FBend, wantBend}, {"F_yield", g.FYield, wantYield}, {"F_max", g.FMax, math.Min(wantBend, wantYield)},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-6*math.Abs(c.want) {
			t.Errorf("%s = %.6g, want %.6g", c.name, c.got, c.want)
		}
	}
	if g.Axis != [3]float64{0, 0, 1} || !g.Feasible() {
		t.Errorf("axis %v feasible %v", g.Axis, g.Feasible())
	}
	// Ellipsoid volumes: 4/3·π·(h/2)³ each.
	ge, _ := Estimate(s, l, sel, GraspOptions{Volume: VolumeEllipsoid})
	if want := float64(s.N) * 4 / 3 * math.Pi * math.Pow(0.0025, 3); math.Abs(ge.Volume-want) > 1e-6*want {
		t.Errorf("ellipsoid volume %.6g, want %.6g", ge.Volume, want)
	}
	// A taper of θ lowers F_min: ½mg(cos θ/μ − sin θ).
	gt, _ := Estimate(s, l, sel, GraspOptions{Theta: 0.2, Thickness: 0.01})
	if want := 0.5 * g.Mass * StandardGravity * (math.Cos(0.2)/steel.Friction - math.Sin(0.2)); math.Abs(gt.FMin-want) > 1e-9*want || gt.Thickness != 0.01 {
		t.Errorf("tapered F_min %.6g, want %.6g (d %v)", gt.FMin, want, gt.Thickness)
	}
}

func TestGraspEdgeCases(t *testing.T) {
	tab := DefaultTable()
	s := solidBox(0.02, 0.02, 0.02, 0.01)
	l := NewLabels(tab, s.N, int32(tab.Index("water")))
	g, err := Estimate(s, l, []int{0, 1, 2}, GraspOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(g.FMin, 1) || g.FMax != 0 || g.Feasible() || len(g.Notes) == 0 {
		t.Errorf("water: F_min %v F_max %v notes %q", g.FMin, g.FMax, g.Notes)
	}
	if _, err := Estimate(s, l, nil, GraspOptions{}); err == nil {
		t.Error("empty selection accepted")
	}
	if _, err := Estimate(s, l, []int{s.N}, GraspOptions{}); err == nil {
		t.Error("out-of-range selection accepted")
	}
	// One Gaussian: one cell of its 1σ diameter, (2σ)³.
	g1, _ := Estimate(s, l, []int{0}, GraspOptions{})
	if want := math.Pow(0.01, 3); math.Abs(g1.Volume-want) > 1e-6*want {
		t.Errorf("single Gaussian volume %v, want %v", g1.Volume, want)
	}
}

func TestCameraViews(t *testing.T) {
	good := `[{"id": 0, "img_name": "00001", "width": 800, "height": 600, "position": [0, 0, -4],
	  "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 700, "fx": 700}]`
	cams, err := gaussians.ParseTrainingCameras([]byte(good), "cameras.json")
	if err != nil {
		t.Fatal(err)
	}
	v := ViewFor(&cams[0], 400, 300) // half-size label images
	u, w, z, ok := v.Project([3]float64{1, 0.5, 0})
	if !ok || math.Abs(u-(350*1/4.0+200)) > 1e-9 || math.Abs(w-(350*0.5/4+150)) > 1e-9 || z != 4 {
		t.Errorf("projection %v %v %v %v", u, w, z, ok)
	}
	bad := []struct{ name, json, want string }{
		{"empty", `[]`, "no cameras"},
		{"size", `[{"width": 0, "height": 5, "fx": 1, "fy": 1, "rotation": [[1,0,0],[0,1,0],[0,0,1]]}]`, "image size 0×5"},
		{"focal", `[{"width": 5, "height": 5, "fx": -1, "fy": 1, "rotation": [[1,0,0],[0,1,0],[0,0,1]]}]`, "focal"},
		{"rotation", `[{"width": 5, "height": 5, "fx": 1, "fy": 1, "rotation": [[2,0,0],[0,1,0],[0,0,1]]}]`, "not orthonormal"},
		{"syntax", `[{"width": }]`, "cameras.json"},
		{"reflection", `[{"width": 5, "height": 5, "fx": 1, "fy": 1, "rotation": [[-1,0,0],[0,1,0],[0,0,1]]}]`, "reflection"},
	}
	for _, c := range bad {
		if _, err := gaussians.ParseTrainingCameras([]byte(c.json), "cameras.json"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// LookAt round trip: the target projects to the image centre.
	c := LookAt([3]float64{3, -4, 2}, [3]float64{0.5, 0.5, 0}, [3]float64{0, 0, 1}, 64, 48, 50, 50)
	b, _ := json.Marshal([]gaussians.TrainingCamera{c})
	if _, err := gaussians.ParseTrainingCameras(b, "lookat.json"); err != nil {
		t.Fatal(err) // the reader accepts what LookAt makes (orthonormal, no reflection)
	}
	vc := ViewFor(&c, 64, 48)
	if u, w, _, _ := vc.Project([3]float64{0.5, 0.5, 0}); math.Abs(u-32) > 1e-9 || math.Abs(w-24) > 1e-9 {
		t.Errorf("target at %v, %v", u, w)
	}
	if _, w, _, _ := vc.Project([3]float64{0.5, 0.5, 1}); w >= 24 {
		t.Errorf("world up projects downwards (v = %v)", w)
	}
}
