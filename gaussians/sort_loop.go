package gaussians

import "sync"

// sortLoop is the request/latest machinery shared by Sorter and FilteredSorter: a goroutine
// sorts whenever a request newer than the last finished one is waiting, requests made while a
// sort runs collapse into the newest one, and finished orders are published without the frame
// ever waiting. R is what a request carries (view, filter), S what a sort reports besides its order.
type sortLoop[R, S any] struct {
	mu        sync.Mutex
	cond      *sync.Cond
	req       R
	requested uint64 // number of the newest request (0: none yet)
	closed    bool

	// Three order buffers: the one published as latest, the one the caller holds from its last
	// Latest call, and one free for the sort in progress; none is written while another reads it.
	bufs    [3][]uint32
	latest  int    // index into bufs of the newest finished order (−1: none yet)
	held    int    // index the caller holds (−1: none)
	version uint64 // request number the latest order answers
	stats   S      // what the sort of the latest order reported
	done    chan struct{}
}

// start readies l and starts its goroutine, which calls sort with each request and a free
// buffer to reuse; sort returns the order and its stats. Close stops it.
func (l *sortLoop[R, S]) start(sort func(req R, buf []uint32) ([]uint32, S)) {
	l.latest, l.held, l.done = -1, -1, make(chan struct{})
	l.cond = sync.NewCond(&l.mu)
	go l.run(sort)
}

// request records the newest request and wakes the goroutine; it never blocks on a sort.
func (l *sortLoop[R, S]) request(r R) {
	l.mu.Lock()
	l.req = r
	l.requested++
	l.mu.Unlock()
	l.cond.Broadcast()
}

// Latest returns the newest finished back-to-front order and the number of the request it
// answers (nil and 0 before the first sort finishes). The slice stays valid and unchanged until
// the next call to Latest.
func (l *sortLoop[R, S]) Latest() (order []uint32, version uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.latest < 0 {
		return nil, 0
	}
	l.held = l.latest
	return l.bufs[l.latest], l.version
}

// Requested returns the number of the newest request, to tell whether Latest is current.
func (l *sortLoop[R, S]) Requested() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.requested
}

// Wait blocks until an order answering request version (or a newer one) is ready, or the
// sorter is closed; offline renders and tests use it, frames never should.
func (l *sortLoop[R, S]) Wait(version uint64) {
	l.mu.Lock()
	for !l.closed && (l.latest < 0 || l.version < version) {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

// Close stops the background goroutine and waits for it.
func (l *sortLoop[R, S]) Close() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.closed = true
	l.mu.Unlock()
	l.cond.Broadcast()
	<-l.done
}

// latestStats returns what the sort of the latest order reported.
func (l *sortLoop[R, S]) latestStats() S {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats
}

// run sorts whenever a request newer than the last finished one is waiting.
func (l *sortLoop[R, S]) run(sort func(req R, buf []uint32) ([]uint32, S)) {
	defer close(l.done)
	var sorted uint64
	for {
		l.mu.Lock()
		for !l.closed && l.requested == sorted {
			l.cond.Wait()
		}
		if l.closed {
			l.mu.Unlock()
			return
		}
		r, req := l.req, l.requested
		free := 0
		for free == l.latest || free == l.held {
			free++
		}
		buf := l.bufs[free]
		l.mu.Unlock()

		buf, stats := sort(r, buf)

		l.mu.Lock()
		l.bufs[free] = buf
		l.latest, l.version, l.stats = free, req, stats
		l.mu.Unlock()
		l.cond.Broadcast()
		sorted = req
	}
}
