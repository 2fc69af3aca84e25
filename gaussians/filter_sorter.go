package gaussians

import (
	"math"
	"sync"
	"time"

	"github.com/go-gl/mathgl/mgl32"
)

// FilteredSorter is a background depth sorter (like Sorter) whose orders leave out the
// Gaussians a FilterOptions hides, so crop boxes and floater filters cost the frame nothing:
// the frame calls Request with its view and filter and draws with Latest, the last finished
// order. Requests made while a sort runs collapse into the newest one.
type FilteredSorter struct {
	b *RenderBuffers // positions, opacities and scales are read, never written

	mu        sync.Mutex
	cond      *sync.Cond
	view      mgl32.Mat4
	opts      FilterOptions
	requested uint64
	closed    bool

	// Three order buffers, as in Sorter: published, held by the caller, and free for the sort.
	bufs    [3][]uint32
	latest  int
	held    int
	version uint64
	took    time.Duration // wall time of the last sort (mask included when it was rebuilt)
	kept    int           // Gaussians passing the filter in the last sort
	done    chan struct{}
}

// NewFilteredSorter starts a sorter over b (whose arrays must not change while it lives).
// Close stops its goroutine.
func NewFilteredSorter(b *RenderBuffers) *FilteredSorter {
	s := &FilteredSorter{b: b, latest: -1, held: -1, done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	go s.run()
	return s
}

// Request asks for the order seen through a GL view matrix with filter o; it never blocks on a sort.
func (s *FilteredSorter) Request(view mgl32.Mat4, o FilterOptions) {
	s.mu.Lock()
	s.view, s.opts = view, o
	s.requested++
	s.mu.Unlock()
	s.cond.Broadcast()
}

// Latest returns the newest finished back-to-front order of the visible, unfiltered Gaussians
// and the number of the request it answers (nil and 0 before the first sort). The slice stays
// valid and unchanged until the next call to Latest.
func (s *FilteredSorter) Latest() (order []uint32, version uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.latest < 0 {
		return nil, 0
	}
	s.held = s.latest
	return s.bufs[s.latest], s.version
}

// Stats returns the last sort's wall time and how many Gaussians passed its filter.
func (s *FilteredSorter) Stats() (took time.Duration, kept int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.took, s.kept
}

// Wait blocks until an order answering request version (or newer) is ready, or the sorter is
// closed; offline renders and tests use it, frames never should.
func (s *FilteredSorter) Wait(version uint64) {
	s.mu.Lock()
	for !s.closed && (s.latest < 0 || s.version < version) {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// Requested returns the number of the newest request.
func (s *FilteredSorter) Requested() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requested
}

// Close stops the background goroutine and waits for it.
func (s *FilteredSorter) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	s.cond.Broadcast()
	<-s.done
}

// run sorts whenever a request newer than the last finished one is waiting.
func (s *FilteredSorter) run() {
	defer close(s.done)
	var ds DepthSorter
	var sorted uint64
	var hidden []bool
	var maskOpts FilterOptions
	kept, haveMask := s.b.N, false
	nan := float32(math.NaN())
	for {
		s.mu.Lock()
		for !s.closed && s.requested == sorted {
			s.cond.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		view, o, req := s.view, s.opts, s.requested
		free := 0
		for free == s.latest || free == s.held {
			free++
		}
		buf := s.bufs[free]
		s.mu.Unlock()

		t0 := time.Now()
		if !haveMask || o != maskOpts {
			hidden, kept = FilterMask(s.b, o, hidden)
			maskOpts, haveMask = o, true
		}
		d := ds.Depths(s.b.Positions, view)
		if hidden != nil {
			parallelRows(len(d), func(lo, hi int) {
				for i := lo; i < hi; i++ {
					if hidden[i] {
						d[i] = nan // culled by SortDepths
					}
				}
			})
		}
		buf = ds.SortDepths(d, buf)
		took := time.Since(t0)

		s.mu.Lock()
		s.bufs[free] = buf
		s.latest, s.version = free, req
		s.took, s.kept = took, kept
		s.mu.Unlock()
		s.cond.Broadcast()
		sorted = req
	}
}
