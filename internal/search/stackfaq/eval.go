package stackfaq

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/internal/search/hybrid"
	"github.com/frontlinedesk/frontline/internal/search/lexical"
)

// BM25 parameterises the lexical side.
type BM25 struct {
	K1, B       float64
	TitleWeight float64
	Stem        bool
}

// Published is the configuration of the published baseline: k1 1.2, b 0.75,
// title ×3 plus answers, no stemming.
var Published = BM25{K1: 1.2, B: 0.75, TitleWeight: 3}

// depth is how many hits each retriever returns per query.
const depth = 50

// Metrics are the retrieval figures over a set of queries.
type Metrics struct {
	P1, MRR, R5 float64
	N           int
}

// metrics scores rankings (thread ids as strings) against queries, keeping
// the queries for which keep is true.
func metrics(qs []Query, ranked [][]string, keep func(Query) bool) Metrics {
	var m Metrics
	for i, q := range qs {
		if !keep(q) {
			continue
		}
		m.N++
		want := strconv.Itoa(q.Thread)
		for r, id := range ranked[i] {
			if id != want {
				continue
			}
			if r == 0 {
				m.P1++
			}
			if r < 5 {
				m.R5++
			}
			m.MRR += 1 / float64(r+1)
			break
		}
	}
	if m.N > 0 {
		m.P1 /= float64(m.N)
		m.MRR /= float64(m.N)
		m.R5 /= float64(m.N)
	}
	return m
}

func tuneHalf(q Query) bool { return q.Tune() }
func testHalf(q Query) bool { return !q.Tune() }
func all(Query) bool        { return true }

// better orders metrics for tuning: MRR, then P@1.
func (m Metrics) better(o Metrics) bool {
	if math.Abs(m.MRR-o.MRR) > 1e-12 {
		return m.MRR > o.MRR
	}
	return m.P1 > o.P1
}

