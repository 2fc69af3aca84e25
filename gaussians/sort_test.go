package gaussians

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/go-gl/mathgl/mgl32"
)

// referenceOrder is the expected order: visible depths, farthest first, by sort.SliceStable on
// the same 24-bit keys (so ties keep ascending index order, as the radix sort promises).
func referenceOrder(depths []float32) []uint32 {
	mn, mx := float32(math.Inf(1)), float32(math.Inf(-1))
	var idx []uint32
	for i, d := range depths {
		if visibleDepth(d) {
			idx = append(idx, uint32(i))
			mn, mx = min(mn, d), max(mx, d)
		}
	}
	scale := 0.0
	if mx > mn {
		scale = keyMax / (float64(mx) - float64(mn))
	}
	key := func(i uint32) int64 { return keyMax - int64((float64(depths[i])-float64(mn))*scale) }
	sort.SliceStable(idx, func(a, b int) bool { return key(idx[a]) < key(idx[b]) })
	return idx
}

func TestSortDepths(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	random := func(n int, lo, hi float64) []float32 {
		d := make([]float32, n)
		for i := range d {
			d[i] = float32(lo + (hi-lo)*r.Float64())
		}
		return d
	}
	mixed := random(200_000, -5, 50)
	for i := 0; i < len(mixed); i += 97 {
		mixed[i] = nan
	}
	for i := 5; i < len(mixed); i += 1001 {
		mixed[i] = inf
	}
	equalRuns := make([]float32, 150_000)
	for i := range equalRuns {
		equalRuns[i] = float32(1 + i%7) // long runs of equal depths: stability matters
	}
	cases := []struct {
		name   string
		depths []float32
	}{
		{"empty", nil},
		{"one", []float32{3}},
		{"all behind", []float32{-1, 0, 0.2, -5}},
		{"all NaN", []float32{nan, nan}},
		{"all equal", []float32{2, 2, 2, 2, 2}},
		{"small mixed", []float32{1, nan, 5, -3, 0.2, 0.21, inf, 5, 2}},
		{"random 100k", random(100_000, 0.3, 1000)},
		{"random mixed 200k (parallel, NaN, Inf, behind)", mixed},
		{"equal runs 150k", equalRuns},
		{"sorted ascending", func() []float32 {
			d := random(70_000, 1, 2)
			sort.Slice(d, func(a, b int) bool { return d[a] < d[b] })
			return d
		}()},
		{"huge range", []float32{1e30, 0.5, 3e38, 1, 1e-3, 7}},
	}
	var s DepthSorter
	var dst []uint32
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dst = s.SortDepths(c.depths, dst)
			want := referenceOrder(c.depths)
			if len(dst) != len(want) {
				t.Fatalf("%d visible, want %d", len(dst), len(want))
			}
			for i := range want {
				if dst[i] != want[i] {
					t.Fatalf("order[%d] = %d (depth %v), want %d (depth %v)", i, dst[i], c.depths[dst[i]], want[i], c.depths[want[i]])
				}
			}
			// Independently of the key: back to front within one quantisation step.
			if len(dst) > 1 {
				mn, mx := c.depths[dst[len(dst)-1]], c.depths[dst[0]]
				step := (float64(mx) - float64(mn)) / keyMax
				for i := 1; i < len(dst); i++ {
					if float64(c.depths[dst[i]]) > float64(c.depths[dst[i-1]])+step {
						t.Fatalf("depth %v at %d after %v: not back to front", c.depths[dst[i]], i, c.depths[dst[i-1]])
					}
				}
			}
		})
	}
}

