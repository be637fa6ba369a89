// Package classify is the per-tenant ticket classifier of triage: it learns a
// tenant's own categories from the admins' descriptions and examples
// (few-shot, nearest centroid), from labelled tickets (one-vs-rest linear
// SVMs over hashed TF-IDF word 1-2-grams and character 3-5-grams) and from
// agents' corrections, which are added as weighted examples and refit.
//
// Features come from a Featurizer, so sentence embeddings (an Embedder) can
// be joined to the lexical features without changing the models.
package classify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
)

// ErrNoExamples is returned when there is nothing to learn from.
var ErrNoExamples = errors.New("classify: no examples")

// Category is one of a tenant's categories, as an admin sets it up.
type Category struct {
	Name        string
	Description string   // optional; used as an extra example of the category
	Examples    []string // a few example texts
}

// Example is a labelled text: a tenant's labelled ticket, or an agent's
// correction of a prediction.
type Example struct {
	Text       string
	Label      string
	Correction bool // corrections weigh CorrectionWeight and replace earlier labels of the same text
}

// Options configures a Classifier. The zero value gives the defaults.
type Options struct {
	Lexical LexicalOptions
	// Embedder, when set, adds sentence embeddings: they are joined to the
	// lexical features of the SVMs and centroids, weighted by EmbeddingWeight
	// (default 1; negative: not joined), and a softmax head trained on the
	// embeddings alone adds its log-probabilities (late fusion, see Head).
	Embedder        Embedder
	EmbeddingWeight float64
	Head            HeadOptions
	// C is the SVM penalty (default 2).
	C float64
	// CentroidWeight blends the nearest-centroid cosine into the SVM scores.
	// Negative means automatic: centroids dominate with few examples per
	// category and fade as data grows. Zero is taken as automatic too; use
	// a tiny positive value to turn centroids off.
	CentroidWeight float64
	// CorrectionWeight scales the penalty of corrections (default 3).
	CorrectionWeight float64
	// Workers bounds training parallelism (default GOMAXPROCS).
	Workers int
	Seed    uint64
}

func (o Options) withDefaults() Options {
	if o.C == 0 {
		o.C = 2
	}
	if o.EmbeddingWeight == 0 {
		o.EmbeddingWeight = 1
	}
	o.Head = o.Head.withDefaults()
	if o.CorrectionWeight == 0 {
		o.CorrectionWeight = 3
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// Scored is one category with its score.
type Scored struct {
	Label string
	Score float64 // probability-like, the scores of a prediction sum to 1
}

// Prediction is the classifier's answer for one text.
type Prediction struct {
	Label      string
	Confidence float64  // probability-like score of Label in [0,1]
	Ranked     []Scored // every category, best first
}

// Classifier is a tenant's category model. It is safe for concurrent use;
// Predict runs under a read lock while Train and Update refit.
type Classifier struct {
	opt  Options
	cats []Category

	mu       sync.RWMutex
	examples []Example // labelled examples and corrections, in arrival order
	labels   []string
	lex      *Lexical
	head     *lda    // nil without an Embedder or with the head off
	beta     float64 // weight of the head
	svm      *linear // nil with fewer than two categories
	cen      *linear
	lambda   float64
}

// New returns a classifier over cats. It predicts nothing until Train.
func New(cats []Category, opt Options) *Classifier {
	return &Classifier{opt: opt.withDefaults(), cats: slices.Clone(cats)}
}

// Train replaces the labelled examples with examples (which may be empty
// when the categories carry their own examples) and fits the model.
func (c *Classifier) Train(ctx context.Context, examples []Example) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.examples = slices.Clone(examples)
	return c.fit(ctx)
}

// Update adds examples (typically agents' corrections) and refits. A
// correction replaces any earlier label of the same text.
func (c *Classifier) Update(ctx context.Context, examples []Example) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.examples = append(c.examples, examples...)
	return c.fit(ctx)
}

func normText(s string) string { return strings.Join(Tokens(s), " ") }

