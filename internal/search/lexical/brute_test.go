package lexical

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// bruteDoc is a document as the brute-force scorer sees it.
type bruteDoc struct {
	id     string
	counts []map[string]int // per field
	lens   []int
	color  string
	day    int
}

// bruteScores ranks docs for words (the last one a prefix when prefix is
// set) by BM25F computed from the definition, without an index.
func bruteScores(docs []bruteDoc, fields []FieldConfig, words []string, prefix, all bool, color string, fromDay int) map[string]float64 {
	const k1, b = 1.2, 0.75
	n := float64(len(docs))
	avg := make([]float64, len(fields))
	for _, d := range docs {
		for fi := range fields {
			avg[fi] += float64(d.lens[fi])
		}
	}
	for fi := range avg {
		avg[fi] /= n
		if avg[fi] <= 0 {
			avg[fi] = 1
		}
	}
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, c := range d.counts {
			for t := range c {
				if !seen[t] {
					seen[t] = true
					df[t]++
				}
			}
		}
	}
	termScore := func(d bruteDoc, t string) float64 {
		tf := 0.0
		for fi, f := range fields {
			if c := d.counts[fi][t]; c > 0 {
				tf += f.Weight * float64(c) / (1 - b + b*float64(d.lens[fi])/avg[fi])
			}
		}
		if tf == 0 {
			return 0
		}
		x := float64(df[t])
		return math.Log(1+(n-x+0.5)/(x+0.5)) * tf * (k1 + 1) / (tf + k1)
	}
	type cl struct {
		term   string
		weight float64
		prefix bool
	}
	var clauses []cl
	for i, w := range words {
		if prefix && i == len(words)-1 {
			clauses = append(clauses, cl{term: w, weight: 1, prefix: true})
			continue
		}
		dup := false
		for j := range clauses {
			if !clauses[j].prefix && clauses[j].term == w {
				clauses[j].weight++
				dup = true
			}
		}
		if !dup {
			clauses = append(clauses, cl{term: w, weight: 1})
		}
	}
	out := map[string]float64{}
	for _, d := range docs {
		if color != "" && d.color != color || d.day < fromDay {
			continue
		}
		total, matched := 0.0, 0
		for _, c := range clauses {
			sc := 0.0
			if c.prefix {
				for t := range df {
					if strings.HasPrefix(t, c.term) {
						sc = math.Max(sc, termScore(d, t))
					}
				}
			} else {
				sc = termScore(d, c.term)
			}
			if sc > 0 {
				total += sc * c.weight
				matched++
			}
		}
		if matched > 0 && (!all || matched == len(clauses)) {
			out[d.id] = total
		}
	}
	return out
}

// TestAgainstBruteForce checks hits, scores and totals of random queries
// (words, prefixes, AND and OR, filters, limits) on a random corpus against
// BM25F computed from the definition, before and after deletions.
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var vocab []string // words over "ab", 1–4 letters: prefixes overlap a lot
	for l := 1; l <= 4; l++ {
		for i := range 1 << l {
			w := ""
			for j := range l {
				w += string("ab"[(i>>j)&1])
			}
			vocab = append(vocab, w)
		}
	}
	word := func() string { // Zipf-like: low ranks far more often
		return vocab[int(math.Floor(math.Pow(rng.Float64(), 2.5)*float64(len(vocab))))]
	}
	fields := []FieldConfig{{"title", 2}, {"body", 1}, {"tag", 1.5}}
	ix := newIndex(t, Config{Fields: fields})
	colors := []string{"red", "green", "blue"}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var docs []bruteDoc
	for i := range 400 {
		bd := bruteDoc{id: fmt.Sprintf("d%03d", i), counts: make([]map[string]int, 3), lens: make([]int, 3),
			color: colors[rng.IntN(3)], day: rng.IntN(30)}
		doc := Document{ID: bd.id, Keywords: map[string][]string{"color": {bd.color}},
			Times: map[string]time.Time{"at": base.AddDate(0, 0, bd.day)}}
		for fi, f := range fields {
			bd.counts[fi] = map[string]int{}
			for range rng.IntN(3) + boolInt(fi == 1) {
				var ws []string
				for range rng.IntN(12) + 1 {
					w := word()
					ws = append(ws, w)
					bd.counts[fi][w]++
					bd.lens[fi]++
				}
				doc.Fields = append(doc.Fields, Field{f.Name, strings.Join(ws, " ")})
			}
		}
		docs = append(docs, bd)
		if err := ix.Put(doc); err != nil {
			t.Fatal(err)
		}
	}
	pruned := 0
	check := func(t *testing.T, docs []bruteDoc) {
		for qi := range 150 {
			var words []string
			for range rng.IntN(3) + 1 {
				words = append(words, word())
			}
			prefix := rng.IntN(2) == 0
			if prefix {
				last := words[len(words)-1]
				words[len(words)-1] = last[:rng.IntN(len(last))+1]
			}
			all := rng.IntN(2) == 0
			q := Query{Text: strings.Join(words, " "), Prefix: prefix, All: all, Limit: rng.IntN(15) + 1}
			color, from := "", 0
			if rng.IntN(3) == 0 {
				color = colors[rng.IntN(3)]
				q.Filter.Keywords = map[string][]string{"color": {color}}
			}
			if rng.IntN(4) == 0 {
				from = rng.IntN(30)
				q.Filter.Ranges = []Range{{Attr: "at", From: base.AddDate(0, 0, from)}}
			}
			want := bruteScores(docs, fields, words, prefix, all, color, from)
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			// Every hit is a match with the right score, in order, and no
			// better-scoring match was left out.
			kth := math.Inf(1)
			for i, h := range res.Hits {
				w, ok := want[h.ID]
				if !ok || math.Abs(w-h.Score) > 1e-9 {
					t.Fatalf("query %d %+v: hit %s score %v; brute force %v (match %v)", qi, q, h.ID, h.Score, w, ok)
				}
				if i > 0 && h.Score > res.Hits[i-1].Score+1e-12 {
					t.Fatalf("query %d %+v: hits out of order: %v", qi, q, res.Hits)
				}
				kth = h.Score
			}
			if want := min(len(want), q.Limit); len(res.Hits) != want {
				t.Fatalf("query %d %+v: %d hits; want %d", qi, q, len(res.Hits), want)
			}
			returned := map[string]bool{}
			for _, h := range res.Hits {
				returned[h.ID] = true
			}
			for id, sc := range want {
				if !returned[id] && sc > kth+1e-9 {
					t.Fatalf("query %d %+v: %s (score %v) missing; k-th hit scores %v", qi, q, id, sc, kth)
				}
			}
			if !res.TotalExact {
				pruned++
			}
			if res.TotalExact && res.Total != len(want) || !res.TotalExact && res.Total > len(want) {
				t.Fatalf("query %d %+v: total %d (exact %v); want %d", qi, q, res.Total, res.TotalExact, len(want))
			}
		}
	}
	t.Run("fresh", func(t *testing.T) { check(t, docs) })
	var kept []bruteDoc
	for i, d := range docs {
		if i%5 == 2 {
			ix.Delete(d.id)
			continue
		}
		kept = append(kept, d)
	}
	ix.Compact()
	t.Run("after_deletes", func(t *testing.T) { check(t, kept) })
	if pruned == 0 {
		t.Error("no query skipped prefix expansions: the pruning went untested")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
