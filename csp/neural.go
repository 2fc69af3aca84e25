package csp

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// NeuralFrame is the coordinate frame of the paper's networks: shapes normalised into
// [−0.5, 0.5]³ (Venkatesh et al., ICCV 2021), stated so the UI can show it.
const NeuralFrame = "network frame [-0.5, 0.5]³ (the paper's normalised shapes)"

// neuralBatch is the number of points pushed through the layers together: 256 rows of the
// widest released layer (2048) take 2 MiB per activation buffer, and 256 rows amortise each
// 4 KiB panel of weights over 64 register tiles.
const neuralBatch = 256

// Linear is one fully connected layer: y = W·x + b with W out×in, row-major (as torch stores it).
type Linear struct {
	In, Out int
	W       []float32
	B       []float32
}

// MLP is the paper's single-shape CSP network: Linear layers with ReLU between them (none
// after the last) on raw xyz, giving the closest surface point.
type MLP struct {
	Layers []Linear
	// Frame describes the coordinate frame the network works in; Lo, Hi is its box (Bounds).
	Frame  string
	Lo, Hi mgl32.Vec3
	packed []packedLinear
	width  int // the widest layer's output row stride (whole panel pairs)
	pool   sync.Pool
}

// NewMLP checks that the layers chain from 3 inputs to 3 outputs with finite weights and
// prepares them for batched evaluation; names (optional, one per layer) label the errors.
func NewMLP(layers []Linear, names []string) (*MLP, error) {
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return fmt.Sprintf("layer %d", i)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("no Linear layers")
	}
	m := &MLP{Layers: layers, Frame: NeuralFrame, Lo: mgl32.Vec3{-0.5, -0.5, -0.5}, Hi: mgl32.Vec3{0.5, 0.5, 0.5}}
	for i, l := range layers {
		if l.In <= 0 || l.Out <= 0 || len(l.W) != l.In*l.Out || len(l.B) != l.Out {
			return nil, fmt.Errorf("%s: weight %d×%d with %d values and %d biases", name(i), l.Out, l.In, len(l.W), len(l.B))
		}
		if i == 0 && l.In != 3 {
			return nil, fmt.Errorf("%s takes %d inputs, a CSP network takes xyz (3)", name(i), l.In)
		}
		if i > 0 && l.In != layers[i-1].Out {
			return nil, fmt.Errorf("layers do not chain: %s takes %d inputs but %s gives %d outputs", name(i), l.In, name(i-1), layers[i-1].Out)
		}
		for _, vs := range [][]float32{l.W, l.B} {
			for j, v := range vs {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					return nil, fmt.Errorf("%s: value %d is %v", name(i), j, v)
				}
			}
		}
		m.packed = append(m.packed, pack(l.W, l.B, l.In, l.Out))
		m.width = max(m.width, m.packed[i].stride())
	}
	if last := layers[len(layers)-1]; last.Out != 3 {
		return nil, fmt.Errorf("%s gives %d outputs, a CSP network gives a point (3)", name(len(layers)-1), last.Out)
	}
	return m, nil
}

// layerKey matches a Linear layer's parameter: an optional prefix, the layer's index, the kind.
var layerKey = regexp.MustCompile(`^(.*?)(\d+)\.(weight|bias)$`)

