package hybrid

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var approx = cmpopts.EquateApprox(0, 1e-9)

func TestRRF(t *testing.T) {
	lex := []Result{{"a", 9}, {"b", 5}, {"c", 1}}
	vec := []Result{{"c", 0.9}, {"a", 0.8}, {"d", 0.7}}
	got := RRF(lex, vec, 10, 1, 1)
	// a: 1/11 + 1/12; c: 1/13 + 1/11; b: 1/12; d: 1/13.
	want := []Fused{
		{ID: "a", Score: 1.0/11 + 1.0/12, LexRank: 1, VecRank: 2, LexScore: 9, VecScore: 0.8},
		{ID: "c", Score: 1.0/13 + 1.0/11, LexRank: 3, VecRank: 1, LexScore: 1, VecScore: 0.9},
		{ID: "b", Score: 1.0 / 12, LexRank: 2, LexScore: 5},
		{ID: "d", Score: 1.0 / 13, VecRank: 3, VecScore: 0.7},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("RRF (-want +got):\n%s", diff)
	}
	// Weighting the vector list puts its top first.
	if got := RRF(lex, vec, 10, 1, 3); got[0].ID != "c" {
		t.Errorf("vector-weighted RRF top = %s; want c", got[0].ID)
	}
	// Only one list: its order is kept.
	if diff := cmp.Diff([]string{"a", "b", "c"}, ids(RRF(lex, nil, 0, 1, 1))); diff != "" {
		t.Errorf("lexical-only RRF (-want +got):\n%s", diff)
	}
	// Repeated ids keep their first rank; ties break by best rank.
	got = RRF([]Result{{"x", 1}, {"x", 1}, {"y", 1}}, []Result{{"y", 1}, {"x", 1}}, 1, 1, 1)
	if diff := cmp.Diff([]string{"x", "y"}, ids(got)); diff != "" {
		t.Errorf("ties (-want +got):\n%s", diff)
	}
	if got := RRF(nil, nil, 0, 0, 0); len(got) != 0 {
		t.Errorf("RRF of nothing = %v", got)
	}
}

func ids(fs []Fused) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func TestWeighted(t *testing.T) {
	lex := []Result{{"a", 10}, {"b", 5}}
	vec := []Result{{"b", 0.9}, {"c", 0.6}, {"a", -0.2}}
	got := Weighted(lex, vec, 0.5)
	// a: .5*1 + .5*0 = .5; b: .5*.5 + .5*.9 = .7; c: .5*.6 = .3.
	want := []Fused{
		{ID: "b", Score: 0.7, LexRank: 2, VecRank: 1, LexScore: 5, VecScore: 0.9},
		{ID: "a", Score: 0.5, LexRank: 1, VecRank: 3, LexScore: 10, VecScore: -0.2},
		{ID: "c", Score: 0.3, VecRank: 2, VecScore: 0.6},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("Weighted (-want +got):\n%s", diff)
	}
	if got := Weighted(lex, vec, 1); got[0].ID != "a" {
		t.Errorf("alpha 1 top = %s; want the lexical top", got[0].ID)
	}
}

func TestFeaturesAndConfidence(t *testing.T) {
	lex := []Result{{"a", 10}, {"b", 5}}
	vec := []Result{{"a", 0.8}, {"c", 0.4}}
	fused := RRF(lex, vec, 1, 1, 1)
	f := FeaturesOf(fused, lex, vec)
	// a: 1/2+1/2 = 1; b: 1/3; c: 1/3: margin 2/3.
	want := Features{Margin: 2.0 / 3, LexMargin: 0.5, Agree: 1, VecTop: 0.8, TopInBoth: 1}
	if diff := cmp.Diff(want, f, approx); diff != "" {
		t.Errorf("FeaturesOf (-want +got):\n%s", diff)
	}
	// A split answer: close lexical scores and a vector list that disagrees.
	close := []Result{{"a", 10}, {"b", 9.5}}
	vec2 := []Result{{"c", 0.3}, {"a", 0.2}}
	disagree := FeaturesOf(RRF(close, vec2, 1, 1, 1), close, vec2)
	for _, cal := range []Calibration{DefaultCalibration, LexicalCalibration} {
		hi, lo := cal.Confidence(f), cal.Confidence(disagree)
		if hi < 0 || hi > 1 || lo < 0 || lo > 1 || !(hi > lo) {
			t.Errorf("%+v: confidence %v for a clear answer, %v for a split one", cal, hi, lo)
		}
	}
	if c := (Calibration{}).Confidence(f); math.Abs(c-0.5) > 1e-12 {
		t.Errorf("zero calibration gives %v; want 0.5", c)
	}
	if f := FeaturesOf(nil, nil, nil); f != (Features{}) {
		t.Errorf("features of nothing = %+v", f)
	}
}

type fakeRetriever struct {
	res []Result
	err error
	k   int
}

func (f *fakeRetriever) Retrieve(_ context.Context, _ string, k int) ([]Result, error) {
	f.k = k
	if len(f.res) > k {
		return f.res[:k], f.err
	}
	return f.res, f.err
}

func TestSearcher(t *testing.T) {
	ctx := context.Background()
	lex := &fakeRetriever{res: []Result{{"a", 3}, {"b", 2}, {"c", 1}}}
	vec := &fakeRetriever{res: []Result{{"b", 0.9}, {"a", 0.1}}}
	s := &Searcher{Lexical: lex, Vector: vec, Method: MethodWeighted, Alpha: 0.3, Depth: 20}
	ans, err := s.Search(ctx, "q", 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b", "a"}, ids(ans.Hits)); diff != "" {
		t.Errorf("hits (-want +got):\n%s", diff)
	}
	if lex.k != 20 || vec.k != 20 {
		t.Errorf("depths %d, %d; want 20", lex.k, vec.k)
	}
	if ans.Confidence <= 0 || ans.Confidence >= 1 {
		t.Errorf("confidence %v", ans.Confidence)
	}

	lexOnly := &Searcher{Lexical: lex}
	ans, err = lexOnly.Search(ctx, "q", 5)
	if err != nil || len(ans.Hits) != 3 || ans.Hits[0].ID != "a" {
		t.Errorf("lexical only: %+v, %v", ans, err)
	}

	empty := &Searcher{Lexical: &fakeRetriever{}}
	if ans, err := empty.Search(ctx, "q", 5); err != nil || ans.Confidence != 0 || len(ans.Hits) != 0 {
		t.Errorf("no hits: %+v, %v; want zero confidence", ans, err)
	}

	boom := errors.New("boom")
	if _, err := (&Searcher{Lexical: lex, Vector: &fakeRetriever{err: boom}}).Search(ctx, "q", 5); !errors.Is(err, boom) {
		t.Errorf("vector error = %v; want wrapped boom", err)
	}
	if _, err := (&Searcher{}).Search(ctx, "q", 5); err == nil {
		t.Error("searcher without lexical retriever: want error")
	}
}
