package camera

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// testPath is four keys around a square with turning views and a changing lens.
func testPath(even bool) *Path {
	p := &Path{EvenSpeed: even, Speed: 2}
	eyes := []mgl32.Vec3{{0, 0, 5}, {5, 0, 0}, {0, 1, -5}, {-5, 0, 0}}
	for i, e := range eyes {
		rot := mgl32.QuatRotate(float32(i)*math.Pi/2, mgl32.Vec3{0, 1, 0})
		p.Keys = append(p.Keys, Keyframe{Pose: Pose{Eye: e, Rot: rot, FovY: mgl32.DegToRad(40 + 5*float32(i))}, Time: float32(i) * 1.5})
	}
	return p
}

func near(a, b mgl32.Vec3, tol float32) bool { return a.Sub(b).Len() <= tol }

func TestPathPassesThroughKeys(t *testing.T) {
	for _, even := range []bool{false, true} {
		p := testPath(even)
		if err := p.Check(); err != nil {
			t.Fatal(err)
		}
		times := p.Times()
		for i, k := range p.Keys {
			got, ok := p.At(times[i] - times[0])
			if !ok || !near(got.Eye, k.Eye, 1e-4) || angleBetween(got.Rot, k.Rot) > 1e-3 || math.Abs(float64(got.FovY-k.FovY)) > 1e-5 {
				t.Errorf("even=%v key %d: got %+v, want %+v", even, i, got, k.Pose)
			}
		}
		// Clamped at both ends.
		if got, _ := p.At(-1); !near(got.Eye, p.Keys[0].Eye, 0) {
			t.Errorf("before the start: %v", got.Eye)
		}
		if got, _ := p.At(p.Duration() + 10); !near(got.Eye, p.Keys[3].Eye, 0) {
			t.Errorf("after the end: %v", got.Eye)
		}
	}
}

// TestPathC1 compares one-sided velocities at the interior keys: continuous (C1), and not zero.
func TestPathC1(t *testing.T) {
	for _, even := range []bool{false, true} {
		p := testPath(even)
		times := p.Times()
		const h = 1e-3
		for i := 1; i < len(p.Keys)-1; i++ {
			tk := times[i] - times[0]
			a, _ := p.At(tk - h)
			b, _ := p.At(tk)
			c, _ := p.At(tk + h)
			left := b.Eye.Sub(a.Eye).Mul(1 / h)
			right := c.Eye.Sub(b.Eye).Mul(1 / h)
			if !near(left, right, 0.02*max(left.Len(), 1)) {
				t.Errorf("even=%v key %d: velocity jumps from %v to %v", even, i, left, right)
			}
			if left.Len() < 0.1 {
				t.Errorf("even=%v key %d: path stops (velocity %v)", even, i, left)
			}
		}
	}
}

func TestPathSlerp(t *testing.T) {
	p := &Path{Keys: []Keyframe{
		{Pose: Pose{Rot: mgl32.QuatIdent(), FovY: 1}, Time: 0},
		{Pose: Pose{Eye: mgl32.Vec3{1, 0, 0}, Rot: mgl32.QuatRotate(math.Pi/2, mgl32.Vec3{0, 0, 1}), FovY: 1}, Time: 2},
	}}
	for _, tt := range []float32{0, 0.3, 1, 1.7, 2} {
		got, _ := p.At(tt)
		if l := got.Rot.Len(); math.Abs(float64(l-1)) > 1e-5 {
			t.Errorf("t=%v: |q| = %v, want 1", tt, l)
		}
		// Slerp turns at a constant rate: angle from the start = t/2 of the quarter turn.
		want := float32(tt / 2 * math.Pi / 2)
		if a := angleBetween(got.Rot, mgl32.QuatIdent()); math.Abs(float64(a-want)) > 1e-3 {
			t.Errorf("t=%v: turned %v rad, want %v", tt, a, want)
		}
	}
	// Opposite-sign quaternions are the same rotation: the shortest way is no turn at all.
	q := mgl32.QuatRotate(0.3, mgl32.Vec3{0, 1, 0})
	p.Keys[0].Rot, p.Keys[1].Rot = q, q.Scale(-1)
	got, _ := p.At(1)
	if a := angleBetween(got.Rot, q); a > 1e-3 {
		t.Errorf("q to −q turned by %v", a)
	}
}

func TestPathCheck(t *testing.T) {
	p := testPath(false)
	p.Keys[2].Time = p.Keys[1].Time
	if err := p.Check(); err == nil || !strings.Contains(err.Error(), "keyframe 3") {
		t.Errorf("equal times: %v", err)
	}
	p.EvenSpeed = true
	if err := p.Check(); err != nil {
		t.Errorf("even speed ignores times: %v", err)
	}
	p.Keys[0].Eye[1] = float32(math.NaN())
	if err := p.Check(); err == nil {
		t.Errorf("NaN position accepted")
	}
	if _, ok := (&Path{}).At(0); ok {
		t.Errorf("empty path played")
	}
}

