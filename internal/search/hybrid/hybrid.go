// Package hybrid fuses a lexical and a vector result list into one ranking
// and says how confident the top answer is.
//
// Two fusions are offered: reciprocal rank fusion (RRF), which needs no
// score calibration, and a weighted sum of the lexical score normalised by
// the list's best score and the vector (cosine) score. Confidence maps the
// top score margin and the agreement of the two lists to [0,1] with a
// logistic model whose default coefficients were fitted on the tuning half
// of StackFAQ (see internal/search/stackfaq); a bot answers only above a
// threshold and otherwise says it does not know.
package hybrid

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
)

// Result is one hit of a single retriever, best first in its list.
type Result struct {
	ID    string
	Score float64 // BM25 for lexical lists, cosine similarity for vector lists
}

// Fused is one hit of the fused ranking.
type Fused struct {
	ID    string
	Score float64
	// LexRank and VecRank are the 1-based ranks in the input lists; 0 means
	// the hit was not in that list.
	LexRank, VecRank   int
	LexScore, VecScore float64
}

// DefaultRRFK is the usual damping constant of reciprocal rank fusion.
const DefaultRRFK = 60

// RRF fuses lists by reciprocal rank: each hit scores the sum over the lists
// it is in of weight/(k + rank). Zero weights default to 1, k to 60.
func RRF(lex, vec []Result, k, lexWeight, vecWeight float64) []Fused {
	if k <= 0 {
		k = DefaultRRFK
	}
	if lexWeight == 0 && vecWeight == 0 {
		lexWeight, vecWeight = 1, 1
	}
	return fuse(lex, vec, func(f *Fused) float64 {
		s := 0.0
		if f.LexRank > 0 {
			s += lexWeight / (k + float64(f.LexRank))
		}
		if f.VecRank > 0 {
			s += vecWeight / (k + float64(f.VecRank))
		}
		return s
	})
}

// Weighted fuses lists by alpha*lex/maxLex + (1-alpha)*vec, where lex/maxLex
// is the lexical score relative to the list's best and vec the cosine
// similarity clamped to [0,1]. A hit missing from a list scores 0 there.
func Weighted(lex, vec []Result, alpha float64) []Fused {
	maxLex := 0.0
	for _, r := range lex {
		maxLex = math.Max(maxLex, r.Score)
	}
	return fuse(lex, vec, func(f *Fused) float64 {
		l := 0.0
		if f.LexRank > 0 && maxLex > 0 {
			l = f.LexScore / maxLex
		}
		v := 0.0
		if f.VecRank > 0 {
			v = math.Max(0, math.Min(1, f.VecScore))
		}
		return alpha*l + (1-alpha)*v
	})
}

func fuse(lex, vec []Result, score func(*Fused) float64) []Fused {
	byID := make(map[string]*Fused, len(lex)+len(vec))
	var order []*Fused
	get := func(id string) *Fused {
		f := byID[id]
		if f == nil {
			f = &Fused{ID: id}
			byID[id] = f
			order = append(order, f)
		}
		return f
	}
	for i, r := range lex {
		if f := get(r.ID); f.LexRank == 0 {
			f.LexRank, f.LexScore = i+1, r.Score
		}
	}
	for i, r := range vec {
		if f := get(r.ID); f.VecRank == 0 {
			f.VecRank, f.VecScore = i+1, r.Score
		}
	}
	out := make([]Fused, len(order))
	for i, f := range order {
		f.Score = score(f)
		out[i] = *f
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return bestRank(out[i]) < bestRank(out[j])
	})
	return out
}

func bestRank(f Fused) int {
	r := math.MaxInt
	if f.LexRank > 0 {
		r = f.LexRank
	}
	if f.VecRank > 0 && f.VecRank < r {
		r = f.VecRank
	}
	return r
}

// Features describe how clear-cut a fused ranking is.
type Features struct {
	// Margin is (s1-s2)/s1 of the two best fused scores, in [0,1].
	Margin float64
	// LexMargin is the same over the lexical list.
	LexMargin float64
	// Agree is 1 when the best lexical and best vector hits are the same.
	Agree float64
	// VecTop is the best cosine similarity, 0 without a vector list.
	VecTop float64
	// TopInBoth is 1 when the fused top hit is in both lists' top 3.
	TopInBoth float64
}

