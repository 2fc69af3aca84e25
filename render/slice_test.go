package render

import (
	"image"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
)

// TestSliceDistance: the CPU twin's u of the unit sphere's grid is |1 − |p|| within a voxel's
// interpolation error, and exact at nodes.
func TestSliceDistance(t *testing.T) {
	g := sphereGrid(t, 33)
	for _, p := range []mgl32.Vec3{{0, 0, 0}, {0.5, 0, 0}, {0.3, 0.4, 0.2}, {1, 0, 0}, {1.2, 0.1, -0.3}} {
		want := float32(math.Abs(1 - float64(p.Len())))
		if got := SliceDistance(g, p); math.Abs(float64(got-want)) > float64(g.Spacing) {
			t.Errorf("u%v = %v, want %v within a voxel (%v)", p, got, want, g.Spacing)
		}
	}
	n := g.Node(16, 16, 16) // the centre node: u = 1 exactly
	if got := SliceDistance(g, n); math.Abs(float64(got-1)) > 1e-6 {
		t.Errorf("u at the centre node %v = %v, want 1", n, got)
	}
}

// TestSliceArrows: arrows on the sphere's z = 0 plane end on the unit circle, point toward
// it, and carry two head segments each.
func TestSliceArrows(t *testing.T) {
	f := funcField{f: func(p mgl32.Vec3) mgl32.Vec3 { return p.Normalize() },
		lo: mgl32.Vec3{-1.5, -1.5, -1.5}, hi: mgl32.Vec3{1.5, 1.5, 1.5}}
	segs := SliceArrows(f, f.lo, f.hi, 2, 0, 6)
	if len(segs) != 6*6*6 {
		t.Fatalf("%d endpoints, want 6 per arrow for 36 arrows", len(segs))
	}
	for i := 0; i < len(segs); i += 6 {
		p, c := segs[i], segs[i+1]
		if p[2] != 0 || math.Abs(float64(c.Len()-1)) > 1e-5 {
			t.Errorf("arrow %v→%v: want it from the plane z = 0 to the unit circle", p, c)
		}
		if segs[i+2] != c || segs[i+4] != c {
			t.Errorf("arrow %d: head segments do not start at its tip", i/6)
		}
	}
}

// TestSlicePassColours draws the z = 0 slice of the unit sphere's grid seen from +Z: the plane's
// centre (u = 1) is bright on the heat map, the circle where it cuts the sphere (u = 0) dark
// or the cyan surface trace, and the pixels match the CPU twin's u through the colour map.
func TestSlicePassColours(t *testing.T) {
	g := sphereGrid(t, 48)
	const w, h = 160, 160
	view := mgl32.LookAtV(mgl32.Vec3{0, 0, 4}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0})
	proj := mgl32.Perspective(mgl32.DegToRad(45), 1, 0.1, 10)
	f := Frame{View: view, Proj: proj, Eye: mgl32.Vec3{0, 0, 4}, Width: w, Height: h}
	// Iso-lines off (spacing beyond any u) so pixels can be compared with the map itself.
	st := SliceStyle{Axis: 2, Pos: 0, URange: 1.25, IsoSpacing: 100}
	var img *image.RGBA
	var err error
	onGL(t, func(Info) {
		var target *Offscreen
		if target, err = NewOffscreen(w, h); err != nil {
			return
		}
		defer target.Delete()
		var fp *FieldPass
		if fp, err = NewFieldPass(g); err != nil {
			return
		}
		defer fp.Delete()
		var sp *SlicePass
		if sp, err = NewSlicePass(fp); err != nil {
			return
		}
		defer sp.Delete()
		target.Bind()
		Clear(w, h, mgl32.Vec3{0, 0, 0.3})
		sp.Draw(f, st)
		img = target.Image()
		target.Unbind()
		err = glError("slice test")
	})
	if err != nil {
		t.Fatal(err)
	}
	vp := proj.Mul4(view)
	pixel := func(p mgl32.Vec3) (int, int) {
		q := vp.Mul4x1(p.Vec4(1))
		return int((q[0]/q[3]*0.5 + 0.5) * w), int((0.5 - q[1]/q[3]*0.5) * h)
	}
	lum := func(x, y int) float64 {
		c := img.RGBAAt(x, y)
		return 0.3*float64(c.R) + 0.6*float64(c.G) + 0.1*float64(c.B)
	}
	cx, cy := pixel(mgl32.Vec3{})
	rx, ry := pixel(mgl32.Vec3{1, 0, 0})
	if lc, lr := lum(cx, cy), lum(rx, ry); !(lc > lr+60) {
		t.Errorf("centre (u = 1) luminance %.0f, circle (u = 0) %.0f: want the centre much brighter", lc, lr)
	}
	// Away from the surface trace, every plane pixel is csp.Heat(u / URange) of the twin's u.
	for _, p := range []mgl32.Vec3{{0, 0, 0}, {0.5, 0, 0}, {0, -0.6, 0}, {0.4, 0.4, 0}, {1.15, 0, 0}, {-0.8, 0.8, 0}} {
		x, y := pixel(p)
		want := toRGBA8(csp.Heat(SliceDistance(g, p) / st.URange))
		got := img.RGBAAt(x, y)
		if d := max(absDiff8(got.R, want[0]), absDiff8(got.G, want[1]), absDiff8(got.B, want[2])); d > 12 {
			t.Errorf("pixel of %v: %v, want about %v (twin)", p, got, want)
		}
	}
	// Outside the box's cut (|x| > 1.25) the plane is not drawn: the clear colour shows.
	if c := img.RGBAAt(2, h/2); c.R != 0 || c.B < 70 {
		t.Errorf("left edge %v, want the clear colour (no plane outside the box)", c)
	}
}

func toRGBA8(c mgl32.Vec3) [3]uint8 {
	q := func(x float32) uint8 { return uint8(min(max(x, 0), 1)*255 + 0.5) }
	return [3]uint8{q(c[0]), q(c[1]), q(c[2])}
}

func absDiff8(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
