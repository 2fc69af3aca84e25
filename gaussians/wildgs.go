package gaussians

import (
	"fmt"
	"math"
	"strconv"

	"github.com/splatscope/splatscope/safetensors"
)

// wildGS is the Wild-GS appearance model (Xu et al. 2024), as docs/formats.md defines its
// bundle: SH coefficients = M_F(Emb_g ⊕ Emb_l ⊕ f_in), Emb_l = MLP_l(Σ of the three triplane
// samples at the Gaussian's centre), or default_local outside the triplane box.
type wildGS struct {
	p, g, c, r, l, k int // photos, global width, plane channels, plane resolution, local width, f_in width
	degree           int // output SH degree
	global           []float32
	planes           []float32 // P×3×C×R×R as stored
	boxMin, boxMax   [3]float32
	defaultLocal     []float32
	local, main      *mlp
	fin              perGaussian
}

// planeAxes lists, for the planes xy, xz and yz in tensor order, the world axes along a plane's
// last dimension (u, grid_sample's x) and its second-to-last (v, grid_sample's y).
var planeAxes = [3][2]int{{0, 1}, {0, 2}, {1, 2}}

// loadWildGS validates a Wild-GS bundle's tensors against the scene and nPhotos photos.
func loadWildGS(s *Scene, ts map[string]safetensors.Tensor, meta map[string]string, nPhotos int) (*wildGS, error) {
	w := &wildGS{p: nPhotos}
	deg, err := strconv.Atoi(meta["sh_degree"])
	if err != nil || deg < 0 || deg > MaxSHDegree {
		return nil, fmt.Errorf("metadata sh_degree %q, want 0..%d", meta["sh_degree"], MaxSHDegree)
	}
	w.degree = deg
	act, err := metaActivation(meta)
	if err != nil {
		return nil, err
	}
	ge, err := need(ts, "global_embeddings", nPhotos, -1)
	if err != nil {
		return nil, err
	}
	w.global, w.g = ge.Data, ge.Shape[1]
	tp, err := need(ts, "triplanes", nPhotos, 3, -1, -1, -1)
	if err != nil {
		return nil, err
	}
	w.c, w.r = tp.Shape[2], tp.Shape[3]
	if tp.Shape[4] != w.r || w.r == 0 || w.c == 0 {
		return nil, fmt.Errorf("tensor \"triplanes\": shape %v, want [P 3 C R R] with square planes", tp.Shape)
	}
	w.planes = tp.Data
	lo, err := need(ts, "triplane_box_min", 3)
	if err != nil {
		return nil, err
	}
	hi, err := need(ts, "triplane_box_max", 3)
	if err != nil {
		return nil, err
	}
	for a := 0; a < 3; a++ {
		w.boxMin[a], w.boxMax[a] = lo.Data[a], hi.Data[a]
		if !(hi.Data[a] > lo.Data[a]) {
			return nil, fmt.Errorf("tensor \"triplane_box_max\": %v not above triplane_box_min %v on axis %d", hi.Data, lo.Data, a)
		}
	}
	if w.local, err = loadMLP(ts, "local_mlp", act, true); err != nil {
		return nil, err
	}
	w.l = w.c
	if len(w.local.layers) > 0 {
		if w.local.in() != w.c {
			return nil, fmt.Errorf("tensor \"local_mlp\" first layer takes %d inputs, the triplanes have %d channels", w.local.in(), w.c)
		}
		w.l = w.local.out()
	}
	dl, err := need(ts, "default_local", w.l)
	if err != nil {
		return nil, err
	}
	w.defaultLocal = dl.Data
	if w.main, err = loadMLP(ts, "mlp", act, false); err != nil {
		return nil, err
	}
	if want := 3 * (deg + 1) * (deg + 1); w.main.out() != want {
		return nil, fmt.Errorf("tensor \"mlp\" last layer gives %d outputs, SH degree %d needs %d", w.main.out(), deg, want)
	}
	w.k = w.main.in() - w.g - w.l
	if w.fin, err = extraColumns(s, "f_in_"); err != nil {
		return nil, err
	}
	if w.fin.width != w.k {
		return nil, fmt.Errorf("tensor \"mlp.*\" first layer takes %d inputs = %d global + %d local + %d f_in, but the scene has %d f_in_* properties",
			w.main.in(), w.g, w.l, w.k, w.fin.width)
	}
	return w, nil
}

