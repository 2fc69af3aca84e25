package render

import (
	"image"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/mesh"
)

// renderOne renders m from a named view with a style at the golden size.
func renderOne(t *testing.T, m *mesh.Mesh, view string, style MeshStyle, w, h int) *image.RGBA {
	t.Helper()
	lo, hi, _ := m.Bounds()
	cam := camera.NewOrbit()
	cam.SetView(view)
	cam.Frame(lo, hi)
	var img *image.RGBA
	var err error
	onGL(t, func(Info) { img, err = RenderMeshesPNG([]*mesh.Mesh{m}, cam, w, h, style) })
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestSameImage checks pairs of renders that must look the same (or must not).
func TestSameImage(t *testing.T) {
	flat := DefaultMeshStyle
	flat.Shading = Flat
	wire := DefaultMeshStyle
	wire.Wireframe = true
	noTex := DefaultMeshStyle
	noTex.Textures = false
	tests := []struct {
		name   string
		a, b   *mesh.Mesh
		sa, sb MeshStyle
		same   bool
	}{
		// Twins drawn once: no z-fighting stripes, the image equals the single-sided quad's.
		{"twinned quad equals quad", quad(0, 1), twinnedQuad(), DefaultMeshStyle, DefaultMeshStyle, true},
		{"flat differs from smooth", sphere(12, 24, false), sphere(12, 24, false), DefaultMeshStyle, flat, false},
		{"wireframe differs", sphere(12, 24, false), sphere(12, 24, false), DefaultMeshStyle, wire, false},
		{"textures toggle", texturedQuad(), texturedQuad(), DefaultMeshStyle, noTex, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := renderOne(t, tc.a, "front", tc.sa, goldenW, goldenH)
			b := renderOne(t, tc.b, "front", tc.sb, goldenW, goldenH)
			// Differences of more than 3/255: beyond rounding, yet small enough to see the
			// gentle steps between flat facets.
			frac := diffFractionTol(a, b, 3)
			// 0.1%: a handful of edge pixels may differ in rounding; stripes would cover far more.
			if tc.same && frac > 0.001 {
				t.Errorf("%.2f%% of pixels differ, want the same image", 100*frac)
			}
			// 1%: the change must show on a visible share of the object, not a few pixels.
			if !tc.same && frac < 0.01 {
				t.Errorf("only %.3f%% of pixels differ, want a visible change", 100*frac)
			}
		})
	}
}

// TestBackSideLit checks that an open surface seen from behind is lit, not black.
func TestBackSideLit(t *testing.T) {
	bgImg := renderBackground(t)
	for _, view := range []string{"front", "back"} {
		img := renderOne(t, quad(0, 1), view, DefaultMeshStyle, goldenW, goldenH)
		cov, lum := coverage(img, bgImg)
		if cov < 0.1 || lum < 0.4 {
			t.Errorf("%s side: coverage %.3f, luminance %.3f; want a lit quad (>= 0.1, >= 0.4)", view, cov, lum)
		}
	}
}

// TestTextureRepeats counts checker squares along the middle row: uv runs over [-1, 3] on a
// 4×4-square texture, so REPEAT shows 16 squares (15 light/dark changes); CLAMP would show few.
func TestTextureRepeats(t *testing.T) {
	style := DefaultMeshStyle
	style.Boundary = false
	img := renderOne(t, texturedQuad(), "front", style, goldenW, goldenH)
	y := goldenH / 2
	changes, light, started := 0, false, false
	for x := 0; x < goldenW; x++ {
		c := img.RGBAAt(x, y)
		l := int(c.R) + int(c.G) + int(c.B)
		switch {
		case l > 3*160: // clearly a light square
			if started && !light {
				changes++
			}
			light, started = true, true
		case l < 3*70 && started: // clearly dark (the background is dark too: count only inside)
			if light {
				changes++
			}
			light = false
		}
	}
	if changes < 13 || changes > 17 {
		t.Errorf("%d light/dark changes along the middle row, want about 15 (REPEAT wrapping)", changes)
	}
}

// TestBoundaryHighlighted checks the open hemisphere's rim shows the boundary colour and a
// closed sphere shows none.
func TestBoundaryHighlighted(t *testing.T) {
	orange := func(img *image.RGBA) int {
		n := 0
		for i := 0; i+3 < len(img.Pix); i += 4 {
			r, g, b := int(img.Pix[i]), int(img.Pix[i+1]), int(img.Pix[i+2])
			if r > 200 && g < 140 && b < 80 {
				n++
			}
		}
		return n
	}
	open := orange(renderOne(t, sphere(16, 32, true), "bottom", DefaultMeshStyle, goldenW, goldenH))
	closed := orange(renderOne(t, sphere(16, 32, false), "bottom", DefaultMeshStyle, goldenW, goldenH))
	if open < 200 || closed != 0 {
		t.Errorf("boundary pixels: open hemisphere %d (want >= 200), closed sphere %d (want 0)", open, closed)
	}
}

// TestMillionTriangles uploads and draws a 2M-triangle grid: indices beyond 16 bits.
func TestMillionTriangles(t *testing.T) {
	if testing.Short() {
		t.Skip("large mesh: skipped with -short")
	}
	m := grid(1000)
	bgImg := renderBackground(t)
	img := renderOne(t, m, "iso", DefaultMeshStyle, goldenW, goldenH)
	cov, lum := coverage(img, bgImg)
	if cov < 0.1 || lum < 0.25 {
		t.Errorf("2M triangles: coverage %.3f, luminance %.3f; want a visible lit surface", cov, lum)
	}
}

// TestReadFramebuffer clears the hidden window's back buffer and reads it back.
func TestReadFramebuffer(t *testing.T) {
	var img *image.RGBA
	onGL(t, func(Info) {
		Clear(16, 16, mgl32.Vec3{1, 0, 0})
		img = ReadFramebuffer(16, 16)
	})
	if c := img.RGBAAt(8, 8); c.R != 255 || c.G != 0 || c.B != 0 {
		t.Errorf("window pixel %v, want the red clear colour", c)
	}
}

// renderBackground renders the default background alone at the golden size.
func renderBackground(t *testing.T) *image.RGBA {
	t.Helper()
	var img *image.RGBA
	var err error
	onGL(t, func(Info) { img, err = backgroundImage(goldenW, goldenH) })
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// diffFractionTol returns the fraction of pixels of two same-size images whose colours differ
// by more than tol in some channel.
func diffFractionTol(a, b *image.RGBA, tol int) float64 {
	n := 0
	for i := 0; i+3 < len(a.Pix) && i+3 < len(b.Pix); i += 4 {
		if maxDiff(a.Pix[i:i+3], b.Pix[i:i+3]) > tol {
			n++
		}
	}
	return float64(n) / float64(len(a.Pix)/4)
}
