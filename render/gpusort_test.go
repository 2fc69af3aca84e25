package render

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
)

// pointBuffers wraps centres in render buffers (small grey isotropic splats): the sort reads only
// the positions.
func pointBuffers(pos []float32) *gaussians.RenderBuffers {
	n := len(pos) / 3
	b := &gaussians.RenderBuffers{N: n, Positions: pos, Scales: make([]float32, 3*n), Rotations: make([]float32, 4*n),
		Opacities: make([]float32, n), Colors: make([]float32, 3*n)}
	for i := 0; i < n; i++ {
		b.Scales[3*i], b.Scales[3*i+1], b.Scales[3*i+2] = 0.01, 0.01, 0.01
		b.Rotations[4*i] = 1
		b.Opacities[i] = 0.5
		b.Colors[3*i], b.Colors[3*i+1], b.Colors[3*i+2] = 0.5, 0.5, 0.5
	}
	return b
}

// sortScene makes n centres that exercise every rule of the sort: a cloud around the origin
// seen from z = 10 (some behind the camera or inside the near plane), exact duplicates (equal
// depths), a plane z = 1 (equal depths for an axis-aligned view), NaN and ±Inf coordinates and,
// with outliers, coordinates of 3e38 (a depth range so wide that most keys collide).
func sortScene(n int, seed uint64, outliers bool) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	pos := make([]float32, 3*n)
	for i := 0; i < n; i++ {
		p := pos[3*i : 3*i+3]
		switch k := r.IntN(20); {
		case k < 12 || i == 0:
			for a := range p {
				p[a] = float32(r.Float64()*24 - 12) // beyond the eye at z = 10: some culled
			}
		case k < 15: // a duplicate of an earlier centre
			j := r.IntN(i)
			copy(p, pos[3*j:3*j+3])
		case k < 18: // the plane z = 1
			p[0], p[1], p[2] = float32(r.Float64()*4-2), float32(r.Float64()*4-2), 1
		case k == 18: // at the near plane: depth 0.2 (culled), or just beyond it
			p[0], p[1], p[2] = 0, 0, float32(10-0.2+0.0001*float64(r.IntN(3)))
		default:
			bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
			if outliers {
				bad = append(bad, 3e38)
			}
			p[0], p[1], p[2] = r.Float32(), r.Float32(), r.Float32()
			p[r.IntN(3)] = bad[r.IntN(len(bad))]
		}
	}
	return pos
}

// sortViews are the GL view matrices the order tests use: axis-aligned (equal depths on the
// z = 1 plane) and oblique.
var sortViews = []struct {
	name string
	view mgl32.Mat4
}{
	{"axis", mgl32.LookAtV(mgl32.Vec3{0, 0, 10}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0})},
	{"oblique", mgl32.LookAtV(mgl32.Vec3{3, 4, 9}, mgl32.Vec3{0.5, -0.2, 0}, mgl32.Vec3{0, 1, 0})},
	{"below", mgl32.LookAtV(mgl32.Vec3{-2, -9, 3}, mgl32.Vec3{0, 0, 1}, mgl32.Vec3{0, 0, 1})},
}

// readOrder reads the first n entries of a pass's order buffer.
func readOrder(p *SplatPass, n int) []uint32 {
	out := make([]uint32, n)
	if n == 0 {
		return out
	}
	gl.MemoryBarrier(gl.BUFFER_UPDATE_BARRIER_BIT)
	gl.BindBuffer(gl.TEXTURE_BUFFER, p.bufs[splatOrder])
	gl.GetBufferSubData(gl.TEXTURE_BUFFER, 0, 4*n, unsafe.Pointer(&out[0]))
	gl.BindBuffer(gl.TEXTURE_BUFFER, 0)
	return out
}

// gpuOrder sorts b on the GPU for view and returns the order (and whether compute exists).
func gpuOrder(t testing.TB, b *gaussians.RenderBuffers, views []mgl32.Mat4) (orders [][]uint32, err error) {
	t.Helper()
	onGL(t, func(info Info) {
		if !info.Compute {
			err = ErrNoCompute
			return
		}
		var p *SplatPass
		if p, err = NewSplatPass(b); err != nil {
			return
		}
		defer p.Delete()
		var s *GPUSorter
		if s, err = NewGPUSorter(p); err != nil {
			return
		}
		defer s.Delete()
		for _, v := range views {
			var n int
			if n, err = s.Sort(Frame{View: v, Width: 64, Height: 64}); err != nil {
				return
			}
			if n != p.Count() {
				err = fmt.Errorf("Sort returned %d, the pass draws %d", n, p.Count())
				return
			}
			orders = append(orders, readOrder(p, n))
		}
	})
	return orders, err
}

