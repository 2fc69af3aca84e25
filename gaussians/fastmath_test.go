package gaussians

import (
	"math"
	"testing"
)

func TestExpf(t *testing.T) {
	worst := 0.0
	for x := -103.0; x <= 88.7; x += 0.000731 {
		want := math.Exp(float64(float32(x)))
		got := float64(expf(float32(x)))
		if want < 1e-37 { // float32 subnormals carry fewer bits; compare absolutely
			if math.Abs(got-want) > 1e-44 {
				t.Fatalf("expf(%v) = %v, want %v", x, got, want)
			}
			continue
		}
		worst = math.Max(worst, math.Abs(got-want)/want)
	}
	if worst > 2e-7 {
		t.Errorf("worst relative error %.3g, want ≤ 2e-7", worst)
	}
	tests := []struct{ x, want float32 }{
		{0, 1}, {float32(math.Inf(1)), float32(math.Inf(1))}, {float32(math.Inf(-1)), 0}, {100, float32(math.Inf(1))}, {-200, 0},
	}
	for _, tc := range tests {
		if got := expf(tc.x); got != tc.want {
			t.Errorf("expf(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	if v := expf(float32(math.NaN())); v == v {
		t.Errorf("expf(NaN) = %v", v)
	}
	if !close32(sigmoidf(2), Sigmoid(2), 1e-7) || sigmoidf(-200) != 0 || sigmoidf(200) != 1 {
		t.Errorf("sigmoidf wrong")
	}
}
