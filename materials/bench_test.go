package materials

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
)

// BenchmarkLabelDonut votes 8 label images of 400×400 onto the real 45k-Gaussian donut
// (depth maps included): the cost of `splatscope label` per view on a small scene.
func BenchmarkLabelDonut(b *testing.B) {
	s, err := gaussians.Load(filepath.Join(dataDir, "v3dg_donut_sh0.ply"), nil)
	if err != nil {
		b.Skip("real data not available: ", err)
	}
	cams := make([]gaussians.TrainingCamera, 8)
	masks := make([]LabelImage, 8)
	for i := range cams {
		az := 2 * math.Pi * float64(i) / 8
		eye := [3]float64{0.5 * math.Cos(az), 0.5 * math.Sin(az), 0.3}
		cams[i] = LookAt(eye, [3]float64{0, 0, 0.04}, [3]float64{0, 0, 1}, 400, 400, 400, 400)
		masks[i] = LabelImage{W: 400, H: 400, IDs: make([]int32, 400*400)} // all wood
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Label(s, cams, masks, LabelOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
