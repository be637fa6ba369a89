package classify

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontlinedesk/frontline/internal/search/encoder"
)

func TestCholSolve(t *testing.T) {
	// a = [[4 2 0] [2 5 1] [0 1 3]], x = [1 -2 3] gives b = a·x.
	a := []float64{4, 2, 0, 2, 5, 1, 0, 1, 3}
	x := []float64{1, -2, 3}
	b := []float64{4*1 + 2*-2, 2*1 + 5*-2 + 1*3, 1*-2 + 3*3}
	cholSolve(cholesky(a, 3), 3, b)
	for i := range x {
		if math.Abs(b[i]-x[i]) > 1e-9 {
			t.Fatalf("cholSolve = %v; want %v", b, x)
		}
	}
}

func TestTrainLDA(t *testing.T) {
	// Three classes in 8 dimensions whose means differ along the first
	// three axes; the noise is strongly correlated along the fourth axis,
	// which LDA's shared covariance learns to discount.
	rng := rand.New(rand.NewPCG(1, 2))
	sample := func(c int) []float32 {
		v := make([]float32, 8)
		common := rng.NormFloat64() * 3
		for j := range v {
			v[j] = float32(rng.NormFloat64() * 0.3)
		}
		v[c] += 1
		v[3] += float32(common)
		v[4] += float32(common)
		return v
	}
	var xs [][]float32
	var y []int
	var w []float64
	for i := range 90 {
		xs = append(xs, sample(i%3))
		y = append(y, i%3)
		w = append(w, 1)
	}
	m := trainLDA(xs, y, w, 3, 0.05, 1)
	ok := 0
	for i := range 300 {
		lp := m.logProbs(sample(i % 3))
		var z float64
		best := 0
		for c, v := range lp {
			z += math.Exp(v)
			if v > lp[best] {
				best = c
			}
		}
		if math.Abs(z-1) > 1e-6 {
			t.Fatalf("probabilities sum to %v; want 1", z)
		}
		if best == i%3 {
			ok++
		}
	}
	if ok < 285 {
		t.Errorf("LDA labelled %d of 300 samples right; want at least 285", ok)
	}
	if m.size() <= 0 {
		t.Errorf("size() = %d; want > 0", m.size())
	}
}

func TestClassifier_EmbeddingHeadAlone(t *testing.T) {
	// The embeddings are not joined to the SVM features: only the LDA head
	// knows that "reimburse" is about billing.
	c := New(cats, Options{Embedder: &fakeEmbedder{}, EmbeddingWeight: -1, Head: HeadOptions{Weight: 3}})
	if err := c.Train(t.Context(), labelled); err != nil {
		t.Fatal(err)
	}
	lexical := New(cats, Options{})
	if err := lexical.Train(t.Context(), labelled); err != nil {
		t.Fatal(err)
	}
	if c.Size() <= lexical.Size() {
		t.Errorf("Size() with the head = %d; want more than the lexical model's %d", c.Size(), lexical.Size())
	}
	for text, want := range map[string]string{"reimburse me": "billing", "a puncture": "repairs", "the shipment": "shipping"} {
		got, err := c.Predict(text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Label != want {
			t.Errorf("Predict(%q) = %s (%v); want %s", text, got.Label, got.Ranked, want)
		}
	}
}

type failingEmbedder struct{ n int }

var errEmbed = errors.New("encoder broke")

func (f failingEmbedder) Embed(texts []string) ([][]float32, error) {
	if f.n < 0 {
		return nil, errEmbed
	}
	return make([][]float32, f.n), nil
}

func TestClassifier_EmbedderErrors(t *testing.T) {
	if err := New(cats, Options{Embedder: failingEmbedder{n: -1}}).Train(t.Context(), labelled); !errors.Is(err, errEmbed) {
		t.Errorf("Train with a failing embedder = %v; want it to wrap %v", err, errEmbed)
	}
	if err := New(cats, Options{Embedder: failingEmbedder{n: 1}}).Train(t.Context(), labelled); err == nil {
		t.Error("Train with an embedder returning the wrong number of vectors succeeded; want an error")
	}
}

// useLite loads the USE-lite encoder from $FRONTLINE_MODELS or
// <module root>/.cache/models; a missing model fails the test.
func useLite(t *testing.T) *encoder.Encoder {
	t.Helper()
	const pkg = "@energetic-ai__model-embeddings-en"
	dir := ""
	if env := os.Getenv("FRONTLINE_MODELS"); env != "" {
		dir = filepath.Join(env, pkg)
	} else {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, ".cache", "models", pkg)
				break
			}
			if filepath.Dir(d) == d {
				t.Fatalf("no go.mod above %s", wd)
			}
		}
	}
	enc, err := encoder.Load(dir)
	if err != nil {
		t.Fatalf("USE-lite model not loaded from %s (%v): run build/fetch-models.sh test", dir, err)
	}
	return enc
}

func TestClassifier_RealEncoder(t *testing.T) {
	enc := useLite(t)
	ctx := context.Background()
	c := New(cats, Options{Seed: 1, Embedder: enc})
	if err := c.Train(ctx, labelled); err != nil {
		t.Fatal(err)
	}
	// Paraphrases sharing few words with the examples.
	for text, want := range map[string]string{
		"I still have not received my order":   "shipping",
		"why did you take money from me twice": "billing",
		"my bicycle makes a grinding noise":    "repairs",
	} {
		got, err := c.Predict(text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Label != want {
			t.Errorf("Predict(%q) = %s (%v); want %s", text, got.Label, got.Ranked, want)
		}
	}
}
