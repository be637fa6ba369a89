// Package sentiment reads the sentiment of customer messages: a VADER-style
// lexicon-and-rules model (boosters, a three-word negation window, the "but"
// shift, emphasis by capitals and by '!' and '?', idioms, and the
// s/sqrt(s²+15) normalisation of Hutto & Gilbert 2014), written here from the
// paper's rules over the VADER lexicon loaded at run time, plus an optional
// learned layer: a logistic regression over the rule scores and over word
// and bigram features (with negation scope marked) that is trained on
// labelled sentences and on a tenant's corrections.
package sentiment

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Label is a sentiment class.
type Label string

// The labels.
const (
	Negative Label = "negative"
	Neutral  Label = "neutral"
	Positive Label = "positive"
)

// Result is the sentiment of one text.
type Result struct {
	Label Label
	// Score is in [-1, 1]: negative below zero, positive above.
	Score float64
	// Confidence in [0, 1] is how sure the model is of Label.
	Confidence float64
	// Rules is the lexicon-and-rules reading the score builds on.
	Rules Scores
}

// Example is a labelled text for the learned layer.
type Example struct {
	Text  string
	Label Label
}

// ErrInvalidLabel is returned for an example whose label is not one of the three.
var ErrInvalidLabel = errors.New("sentiment: invalid label")

// Model scores sentiment. It is safe for concurrent use.
type Model struct {
	lex Lexicon

	mu       sync.RWMutex
	opt      TrainOptions
	examples []Example
	w        []float32 // learned weights; nil until trained
}

// New returns a rules-only model over lex.
func New(lex Lexicon) *Model { return &Model{lex: lex} }

// Load reads the VADER lexicon from modelsDir (see LexiconFile) and returns a
// rules-only model; call Train to add the learned layer.
func Load(modelsDir string) (*Model, error) {
	lex, err := ReadLexicon(filepath.Join(modelsDir, LexiconFile))
	if err != nil {
		return nil, err
	}
	return New(lex), nil
}

// neutralBand is the half-width of the score interval labelled neutral.
const neutralBand = 0.1

// Analyze returns the sentiment of text.
func (m *Model) Analyze(text string) Result {
	rs := Polarity(m.lex, text)
	score := rs.Compound
	m.mu.RLock()
	w := m.w
	m.mu.RUnlock()
	if w != nil {
		p := sigmoid(dot(w, m.features(text, rs)))
		score = 2*p - 1
	}
	r := Result{Score: score, Rules: rs}
	switch {
	case score >= neutralBand:
		r.Label = Positive
	case score <= -neutralBand:
		r.Label = Negative
	default:
		r.Label = Neutral
	}
	if r.Label == Neutral {
		r.Confidence = 1 - math.Abs(score)/neutralBand*0.5
	} else {
		r.Confidence = 0.5 + math.Abs(score)/2
	}
	return r
}