// Index builds the lexical index of the threads: the question as the title
// field and each answer as a value of the body field.
func Index(threads []Thread, p BM25) (*lexical.Index, error) {
	ix, err := lexical.New(lexical.Config{
		Fields:   []lexical.FieldConfig{{Name: "title", Weight: p.TitleWeight}, {Name: "body", Weight: 1}},
		K1:       p.K1,
		B:        p.B,
		Analyzer: lexical.Analyzer{Stem: p.Stem},
	})
	if err != nil {
		return nil, err
	}
	for _, t := range threads {
		doc := lexical.Document{ID: strconv.Itoa(t.ID), Fields: []lexical.Field{{Name: "title", Text: t.Question}}}
		for _, a := range t.Answers {
			doc.Fields = append(doc.Fields, lexical.Field{Name: "body", Text: a})
		}
		if err := ix.Put(doc); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// lexicalRuns ranks every query with BM25.
func lexicalRuns(ctx context.Context, threads []Thread, qs []Query, p BM25) ([][]hybrid.Result, error) {
	ix, err := Index(threads, p)
	if err != nil {
		return nil, err
	}
	out := make([][]hybrid.Result, len(qs))
	for i, q := range qs {
		res, err := ix.Search(ctx, lexical.Query{Text: q.Text, Limit: depth})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			out[i] = append(out[i], hybrid.Result{ID: h.ID, Score: h.Score})
		}
	}
	return out, nil
}

func idsOf(rs []hybrid.Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func fusedIDs(fs []hybrid.Fused) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	return out
}

func rankedLists(runs [][]hybrid.Result) [][]string {
	out := make([][]string, len(runs))
	for i, r := range runs {
		out[i] = idsOf(r)
	}
	return out
}

// tuneBM25 searches a small grid for the best BM25 parameters on the
// tuning half.
func tuneBM25(ctx context.Context, threads []Thread, qs []Query, stems ...bool) (BM25, Metrics, error) {
	best, bestM := Published, Metrics{}
	first := true
	for _, stem := range stems {
		for _, tw := range []float64{3, 5, 8, 12} {
			for _, k1 := range []float64{1.2, 2, 3.2, 4.5} {
				for _, b := range []float64{0.75, 0.9, 1} {
					p := BM25{K1: k1, B: b, TitleWeight: tw, Stem: stem}
					runs, err := lexicalRuns(ctx, threads, qs, p)
					if err != nil {
						return BM25{}, Metrics{}, err
					}
					m := metrics(qs, rankedLists(runs), tuneHalf)
					if first || m.better(bestM) {
						best, bestM, first = p, m, false
					}
				}
			}
		}
	}
	return best, bestM, nil
}

// Report is the outcome of an evaluation.
type Report struct {
	Published, Tuned          BM25
	PublishedAll              Metrics // the published BM25 configuration, all queries
	TunedTest, TunedAll       Metrics // tuned BM25
	NoStemTest                Metrics // tuned BM25 without stemming
	HybridTest, HybridAll     Metrics // zero when no encoder
	HybridTune                Metrics
	Fusion                    string
	Hybrid                    bool
	Calibration               hybrid.Calibration
	BrierTest, AnsweredAt90   float64
	PrecisionAtThreshold, Thr float64
}

// Run evaluates on the threads; embed, when not nil, embeds texts for the
// vector side.
func Run(ctx context.Context, threads []Thread, embed func([]string) ([][]float32, error)) (Report, error) {
	qs := Queries(threads)
	var r Report
	r.Published = Published
	pubRuns, err := lexicalRuns(ctx, threads, qs, Published)
	if err != nil {
		return r, err
	}
	r.PublishedAll = metrics(qs, rankedLists(pubRuns), all)

	// Stemming is kept only if it helps on the tuning half.
	noStem, noStemM, err := tuneBM25(ctx, threads, qs, false)
	if err != nil {
		return r, err
	}
	stem, stemM, err := tuneBM25(ctx, threads, qs, true)
	if err != nil {
		return r, err
	}
	tuned := noStem
	if stemM.better(noStemM) {
		tuned = stem
	}
	if runs, err := lexicalRuns(ctx, threads, qs, noStem); err != nil {
		return r, err
	} else {
		r.NoStemTest = metrics(qs, rankedLists(runs), testHalf)
	}
	r.Tuned = tuned
	lexRuns, err := lexicalRuns(ctx, threads, qs, tuned)
	if err != nil {
		return r, err
	}
	lexRanked := rankedLists(lexRuns)
	r.TunedTest = metrics(qs, lexRanked, testHalf)
	r.TunedAll = metrics(qs, lexRanked, all)

	vecRuns := make([][]hybrid.Result, len(qs))
	if embed != nil {
		vr, err := vectorRuns(threads, qs, embed)
		if err != nil {
			return r, err
		}
		vecRuns = vr
		r.Hybrid = true
	}
	fuse, name, tuneM := tuneFusion(qs, lexRuns, vecRuns, r.Hybrid)
	r.Fusion, r.HybridTune = name, tuneM
	fused := make([][]hybrid.Fused, len(qs))
	ranked := make([][]string, len(qs))
	for i := range qs {
		fused[i] = fuse(lexRuns[i], vecRuns[i])
		ranked[i] = fusedIDs(fused[i])
	}
	r.HybridTest = metrics(qs, ranked, testHalf)
	r.HybridAll = metrics(qs, ranked, all)

	// Confidence: fit on the tuning half, measure on the held-out half.
	var xs [][]float64
	var ys []float64
	feats := make([]hybrid.Features, len(qs))
	correct := make([]bool, len(qs))
	for i, q := range qs {
		feats[i] = hybrid.FeaturesOf(fused[i], lexRuns[i], vecRuns[i])
		correct[i] = len(ranked[i]) > 0 && ranked[i][0] == strconv.Itoa(q.Thread)
		if q.Tune() {
			xs = append(xs, feats[i].Vector())
			y := 0.0
			if correct[i] {
				y = 1
			}
			ys = append(ys, y)
		}
	}
	bias, w := fitLogistic(xs, ys)
	r.Calibration = hybrid.CalibrationFrom(bias, w)
	// Threshold for 90% precision on the tuning half, applied to the test half.
	var tuneConf []scored
	for i, q := range qs {
		if q.Tune() {
			tuneConf = append(tuneConf, scored{r.Calibration.Confidence(feats[i]), correct[i]})
		}
	}
	r.Thr = thresholdFor(tuneConf, 0.9)
	var brier float64
	var n, answered, right int
	for i, q := range qs {
		if q.Tune() {
			continue
		}
		c := r.Calibration.Confidence(feats[i])
		y := 0.0
		if correct[i] {
			y = 1
		}
		brier += (c - y) * (c - y)
		n++
		if c >= r.Thr {
			answered++
			if correct[i] {
				right++
			}
		}
	}
	r.BrierTest = brier / float64(n)
	r.AnsweredAt90 = float64(answered) / float64(n)
	if answered > 0 {
		r.PrecisionAtThreshold = float64(right) / float64(answered)
	}
	return r, nil
}

type scored struct {
	conf    float64
	correct bool
}

// thresholdFor returns the lowest confidence threshold at which the answers
// above it are at least the given precision.
func thresholdFor(xs []scored, precision float64) float64 {
	sort.Slice(xs, func(i, j int) bool { return xs[i].conf > xs[j].conf })
	thr, right := 1.0, 0
	for i, x := range xs {
		if x.correct {
			right++
		}
		if float64(right)/float64(i+1) >= precision {
			thr = x.conf
		}
	}
	return thr
}

// fitLogistic fits a logistic regression by gradient descent (features are
// all in [0,1], so no scaling is needed), with a small L2 penalty.
func fitLogistic(xs [][]float64, ys []float64) (float64, []float64) {
	if len(xs) == 0 {
		return 0, make([]float64, 5)
	}
	d := len(xs[0])
	w := make([]float64, d)
	bias := 0.0
	const (
		rate   = 0.5
		l2     = 1e-3
		rounds = 3000
	)
	for it := 0; it < rounds; it++ {
		gb := 0.0
		gw := make([]float64, d)
		for i, x := range xs {
			z := bias
			for j := range x {
				z += w[j] * x[j]
			}
			p := 1 / (1 + math.Exp(-z))
			e := p - ys[i]
			gb += e
			for j := range x {
				gw[j] += e * x[j]
			}
		}
		n := float64(len(xs))
		bias -= rate * gb / n
		for j := range w {
			w[j] -= rate * (gw[j]/n + l2*w[j])
		}
	}
	return bias, w
}

// vectorRuns ranks every query by cosine similarity of its embedding to the
// thread's question embedding and to its answers' (the larger counting),
// exactly (125 threads need no approximate index).
func vectorRuns(threads []Thread, qs []Query, embed func([]string) ([][]float32, error)) ([][]hybrid.Result, error) {
	var texts []string
	owner := []int{}
	for _, t := range threads {
		texts = append(texts, t.Question)
		owner = append(owner, -t.ID-1) // question
		for _, a := range t.Answers {
			texts = append(texts, a)
			owner = append(owner, t.ID)
		}
	}
	docVecs, err := embed(texts)
	if err != nil {
		return nil, fmt.Errorf("stackfaq: embed threads: %w", err)
	}
	qTexts := make([]string, len(qs))
	for i, q := range qs {
		qTexts[i] = q.Text
	}
	qVecs, err := embed(qTexts)
	if err != nil {
		return nil, fmt.Errorf("stackfaq: embed queries: %w", err)
	}
	out := make([][]hybrid.Result, len(qs))
	best := make([]float64, len(threads))
	for i, qv := range qVecs {
		for t := range best {
			best[t] = -2
		}
		for j, dv := range docVecs {
			t, weight := owner[j], answerWeight
			if t < 0 {
				t, weight = -t-1, 1
			}
			if s := weight * dot(qv, dv); s > best[t] {
				best[t] = s
			}
		}
		rs := make([]hybrid.Result, len(threads))
		for t := range threads {
			rs[t] = hybrid.Result{ID: strconv.Itoa(threads[t].ID), Score: best[t]}
		}
		sort.SliceStable(rs, func(a, b int) bool { return rs[a].Score > rs[b].Score })
		out[i] = rs[:min(depth, len(rs))]
	}
	return out, nil
}

// answerWeight discounts answer similarity against question similarity.
const answerWeight = 0.9

func dot(a, b []float32) float64 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return float64(s)
}

