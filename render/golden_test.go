package render

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/mesh"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/golden")

// Golden image size: big enough to judge shading, small enough for llvmpipe in CI.
const goldenW, goldenH = 320, 240

// Golden comparison tolerances: drivers (llvmpipe, GPUs) differ in rasterisation and
// rounding, mostly along edges; 24/255 per channel absorbs rounding, 1.5% absorbs edges.
const (
	pixelTolerance   = 24
	maxDifferingFrac = 0.015
)

// dataDir is the shared real-data folder laid beside the repository.
var dataDir = filepath.Join("..", "..", "shared", "data")

// scene is one golden case: a mesh, a named view and a style.
type scene struct {
	name   string
	mesh   func() (*mesh.Mesh, error)
	view   string
	style  func(s *MeshStyle)
	cover  [2]float64 // expected fraction of object pixels
	minLum float64    // least mean luminance of object pixels; 0 means 0.25
	tweak  func(o *camera.Orbit)
}

func built(f func() *mesh.Mesh) func() (*mesh.Mesh, error) {
	return func() (*mesh.Mesh, error) { return f(), nil }
}

func loaded(name string) func() (*mesh.Mesh, error) {
	return func() (*mesh.Mesh, error) { return mesh.Load(filepath.Join(dataDir, "meshes", name), nil) }
}

var scenes = []scene{
	{name: "teapot", mesh: loaded("utah_teapot.obj"), view: "iso", cover: [2]float64{0.06, 0.4}},
	{name: "bunny", mesh: loaded("stanford_bunny.obj"), view: "front", cover: [2]float64{0.08, 0.5}},
	{name: "sphere_smooth", mesh: built(func() *mesh.Mesh { return sphere(12, 24, false) }), view: "iso", cover: [2]float64{0.1, 0.3}},
	{name: "sphere_flat", mesh: built(func() *mesh.Mesh { return sphere(12, 24, false) }), view: "iso", cover: [2]float64{0.1, 0.3},
		style: func(s *MeshStyle) { s.Shading = Flat }},
	{name: "sphere_wireframe", mesh: built(func() *mesh.Mesh { return sphere(12, 24, false) }), view: "iso", cover: [2]float64{0.1, 0.3},
		style: func(s *MeshStyle) { s.Wireframe = true }},
	{name: "hemisphere_inside", mesh: built(func() *mesh.Mesh { return sphere(16, 32, true) }), view: "bottom", cover: [2]float64{0.1, 0.6}},
	{name: "quad", mesh: built(func() *mesh.Mesh { return quad(0, 1) }), view: "front", cover: [2]float64{0.1, 0.6}},
	{name: "quad_back", mesh: built(func() *mesh.Mesh { return quad(0, 1) }), view: "back", cover: [2]float64{0.1, 0.6}},
	{name: "quad_twinned", mesh: built(twinnedQuad), view: "front", cover: [2]float64{0.1, 0.6}},
	{name: "quad_textured", mesh: built(texturedQuad), view: "front", cover: [2]float64{0.1, 0.6},
		style: func(s *MeshStyle) { s.Boundary = false }},
	{name: "materials", mesh: built(twoMaterials), view: "front", cover: [2]float64{0.1, 0.3}, minLum: 0.15},
	{name: "overlays", mesh: built(func() *mesh.Mesh { return grid(16) }), view: "iso", cover: [2]float64{0.1, 0.7},
		style: func(s *MeshStyle) { s.BBox, s.Axes, s.Wireframe = true, true, true }},
}

// renderScene draws one scene on the GL thread and returns the image and a background-only
// image of the same size (to tell object pixels from the gradient).
func renderScene(t *testing.T, sc scene) (img, bg *image.RGBA) {
	t.Helper()
	m, err := sc.mesh()
	if err != nil {
		if strings.Contains(err.Error(), "not written yet") {
			t.Skipf("loader not ready: %v", err)
		}
		t.Fatal(err)
	}
	lo, hi, _ := m.Bounds()
	cam := camera.NewOrbit()
	if !cam.SetView(sc.view) {
		t.Fatalf("unknown view %q", sc.view)
	}
	cam.Frame(lo, hi)
	style := DefaultMeshStyle
	if sc.style != nil {
		sc.style(&style)
	}
	var rerr error
	onGL(t, func(Info) {
		img, rerr = RenderMeshesPNG([]*mesh.Mesh{m}, cam, goldenW, goldenH, style)
		if rerr != nil {
			return
		}
		bg, rerr = backgroundImage(goldenW, goldenH)
	})
	if rerr != nil {
		t.Fatal(rerr)
	}
	return img, bg
}

