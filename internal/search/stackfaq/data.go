// Package stackfaq evaluates knowledge-base retrieval on StackFAQ (Karan &
// Šnajder 2018): 125 StackExchange threads indexed as articles, queried with
// 1,249 user paraphrases, one relevant thread each. It reports P@1, MRR and
// R@5 for BM25 alone and for BM25 fused with USE-lite vectors.
//
// Parameters are tuned only on the queries of even-numbered threads (the
// tuning half); the headline figures are measured on the queries of the
// odd-numbered threads (the held-out half), and also reported on all.
package stackfaq

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Thread is one FAQ thread: an article and the paraphrases that ask for it.
type Thread struct {
	ID          int
	Question    string
	Answers     []string
	Paraphrases []string
}

// Query is one paraphrase and the thread it asks for.
type Query struct {
	Text   string
	Thread int
}

// Tune reports whether the query belongs to the tuning half.
func (q Query) Tune() bool { return q.Thread%2 == 0 }

// fileName is the data set's file inside its folder.
const fileName = "stackExchange-FAQ.xml"

// Load reads the threads from dir, which is either the stackfaq folder or
// the data folder holding it. Placeholder paraphrases ("*") are dropped.
func Load(dir string) ([]Thread, error) {
	path := filepath.Join(dir, fileName)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		path = filepath.Join(dir, "stackfaq", fileName)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("stackfaq: %w", err)
	}
	defer f.Close()
	var doc struct {
		Pairs []struct {
			Rephr    []string `xml:"rephr"`
			Question string   `xml:"question"`
			Answers  []string `xml:"answer"`
		} `xml:"qapair"`
	}
	dec := xml.NewDecoder(f)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("stackfaq: parse %s: %w", path, err)
	}
	var out []Thread
	for i, p := range doc.Pairs {
		t := Thread{ID: i, Question: clean(p.Question)}
		for _, a := range p.Answers {
			if a = clean(a); a != "" {
				t.Answers = append(t.Answers, a)
			}
		}
		for _, r := range p.Rephr {
			if r = clean(r); r != "" && r != "*" {
				t.Paraphrases = append(t.Paraphrases, r)
			}
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("stackfaq: %s holds no threads", path)
	}
	return out, nil
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// Queries lists every paraphrase with its thread.
func Queries(threads []Thread) []Query {
	var out []Query
	for _, t := range threads {
		for _, p := range t.Paraphrases {
			out = append(out, Query{Text: p, Thread: t.ID})
		}
	}
	return out
}
