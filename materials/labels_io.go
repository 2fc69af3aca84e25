package materials

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/mesh"
)

// NPYFiles names the per-Gaussian .npy arrays of a label set; empty paths are absent.
type NPYFiles struct {
	IDs        string // material ids: int8..int64, uint8..uint64, bool or float holding integers
	Confidence string
	Props      [NumFields]string // float32/float64 (any int type is accepted too)
	IDMap      string            // optional id → name side file (JSON or CSV)
}

// siblingPath is base_<suffix> beside an ids file base.npy.
func siblingPath(idsPath, suffix string) string {
	return strings.TrimSuffix(idsPath, filepath.Ext(idsPath)) + "_" + suffix
}

// NPYFilesFor lists the arrays that exist beside an ids file X.npy: X_confidence.npy,
// X_density.npy, X_youngs_modulus.npy, X_poisson_ratio.npy, X_friction.npy, X_hardness.npy and
// the id map X_names.json (or X_names.csv).
func NPYFilesFor(idsPath string) NPYFiles {
	f := NPYFiles{IDs: idsPath}
	exists := func(p string) string {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		return ""
	}
	f.Confidence = exists(siblingPath(idsPath, "confidence.npy"))
	for i, n := range FieldNames {
		f.Props[i] = exists(siblingPath(idsPath, n+".npy"))
	}
	f.IDMap = exists(IDMapPath(idsPath))
	if f.IDMap == "" {
		f.IDMap = exists(siblingPath(idsPath, "names.csv"))
	}
	return f
}

// IDMapPath is the side file SaveNPY and SavePLY write beside path: X_names.json.
func IDMapPath(path string) string { return siblingPath(path, "names.json") }

// LoadNPY reads labels for n Gaussians from .npy arrays. An array whose length is not n is an
// error naming the file, its length and n.
func LoadNPY(files NPYFiles, n int, t *Table) (*Labels, error) {
	var ids IDMap
	if files.IDMap != "" {
		var err error
		if ids, err = LoadIDMap(files.IDMap); err != nil {
			return nil, err
		}
	}
	read := func(path string) ([]float64, error) {
		a, err := ReadNPYFile(path)
		if err != nil {
			return nil, err
		}
		if len(a.Data) != n {
			return nil, fmt.Errorf("%s: %d values, but the scene has %d Gaussians", path, len(a.Data), n)
		}
		return a.Data, nil
	}
	raw, err := read(files.IDs)
	if err != nil {
		return nil, err
	}
	l := &Labels{Table: t, Sources: []string{files.IDs}}
	l.IDs = l.resolveIDs(raw, ids, files.IDs)
	f32 := func(v []float64) []float32 {
		out := make([]float32, len(v))
		for i, x := range v {
			out[i] = float32(x)
		}
		return out
	}
	if files.Confidence != "" {
		c, err := read(files.Confidence)
		if err != nil {
			return nil, err
		}
		l.Confidence = f32(c)
		l.Sources = append(l.Sources, files.Confidence)
	}
	for f, p := range files.Props {
		if p == "" {
			continue
		}
		v, err := read(p)
		if err != nil {
			return nil, err
		}
		l.Props[f] = f32(v)
		l.Sources = append(l.Sources, p)
	}
	l.sanitize(files.IDs)
	return l, nil
}

// LoadPLY reads a scene and its labels from a 3DGS PLY with a material_id property; idMapPath
// ("" for none: then X_names.json beside the PLY if it exists, else table ids) maps ids to names.
func LoadPLY(path, idMapPath string, t *Table, progress func(done, total int64)) (*gaussians.Scene, *Labels, error) {
	s, err := gaussians.Load(path, progress)
	if err != nil {
		return nil, nil, err
	}
	if idMapPath == "" {
		if _, err := os.Stat(IDMapPath(path)); err == nil {
			idMapPath = IDMapPath(path)
		}
	}
	var ids IDMap
	if idMapPath != "" {
		if ids, err = LoadIDMap(idMapPath); err != nil {
			return nil, nil, err
		}
	}
	l, err := FromScene(s, ids, t)
	if err != nil {
		return nil, nil, err
	}
	return s, l, nil
}

// WithLabels returns a shallow copy of s whose extra properties carry the labels (material_id
// as table ids, confidence if known, and the per-Gaussian overrides), replacing any old ones.
func WithLabels(s *gaussians.Scene, l *Labels) (*gaussians.Scene, error) {
	if err := l.Check(s.N); err != nil {
		return nil, err
	}
	out := *s
	out.Extra = nil
	for _, p := range s.Extra {
		if _, isField := fieldByName(p.Name); !isField && p.Name != IDProperty && p.Name != ConfidenceProperty {
			out.Extra = append(out.Extra, p)
		}
	}
	ids := make([]float32, len(l.IDs))
	for i, id := range l.IDs {
		ids[i] = float32(id) // exact: ids are below 2^24
	}
	out.Extra = append(out.Extra, gaussians.Property{Name: IDProperty, Values: ids})
	if l.Confidence != nil {
		out.Extra = append(out.Extra, gaussians.Property{Name: ConfidenceProperty, Values: l.Confidence})
	}
	for f, p := range l.Props {
		if p != nil {
			out.Extra = append(out.Extra, gaussians.Property{Name: FieldNames[f], Values: p})
		}
	}
	return &out, nil
}

// SavePLY writes s with the labels as PLY properties (through gaussians.Save: atomic, never
// over the scene's own file) and the id → name map to X_names.json beside it.
func SavePLY(path string, s *gaussians.Scene, l *Labels) error {
	ls, err := WithLabels(s, l)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if err := refuseSources(path, l); err != nil {
		return err
	}
	if err := gaussians.Save(path, ls); err != nil {
		return err
	}
	return mesh.WriteFileAtomic(IDMapPath(path), TableIDMap(l.Table).EncodeJSON)
}

// SaveNPY writes the ids as int32 to path (X.npy), the confidence and per-Gaussian overrides as
// float32 to X_confidence.npy, X_<field>.npy, and the id map to X_names.json; each atomically.
func SaveNPY(path string, l *Labels) error {
	if err := l.Check(len(l.IDs)); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if err := refuseSources(path, l); err != nil {
		return err
	}
	if err := mesh.WriteFileAtomic(path, func(w io.Writer) error { return WriteNPYInt32(w, l.IDs) }); err != nil {
		return err
	}
	if l.Confidence != nil {
		if err := mesh.WriteFileAtomic(siblingPath(path, "confidence.npy"), func(w io.Writer) error { return WriteNPYFloat32(w, l.Confidence) }); err != nil {
			return err
		}
	}
	for f, p := range l.Props {
		if p != nil {
			if err := mesh.WriteFileAtomic(siblingPath(path, FieldNames[f]+".npy"), func(w io.Writer) error { return WriteNPYFloat32(w, p) }); err != nil {
				return err
			}
		}
	}
	return mesh.WriteFileAtomic(IDMapPath(path), TableIDMap(l.Table).EncodeJSON)
}

// refuseSources refuses to write over a file the labels were read from.
func refuseSources(path string, l *Labels) error {
	for _, src := range l.Sources {
		if src != "" && sameFile(path, src) {
			return fmt.Errorf("%s: refusing to overwrite the input file", path)
		}
	}
	return nil
}

// sameFile reports whether a and b name the same file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(sa, sb)
}
