package classify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

var cats = []Category{
	{Name: "shipping", Description: "delivery, parcels, tracking and couriers", Examples: []string{"where is my parcel", "the courier never came"}},
	{Name: "billing", Description: "charges, refunds, invoices and payment cards", Examples: []string{"I was charged twice", "please send the invoice"}},
	{Name: "repairs", Description: "broken parts, brakes, chains and wheels", Examples: []string{"my brake squeaks", "the chain fell off"}},
}

var labelled = []Example{
	{Text: "my package has not arrived yet", Label: "shipping"},
	{Text: "tracking number does not work", Label: "shipping"},
	{Text: "when will the delivery come", Label: "shipping"},
	{Text: "refund my money please", Label: "billing"},
	{Text: "double payment on my card", Label: "billing"},
	{Text: "invoice shows the wrong amount", Label: "billing"},
	{Text: "the front wheel is bent", Label: "repairs"},
	{Text: "gears slip when I pedal", Label: "repairs"},
	{Text: "brake pads are worn out", Label: "repairs"},
}

func TestClassifier_Predict(t *testing.T) {
	c := New(cats, Options{Seed: 1})
	if err := c.Train(t.Context(), labelled); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, want string
	}{
		{"my parcel is late, where is the courier", "shipping"},
		{"you charged my card twice, I want a refund", "billing"},
		{"the rear brake is broken", "repairs"},
		{"deliveries are slow", "shipping"}, // char n-grams match "delivery"
	}
	for _, tt := range tests {
		got, err := c.Predict(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Label != tt.want {
			t.Errorf("Predict(%q) = %s (%v); want %s", tt.text, got.Label, got.Ranked, tt.want)
		}
		var sum float64
		for _, s := range got.Ranked {
			sum += s.Score
		}
		if math.Abs(sum-1) > 1e-9 || got.Confidence != got.Ranked[0].Score || len(got.Ranked) != len(cats) {
			t.Errorf("Predict(%q) scores = %v; want %d scores summing to 1, best first", tt.text, got.Ranked, len(cats))
		}
	}
}

