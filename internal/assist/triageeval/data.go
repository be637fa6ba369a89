package triageeval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
)

// ReadBanking77 reads one Banking77 CSV file (columns text,category).
func ReadBanking77(path string) ([]classify.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("triageeval: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("triageeval: read %s: %w", path, err)
	}
	if len(header) != 2 || header[0] != "text" || header[1] != "category" {
		return nil, fmt.Errorf("triageeval: %s: unexpected header %q", path, header)
	}
	var out []classify.Example
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("triageeval: read %s: %w", path, err)
		}
		out = append(out, classify.Example{Text: rec[0], Label: rec[1]})
	}
	return out, nil
}

// LoadBanking77 reads train.csv and test.csv from dataDir/banking77.
func LoadBanking77(dataDir string) (train, test []classify.Example, err error) {
	train, err = ReadBanking77(filepath.Join(dataDir, "banking77", "train.csv"))
	if err != nil {
		return nil, nil, err
	}
	test, err = ReadBanking77(filepath.Join(dataDir, "banking77", "test.csv"))
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// SampleShots draws n examples per label from examples with the given seed,
// returning the sample and the rest.
func SampleShots(examples []classify.Example, n int, seed uint64) (shots, rest []classify.Example) {
	byLabel := make(map[string][]int)
	for i, e := range examples {
		byLabel[e.Label] = append(byLabel[e.Label], i)
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	rng := rand.New(rand.NewPCG(seed, 77))
	picked := make([]bool, len(examples))
	for _, l := range labels {
		idx := byLabel[l]
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for _, i := range idx[:min(n, len(idx))] {
			picked[i] = true
		}
	}
	for i, e := range examples {
		if picked[i] {
			shots = append(shots, e)
		} else {
			rest = append(rest, e)
		}
	}
	return shots, rest
}

// SplitFraction holds out frac of examples (stratified by label) for validation.
func SplitFraction(examples []classify.Example, frac float64, seed uint64) (train, valid []classify.Example) {
	byLabel := make(map[string]int)
	for _, e := range examples {
		byLabel[e.Label]++
	}
	valid, train = nil, nil
	quota := make(map[string]int)
	for l, n := range byLabel {
		quota[l] = int(float64(n)*frac + 0.5)
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	perm := rng.Perm(len(examples))
	for _, i := range perm {
		e := examples[i]
		if quota[e.Label] > 0 {
			quota[e.Label]--
			valid = append(valid, e)
		} else {
			train = append(train, e)
		}
	}
	return train, valid
}

// categoriesOf lists the labels of examples as categories with no description
// (the classifier uses the label's words as one).
func categoriesOf(examples []classify.Example) []classify.Category {
	seen := make(map[string]bool)
	var cats []classify.Category
	for _, e := range examples {
		if !seen[e.Label] {
			seen[e.Label] = true
			cats = append(cats, classify.Category{Name: e.Label})
		}
	}
	sort.Slice(cats, func(a, b int) bool { return cats[a].Name < cats[b].Name })
	return cats
}
