package mesh

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// ShapeNetIndex lists the categories and models of a ShapeNetCore tree (v1 or v2 layout, see
// shared/data/SHAPENET.md). Opening reads directories and stats one file per model, in parallel;
// no model file is opened. The index is read-only after OpenShapeNet, so any goroutine may use it.
type ShapeNetIndex struct {
	Root string
	// Version is 2 for <synset>/<id>/models/model_normalized.obj, 1 for <synset>/<id>/model.obj.
	Version int
	// Categories are the synset folders found, sorted by synset id.
	Categories []ShapeNetCategory
	// Warnings are non-fatal problems (no or bad taxonomy.json, unreadable folders).
	Warnings []string
	byID     map[string]int
}

// ShapeNetCategory is one synset folder.
type ShapeNetCategory struct {
	SynsetID string
	// Name is the first WordNet lemma ("car"); FullName the whole lemma list from taxonomy.json.
	// Both are the synset id when taxonomy.json does not list the folder.
	Name, FullName string
	// NumInstances is what taxonomy.json claims (0 when not listed); InTaxonomy whether it is.
	NumInstances int
	InTaxonomy   bool
	// Models are all model folders, usable or not, sorted by id; Usable counts the usable ones.
	Models []ShapeNetModel
	Usable int
}

// ShapeNetModel is one model folder.
type ShapeNetModel struct {
	ID, Synset string
	Dir        string
	// OBJ is the model's OBJ file, "" when the folder is unusable; Reason then says why.
	OBJ    string
	Reason string
}

// IsUsable reports whether the model folder holds its OBJ file.
func (m ShapeNetModel) IsUsable() bool { return m.OBJ != "" }

// shapeNetVersionProbe is how many model folders are probed to tell v1 from v2: enough to step
// over the few v2 folders that lack models/.
const shapeNetVersionProbe = 32

// shapeNetWorkers stats model folders in parallel: on network or cold disks each stat waits on I/O.
const shapeNetWorkers = 8

// OpenShapeNet indexes the ShapeNetCore tree at root (the folder holding taxonomy.json and the
// 8-digit synset folders).
func OpenShapeNet(root string) (*ShapeNetIndex, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	ix := &ShapeNetIndex{Root: root, byID: map[string]int{}}
	tax := ix.readTaxonomy()
	for _, e := range entries {
		if !isSynsetID(e.Name()) || !isDir(root, e) {
			continue
		}
		c := ShapeNetCategory{SynsetID: e.Name(), Name: e.Name(), FullName: e.Name()}
		if t, ok := tax[c.SynsetID]; ok {
			c.FullName, c.NumInstances, c.InTaxonomy = t.Name, t.NumInstances, true
			c.Name, _, _ = strings.Cut(t.Name, ",")
		}
		dir := filepath.Join(root, c.SynsetID)
		models, err := os.ReadDir(dir)
		if err != nil {
			ix.Warnings = append(ix.Warnings, err.Error())
		}
		for _, me := range models {
			if strings.HasPrefix(me.Name(), ".") || !isDir(dir, me) {
				continue // <synset>.csv, zips and hidden files are not models
			}
			c.Models = append(c.Models, ShapeNetModel{ID: me.Name(), Synset: c.SynsetID, Dir: filepath.Join(dir, me.Name())})
		}
		sort.Slice(c.Models, func(i, j int) bool { return c.Models[i].ID < c.Models[j].ID })
		ix.Categories = append(ix.Categories, c)
	}
	if len(ix.Categories) == 0 {
		return nil, fmt.Errorf("%s: no ShapeNet synset folders (8-digit names) found", root)
	}
	sort.Slice(ix.Categories, func(i, j int) bool { return ix.Categories[i].SynsetID < ix.Categories[j].SynsetID })
	for i, c := range ix.Categories {
		ix.byID[c.SynsetID] = i
	}
	ix.Version = ix.detectVersion()
	ix.checkModels()
	return ix, nil
}

// shapeNetTaxon is one taxonomy.json record.
type shapeNetTaxon struct {
	SynsetID     string   `json:"synsetId"`
	Name         string   `json:"name"`
	Children     []string `json:"children"`
	NumInstances int      `json:"numInstances"`
}

// readTaxonomy reads root/taxonomy.json into a map by synset id; problems become warnings.
func (ix *ShapeNetIndex) readTaxonomy() map[string]shapeNetTaxon {
	out := map[string]shapeNetTaxon{}
	path := filepath.Join(ix.Root, "taxonomy.json")
	b, err := os.ReadFile(path)
	if err != nil {
		ix.Warnings = append(ix.Warnings, fmt.Sprintf("%s: no taxonomy (%v); categories are named by synset id", path, errors.Unwrap(err)))
		return out
	}
	var recs []shapeNetTaxon
	if err := json.Unmarshal(b, &recs); err != nil {
		ix.Warnings = append(ix.Warnings, fmt.Sprintf("%s: %v; categories are named by synset id", path, err))
		return out
	}
	for _, r := range recs {
		out[r.SynsetID] = r
	}
	return out
}

