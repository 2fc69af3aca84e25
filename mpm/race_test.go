//go:build race

package mpm

// raceEnabled shortens the long physics tests under -race, where they run ~10× slower.
const raceEnabled = true