// MLPFromStateDict builds the MLP from a state dict: parameters named [prefix.]<index>.weight
// and .bias, ordered by index, widths taken from the weights. Every parameter must share one
// prefix; errors name the tensors.
func MLPFromStateDict(sd map[string]Tensor) (*MLP, error) {
	type layer struct {
		idx  int
		w, b string
	}
	byIdx := map[int]*layer{}
	prefix, firstKey := "", ""
	for _, k := range sortedKeys(sd) {
		m := layerKey.FindStringSubmatch(k)
		if m == nil {
			return nil, fmt.Errorf("tensor %s is not a Linear layer's weight or bias", k)
		}
		if firstKey != "" && m[1] != prefix {
			return nil, fmt.Errorf("tensors %s and %s belong to different modules: not a single MLP", firstKey, k)
		}
		if firstKey == "" {
			prefix, firstKey = m[1], k
		}
		idx, err := strconv.Atoi(m[2])
		if err != nil || idx > 1<<20 {
			return nil, fmt.Errorf("tensor %s: bad layer index", k)
		}
		l := byIdx[idx]
		if l == nil {
			l = &layer{idx: idx}
			byIdx[idx] = l
		}
		if m[3] == "weight" {
			l.w = k
		} else {
			l.b = k
		}
	}
	order := make([]*layer, 0, len(byIdx))
	for _, l := range byIdx {
		order = append(order, l)
	}
	sort.Slice(order, func(i, j int) bool { return order[i].idx < order[j].idx })
	layers := make([]Linear, len(order))
	names := make([]string, len(order))
	for i, l := range order {
		if l.w == "" {
			return nil, fmt.Errorf("tensor %s has no matching %s%d.weight", l.b, prefix, l.idx)
		}
		w := sd[l.w]
		if len(w.Shape) != 2 {
			return nil, fmt.Errorf("tensor %s has shape %v, want a 2-D Linear weight", l.w, w.Shape)
		}
		out, in := w.Shape[0], w.Shape[1]
		b := make([]float32, out) // a Linear without bias adds zeros
		if l.b != "" {
			bt := sd[l.b]
			if len(bt.Shape) != 1 || bt.Shape[0] != out {
				return nil, fmt.Errorf("tensor %s has shape %v, want [%d] to match %s %v", l.b, bt.Shape, out, l.w, w.Shape)
			}
			b = bt.Data
		}
		layers[i] = Linear{In: in, Out: out, W: w.Data, B: b}
		names[i] = fmt.Sprintf("%s %v", l.w, w.Shape)
	}
	return NewMLP(layers, names)
}

// LoadNeural reads a CSP network from a PyTorch checkpoint (.pt, .pth) or a safetensors file.
func LoadNeural(path string) (*MLP, error) {
	var (
		sd  map[string]Tensor
		err error
	)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pt", ".pth":
		sd, _, err = ReadTorch(path)
	case ".safetensors":
		sd, _, err = ReadSafetensors(path)
	default:
		return nil, fmt.Errorf("%s: not a neural field (want .pt, .pth or .safetensors)", filepath.Base(path))
	}
	if err != nil {
		return nil, err
	}
	m, err := MLPFromStateDict(sd)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	return m, nil
}

// Bounds returns the network frame's box.
func (m *MLP) Bounds() (lo, hi mgl32.Vec3) { return m.Lo, m.Hi }

// Widths returns the layer widths from input to output (3, …, 3).
func (m *MLP) Widths() []int {
	w := []int{m.Layers[0].In}
	for _, l := range m.Layers {
		w = append(w, l.Out)
	}
	return w
}

// MultiplyAdds returns the multiply-adds one query costs.
func (m *MLP) MultiplyAdds() int {
	n := 0
	for _, l := range m.Layers {
		n += l.In * l.Out
	}
	return n
}

// mlpScratch is one goroutine's pair of activation buffers.
type mlpScratch struct{ a, b []float32 }

// ClosestPoints implements Field: batches of 256 points go through the layers, spread over
// all cores when there are several batches.
func (m *MLP) ClosestPoints(ps, out []mgl32.Vec3) {
	nb := (len(ps) + neuralBatch - 1) / neuralBatch
	workers := min(nb, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for b0 := 0; b0 < len(ps); b0 += neuralBatch {
			b1 := min(b0+neuralBatch, len(ps))
			m.batch(ps[b0:b1], out[b0:b1])
		}
		return
	}
	var next sync.Mutex
	b := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				b0 := b * neuralBatch
				b++
				next.Unlock()
				if b0 >= len(ps) {
					return
				}
				b1 := min(b0+neuralBatch, len(ps))
				m.batch(ps[b0:b1], out[b0:b1])
			}
		}()
	}
	wg.Wait()
}

// batch evaluates up to neuralBatch points.
func (m *MLP) batch(ps, out []mgl32.Vec3) {
	s, _ := m.pool.Get().(*mlpScratch)
	if s == nil {
		s = &mlpScratch{a: make([]float32, neuralBatch*m.width), b: make([]float32, neuralBatch*m.width)}
	}
	defer m.pool.Put(s)
	rows := len(ps)
	xs := 3
	x := s.a[:rows*xs]
	for i, p := range ps {
		x[3*i], x[3*i+1], x[3*i+2] = p[0], p[1], p[2]
	}
	y := s.b
	for li := range m.packed {
		l := &m.packed[li]
		ys := l.stride()
		l.forward(x, xs, y[:rows*ys], ys, rows, li < len(m.packed)-1)
		x, xs, y = y[:rows*ys], ys, x[:cap(x)]
	}
	for i := range out {
		out[i] = mgl32.Vec3{x[i*xs], x[i*xs+1], x[i*xs+2]}
	}
}