// backgroundImage renders the default background alone.
func backgroundImage(w, h int) (*image.RGBA, error) {
	o, err := NewOffscreen(w, h)
	if err != nil {
		return nil, err
	}
	defer o.Delete()
	o.Bind()
	if err := ClearGradient(w, h, BackgroundBottom, BackgroundTop); err != nil {
		return nil, err
	}
	img := o.Image()
	o.Unbind()
	return img, nil
}

func TestGolden(t *testing.T) {
	for _, sc := range scenes {
		t.Run(sc.name, func(t *testing.T) {
			img, bg := renderScene(t, sc)
			cov, lum := coverage(img, bg)
			t.Logf("coverage %.3f, mean object luminance %.3f", cov, lum)
			if cov < sc.cover[0] || cov > sc.cover[1] {
				t.Errorf("object covers %.3f of the image, want %.2f..%.2f", cov, sc.cover[0], sc.cover[1])
			}
			// Every surface here faces some light: a dark mean means unlit (e.g. black back faces).
			minLum := sc.minLum
			if minLum == 0 {
				minLum = 0.25
			}
			if lum < minLum {
				t.Errorf("mean object luminance %.3f, want >= %.2f (surface unlit?)", lum, minLum)
			}
			compareGolden(t, sc.name, img)
		})
	}
}

// coverage returns the fraction of pixels that differ from the background and their mean
// luminance in [0, 1].
func coverage(img, bg *image.RGBA) (frac, lum float64) {
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if maxDiff(img.Pix[i:i+3], bg.Pix[i:i+3]) > 8 { // 8/255: above MSAA and dither noise
			n++
			lum += (0.2126*float64(img.Pix[i]) + 0.7152*float64(img.Pix[i+1]) + 0.0722*float64(img.Pix[i+2])) / 255
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(n) / float64(len(img.Pix)/4), lum / float64(n)
}

func maxDiff(a, b []byte) int {
	d := 0
	for k := range a {
		d = max(d, absInt(int(a[k])-int(b[k])))
	}
	return d
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// compareGolden compares img with testdata/golden/<name>.png (or writes it under -update);
// on failure it writes <name>-got.png beside the golden.
func compareGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".png")
	if *update {
		if err := writePNG(path, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := readPNG(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	frac, err := diffFraction(img, want)
	if err == nil && frac > maxDifferingFrac {
		err = fmt.Errorf("%.2f%% of pixels differ by more than %d, allowed %.2f%%", 100*frac, pixelTolerance, 100*maxDifferingFrac)
	}
	if err != nil {
		got := filepath.Join("testdata", "golden", name+"-got.png")
		if werr := writePNG(got, img); werr != nil {
			t.Logf("writing %s: %v", got, werr)
		}
		t.Errorf("%s: %v; wrote %s", path, err, got)
	}
}

// diffFraction returns the fraction of pixels whose colour differs by more than pixelTolerance.
func diffFraction(a image.Image, b image.Image) (float64, error) {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 1, fmt.Errorf("size %v, golden %v", a.Bounds().Size(), b.Bounds().Size())
	}
	r := a.Bounds()
	n := 0
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			ar, ag, ab, _ := a.At(r.Min.X+x, r.Min.Y+y).RGBA()
			br, bgc, bb, _ := b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y).RGBA()
			d := max(absInt(int(ar>>8)-int(br>>8)), absInt(int(ag>>8)-int(bgc>>8)), absInt(int(ab>>8)-int(bb>>8)))
			if d > pixelTolerance {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy()), nil
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// writePNG writes through a temporary file and a rename, so no half-written golden remains.
func writePNG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".golden-*.png")
	if err != nil {
		return err
	}
	err = png.Encode(tmp, img)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return errors.Join(fmt.Errorf("writing %s", path), err)
	}
	return nil
}