// Train fits the learned layer on examples, replacing earlier ones.
func (m *Model) Train(examples []Example) error {
	for _, e := range examples {
		if _, err := target(e.Label); err != nil {
			return err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.examples = slices.Clone(examples)
	m.w = m.fit(m.examples)
	return nil
}

// Update adds examples (a tenant's corrections) to the training data and
// refits the learned layer.
func (m *Model) Update(examples []Example) error {
	for _, e := range examples {
		if _, err := target(e.Label); err != nil {
			return err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.examples = append(m.examples, examples...)
	m.w = m.fit(m.examples)
	return nil
}

// Size is the approximate memory held by the model, in bytes.
func (m *Model) Size() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.lex)*40 + len(m.w)*4
}

func target(l Label) (float64, error) {
	switch l {
	case Positive:
		return 1, nil
	case Negative:
		return 0, nil
	case Neutral:
		return 0.5, nil
	}
	return 0, fmt.Errorf("%w %q", ErrInvalidLabel, l)
}

// Feature layout: a few dense rule features, then hashed words and bigrams.
const (
	denseFeatures = 12
	hashBits      = 18
	numFeatures   = denseFeatures + 1<<hashBits
)

type feature struct {
	i int
	v float32
}

func (m *Model) features(text string, rs Scores) []feature {
	f := []feature{
		{0, 1}, // bias
		{1, float32(rs.Compound)},
		{2, float32(rs.Pos)},
		{3, float32(rs.Neg)},
		{4, float32(rs.Neu)},
		{5, float32(math.Tanh(rs.Sum / 4))},
		{6, float32(math.Log1p(float64(rs.NPos)))},
		{7, float32(math.Log1p(float64(rs.NNeg)))},
		{8, b2f(rs.Negated)},
		{9, b2f(strings.Contains(text, "!"))},
		{10, b2f(strings.Contains(text, "?"))},
		{11, float32(sign(rs.Compound))},
	}
	words := markNegation(tokenize(text, m.lex))
	var sparse []feature
	seen := make(map[int]bool)
	add := func(s string) {
		i := denseFeatures + hashIndex(s)
		if !seen[i] {
			seen[i] = true
			sparse = append(sparse, feature{i, 1})
		}
	}
	for i, w := range words {
		add(w)
		if i > 0 {
			add(words[i-1] + " " + w)
		}
	}
	if len(sparse) > 0 {
		s := float32(1 / math.Sqrt(float64(len(sparse))))
		for i := range sparse {
			sparse[i].v = s
		}
	}
	return append(f, sparse...)
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

func hashIndex(s string) int {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32() & (1<<hashBits - 1))
}

// markNegation prefixes the words after a negation with "not_" up to the
// next clause break, so "not good" and "good" are different features.
func markNegation(toks []token) []string {
	out := make([]string, 0, len(toks))
	neg := 0
	for _, t := range toks {
		w := strings.Trim(t.lower, ".,;:!?\"()")
		if w == "" {
			continue
		}
		switch {
		case isNegation(w):
			neg = 3
			out = append(out, w)
			continue
		case w == "but":
			neg = 0
		}
		if neg > 0 {
			out = append(out, "not_"+w)
			neg--
		} else {
			out = append(out, w)
		}
	}
	return out
}

func dot(w []float32, f []feature) float64 {
	var s float64
	for _, x := range f {
		s += float64(w[x.i]) * float64(x.v)
	}
	return s
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// TrainOptions are the settings of the learned layer. The defaults were
// chosen by leave-one-domain-out validation inside the training domains.
type TrainOptions struct {
	Epochs int     // passes over the data (default 20)
	Rate   float64 // initial learning rate (default 0.5)
	L2     float64 // regularisation (default 1e-4)
}

func (o TrainOptions) withDefaults() TrainOptions {
	if o.Epochs == 0 {
		o.Epochs = 20
	}
	if o.Rate == 0 {
		o.Rate = 0.5
	}
	if o.L2 == 0 {
		o.L2 = 1e-4
	}
	return o
}

// SetTrainOptions changes the settings used by later Train and Update calls.
func (m *Model) SetTrainOptions(o TrainOptions) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.opt = o
}

const seedBase = 20140601

// fit trains a logistic regression by stochastic gradient descent with
// L2 regularisation applied lazily to the touched weights.
func (m *Model) fit(examples []Example) []float32 {
	if len(examples) == 0 {
		return nil
	}
	type row struct {
		f []feature
		t float64
	}
	rows := make([]row, len(examples))
	for i, e := range examples {
		t, _ := target(e.Label)
		rows[i] = row{m.features(e.Text, Polarity(m.lex, e.Text)), t}
	}
	o := m.opt.withDefaults()
	w := make([]float32, numFeatures)
	// The rule score starts as the prior: a model with no data reproduces it.
	w[1] = 3
	rng := rand.New(rand.NewPCG(seedBase, uint64(len(examples))))
	order := rng.Perm(len(rows))
	step := 0
	for range o.Epochs {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			r := rows[i]
			eta := o.Rate / (1 + float64(step)*o.Rate*o.L2*10)
			step++
			g := sigmoid(dot(w, r.f)) - r.t
			for _, x := range r.f {
				w[x.i] -= float32(eta * (g*float64(x.v) + o.L2*float64(w[x.i])))
			}
		}
	}
	return w
}

// TenantWeight is how many times a tenant's own labelled example counts
// against one example of the general training data in WithExamples.
const TenantWeight = 10

// WithExamples returns a new model over the same lexicon whose learned
// layer is fitted on m's training data plus extra (a tenant's corrected
// messages), each extra example weighing TenantWeight. m is unchanged.
func (m *Model) WithExamples(extra []Example) (*Model, error) {
	for _, e := range extra {
		if _, err := target(e.Label); err != nil {
			return nil, err
		}
	}
	m.mu.RLock()
	base, opt := m.examples, m.opt
	m.mu.RUnlock()
	all := make([]Example, 0, len(base)+TenantWeight*len(extra))
	all = append(all, base...)
	for range TenantWeight {
		all = append(all, extra...)
	}
	out := &Model{lex: m.lex, opt: opt, examples: all}
	out.w = out.fit(all)
	return out, nil
}
