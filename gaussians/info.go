package gaussians

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Info summarises a splat scene for `splatscope info` (text through Format, or JSON).
type Info struct {
	Path        string     `json:"path,omitempty"`
	FileFormat  string     `json:"format,omitempty"`
	Bytes       int64      `json:"bytes,omitempty"`
	Count       int        `json:"count"`
	SHDegree    int        `json:"sh_degree"`
	BoundsMin   [3]float32 `json:"bounds_min"`
	BoundsMax   [3]float32 `json:"bounds_max"`
	Extra       []string   `json:"extra_properties"`
	Antialiased bool       `json:"antialiased,omitempty"`
	Warnings    []string   `json:"warnings,omitempty"`
}

// formatNames maps extensions to the format names Info reports.
var formatNames = map[string]string{".ply": "3DGS PLY", ".splat": "antimatter15 .splat", ".spz": "Niantic SPZ"}

// Describe summarises s; the path, format and size come from s.Source when it names a file.
func Describe(s *Scene) Info {
	lo, hi := s.Bounds()
	in := Info{Path: s.Source, Count: s.N, SHDegree: s.SHDegree, BoundsMin: lo, BoundsMax: hi,
		Extra: s.ExtraNames(), Antialiased: s.Antialiased, Warnings: s.Warnings}
	if s.Source != "" {
		in.FileFormat = formatNames[strings.ToLower(filepath.Ext(s.Source))]
		if st, err := os.Stat(s.Source); err == nil {
			in.Bytes = st.Size()
		}
	}
	return in
}

// Format renders the summary as a few human-readable lines.
func (in Info) Format() string {
	var b strings.Builder
	if in.Path != "" {
		fmt.Fprintf(&b, "file:        %s\n", in.Path)
	}
	if in.FileFormat != "" {
		fmt.Fprintf(&b, "format:      %s (%d bytes)\n", in.FileFormat, in.Bytes)
	}
	fmt.Fprintf(&b, "gaussians:   %d\n", in.Count)
	fmt.Fprintf(&b, "SH degree:   %d\n", in.SHDegree)
	fmt.Fprintf(&b, "bounds:      x %.6g … %.6g, y %.6g … %.6g, z %.6g … %.6g\n",
		in.BoundsMin[0], in.BoundsMax[0], in.BoundsMin[1], in.BoundsMax[1], in.BoundsMin[2], in.BoundsMax[2])
	extra := "none"
	if len(in.Extra) > 0 {
		extra = strings.Join(in.Extra, " ")
	}
	fmt.Fprintf(&b, "extra props: %s\n", extra)
	if in.Antialiased {
		b.WriteString("antialiased: yes\n")
	}
	for _, w := range in.Warnings {
		fmt.Fprintf(&b, "warning:     %s\n", w)
	}
	return b.String()
}

// String is Format, so an Info prints as its summary.
func (in Info) String() string { return in.Format() }
