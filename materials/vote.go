package materials

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/splatscope/splatscope/gaussians"
)

// LabelOptions tune Label.
type LabelOptions struct {
	Table *Table // materials the label images name (nil: the default table)
	// DepthTolerance is the relative depth slack of the visibility test: a Gaussian is hidden in
	// a view when its centre depth z exceeds the median depth D at its pixel by more than
	// DepthTolerance·D plus its own largest standard deviation (0: 0.02, i.e. 2 cm at 1 m, well
	// under the gap between a surface and one behind it, well over float and splat jitter).
	DepthTolerance float64
	NoDepthTest    bool                    // vote in every view the centre projects into (for comparison)
	Workers        int                     // views rendered at once (0: GOMAXPROCS)
	Progress       func(done, total int64) // views done out of the total; may be nil
}

// Label projects per-view label images onto the Gaussians and majority-votes, skipping views in
// which a Gaussian is hidden (see medianDepth). masks[k] belongs to cameras[k]; a mask with no
// pixels (W == 0) is skipped. ids are table ids; confidence is the winning share of the votes
// (0 for Gaussians no view saw, which get the "unknown" material).
func Label(s *gaussians.Scene, cameras []gaussians.TrainingCamera, masks []LabelImage, o LabelOptions) (ids []int32, confidence []float32, err error) {
	if len(masks) != len(cameras) {
		return nil, nil, fmt.Errorf("label: %d masks for %d cameras", len(masks), len(cameras))
	}
	t := o.Table
	if t == nil {
		t = DefaultTable()
	}
	k := len(t.Materials)
	for vi := range masks {
		for _, id := range masks[vi].IDs {
			if id != NoLabel && (id < 0 || int(id) >= k) {
				return nil, nil, fmt.Errorf("%s: material id %d out of range (%d materials)", masks[vi].Name, id, k)
			}
		}
	}
	tol := o.DepthTolerance
	if !(tol > 0) {
		tol = 0.02
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if len(cameras) > math.MaxUint16 { // votes are counted in uint16
		return nil, nil, fmt.Errorf("label: %d views, at most %d supported", len(cameras), math.MaxUint16)
	}
	splats := prepareSplats(s)
	votes := make([]uint16, s.N*k)
	var mu sync.Mutex
	done := int64(0)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for vi := range jobs {
				seen := viewLabels(splats, &cameras[vi], &masks[vi], !o.NoDepthTest, tol)
				mu.Lock()
				for i, id := range seen {
					if id != NoLabel {
						votes[i*k+int(id)]++
					}
				}
				done++
				if o.Progress != nil {
					o.Progress(done, int64(len(cameras)))
				}
				mu.Unlock()
			}
		}()
	}
	for vi := range cameras {
		jobs <- vi
	}
	close(jobs)
	wg.Wait()
	unknown := int32(-1)
	ids = make([]int32, s.N)
	confidence = make([]float32, s.N)
	for i := 0; i < s.N; i++ {
		best, total, bestN := -1, 0, 0
		for m, n := range votes[i*k : (i+1)*k] {
			total += int(n)
			if int(n) > bestN {
				best, bestN = m, int(n)
			}
		}
		if best < 0 {
			if unknown < 0 {
				unknown = int32(t.UnknownID())
			}
			ids[i] = unknown
			continue
		}
		ids[i] = int32(best)
		confidence[i] = float32(bestN) / float32(total)
	}
	return ids, confidence, nil
}

// viewLabels returns, for every Gaussian, the label its centre sees in this view, or NoLabel
// where it projects outside the image, onto an unlabelled pixel, or is hidden.
func viewLabels(splats []splat, cam *gaussians.TrainingCamera, mask *LabelImage, depthTest bool, tol float64) []int32 {
	out := make([]int32, len(splats))
	for i := range out {
		out[i] = NoLabel
	}
	if mask.W == 0 || mask.H == 0 {
		return out
	}
	v := ViewFor(cam, mask.W, mask.H)
	var depth []float32
	if depthTest {
		depth = medianDepth(splats, &v)
	}
	for i := range splats {
		u, w, z, ok := v.Project(splats[i].pos)
		if !ok || u < 0 || w < 0 || u >= float64(v.W) || w >= float64(v.H) {
			continue
		}
		x, y := int(u), int(w)
		if depth != nil {
			if d := float64(nearDepth(depth, v.W, v.H, x, y)); z > d+tol*d+splats[i].sigma {
				continue // hidden behind the first surface this pixel sees
			}
		}
		out[i] = mask.IDs[y*v.W+x]
	}
	return out
}

// LoadMasks reads the label image of each camera from dir: img_name.png, or img_name with its
// extension replaced by .png. A missing image is a warning (the view is skipped); a label image
// that does not decode is an error. unmapped pixels (ids or colours naming no material) are
// summed into one warning.
func LoadMasks(dir string, cameras []gaussians.TrainingCamera, t *Table, ids IDMap, progress func(done, total int64)) ([]LabelImage, []string, error) {
	masks := make([]LabelImage, len(cameras))
	var warnings, missing []string
	unmapped := 0
	for i, c := range cameras {
		base := filepath.Base(c.ImgName) // never leave dir, whatever the file says
		cands := []string{filepath.Join(dir, base+".png"), filepath.Join(dir, strings.TrimSuffix(base, filepath.Ext(base))+".png")}
		found := false
		for _, p := range cands {
			if _, err := os.Stat(p); err != nil {
				continue
			}
			img, un, err := ReadLabelImage(p, t, ids)
			if err != nil {
				return nil, nil, err
			}
			masks[i] = *img
			unmapped += un
			found = true
			break
		}
		if !found {
			missing = append(missing, base)
		}
		if progress != nil {
			progress(int64(i+1), int64(len(cameras)))
		}
	}
	if len(missing) > 0 {
		shown := missing
		if len(shown) > 5 { // enough to see the naming pattern
			shown = append(shown[:5:5], "...")
		}
		warnings = append(warnings, fmt.Sprintf("%s: %d of %d views have no label image (%s): skipped", dir, len(missing), len(cameras), strings.Join(shown, ", ")))
	}
	if unmapped > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: %d labelled pixels name no table material: ignored", dir, unmapped))
	}
	return masks, warnings, nil
}

// nearDepth is the largest finite median depth in the 3×3 pixels around (x, y) (+Inf if none is
// finite). Taking the neighbourhood's farthest surface keeps Gaussians on surfaces seen at a
// grazing angle, whose own pixel is often covered by the nearer edge in front of them; an
// occluded Gaussian stays hidden unless it lies within a pixel of its occluder's silhouette.
func nearDepth(depth []float32, w, h, x, y int) float32 {
	best := float32(math.Inf(-1))
	for yy := max(0, y-1); yy <= min(h-1, y+1); yy++ {
		for xx := max(0, x-1); xx <= min(w-1, x+1); xx++ {
			if d := depth[yy*w+xx]; d > best && !math.IsInf(float64(d), 1) {
				best = d
			}
		}
	}
	if math.IsInf(float64(best), -1) {
		return float32(math.Inf(1))
	}
	return best
}