// tuneFusion picks the fusion with the best MRR on the tuning half.
func tuneFusion(qs []Query, lex, vec [][]hybrid.Result, withVectors bool) (func(l, v []hybrid.Result) []hybrid.Fused, string, Metrics) {
	type cand struct {
		name string
		f    func(l, v []hybrid.Result) []hybrid.Fused
	}
	cands := []cand{{"bm25", func(l, _ []hybrid.Result) []hybrid.Fused { return hybrid.RRF(l, nil, 1, 1, 0) }}}
	if withVectors {
		for _, k := range []float64{1, 3, 5, 10, 20, 60} {
			for _, vw := range []float64{0.5, 0.75, 1, 1.5, 2, 3} {
				cands = append(cands, cand{fmt.Sprintf("rrf k=%g vec=%g", k, vw), func(l, v []hybrid.Result) []hybrid.Fused { return hybrid.RRF(l, v, k, 1, vw) }})
			}
		}
		for a := 0.05; a < 0.951; a += 0.05 {
			cands = append(cands, cand{fmt.Sprintf("weighted alpha=%.2f", a), func(l, v []hybrid.Result) []hybrid.Fused { return hybrid.Weighted(l, v, a) }})
		}
	}
	var best cand
	var bestM Metrics
	for i, c := range cands {
		ranked := make([][]string, len(qs))
		for j := range qs {
			if qs[j].Tune() {
				ranked[j] = fusedIDs(c.f(lex[j], vec[j]))
			}
		}
		m := metrics(qs, ranked, tuneHalf)
		if i == 0 || m.better(bestM) {
			best, bestM = c, m
		}
	}
	return best.f, best.name, bestM
}

