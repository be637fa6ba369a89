package encoder

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// tfjsModel is the part of a TensorFlow.js graph-model model.json we read.
type tfjsModel struct {
	ModelTopology struct {
		Node []struct {
			Name string `json:"name"`
			Op   string `json:"op"`
		} `json:"node"`
	} `json:"modelTopology"`
	WeightsManifest []struct {
		Paths   []string `json:"paths"`
		Weights []struct {
			Name         string          `json:"name"`
			Shape        []int           `json:"shape"`
			Dtype        string          `json:"dtype"`
			Quantization json.RawMessage `json:"quantization"`
		} `json:"weights"`
	} `json:"weightsManifest"`
}

// tensor is one named weight: float32 values, or int32 values for dtype int32.
type tensor struct {
	shape []int
	f32   []float32
	i32   []int32
}

func (t tensor) size() int {
	n := 1
	for _, d := range t.shape {
		n *= d
	}
	return n
}

// readGraphModel parses model.json in dir and the binary weight shards it
// names, and returns the weights by name.
func readGraphModel(dir string) (map[string]tensor, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		return nil, fmt.Errorf("encoder: %w", err)
	}
	var m tfjsModel
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("encoder: parse model.json: %w", err)
	}
	if err := checkOps(m); err != nil {
		return nil, err
	}
	weights := make(map[string]tensor)
	for _, group := range m.WeightsManifest {
		var buf []byte
		for _, p := range group.Paths {
			if filepath.Base(p) != p {
				return nil, fmt.Errorf("encoder: weight shard path %q leaves the model directory", p)
			}
			b, err := os.ReadFile(filepath.Join(dir, p))
			if err != nil {
				return nil, fmt.Errorf("encoder: %w", err)
			}
			buf = append(buf, b...)
		}
		off := 0
		for _, w := range group.Weights {
			if len(w.Quantization) > 0 && string(w.Quantization) != "null" {
				return nil, fmt.Errorf("encoder: weight %s is quantized, which is not supported", w.Name)
			}
			t := tensor{shape: w.Shape}
			n := t.size()
			if off+4*n > len(buf) {
				return nil, fmt.Errorf("encoder: weight %s runs past the end of its shards", w.Name)
			}
			chunk := buf[off : off+4*n]
			off += 4 * n
			switch w.Dtype {
			case "float32":
				t.f32 = make([]float32, n)
				for i := range t.f32 {
					t.f32[i] = math.Float32frombits(binary.LittleEndian.Uint32(chunk[4*i:]))
				}
			case "int32":
				t.i32 = make([]int32, n)
				for i := range t.i32 {
					t.i32[i] = int32(binary.LittleEndian.Uint32(chunk[4*i:]))
				}
			default:
				return nil, fmt.Errorf("encoder: weight %s has unsupported dtype %s", w.Name, w.Dtype)
			}
			weights[w.Name] = t
		}
		if off != len(buf) {
			return nil, fmt.Errorf("encoder: weight shards hold %d bytes, manifest describes %d", len(buf), off)
		}
	}
	return weights, nil
}

// knownOps are the graph operations the hand-written forward pass in
// forward.go implements. A graph using anything else is a different model.
var knownOps = map[string]bool{
	"Add": true, "BatchMatMul": true, "BiasAdd": true, "Cast": true, "ConcatV2": true,
	"Const": true, "Conv2D": true, "Cos": true, "ExpandDims": true, "GatherNd": true,
	"GatherV2": true, "Greater": true, "Less": true, "LogicalNot": true, "MatMul": true,
	"Max": true, "Maximum": true, "Mean": true, "Mul": true, "Pack": true,
	"Placeholder": true, "Prod": true, "Range": true, "RealDiv": true, "Relu": true,
	"Reshape": true, "Rsqrt": true, "ScatterNd": true, "Shape": true, "Sin": true,
	"Slice": true, "Softmax": true, "SparseToDense": true, "SplitV": true, "Square": true,
	"Squeeze": true, "StridedSlice": true, "Sub": true, "Sum": true, "Tanh": true,
	"Transpose": true, "Where": true,
}

func checkOps(m tfjsModel) error {
	if len(m.ModelTopology.Node) == 0 {
		return fmt.Errorf("encoder: model.json has no graph nodes")
	}
	for _, n := range m.ModelTopology.Node {
		if !knownOps[n.Op] {
			return fmt.Errorf("encoder: graph node %s uses op %s, which this encoder does not implement", n.Name, n.Op)
		}
	}
	return nil
}

// weightReader looks weights up by name and checks their shapes, collecting
// the first error.
type weightReader struct {
	w   map[string]tensor
	err error
}

func (r *weightReader) f32(name string, shape ...int) []float32 {
	if r.err != nil {
		return nil
	}
	t, ok := r.w[name]
	if !ok {
		r.err = fmt.Errorf("encoder: model has no weight %s", name)
		return nil
	}
	if t.f32 == nil || !sameShape(t.shape, shape) {
		r.err = fmt.Errorf("encoder: weight %s has shape %v (%s), want float32 %v", name, t.shape, dtypeOf(t), shape)
		return nil
	}
	return t.f32
}

// vector returns a 1-d float32 weight of any length.
func (r *weightReader) vector(name string) []float32 {
	if r.err != nil {
		return nil
	}
	if t, ok := r.w[name]; ok && len(t.shape) == 1 {
		return r.f32(name, t.shape[0])
	}
	r.err = fmt.Errorf("encoder: model has no 1-d weight %s", name)
	return nil
}

func (r *weightReader) scalar(name string) float32 {
	v := r.f32(name)
	if len(v) != 1 {
		if r.err == nil {
			r.err = fmt.Errorf("encoder: weight %s is not a scalar", name)
		}
		return 0
	}
	return v[0]
}

func (r *weightReader) ints(name string) []int {
	if r.err != nil {
		return nil
	}
	t, ok := r.w[name]
	if !ok || t.i32 == nil {
		r.err = fmt.Errorf("encoder: model has no int32 weight %s", name)
		return nil
	}
	out := make([]int, len(t.i32))
	for i, v := range t.i32 {
		out[i] = int(v)
	}
	return out
}

func sameShape(a, b []int) bool {
	// A scalar may be stored with shape [] or [1].
	if len(b) == 0 {
		n := 1
		for _, d := range a {
			n *= d
		}
		return n == 1
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func dtypeOf(t tensor) string {
	if t.i32 != nil {
		return "int32"
	}
	return "float32"
}
