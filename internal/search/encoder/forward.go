package encoder

import (
	"fmt"
	"math"
	"slices"
)

const (
	prefixApply = "module_apply_default/Encoder_en/KonaTransformer/Encode/"
	prefixVars  = "module/Encoder_en/KonaTransformer/Encode/"
)

// layer is one transformer layer.
type layer struct {
	in            int // width of the layer input (256 for layer 0, 512 after)
	heads, depth  int
	lnAttn, lnFFN lnParams
	// qkv projects to queries, keys and values; the queries' columns and
	// bias are pre-multiplied by the attention scale 1/sqrt(depth).
	qkv, out   *matrix
	qkvB, outB []float32
	residual   *matrix // layer 0 only: widens the residual from in to Dim
	// residualB is the residual projection's bias plus outB (layer 0 only).
	residualB    []float32
	ffn1, ffn2   *matrix
	ffn1B, ffn2B []float32
	hidden       int
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
		qScale := r.scalar(stack + "MultiheadAttention/mul/y")
		L.lnAttn = lnParams{
			r.f32(apply+"layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", in),
			r.f32(apply+"layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", in),
		}
		qkv := r.f32(vars+"MultiheadAttention/qkv_transform_single/kernel/part_0", 1, 1, in, 3*in)
		L.qkvB = r.f32(apply+"MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3*in)
		if r.err == nil {
			// (x·Wq + bq)·scale = x·(Wq·scale) + bq·scale.
			qkv, L.qkvB = slices.Clone(qkv), slices.Clone(L.qkvB)
			for row := range in {
				for j := range in {
					qkv[row*3*in+j] *= qScale
				}
			}
			for j := range in {
				L.qkvB[j] *= qScale
			}
		}
		L.qkv = packMatrix(qkv, in, 3*in)
		L.out = packMatrix(r.f32(vars+"MultiheadAttention/output_transform_single/kernel/part_0", 1, 1, in, Dim), in, Dim)
		L.outB = r.f32(apply+"MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", Dim)
		if in != Dim {
			L.residual = packMatrix(r.f32(apply+"dense/kernel/ConcatPartitions/concat", in, Dim), in, Dim)
			if b := r.f32(apply+"dense/bias/ConcatPartitions/concat", Dim); b != nil && L.outB != nil {
				L.residualB = make([]float32, Dim)
				for j := range Dim {
					L.residualB[j] = b[j] + L.outB[j]
				}
			}
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
// and are reused across calls (one scratch per concurrent pass).
type scratch struct {
	x0, ln, qkv, att, h, ff []float32
	pooled, pooledFF, out   []float32
	logits, keys, vals      []float32 // attention, one head at a time
}

// grow returns buf resized to n floats, reusing its storage when it is large
// enough. The contents are not cleared.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

// forward embeds the sentences given as piece ids (already clipped to
// maxLen) into out, one Dim-long slice per sentence. All pieces of all
// sentences are stacked as rows, so the dense layers run as a few large
// matrix products; attention runs per sentence.
//
// Row counts are padded to the kernel's tile (gemmRows) plus one more tile,
// which attention's per-sentence products may read and write past the last
// sentence. Padding rows hold finite values that never reach a result.
func (w *weights) forward(s *scratch, ids [][]int, out [][]float32) {
	rows := 0
	for _, p := range ids {
		rows += len(p)
	}
	m := roundUp(max(rows, 1), gemmRows)
	alloc := m + gemmRows
	last := len(w.layers) - 1

	// Layer 0 input: twice the piece embedding plus the timing signal.
	s.x0 = grow(s.x0, alloc*w.embDim)
	clear(s.x0[rows*w.embDim:])
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

	s.h = grow(s.h, alloc*Dim)
	s.ln = grow(s.ln, alloc*Dim)
	clear(s.ln[rows*w.layers[0].in:])
	s.qkv = grow(s.qkv, alloc*3*Dim)
	s.att = grow(s.att, alloc*Dim)
	s.ff = grow(s.ff, alloc*w.layers[0].hidden)
	for l := range w.layers {
		L := &w.layers[l]
		in, inW := s.x0, w.embDim
		if l > 0 {
			in, inW = s.h, Dim
		}
		// Attention block: h = residual(in) + out(attention(LN(in))) + b.
		layerNorm(s.ln[:rows*L.in], in[:rows*inW], L.in, L.lnAttn, w.eps)
		gemm(s.qkv, 3*L.in, s.ln, L.in, m, L.qkv, epilogue{bias: L.qkvB})
		start := 0
		for _, p := range ids {
			L.attend(s, s.att, s.qkv, start, len(p))
			start += len(p)
		}
		if L.residual != nil {
			gemm(s.h, Dim, s.x0, w.embDim, m, L.residual, epilogue{bias: L.residualB})
			gemm(s.h, Dim, s.att, L.in, m, L.out, epilogue{accumulate: true})
		} else {
			gemm(s.h, Dim, s.att, L.in, m, L.out, epilogue{accumulate: true, bias: L.outB})
		}

		// Feed-forward block: h += ffn2(relu(ffn1(LN(h)))) + b.
		layerNorm(s.ln[:rows*Dim], s.h[:rows*Dim], Dim, L.lnFFN, w.eps)
		s.ff = grow(s.ff, alloc*L.hidden)
		gemm(s.ff, L.hidden, s.ln, Dim, m, L.ffn1, epilogue{bias: L.ffn1B, relu: true})
		if l < last {
			gemm(s.h, Dim, s.ff, L.hidden, m, L.ffn2, epilogue{accumulate: true, bias: L.ffn2B})
		}
	}

	// The model's output is tanh(mean(h)·W + b), L2-normalised. The last
	// layer's second FFN product is linear, so it is applied once to the
	// mean of each sentence's FFN activations instead of to every row:
	// mean(h + ff·W2 + b2) = mean(h) + mean(ff)·W2 + b2.
	L := &w.layers[last]
	b := roundUp(len(ids), gemmRows)
	s.pooled = grow(s.pooled, b*Dim)
	s.pooledFF = grow(s.pooledFF, b*L.hidden)
	clear(s.pooled)
	clear(s.pooledFF)
	start := 0
	for i, p := range ids {
		meanRows(s.pooled[i*Dim:(i+1)*Dim], s.h[start*Dim:(start+len(p))*Dim])
		meanRows(s.pooledFF[i*L.hidden:(i+1)*L.hidden], s.ff[start*L.hidden:(start+len(p))*L.hidden])
		start += len(p)
	}
	gemm(s.pooled, Dim, s.pooledFF, L.hidden, b, L.ffn2, epilogue{accumulate: true})
	for i, p := range ids {
		if len(p) > 0 { // a text without pieces pools to zero
			addTo(s.pooled[i*Dim:(i+1)*Dim], L.ffn2B)
		}
	}
	s.out = grow(s.out, b*Dim)
	gemm(s.out, Dim, s.pooled, Dim, b, w.tanh, epilogue{bias: w.tanhB})
	for i := range ids {
		v := s.out[i*Dim : (i+1)*Dim]
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

// meanRows sets dst to the mean of the rows (of width len(dst)) in x; dst
// is zero on entry and stays zero if x is empty.
func meanRows(dst, x []float32) {
	d := len(dst)
	if len(x) == 0 {
		return
	}
	for r := 0; r < len(x); r += d {
		addTo(dst, x[r:r+d])
	}
	inv := 1 / float32(len(x)/d)
	for j := range dst {
		dst[j] *= inv
	}
}

// addTo adds x to dst element-wise.
func addTo(dst, x []float32) {
	x = x[:len(dst)]
	for j, v := range x {
		dst[j] += v
	}
}

// attend runs multi-head self-attention for one sentence whose n rows start
// at row start of qkv (each row: scaled queries, keys, values, each of width
// L.in), and writes the combined heads into att. Both products per head run
// on the gemm kernel: queries are read in place, keys and values are packed
// as weight panels, and the output goes straight into att. The products
// cover n rounded up to whole tiles, so they read and write rows past the
// sentence: those belong to the next sentence (processed later, so rewritten)
// or to the padding.
func (L *layer) attend(s *scratch, att, qkv []float32, start, n int) {
	if n == 0 {
		return
	}
	width, depth := 3*L.in, L.depth
	mq, nk := roundUp(n, gemmRows), roundUp(n, gemmCols)
	s.logits = grow(s.logits, mq*nk)
	keys := matrix{k: depth, n: nk, panels: grow(s.keys, depth*nk)}
	vals := matrix{k: nk, n: depth, panels: grow(s.vals, nk*depth)}
	s.keys, s.vals = keys.panels, vals.panels
	// Padding keys and values are zero.
	if nk > n {
		clear(keys.panels[(nk/gemmCols-1)*depth*gemmCols:])
		for p := range depth / gemmCols {
			clear(vals.panels[(p*nk+n)*gemmCols : (p+1)*nk*gemmCols])
		}
	}
	base := qkv[start*width:]
	for h := range L.heads {
		qo, ko, vo := h*depth, L.in+h*depth, 2*L.in+h*depth
		for i := range n {
			row := base[i*width:]
			// Key i is column i of the keys matrix; value i is row i of values.
			kp := keys.panels[(i/gemmCols)*depth*gemmCols+i%gemmCols:]
			for d, v := range row[ko : ko+depth] {
				kp[d*gemmCols] = v
			}
			for p := range depth / gemmCols {
				copy(vals.panels[(p*nk+i)*gemmCols:(p*nk+i+1)*gemmCols], row[vo+p*gemmCols:vo+(p+1)*gemmCols])
			}
		}
		gemm(s.logits, nk, base[qo:], width, mq, &keys, epilogue{})
		for i := range n {
			softmax(s.logits[i*nk : i*nk+n])
		}
		gemm(att[start*L.in+qo:], L.in, s.logits, nk, mq, &vals, epilogue{})
	}
}

// softmax replaces l by its softmax.
func softmax(l []float32) {
	mx := l[0]
	for _, v := range l {
		mx = max(mx, v)
	}
	var sum float32
	for j, v := range l {
		e := expNonPositive(v - mx)
		l[j] = e
		sum += e
	}
	inv := 1 / sum
	for j := range l {
		l[j] *= inv
	}
}

// expNonPositive returns e^x for x <= 0 in float32, within a few ulps: x is
// split as n·ln2 + r with |r| <= ln2/2, e^r comes from a degree-6 Taylor
// polynomial (error below 2e-8 on that interval) and 2^n is put into the
// exponent bits. Results below the normal range flush to zero.
func expNonPositive(x float32) float32 {
	if x < -87 {
		return 0
	}
	const (
		log2e = 1.44269504088896341
		ln2Hi = 0.693359375 // ln 2 split so that n·ln2Hi is exact in float32
		ln2Lo = -2.12194440e-4
	)
	n := float32(int32(x*log2e - 0.5)) // round to nearest for x <= 0
	r := x - n*ln2Hi - n*ln2Lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	return p * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// layerNorm normalises each row of x (width d) into dst:
// (x-mean)·scale/sqrt(var+eps) + bias. Sums use four accumulators so that
// they do not wait on one another.
func layerNorm(dst, x []float32, d int, n lnParams, eps float32) {
	scale, bias := n.scale[:d], n.bias[:d]
	for r := 0; r < len(x); r += d {
		row := x[r : r+d : r+d]
		var s0, s1, s2, s3 float32
		for i := 0; i+3 < d; i += 4 {
			s0 += row[i]
			s1 += row[i+1]
			s2 += row[i+2]
			s3 += row[i+3]
		}
		for i := d &^ 3; i < d; i++ {
			s0 += row[i]
		}
		mean := (s0 + s1 + s2 + s3) / float32(d)
		s0, s1, s2, s3 = 0, 0, 0, 0
		for i := 0; i+3 < d; i += 4 {
			v0, v1, v2, v3 := row[i]-mean, row[i+1]-mean, row[i+2]-mean, row[i+3]-mean
			s0 += v0 * v0
			s1 += v1 * v1
			s2 += v2 * v2
			s3 += v3 * v3
		}
		for i := d &^ 3; i < d; i++ {
			s0 += (row[i] - mean) * (row[i] - mean)
		}
		inv := float32(1 / math.Sqrt(float64((s0+s1+s2+s3)/float32(d)+eps)))
		out := dst[r : r+d : r+d]
		for i, v := range row {
			out[i] = scale[i]*inv*(v-mean) + bias[i]
		}
	}
}

func roundUp(n, k int) int { return (n + k - 1) / k * k }
