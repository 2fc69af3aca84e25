package render

import (
	"fmt"

	"github.com/splatscope/splatscope/gaussians"
)

// GPU depth sort: the compute-shader twin of gaussians.DepthSorter, writing the splat pass's
// order buffer in place. Same semantics, bit for bit: depth = −(view·p).z in float32; culled at or
// below gaussians.NearCull, NaN and ±Inf; 24-bit keys across the visible range, far first;
// stable, so equal keys keep ascending index order. Steps (shaders/sort_*.comp.glsl):
//
//	sort_keys   stage 0: visible depth range and count; stage 1: keys (culled: 0xFFFFFFFF)
//	6 × (sort_radix stage 0: tile histograms; sort_scan: their prefix sum;
//	     sort_radix stage 1: stable scatter), 4 bits a pass, the first pass dropping culled
//	     Gaussians and the last writing indices straight into the order buffer.
const (
	gpuSortThreads   = 256 // local_size_x of every sort shader
	gpuSortPerThread = 16  // elements a radix thread owns (perThread in sort_radix.comp.glsl)
	gpuSortTile      = gpuSortThreads * gpuSortPerThread
	gpuSortDigits    = 16 // 4-bit digits (digits in sort_radix.comp.glsl)
	gpuSortKeyBits   = 24 // gaussians' keyBits: 24-bit quantised depths
	gpuSortPasses    = gpuSortKeyBits / 4
	// gpuSortKeyGroups caps the key stage's work groups; each thread loops over the rest
	// (65535 is the least MAX_COMPUTE_WORK_GROUP_COUNT a 4.3 driver may offer).
	gpuSortKeyGroups = 65535
)

// SSBO binding points shared by the sort shaders.
const (
	sortBindPos     = 0
	sortBindState   = 1
	sortBindKeysIn  = 2
	sortBindValsIn  = 3
	sortBindKeysOut = 4
	sortBindValsOut = 5
	sortBindCounts  = 6
)

// GPUSorter depth-sorts a SplatPass's Gaussians on the GPU (GL 4.3 compute) and writes the
// back-to-front order into the pass's order buffer, with no order crossing to the CPU.
type GPUSorter struct {
	pass        *SplatPass
	n, tiles    int
	keyProg     *ComputeProgram
	radixProg   *ComputeProgram
	scanProg    *ComputeProgram
	state       *StorageBuffer    // min depth bits, max depth bits, visible count, spare
	keys, vals  [2]*StorageBuffer // ping-pong
	counts      *StorageBuffer    // per-tile digit histograms, then their prefix sums
	stateWords  []uint32          // own allocation: cgo rejects a pointer into a struct holding pointers
	LastVisible int               // Gaussians drawn by the last Sort
}

// NewGPUSorter prepares a GPU sort for p (on the GL thread). It returns ErrNoCompute (wrapped)
// before GL 4.3: callers then keep sorting on the CPU (gaussians.Sorter + SetOrder).
func NewGPUSorter(p *SplatPass) (*GPUSorter, error) {
	if p == nil || p.vao == 0 {
		return nil, fmt.Errorf("render: GPU sort: no splat pass")
	}
	if !ComputeSupported() {
		return nil, fmt.Errorf("render: GPU sort: %w", ErrNoCompute)
	}
	s := &GPUSorter{pass: p, n: p.n, tiles: max(1, (p.n+gpuSortTile-1)/gpuSortTile), stateWords: make([]uint32, 1)}
	if limit := MaxComputeGroups(); s.tiles > limit {
		return nil, fmt.Errorf("render: GPU sort: %d Gaussians need %d work groups, this GL allows %d", p.n, s.tiles, limit)
	}
	// The pos+opacity buffer (16 bytes a Gaussian) is the largest block the shaders read.
	if need, limit := int64(16*p.n), MaxStorageBlockBytes(); need > limit {
		return nil, fmt.Errorf("render: GPU sort: %d Gaussians need a %d-byte storage block, this GL allows %d", p.n, need, limit)
	}
	var err error
	if s.keyProg, err = NewComputeProgram("sort_keys.comp.glsl"); err != nil {
		return nil, err
	}
	if s.radixProg, err = NewComputeProgram("sort_radix.comp.glsl"); err != nil {
		return nil, err
	}
	if s.scanProg, err = NewComputeProgram("sort_scan.comp.glsl"); err != nil {
		return nil, err
	}
	sizes := []struct {
		dst   **StorageBuffer
		bytes int
	}{
		{&s.state, 16}, {&s.keys[0], 4 * s.n}, {&s.keys[1], 4 * s.n},
		{&s.vals[0], 4 * s.n}, {&s.vals[1], 4 * s.n}, {&s.counts, 4 * gpuSortDigits * s.tiles},
	}
	for _, b := range sizes {
		if *b.dst, err = NewStorageBuffer(b.bytes); err != nil {
			s.Delete()
			return nil, fmt.Errorf("render: GPU sort of %d Gaussians: %w", p.n, err)
		}
	}
	return s, nil
}

