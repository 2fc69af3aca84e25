package gaussians

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/splatscope/splatscope/internal/gemm"
	"github.com/splatscope/splatscope/safetensors"
)

// activation is a hidden-layer nonlinearity of an appearance MLP.
type activation int

const (
	actReLU activation = iota
	actLeakyReLU
	actSiLU
	actTanh
	actSigmoid
)

// activations maps the metadata names to activations (PyTorch's functions of the same names;
// leaky_relu uses PyTorch's default slope 0.01).
var activations = map[string]activation{"relu": actReLU, "leaky_relu": actLeakyReLU, "silu": actSiLU, "tanh": actTanh, "sigmoid": actSigmoid}

// mlp is a stack of Linear layers with an activation after every layer but the last.
type mlp struct {
	layers []gemm.Linear
	act    activation
	width  int // the widest row stride any layer writes
}

// in is the MLP's input width (0 for an empty MLP).
func (m *mlp) in() int {
	if len(m.layers) == 0 {
		return 0
	}
	return m.layers[0].In()
}

// out is the MLP's output width.
func (m *mlp) out() int { return m.layers[len(m.layers)-1].Out() }

// widths lists the layer widths from input to output, for messages.
func (m *mlp) widths() []int {
	w := []int{m.in()}
	for i := range m.layers {
		w = append(w, m.layers[i].Out())
	}
	return w
}

// forward runs rows rows of x (row stride xs) through the MLP using the two scratch buffers
// (each rows·m.width long) and returns the output and its row stride.
func (m *mlp) forward(x []float32, xs, rows int, bufA, bufB []float32) ([]float32, int) {
	for i := range m.layers {
		l := &m.layers[i]
		ys := l.Stride()
		y := bufA[:rows*ys]
		hidden := i < len(m.layers)-1
		l.Forward(x, xs, y, ys, rows, hidden && m.act == actReLU, gemm.HasAVX2)
		if hidden && m.act != actReLU {
			applyActivation(m.act, y, ys, l.Out(), rows)
		}
		x, xs = y, ys
		bufA, bufB = bufB, bufA
	}
	return x, xs
}

// applyActivation applies act to the first n columns of rows rows of y (row stride ys).
func applyActivation(act activation, y []float32, ys, n, rows int) {
	for r := 0; r < rows; r++ {
		row := y[r*ys : r*ys+n]
		for j, v := range row {
			switch act {
			case actLeakyReLU:
				if v < 0 {
					row[j] = 0.01 * v // PyTorch's default negative slope
				}
			case actSiLU:
				row[j] = v * sigmoid32(v)
			case actTanh:
				row[j] = tanh32(v)
			case actSigmoid:
				row[j] = sigmoid32(v)
			}
		}
	}
}

// sigmoid32 is the logistic function in float32.
func sigmoid32(v float32) float32 { return float32(1 / (1 + math.Exp(-float64(v)))) }

// tanh32 is tanh in float32.
func tanh32(v float32) float32 { return float32(math.Tanh(float64(v))) }

// maxMLPWidth caps a layer's width: appearance MLPs are a few hundred wide, and the cap keeps a
// corrupt header from asking for huge scratch buffers per batch.
const maxMLPWidth = 1 << 14

// loadMLP collects the layers prefix.<i>.weight [out,in] and prefix.<i>.bias [out] in
// ascending i (an nn.Sequential's state dict numbers them 0, 2, 4 around its activations),
// checks that the widths chain and returns the packed MLP. Zero layers are allowed when
// optional is set.
func loadMLP(ts map[string]safetensors.Tensor, prefix string, act activation, optional bool) (*mlp, error) {
	var idx []int
	for name := range ts {
		rest, ok := strings.CutPrefix(name, prefix+".")
		if !ok {
			continue
		}
		num, kind, ok := strings.Cut(rest, ".")
		i, err := strconv.Atoi(num)
		if !ok || err != nil || i < 0 || (kind != "weight" && kind != "bias") {
			return nil, fmt.Errorf("tensor %q: not %s.<layer>.weight or .bias", name, prefix)
		}
		if kind == "weight" {
			idx = append(idx, i)
		} else if _, ok := ts[fmt.Sprintf("%s.%d.weight", prefix, i)]; !ok {
			return nil, fmt.Errorf("tensor %q has no %s.%d.weight", name, prefix, i)
		}
	}
	sort.Ints(idx)
	if len(idx) == 0 && !optional {
		return nil, fmt.Errorf("tensor %q missing (the MLP's first layer)", prefix+".0.weight")
	}
	m := &mlp{act: act}
	prevOut := -1
	for _, i := range idx {
		wn, bn := fmt.Sprintf("%s.%d.weight", prefix, i), fmt.Sprintf("%s.%d.bias", prefix, i)
		w := ts[wn]
		if err := checkTensor(wn, w, -1, -1); err != nil {
			return nil, err
		}
		out, in := w.Shape[0], w.Shape[1]
		if out == 0 || in == 0 || out > maxMLPWidth || in > maxMLPWidth {
			return nil, fmt.Errorf("tensor %q: shape %v, want widths 1..%d", wn, w.Shape, maxMLPWidth)
		}
		if prevOut >= 0 && in != prevOut {
			return nil, fmt.Errorf("tensor %q: shape %v takes %d inputs, the previous layer gives %d", wn, w.Shape, in, prevOut)
		}
		b, ok := ts[bn]
		if !ok {
			return nil, fmt.Errorf("tensor %q missing", bn)
		}
		if err := checkTensor(bn, b, out); err != nil {
			return nil, err
		}
		l := gemm.Pack(w.Data, b.Data, in, out)
		m.layers = append(m.layers, l)
		m.width = max(m.width, l.Stride())
		prevOut = out
	}
	return m, nil
}

// checkTensor checks that t is F32, finite, and has the given shape (−1: any size, at least
// as many dimensions as given).
func checkTensor(name string, t safetensors.Tensor, shape ...int) error {
	if t.Dtype != "F32" {
		return fmt.Errorf("tensor %q: dtype %s, want F32", name, t.Dtype)
	}
	ok := len(t.Shape) == len(shape)
	for i := 0; ok && i < len(shape); i++ {
		ok = shape[i] < 0 || t.Shape[i] == shape[i]
	}
	if !ok {
		want := make([]string, len(shape))
		for i, d := range shape {
			want[i] = "*"
			if d >= 0 {
				want[i] = strconv.Itoa(d)
			}
		}
		return fmt.Errorf("tensor %q: shape %v, want [%s]", name, t.Shape, strings.Join(want, " "))
	}
	for i, v := range t.Data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("tensor %q: value %d is %v", name, i, v)
		}
	}
	return nil
}