// Figures turns a report into the figures of `make eval`.
func (r Report) Figures() []figures.Figure {
	sys := "tuned BM25"
	if r.Hybrid {
		sys = "BM25 + USE-lite, " + r.Fusion
	}
	tuned := fmt.Sprintf("k1 %g, b %g, title x%g, stem %v", r.Tuned.K1, r.Tuned.B, r.Tuned.TitleWeight, r.Tuned.Stem)
	f := []figures.Figure{
		{Name: "search.stackfaq_p1", Value: r.HybridTest.P1, Unit: "fraction", Goal: ">= 0.80", Note: sys + "; held-out half (odd threads), " + strconv.Itoa(r.HybridTest.N) + " queries"},
		{Name: "search.stackfaq_mrr", Value: r.HybridTest.MRR, Unit: "fraction", Goal: ">= 0.87", Note: sys + "; held-out half"},
		{Name: "search.stackfaq_r5", Value: r.HybridTest.R5, Unit: "fraction", Note: sys + "; held-out half"},
		{Name: "search.stackfaq_p1_all", Value: r.HybridAll.P1, Unit: "fraction", Note: sys + "; all " + strconv.Itoa(r.HybridAll.N) + " queries"},
		{Name: "search.stackfaq_mrr_all", Value: r.HybridAll.MRR, Unit: "fraction", Note: sys + "; all queries"},
		{Name: "search.stackfaq_bm25_p1", Value: r.PublishedAll.P1, Unit: "fraction", Note: "published config (k1 1.2, b 0.75, title x3), all queries; published 0.681"},
		{Name: "search.stackfaq_bm25_mrr", Value: r.PublishedAll.MRR, Unit: "fraction", Note: "published config, all queries; published 0.781"},
		{Name: "search.stackfaq_bm25_r5", Value: r.PublishedAll.R5, Unit: "fraction", Note: "published config, all queries; published 0.916"},
		{Name: "search.stackfaq_bm25_tuned_p1", Value: r.TunedTest.P1, Unit: "fraction", Note: tuned + "; held-out half"},
		{Name: "search.stackfaq_bm25_tuned_mrr", Value: r.TunedTest.MRR, Unit: "fraction", Note: tuned + "; held-out half"},
		{Name: "search.stackfaq_bm25_nostem_mrr", Value: r.NoStemTest.MRR, Unit: "fraction", Note: fmt.Sprintf("best BM25 without stemming; held-out half, P@1 %.3f", r.NoStemTest.P1)},
		{Name: "search.stackfaq_confidence_brier", Value: r.BrierTest, Unit: "score", Note: fmt.Sprintf("Brier score of the top-1 confidence on the held-out half; fitted on the tuning half: %+v", r.Calibration)},
		{Name: "search.stackfaq_answered_at_p90", Value: r.AnsweredAt90, Unit: "fraction", Note: fmt.Sprintf("share answered at the threshold %.3f set for 90%% precision on the tuning half; held-out precision %.3f", r.Thr, r.PrecisionAtThreshold)},
	}
	return f
}