func TestPathJSON(t *testing.T) {
	dir := t.TempDir()
	for _, even := range []bool{false, true} {
		p := testPath(even)
		name := filepath.Join(dir, "path.json")
		if err := SavePath(name, p); err != nil {
			t.Fatal(err)
		}
		q, err := LoadPath(name)
		if err != nil {
			t.Fatal(err)
		}
		if q.EvenSpeed != even || len(q.Keys) != len(p.Keys) || math.Abs(float64(q.Duration()-p.Duration())) > 1e-4 {
			t.Fatalf("round trip: %+v", q)
		}
		for i := range p.Keys {
			if !near(q.Keys[i].Eye, p.Keys[i].Eye, 0) || angleBetween(q.Keys[i].Rot, p.Keys[i].Rot) > 1e-3 {
				t.Errorf("key %d changed", i)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	bad := []struct{ in, want string }{
		{`{`, "not a camera path"},
		{`{"version": 2, "timing": "keys", "keyframes": []}`, "version 2"},
		{`{"version": 1, "timing": "fast", "keyframes": []}`, "timing"},
		{`{"version": 1, "timing": "speed", "speed": 0, "keyframes": []}`, "speed"},
		{`{"version": 1, "timing": "keys", "keyframes": [{"position":[0,0,0],"rotation":[1,0,0,0],"fov_y_deg":40,"time":1},{"position":[0,0,0],"rotation":[1,0,0,0],"fov_y_deg":40,"time":0}]}`, "keyframe 2"},
		{`{"version": 1, "timing": "keys", "keyframes": [{"position":[0,0,0],"rotation":[0,0,0,0],"fov_y_deg":40}]}`, "zero rotation"},
		{`{"version": 1, "timing": "keys", "keyframes": [{"position":[0,0,0],"rotation":[1,0,0,0],"fov_y_deg":400}]}`, "field of view"},
	}
	for _, c := range bad {
		_, err := UnmarshalPath([]byte(c.in), "cam.json")
		if err == nil || !strings.HasPrefix(err.Error(), "cam.json: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming cam.json and %q", c.in, err, c.want)
		}
	}
	if _, err := LoadPath(filepath.Join(dir, "none.json")); err == nil || !strings.Contains(err.Error(), "none.json") {
		t.Errorf("missing file: %v", err)
	}
}

// TestPoseRoundTrip sets fly cameras from poses and reads the poses back, roll included.
func TestPoseRoundTrip(t *testing.T) {
	for _, up := range []UpAxis{YUp, ZUp, NegYUp, NegZUp} {
		for _, c := range []struct{ yaw, pitch, roll float32 }{{0, 0, 0}, {0.7, 0.3, 0.2}, {-2.5, -1.2, -1.0}, {3, 0.1, 2.5}} {
			f := &Fly{Up: up, Yaw: c.yaw, Pitch: c.pitch, Roll: c.roll, Proj: DefaultProjection, Eye: mgl32.Vec3{1, 2, 3}}
			pose := PoseOf(f)
			g := &Fly{Up: up, Proj: DefaultProjection}
			g.SetPose(pose)
			back := PoseOf(g)
			if !near(back.Eye, pose.Eye, 1e-5) || angleBetween(back.Rot, pose.Rot) > 2e-3 {
				t.Errorf("up %v %+v: pose %v → yaw %v pitch %v roll %v → %v", up, c, pose.Rot, g.Yaw, g.Pitch, g.Roll, back.Rot)
			}
			if !near(pose.Forward(), f.Forward(), 1e-4) {
				t.Errorf("up %v %+v: pose forward %v, camera forward %v", up, c, pose.Forward(), f.Forward())
			}
		}
	}
}

// TestPoseFromAxes: a COLMAP camera (x right, y down, z forward) becomes a GL pose looking the
// same way with screen-up opposite the image's down.
func TestPoseFromAxes(t *testing.T) {
	right, down, fwd := mgl32.Vec3{0, 0, 1}, mgl32.Vec3{0, 1, 0}, mgl32.Vec3{-1, 0, 0}
	p := PoseFromAxes(mgl32.Vec3{4, 0, 0}, right, down, fwd, 0.8)
	if !near(p.Forward(), fwd, 1e-5) || !near(p.ScreenUp(), down.Mul(-1), 1e-5) {
		t.Errorf("forward %v up %v", p.Forward(), p.ScreenUp())
	}
	f := &Fly{Up: NegYUp, Proj: DefaultProjection}
	f.SetPose(p)
	if math.Abs(float64(f.Roll)) > 1e-4 || !near(f.Forward(), fwd, 1e-4) || f.Proj.FovY != 0.8 {
		t.Errorf("-Y up camera: roll %v forward %v fov %v", f.Roll, f.Forward(), f.Proj.FovY)
	}
	f.Up = YUp // the same view in a +Y-up world is upside down: half a turn of roll
	f.SetPose(p)
	if math.Abs(math.Abs(float64(f.Roll))-math.Pi) > 1e-3 {
		t.Errorf("+Y up: roll %v, want ±π", f.Roll)
	}
	f.Level()
	if f.Roll != 0 {
		t.Errorf("Level left roll %v", f.Roll)
	}
}