func TestGPUSortMatchesCPU(t *testing.T) {
	for _, c := range []struct {
		n        int
		outliers bool
	}{{1, false}, {1000, false}, {1000, true}, {100_007, false}, {100_007, true}} {
		n := c.n
		t.Run(fmt.Sprintf("%d/outliers=%v", n, c.outliers), func(t *testing.T) {
			pos := sortScene(n, uint64(n), c.outliers)
			var views []mgl32.Mat4
			for _, v := range sortViews {
				views = append(views, v.view)
			}
			got, err := gpuOrder(t, pointBuffers(pos), views)
			if err == ErrNoCompute {
				t.Skip("no GL 4.3 compute")
			}
			if err != nil {
				t.Fatal(err)
			}
			var ds gaussians.DepthSorter
			for vi, v := range sortViews {
				want := ds.Order(pos, v.view, nil)
				depths := ds.Depths(pos, v.view)
				ties := 0
				for i := 1; i < len(want); i++ {
					if depths[want[i]] == depths[want[i-1]] {
						ties++
					}
				}
				t.Logf("%s: %d of %d visible, %d equal-depth neighbours", v.name, len(want), n, ties)
				if n > 1 && (len(want) == n || len(want) == 0) {
					t.Errorf("%s: the scene should have culled and visible Gaussians (%d of %d visible)", v.name, len(want), n)
				}
				if n >= 1000 && ties == 0 {
					t.Errorf("%s: the scene should have equal depths", v.name)
				}
				if len(got[vi]) != len(want) {
					t.Errorf("%s: GPU sort keeps %d Gaussians, CPU %d", v.name, len(got[vi]), len(want))
					continue
				}
				for i := range want {
					if got[vi][i] != want[i] {
						t.Errorf("%s: order differs first at %d: GPU %d (depth %g), CPU %d (depth %g)",
							v.name, i, got[vi][i], depths[got[vi][i]], want[i], depths[want[i]])
						break
					}
				}
			}
		})
	}
}

// The donut drawn with the GPU order is the donut drawn with the CPU order, pixel for pixel.
func TestGPUSortDonutImage(t *testing.T) {
	b := splatFile("v3dg_donut_sh0.ply")(t)
	cam := splatCamera(b, splatCase{view: "iso", up: camera.ZUp})
	f := FrameFor(cam, splatW, splatH)
	var cpuImg, gpuImg []byte
	var cpuCount, gpuCount int
	var err error
	onGL(t, func(info Info) {
		if !info.Compute {
			err = ErrNoCompute
			return
		}
		var target *splatTarget
		if target, err = newSplatTarget(f.Width, f.Height); err != nil {
			return
		}
		defer target.delete()
		var p *SplatPass
		if p, err = NewSplatPass(b); err != nil {
			return
		}
		defer p.Delete()
		draw := func() []byte {
			gl.BindFramebuffer(gl.FRAMEBUFFER, target.fbo)
			Clear(f.Width, f.Height, splatBackground)
			p.Draw(f, DefaultSplatStyle)
			return target.image().Pix
		}
		var ds gaussians.DepthSorter
		p.SetOrder(ds.Order(b.Positions, f.View, nil))
		cpuCount, cpuImg = p.Count(), draw()
		var s *GPUSorter
		if s, err = NewGPUSorter(p); err != nil {
			return
		}
		defer s.Delete()
		if gpuCount, err = s.Sort(f); err != nil {
			return
		}
		gpuImg = draw()
		err = glError("drawing the donut")
	})
	if err == ErrNoCompute {
		t.Skip("no GL 4.3 compute")
	}
	if err != nil {
		t.Fatal(err)
	}
	if gpuCount != cpuCount || cpuCount < b.N/2 {
		t.Errorf("GPU sort draws %d Gaussians, CPU sort %d (of %d)", gpuCount, cpuCount, b.N)
	}
	if !bytes.Equal(cpuImg, gpuImg) {
		diff := 0
		for i := range cpuImg {
			if cpuImg[i] != gpuImg[i] {
				diff++
			}
		}
		t.Errorf("donut with the GPU order differs from the CPU order in %d of %d bytes", diff, len(cpuImg))
	}
	bg := splatBackgroundImage()
	if bytes.Equal(gpuImg, bg.Pix) {
		t.Errorf("the donut drew nothing")
	}
}