// metaActivation reads the metadata `activation` (relu when absent).
func metaActivation(meta map[string]string) (activation, error) {
	name := meta["activation"]
	if name == "" {
		return actReLU, nil
	}
	act, ok := activations[name]
	if !ok {
		return 0, fmt.Errorf("metadata activation %q, want relu, leaky_relu, silu, tanh or sigmoid", name)
	}
	return act, nil
}

// need returns tensor name after checkTensor with the given shape, or an error when missing.
func need(ts map[string]safetensors.Tensor, name string, shape ...int) (safetensors.Tensor, error) {
	t, ok := ts[name]
	if !ok {
		return t, fmt.Errorf("tensor %q missing", name)
	}
	return t, checkTensor(name, t, shape...)
}

// wildGSFrame is a Wild-GS model blended for one Recolor call.
type wildGSFrame struct {
	global []float32 // G: (1−t)·global[a] + t·global[b]
	planes []float32 // 3×R×R×C: the blended planes, channels last so a tap reads C adjacent floats
}

// frame blends photos a and b at t (bilinear sampling is linear in the plane values, so
// blending the planes equals blending the samples).
func (w *wildGS) frame(a, b int, t float32) *wildGSFrame {
	f := &wildGSFrame{global: make([]float32, w.g), planes: make([]float32, 3*w.r*w.r*w.c)}
	lerp := func(x, y float32) float32 { return (1-t)*x + t*y }
	for j := range f.global {
		f.global[j] = lerp(w.global[a*w.g+j], w.global[b*w.g+j])
	}
	per := 3 * w.c * w.r * w.r
	pa, pb := w.planes[a*per:(a+1)*per], w.planes[b*per:(b+1)*per]
	rr := w.r * w.r
	for pl := 0; pl < 3; pl++ {
		for c := 0; c < w.c; c++ {
			src := (pl*w.c + c) * rr
			for px := 0; px < rr; px++ {
				f.planes[(pl*rr+px)*w.c+c] = lerp(pa[src+px], pb[src+px])
			}
		}
	}
	return f
}

// sample adds the three plane samples at world position p into dst (C values, zeroed first);
// it returns false, leaving dst alone, when p lies outside the box.
func (w *wildGS) sample(f *wildGSFrame, p [3]float32, dst []float32) bool {
	var n [3]float32
	for a := 0; a < 3; a++ {
		if !(p[a] >= w.boxMin[a] && p[a] <= w.boxMax[a]) {
			return false
		}
		n[a] = 2*(p[a]-w.boxMin[a])/(w.boxMax[a]-w.boxMin[a]) - 1
	}
	clear(dst)
	rr, r1 := w.r*w.r, float32(w.r-1)
	for pl, ax := range planeAxes {
		// align_corners=True: −1 and 1 are the centres of the first and last texels.
		u := min(max((n[ax[0]]+1)/2*r1, 0), r1)
		v := min(max((n[ax[1]]+1)/2*r1, 0), r1)
		u0, v0 := int(u), int(v)
		u1, v1 := min(u0+1, w.r-1), min(v0+1, w.r-1)
		fu, fv := u-float32(u0), v-float32(v0)
		base := pl * rr
		t00 := f.planes[(base+v0*w.r+u0)*w.c:][:w.c]
		t01 := f.planes[(base+v0*w.r+u1)*w.c:][:w.c]
		t10 := f.planes[(base+v1*w.r+u0)*w.c:][:w.c]
		t11 := f.planes[(base+v1*w.r+u1)*w.c:][:w.c]
		w00, w01, w10, w11 := (1-fu)*(1-fv), fu*(1-fv), (1-fu)*fv, fu*fv
		for c := range dst {
			dst[c] += t00[c]*w00 + t01[c]*w01 + t10[c]*w10 + t11[c]*w11
		}
	}
	return true
}

