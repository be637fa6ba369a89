package language

import (
	_ "embed"
	"fmt"
	"strings"
)

// Sample is a sentence of known language.
type Sample struct {
	Code string
	Text string
}

//go:embed heldout/heldout.tsv
var heldoutTSV string

// HeldOut returns sentences written for evaluation only: none of them is in
// the training corpus, so accuracy on them measures generalisation.
func HeldOut() ([]Sample, error) {
	var out []Sample
	for i, line := range strings.Split(strings.TrimSpace(heldoutTSV), "\n") {
		code, text, ok := strings.Cut(line, "\t")
		if !ok || text == "" {
			return nil, fmt.Errorf("language: held-out line %d: want code<TAB>text", i+1)
		}
		out = append(out, Sample{Code: code, Text: text})
	}
	return out, nil
}

// Accuracy is the share of samples whose language d detects correctly.
func (d *Detector) Accuracy(samples []Sample) float64 {
	if len(samples) == 0 {
		return 0
	}
	ok := 0
	for _, s := range samples {
		if d.Detect(s.Text).Code == s.Code {
			ok++
		}
	}
	return float64(ok) / float64(len(samples))
}
