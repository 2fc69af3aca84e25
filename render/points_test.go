package render

import (
	"image"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// pointTestFrame looks down −z at the origin from z = 5 with a 45° vertical field of view.
func pointTestFrame(w, h int) Frame {
	eye := mgl32.Vec3{0, 0, 5}
	return Frame{View: mgl32.LookAtV(eye, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0}),
		Proj: mgl32.Perspective(mgl32.DegToRad(45), float32(w)/float32(h), 0.1, 100), Eye: eye, Width: w, Height: h}
}

// pointKind classifies a pixel as the red, green or blue of the test points, or background.
func pointKind(img *image.RGBA, x, y int) byte {
	c := img.RGBAAt(x, y)
	r, g, b := int(c.R), int(c.G), int(c.B)
	switch {
	case r > 60 && r > 2*g && r > 2*b:
		return 'r'
	case g > 60 && g > 2*r && g > 2*b:
		return 'g'
	case b > 60 && b > 2*r && b > 2*g:
		return 'b'
	}
	return 0
}

// TestPointPassGL draws particles as sprites: each disc covers the area the CPU twin
// PointDiameter predicts, centred where the point projects; nearer points hide farther ones
// whatever the draw order; mismatched arrays are refused.
func TestPointPassGL(t *testing.T) {
	const w, h = 200, 150
	f := pointTestFrame(w, h)
	type pt struct {
		pos  mgl32.Vec3
		kind byte
	}
	cases := []struct {
		name   string
		radius float32
		pts    []pt
		// want: per kind, the point whose disc should show in full (nil: occluded case).
		full map[byte]mgl32.Vec3
		// centre: kind expected at the centre pixel of the first point (0: none).
		centre byte
	}{
		{name: "two apart", radius: 0.3, pts: []pt{{mgl32.Vec3{-1, 0, 0}, 'r'}, {mgl32.Vec3{1, 0.5, 0}, 'b'}},
			full: map[byte]mgl32.Vec3{'r': {-1, 0, 0}, 'b': {1, 0.5, 0}}, centre: 'r'},
		// The red point behind, drawn last, half under the nearer green one: depth, not order,
		// decides, and the uncovered part of its disc still shows.
		{name: "occlusion", radius: 0.3, pts: []pt{{mgl32.Vec3{0, 0, 2}, 'g'}, {mgl32.Vec3{0.6, 0, -1}, 'r'}}, centre: 'g'},
	}
	colour := map[byte][3]float32{'r': {1, 0, 0}, 'g': {0, 1, 0}, 'b': {0, 0, 1}}
	onGL(t, func(Info) {
		o, err := NewOffscreen(w, h)
		if err != nil {
			t.Error(err)
			return
		}
		defer o.Delete()
		p, err := NewPointPass()
		if err != nil {
			t.Error(err)
			return
		}
		defer p.Delete()
		if err := p.Set([]float32{0, 0, 0}, []float32{1, 0}); err == nil {
			t.Error("3 positions with 2 colour floats accepted")
		}
		for _, c := range cases {
			var pos, rgb []float32
			for _, q := range c.pts {
				k := colour[q.kind]
				pos, rgb = append(pos, q.pos[:]...), append(rgb, k[:]...)
			}
			if err := p.Set(pos, rgb); err != nil || p.Len() != len(c.pts) {
				t.Errorf("%s: set: %v, %d points", c.name, err, p.Len())
				continue
			}
			o.Bind()
			Clear(w, h, mgl32.Vec3{0.05, 0.05, 0.05})
			p.Draw(f, c.radius)
			img := o.Image()
			o.Unbind()
			count := map[byte]int{}
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					count[pointKind(img, x, y)]++
				}
			}
			if count['r']+count['g']+count['b'] == 0 {
				t.Errorf("%s: no particle pixels", c.name)
				continue
			}
			for kind, at := range c.full {
				d := PointDiameter(f, at, c.radius)
				want := math.Pi * float64(d*d) / 4
				// Rasterised discs and MSAA edges: within 25% of the analytic area.
				if got := float64(count[kind]); math.Abs(got-want) > 0.25*want {
					t.Errorf("%s: %c disc covers %v pixels, want about %.0f (diameter %.1f px)", c.name, kind, got, want, d)
				}
			}
			// The centre pixel of the first point (y down in the image).
			sc := mgl32.Project(c.pts[0].pos, f.View, f.Proj, 0, 0, w, h)
			x, y := int(sc[0]), h-1-int(sc[1])
			if got := pointKind(img, x, y); got != c.centre {
				t.Errorf("%s: centre pixel (%d, %d) is %q, want %q", c.name, x, y, got, c.centre)
			}
			if c.name == "occlusion" {
				d := PointDiameter(f, c.pts[1].pos, c.radius)
				if full := math.Pi * float64(d*d) / 4; count['r'] == 0 || float64(count['r']) > 0.8*full {
					t.Errorf("occlusion: %d red pixels, want some but under 80%% of its %.0f-pixel disc", count['r'], full)
				}
			}
		}
	})
}

// TestPointDiameter: the sprite size halves when the distance doubles, and is 0 behind the eye.
func TestPointDiameter(t *testing.T) {
	f := pointTestFrame(200, 150)
	// At distance 5 with a 45° field: focal = 75/tan(22.5°) ≈ 181 px, so r = 0.5 gives ≈ 36 px.
	near := PointDiameter(f, mgl32.Vec3{0, 0, 0}, 0.5)
	far := PointDiameter(f, mgl32.Vec3{0, 0, -5}, 0.5)
	want := float32(75 / math.Tan(math.Pi/8) * 2 * 0.5 / 5)
	for _, c := range []struct {
		name      string
		got, want float32
	}{
		{"at 5", near, want},
		{"at 10", far, want / 2},
		{"behind", PointDiameter(f, mgl32.Vec3{0, 0, 10}, 0.5), 0},
		{"tiny", PointDiameter(f, mgl32.Vec3{}, 1e-6), PointMinSize},
	} {
		if math.Abs(float64(c.got-c.want)) > 0.01 {
			t.Errorf("%s: %v px, want %v", c.name, c.got, c.want)
		}
	}
}
