package gaussians

import (
	"math"
	"time"

	"github.com/go-gl/mathgl/mgl32"
)

// FilteredSorter is a background depth sorter (like Sorter) whose orders leave out the
// Gaussians a FilterOptions hides, so crop boxes and floater filters cost the frame nothing:
// the frame calls Request with its view and filter and draws with Latest, the last finished
// order of the visible, unfiltered Gaussians. Requests made while a sort runs collapse into the
// newest one.
type FilteredSorter struct {
	sortLoop[filteredRequest, filteredStats]
}

// filteredRequest is what a FilteredSorter request carries.
type filteredRequest struct {
	view mgl32.Mat4
	opts FilterOptions
}

// filteredStats is what a FilteredSorter sort reports.
type filteredStats struct {
	took time.Duration // wall time of the sort (mask included when it was rebuilt)
	kept int           // Gaussians passing the filter
}

// NewFilteredSorter starts a sorter over b (whose arrays must not change while it lives; its
// positions, opacities and scales are read, never written). Close stops its goroutine.
func NewFilteredSorter(b *RenderBuffers) *FilteredSorter {
	s := &FilteredSorter{}
	var ds DepthSorter
	var hidden []bool
	var maskOpts FilterOptions
	kept, haveMask := b.N, false
	nan := float32(math.NaN())
	s.start(func(r filteredRequest, buf []uint32) ([]uint32, filteredStats) {
		t0 := time.Now()
		if !haveMask || r.opts != maskOpts {
			hidden, kept = FilterMask(b, r.opts, hidden)
			maskOpts, haveMask = r.opts, true
		}
		d := ds.Depths(b.Positions, r.view)
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
		return buf, filteredStats{took: time.Since(t0), kept: kept}
	})
	return s
}

// Request asks for the order seen through a GL view matrix with filter o; it never blocks on a sort.
func (s *FilteredSorter) Request(view mgl32.Mat4, o FilterOptions) {
	s.request(filteredRequest{view: view, opts: o})
}

// Stats returns the last sort's wall time and how many Gaussians passed its filter.
func (s *FilteredSorter) Stats() (took time.Duration, kept int) {
	st := s.latestStats()
	return st.took, st.kept
}
