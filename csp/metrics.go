package csp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

const (
	// DefaultMetricSamples is the number of surface samples per mesh, as in the CSP and NDF
	// papers' evaluations (100k).
	DefaultMetricSamples = 100_000
	// DefaultMetricSeed fixes the sampling so the same meshes always give the same figures.
	DefaultMetricSeed = 1
)

// FScoreThresholds are the F-score distances, in units of the reference's box diagonal.
var FScoreThresholds = []float64{0.005, 0.01}

// Metrics compare a mesh B with a reference A. All distances are in units of A's bounding-box
// diagonal (both meshes are scaled by 1/diag(A), A's frame kept), so figures compare across
// shapes. Samples are area-weighted points on each mesh's surface; each sample's nearest
// point is the exact closest point on the other mesh's surface (BVH), not the nearest sample.
type Metrics struct {
	// ChamferL1 is (mean_a d(a, B) + mean_b d(b, A)) / 2.
	ChamferL1 float64
	// ChamferL2 is the same with squared distances.
	ChamferL2 float64
	// Accuracy is mean_b d(b, A); Completeness is mean_a d(a, B).
	Accuracy, Completeness float64
	// NormalConsistency is the mean over both directions of |n_s · n_nearest| (face normals).
	NormalConsistency float64
	// FScore[i] is at FScoreThresholds[i]: 2PR/(P+R), precision P the share of B's samples
	// within the threshold of A, recall R the share of A's samples within it of B.
	FScore    []float64
	Precision []float64
	Recall    []float64
	// Diagonal is A's box diagonal, the unit of the distances; Samples per mesh.
	Diagonal float64
	Samples  int
}

// surfaceSamples are area-weighted points on a mesh with their face normals.
type surfaceSamples struct {
	p, n []mgl32.Vec3
}

// sampleSurface draws n area-weighted points on m's triangles with a seeded generator.
func sampleSurface(m *mesh.Mesh, n int, seed uint64) (surfaceSamples, error) {
	cum := make([]float64, len(m.Triangles))
	var total float64
	for i, t := range m.Triangles {
		for _, v := range t {
			if int(v) >= len(m.Positions) {
				return surfaceSamples{}, fmt.Errorf("%s: triangle %d: vertex index %d out of range (%d vertices)", name(m), i, v, len(m.Positions))
			}
		}
		p0, p1, p2 := v64(m.Positions[t[0]]), v64(m.Positions[t[1]]), v64(m.Positions[t[2]])
		c := cross3(sub3(p1, p0), sub3(p2, p0))
		a := math.Sqrt(dot3(c, c)) / 2
		if !(a >= 0) || math.IsInf(a, 0) {
			a = 0
		}
		total += a
		cum[i] = total
	}
	if !(total > 0) {
		return surfaceSamples{}, fmt.Errorf("%s: no surface area to sample", name(m))
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	s := surfaceSamples{p: make([]mgl32.Vec3, n), n: make([]mgl32.Vec3, n)}
	for i := 0; i < n; i++ {
		ti := sort.SearchFloat64s(cum, rng.Float64()*total)
		ti = min(ti, len(cum)-1)
		t := m.Triangles[ti]
		p0, p1, p2 := m.Positions[t[0]], m.Positions[t[1]], m.Positions[t[2]]
		// Uniform on the triangle: reflect (r1, r2) into the lower half of the unit square.
		r1, r2 := float32(rng.Float64()), float32(rng.Float64())
		if r1+r2 > 1 {
			r1, r2 = 1-r1, 1-r2
		}
		s.p[i] = p0.Add(p1.Sub(p0).Mul(r1)).Add(p2.Sub(p0).Mul(r2))
		s.n[i] = m.FaceNormal(ti)
	}
	return s, nil
}

func name(m *mesh.Mesh) string {
	if m.Source != "" {
		return m.Source
	}
	return "mesh"
}

// Compare computes the metrics of b against the reference a with samples points per mesh
// drawn with seed (0 samples: DefaultMetricSamples).
func Compare(a, b *mesh.Mesh, samples int, seed uint64) (Metrics, error) {
	if samples <= 0 {
		samples = DefaultMetricSamples
	}
	var mt Metrics
	fa, err := NewMeshField(a)
	if err != nil {
		return mt, err
	}
	fb, err := NewMeshField(b)
	if err != nil {
		return mt, err
	}
	lo, hi := fa.Bounds()
	diag := float64(hi.Sub(lo).Len())
	if !(diag > 0) {
		return mt, fmt.Errorf("%s: the reference's box has no extent", name(a))
	}
	sa, err := sampleSurface(a, samples, seed)
	if err != nil {
		return mt, err
	}
	sb, err := sampleSurface(b, samples, seed+1)
	if err != nil {
		return mt, err
	}
	da, na := nearest(fb, b, sa)
	db, nb := nearest(fa, a, sb)
	mt = Metrics{Diagonal: diag, Samples: samples}
	var l1a, l2a, l1b, l2b, nca, ncb float64
	for i := range da {
		d := da[i] / diag
		l1a += d
		l2a += d * d
		nca += na[i]
	}
	for i := range db {
		d := db[i] / diag
		l1b += d
		l2b += d * d
		ncb += nb[i]
	}
	n := float64(samples)
	mt.Completeness, mt.Accuracy = l1a/n, l1b/n
	mt.ChamferL1 = (l1a + l1b) / (2 * n)
	mt.ChamferL2 = (l2a + l2b) / (2 * n)
	mt.NormalConsistency = (nca + ncb) / (2 * n)
	for _, th := range FScoreThresholds {
		var inA, inB int
		for _, d := range da {
			if d/diag <= th {
				inA++
			}
		}
		for _, d := range db {
			if d/diag <= th {
				inB++
			}
		}
		p, r := float64(inB)/n, float64(inA)/n
		f := 0.0
		if p+r > 0 {
			f = 2 * p * r / (p + r)
		}
		mt.Precision, mt.Recall, mt.FScore = append(mt.Precision, p), append(mt.Recall, r), append(mt.FScore, f)
	}
	return mt, nil
}

// nearest returns each sample's distance to the surface of f (the field of mesh m) and
// |n_sample · n_face| for the face holding the closest point.
func nearest(f *MeshField, m *mesh.Mesh, s surfaceSamples) (dist, nc []float64) {
	out := make([]mgl32.Vec3, len(s.p))
	ids := make([]int32, len(s.p))
	f.ClosestPointsWithID(s.p, out, ids)
	dist, nc = make([]float64, len(s.p)), make([]float64, len(s.p))
	for i, p := range s.p {
		d := sub3(v64(p), v64(out[i]))
		dist[i] = math.Sqrt(dot3(d, d))
		nc[i] = math.Abs(float64(s.n[i].Dot(m.FaceNormal(int(ids[i])))))
	}
	return dist, nc
}
