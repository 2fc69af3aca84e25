package mesh

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Info is the summary `splatscope info` prints for a mesh, also written as JSON.
type Info struct {
	File                string     `json:"file"`
	FileFormat          string     `json:"format"` // named so that it does not clash with the Format method
	Vertices            int        `json:"vertices"`
	Triangles           int        `json:"triangles"` // after triangulation
	Materials           int        `json:"materials"`
	TexturesFound       int        `json:"textures_found"`
	TexturesMissing     []string   `json:"textures_missing"`
	BBoxMin             [3]float32 `json:"bbox_min"`
	BBoxMax             [3]float32 `json:"bbox_max"`
	BoundaryEdges       int        `json:"boundary_edges"`
	NonManifoldEdges    int        `json:"non_manifold_edges"`
	ReversedTwins       int        `json:"reversed_twins"`
	DuplicateTriangles  int        `json:"duplicate_triangles"`
	DegenerateTriangles int        `json:"degenerate_triangles"`
	Parts               int        `json:"parts"`
	Lines               int        `json:"lines"`
	Warnings            []string   `json:"warnings"`
}

// Describe summarises m; format names the file format ("" guesses it from m.Source's extension).
func Describe(m *Mesh, format string) Info {
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(m.Source)), ".")
	}
	tp := Analyze(m)
	in := Info{
		File: m.Source, FileFormat: format,
		Vertices: len(m.Positions), Triangles: len(m.Triangles), Materials: len(m.Materials),
		TexturesMissing:  []string{},
		BoundaryEdges:    tp.BoundaryEdges,
		NonManifoldEdges: tp.NonManifoldEdges, ReversedTwins: tp.ReversedTwins,
		DuplicateTriangles: tp.DuplicateTriangles, DegenerateTriangles: tp.DegenerateTriangles,
		Parts: tp.Parts, Lines: len(m.Lines), Warnings: append([]string{}, m.Warnings...),
	}
	if lo, hi, ok := m.Bounds(); ok {
		in.BBoxMin, in.BBoxMax = lo, hi
	}
	found, missing := map[string]bool{}, map[string]bool{}
	for _, mat := range m.Materials {
		switch {
		case mat.MapKd == "":
		case mat.TexturePath != "":
			found[mat.TexturePath] = true
		case !missing[mat.MapKd]:
			missing[mat.MapKd] = true
			in.TexturesMissing = append(in.TexturesMissing, mat.MapKd)
		}
	}
	in.TexturesFound = len(found)
	return in
}

// Format renders the summary as aligned "key: value" lines.
func (in Info) Format() string {
	f3 := func(v [3]float32) string { return fmt.Sprintf("%g %g %g", v[0], v[1], v[2]) }
	rows := [][2]string{
		{"file", in.File},
		{"format", in.FileFormat},
		{"vertices", fmt.Sprint(in.Vertices)},
		{"triangles", fmt.Sprint(in.Triangles)},
		{"materials", fmt.Sprint(in.Materials)},
		{"textures found", fmt.Sprint(in.TexturesFound)},
		{"textures missing", fmt.Sprint(len(in.TexturesMissing))},
		{"bbox min", f3(in.BBoxMin)},
		{"bbox max", f3(in.BBoxMax)},
		{"boundary edges", fmt.Sprint(in.BoundaryEdges)},
		{"non-manifold edges", fmt.Sprint(in.NonManifoldEdges)},
		{"reversed twins", fmt.Sprint(in.ReversedTwins)},
		{"duplicate triangles", fmt.Sprint(in.DuplicateTriangles)},
		{"degenerate triangles", fmt.Sprint(in.DegenerateTriangles)},
		{"parts", fmt.Sprint(in.Parts)},
		{"lines", fmt.Sprint(in.Lines)},
		{"warnings", fmt.Sprint(len(in.Warnings))},
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%-*s %s\n", width+1, r[0]+":", r[1])
	}
	for _, t := range in.TexturesMissing {
		fmt.Fprintf(&b, "  missing texture: %s\n", t)
	}
	for _, w := range in.Warnings {
		fmt.Fprintf(&b, "  warning: %s\n", w)
	}
	return b.String()
}
