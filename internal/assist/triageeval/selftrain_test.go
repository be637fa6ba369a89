package triageeval

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
)

func TestPickConfident(t *testing.T) {
	pool := []string{"a", "b", "c", "d", "e"}
	ps := []classify.Prediction{
		{Label: "x", Confidence: 0.5},
		{Label: "y", Confidence: 0.9},
		{Label: "x", Confidence: 0.8},
		{Label: "x", Confidence: 0.3},
		{Label: "y", Confidence: 0.2},
	}
	tests := []struct {
		name    string
		n       int
		minConf float64
		want    []classify.Example
	}{
		{"one per label, most confident", 1, 0, []classify.Example{{Text: "c", Label: "x"}, {Text: "b", Label: "y"}}},
		{"two per label, by confidence", 2, 0, []classify.Example{{Text: "c", Label: "x"}, {Text: "a", Label: "x"}, {Text: "b", Label: "y"}, {Text: "e", Label: "y"}}},
		{"cap above the pool", 9, 0, []classify.Example{{Text: "c", Label: "x"}, {Text: "a", Label: "x"}, {Text: "d", Label: "x"}, {Text: "b", Label: "y"}, {Text: "e", Label: "y"}}},
		{"confidence floor", 9, 0.45, []classify.Example{{Text: "c", Label: "x"}, {Text: "a", Label: "x"}, {Text: "b", Label: "y"}}},
		{"floor above everything", 9, 0.95, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := pickConfident(pool, ps, tc.n, tc.minConf)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("pickConfident mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func scoreOf(t *testing.T, c *classify.Classifier, text, label string) float64 {
	t.Helper()
	p, err := c.Predict(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Ranked {
		if s.Label == label {
			return s.Score
		}
	}
	t.Fatalf("label %q not ranked", label)
	return 0
}

func TestSelfTrain(t *testing.T) {
	labelled := []classify.Example{
		{Text: "where is my card", Label: "card_arrival"},
		{Text: "my card has not come yet", Label: "card_arrival"},
		{Text: "top up my balance", Label: "top_up"},
		{Text: "how do I add money", Label: "top_up"},
	}
	// The pool links a word no labelled text has ("courier") to card texts.
	pool := []string{
		"my card has not come, the courier lost it",
		"where is my card, ask the courier",
		"add money to my balance",
		"top up failed",
	}
	opt := classify.Options{Seed: 1}
	plain, err := SelfTrain(t.Context(), labelled, nil, opt, SelfTrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	self, err := SelfTrain(t.Context(), labelled, pool, opt, SelfTrainOptions{Rounds: 1, PerLabel: 2})
	if err != nil {
		t.Fatal(err)
	}
	before := scoreOf(t, plain, "courier", "card_arrival")
	after := scoreOf(t, self, "courier", "card_arrival")
	if after <= before+0.05 {
		t.Errorf("card_arrival score of %q: %.3f without self-training, %.3f with; want it to rise", "courier", before, after)
	}
	if p, err := self.Predict("courier"); err != nil || p.Label != "card_arrival" {
		t.Errorf("Predict(courier) = %+v, %v; want card_arrival", p, err)
	}
	if got := self.Labels(); !cmp.Equal(got, []string{"card_arrival", "top_up"}) {
		t.Errorf("Labels() = %v; want the labelled categories only", got)
	}
	// Without PinWeights the refit picks its fusion weights for its larger
	// set; with it they stay those of the labelled examples.
	wc, wh := plain.FusionWeights()
	if sc, sh := self.FusionWeights(); sc == wc && sh == wh {
		t.Errorf("self-trained fusion weights = labelled-only ones (%v, %v); want them picked again", wc, wh)
	}
	pinned, err := SelfTrain(t.Context(), labelled, pool, opt, SelfTrainOptions{Rounds: 2, PerLabel: 2, PinWeights: true})
	if err != nil {
		t.Fatal(err)
	}
	pc, ph := pinned.FusionWeights()
	if pc != wc || ph != wh {
		t.Errorf("pinned fusion weights = %v, %v; want the labelled-only %v, %v", pc, ph, wc, wh)
	}
	if _, err := SelfTrain(t.Context(), nil, pool, opt, SelfTrainOptions{}); err == nil {
		t.Error("SelfTrain with no labelled examples: want an error")
	}
}
