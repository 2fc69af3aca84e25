package mesh

import (
	"bufio"
	"fmt"
	"image"
	_ "image/jpeg" // map_Kd textures: JPEG (ShapeNet's images/textureN.jpg)
	_ "image/png"  // map_Kd textures: PNG
	"os"
	"path"
	"path/filepath"
	"strings"
)

// textureExts are the image extensions tried when a texture's own extension is not on disk.
var textureExts = []string{".png", ".jpg", ".jpeg", ".tga"}

// resolveTexture finds the file a map_Kd path refers to, relative to the MTL's folder dir:
// the path as written, with backslashes as slashes, matched case-insensitively component by
// component, then with another image extension, then by base name alone in dir.
func resolveTexture(dir, ref string) (string, bool) {
	if p, ok := resolvePath(dir, ref); ok {
		return p, true
	}
	slashed := strings.ReplaceAll(strings.TrimSpace(ref), `\`, "/")
	if slashed == "" {
		return "", false
	}
	cands := []string{slashed}
	if base := path.Base(slashed); base != slashed {
		cands = append(cands, base) // absolute Windows paths and stale folders: try dir itself
	}
	for k, c := range cands {
		stem := strings.TrimSuffix(c, path.Ext(c))
		if k > 0 {
			if p, ok := resolvePath(dir, c); ok {
				return p, true
			}
		}
		for _, ext := range textureExts {
			if p, ok := resolvePath(dir, stem+ext); ok {
				return p, true
			}
		}
	}
	return "", false
}

// resolvePath finds an existing file for ref relative to dir: exactly, with backslashes
// read as separators, then matching each path component case-insensitively.
func resolvePath(dir, ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "", false
	}
	join := func(r string) string {
		if filepath.IsAbs(r) {
			return r
		}
		return filepath.Join(dir, r)
	}
	if p := join(ref); isRegularFile(p) {
		return p, true
	}
	slashed := strings.ReplaceAll(ref, `\`, "/")
	if slashed != ref {
		if p := join(slashed); isRegularFile(p) {
			return p, true
		}
	}
	return matchFold(dir, slashed)
}

// matchFold walks rel from dir, matching each component case-insensitively.
func matchFold(dir, rel string) (string, bool) {
	cur := dir
	if filepath.IsAbs(rel) {
		cur = string(filepath.Separator)
	}
	parts := strings.Split(rel, "/")
	for _, part := range parts {
		switch part {
		case "", ".":
			continue
		case "..":
			cur = filepath.Join(cur, "..")
			continue
		}
		next := filepath.Join(cur, part)
		if _, err := os.Stat(next); err == nil {
			cur = next
			continue
		}
		entries, err := os.ReadDir(cur)
		if err != nil {
			return "", false
		}
		found := false
		for _, e := range entries {
			if strings.EqualFold(e.Name(), part) {
				cur, found = filepath.Join(cur, e.Name()), true
				break
			}
		}
		if !found {
			return "", false
		}
	}
	return cur, isRegularFile(cur)
}

// loadImage decodes a PNG, JPEG or TGA texture; TGA has no magic number, so a .tga name
// goes straight to the TGA decoder.
func loadImage(p string) (image.Image, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if strings.EqualFold(filepath.Ext(p), ".tga") {
		img, err := DecodeTGA(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		return img, nil
	}
	img, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	return img, nil
}
