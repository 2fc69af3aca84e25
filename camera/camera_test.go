package camera

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// corners returns the eight corners of a box.
func corners(lo, hi mgl32.Vec3) []mgl32.Vec3 {
	var cs []mgl32.Vec3
	for i := 0; i < 8; i++ {
		c := lo
		if i&1 != 0 {
			c[0] = hi[0]
		}
		if i&2 != 0 {
			c[1] = hi[1]
		}
		if i&4 != 0 {
			c[2] = hi[2]
		}
		cs = append(cs, c)
	}
	return cs
}

func TestFrameKeepsBoxInView(t *testing.T) {
	boxes := []struct{ lo, hi mgl32.Vec3 }{
		{mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1}},
		{mgl32.Vec3{0.48, -0.01, -2.25}, mgl32.Vec3{1.0, 0.25, -2.02}}, // the fruit-drops slab, far from the origin
		{mgl32.Vec3{-3, 0, -2}, mgl32.Vec3{3.4, 3.2, 2}},               // the teapot
	}
	for _, up := range []UpAxis{YUp, ZUp, NegYUp, NegZUp} {
		for _, view := range ViewNames() {
			for _, b := range boxes {
				o := NewOrbit()
				o.Up = up
				if !o.SetView(view) {
					t.Fatalf("view %s unknown", view)
				}
				o.Frame(b.lo, b.hi)
				mvp := o.Proj.Matrix(16.0 / 9).Mul4(o.View())
				for _, c := range corners(b.lo, b.hi) {
					p := mvp.Mul4x1(c.Vec4(1))
					if p[3] <= 0 {
						t.Fatalf("%v %s: corner %v behind the camera", up, view, c)
					}
					ndc := p.Vec3().Mul(1 / p[3])
					for k := 0; k < 3; k++ {
						if math.Abs(float64(ndc[k])) > 1 || ndc[k] != ndc[k] {
							t.Fatalf("%v %s: corner %v outside the view (ndc %v)", up, view, c, ndc)
						}
					}
				}
			}
		}
	}
}

func TestUpAxisIsUpOnScreen(t *testing.T) {
	for _, up := range []UpAxis{YUp, ZUp, NegYUp, NegZUp} {
		o := NewOrbit()
		o.Up = up
		o.SetView("front")
		o.Frame(mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1})
		v := o.View()
		// A point above the target must project above the screen centre.
		p := v.Mul4x1(o.Target.Add(up.Vector()).Vec4(1))
		if p[1] <= 0.5 {
			t.Fatalf("%v: up vector lands at view y=%v, want clearly above centre", up, p[1])
		}
	}
}

func TestFlipIsInvolution(t *testing.T) {
	for _, up := range []UpAxis{YUp, ZUp, NegYUp, NegZUp} {
		if up.Flip().Flip() != up || up.Flip().Vector().Dot(up.Vector()) != -1 {
			t.Fatalf("%v: flip wrong", up)
		}
	}
}

func TestOrbitControls(t *testing.T) {
	o := NewOrbit()
	o.Frame(mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1})
	d := o.Distance
	o.Zoom(1)
	if o.Distance >= d {
		t.Fatal("zoom in did not move closer")
	}
	o.Rotate(0, 10) // far past the pole
	if o.Pitch > maxPitch {
		t.Fatal("pitch not clamped")
	}
	if v := o.View(); v[0] != v[0] {
		t.Fatal("view matrix NaN at the pole")
	}
	before := o.Target
	o.Pan(0.1, 0)
	if o.Target.Sub(before).Len() == 0 {
		t.Fatal("pan did not move the target")
	}
	// Panning keeps the distance and the direction of view.
	if math.Abs(float64(o.Eye().Sub(o.Target).Len()-o.Distance)) > 1e-4 {
		t.Fatal("pan changed the distance")
	}
}

func TestFlyStartsWhereOrbitLooks(t *testing.T) {
	for _, up := range []UpAxis{YUp, ZUp} {
		o := NewOrbit()
		o.Up = up
		o.Frame(mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1})
		f := FlyFromOrbit(o)
		want := o.Target.Sub(o.Eye()).Normalize()
		if got := f.Forward(); got.Dot(want) < 0.999 {
			t.Fatalf("%v: fly looks along %v, orbit along %v", up, got, want)
		}
		ov, fv := o.View(), f.View()
		if !matClose(ov, fv, 1e-4) {
			t.Fatalf("%v: views differ\n%v\n%v", up, ov, fv)
		}
		eye := f.Eye
		f.Move(0, 0, 1, 1, false)
		if moved := f.Eye.Sub(eye); moved.Normalize().Dot(want) < 0.999 || math.Abs(float64(moved.Len()-f.Speed)) > 1e-4 {
			t.Fatalf("forward moved %v", moved)
		}
		f.Move(0, 0, 1, 1, true)
		if f.Eye.Sub(eye).Len() < 4*f.Speed {
			t.Fatal("shift did not go faster")
		}
	}
}

// matClose compares matrices entry by entry with an absolute tolerance (mgl32's ApproxEqual is
// relative and fails on entries near zero).
func matClose(a, b mgl32.Mat4, tol float32) bool {
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}
