package camera

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Fly is a first-person camera: WASD/QE moves, mouse look turns, the wheel sets the speed.
type Fly struct {
	Eye   mgl32.Vec3
	Yaw   float32 // radians about the up axis
	Pitch float32 // radians toward up
	Roll  float32 // radians about the view direction
	Speed float32 // scene units per second
	Up    UpAxis
	Proj  Projection
}

// FlyFromOrbit starts a fly camera at the orbit camera's eye, looking the same way.
func FlyFromOrbit(o *Orbit) *Fly {
	return &Fly{Eye: o.Eye(), Yaw: o.Yaw, Pitch: -o.Pitch, Up: o.Up, Proj: o.Proj,
		// Crossing the orbit distance in about two seconds feels right for inspection.
		Speed: o.Distance / 2}
}

// Forward returns the unit view direction.
func (f *Fly) Forward() mgl32.Vec3 {
	// The orbit direction points from target to eye; the fly camera looks the opposite way.
	return direction(f.Up.Vector(), f.Yaw, -f.Pitch).Mul(-1)
}

// View returns the view matrix.
func (f *Fly) View() mgl32.Mat4 {
	fwd := f.Forward()
	up := f.Up.Vector()
	if f.Roll != 0 {
		up = mgl32.QuatRotate(f.Roll, fwd).Rotate(up)
	}
	return mgl32.LookAtV(f.Eye, f.Eye.Add(fwd), up)
}

// Look turns the camera by dx, dy radians.
func (f *Fly) Look(dx, dy float32) {
	f.Yaw -= dx
	f.Pitch -= dy
	if f.Pitch > maxPitch {
		f.Pitch = maxPitch
	}
	if f.Pitch < -maxPitch {
		f.Pitch = -maxPitch
	}
}

// Move translates the camera by (right, up, forward) amounts in units of Speed·dt.
func (f *Fly) Move(right, up, forward, dt float32, fast bool) {
	s := f.Speed * dt
	if fast {
		s *= 4 // shift: four times faster, as in Polyscope and SIBR
	}
	fwd := f.Forward()
	u := f.Up.Vector()
	r := fwd.Cross(u)
	if l := r.Len(); l > 1e-6 {
		r = r.Mul(1 / l)
	} else {
		r = mgl32.Vec3{1, 0, 0}
	}
	f.Eye = f.Eye.Add(r.Mul(right * s)).Add(u.Mul(up * s)).Add(fwd.Mul(forward * s))
}

// AdjustSpeed scales the speed by 1.2 per wheel notch.
func (f *Fly) AdjustSpeed(steps float32) {
	f.Speed *= float32(math.Pow(1.2, float64(steps)))
	if f.Speed < 1e-6 {
		f.Speed = 1e-6
	}
}
