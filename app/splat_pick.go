package app

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
)

// clickState detects double-clicks on the 3D view.
type clickState struct {
	at   time.Time
	x, y float64
}

// Double-click limits: the desktop default interval, and a few points of hand jitter.
const (
	doubleClickTime  = 400 * time.Millisecond
	doubleClickSlack = 4.0 // window points
)

// pickRadius is how far (pixels) from the cursor a splat centre may project and still count:
// a small disc, so the click need not hit a centre exactly.
const pickRadius = 8

// pickOpacity is the least opacity of a pickable Gaussian: faint haze is seen through, not hit.
const pickOpacity = 0.5

// clickPress is called on every mouse press over the 3D view; a second left press close in time
// and place is a double-click, which sets the orbit pivot on the splat under the cursor.
func (a *App) clickPress(b glfw.MouseButton, x, y float64) {
	if b != glfw.MouseButtonLeft {
		return
	}
	c := &a.splat.click
	now := time.Now()
	if now.Sub(c.at) < doubleClickTime && math.Abs(x-c.x) < doubleClickSlack && math.Abs(y-c.y) < doubleClickSlack {
		c.at = time.Time{}
		a.pickPivot(x, y)
		return
	}
	c.at, c.x, c.y = now, x, y
}

// pickPivot sets the orbit pivot on the splat under window point (x, y): the orbit camera keeps
// its eye and turns to the point; in fly mode the fly camera turns to look at it.
func (a *App) pickPivot(x, y float64) {
	v := a.splat.view
	if v == nil || a.win == nil {
		return
	}
	fw, fh := a.win.GetFramebufferSize()
	ww, _ := a.win.GetSize()
	if ww <= 0 || fw <= 0 {
		return
	}
	scale := float64(fw) / float64(ww)
	f, _ := a.splatFrame(fw, fh)
	px, py := x*scale, y*scale
	i, ok := pickSplat(v.Buffers, a.splat.filter, f.Proj.Mul4(f.View), f.Width, f.Height, px, py, pickRadius*scale)
	if !ok {
		a.setStatus("No splat under the cursor (opacity > 0.5) to orbit around.")
		return
	}
	p := mgl32.Vec3(v.Buffers.Positions[3*i : 3*i+3])
	a.orbitAround(p)
	a.onSplatPicked(i)
	a.setStatus("Orbit pivot set on a splat at " + formatVec(p))
}

// orbitAround moves the orbit pivot to p keeping the current eye, and aims the fly camera at it.
func (a *App) orbitAround(p mgl32.Vec3) {
	eye := a.camera().Position()
	d := eye.Sub(p)
	dist := d.Len()
	if dist < 1e-9 {
		return
	}
	o := a.orbit
	o.Target, o.Distance = p, dist
	up := o.Up.Vector()
	dir := d.Mul(1 / dist)
	o.Pitch = mgl32.Clamp(float32(math.Asin(float64(mgl32.Clamp(dir.Dot(up), -1, 1)))), -1.56, 1.56)
	// Yaw from the same basis the orbit camera uses: direction(up, yaw, pitch) = dir.
	probe := *o
	probe.Yaw, probe.Pitch, probe.Distance, probe.Target = 0, 0, 1, mgl32.Vec3{}
	y0 := probe.Eye() // the yaw-0 horizontal direction
	probe.Yaw = math.Pi / 2
	x0 := probe.Eye()
	o.Yaw = float32(math.Atan2(float64(dir.Dot(x0)), float64(dir.Dot(y0))))
	if a.flyMode && a.fly != nil {
		roll, fov := a.fly.Roll, a.fly.Proj.FovY
		a.fly.SetPose(camera.PoseOf(o))
		a.fly.Eye, a.fly.Roll, a.fly.Proj.FovY = eye, roll, fov
	}
}

// formatVec writes a point for the status line.
func formatVec(p mgl32.Vec3) string { return fmt.Sprintf("(%.4g, %.4g, %.4g)", p[0], p[1], p[2]) }

// pickSplat returns the Gaussian nearest the camera among those with opacity above
// pickOpacity that pass the filter and whose centre projects within radius pixels of (px, py)
// in a w×h view (pixels from the top left); viewProj is projection × view.
func pickSplat(b *gaussians.RenderBuffers, filter gaussians.FilterOptions, viewProj mgl32.Mat4, w, h int, px, py, radius float64) (int, bool) {
	if b == nil || b.N == 0 || w <= 0 || h <= 0 {
		return 0, false
	}
	// Cursor in normalised device coordinates, and the radius there.
	nx, ny := 2*(px+0.5)/float64(w)-1, 1-2*(py+0.5)/float64(h)
	rx, ry := 2*radius/float64(w), 2*radius/float64(h)
	workers := runtime.GOMAXPROCS(0)
	best := make([]int, workers)
	bestW := make([]float32, workers)
	per := (b.N + workers - 1) / workers
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		best[k], bestW[k] = -1, float32(math.Inf(1))
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			m := viewProj
			for i := k * per; i < min(b.N, (k+1)*per); i++ {
				if !(b.Opacities[i] > pickOpacity) {
					continue
				}
				x, y, z := b.Positions[3*i], b.Positions[3*i+1], b.Positions[3*i+2]
				cw := m[3]*x + m[7]*y + m[11]*z + m[15] // clip w: the view depth
				if !(cw > 0) || cw >= bestW[k] {
					continue
				}
				cx := (m[0]*x + m[4]*y + m[8]*z + m[12]) / cw
				cy := (m[1]*x + m[5]*y + m[9]*z + m[13]) / cw
				dx, dy := (float64(cx)-nx)/rx, (float64(cy)-ny)/ry
				if dx*dx+dy*dy > 1 {
					continue
				}
				if filter.Active() {
					s := b.Scales[3*i : 3*i+3]
					if !filter.Keep([3]float32{x, y, z}, b.Opacities[i], max(s[0], s[1], s[2])) || filter.Mask.Hides(i) {
						continue
					}
				}
				best[k], bestW[k] = i, cw
			}
		}(k)
	}
	wg.Wait()
	pick, pw := -1, float32(math.Inf(1))
	for k := range best {
		if best[k] >= 0 && bestW[k] < pw {
			pick, pw = best[k], bestW[k]
		}
	}
	return pick, pick >= 0
}