// trainingSet gathers texts, class numbers and weights from the categories and
// examples. Labels outside the categories become new categories.
func (c *Classifier) trainingSet() (texts []string, y []int, weight []float64, perClass []int) {
	c.labels = c.labels[:0]
	class := make(map[string]int)
	classOf := func(label string) int {
		k, ok := class[label]
		if !ok {
			k = len(c.labels)
			class[label] = k
			c.labels = append(c.labels, label)
			perClass = append(perClass, 0)
		}
		return k
	}
	add := func(text string, k int, w float64) {
		texts = append(texts, text)
		y = append(y, k)
		weight = append(weight, w)
		perClass[k]++
	}
	for _, cat := range c.cats {
		k := classOf(cat.Name)
		desc := strings.ReplaceAll(cat.Name, "_", " ")
		if cat.Description != "" {
			desc += ". " + cat.Description
		}
		add(desc, k, 1)
		for _, e := range cat.Examples {
			add(e, k, 1)
		}
	}
	// The last correction of a text wins over earlier labels of it.
	latest := make(map[string]int)
	for i, e := range c.examples {
		if e.Correction {
			latest[normText(e.Text)] = i
		}
	}
	for i, e := range c.examples {
		if j, ok := latest[normText(e.Text)]; ok && j != i {
			continue
		}
		w := 1.0
		if e.Correction {
			w = c.opt.CorrectionWeight
		}
		add(e.Text, classOf(e.Label), w)
	}
	return texts, y, weight, perClass
}

// features returns the SVM/centroid vectors of texts and, with an Embedder,
// their unit-length embeddings.
func (c *Classifier) features(lex *Lexical, texts []string) ([]Vector, [][]float32, error) {
	vs, err := lex.Transform(texts)
	if err != nil {
		return nil, nil, err
	}
	if c.opt.Embedder == nil {
		return vs, nil, nil
	}
	es, err := Embedding{E: c.opt.Embedder}.Transform(texts)
	if err != nil {
		return nil, nil, err
	}
	dense := make([][]float32, len(es))
	for i, e := range es {
		d := make([]float32, len(e.Val))
		copy(d, e.Val)
		dense[i] = d
		if c.opt.EmbeddingWeight < 0 || len(e.Val) == 0 {
			continue
		}
		w := float32(c.opt.EmbeddingWeight)
		v := Vector{Idx: append(slices.Clip(vs[i].Idx), e.Idx...), Val: slices.Clip(slices.Clone(vs[i].Val))}
		for _, x := range e.Val {
			v.Val = append(v.Val, x*w)
		}
		normalize(v.Val)
		vs[i] = v
	}
	return vs, dense, nil
}

func (c *Classifier) fit(ctx context.Context) error {
	texts, y, weight, perClass := c.trainingSet()
	if len(texts) == 0 {
		return ErrNoExamples
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	lex := NewLexical(c.opt.Lexical)
	if err := lex.Fit(texts); err != nil {
		return fmt.Errorf("classify: fit features: %w", err)
	}
	vs, dense, err := c.features(lex, texts)
	if err != nil {
		return fmt.Errorf("classify: featurize: %w", err)
	}
	k := len(c.labels)
	c.lex = lex
	c.cen = centroids(vs, y, weight, k)
	c.svm = nil
	c.head = nil
	if k >= 2 {
		c.svm = trainSVM(vs, y, weight, k, svmOptions{C: c.opt.C, MaxIter: 50, Eps: 0.1, Seed: c.opt.Seed, Workers: c.opt.Workers})
		c.beta = c.opt.Head.Weight
		if c.beta == 0 {
			c.beta = autoHeadWeight(perClass)
		}
		if dense != nil && c.beta > 0 && len(dense[0]) > 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			c.head = trainLDA(dense, y, weight, k, c.opt.Head.Shrinkage, c.opt.Head.Scale)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.lambda = c.opt.CentroidWeight
	if c.lambda <= 0 {
		c.lambda = autoCentroidWeight(perClass)
	}
	return nil
}

// autoCentroidWeight gives the centroid cosine more say when categories have
// few examples (it was tuned on a validation split of Banking77's train.csv).
func autoCentroidWeight(perClass []int) float64 {
	if len(perClass) == 0 {
		return 1
	}
	return 2 / math.Sqrt(float64(medianCount(perClass)))
}

func medianCount(perClass []int) int {
	if len(perClass) == 0 {
		return 0
	}
	s := slices.Clone(perClass)
	sort.Ints(s)
	return s[len(s)/2]
}

// FusionWeights returns the weights the fitted model gives the centroid
// cosine and the embedding head's log-probabilities (the SVM scores weigh
// 1), as set in Options or picked automatically from the examples per
// category. They are zero before the first fit. Passing them back as
// Options.CentroidWeight and Options.Head.Weight pins them, for example
// while adding pseudo-labelled examples that should not count as data.
func (c *Classifier) FusionWeights() (centroid, head float64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.lambda, c.beta
}

// Labels returns the categories the model knows, in class order.
func (c *Classifier) Labels() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.labels)
}