func TestClassifier_FewShotFromCategories(t *testing.T) {
	// No labelled tickets: the categories' descriptions and examples are enough.
	c := New(cats, Options{})
	if err := c.Train(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"has the courier picked up my parcel": "shipping",
		"I need an invoice for my payment":    "billing",
		"chain is broken":                     "repairs",
	} {
		got, err := c.Predict(text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Label != want {
			t.Errorf("Predict(%q) = %s; want %s", text, got.Label, want)
		}
	}
}

func TestClassifier_UpdateChangesPrediction(t *testing.T) {
	ctx := t.Context()
	c := New(cats, Options{Seed: 1})
	if err := c.Train(ctx, labelled); err != nil {
		t.Fatal(err)
	}
	const text = "my card was declined at checkout"
	before, err := c.Predict(text)
	if err != nil {
		t.Fatal(err)
	}
	if before.Label != "billing" {
		t.Fatalf("Predict(%q) = %s before corrections; want billing", text, before.Label)
	}
	// The tenant routes checkout problems to a new "webshop" category.
	err = c.Update(ctx, []Example{
		{Text: text, Label: "webshop", Correction: true},
		{Text: "checkout page shows an error", Label: "webshop", Correction: true},
		{Text: "cannot finish checkout on the website", Label: "webshop", Correction: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := c.Predict("the card was declined at checkout again")
	if err != nil {
		t.Fatal(err)
	}
	if after.Label != "webshop" {
		t.Errorf("after corrections Predict = %s (%v); want webshop", after.Label, after.Ranked)
	}
	if got := c.Labels(); len(got) != 4 {
		t.Errorf("Labels() = %v; want the three categories plus webshop", got)
	}
	// A later correction of the same text wins over the earlier one.
	if err := c.Update(ctx, []Example{{Text: "My card was declined at checkout!", Label: "billing", Correction: true}}); err != nil {
		t.Fatal(err)
	}
	again, err := c.Predict(text)
	if err != nil {
		t.Fatal(err)
	}
	if again.Label != "billing" {
		t.Errorf("after re-correction Predict(%q) = %s; want billing", text, again.Label)
	}
}

func TestClassifier_Errors(t *testing.T) {
	c := New(nil, Options{})
	if _, err := c.Predict("hello"); !errors.Is(err, ErrNotFitted) {
		t.Errorf("Predict before Train = %v; want ErrNotFitted", err)
	}
	if err := c.Train(t.Context(), nil); !errors.Is(err, ErrNoExamples) {
		t.Errorf("Train with nothing = %v; want ErrNoExamples", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := New(cats, Options{}).Train(ctx, labelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Train with a cancelled context = %v; want context.Canceled", err)
	}
}

// fakeEmbedder maps texts to a topic vector by keyword, standing in for a
// sentence encoder that knows synonyms the lexical features cannot.
type fakeEmbedder struct{ calls int }

func (f *fakeEmbedder) Embed(texts []string) ([][]float32, error) {
	f.calls++
	topics := [][]string{{"parcel", "courier", "delivery", "package", "shipment", "tracking"},
		{"refund", "charged", "invoice", "payment", "money", "reimburse"},
		{"brake", "chain", "wheel", "gears", "squeaks", "puncture"}}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, len(topics)+1)
		v[len(topics)] = 0.1
		for k, words := range topics {
			for _, w := range words {
				if strings.Contains(strings.ToLower(t), w) {
					v[k]++
				}
			}
		}
		out[i] = v
	}
	return out, nil
}

func TestClassifier_Embedder(t *testing.T) {
	emb := &fakeEmbedder{}
	c := New(cats, Options{Embedder: emb, EmbeddingWeight: 2})
	if err := c.Train(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	// "reimburse" and "puncture" appear in no training text: only the
	// embedding knows them.
	for text, want := range map[string]string{"reimburse me": "billing", "a puncture": "repairs"} {
		got, err := c.Predict(text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Label != want {
			t.Errorf("Predict(%q) = %s; want %s", text, got.Label, want)
		}
	}
	if emb.calls == 0 {
		t.Error("embedder was never called")
	}
}

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("Don't CHARGE me twice!! 2x, ok?"), "|")
	if want := "don't|charge|me|twice|2x|ok"; got != want {
		t.Errorf("Tokens = %q; want %q", got, want)
	}
}

func TestFusionWeights(t *testing.T) {
	cats := []Category{
		{Name: "card_arrival", Examples: []string{"where is my card", "card not here", "card still missing"}},
		{Name: "top_up", Examples: []string{"top up my account", "add money", "top up failed"}},
	}
	tests := []struct {
		name             string
		opt              Options
		wantCen, wantHed float64
	}{
		// Four texts per category (three examples and the name): 2/√4 and 0.8/√4.
		{"automatic", Options{}, 1, 0.4},
		{"set", Options{CentroidWeight: 0.3, Head: HeadOptions{Weight: 0.7}}, 0.3, 0.7},
		{"head off", Options{Head: HeadOptions{Weight: -1}}, 1, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := New(cats, tc.opt)
			if cen, head := c.FusionWeights(); cen != 0 || head != 0 {
				t.Errorf("FusionWeights before fitting = %v, %v; want 0, 0", cen, head)
			}
			if err := c.Train(t.Context(), nil); err != nil {
				t.Fatal(err)
			}
			cen, head := c.FusionWeights()
			if math.Abs(cen-tc.wantCen) > 1e-12 || math.Abs(head-tc.wantHed) > 1e-12 {
				t.Errorf("FusionWeights = %v, %v; want %v, %v", cen, head, tc.wantCen, tc.wantHed)
			}
		})
	}
	// Pinned weights survive more data.
	c := New(cats, Options{})
	if err := c.Train(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	opt := Options{}
	opt.CentroidWeight, opt.Head.Weight = c.FusionWeights()
	more := make([]Example, 0, 40)
	for i := range 20 {
		more = append(more, Example{Text: fmt.Sprintf("card %d missing", i), Label: "card_arrival"}, Example{Text: fmt.Sprintf("top up %d", i), Label: "top_up"})
	}
	pinned := New(cats, opt)
	if err := pinned.Train(t.Context(), more); err != nil {
		t.Fatal(err)
	}
	if cen, head := pinned.FusionWeights(); cen != 1 || head != 0.4 {
		t.Errorf("pinned FusionWeights after more data = %v, %v; want 1, 0.4", cen, head)
	}
}
