package gaussians

import "github.com/go-gl/mathgl/mgl32"

// Sorter depth-sorts a scene in a background goroutine so a frame never waits for a sort:
// the frame calls Request with its view matrix and draws with Latest, the last finished order
// (indices of the Gaussians in front of the near-cull plane). Requests made while a sort runs
// collapse into the newest one.
type Sorter struct {
	sortLoop[mgl32.Mat4, struct{}]
}

// NewSorter starts a sorter over the centres (3N floats, read but never written; the caller must
// not change them while the sorter lives). Close stops its goroutine.
func NewSorter(positions []float32) *Sorter {
	s := &Sorter{}
	var ds DepthSorter
	s.start(func(view mgl32.Mat4, buf []uint32) ([]uint32, struct{}) {
		return ds.Order(positions, view, buf), struct{}{}
	})
	return s
}

// Request asks for the order seen through a GL view matrix; it never blocks on a sort.
func (s *Sorter) Request(view mgl32.Mat4) { s.request(view) }
