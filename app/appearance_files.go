package app

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // photo thumbnails
	_ "image/png"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
)

// Files of appearance bundles: telling a bundle JSON from other JSON, finding the one beside a
// scene, and reading photo thumbnails.

// maxThumbFile caps a thumbnail file: a thumbnail is kilobytes; 32 MiB allows a full photo.
const maxThumbFile = 32 << 20

// loadThumbnail decodes an image file and shrinks it to thumbSide (nearest texel).
func loadThumbnail(path string) (image.Image, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxThumbFile {
		return nil, fmt.Errorf("%s: %d bytes, too large for a thumbnail", path, st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	b := src.Bounds()
	scale := float64(thumbSide) / float64(max(b.Dx(), b.Dy()))
	if scale >= 1 {
		return src, nil
	}
	w, h := max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dst.Set(x, y, src.At(b.Min.X+int((float64(x)+0.5)/scale), b.Min.Y+int((float64(y)+0.5)/scale)))
		}
	}
	return dst, nil
}

// appearanceHeadBytes is how much of a JSON file is read to tell a bundle from other JSON: the
// "format" key comes first in files Splatscope and the reference tools write.
const appearanceHeadBytes = 4096

// isAppearanceFile says whether path is an appearance bundle's JSON (by its format key).
func isAppearanceFile(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, appearanceHeadBytes)
	n, _ := f.Read(head)
	return bytes.Contains(head[:n], []byte(`"splatscope-appearance"`))
}

// maxBundleScan caps the JSON files looked at beside a scene: a dataset folder may hold many.
const maxBundleScan = 64

// findAppearanceFor finds the bundle JSON beside a splat PLY that names it as its scene, or that
// names no scene while the PLY carries per-Gaussian features (f_in_*, app_emb_*); "" if none.
func findAppearanceFor(ply string) string {
	if !strings.EqualFold(filepath.Ext(ply), ".ply") {
		return ""
	}
	dir := filepath.Dir(ply)
	js, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(js) > maxBundleScan {
		js = js[:maxBundleScan]
	}
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return filepath.Clean(p)
	}
	for _, j := range js {
		if !isAppearanceFile(j) {
			continue
		}
		f, err := os.Open(j)
		if err != nil {
			continue
		}
		af, err := gaussians.ReadAppearanceFile(f, j)
		f.Close()
		if err != nil {
			continue
		}
		if af.Scene != "" {
			scene := af.Scene
			if !filepath.IsAbs(scene) {
				scene = filepath.Join(dir, filepath.FromSlash(scene))
			}
			if abs(scene) == abs(ply) {
				return j
			}
			continue
		}
		if _, extra, err := gaussians.SniffPLY(ply); err == nil {
			for _, e := range extra {
				if e == "f_in_0" || e == "app_emb_0" {
					return j
				}
			}
		}
	}
	return ""
}

// bundleScenePath reads a bundle JSON and resolves the scene it names.
func bundleScenePath(jsonPath string) (string, error) {
	f, err := os.Open(jsonPath)
	if err != nil {
		return "", err
	}
	defer f.Close()
	af, err := gaussians.ReadAppearanceFile(f, jsonPath)
	if err != nil {
		return "", err
	}
	if af.Scene == "" {
		return "", fmt.Errorf("%s: no \"scene\" file named", jsonPath)
	}
	if filepath.IsAbs(af.Scene) {
		return af.Scene, nil
	}
	return filepath.Join(filepath.Dir(jsonPath), filepath.FromSlash(af.Scene)), nil
}
