package gaussians

import (
	"image"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// tileSize is the side of the square image tiles the CPU rasteriser bins splats into and
// renders in parallel: 16 as the reference's BLOCK_X/BLOCK_Y.
const tileSize = 16

// minTransmittance stops a pixel's front-to-back walk once less than this much light gets
// through (the reference's 0.0001): further splats cannot change an 8-bit value.
const minTransmittance = 1e-4

// RasterOptions tunes the CPU rasteriser.
type RasterOptions struct {
	Background  [3]float32 // linear RGB behind the splats
	MaxSHDegree int        // highest SH degree evaluated (clamped to the stored one)
}

// RenderCPU rasterises b as seen by v, exactly as the reference 3DGS forward pass: each
// Gaussian is projected (EWA, FOV clamp, dilation), covers the square of ±radius pixels around
// its centre, and is blended in depth order with alpha = min(0.99, opacity·exp(−½ dᵀΣ⁻¹d)),
// alphas below 1/255 skipped. Blending runs front to back per pixel (C += c·α·T, T ·= 1 − α), the
// same sum as premultiplied back-to-front "over" blending. Tiles render in parallel.
func RenderCPU(b *RenderBuffers, v View, o RasterOptions) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, max(v.Width, 0), max(v.Height, 0)))
	if v.Width <= 0 || v.Height <= 0 {
		return img
	}
	p := newProjector(v)
	splats, order := projectAll(&p, b, o.MaxSHDegree)
	tilesX, tilesY := (v.Width+tileSize-1)/tileSize, (v.Height+tileSize-1)/tileSize
	bins := binSplats(splats, order, tilesX, tilesY, v.Width, v.Height)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t := int(next.Add(1) - 1)
				if t >= len(bins) {
					return
				}
				renderTile(img, splats, bins[t], t%tilesX*tileSize, t/tilesX*tileSize, o.Background)
			}
		}()
	}
	wg.Wait()
	return img
}

// projectAll projects every Gaussian in parallel and returns the splats with the indices of
// the visible ones front to back (ties: ascending index).
func projectAll(p *projector, b *RenderBuffers, maxDegree int) ([]Splat2D, []uint32) {
	splats := make([]Splat2D, b.N)
	depths := make([]float32, b.N)
	parallelRows(b.N, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			s, ok := p.project(b, i, maxDegree)
			if !ok {
				depths[i] = float32(math.NaN()) // culled: the sort leaves NaN out
				continue
			}
			splats[i] = s
			depths[i] = float32(s.Depth)
		}
	})
	var ds DepthSorter
	order := ds.SortDepths(depths, nil)
	for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 { // back to front -> front to back
		order[i], order[j] = order[j], order[i]
	}
	return splats, order
}

// binSplats lists, per tile, the splats whose pixel square touches it, in front-to-back order.
func binSplats(splats []Splat2D, order []uint32, tilesX, tilesY, w, h int) [][]uint32 {
	bins := make([][]uint32, tilesX*tilesY)
	for _, i := range order {
		x0, y0, x1, y1, ok := pixelRect(&splats[i], w, h)
		if !ok {
			continue
		}
		for ty := y0 / tileSize; ty <= y1/tileSize; ty++ {
			for tx := x0 / tileSize; tx <= x1/tileSize; tx++ {
				bins[ty*tilesX+tx] = append(bins[ty*tilesX+tx], i)
			}
		}
	}
	return bins
}

// pixelRect returns the inclusive pixel range whose centres lie strictly inside the splat's
// quad (centre ± radius), clipped to the image: the pixels a GL quad of the same corners covers.
func pixelRect(s *Splat2D, w, h int) (x0, y0, x1, y1 int, ok bool) {
	r := float64(s.Radius)
	x0 = max(0, int(math.Floor(s.X-r))+1)
	y0 = max(0, int(math.Floor(s.Y-r))+1)
	x1 = min(w-1, int(math.Ceil(s.X+r))-1)
	y1 = min(h-1, int(math.Ceil(s.Y+r))-1)
	return x0, y0, x1, y1, x0 <= x1 && y0 <= y1
}

// renderTile blends the tile at (ox, oy) front to back and writes it into img.
func renderTile(img *image.RGBA, splats []Splat2D, list []uint32, ox, oy int, bg [3]float32) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for py := oy; py < min(oy+tileSize, h); py++ {
		for px := ox; px < min(ox+tileSize, w); px++ {
			var c [3]float64
			tr := 1.0
			for _, i := range list {
				s := &splats[i]
				dx, dy := s.X-float64(px), s.Y-float64(py)
				r := float64(s.Radius)
				if dx <= -r || dx >= r || dy <= -r || dy >= r {
					continue
				}
				a := SplatAlpha(s.Conic, s.Opacity, dx, dy)
				if a == 0 {
					continue
				}
				next := tr * (1 - a)
				if next < minTransmittance {
					break
				}
				for k := 0; k < 3; k++ {
					c[k] += float64(s.Color[k]) * a * tr
				}
				tr = next
			}
			o := img.PixOffset(px, py)
			for k := 0; k < 3; k++ {
				img.Pix[o+k] = to8(c[k] + tr*float64(bg[k]))
			}
			img.Pix[o+3] = 255
		}
	}
}

// to8 clamps a linear value to [0, 1] and rounds it to 8 bits (what a UNORM8 target stores).
func to8(v float64) uint8 {
	return uint8(math.Round(min(1, max(0, v)) * 255))
}
