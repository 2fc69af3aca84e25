package gaussians

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestDemoAppearanceBundle checks the three synthetic photos give clearly different scenes:
// day brightest, night darkest, sunset the reddest, and every pair of mean colours apart.
func TestDemoAppearanceBundle(t *testing.T) {
	b := DemoAppearanceBundle()
	if b.Scene.N < 2000 || len(b.Photos) != 3 || b.Model != ModelWildGS {
		t.Fatalf("demo: %v", b)
	}
	var means [3][3]float32
	for p := range means {
		if !strings.Contains(b.Photos[p].Name, "synthetic") {
			t.Errorf("photo %q not labelled synthetic", b.Photos[p].Name)
		}
		s, err := Recolor(context.Background(), b, p, p, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		means[p] = MeanColor(s)
		t.Logf("%s: mean colour %.3f", b.Photos[p].Name, means[p])
	}
	lum := func(c [3]float32) float32 { return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2] }
	red := func(c [3]float32) float32 { return c[0] / (c[2] + 1e-3) }
	day, sunset, night := means[0], means[1], means[2]
	if !(lum(day) > lum(sunset)+0.05 && lum(sunset) > lum(night)+0.05) {
		t.Errorf("luminance day %.3f, sunset %.3f, night %.3f: want clearly decreasing", lum(day), lum(sunset), lum(night))
	}
	if !(red(sunset) > 1.5*red(day)) {
		t.Errorf("sunset red/blue %.2f, day %.2f: want sunset much redder", red(sunset), red(day))
	}
	for i := 0; i < 3; i++ {
		for j := i + 1; j < 3; j++ {
			d := math.Sqrt(float64((means[i][0]-means[j][0])*(means[i][0]-means[j][0]) +
				(means[i][1]-means[j][1])*(means[i][1]-means[j][1]) + (means[i][2]-means[j][2])*(means[i][2]-means[j][2])))
			if d < 0.08 {
				t.Errorf("photos %d and %d: mean colours %.3f and %.3f only %.3f apart", i, j, means[i], means[j], d)
			}
		}
	}
	// The night windows glow: brighter than the walls around them.
	s, err := Recolor(context.Background(), b, 2, 2, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	win, wall := s.Prop("f_in_3"), s.Prop("f_in_0")
	var wc, lc float32
	for i := 0; i < s.N; i++ {
		if win[i] == 1 && wc == 0 {
			wc = lum(s.Color(i))
		}
		if wall[i] == 1 && lc == 0 {
			lc = lum(s.Color(i))
		}
	}
	if !(wc > 3*lc) {
		t.Errorf("night: window luminance %.3f, wall %.3f: want the windows glowing", wc, lc)
	}
}
