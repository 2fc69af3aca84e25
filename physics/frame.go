package physics

import (
	"fmt"
	"strings"

	"github.com/splatscope/splatscope/mpm"
)

// Up names the scene's up direction: an axis and a sign; the zero value is +y. The solver's
// ground is at the minimum of its up axis, so a negative up (3DGS captures are often −y up)
// is simulated in a frame turned half a turn about another axis. The first four values
// match camera.UpAxis (YUp, ZUp, NegYUp, NegZUp).
type Up int

// The up directions.
const (
	UpY Up = iota
	UpZ
	UpNegY
	UpNegZ
	UpX
	UpNegX
)

var upNames = [...]string{"y", "z", "-y", "-z", "x", "-x"}

// ParseUp reads "y", "+y", "-y", "z", "-z", "x" or "-x".
func ParseUp(s string) (Up, error) {
	t := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "+")
	for i, n := range upNames {
		if n == t {
			return Up(i), nil
		}
	}
	return 0, fmt.Errorf("up axis %q: want x, y, z, -x, -y or -z", s)
}

// String writes the direction as ParseUp reads it.
func (u Up) String() string {
	if u < 0 || int(u) >= len(upNames) {
		return fmt.Sprintf("up(%d)", int(u))
	}
	return upNames[u]
}

// Axis returns the coordinate index (0 x, 1 y, 2 z).
func (u Up) Axis() int { return [...]int{1, 2, 1, 2, 0, 0}[u] }

// Neg reports whether up points along the negative axis.
func (u Up) Neg() bool { return u == UpNegY || u == UpNegZ || u == UpNegX }

// frame maps world (scene) coordinates to the solver's: sim = scale·Q·world with Q a
// diagonal of ±1 (a half turn for a negative up, else the identity), so matrices map as
// F_world = Q·F_sim·Q and vectors as world = Q·sim/scale.
type frame struct {
	q     [3]float32 // diagonal of Q
	scale float32    // metres per scene unit
	up    mpm.Up
}

func newFrame(u Up, metresPerUnit float32) frame {
	f := frame{q: [3]float32{1, 1, 1}, scale: metresPerUnit}
	a := u.Axis()
	if u.Neg() {
		// Half a turn about the next axis flips up and the third axis, keeping handedness.
		f.q[a] = -1
		f.q[(a+2)%3] = -1
	}
	f.up = [3]mpm.Up{mpm.UpX, mpm.UpY, mpm.UpZ}[a]
	return f
}

// toSim maps a world point to solver coordinates.
func (f *frame) toSim(p []float32) [3]float32 {
	return [3]float32{f.scale * f.q[0] * p[0], f.scale * f.q[1] * p[1], f.scale * f.q[2] * p[2]}
}

// toWorld maps a solver point back to world coordinates.
func (f *frame) toWorld(p []float32) [3]float32 {
	return [3]float32{f.q[0] * p[0] / f.scale, f.q[1] * p[1] / f.scale, f.q[2] * p[2] / f.scale}
}

// matToWorld maps a row-major solver-frame matrix (F or R) to the world frame.
func (f *frame) matToWorld(m []float32, out []float32) {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			out[3*i+j] = f.q[i] * f.q[j] * m[3*i+j]
		}
	}
}

// boxToSim maps a world box to the solver frame.
func (f *frame) boxToSim(b mpm.Box) mpm.Box {
	lo, hi := f.toSim(b.Min[:]), f.toSim(b.Max[:])
	var out mpm.Box
	for a := 0; a < 3; a++ {
		out.Min[a], out.Max[a] = min(lo[a], hi[a]), max(lo[a], hi[a])
	}
	return out
}

// SimBox maps a box in the scene's frame and units to the solver's (for Solver.SetFrozen).
func (s *Sim) SimBox(b mpm.Box) mpm.Box { return s.fr.boxToSim(b) }

// SimVector maps a vector in the scene's frame and units (a velocity, an impulse's
// direction) to the solver's frame in metres.
func (s *Sim) SimVector(v [3]float32) [3]float32 { return s.fr.toSim(v[:]) }

// SimPoint maps a point in the scene's frame to the solver's (for a poke at a clicked point).
func (s *Sim) SimPoint(p [3]float32) [3]float32 { return s.fr.toSim(p[:]) }
