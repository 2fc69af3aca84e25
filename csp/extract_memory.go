package csp

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

const (
	// extractBytesPerNode is the lattice's cost per node: closest point (12 B), distance (4 B),
	// octree mark (1 B), the open mode's cell → vertex map (4 B) and, for inexact fields, its
	// standoff directions (3 B).
	extractBytesPerNode = 12 + 4 + 1 + 4 + 3
	// extractBytesPerArea is the output's cost per res² of surface: a shape's surface crosses
	// at most a few res² cells; 400 B covers ~6 res² triangles with their vertices and scratch.
	extractBytesPerArea = 400
)

// ExtractMemory estimates the bytes Extract needs at resolution res.
func ExtractMemory(res int) int64 {
	r := int64(res)
	return r*r*r*extractBytesPerNode + r*r*extractBytesPerArea
}

// memAvailable returns the memory the kernel says is available (Linux /proc/meminfo
// MemAvailable); ok is false where that is unknown. A variable so tests can pretend.
var memAvailable = func() (int64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			fs := strings.Fields(rest)
			if len(fs) == 0 {
				return 0, false
			}
			kb, err := strconv.ParseInt(fs[0], 10, 64)
			if err != nil {
				return 0, false
			}
			return kb * 1024, true
		}
	}
	return 0, false
}

// CheckExtractMemory refuses a resolution whose estimate exceeds the available memory.
func CheckExtractMemory(res int) error {
	need := ExtractMemory(res)
	avail, ok := memAvailable()
	if ok && need > avail {
		return fmt.Errorf("resolution %d needs about %s of memory, only %s is available: lower --res", res, gib(need), gib(avail))
	}
	return nil
}

func gib(b int64) string { return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30)) }
