package sentiment

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// modelsDir finds the unpacked models: $FRONTLINE_MODELS or
// <module root>/.cache/models.
func modelsDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("FRONTLINE_MODELS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	d := filepath.Join(dir, ".cache", "models")
	if _, err := os.Stat(filepath.Join(d, LexiconFile)); err != nil {
		t.Fatalf("VADER lexicon missing (%v): run build/fetch-models.sh test", err)
	}
	return d
}

func TestPolarity_Rules(t *testing.T) {
	m, err := Load(modelsDir(t))
	if err != nil {
		t.Fatal(err)
	}
	c := func(s string) float64 { return Polarity(m.lex, s).Compound }
	tests := []struct {
		name        string
		a, b        string // want compound(a) > compound(b)
		wantOpposed bool   // and want them of opposite sign
	}{
		{name: "negation_flips", a: "The service was good.", b: "The service was not good.", wantOpposed: true},
		{name: "contraction_negates", a: "It works well.", b: "It doesn't work well.", wantOpposed: true},
		{name: "negation_window", a: "This is good.", b: "This is never really good."},
		{name: "booster_raises", a: "The support was extremely helpful.", b: "The support was helpful."},
		{name: "dampener_lowers", a: "The support was helpful.", b: "The support was slightly helpful."},
		{name: "booster_deepens_negative", a: "The delay was bad.", b: "The delay was incredibly bad."},
		{name: "caps_emphasis", a: "The food was GREAT, we loved it", b: "The food was great, we loved it"},
		{name: "exclamation", a: "Thanks, it works!!!", b: "Thanks, it works."},
		{name: "but_shifts_to_second_clause", a: "The price is high, but the bike is great.", b: "The bike is great, but the price is high."},
		{name: "idiom", a: "Honestly this shop is the bomb.", b: "Honestly this shop is a bomb."},
		{name: "least_negates", a: "It was fun.", b: "It was the least fun I ever had."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ca, cb := c(tt.a), c(tt.b)
			if !(ca > cb) {
				t.Errorf("compound(%q) = %.3f; want > compound(%q) = %.3f", tt.a, ca, tt.b, cb)
			}
			if tt.wantOpposed && !(ca > 0 && cb < 0) {
				t.Errorf("compound(%q) = %.3f, compound(%q) = %.3f; want opposite signs", tt.a, ca, tt.b, cb)
			}
		})
	}
}

func TestAnalyze_Labels(t *testing.T) {
	m, err := Load(modelsDir(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want Label
	}{
		{"Thank you so much, you were a great help!", Positive},
		{"This is terrible, my order is broken and nobody answers.", Negative},
		{"My order number is 1234.", Neutral},
		{"", Neutral},
	}
	for _, tt := range tests {
		got := m.Analyze(tt.text)
		if got.Label != tt.want {
			t.Errorf("Analyze(%q).Label = %s (score %.3f); want %s", tt.text, got.Label, got.Score, tt.want)
		}
		if got.Score < -1 || got.Score > 1 || got.Confidence < 0 || got.Confidence > 1 {
			t.Errorf("Analyze(%q) = score %.3f confidence %.3f; want both in range", tt.text, got.Score, got.Confidence)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{0, 0},
		{1, 0.25},
		{-1, -0.25},
		{1e9, 1},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got-tt.want > 1e-9 || tt.want-got > 1e-9 {
			t.Errorf("normalize(%v) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestModel_TrainAndUpdate(t *testing.T) {
	dir := modelsDir(t)
	m, err := LoadTrained(dir, "amazon")
	if err != nil {
		t.Fatal(err)
	}
	// Held-out domain: the layer trained on amazon must beat chance on yelp.
	yelp, err := ReadCorpus(CorpusPath(dir, "yelp"))
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, e := range yelp {
		if (m.Analyze(e.Text).Score > 0) == (e.Label == Positive) {
			ok++
		}
	}
	if acc := float64(ok) / float64(len(yelp)); acc < 0.75 {
		t.Errorf("amazon-trained accuracy on yelp = %.3f; want >= 0.75", acc)
	}

	// A tenant's corrections teach it that its jargon is negative.
	const text = "the frobulator is frobnicated again"
	before := m.Analyze(text).Score
	var fixes []Example
	for range 20 {
		fixes = append(fixes, Example{Text: text, Label: Negative})
	}
	if err := m.Update(fixes); err != nil {
		t.Fatal(err)
	}
	after := m.Analyze(text)
	if after.Label != Negative || after.Score >= before {
		t.Errorf("after corrections Analyze(%q) = %s %.3f (before %.3f); want negative and lower", text, after.Label, after.Score, before)
	}

	if err := m.Update([]Example{{Text: "x", Label: "angry"}}); !errors.Is(err, ErrInvalidLabel) {
		t.Errorf("Update with a bad label = %v; want ErrInvalidLabel", err)
	}
}

func TestWithExamples_LearnsTenantUsageWithoutChangingTheBase(t *testing.T) {
	base := New(Lexicon{"good": 1.9, "bad": -2.5, "great": 3.1, "awful": -2.0})
	if err := base.Train([]Example{
		{"this is good", Positive}, {"great service", Positive}, {"really good work", Positive},
		{"this is bad", Negative}, {"awful service", Negative}, {"really bad work", Negative},
	}); err != nil {
		t.Fatal(err)
	}
	// In this tenant's trade "sick" is praise, which general English data
	// does not know.
	const text = "the new frame is sick"
	before := base.Analyze(text)
	tenant, err := base.WithExamples([]Example{
		{"that paint job is sick", Positive}, {"sick wheels", Positive}, {"the ride was sick", Positive},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := tenant.Analyze(text); got.Label != Positive || got.Score <= before.Score {
		t.Errorf("tenant model: %v (score %.2f); want positive and above the base's %.2f", got.Label, got.Score, before.Score)
	}
	if again := base.Analyze(text); again != before {
		t.Errorf("base model changed: %v; was %v", again, before)
	}
	if _, err := base.WithExamples([]Example{{"x", "furious"}}); err == nil {
		t.Error("WithExamples accepted an invalid label")
	}
}
