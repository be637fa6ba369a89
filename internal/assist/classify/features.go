package classify

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// Vector is a sparse feature vector: Val[i] is the value of feature Idx[i].
// Feature ids are opaque 32-bit numbers (hashed n-grams, or an offset block
// for dense features such as sentence embeddings).
type Vector struct {
	Idx []uint32
	Val []float32
}

// Featurizer turns texts into feature vectors. Fit learns corpus statistics
// (for example inverse document frequencies) from the training texts;
// Transform must only be called after Fit. Implementations must be safe for
// concurrent Transform calls once fitted.
type Featurizer interface {
	Fit(texts []string) error
	Transform(texts []string) ([]Vector, error)
}

// Embedder turns texts into dense sentence vectors (the search encoder
// satisfies it).
type Embedder interface {
	Embed(texts []string) ([][]float32, error)
}

// hashBits is the size of the hashed feature space (ids are in [0, 2^hashBits)).
const hashBits = 24

// LexicalOptions configures the TF-IDF featurizer.
type LexicalOptions struct {
	WordMaxN  int     // word n-grams 1..WordMaxN (default 2)
	CharMinN  int     // character n-grams CharMinN..CharMaxN inside word boundaries (default 3)
	CharMaxN  int     // (default 5); 0 with CharMinN 0 disables char n-grams
	CharBlock float64 // weight of the char block relative to the word block (default 1)
	MinDF     int     // features seen in fewer training texts are dropped (default 1)
	// Stems adds crudely stemmed word unigrams ("charged" -> "charg"), which
	// helps when there are few examples.
	Stems bool
}

func (o LexicalOptions) withDefaults() LexicalOptions {
	if o.WordMaxN == 0 {
		o.WordMaxN = 2
	}
	if o.CharMinN == 0 && o.CharMaxN == 0 {
		o.CharMinN, o.CharMaxN = 3, 5
	}
	if o.CharBlock == 0 {
		o.CharBlock = 1
	}
	if o.MinDF == 0 {
		o.MinDF = 1
	}
	return o
}

// Lexical is a hashed TF-IDF featurizer over word 1-2-grams and character
// 3-5-grams (taken inside word boundaries), with sublinear term frequency and
// each block L2-normalised before the blocks are joined and normalised again.
type Lexical struct {
	opt LexicalOptions
	idf map[uint32]float32 // feature id -> idf, for features kept at Fit
}

// NewLexical returns an unfitted lexical featurizer.
func NewLexical(opt LexicalOptions) *Lexical {
	return &Lexical{opt: opt.withDefaults()}
}

// ErrNotFitted is returned when a featurizer or model is used before fitting.
var ErrNotFitted = errors.New("classify: not fitted")

// Fit computes document frequencies over texts.
func (l *Lexical) Fit(texts []string) error {
	if len(texts) == 0 {
		return fmt.Errorf("classify: fit lexical features: %w", ErrNoExamples)
	}
	df := make(map[uint32]int)
	for _, t := range texts {
		for id := range l.counts(t) {
			df[id]++
		}
	}
	n := float64(len(texts))
	l.idf = make(map[uint32]float32, len(df))
	for id, d := range df {
		if d < l.opt.MinDF {
			continue
		}
		l.idf[id] = float32(math.Log((1+n)/(1+float64(d))) + 1)
	}
	return nil
}

// Transform returns the TF-IDF vector of each text.
func (l *Lexical) Transform(texts []string) ([]Vector, error) {
	if l.idf == nil {
		return nil, ErrNotFitted
	}
	out := make([]Vector, len(texts))
	for i, t := range texts {
		out[i] = l.vector(t)
	}
	return out, nil
}

// Size is the approximate memory held by the featurizer, in bytes.
func (l *Lexical) Size() int { return len(l.idf) * 16 }

const (
	nsWord uint32 = 0
	nsChar uint32 = 1
)

func featureID(ns uint32, s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte{byte(ns)})
	h.Write([]byte(s))
	v := h.Sum32() & (1<<hashBits - 1)
	// The top bit of the id space tells the blocks apart.
	return v<<1 | ns
}

// Tokens splits text into lower-case word tokens (letters and digits;
// apostrophes inside words are kept).
func Tokens(text string) []string {
	var toks []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			toks = append(toks, strings.Trim(b.String(), "'"))
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0:
			b.WriteByte('\'')
		default:
			flush()
		}
	}
	flush()
	kept := toks[:0]
	for _, t := range toks {
		if t != "" {
			kept = append(kept, t)
		}
	}
	return kept
}