// wildGSScratch holds one worker's batch buffers.
type wildGSScratch struct {
	x, loc, bufA, bufB []float32
	inside             []bool
}

// newScratch allocates buffers for batches of rows Gaussians.
func (w *wildGS) newScratch(rows int) *wildGSScratch {
	width := max(w.main.width, w.local.width)
	return &wildGSScratch{x: make([]float32, rows*w.main.in()), loc: make([]float32, rows*w.c),
		bufA: make([]float32, rows*width), bufB: make([]float32, rows*width), inside: make([]bool, rows)}
}

// eval writes the SH coefficients of Gaussians lo..hi−1 into out.
func (w *wildGS) eval(f *wildGSFrame, s *Scene, lo, hi int, sc *wildGSScratch, out *Scene) {
	rows, xs := hi-lo, w.main.in()
	for r := 0; r < rows; r++ {
		sc.inside[r] = w.sample(f, s.Position(lo+r), sc.loc[r*w.c:(r+1)*w.c])
		copy(sc.x[r*xs:], f.global)
	}
	loc, ls := sc.loc, w.c
	if len(w.local.layers) > 0 {
		loc, ls = w.local.forward(sc.loc, w.c, rows, sc.bufA, sc.bufB)
	}
	for r := 0; r < rows; r++ {
		src := loc[r*ls : r*ls+w.l]
		if !sc.inside[r] {
			src = w.defaultLocal
		}
		copy(sc.x[r*xs+w.g:], src)
	}
	w.fin.gather(lo, hi, sc.x, xs, w.g+w.l)
	y, ys := w.main.forward(sc.x, xs, rows, sc.bufA, sc.bufB)
	writeSH(out, lo, rows, y, ys)
}

// writeSH copies rows rows of coefficient-major SH coefficients (row stride ys) into Gaussians
// lo.. of out's SHDC and SHRest.
func writeSH(out *Scene, lo, rows int, y []float32, ys int) {
	k3 := 3 * SHRestCoeffs(out.SHDegree)
	for r := 0; r < rows; r++ {
		i := lo + r
		row := y[r*ys:]
		copy(out.SHDC[3*i:3*i+3], row[:3])
		copy(out.SHRest[k3*i:k3*(i+1)], row[3:3+k3])
	}
}

// perGaussian is a per-Gaussian feature vector of width values, held either as scene extra
// property columns or as a row-major N×width tensor.
type perGaussian struct {
	cols  [][]float32
	rows  []float32
	width int
}

// gather copies Gaussians lo..hi−1's features into dst rows (stride ds) at column off.
func (p *perGaussian) gather(lo, hi int, dst []float32, ds, off int) {
	for r := 0; r < hi-lo; r++ {
		row := dst[r*ds+off : r*ds+off+p.width]
		if p.rows != nil {
			copy(row, p.rows[(lo+r)*p.width:])
			continue
		}
		for j, col := range p.cols {
			row[j] = col[lo+r]
		}
	}
}

// extraColumns collects the scene's extra properties prefix0, prefix1, … (consecutive from 0)
// and checks their values are finite.
func extraColumns(s *Scene, prefix string) (perGaussian, error) {
	var p perGaussian
	for {
		col := s.Prop(prefix + strconv.Itoa(len(p.cols)))
		if col == nil {
			break
		}
		if len(col) != s.N {
			return p, fmt.Errorf("property %s%d has %d values, want %d", prefix, len(p.cols), len(col), s.N)
		}
		for i, v := range col {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return p, fmt.Errorf("property %s%d of Gaussian %d is %v", prefix, len(p.cols), i, v)
			}
		}
		p.cols = append(p.cols, col)
	}
	p.width = len(p.cols)
	return p, nil
}
