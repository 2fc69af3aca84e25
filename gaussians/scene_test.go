package gaussians

import (
	"math"
	"strings"
	"testing"
)

func TestActivations(t *testing.T) {
	tests := []struct {
		name      string
		got, want float32
	}{
		{"sigmoid(0)", Sigmoid(0), 0.5},
		{"sigmoid(logit(0.2))", Sigmoid(Logit(0.2, 1e-6)), 0.2},
		{"logit clamps 0", Logit(0, 0.01), float32(math.Log(0.01 / 0.99))},
		{"logit clamps 1", Logit(1, 0.01), float32(math.Log(0.99 / 0.01))},
		{"colour of dc 0", ColorFromDC(0), 0.5},
		{"colour of dc 1", ColorFromDC(1), 0.5 + SHC0},
		{"dc of colour round trip", ColorFromDC(DCFromColor(0.9)), 0.9},
		{"SH rest coefficients deg 0", float32(SHRestCoeffs(0)), 0},
		{"SH rest coefficients deg 1", float32(SHRestCoeffs(1)), 3},
		{"SH rest coefficients deg 3", float32(SHRestCoeffs(3)), 15},
	}
	for _, tc := range tests {
		if !close32(tc.got, tc.want, 1e-6) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	q := NormalizeQuat([4]float32{2, 0, 0, 0})
	if q != [4]float32{1, 0, 0, 0} {
		t.Errorf("NormalizeQuat(2,0,0,0) = %v", q)
	}
	if q := NormalizeQuat([4]float32{}); q != [4]float32{1, 0, 0, 0} {
		t.Errorf("NormalizeQuat(0) = %v, want identity", q)
	}
	s := NewScene(1, 0)
	s.Scales[0], s.Scales[1], s.Scales[2] = 0, float32(math.Log(2)), -1
	if sc := s.Scale(0); !close32(sc[0], 1, 1e-6) || !close32(sc[1], 2, 1e-6) || !close32(sc[2], float32(math.Exp(-1)), 1e-6) {
		t.Errorf("Scale = %v", sc)
	}
}

func TestSanitize(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	tests := []struct {
		name    string
		spoil   func(s *Scene)
		dropped int
		warn    string
	}{
		{"clean", func(s *Scene) {}, 0, ""},
		{"NaN position", func(s *Scene) { s.Positions[3] = nan }, 1, "NaN, infinite"},
		{"Inf scale", func(s *Scene) { s.Scales[0] = -inf }, 1, "NaN, infinite"},
		{"NaN opacity and SH", func(s *Scene) { s.Opacities[2] = nan; s.SHRest[0] = inf }, 2, "2 Gaussians dropped"},
		{"zero quaternion", func(s *Scene) { copy(s.Rotations[4:8], []float32{0, 0, 0, 0}) }, 0, "zero rotation"},
	}
	for _, tc := range tests {
		s := randomScene(4, 1, 1)
		s.Extra = []Property{{Name: "id", Values: []float32{0, 1, 2, 3}}}
		tc.spoil(s)
		if got := s.Sanitize(); got != tc.dropped {
			t.Errorf("%s: dropped %d, want %d", tc.name, got, tc.dropped)
		}
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if s.N != 4-tc.dropped || len(s.Prop("id")) != s.N {
			t.Errorf("%s: N=%d, id=%v", tc.name, s.N, s.Prop("id"))
		}
		if w := strings.Join(s.Warnings, ";"); !strings.Contains(w, tc.warn) || (tc.warn == "" && w != "") {
			t.Errorf("%s: warnings %q, want %q", tc.name, w, tc.warn)
		}
	}
}

func TestCompactKeepsOrderAndExtras(t *testing.T) {
	s := randomScene(5, 2, 3)
	ref := randomScene(5, 2, 3)
	s.Extra = []Property{{Name: "k", Values: []float32{10, 11, 12, 13, 14}}}
	s.Compact([]bool{false, true, false, true, true})
	want := []int{1, 3, 4}
	if s.N != 3 || s.Check() != nil {
		t.Fatalf("N=%d check=%v", s.N, s.Check())
	}
	k3 := 3 * SHRestCoeffs(2)
	for j, i := range want {
		if s.Position(j) != ref.Position(i) || s.Prop("k")[j] != float32(10+i) ||
			s.SHRest[k3*j+k3-1] != ref.SHRest[k3*i+k3-1] {
			t.Errorf("slot %d does not hold Gaussian %d", j, i)
		}
	}
}

func TestRenderBuffersFromScene(t *testing.T) {
	s := randomScene(100, 3, 5)
	s.Positions[30] = float32(math.NaN())
	b := RenderBuffersFromScene(s)
	if b.N != 99 || b.Dropped != 1 {
		t.Fatalf("N=%d dropped=%d, want 99 and 1", b.N, b.Dropped)
	}
	// Gaussian 11 of s is slot 10 of b (Gaussian 10 had the NaN).
	if q := s.Rotation(11); [4]float32(b.Rotations[40:44]) != q {
		t.Errorf("rotation %v, want %v", b.Rotations[40:44], q)
	}
	if !close32(b.Opacities[10], s.Opacity(11), 1e-7) || !close32(b.Scales[30], s.Scale(11)[0], 1e-7) ||
		!close32(b.Colors[31], s.Color(11)[1], 1e-7) {
		t.Errorf("activations of Gaussian 11 wrong")
	}
}
