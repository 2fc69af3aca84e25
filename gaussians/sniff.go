package gaussians

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// IsSplatScene reports whether path is a Gaussian splat scene: a .splat or .spz file, or a .ply
// whose header describes Gaussians (3DGS properties such as f_dc_0, scale_0, opacity, rot_0, or
// PlayCanvas' packed_* layout) and no faces. A .ply with `element face`, a plain point cloud or
// an unreadable .ply is not (the mesh loader reads it, or reports its error).
func IsSplatScene(path string) bool {
	if !IsSplatFile(path) {
		return false
	}
	if strings.ToLower(filepath.Ext(path)) != ".ply" {
		return true
	}
	ok, _, err := SniffPLY(path)
	return err == nil && ok
}

// SniffPLY reads only the header of a PLY file and reports whether it holds Gaussians (see
// IsSplatScene) and the names of its extra vertex properties (beyond the 3DGS ones), which the
// render-buffer fast path skips but a panel may list.
func SniffPLY(path string) (splat bool, extra []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, nil, err
	}
	defer f.Close()
	// 64 KiB of buffer: a 3DGS SH-3 header is about 1.5 KiB; longer ones just take more reads.
	h, err := readPLYHeader(bufio.NewReaderSize(f, 64<<10), path)
	if err != nil {
		return false, nil, err
	}
	gaussian := false
	for _, e := range h.elements {
		switch e.name {
		case "face":
			return false, nil, nil
		case "vertex":
			for _, p := range e.props {
				n := p.name
				if n == "f_dc_0" || n == "scale_0" || n == "opacity" || n == "rot_0" || strings.HasPrefix(n, "packed_") {
					gaussian = true
				}
				if !isCoreProp(n) && !strings.HasPrefix(n, "packed_") {
					extra = append(extra, n)
				}
			}
		}
	}
	if !gaussian {
		return false, nil, nil
	}
	return true, extra, nil
}