// isSynsetID reports whether s is a WordNet synset offset as ShapeNet names its folders: 8 digits.
func isSynsetID(s string) bool {
	if len(s) != 8 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isDir reports whether entry e of dir is a directory, following symbolic links.
func isDir(dir string, e os.DirEntry) bool {
	if e.Type()&os.ModeSymlink != 0 {
		st, err := os.Stat(filepath.Join(dir, e.Name()))
		return err == nil && st.IsDir()
	}
	return e.IsDir()
}

// objFor returns the OBJ path a model folder holds in the given layout.
func objFor(dir string, version int) string {
	if version == 1 {
		return filepath.Join(dir, "model.obj")
	}
	return filepath.Join(dir, "models", "model_normalized.obj")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// detectVersion probes the first model folders of each category for either layout.
func (ix *ShapeNetIndex) detectVersion() int {
	probed := 0
	for _, c := range ix.Categories {
		for _, m := range c.Models {
			if probed >= shapeNetVersionProbe {
				return 2
			}
			probed++
			if exists(objFor(m.Dir, 2)) {
				return 2
			}
			if exists(objFor(m.Dir, 1)) {
				return 1
			}
		}
	}
	return 2 // the common layout; every folder will be listed as unusable with its reason
}

// checkModels stats every model's OBJ in parallel and fills OBJ or Reason, and the Usable counts.
func (ix *ShapeNetIndex) checkModels() {
	type job struct{ c, m int }
	jobs := make(chan job, 256)
	var wg sync.WaitGroup
	for w := 0; w < shapeNetWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				m := &ix.Categories[j.c].Models[j.m] // each job owns its element
				if p := objFor(m.Dir, ix.Version); exists(p) {
					m.OBJ = p
				} else {
					m.Reason = unusableReason(m.Dir, ix.Version)
				}
			}
		}()
	}
	for c := range ix.Categories {
		for m := range ix.Categories[c].Models {
			jobs <- job{c, m}
		}
	}
	close(jobs)
	wg.Wait()
	for c := range ix.Categories {
		cat := &ix.Categories[c]
		for _, m := range cat.Models {
			if m.IsUsable() {
				cat.Usable++
			}
		}
	}
}

// unusableReason says what a model folder lacks.
func unusableReason(dir string, version int) string {
	if version == 1 {
		return "no model.obj"
	}
	if !exists(filepath.Join(dir, "models")) {
		return "no models/ folder"
	}
	return "no models/model_normalized.obj"
}

// Category returns the category of a synset id, or nil.
func (ix *ShapeNetIndex) Category(synset string) *ShapeNetCategory {
	i, ok := ix.byID[synset]
	if !ok {
		return nil
	}
	return &ix.Categories[i]
}

// Model returns a model by synset and id.
func (ix *ShapeNetIndex) Model(synset, id string) (ShapeNetModel, bool) {
	c := ix.Category(synset)
	if c == nil {
		return ShapeNetModel{}, false
	}
	i := sort.Search(len(c.Models), func(i int) bool { return c.Models[i].ID >= id })
	if i < len(c.Models) && c.Models[i].ID == id {
		return c.Models[i], true
	}
	return ShapeNetModel{}, false
}

// Next returns the usable model after id in its category, wrapping around to the first; an id
// not in the category gives the first usable model after where it would sort.
func (ix *ShapeNetIndex) Next(synset, id string) (ShapeNetModel, bool) { return ix.step(synset, id, 1) }

// Prev returns the usable model before id in its category, wrapping around to the last.
func (ix *ShapeNetIndex) Prev(synset, id string) (ShapeNetModel, bool) {
	return ix.step(synset, id, -1)
}

func (ix *ShapeNetIndex) step(synset, id string, dir int) (ShapeNetModel, bool) {
	c := ix.Category(synset)
	if c == nil || c.Usable == 0 {
		return ShapeNetModel{}, false
	}
	n := len(c.Models)
	i := sort.Search(n, func(i int) bool { return c.Models[i].ID >= id })
	if dir > 0 && i < n && c.Models[i].ID == id {
		i++ // start after the current model
	}
	if dir < 0 {
		i-- // the model just before id, whether or not id is present
	}
	for k := 0; k < n; k++ {
		m := c.Models[((i+dir*k)%n+n)%n]
		if m.IsUsable() {
			return m, true
		}
	}
	return ShapeNetModel{}, false
}