// FeaturesOf computes the features of a fused ranking and its inputs.
func FeaturesOf(fused []Fused, lex, vec []Result) Features {
	var f Features
	f.Margin = margin(len(fused), func(i int) float64 { return fused[i].Score })
	f.LexMargin = margin(len(lex), func(i int) float64 { return lex[i].Score })
	if len(lex) > 0 && len(vec) > 0 && lex[0].ID == vec[0].ID {
		f.Agree = 1
	}
	if len(vec) > 0 {
		f.VecTop = math.Max(0, vec[0].Score)
	}
	if len(fused) > 0 && fused[0].LexRank > 0 && fused[0].LexRank <= 3 && fused[0].VecRank > 0 && fused[0].VecRank <= 3 {
		f.TopInBoth = 1
	}
	return f
}

func margin(n int, score func(int) float64) float64 {
	switch {
	case n == 0:
		return 0
	case n == 1:
		return 1
	}
	s1, s2 := score(0), score(1)
	if s1 <= 0 {
		return 0
	}
	return math.Max(0, math.Min(1, (s1-s2)/s1))
}

// Calibration holds the coefficients of the logistic confidence model:
// confidence = 1/(1+exp(-(Bias + Σ coefficient·feature))).
type Calibration struct {
	Bias, Margin, LexMargin, Agree, VecTop, TopInBoth float64
}

// Confidence returns the calibrated probability, in [0,1], that the top hit
// is right.
func (c Calibration) Confidence(f Features) float64 {
	z := c.Bias + c.Margin*f.Margin + c.LexMargin*f.LexMargin + c.Agree*f.Agree + c.VecTop*f.VecTop + c.TopInBoth*f.TopInBoth
	return 1 / (1 + math.Exp(-z))
}

// Vector returns the features as a slice in the order of the calibration
// coefficients after Bias, for fitting.
func (f Features) Vector() []float64 {
	return []float64{f.Margin, f.LexMargin, f.Agree, f.VecTop, f.TopInBoth}
}

// CalibrationFrom builds a Calibration from a bias and coefficients in the
// order of Features.Vector.
func CalibrationFrom(bias float64, w []float64) Calibration {
	return Calibration{Bias: bias, Margin: w[0], LexMargin: w[1], Agree: w[2], VecTop: w[3], TopInBoth: w[4]}
}

// Retriever returns the best k results for a query, best first.
type Retriever interface {
	Retrieve(ctx context.Context, query string, k int) ([]Result, error)
}

// Method selects the fusion.
type Method int

const (
	// MethodRRF is reciprocal rank fusion.
	MethodRRF Method = iota
	// MethodWeighted is the weighted score sum.
	MethodWeighted
)

// Searcher runs a lexical and an optional vector retriever and fuses them.
type Searcher struct {
	Lexical Retriever
	// Vector may be nil: the ranking is then lexical alone.
	Vector Retriever
	Method Method
	// Alpha is the lexical weight of MethodWeighted.
	Alpha float64
	// K, LexWeight, VecWeight parameterise MethodRRF.
	K, LexWeight, VecWeight float64
	// Depth is how many results to take from each retriever (default 50).
	Depth int
	// Calibration turns features into confidence; zero means
	// DefaultCalibration (or LexicalCalibration without a vector retriever).
	Calibration *Calibration
}

// Answer is a fused ranking with its confidence.
type Answer struct {
	Hits       []Fused
	Features   Features
	Confidence float64
}

var errNoLexical = errors.New("hybrid: searcher without a lexical retriever")

// Search retrieves, fuses and returns the best k hits.
func (s *Searcher) Search(ctx context.Context, query string, k int) (Answer, error) {
	if s.Lexical == nil {
		return Answer{}, errNoLexical
	}
	depth := s.Depth
	if depth <= 0 {
		depth = 50
	}
	depth = max(depth, k)
	lex, err := s.Lexical.Retrieve(ctx, query, depth)
	if err != nil {
		return Answer{}, fmt.Errorf("hybrid: lexical: %w", err)
	}
	var vec []Result
	if s.Vector != nil {
		if vec, err = s.Vector.Retrieve(ctx, query, depth); err != nil {
			return Answer{}, fmt.Errorf("hybrid: vector: %w", err)
		}
	}
	var fused []Fused
	switch s.Method {
	case MethodWeighted:
		fused = Weighted(lex, vec, s.Alpha)
	default:
		fused = RRF(lex, vec, s.K, s.LexWeight, s.VecWeight)
	}
	feat := FeaturesOf(fused, lex, vec)
	cal := DefaultCalibration
	if s.Vector == nil {
		cal = LexicalCalibration
	}
	if s.Calibration != nil {
		cal = *s.Calibration
	}
	if len(fused) > k {
		fused = fused[:k]
	}
	conf := 0.0
	if len(fused) > 0 {
		conf = cal.Confidence(feat)
	}
	return Answer{Hits: fused, Features: feat, Confidence: conf}, nil
}
