package csp

import (
	"github.com/splatscope/splatscope/safetensors"
)

// Tensor is a dense float32 tensor in C order, as read from a checkpoint or safetensors file.
type Tensor struct {
	Shape []int
	Data  []float32
}

// ReadSafetensors reads a safetensors file (see package safetensors): its float tensors (F32,
// F16, BF16, F64 converted to float32) and its __metadata__. Errors name the file and the tensor.
func ReadSafetensors(path string) (map[string]Tensor, map[string]string, error) {
	ts, meta, err := safetensors.Read(path)
	if err != nil {
		return nil, nil, err
	}
	return fromSafetensors(ts), meta, nil
}

// parseSafetensors decodes a whole safetensors file held in data.
func parseSafetensors(data []byte) (map[string]Tensor, map[string]string, error) {
	ts, meta, err := safetensors.ReadBytes(data)
	if err != nil {
		return nil, nil, err
	}
	return fromSafetensors(ts), meta, nil
}

// fromSafetensors converts the generic reader's tensors to csp's.
func fromSafetensors(ts map[string]safetensors.Tensor) map[string]Tensor {
	out := make(map[string]Tensor, len(ts))
	for k, t := range ts {
		out[k] = Tensor{Shape: t.Shape, Data: t.Data}
	}
	return out
}
