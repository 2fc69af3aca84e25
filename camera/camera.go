// Package camera holds the viewer's cameras (orbit and fly), the up-axis choice and the
// projection. It is pure Go so that the headless renderer, the app and tests share one camera.
package camera

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// UpAxis is the scene's up direction: scenes arrive Y-up (ShapeNet, glTF) or Z-up (Blender, CAD).
type UpAxis int

const (
	YUp UpAxis = iota
	ZUp
	NegYUp // 3DGS / COLMAP scenes: y points down
	NegZUp
)

// Vector returns the unit world vector for the axis.
func (u UpAxis) Vector() mgl32.Vec3 {
	switch u {
	case ZUp:
		return mgl32.Vec3{0, 0, 1}
	case NegYUp:
		return mgl32.Vec3{0, -1, 0}
	case NegZUp:
		return mgl32.Vec3{0, 0, -1}
	}
	return mgl32.Vec3{0, 1, 0}
}

// Flip returns the opposite axis (the one-key fix for upside-down scenes).
func (u UpAxis) Flip() UpAxis {
	switch u {
	case YUp:
		return NegYUp
	case NegYUp:
		return YUp
	case ZUp:
		return NegZUp
	}
	return ZUp
}

// String names the axis for the UI.
func (u UpAxis) String() string {
	return [...]string{"+Y up", "+Z up", "-Y up", "-Z up"}[u]
}

// Projection holds the perspective parameters.
type Projection struct {
	FovY      float32 // vertical field of view, radians
	Near, Far float32
}

// DefaultProjection is a 45° lens; near/far are set per scene by Frame.
var DefaultProjection = Projection{FovY: mgl32.DegToRad(45), Near: 0.01, Far: 100}

// Matrix returns the projection matrix for the given aspect ratio (width/height).
func (p Projection) Matrix(aspect float32) mgl32.Mat4 {
	if aspect <= 0 || aspect != aspect {
		aspect = 1
	}
	return mgl32.Perspective(p.FovY, aspect, p.Near, p.Far)
}

// basis returns an orthonormal (right, forward-horizontal-ish, up) frame for the up axis:
// yaw rotates about up, pitch tilts toward up.
func basis(up mgl32.Vec3) (x, y mgl32.Vec3) {
	ref := mgl32.Vec3{0, 0, 1}
	if math.Abs(float64(up.Dot(ref))) > 0.9 {
		ref = mgl32.Vec3{0, -1, 0} // Z-up: yaw 0 looks along +Y from -Y side (front view)
		if up[2] < 0 {
			ref = mgl32.Vec3{0, 1, 0}
		}
	}
	// x: right when looking from +ref toward the origin with up on screen.
	x = up.Cross(ref).Normalize()
	y = ref.Sub(up.Mul(ref.Dot(up))).Normalize()
	return x, y
}

// direction returns the unit vector from the target toward the eye for yaw/pitch about up.
func direction(up mgl32.Vec3, yaw, pitch float32) mgl32.Vec3 {
	x, y := basis(up)
	cy, sy := float32(math.Cos(float64(yaw))), float32(math.Sin(float64(yaw)))
	cp, sp := float32(math.Cos(float64(pitch))), float32(math.Sin(float64(pitch)))
	return y.Mul(cy * cp).Add(x.Mul(sy * cp)).Add(up.Mul(sp))
}

// Camera is what the renderer needs from either camera.
type Camera interface {
	View() mgl32.Mat4
	Projection() Projection
	Position() mgl32.Vec3
}

// Projection returns the lens of the orbit camera.
func (o *Orbit) Projection() Projection { return o.Proj }

// Position returns the eye of the orbit camera.
func (o *Orbit) Position() mgl32.Vec3 { return o.Eye() }

// Projection returns the lens of the fly camera.
func (f *Fly) Projection() Projection { return f.Proj }

// Position returns the eye of the fly camera.
func (f *Fly) Position() mgl32.Vec3 { return f.Eye }
