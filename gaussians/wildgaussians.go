package gaussians

import (
	"fmt"

	"github.com/splatscope/splatscope/safetensors"
)

// wildGaussians is WildGaussians' appearance model (Kulhanek et al. 2024, MIT; EmbeddingModel
// in wildgaussians/method.py): an MLP of (SH colour ⊕ per-Gaussian embedding ⊕ per-photo
// embedding) gives an offset and a multiplier (both ×0.01); the SH coefficients become
// min(feat, 1)·mul + [offset/SHC0 on the DC term], clamped above at 1.
type wildGaussians struct {
	p, a int         // photos, per-photo embedding width
	f    int         // colour inputs: 3 (the DC term) or all (deg+1)²·3 coefficients
	app  []float32   // P×A per-photo embeddings
	e    perGaussian // per-Gaussian embeddings
	main *mlp
}

// loadWildGaussians validates a WildGaussians bundle's tensors against the scene and nPhotos.
func loadWildGaussians(s *Scene, ts map[string]safetensors.Tensor, meta map[string]string, nPhotos int) (*wildGaussians, error) {
	w := &wildGaussians{p: nPhotos}
	act, err := metaActivation(meta)
	if err != nil {
		return nil, err
	}
	ae, err := need(ts, "appearance_embeddings", nPhotos, -1)
	if err != nil {
		return nil, err
	}
	w.app, w.a = ae.Data, ae.Shape[1]
	if t, ok := ts["embeddings"]; ok {
		if err := checkTensor("embeddings", t, s.N, -1); err != nil {
			return nil, err
		}
		w.e = perGaussian{rows: t.Data, width: t.Shape[1]}
	} else if w.e, err = extraColumns(s, "app_emb_"); err != nil {
		return nil, err
	} else if w.e.width == 0 {
		return nil, fmt.Errorf("tensor \"embeddings\" missing and the scene has no app_emb_* properties")
	}
	if w.main, err = loadMLP(ts, "mlp", act, false); err != nil {
		return nil, err
	}
	all := 3 * (s.SHDegree + 1) * (s.SHDegree + 1)
	w.f = w.main.out() / 2
	if w.main.out()%2 != 0 || (w.f != 3 && w.f != all) {
		return nil, fmt.Errorf("tensor \"mlp\" last layer gives %d outputs, want 6 (colour) or %d (all SH coefficients of degree %d)", w.main.out(), 2*all, s.SHDegree)
	}
	if want := w.f + w.e.width + w.a; w.main.in() != want {
		return nil, fmt.Errorf("tensor \"mlp\" first layer takes %d inputs, want %d = %d colour + %d Gaussian embedding + %d photo embedding",
			w.main.in(), want, w.f, w.e.width, w.a)
	}
	return w, nil
}

// wildGaussiansFrame is the per-photo embedding blended for one Recolor call.
type wildGaussiansFrame struct{ app []float32 }

// frame blends the embeddings of photos a and b at t.
func (w *wildGaussians) frame(a, b int, t float32) *wildGaussiansFrame {
	f := &wildGaussiansFrame{app: make([]float32, w.a)}
	for j := range f.app {
		f.app[j] = (1-t)*w.app[a*w.a+j] + t*w.app[b*w.a+j]
	}
	return f
}

// wildGaussiansScratch holds one worker's batch buffers.
type wildGaussiansScratch struct {
	x, bufA, bufB, feat []float32
}

// newScratch allocates buffers for batches of rows Gaussians.
func (w *wildGaussians) newScratch(rows int) *wildGaussiansScratch {
	return &wildGaussiansScratch{x: make([]float32, rows*w.main.in()), bufA: make([]float32, rows*w.main.width),
		bufB: make([]float32, rows*w.main.width), feat: make([]float32, 3*(MaxSHDegree+1)*(MaxSHDegree+1))}
}

// eval writes the transformed SH coefficients of Gaussians lo..hi−1 into out.
func (w *wildGaussians) eval(f *wildGaussiansFrame, s *Scene, lo, hi int, sc *wildGaussiansScratch, out *Scene) {
	rows, xs := hi-lo, w.main.in()
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	feat := sc.feat[:3+k3]
	load := func(i int) { // the coefficient-major features, clamped above at 1 as the trainer's renderer does
		copy(feat, s.SHDC[3*i:3*i+3])
		copy(feat[3:], s.SHRest[k3*i:k3*(i+1)])
		for j, v := range feat {
			feat[j] = min(v, 1)
		}
	}
	for r := 0; r < rows; r++ {
		load(lo + r)
		copy(sc.x[r*xs:], feat[:w.f])
		copy(sc.x[r*xs+w.f+w.e.width:], f.app)
	}
	w.e.gather(lo, hi, sc.x, xs, w.f)
	y, ys := w.main.forward(sc.x, xs, rows, sc.bufA, sc.bufB)
	const scale = 0.01 // the trainer scales the MLP's output by 0.01 before splitting it
	for r := 0; r < rows; r++ {
		i := lo + r
		load(i)
		row := y[r*ys : r*ys+2*w.f]
		for j, v := range feat {
			mul := row[w.f+j%w.f] * scale
			v *= mul
			if j < w.f {
				v += row[j] * scale / float32(SHC0)
			}
			feat[j] = min(v, 1)
		}
		copy(out.SHDC[3*i:3*i+3], feat[:3])
		copy(out.SHRest[k3*i:k3*(i+1)], feat[3:])
	}
}
