package mesh

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// maxListedNames bounds how many names one warning lists before "and N more".
const maxListedNames = 3

// bindMaterials loads the mtllib files (when the OBJ is a file on disk, so relative paths
// mean something), builds m.Materials from their definitions plus a default material for
// each name used but not defined, renumbers TriMaterial, and loads the textures.
func (p *objParser) bindMaterials() {
	var defined []Material
	if len(p.mtllibs) > 0 && isRegularFile(p.name) {
		dir := filepath.Dir(p.name)
		cache := map[string]textureResult{}
		for _, lib := range p.mtllibs {
			for _, path := range p.mtlPaths(dir, lib) {
				defined = append(defined, p.loadMTL(path, cache)...)
			}
		}
	}
	if len(defined) == 0 && len(p.matNames) == 0 {
		return
	}
	byName := make(map[string]int32, len(defined))
	for k := len(defined) - 1; k >= 0; k-- { // first definition of a repeated name wins
		byName[defined[k].Name] = int32(k)
	}
	mats := defined
	remap := make([]int32, len(p.matNames))
	var undefined []string
	for k, name := range p.matNames {
		if j, ok := byName[name]; ok {
			remap[k] = j
			continue
		}
		remap[k] = int32(len(mats))
		mats = append(mats, defaultMaterial(name))
		undefined = append(undefined, name)
	}
	// A missing mtllib was already reported: its names being undefined is no news.
	if len(undefined) > 0 && len(p.mtllibs) > 0 && !p.mtlMissing && isRegularFile(p.name) {
		p.warn("%s: %d materials used but not defined, shown with the default material: %s",
			p.name, len(undefined), listNames(undefined))
	}
	for t, k := range p.m.TriMaterial {
		if k >= 0 {
			p.m.TriMaterial[t] = remap[k]
		}
	}
	for k := range mats {
		mats[k].Name = validName(mats[k].Name)
	}
	p.m.Materials = mats
}

// mtlPaths resolves one mtllib record: the whole text as one file name (names may hold
// spaces), else each field as a file. Missing files become warnings.
func (p *objParser) mtlPaths(dir, lib string) []string {
	if path, ok := resolvePath(dir, lib); ok {
		return []string{path}
	}
	fields := strings.Fields(lib)
	p.mtlMissing = true
	if len(fields) <= 1 {
		p.warn("%s: mtllib %s not found; its materials use defaults", p.name, quoteToken([]byte(lib)))
		return nil
	}
	var paths []string
	for _, f := range fields {
		if path, ok := resolvePath(dir, f); ok {
			paths = append(paths, path)
		} else {
			p.warn("%s: mtllib %s not found; its materials use defaults", p.name, quoteToken([]byte(f)))
		}
	}
	return paths
}

// loadMTL reads one MTL file and its textures; failures become warnings.
func (p *objParser) loadMTL(path string, cache map[string]textureResult) []Material {
	f, err := os.Open(path)
	if err != nil {
		p.warn("%v; its materials use defaults", err)
		return nil
	}
	defer f.Close()
	mats, warns, err := ReadMTL(f, path)
	p.m.Warnings = append(p.m.Warnings, warns...)
	if err != nil {
		p.warn("%v; materials from it after that line use defaults", err)
	}
	dir := filepath.Dir(path)
	for k := range mats {
		m := &mats[k]
		if m.MapKd == "" {
			continue
		}
		tp, ok := resolveTexture(dir, m.MapKd)
		if !ok {
			p.warn("%s: material %s: texture %s not found", path, quoteToken([]byte(validName(m.Name))), quoteToken([]byte(m.MapKd)))
			continue
		}
		r, seen := cache[tp]
		if !seen {
			r.img, r.err = loadImage(tp)
			cache[tp] = r
		}
		if r.err != nil {
			p.warn("%s: material %s: %v", path, quoteToken([]byte(validName(m.Name))), r.err)
			continue
		}
		m.TexturePath, m.Texture = tp, r.img
	}
	return mats
}

// textureResult caches one decoded texture so materials sharing it decode it once.
type textureResult struct {
	img image.Image
	err error
}

// listNames renders up to maxListedNames quoted names, then a count of the rest.
func listNames(names []string) string {
	var b strings.Builder
	for k, n := range names {
		if k == maxListedNames {
			fmt.Fprintf(&b, " and %d more", len(names)-k)
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteToken([]byte(validName(n))))
	}
	return b.String()
}

// validName returns s as valid UTF-8: bytes that are not UTF-8 are read as Latin-1 (the
// usual encoding of such names), so distinct names stay distinct and printable.
func validName(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = rune(s[i])
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}
