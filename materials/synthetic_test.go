package materials

import (
	"math"

	"github.com/splatscope/splatscope/gaussians"
)

// box is an axis-aligned box of one material in the synthetic scenes.
type box struct {
	lo, hi [3]float64
	id     int32
}

// testBoxes is a front-facing capture: a concrete wall behind a wood box, with a steel box in
// front of the wood one that hides part of it (and part of the wall) from most cameras.
func testBoxes(t *Table) []box {
	return []box{
		{lo: [3]float64{-1.2, 0.7, -0.8}, hi: [3]float64{1.2, 0.8, 0.8}, id: int32(t.Index("concrete"))},
		{lo: [3]float64{-0.7, -0.2, -0.5}, hi: [3]float64{0.3, 0.4, 0.5}, id: int32(t.Index("wood"))},
		{lo: [3]float64{-0.2, -1.0, -0.3}, hi: [3]float64{0.6, -0.5, 0.3}, id: int32(t.Index("steel"))},
	}
}

// boxScene covers the boxes' surfaces with Gaussians spaced h apart (isotropic σ = 0.5·h,
// opacity 0.9, like a trained surface) and returns the true label of each.
func boxScene(boxes []box, h float64) (*gaussians.Scene, []int32) {
	var pos [][3]float64
	var truth []int32
	for _, b := range boxes {
		n := [3]int{}
		for a := 0; a < 3; a++ {
			n[a] = int(math.Round((b.hi[a] - b.lo[a]) / h))
		}
		for i := 0; i <= n[0]; i++ {
			for j := 0; j <= n[1]; j++ {
				for k := 0; k <= n[2]; k++ {
					if i != 0 && i != n[0] && j != 0 && j != n[1] && k != 0 && k != n[2] {
						continue // interior: surfaces only, as 3DGS trains them
					}
					p := [3]float64{b.lo[0] + float64(i)*(b.hi[0]-b.lo[0])/float64(n[0]),
						b.lo[1] + float64(j)*(b.hi[1]-b.lo[1])/float64(n[1]),
						b.lo[2] + float64(k)*(b.hi[2]-b.lo[2])/float64(n[2])}
					pos = append(pos, p)
					truth = append(truth, b.id)
				}
			}
		}
	}
	s := gaussians.NewScene(len(pos), 0)
	logS := float32(math.Log(0.5 * h))
	for i, p := range pos {
		for a := 0; a < 3; a++ {
			s.Positions[3*i+a] = float32(p[a])
			s.Scales[3*i+a] = logS
		}
		s.Opacities[i] = gaussians.Logit(0.9, 1e-6)
	}
	return s, truth
}

// arcCameras are n views on an arc of radius r in front of the scene (−y side, azimuth
// −50°..50°), alternately above and below (elevation ±20°), looking at the origin, z up.
func arcCameras(n int, r float64, w, h int, f float64) []gaussians.TrainingCamera {
	cams := make([]gaussians.TrainingCamera, n)
	for i := range cams {
		az := (-50 + 100*float64(i)/float64(max(1, n-1))) * math.Pi / 180
		el := 20 * math.Pi / 180
		if i%2 == 1 {
			el = -el
		}
		eye := [3]float64{r * math.Cos(el) * math.Sin(az), -r * math.Cos(el) * math.Cos(az), r * math.Sin(el)}
		cams[i] = LookAt(eye, [3]float64{0, 0, 0}, [3]float64{0, 0, 1}, w, h, f, f)
		cams[i].ID = i
		cams[i].ImgName = "view" + string(rune('a'+i))
	}
	return cams
}

// observable reports which points some camera sees (in its image, not behind any box).
func observable(s *gaussians.Scene, cams []gaussians.TrainingCamera, boxes []box) []bool {
	out := make([]bool, s.N)
	for i := range out {
		p := s.Position(i)
		pw := [3]float64{float64(p[0]), float64(p[1]), float64(p[2])}
		for c := range cams {
			v := ViewFor(&cams[c], cams[c].Width, cams[c].Height)
			u, w, _, ok := v.Project(pw)
			if !ok || u < 0 || w < 0 || u >= float64(v.W) || w >= float64(v.H) {
				continue
			}
			d := sub(pw, cams[c].Position)
			dist := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
			dn := [3]float64{d[0] / dist, d[1] / dist, d[2] / dist}
			hidden := false
			for _, b := range boxes {
				if t, ok := rayBox(cams[c].Position, dn, b); ok && t < dist-1e-6 {
					// Entering some box before p: hidden unless p is on that box's near face.
					if !(onBox(pw, b) && math.Abs(t-dist) < 1e-6) {
						hidden = true
					}
				}
			}
			if !hidden {
				out[i] = true
				break
			}
		}
	}
	return out
}

// onBox reports whether p lies on b's surface.
func onBox(p [3]float64, b box) bool {
	const eps = 1e-6 // float32 positions of exact grid points
	in := true
	for a := 0; a < 3; a++ {
		in = in && p[a] >= b.lo[a]-eps && p[a] <= b.hi[a]+eps
	}
	return in
}

// renderBoxLabels ray-casts the exact boxes (not the Gaussians) into a label image: each pixel
// gets the material of the nearest box its centre ray hits, NoLabel for background.
func renderBoxLabels(c *gaussians.TrainingCamera, boxes []box) LabelImage {
	img := LabelImage{W: c.Width, H: c.Height, IDs: make([]int32, c.Width*c.Height)}
	cx, cy := float64(c.Width)/2, float64(c.Height)/2
	for y := 0; y < c.Height; y++ {
		for x := 0; x < c.Width; x++ {
			d := [3]float64{(float64(x) + 0.5 - cx) / c.Fx, (float64(y) + 0.5 - cy) / c.Fy, 1}
			var dw [3]float64
			for a := 0; a < 3; a++ {
				dw[a] = c.Rotation[a][0]*d[0] + c.Rotation[a][1]*d[1] + c.Rotation[a][2]*d[2]
			}
			best, id := math.Inf(1), int32(NoLabel)
			for _, b := range boxes {
				if t, ok := rayBox(c.Position, dw, b); ok && t < best {
					best, id = t, b.id
				}
			}
			img.IDs[y*c.Width+x] = id
		}
	}
	return img
}

// rayBox is the slab test: the entry distance of the ray o + t·d into b.
func rayBox(o, d [3]float64, b box) (float64, bool) {
	t0, t1 := 0.0, math.Inf(1)
	for a := 0; a < 3; a++ {
		if d[a] == 0 {
			if o[a] < b.lo[a] || o[a] > b.hi[a] {
				return 0, false
			}
			continue
		}
		ta, tb := (b.lo[a]-o[a])/d[a], (b.hi[a]-o[a])/d[a]
		if ta > tb {
			ta, tb = tb, ta
		}
		t0, t1 = math.Max(t0, ta), math.Min(t1, tb)
	}
	return t0, t0 <= t1
}
