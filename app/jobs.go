package app

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
)

// Work is the body of a background job. It reports progress in [0, 1] and returns a function
// that applies its result on the main (GL) thread, or an error.
type Work func(ctx context.Context, progress func(fraction float64)) (apply func() error, err error)

// Job is one background task (loading, exporting) shown with a progress bar and a cancel button.
type Job struct {
	Name     string
	ctx      context.Context
	cancel   context.CancelFunc
	progress atomic.Uint64 // math.Float64bits of the fraction done
	stopped  atomic.Bool   // Cancel was called
}

// Progress is the fraction done in [0, 1].
func (j *Job) Progress() float64 { return math.Float64frombits(j.progress.Load()) }

// Cancel asks the job to stop; its result, if it still arrives, is dropped.
func (j *Job) Cancel() {
	j.stopped.Store(true)
	j.cancel()
}

// Cancelled reports whether Cancel was called.
func (j *Job) Cancelled() bool { return j.stopped.Load() }

// JobResult is a finished job as delivered to the main loop.
type JobResult struct {
	Job   *Job
	Apply func() error
	Err   error
}

// Jobs runs background work and hands finished results to the main loop through a channel,
// so results are only ever applied on the GL thread.
type Jobs struct {
	running []*Job
	results chan JobResult
}

// NewJobs makes an empty job list.
func NewJobs() *Jobs {
	// 16 slots: finishing goroutines never block on a busy frame; more in flight is unusual.
	return &Jobs{results: make(chan JobResult, 16)}
}

// Start runs work in a goroutine and returns its Job.
func (js *Jobs) Start(name string, work Work) *Job {
	ctx, cancel := context.WithCancel(context.Background())
	j := &Job{Name: name, ctx: ctx, cancel: cancel}
	js.running = append(js.running, j)
	go func() {
		defer func() {
			if r := recover(); r != nil { // a loader bug must not take the viewer down
				js.results <- JobResult{Job: j, Err: errors.New(name + ": internal error: " + panicText(r))}
			}
		}()
		apply, err := work(ctx, func(f float64) {
			if f < 0 || f != f {
				f = 0
			}
			if f > 1 {
				f = 1
			}
			j.progress.Store(math.Float64bits(f))
		})
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		js.results <- JobResult{Job: j, Apply: apply, Err: err}
	}()
	return j
}

// Running lists the jobs not yet finished (cancelled ones vanish at once).
func (js *Jobs) Running() []*Job {
	live := js.running[:0]
	for _, j := range js.running {
		if !j.Cancelled() {
			live = append(live, j)
		}
	}
	js.running = live
	return live
}

// isRunning reports whether j (possibly nil) is still listed as running.
func (js *Jobs) isRunning(j *Job) bool {
	for _, r := range js.Running() {
		if r == j {
			return true
		}
	}
	return false
}

// Busy reports whether any job is running.
func (js *Jobs) Busy() bool { return len(js.Running()) > 0 }

// CancelAll cancels every running job.
func (js *Jobs) CancelAll() {
	for _, j := range js.running {
		j.Cancel()
	}
	js.Running()
}

// Poll returns the results that arrived since the last call, without blocking. Results of
// cancelled jobs are dropped.
func (js *Jobs) Poll() []JobResult {
	var out []JobResult
	for {
		select {
		case r := <-js.results:
			js.remove(r.Job)
			r.Job.cancel() // release the context's resources; the job is over
			if r.Job.Cancelled() {
				continue
			}
			out = append(out, r)
		default:
			return out
		}
	}
}

func (js *Jobs) remove(j *Job) {
	for i, r := range js.running {
		if r == j {
			js.running = append(js.running[:i], js.running[i+1:]...)
			return
		}
	}
}

func panicText(r interface{}) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	if s, ok := r.(string); ok {
		return s
	}
	return "panic"
}