// counts returns raw counts of every feature of text.
func (l *Lexical) counts(text string) map[uint32]float32 {
	c := make(map[uint32]float32)
	toks := Tokens(text)
	for n := 1; n <= l.opt.WordMaxN; n++ {
		for i := 0; i+n <= len(toks); i++ {
			c[featureID(nsWord, strings.Join(toks[i:i+n], " "))]++
		}
	}
	if l.opt.Stems {
		for _, t := range toks {
			c[featureID(nsWord, "~"+stem(t))]++
		}
	}
	if l.opt.CharMaxN > 0 {
		for _, t := range toks {
			r := []rune(" " + t + " ")
			for n := l.opt.CharMinN; n <= l.opt.CharMaxN; n++ {
				for i := 0; i+n <= len(r); i++ {
					c[featureID(nsChar, string(r[i:i+n]))]++
				}
			}
		}
	}
	return c
}

func (l *Lexical) vector(text string) Vector {
	c := l.counts(text)
	var v Vector
	var norm [2]float64
	for id, n := range c {
		idf, ok := l.idf[id]
		if !ok {
			continue
		}
		w := (1 + float32(math.Log(float64(n)))) * idf
		v.Idx = append(v.Idx, id)
		v.Val = append(v.Val, w)
		norm[id&1] += float64(w) * float64(w)
	}
	scale := [2]float64{1, l.opt.CharBlock}
	var total float64
	for b := range norm {
		if norm[b] > 0 {
			scale[b] /= math.Sqrt(norm[b])
			total += scale[b] * scale[b] * norm[b]
		}
	}
	if total > 0 {
		t := 1 / math.Sqrt(total)
		scale[0] *= t
		scale[1] *= t
	}
	for i, id := range v.Idx {
		v.Val[i] = float32(float64(v.Val[i]) * scale[id&1])
	}
	return v
}

// Embedding turns an Embedder into a Featurizer: the dense vector of each
// text is L2-normalised and placed in a block of ids of its own.
type Embedding struct {
	E Embedder
}

// embedBase is the first id of the embedding block; hashed ids stay below it.
const embedBase uint32 = 1 << 31

// Fit does nothing: sentence embeddings need no corpus statistics.
func (e Embedding) Fit([]string) error { return nil }

// Transform embeds texts.
func (e Embedding) Transform(texts []string) ([]Vector, error) {
	vecs, err := e.E.Embed(texts)
	if err != nil {
		return nil, fmt.Errorf("classify: embed: %w", err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("classify: embedder returned %d vectors for %d texts", len(vecs), len(texts))
	}
	out := make([]Vector, len(vecs))
	for i, d := range vecs {
		var n float64
		for _, x := range d {
			n += float64(x) * float64(x)
		}
		v := Vector{Idx: make([]uint32, 0, len(d)), Val: make([]float32, 0, len(d))}
		if n > 0 {
			s := 1 / math.Sqrt(n)
			for j, x := range d {
				v.Idx = append(v.Idx, embedBase+uint32(j))
				v.Val = append(v.Val, float32(float64(x)*s))
			}
		}
		out[i] = v
	}
	return out, nil
}

// Union joins featurizers: each part's vector is scaled by its weight and the
// joined vector is L2-normalised. Feature ids of the parts must not overlap
// (Lexical and Embedding use disjoint ranges).
type Union struct {
	Parts   []Featurizer
	Weights []float64 // one per part; missing weights are 1
}

// Fit fits every part.
func (u Union) Fit(texts []string) error {
	for _, p := range u.Parts {
		if err := p.Fit(texts); err != nil {
			return err
		}
	}
	return nil
}

// Transform concatenates the parts' vectors.
func (u Union) Transform(texts []string) ([]Vector, error) {
	out := make([]Vector, len(texts))
	for pi, p := range u.Parts {
		vs, err := p.Transform(texts)
		if err != nil {
			return nil, err
		}
		w := float32(1)
		if pi < len(u.Weights) {
			w = float32(u.Weights[pi])
		}
		for i, v := range vs {
			out[i].Idx = append(out[i].Idx, v.Idx...)
			for _, x := range v.Val {
				out[i].Val = append(out[i].Val, x*w)
			}
		}
	}
	for i := range out {
		normalize(out[i].Val)
	}
	return out, nil
}

func normalize(v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return
	}
	s := float32(1 / math.Sqrt(n))
	for i := range v {
		v[i] *= s
	}
}

// stem strips a few common English suffixes.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "ly", "e"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}
