package stackfaq

import (
	"context"
	"hash/fnv"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestLoad(t *testing.T) {
	threads, err := Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(threads) != 3 {
		t.Fatalf("%d threads; want 3", len(threads))
	}
	want := Thread{
		ID:          0,
		Question:    "Strikethrough with GitHub Markdown",
		Answers:     []string{"Use ~~tildes around the words~~ or <del> tags."},
		Paraphrases: []string{"How do I cross out text on github?", "strikethrough in markdown"},
	}
	if diff := cmp.Diff(want, threads[0]); diff != "" {
		t.Errorf("thread 0 (-want +got):\n%s", diff)
	}
	qs := Queries(threads)
	if len(qs) != 6 || qs[2].Thread != 1 || qs[2].Tune() || !qs[0].Tune() {
		t.Errorf("queries %+v", qs)
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of an empty folder: want error")
	}
}

func TestMetrics(t *testing.T) {
	qs := []Query{{Thread: 1}, {Thread: 2}, {Thread: 3}, {Thread: 4}}
	ranked := [][]string{
		{"1", "9"},                // rank 1
		{"9", "2"},                // rank 2
		{"9", "8", "7", "6", "3"}, // rank 5
		{"9"},                     // missing
	}
	got := metrics(qs, ranked, all)
	want := Metrics{P1: 0.25, MRR: (1 + 0.5 + 0.2) / 4, R5: 0.75, N: 4}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}
	if got := metrics(qs, ranked, tuneHalf); got.N != 2 || got.P1 != 0 || math.Abs(got.MRR-0.5*(0.5+0)) > 1e-12 {
		t.Errorf("tuning half metrics %+v", got)
	}
}

// hashEmbed is a stand-in encoder: a normalised bag of hashed words.
func hashEmbed(texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, 64)
		for _, w := range strings.Fields(strings.ToLower(t)) {
			h := fnv.New32a()
			h.Write([]byte(strings.Trim(w, "?.,")))
			v[h.Sum32()%64]++
		}
		var n float32
		for _, x := range v {
			n += x * x
		}
		if n > 0 {
			n = float32(math.Sqrt(float64(n)))
			for j := range v {
				v[j] /= n
			}
		}
		out[i] = v
	}
	return out, nil
}

func TestRun(t *testing.T) {
	threads, err := Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		embed func([]string) ([][]float32, error)
	}{{"bm25", nil}, {"hybrid", hashEmbed}} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Run(context.Background(), threads, tc.embed)
			if err != nil {
				t.Fatal(err)
			}
			if r.Hybrid != (tc.embed != nil) {
				t.Errorf("Hybrid = %v", r.Hybrid)
			}
			if r.PublishedAll.N != 6 || r.HybridTest.N != 2 || r.HybridAll.N != 6 {
				t.Errorf("query counts %+v %+v %+v", r.PublishedAll, r.HybridTest, r.HybridAll)
			}
			// The tiny set is easy: every query finds its thread in the top 3.
			if r.HybridAll.R5 != 1 || r.PublishedAll.R5 != 1 {
				t.Errorf("R@5 %v / %v; want 1", r.HybridAll.R5, r.PublishedAll.R5)
			}
			names := map[string]bool{}
			for _, f := range r.Figures() {
				names[f.Name] = true
				if math.IsNaN(f.Value) || f.Value < 0 || f.Value > 1 {
					t.Errorf("%s = %v", f.Name, f.Value)
				}
			}
			for _, n := range []string{"search.stackfaq_p1", "search.stackfaq_mrr", "search.stackfaq_p1_all", "search.stackfaq_mrr_all", "search.stackfaq_bm25_p1"} {
				if !names[n] {
					t.Errorf("figure %s missing", n)
				}
			}
		})
	}
}

func TestEvalWithoutModels(t *testing.T) {
	figs, err := Eval(context.Background(), "testdata", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) == 0 || !strings.Contains(figs[0].Note, "tuned BM25") {
		t.Errorf("figures %+v", figs)
	}
}

func TestFitLogistic(t *testing.T) {
	// Correct exactly when the first feature is high.
	var xs [][]float64
	var ys []float64
	for i := 0; i < 40; i++ {
		x := float64(i%10) / 10
		xs = append(xs, []float64{x, 0, 0, 0, 0})
		y := 0.0
		if x >= 0.5 {
			y = 1
		}
		ys = append(ys, y)
	}
	bias, w := fitLogistic(xs, ys)
	if w[0] <= 0 || bias >= 0 {
		t.Errorf("bias %v, w %v: want a positive slope and negative bias", bias, w)
	}
}