func TestSortExactAgainstSortSlice(t *testing.T) {
	// Distinct depths spread well above the quantisation step: the order is the exact one.
	r := rand.New(rand.NewPCG(3, 4))
	n := 50_000
	d := make([]float32, n)
	for i := range d {
		d[i] = 1 + float32(r.Perm(1)[0]) + float32(i)*1e-2
	}
	r.Shuffle(n, func(a, b int) { d[a], d[b] = d[b], d[a] })
	var s DepthSorter
	got := s.SortDepths(d, nil)
	want := make([]uint32, n)
	for i := range want {
		want[i] = uint32(i)
	}
	sort.Slice(want, func(a, b int) bool { return d[want[a]] > d[want[b]] })
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order[%d] = %d, want %d", i, got[i], want[i])
		}
	}
}

func TestSortReusesBuffers(t *testing.T) {
	d := make([]float32, 100_000)
	for i := range d {
		d[i] = float32(i%1000) + 1
	}
	var s DepthSorter
	dst := s.SortDepths(d, nil)
	allocs := testing.AllocsPerRun(5, func() { dst = s.SortDepths(d, dst) })
	// Goroutine starts allocate a little; the buffers (hundreds of KiB) must not be reallocated.
	if allocs > 16 {
		t.Errorf("%.0f allocations per sort, want only goroutine starts", allocs)
	}
}

func TestOrderFromView(t *testing.T) {
	// Points along −z in front of a camera at the origin looking down −z: depth = −z.
	pos := []float32{0, 0, -1, 0, 0, -5, 0, 0, 3, 0, 0, -2.5, 0, 0, -0.1}
	var s DepthSorter
	got := s.Order(pos, mgl32.Ident4(), nil)
	want := []uint32{1, 3, 0} // 5, 2.5, 1; z = +3 is behind, −0.1 is inside the near cull
	if len(got) != len(want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}

func TestSorterBackground(t *testing.T) {
	pos := []float32{0, 0, 1, 0, 0, 2, 0, 0, 3}
	s := NewSorter(pos)
	defer s.Close()
	if o, v := s.Latest(); o != nil || v != 0 {
		t.Fatalf("before any request: %v, %d", o, v)
	}
	// Looking from z = 10 down −z: the point at z = 1 is farthest.
	s.Request(mgl32.LookAtV(mgl32.Vec3{0, 0, 10}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0}))
	s.Wait(1)
	o, v := s.Latest()
	if v != 1 || len(o) != 3 || o[0] != 0 || o[2] != 2 {
		t.Fatalf("first order %v (version %d), want [0 1 2] (1)", o, v)
	}
	held := append([]uint32(nil), o...)
	// Many requests in a burst: the sorter coalesces them and never touches the held slice.
	for i := 0; i < 50; i++ {
		s.Request(mgl32.LookAtV(mgl32.Vec3{0, 0, -10}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0}))
	}
	s.Wait(51)
	for i := range held {
		if o[i] != held[i] {
			t.Fatalf("held order changed under the caller: %v, was %v", o, held)
		}
	}
	o2, v2 := s.Latest()
	if v2 != 51 || o2[0] != 2 || o2[2] != 0 {
		t.Fatalf("order %v (version %d), want [2 1 0] (51)", o2, v2)
	}
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
}

// BenchmarkSort6M sorts 6M random depths (a 6M-Gaussian scene) back to front; bench/sort_vs_numpy.sh
// compares it with numpy's argsort.
func BenchmarkSort6M(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	d := make([]float32, 6_000_000)
	for i := range d {
		d[i] = 0.5 + 100*r.Float32()
	}
	var s DepthSorter
	dst := s.SortDepths(d, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dst = s.SortDepths(d, dst)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/sort")
}

// BenchmarkOrder6M adds the depth computation from positions and a view matrix (what a frame asks).
func BenchmarkOrder6M(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	pos := make([]float32, 3*6_000_000)
	for i := range pos {
		pos[i] = 10 * (r.Float32() - 0.5)
	}
	view := mgl32.LookAtV(mgl32.Vec3{3, 4, 20}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0})
	var s DepthSorter
	dst := s.Order(pos, view, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dst = s.Order(pos, view, dst)
	}
}
