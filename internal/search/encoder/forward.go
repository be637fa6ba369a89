package encoder

import (
	"fmt"
	"math"
)

const (
	prefixApply = "module_apply_default/Encoder_en/KonaTransformer/Encode/"
	prefixVars  = "module/Encoder_en/KonaTransformer/Encode/"
)

// layer is one transformer layer.
type layer struct {
	in            int // width of the layer input (256 for layer 0, 512 after)
	heads, depth  int
	qScale        float32
	lnAttn, lnFFN lnParams
	qkv, out      *matrix
	qkvB, outB    []float32
	residual      *matrix // layer 0 only: widens the residual from in to Dim
	residualB     []float32
	ffn1, ffn2    *matrix
	ffn1B, ffn2B  []float32
	hidden        int
}

type lnParams struct{ scale, bias []float32 }

// weights holds the model, with every matrix packed for gemm.
type weights struct {
	vocab, embDim int
	maxLen        int
	eps           float32
	l2Eps         float32
	emb           []float32 // [vocab][embDim]
	timing        []float32 // [maxLen][embDim]: sin then cos of position × inverse timescale
	layers        [2]layer
	tanh          *matrix
	tanhB         []float32
}

func newWeights(raw map[string]tensor) (*weights, error) {
	r := &weightReader{w: raw}
	w := &weights{}
	embT, ok := raw["module/Embeddings_en"]
	if !ok || len(embT.shape) != 2 {
		return nil, fmt.Errorf("encoder: model has no 2-d weight module/Embeddings_en")
	}
	w.vocab, w.embDim = embT.shape[0], embT.shape[1]
	w.emb = r.f32("module/Embeddings_en", w.vocab, w.embDim)
	if ml := r.ints("module_apply_default/Encoder_en/KonaTransformer/ClipToMaxLength/Less/y"); len(ml) == 1 {
		w.maxLen = ml[0]
	}
	w.eps = r.scalar(prefixApply + "TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x")
	w.l2Eps = r.scalar("module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y")
	inv := r.f32(prefixApply+"TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, w.embDim/2)
	heads := r.ints(prefixApply + "TransformerStack/Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2")
	if r.err != nil {
		return nil, r.err
	}
	if w.maxLen <= 0 || w.maxLen > 1<<16 || len(heads) != 1 || heads[0] <= 0 {
		return nil, fmt.Errorf("encoder: implausible model constants (max length %d, heads %v)", w.maxLen, heads)
	}
	half := w.embDim / 2
	w.timing = make([]float32, w.maxLen*w.embDim)
	for pos := range w.maxLen {
		row := w.timing[pos*w.embDim:]
		for i := range half {
			t := float64(float32(pos) * inv[i])
			row[i] = float32(math.Sin(t))
			row[half+i] = float32(math.Cos(t))
		}
	}

	for l := range w.layers {
		L := &w.layers[l]
		in := Dim
		if l == 0 {
			in = w.embDim
		}
		L.in, L.heads = in, heads[0]
		stack := fmt.Sprintf("%sTransformerStack/Layer_%d/TransformerLayer/", prefixApply, l)
		apply := fmt.Sprintf("%sLayer_%d/TransformerLayer/", prefixApply, l)
		vars := fmt.Sprintf("%sLayer_%d/TransformerLayer/", prefixVars, l)
		if d := r.ints(stack + "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3"); len(d) == 1 {
			L.depth = d[0]
		}
		if s := r.ints(stack + "MultiheadAttention/Const"); r.err == nil && (len(s) != 3 || s[0] != in || s[1] != in || s[2] != in) {
			return nil, fmt.Errorf("encoder: layer %d splits qkv as %v, want 3 × %d", l, s, in)
		}
		L.qScale = r.scalar(stack + "MultiheadAttention/mul/y")
		L.lnAttn = lnParams{
			r.f32(apply+"layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", in),
			r.f32(apply+"layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", in),
		}
		L.qkv = packMatrix(r.f32(vars+"MultiheadAttention/qkv_transform_single/kernel/part_0", 1, 1, in, 3*in), in, 3*in)
		L.qkvB = r.f32(apply+"MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3*in)
		L.out = packMatrix(r.f32(vars+"MultiheadAttention/output_transform_single/kernel/part_0", 1, 1, in, Dim), in, Dim)
		L.outB = r.f32(apply+"MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", Dim)
		if in != Dim {
			L.residual = packMatrix(r.f32(apply+"dense/kernel/ConcatPartitions/concat", in, Dim), in, Dim)
			L.residualB = r.f32(apply+"dense/bias/ConcatPartitions/concat", Dim)
		}
		L.lnFFN = lnParams{
			r.f32(apply+"FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", Dim),
			r.f32(apply+"FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", Dim),
		}
		L.ffn1B = r.vector(apply + "FFN/conv1/bias/ConcatPartitions/concat")
		L.hidden = len(L.ffn1B)
		L.ffn1 = packMatrix(r.f32(stack+"FFN/conv1/Tensordot/Reshape_1", Dim, L.hidden), Dim, L.hidden)
		L.ffn2 = packMatrix(r.f32(stack+"FFN/conv2/Tensordot/Reshape_1", L.hidden, Dim), L.hidden, Dim)
		L.ffn2B = r.f32(apply+"FFN/conv2/bias/ConcatPartitions/concat", Dim)
		if r.err == nil && L.heads*L.depth != in {
			return nil, fmt.Errorf("encoder: layer %d has %d heads of %d for width %d", l, L.heads, L.depth, in)
		}
	}
	w.tanh = packMatrix(r.f32("module/Encoder_en/hidden_layers/tanh_layer_0/weights", Dim, Dim), Dim, Dim)
	w.tanhB = r.f32("module/Encoder_en/hidden_layers/tanh_layer_0/bias", Dim)
	if r.err != nil {
		return nil, r.err
	}
	return w, nil
}

// scratch holds the activations of one forward pass; buffers grow as needed
// and are reused across calls.
type scratch struct {
	x0, ln, qkv, att, h, ff  []float32
	pooled                   []float32
	q, keys, vals, logits, o []float32 // attention, per head
}

func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// forward embeds the sentences given as piece ids (already clipped to
// maxLen) into out, one Dim-long slice per sentence. All pieces of all
// sentences are stacked as rows, so the dense layers run as a few large
// matrix products; attention runs per sentence.
func (w *weights) forward(s *scratch, ids [][]int, out [][]float32) {
	rows := 0
	for _, p := range ids {
		rows += len(p)
	}
	m := roundUp(max(rows, 1), gemmRows)

	// Layer 0 input: twice the piece embedding plus the timing signal.
	s.x0 = grow(s.x0, m*w.embDim)
	r := 0
	for _, p := range ids {
		for pos, id := range p {
			x := s.x0[r*w.embDim : (r+1)*w.embDim]
			e := w.emb[id*w.embDim : (id+1)*w.embDim]
			t := w.timing[pos*w.embDim : (pos+1)*w.embDim]
			for i := range x {
				x[i] = e[i] + (e[i] + t[i])
			}
			r++
		}
	}

	s.h = grow(s.h, m*Dim)
	s.ff = grow(s.ff, m*w.layers[0].hidden)
	for l := range w.layers {
		L := &w.layers[l]
		in := s.x0
		if l > 0 {
			in = s.h
		}
		// Attention block: h = residual(in) + out(attention(LN(in))).
		s.ln = grow(s.ln, m*L.in)
		layerNorm(s.ln[:rows*L.in], in[:rows*L.in], L.in, L.lnAttn, w.eps)
		s.qkv = grow(s.qkv, m*3*L.in)
		fillBias(s.qkv, L.qkvB)
		gemm(s.qkv, s.ln, m, L.qkv)
		s.att = grow(s.att, m*L.in)
		start := 0
		for _, p := range ids {
			L.attend(s, s.att, s.qkv, start, len(p))
			start += len(p)
		}
		if L.residual != nil {
			fillBias(s.h, L.residualB)
			gemm(s.h, s.x0, m, L.residual)
		}
		addBias(s.h[:rows*Dim], L.outB)
		gemm(s.h, s.att, m, L.out)

		// Feed-forward block: h += ffn2(relu(ffn1(LN(h)))).
		s.ln = grow(s.ln, m*Dim)
		layerNorm(s.ln[:rows*Dim], s.h[:rows*Dim], Dim, L.lnFFN, w.eps)
		s.ff = grow(s.ff, m*L.hidden)
		fillBias(s.ff, L.ffn1B)
		gemm(s.ff, s.ln, m, L.ffn1)
		for i, v := range s.ff[:rows*L.hidden] {
			if v < 0 {
				s.ff[i] = 0
			}
		}
		addBias(s.h[:rows*Dim], L.ffn2B)
		gemm(s.h, s.ff, m, L.ffn2)
	}

	// Mean over each sentence's pieces, then tanh(pooled·W + b), then L2.
	b := roundUp(len(ids), gemmRows)
	s.pooled = grow(s.pooled, b*Dim)
	start := 0
	for i, p := range ids {
		dst := s.pooled[i*Dim : (i+1)*Dim]
		for r := start; r < start+len(p); r++ {
			for j, v := range s.h[r*Dim : (r+1)*Dim] {
				dst[j] += v
			}
		}
		div := float32(max(len(p), 1))
		for j := range dst {
			dst[j] /= div
		}
		start += len(p)
	}
	s.ln = grow(s.ln, b*Dim)
	fillBias(s.ln, w.tanhB)
	gemm(s.ln, s.pooled, b, w.tanh)
	for i := range ids {
		v := s.ln[i*Dim : (i+1)*Dim]
		var ss float32
		for j, x := range v {
			t := float32(math.Tanh(float64(x)))
			v[j] = t
			ss += t * t
		}
		scale := float32(1 / math.Sqrt(float64(max(ss, w.l2Eps))))
		for j, x := range v {
			out[i][j] = x * scale
		}
	}
}

// attend runs multi-head self-attention for one sentence whose n rows start
// at row start of qkv (each row: queries, keys, values of width L.in), and
// writes the combined heads into att. Both products per head run on the gemm
// kernel: keys and values are packed as weight panels.
func (L *layer) attend(s *scratch, att, qkv []float32, start, n int) {
	if n == 0 {
		return
	}
	width, depth := 3*L.in, L.depth
	mq, nk := roundUp(n, gemmRows), roundUp(n, gemmCols)
	s.q = grow(s.q, mq*depth)
	s.logits = grow(s.logits, mq*nk)
	s.o = grow(s.o, mq*depth)
	keys := matrix{k: depth, n: nk, panels: grow(s.keys, depth*nk)}
	vals := matrix{k: nk, n: depth, panels: grow(s.vals, nk*depth)}
	s.keys, s.vals = keys.panels, vals.panels
	for h := range L.heads {
		qo, ko, vo := h*depth, L.in+h*depth, 2*L.in+h*depth
		for i := range n {
			row := qkv[(start+i)*width:]
			q := s.q[i*depth : (i+1)*depth]
			for d, v := range row[qo : qo+depth] {
				q[d] = v * L.qScale
			}
			// Key i is column i of the keys matrix; value i is row i of values.
			kp := keys.panels[(i/gemmCols)*depth*gemmCols+i%gemmCols:]
			for d, v := range row[ko : ko+depth] {
				kp[d*gemmCols] = v
			}
			for d, v := range row[vo : vo+depth] {
				vals.panels[(d/gemmCols)*nk*gemmCols+i*gemmCols+d%gemmCols] = v
			}
		}
		clear(s.logits)
		gemm(s.logits, s.q, mq, &keys)
		for i := range n {
			l := s.logits[i*nk : i*nk+n]
			mx := l[0]
			for _, v := range l {
				mx = max(mx, v)
			}
			var sum float32
			for j, v := range l {
				e := float32(math.Exp(float64(v - mx)))
				l[j] = e
				sum += e
			}
			inv := 1 / sum
			for j := range l {
				l[j] *= inv
			}
		}
		clear(s.o)
		gemm(s.o, s.logits, mq, &vals)
		for i := range n {
			copy(att[(start+i)*L.in+qo:(start+i)*L.in+qo+depth], s.o[i*depth:(i+1)*depth])
		}
	}
}

// layerNorm normalises each row of x (width d) into dst:
// (x-mean)·scale/sqrt(var+eps) + bias.
func layerNorm(dst, x []float32, d int, n lnParams, eps float32) {
	for r := 0; r < len(x); r += d {
		row := x[r : r+d]
		var sum float32
		for _, v := range row {
			sum += v
		}
		mean := sum / float32(d)
		var sq float32
		for _, v := range row {
			sq += (v - mean) * (v - mean)
		}
		inv := float32(1 / math.Sqrt(float64(sq/float32(d)+eps)))
		out := dst[r : r+d]
		for i, v := range row {
			out[i] = n.scale[i]*inv*(v-mean) + n.bias[i]
		}
	}
}

// fillBias sets every row of c to bias.
func fillBias(c, bias []float32) {
	for r := 0; r < len(c); r += len(bias) {
		copy(c[r:r+len(bias)], bias)
	}
}

// addBias adds bias to every row of c.
func addBias(c, bias []float32) {
	for r := 0; r < len(c); r += len(bias) {
		row := c[r : r+len(bias)]
		for i, b := range bias {
			row[i] += b
		}
	}
}

func roundUp(n, k int) int { return (n + k - 1) / k * k }
