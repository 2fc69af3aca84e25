package mpm_test

import (
	"fmt"

	"github.com/splatscope/splatscope/mpm"
)

// ExampleFromPoints drops a small jelly cube onto a slip ground.
func ExampleFromPoints() {
	var pts []float32
	for i := 0; i < 8; i++ {
		for j := 0; j < 8; j++ {
			for k := 0; k < 8; k++ {
				pts = append(pts, 0.4+float32(i)*0.025, 0.3+float32(j)*0.025, 0.4+float32(k)*0.025)
			}
		}
	}
	jelly, _ := mpm.Lookup("jelly")
	s, err := mpm.FromPoints(pts, nil, []mpm.Material{jelly}, mpm.Options{
		Domain:  mpm.Box{Max: [3]float32{1, 1, 1}},
		Dx:      0.05, // 2 points per cell per axis: PerCell 8
		Gravity: [3]float32{0, -9.8, 0},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := s.Advance(0.5); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d particles; lowest point above the ground: %v\n", s.P.Len(), lowest(s) > -0.05)
	// Output: 512 particles; lowest point above the ground: true
}

func lowest(s *mpm.Solver) float32 {
	y := float32(1)
	for i := 0; i < s.P.Len(); i++ {
		y = min(y, s.Position(i).Y())
	}
	return y
}