// The scan shader through the generic compute helpers: an exclusive prefix sum of random counts.
func TestComputeScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, m := range []int{1, 255, 256, 257, 10_000} {
		in := make([]uint32, m)
		want := make([]uint32, m)
		var s uint32
		for i := range in {
			in[i] = uint32(r.IntN(1000))
			want[i] = s
			s += in[i]
		}
		got := make([]uint32, m)
		var err error
		onGL(t, func(info Info) {
			if !info.Compute {
				err = ErrNoCompute
				return
			}
			var prog *ComputeProgram
			if prog, err = NewComputeProgram("sort_scan.comp.glsl"); err != nil {
				return
			}
			var buf *StorageBuffer
			if buf, err = NewStorageBuffer(4 * m); err != nil {
				return
			}
			defer buf.Delete()
			if err = WriteStorage(buf, 0, in); err != nil {
				return
			}
			buf.Bind(sortBindCounts)
			prog.Use()
			prog.SetUint("uM", uint32(m))
			prog.Dispatch(1, 1, 1, BarrierBufferUpdate)
			if err = ReadStorage(buf, 0, got); err != nil {
				return
			}
			err = glError("scan")
		})
		if err == ErrNoCompute {
			t.Skip("no GL 4.3 compute")
		}
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("m=%d: prefix[%d] = %d, want %d", m, i, got[i], want[i])
				break
			}
		}
	}
}

func TestGPUSortErrors(t *testing.T) {
	var err1, err2 error
	onGL(t, func(info Info) {
		if _, err1 = NewGPUSorter(nil); err1 == nil || !info.Compute {
			return
		}
		p, err := NewSplatPass(pointBuffers(sortScene(10, 1, true)))
		if err != nil {
			err2 = err
			return
		}
		s, err := NewGPUSorter(p)
		if err != nil {
			err2 = err
			return
		}
		defer s.Delete()
		p.Delete()
		_, err2 = s.Sort(Frame{View: mgl32.Ident4()})
	})
	if err1 == nil {
		t.Errorf("NewGPUSorter(nil) succeeded")
	}
	if err2 == nil {
		t.Errorf("sorting a deleted pass succeeded")
	}
}

// BenchmarkGPUSort1M sorts 1M random centres (view changing every frame) on the GPU, the 4-byte
// count read back included (it waits for the sort), next to the CPU radix sort on the same data.
// Under xvfb, llvmpipe runs the compute shaders on the CPU cores.
func BenchmarkGPUSort1M(b *testing.B) {
	const n = 1 << 20
	pos := sortScene(n, 11, false)
	buf := pointBuffers(pos)
	views := []mgl32.Mat4{sortViews[1].view, sortViews[2].view}
	b.Run("gpu", func(b *testing.B) {
		noCompute := false
		defer func() {
			if noCompute {
				b.Skip("no GL 4.3 compute")
			}
		}()
		onGL(b, func(info Info) {
			if noCompute = !info.Compute; noCompute {
				return
			}
			p, err := NewSplatPass(buf)
			if err != nil {
				b.Error(err)
				return
			}
			defer p.Delete()
			s, err := NewGPUSorter(p)
			if err != nil {
				b.Error(err)
				return
			}
			defer s.Delete()
			b.ResetTimer()
			for i := range b.N {
				if _, err := s.Sort(Frame{View: views[i%2]}); err != nil {
					b.Error(err)
					return
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/sort")
		})
	})
	b.Run("cpu", func(b *testing.B) {
		var ds gaussians.DepthSorter
		var order []uint32
		for i := range b.N {
			order = ds.Order(pos, views[i%2], order)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/sort")
	})
}
