package gaussians

import (
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// Sorter depth-sorts a scene in a background goroutine so a frame never waits for a sort:
// the frame calls Request with its view matrix and draws with Latest, the last finished order.
// Requests made while a sort runs collapse into the newest one.
type Sorter struct {
	positions []float32

	mu        sync.Mutex
	cond      *sync.Cond
	view      mgl32.Mat4
	requested uint64 // number of the newest request (0: none yet)
	closed    bool

	// Three order buffers: the one published as latest, the one the caller holds from its last
	// Latest call, and one free for the sort in progress; none is written while another reads it.
	bufs    [3][]uint32
	latest  int    // index into bufs of the newest finished order (−1: none yet)
	held    int    // index the caller holds (−1: none)
	version uint64 // request number the latest order answers
	done    chan struct{}
}

// NewSorter starts a sorter over the centres (3N floats, read but never written; the caller must
// not change them while the sorter lives). Close stops its goroutine.
func NewSorter(positions []float32) *Sorter {
	s := &Sorter{positions: positions, latest: -1, held: -1, done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	go s.run()
	return s
}

// Request asks for the order seen through a GL view matrix; it never blocks on a sort.
func (s *Sorter) Request(view mgl32.Mat4) {
	s.mu.Lock()
	s.view = view
	s.requested++
	s.mu.Unlock()
	s.cond.Broadcast()
}

// Latest returns the newest finished back-to-front order (indices of the Gaussians in front of
// the near-cull plane) and the number of the request it answers (0 and nil before the first
// sort finishes). The slice stays valid and unchanged until the next call to Latest.
func (s *Sorter) Latest() (order []uint32, version uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.latest < 0 {
		return nil, 0
	}
	s.held = s.latest
	return s.bufs[s.latest], s.version
}

// Requested returns the number of the newest request, to tell whether Latest is current.
func (s *Sorter) Requested() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requested
}

// Wait blocks until an order answering request version (or a newer one) is ready, or the
// sorter is closed; offline renders and tests use it, frames never should.
func (s *Sorter) Wait(version uint64) {
	s.mu.Lock()
	for !s.closed && (s.latest < 0 || s.version < version) {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// Close stops the background goroutine and waits for it.
func (s *Sorter) Close() {
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
func (s *Sorter) run() {
	defer close(s.done)
	var ds DepthSorter
	var sorted uint64
	for {
		s.mu.Lock()
		for !s.closed && s.requested == sorted {
			s.cond.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		view, req := s.view, s.requested
		free := 0
		for free == s.latest || free == s.held {
			free++
		}
		buf := s.bufs[free]
		s.mu.Unlock()

		buf = ds.Order(s.positions, view, buf)

		s.mu.Lock()
		s.bufs[free] = buf
		s.latest, s.version = free, req
		s.mu.Unlock()
		s.cond.Broadcast()
		sorted = req
	}
}
