package triageeval

import (
	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
)

// SentimentResult is the accuracy on one held-out domain.
type SentimentResult struct {
	Domain   string
	Rules    float64 // lexicon and rules only (positive iff score > 0)
	Learned  float64 // learned layer trained on the other two domains
	Examples int
}

// binaryAccuracy counts a sentence as positive when its score is above zero
// (at zero, the rules have found no sentiment; that counts as negative).
func binaryAccuracy(m *sentiment.Model, ex []sentiment.Example) float64 {
	ok := 0
	for _, e := range ex {
		pos := m.Analyze(e.Text).Score > 0
		if pos == (e.Label == sentiment.Positive) {
			ok++
		}
	}
	return float64(ok) / float64(len(ex))
}

// SentimentLODO measures sentiment accuracy leave-one-domain-out: for each
// UCI domain, the learned layer is trained on the other two and scored on it,
// so no reported sentence is ever trained on.
func SentimentLODO(modelsDir string) ([]SentimentResult, error) {
	data := make(map[string][]sentiment.Example)
	for _, d := range sentiment.Domains {
		ex, err := sentiment.ReadCorpus(sentiment.CorpusPath(modelsDir, d))
		if err != nil {
			return nil, err
		}
		data[d] = ex
	}
	rules, err := sentiment.Load(modelsDir)
	if err != nil {
		return nil, err
	}
	var out []SentimentResult
	for _, held := range sentiment.Domains {
		var train []sentiment.Example
		for _, d := range sentiment.Domains {
			if d != held {
				train = append(train, data[d]...)
			}
		}
		m, err := sentiment.Load(modelsDir)
		if err != nil {
			return nil, err
		}
		if err := m.Train(train); err != nil {
			return nil, err
		}
		out = append(out, SentimentResult{
			Domain:   held,
			Rules:    binaryAccuracy(rules, data[held]),
			Learned:  binaryAccuracy(m, data[held]),
			Examples: len(data[held]),
		})
	}
	return out, nil
}
