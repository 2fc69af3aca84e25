package camera

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// maxPitch keeps the orbit camera just short of the pole so LookAt never degenerates.
const maxPitch = math.Pi/2 - 0.01

// Orbit is a turntable camera around Target: yaw about the up axis, pitch toward it.
type Orbit struct {
	Target   mgl32.Vec3
	Distance float32
	Yaw      float32 // radians
	Pitch    float32 // radians
	Up       UpAxis
	Proj     Projection
}

// NewOrbit returns an orbit camera looking at the origin from the front, slightly above.
func NewOrbit() *Orbit {
	return &Orbit{Distance: 3, Yaw: 0.6, Pitch: 0.35, Proj: DefaultProjection}
}

// Eye returns the camera position.
func (o *Orbit) Eye() mgl32.Vec3 {
	return o.Target.Add(direction(o.Up.Vector(), o.Yaw, o.Pitch).Mul(o.Distance))
}

// View returns the view matrix.
func (o *Orbit) View() mgl32.Mat4 {
	return mgl32.LookAtV(o.Eye(), o.Target, o.Up.Vector())
}

// Rotate turns the camera by dx, dy radians (mouse drag).
func (o *Orbit) Rotate(dx, dy float32) {
	o.Yaw -= dx
	o.Pitch += dy
	if o.Pitch > maxPitch {
		o.Pitch = maxPitch
	}
	if o.Pitch < -maxPitch {
		o.Pitch = -maxPitch
	}
}

// Pan moves the target in the view plane by a fraction of the view height (dx, dy in [−1, 1] units of screen height).
func (o *Orbit) Pan(dx, dy float32) {
	view := o.View()
	right := mgl32.Vec3{view[0], view[4], view[8]}
	up := mgl32.Vec3{view[1], view[5], view[9]}
	h := 2 * o.Distance * float32(math.Tan(float64(o.Proj.FovY/2)))
	o.Target = o.Target.Sub(right.Mul(dx * h)).Add(up.Mul(dy * h))
}

// Zoom scales the distance by factor^steps (scroll wheel); steps > 0 moves closer.
func (o *Orbit) Zoom(steps float32) {
	// 0.9 per wheel notch: ten notches is about a third of the distance, like MeshLab.
	o.Distance *= float32(math.Pow(0.9, float64(steps)))
	if o.Distance < 1e-6 {
		o.Distance = 1e-6
	}
}

// Frame points the camera at the box [lo, hi] so it fills the view, keeping yaw and pitch,
// and sets near/far planes from the box size.
func (o *Orbit) Frame(lo, hi mgl32.Vec3) {
	c := lo.Add(hi).Mul(0.5)
	r := hi.Sub(lo).Len() / 2
	if r <= 0 || r != r {
		r = 1
	}
	o.Target = c
	// Distance at which a sphere of radius r fits the vertical FOV, with 10% margin.
	o.Distance = 1.1 * r / float32(math.Sin(float64(o.Proj.FovY/2)))
	o.Proj.Near = o.Distance / 1000
	o.Proj.Far = o.Distance + 4*r
}

// Named views for headless rendering.
var namedViews = map[string][2]float32{
	"front":  {0, 0},
	"back":   {math.Pi, 0},
	"left":   {-math.Pi / 2, 0},
	"right":  {math.Pi / 2, 0},
	"top":    {0, maxPitch},
	"bottom": {0, -maxPitch},
	"iso":    {math.Pi / 4, 0.6154797}, // atan(1/sqrt 2): the isometric elevation
}

// ViewNames lists the names SetView accepts.
func ViewNames() []string {
	return []string{"front", "back", "left", "right", "top", "bottom", "iso"}
}

// SetView sets yaw and pitch from a named view; ok is false for an unknown name.
func (o *Orbit) SetView(name string) bool {
	v, ok := namedViews[name]
	if ok {
		o.Yaw, o.Pitch = v[0], v[1]
	}
	return ok
}