// Sort orders the pass's Gaussians back to front as seen from f.View, writes the order into the
// pass's order buffer and makes the pass draw the visible ones; it returns their count. The
// order never leaves the GPU; reading the 4-byte count back waits for the sort to finish.
func (s *GPUSorter) Sort(f Frame) (int, error) {
	p := s.pass
	if p == nil || p.vao == 0 {
		return 0, fmt.Errorf("render: GPU sort: the splat pass was deleted")
	}
	if s.n == 0 {
		p.count, s.LastVisible = 0, 0
		return 0, nil
	}
	glError("before GPU sort") // clear stale flags so the check below is about the sort
	s.dispatch(f)
	if err := ReadStorage(s.state, 2, s.stateWords); err != nil {
		return 0, err
	}
	if err := glError(fmt.Sprintf("GPU sort of %d Gaussians", s.n)); err != nil {
		return 0, err
	}
	p.count = min(int(s.stateWords[0]), p.n)
	s.LastVisible = p.count
	return p.count, nil
}

// dispatch issues every pass of the sort; the last leaves the order ready for the vertex shader.
func (s *GPUSorter) dispatch(f Frame) {
	p := s.pass
	// Initial state: min bits above any finite float's, max 0, nothing visible yet.
	WriteStorage(s.state, 0, []uint32{0xFFFFFFFF, 0, 0, 0})
	BindStorageBuffer(sortBindPos, p.bufs[splatPosOpacity])
	s.state.Bind(sortBindState)
	s.keys[0].Bind(sortBindKeysIn) // the key stage writes binding 2 as its Keys block

	v := f.View // row 2, negated: the camera looks down −z (as gaussians.DepthSorter.Depths)
	kp := s.keyProg
	kp.Use()
	kp.SetVec4("uDepthRow", [4]float32{-v[2], -v[6], -v[10], -v[14]})
	kp.SetFloat("uNearCull", gaussians.NearCull)
	kp.SetUint("uN", uint32(s.n))
	groups := uint32(min((s.n+gpuSortThreads-1)/gpuSortThreads, gpuSortKeyGroups))
	kp.SetInt("uStage", 0)
	kp.Dispatch(groups, 1, 1, BarrierStorage)
	kp.SetInt("uStage", 1)
	kp.Dispatch(groups, 1, 1, BarrierStorage)

	s.counts.Bind(sortBindCounts)
	s.scanProg.Use()
	s.scanProg.SetUint("uM", uint32(gpuSortDigits*s.tiles))
	rp := s.radixProg
	rp.Use()
	rp.SetUint("uN", uint32(s.n))
	rp.SetUint("uTiles", uint32(s.tiles))
	tiles := uint32(s.tiles)
	src := 0
	for pass := 0; pass < gpuSortPasses; pass++ {
		last := pass == gpuSortPasses-1
		s.keys[src].Bind(sortBindKeysIn)
		s.vals[src].Bind(sortBindValsIn)
		s.keys[1-src].Bind(sortBindKeysOut)
		if last {
			BindStorageBuffer(sortBindValsOut, p.bufs[splatOrder])
		} else {
			s.vals[1-src].Bind(sortBindValsOut)
		}
		rp.Use()
		rp.SetUint("uShift", uint32(4*pass))
		rp.SetBool("uFirst", pass == 0)
		rp.SetBool("uWriteKeys", !last)
		rp.SetInt("uStage", 0)
		rp.Dispatch(tiles, 1, 1, BarrierStorage)
		s.scanProg.Dispatch(1, 1, 1, BarrierStorage)
		rp.Use()
		rp.SetInt("uStage", 1)
		barrier := uint32(BarrierStorage)
		if last {
			barrier |= BarrierTextureFetch // the splat vertex shader texelFetches the order
		}
		rp.Dispatch(tiles, 1, 1, barrier)
		src = 1 - src
	}
	for b := uint32(0); b <= sortBindCounts; b++ {
		BindStorageBuffer(b, 0)
	}
}

// Delete frees the sorter's buffers (the programs are shared per context; the pass is not touched).
func (s *GPUSorter) Delete() {
	if s == nil {
		return
	}
	for _, b := range []*StorageBuffer{s.state, s.keys[0], s.keys[1], s.vals[0], s.vals[1], s.counts} {
		b.Delete()
	}
	s.pass = nil
}
