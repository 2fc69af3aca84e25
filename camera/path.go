package camera

import (
	"fmt"
	"math"
	"sort"

	"github.com/go-gl/mathgl/mgl32"
)

// Pose is where a camera is and how it is turned: Rot is the camera-to-world rotation of a GL
// camera (it looks down its −Z axis with +Y up on screen), FovY the vertical field of view.
type Pose struct {
	Eye  mgl32.Vec3
	Rot  mgl32.Quat
	FovY float32 // radians
}

// Forward is the unit view direction of the pose.
func (p Pose) Forward() mgl32.Vec3 { return p.Rot.Rotate(mgl32.Vec3{0, 0, -1}) }

// ScreenUp is the world direction that points up on screen.
func (p Pose) ScreenUp() mgl32.Vec3 { return p.Rot.Rotate(mgl32.Vec3{0, 1, 0}) }

// Keyframe is one recorded pose of a camera path with its time in seconds from the start
// (used when the path plays at per-key times).
type Keyframe struct {
	Pose
	Time float32
}

// Path is a camera path through keyframes: Catmull-Rom positions (a cubic Hermite spline whose
// tangents are the neighbours' differences over their time span, so it passes through every
// key and its velocity is continuous), slerped rotations and a linear field of view.
type Path struct {
	Keys []Keyframe
	// EvenSpeed times the keys from their distances at Speed (scene units per second) instead
	// of using their own Time fields; turns in place take TurnRate.
	EvenSpeed bool
	Speed     float32
}

// TurnRate is how fast an even-speed path turns when it does not move: a quarter turn per
// second reads as a deliberate pan, not a jump.
const TurnRate = math.Pi / 2

// minSegment is the shortest time between keys (seconds): two identical keys still get a
// moment between them, so time stays strictly increasing.
const minSegment = 0.05

// Times returns the time of each key: from the keys' Time fields, or, for even speed, from the
// distances (and turning angles) between consecutive keys.
func (p *Path) Times() []float32 {
	t := make([]float32, len(p.Keys))
	for i := range p.Keys {
		if !p.EvenSpeed {
			t[i] = p.Keys[i].Time
			continue
		}
		if i == 0 {
			continue
		}
		a, b := p.Keys[i-1], p.Keys[i]
		speed := p.Speed
		if !(speed > 0) {
			speed = 1
		}
		move := b.Eye.Sub(a.Eye).Len() / speed
		turn := angleBetween(a.Rot, b.Rot) / TurnRate
		t[i] = t[i-1] + max(move, turn, minSegment)
	}
	return t
}

// angleBetween is the rotation angle (radians, 0..π) taking a to b.
func angleBetween(a, b mgl32.Quat) float32 {
	d := math.Abs(float64(a.Normalize().Dot(b.Normalize())))
	return float32(2 * math.Acos(math.Min(1, d)))
}

// Duration is the time from the first key to the last (0 for fewer than two keys).
func (p *Path) Duration() float32 {
	if len(p.Keys) < 2 {
		return 0
	}
	t := p.Times()
	return t[len(t)-1] - t[0]
}

// Check reports a path that cannot play: per-key times that do not increase, or non-finite
// values. An even-speed path needs only finite poses.
func (p *Path) Check() error {
	for i, k := range p.Keys {
		for _, v := range []float32{k.Eye[0], k.Eye[1], k.Eye[2], k.Rot.W, k.Rot.V[0], k.Rot.V[1], k.Rot.V[2], k.FovY, k.Time} {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("keyframe %d: value %v is not finite", i+1, v)
			}
		}
		if k.Rot.Len() < 1e-6 {
			return fmt.Errorf("keyframe %d: zero rotation quaternion", i+1)
		}
		if !(k.FovY > 0 && k.FovY < math.Pi) {
			return fmt.Errorf("keyframe %d: field of view %.3g° outside 0..180°", i+1, mgl32.RadToDeg(k.FovY))
		}
		if !p.EvenSpeed && i > 0 && !(k.Time > p.Keys[i-1].Time) {
			return fmt.Errorf("keyframe %d: time %.3g s is not after keyframe %d's %.3g s", i+1, k.Time, i, p.Keys[i-1].Time)
		}
	}
	return nil
}

// At returns the pose at time t seconds from the path's start, clamped to its ends; ok is false
// for an empty path.
func (p *Path) At(t float32) (pose Pose, ok bool) {
	return p.at(p.Times(), t)
}

// at is At with the key times already computed (players call it every frame).
func (p *Path) at(times []float32, t float32) (Pose, bool) {
	n := len(p.Keys)
	if n == 0 {
		return Pose{}, false
	}
	t += times[0]
	if n == 1 || !(t > times[0]) {
		return p.Keys[0].Pose, true
	}
	if t >= times[n-1] {
		return p.Keys[n-1].Pose, true
	}
	// Segment i holds t in [times[i], times[i+1]).
	i := sort.Search(n, func(j int) bool { return times[j] > t }) - 1
	i = max(0, min(i, n-2))
	h := times[i+1] - times[i]
	s := (t - times[i]) / h
	if !(h > 0) {
		s = 1
	}
	k0, k1 := p.Keys[i], p.Keys[i+1]
	m0, m1 := p.tangent(times, i), p.tangent(times, i+1)
	// Cubic Hermite basis.
	s2, s3 := s*s, s*s*s
	h00, h10, h01, h11 := 2*s3-3*s2+1, s3-2*s2+s, -2*s3+3*s2, s3-s2
	eye := k0.Eye.Mul(h00).Add(m0.Mul(h10 * h)).Add(k1.Eye.Mul(h01)).Add(m1.Mul(h11 * h))
	rot := mgl32.QuatSlerp(k0.Rot.Normalize(), k1.Rot.Normalize(), s).Normalize()
	fov := k0.FovY + (k1.FovY-k0.FovY)*s
	return Pose{Eye: eye, Rot: rot, FovY: fov}, true
}

// tangent is the Catmull-Rom velocity at key i: the difference of its neighbours over their
// time span (one-sided at the ends).
func (p *Path) tangent(times []float32, i int) mgl32.Vec3 {
	a, b := max(i-1, 0), min(i+1, len(p.Keys)-1)
	dt := times[b] - times[a]
	if !(dt > 0) {
		return mgl32.Vec3{}
	}
	return p.Keys[b].Eye.Sub(p.Keys[a].Eye).Mul(1 / dt)
}

// Player evaluates a path frame after frame with its key times computed once.
type Player struct {
	path  *Path
	times []float32
}

// NewPlayer prepares p for playing (p must not change while the player is used).
func NewPlayer(p *Path) *Player { return &Player{path: p, times: p.Times()} }

// At is Path.At without recomputing the key times.
func (pl *Player) At(t float32) (Pose, bool) { return pl.path.at(pl.times, t) }

// Duration is the path's duration.
func (pl *Player) Duration() float32 {
	if len(pl.times) < 2 {
		return 0
	}
	return pl.times[len(pl.times)-1] - pl.times[0]
}
