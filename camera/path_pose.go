package camera

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// PoseOf returns the pose of any camera: the inverse of its view's rotation, its eye and lens.
func PoseOf(c Camera) Pose {
	v := c.View()
	// The view's upper 3×3 is world-to-camera; its transpose is camera-to-world.
	m := mgl32.Mat4{
		v[0], v[4], v[8], 0,
		v[1], v[5], v[9], 0,
		v[2], v[6], v[10], 0,
		0, 0, 0, 1,
	}
	return Pose{Eye: c.Position(), Rot: mgl32.Mat4ToQuat(m).Normalize(), FovY: c.Projection().FovY}
}

// PoseFromAxes builds a pose from a camera centre and the camera's right, down and forward
// axes in world space (the COLMAP/3DGS camera frame, e.g. the columns of cameras.json's
// rotation).
func PoseFromAxes(eye, right, down, forward mgl32.Vec3, fovY float32) Pose {
	up, back := down.Mul(-1), forward.Mul(-1) // GL camera: +Y up on screen, looking down −Z
	m := mgl32.Mat4{
		right[0], right[1], right[2], 0,
		up[0], up[1], up[2], 0,
		back[0], back[1], back[2], 0,
		0, 0, 0, 1,
	}
	return Pose{Eye: eye, Rot: mgl32.Mat4ToQuat(m).Normalize(), FovY: fovY}
}

// SetPose turns the fly camera to p: yaw and pitch from the view direction about the camera's
// up axis (pitch kept short of the poles, like Look), and the remaining tilt as roll; the lens
// takes p's field of view.
func (f *Fly) SetPose(p Pose) {
	fwd := p.Forward()
	up := f.Up.Vector()
	pitch := float32(math.Asin(float64(mgl32.Clamp(fwd.Dot(up), -1, 1))))
	f.Pitch = mgl32.Clamp(pitch, -maxPitch, maxPitch)
	x, y := basis(up)
	d := fwd.Mul(-1)
	if math.Abs(float64(fwd.Dot(up))) < 0.9999 { // looking straight up or down: keep the yaw
		f.Yaw = float32(math.Atan2(float64(d.Dot(x)), float64(d.Dot(y))))
	}
	f.Eye = p.Eye
	if p.FovY > 0 {
		f.Proj.FovY = p.FovY
	}
	// Roll: the signed angle about the view direction from the level screen-up to p's.
	f.Roll = 0
	fwd = f.Forward()
	s := fwd.Cross(up)
	if s.Len() < 1e-6 {
		return
	}
	level := s.Normalize().Cross(fwd)
	want := p.ScreenUp()
	f.Roll = float32(math.Atan2(float64(fwd.Dot(level.Cross(want))), float64(level.Dot(want))))
}

// Level removes the fly camera's roll so the horizon is level with the scene's up axis.
func (f *Fly) Level() { f.Roll = 0 }