// Predict classifies one text.
func (c *Classifier) Predict(text string) (Prediction, error) {
	ps, err := c.PredictBatch([]string{text})
	if err != nil {
		return Prediction{}, err
	}
	return ps[0], nil
}

// PredictBatch classifies texts.
func (c *Classifier) PredictBatch(texts []string) ([]Prediction, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.lex == nil {
		return nil, ErrNotFitted
	}
	vs, dense, err := c.features(c.lex, texts)
	if err != nil {
		return nil, fmt.Errorf("classify: featurize: %w", err)
	}
	out := make([]Prediction, len(vs))
	for i, v := range vs {
		var d []float32
		if dense != nil {
			d = dense[i]
		}
		out[i] = c.predict(v, d)
	}
	return out, nil
}

// temperature turns score differences into probability-like confidences.
const temperature = 6.0

func (c *Classifier) predict(v Vector, dense []float32) Prediction {
	s := c.cen.scores(v)
	for j := range s {
		s[j] *= c.lambda
	}
	if c.svm != nil {
		for j, x := range c.svm.scores(v) {
			s[j] += x
		}
	}
	if c.head != nil && len(dense) == c.head.in {
		for j, x := range c.head.logProbs(dense) {
			s[j] += c.beta * x
		}
	}
	top := math.Inf(-1)
	for _, x := range s {
		top = max(top, x)
	}
	var z float64
	ranked := make([]Scored, len(s))
	for j, x := range s {
		e := math.Exp(temperature * (x - top))
		z += e
		ranked[j] = Scored{Label: c.labels[j], Score: e}
	}
	for j := range ranked {
		ranked[j].Score /= z
	}
	sort.SliceStable(ranked, func(a, b int) bool { return ranked[a].Score > ranked[b].Score })
	return Prediction{Label: ranked[0].Label, Confidence: ranked[0].Score, Ranked: ranked}
}

// Size is the approximate memory held by the fitted model, in bytes.
func (c *Classifier) Size() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := 0
	if c.lex != nil {
		n += c.lex.Size()
	}
	if c.head != nil {
		n += c.head.size()
	}
	if c.svm != nil {
		n += c.svm.size()
	}
	if c.cen != nil {
		n += c.cen.size()
	}
	return n
}

// HeadOptions configures the embedding head: linear discriminant analysis
// on the sentence embeddings alone, whose log-probabilities are added to the
// SVM and centroid scores. The zero value gives the defaults, tuned on
// validation splits carved from Banking77's train.csv (10 per intent, and
// 80/20 of the full set).
type HeadOptions struct {
	// Weight scales the head's log-probabilities. Zero is automatic: the
	// head counts most with few examples per category and fades as data
	// grows; negative turns the head off.
	Weight float64
	// Shrinkage pulls the shared covariance toward a scaled identity
	// (default 0.1).
	Shrinkage float64
	// Scale multiplies the discriminant scores before the softmax
	// (default 0.03).
	Scale float64
}

func (o HeadOptions) withDefaults() HeadOptions {
	if o.Shrinkage == 0 {
		o.Shrinkage = 0.1
	}
	if o.Scale == 0 {
		o.Scale = 0.03
	}
	return o
}

// autoHeadWeight is the head's weight for a median of m examples per
// category: 0.25 at ten, 0.07 at the 130 of Banking77's full training set.
func autoHeadWeight(perClass []int) float64 {
	return 0.8 / math.Sqrt(float64(max(medianCount(perClass), 1)))
}
