package csp

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// MeshField is the exact CSP field of a triangle mesh, answered through a BVH in float64.
type MeshField struct {
	tree   *bvh
	lo, hi mgl32.Vec3
}

// parallelBatch is the batch size above which ClosestPoints splits the work over all cores;
// below it the goroutine start-up costs more than it saves.
const parallelBatch = 8192

// NewMeshField builds the field of m's triangles. It fails (naming the mesh's file) on a
// mesh with no triangles, a vertex index out of range or a non-finite vertex.
func NewMeshField(m *mesh.Mesh) (*MeshField, error) {
	name := m.Source
	if name == "" {
		name = "mesh"
	}
	if len(m.Triangles) == 0 {
		return nil, fmt.Errorf("%s: no triangles to build a closest-point field from", name)
	}
	if len(m.Triangles) >= math.MaxInt32 {
		return nil, fmt.Errorf("%s: %d triangles is too many (max %d)", name, len(m.Triangles), math.MaxInt32-1)
	}
	for i, p := range m.Positions {
		for _, c := range p {
			if math.IsNaN(float64(c)) || math.IsInf(float64(c), 0) {
				return nil, fmt.Errorf("%s: vertex %d is not finite (%v)", name, i, p)
			}
		}
	}
	verts := make([][3][3]float32, len(m.Triangles))
	for i, t := range m.Triangles {
		for c, vi := range t {
			if int(vi) >= len(m.Positions) {
				return nil, fmt.Errorf("%s: triangle %d: vertex index %d out of range (%d vertices)", name, i, vi, len(m.Positions))
			}
			verts[i][c] = m.Positions[vi]
		}
	}
	f := &MeshField{tree: buildBVH(verts)}
	f.lo, f.hi = triBounds(verts)
	return f, nil
}

// triBounds is the box of the vertices that triangles use.
func triBounds(verts [][3][3]float32) (lo, hi mgl32.Vec3) {
	lo, hi = verts[0][0], verts[0][0]
	for _, v := range verts {
		for _, p := range v {
			for k := 0; k < 3; k++ {
				lo[k], hi[k] = min(lo[k], p[k]), max(hi[k], p[k])
			}
		}
	}
	return lo, hi
}

// Bounds returns the box of the mesh's triangles.
func (f *MeshField) Bounds() (lo, hi mgl32.Vec3) { return f.lo, f.hi }

// Triangles returns the number of triangles in the field.
func (f *MeshField) Triangles() int { return len(f.tree.tris) }

// ClosestPoints implements Field.
func (f *MeshField) ClosestPoints(ps, out []mgl32.Vec3) { f.ClosestPointsWithID(ps, out, nil) }

// ClosestPointsWithID is ClosestPoints that also writes into ids[i] (when ids is not nil) the
// index in the mesh of the triangle holding out[i]. Each query is seeded with the previous
// query's triangle, so neighbouring points should come next to each other in ps. Large
// batches run on all cores.
func (f *MeshField) ClosestPointsWithID(ps, out []mgl32.Vec3, ids []int32) {
	workers := runtime.GOMAXPROCS(0)
	if len(ps) < parallelBatch || workers == 1 {
		f.closestRange(ps, out, ids)
		return
	}
	chunk := (len(ps) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(ps); lo += chunk {
		hi := min(lo+chunk, len(ps))
		var idc []int32
		if ids != nil {
			idc = ids[lo:hi]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.closestRange(ps[lo:hi], out[lo:hi], idc)
		}()
	}
	wg.Wait()
}

// closestRange answers ps in order on the calling goroutine: runs of up to 64 points as a
// group (see closestGroup), falling back to one tree walk per point, each seeded by the last.
func (f *MeshField) closestRange(ps, out []mgl32.Vec3, ids []int32) {
	var (
		s    groupScratch
		qs   [groupSize]vec
		cs   [groupSize]vec
		tris [groupSize]int32
		seed = int32(-1)
		// skip counts the runs still to answer point by point since the last failed group.
		skip, backoff int
	)
	for g0 := 0; g0 < len(ps); g0 += groupSize {
		n := min(groupSize, len(ps)-g0)
		for i := 0; i < n; i++ {
			p := ps[g0+i]
			qs[i] = v64(p)
		}
		grouped := false
		if n >= minGroup && skip == 0 {
			grouped = f.tree.closestGroup(qs[:n], cs[:n], tris[:n], seed, &s)
			// Back off after a failure: where one brick's list overflows (a fine mesh, like
			// the 871k-triangle dragon), its neighbours' do too, and each try costs a walk.
			if grouped {
				backoff = 0
			} else {
				backoff = min(2*backoff+1, maxBackoff)
				skip = backoff
			}
		} else if skip > 0 {
			skip--
		}
		if !grouped {
			for i := 0; i < n; i++ {
				cs[i], tris[i], _ = f.tree.closest(qs[i], seed)
				seed = tris[i]
			}
		}
		seed = tris[n-1]
		for i := 0; i < n; i++ {
			c := cs[i]
			out[g0+i] = v32(c)
			if ids != nil {
				ids[g0+i] = f.tree.ids[tris[i]]
			}
		}
	}
}

// maxBackoff is the most runs skipped after failed group queries before trying again.
const maxBackoff = 15

// minGroup is the smallest run worth a group query (its range query costs about two walks).
const minGroup = 8
