package gaussians

import "testing"

// TestHideMask: an index mask hides its Gaussians in FilterMask and Filter, alone or with a
// crop box, and options with different masks differ (the sorter rebuilds on change).
func TestHideMask(t *testing.T) {
	s := NewScene(6, 0)
	for i := 0; i < 6; i++ {
		s.Positions[3*i] = float32(i)
		s.Rotations[4*i] = 1
		s.Opacities[i] = 5
	}
	b := RenderBuffersFromScene(s)
	m := &HideMask{Hidden: []bool{true, false, true, false, false}} // shorter than N: the rest kept
	for _, c := range []struct {
		o    FilterOptions
		kept int
	}{
		{FilterOptions{Mask: m}, 4},
		{FilterOptions{Mask: m, Box: true, Min: [3]float32{1.5, -1, -1}, Max: [3]float32{9, 1, 1}}, 3},
		{FilterOptions{Mask: &HideMask{}}, 6},
	} {
		hidden, kept := FilterMask(b, c.o, nil)
		if kept != c.kept {
			t.Errorf("%v: kept %d, want %d", c.o, kept, c.kept)
		}
		if c.o.Mask.Hides(0) && !hidden[0] {
			t.Errorf("%v: Gaussian 0 not hidden", c.o)
		}
		if out, removed := Filter(s, c.o); out.N != c.kept || removed != 6-c.kept {
			t.Errorf("%v: Filter kept %d removed %d", c.o, out.N, removed)
		}
	}
	if (FilterOptions{Mask: m}) == (FilterOptions{Mask: &HideMask{Hidden: m.Hidden}}) {
		t.Errorf("options with different mask pointers compare equal")
	}
	var none *HideMask
	if none.Hides(0) || m.Hides(-1) || m.Hides(99) {
		t.Errorf("nil mask or out-of-range index hides")
	}
}
