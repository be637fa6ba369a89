package sentiment

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Domains are the three sets of the UCI "Sentiment Labelled Sentences"
// (Kotzias et al. 2015) that npm sentiment@5.0.2 ships as test fixtures.
var Domains = []string{"amazon", "imdb", "yelp"}

// CorpusPath is where a domain's labelled sentences live in the models directory.
func CorpusPath(modelsDir, domain string) string {
	return filepath.Join(modelsDir, "sentiment", "test", "fixtures", domain+".json")
}

// ReadCorpus reads labelled sentences in the fixtures' JSON format
// ([{"text": ..., "class": 0|1}]).
func ReadCorpus(path string) ([]Example, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sentiment: read corpus: %w (run build/fetch-models.sh)", err)
	}
	var rows []struct {
		Text  string `json:"text"`
		Class int    `json:"class"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("sentiment: decode %s: %w", path, err)
	}
	out := make([]Example, len(rows))
	for i, r := range rows {
		l := Negative
		if r.Class == 1 {
			l = Positive
		}
		out[i] = Example{Text: r.Text, Label: l}
	}
	return out, nil
}

// LoadTrained loads the lexicon and trains the learned layer on the labelled
// sentences of the given domains (all three when none are named): the
// default model a tenant starts from before its own corrections.
func LoadTrained(modelsDir string, domains ...string) (*Model, error) {
	m, err := Load(modelsDir)
	if err != nil {
		return nil, err
	}
	if len(domains) == 0 {
		domains = Domains
	}
	var all []Example
	for _, d := range domains {
		ex, err := ReadCorpus(CorpusPath(modelsDir, d))
		if err != nil {
			return nil, err
		}
		all = append(all, ex...)
	}
	if err := m.Train(all); err != nil {
		return nil, err
	}
	return m, nil
}
