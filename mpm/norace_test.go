//go:build !race

package mpm

const raceEnabled = false
