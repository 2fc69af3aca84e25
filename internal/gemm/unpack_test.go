package gemm

import "testing"

// TestUnpack: Unpack returns exactly what Pack was given, for widths around the panel sizes.
func TestUnpack(t *testing.T) {
	for _, c := range []struct{ in, out int }{{1, 1}, {3, 8}, {5, 17}, {59, 128}, {128, 6}} {
		W, b := make([]float32, c.in*c.out), make([]float32, c.out)
		for i := range W {
			W[i] = float32(i)*0.5 - 3
		}
		for i := range b {
			b[i] = float32(i) + 0.25
		}
		l := Pack(W, b, c.in, c.out)
		gw, gb := l.Unpack()
		if len(gw) != len(W) || len(gb) != len(b) {
			t.Fatalf("%dx%d: lengths %d, %d", c.out, c.in, len(gw), len(gb))
		}
		for i := range W {
			if gw[i] != W[i] {
				t.Fatalf("%dx%d: W[%d] = %v, want %v", c.out, c.in, i, gw[i], W[i])
			}
		}
		for i := range b {
			if gb[i] != b[i] {
				t.Fatalf("%dx%d: b[%d] = %v, want %v", c.out, c.in, i, gb[i], b[i])
			}
		}
	}
}
