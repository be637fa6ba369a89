package lexical

import (
	"container/heap"
	"context"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Query is a search request.
type Query struct {
	// Text holds words and "quoted phrases".
	Text string
	// Prefix treats the last word as the start of a word being typed, unless
	// the text ends with a space or a quote.
	Prefix bool
	// All requires every word, phrase and prefix to match (AND); otherwise
	// any of them may (OR), ranked by BM25.
	All bool
	// Filter restricts the documents that may match.
	Filter Filter
	// Limit is the number of hits to return (default 10).
	Limit int
}

// Filter restricts a search to documents whose attributes match. Within one
// keyword attribute any listed value matches; attributes and ranges must all
// match.
type Filter struct {
	Keywords map[string][]string
	Ranges   []Range
}

// Range matches documents whose time attribute is in [From, To); a zero
// bound is open. A document without the attribute does not match.
type Range struct {
	Attr     string
	From, To time.Time
}

func (f Filter) empty() bool { return len(f.Keywords) == 0 && len(f.Ranges) == 0 }

// Hit is one matching document.
type Hit struct {
	ID    string
	Score float64
}

// Results are the best hits and how many documents matched in all.
type Results struct {
	Hits  []Hit
	Total int
}

// maxExpansions bounds how many indexed terms a prefix stands for; the most
// frequent are kept.
const maxExpansions = 64

type clauseKind int

const (
	termClause clauseKind = iota
	phraseClause
	prefixClause
)

type clause struct {
	kind   clauseKind
	terms  []string // one for a term or prefix, several for a phrase
	weight float64  // times the word appears in the query
	prefix string   // unstemmed, for prefix clauses
}

// parse splits query text into clauses.
func (ix *Index) parse(q Query) []clause {
	var out []clause
	text := q.Text
	seen := map[string]int{}
	addTerms := func(seg string, mayPrefix bool) {
		toks := ix.an.Tokens(seg)
		for i, t := range toks {
			if mayPrefix && i == len(toks)-1 && t.End == len(seg) {
				raw := strings.ToLower(seg[t.Start:t.End])
				out = append(out, clause{kind: prefixClause, terms: []string{t.Term}, prefix: raw, weight: 1})
				continue
			}
			if k, ok := seen[t.Term]; ok {
				out[k].weight++
				continue
			}
			seen[t.Term] = len(out)
			out = append(out, clause{kind: termClause, terms: []string{t.Term}, weight: 1})
		}
	}
	for {
		open := strings.IndexByte(text, '"')
		if open < 0 {
			break
		}
		close := strings.IndexByte(text[open+1:], '"')
		if close < 0 { // an unfinished quote is being typed: a phrase so far
			close = len(text) - open - 1
		}
		addTerms(text[:open], false)
		phrase := ix.an.Terms(text[open+1 : open+1+close])
		switch len(phrase) {
		case 0:
		case 1:
			addTerms(text[open+1:open+1+close], false)
		default:
			out = append(out, clause{kind: phraseClause, terms: phrase, weight: 1})
		}
		text = text[min(len(text), open+1+close+1):]
	}
	mayPrefix := q.Prefix && text != "" && !unicode.IsSpace(rune(text[len(text)-1]))
	addTerms(text, mayPrefix)
	return out
}

type scratch struct {
	score   []float64
	clause  []float64
	tf      []float64
	matched []uint16
	touched []uint32 // docs with a score
	cdocs   []uint32 // docs matched by the current clause
	tdocs   []uint32 // docs holding the current term
	pos     [][]uint32
	allow   []uint64
}

func (s *scratch) grow(n int) {
	if len(s.score) < n {
		n = n + n/4 + 64
		s.score = make([]float64, n)
		s.clause = make([]float64, n)
		s.tf = make([]float64, n)
		s.matched = make([]uint16, n)
	}
}

// Search runs a query. It returns no hits for a query without words.
func (ix *Index) Search(ctx context.Context, q Query) (Results, error) {
	if err := ctx.Err(); err != nil {
		return Results{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	clauses := ix.parse(q)
	if len(clauses) == 0 {
		return Results{}, nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	s, _ := ix.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	defer ix.scratch.Put(s)
	s.grow(len(ix.ids))
	s.touched = s.touched[:0]

	allowed := ix.allowFunc(q.Filter, s)
	for _, c := range clauses {
		s.cdocs = s.cdocs[:0]
		switch c.kind {
		case termClause:
			ix.scoreTerm(s, c.terms[0], c.weight, allowed, false)
		case prefixClause:
			exp := ix.expand(c)
			for _, t := range exp {
				ix.scoreTerm(s, t, c.weight, allowed, true)
			}
		case phraseClause:
			ix.scorePhrase(s, c.terms, allowed)
		}
		for _, d := range s.cdocs {
			if s.matched[d] == 0 {
				s.touched = append(s.touched, d)
			}
			s.score[d] += s.clause[d]
			s.matched[d]++
			s.clause[d] = 0
		}
	}

	need := uint16(1)
	if q.All {
		need = uint16(len(clauses))
	}
	h := hitHeap{}
	total := 0
	for _, d := range s.touched {
		if s.matched[d] >= need {
			total++
			e := entry{d, s.score[d]}
			if len(h) < limit {
				heap.Push(&h, e)
			} else if e.better(h[0]) {
				h[0] = e
				heap.Fix(&h, 0)
			}
		}
		s.score[d] = 0
		s.matched[d] = 0
	}
	var hits []Hit
	if len(h) > 0 {
		hits = make([]Hit, len(h))
	}
	for i := len(h) - 1; i >= 0; i-- {
		e := heap.Pop(&h).(entry)
		hits[i] = Hit{ID: ix.ids[e.doc], Score: e.score}
	}
	return Results{Hits: hits, Total: total}, nil
}

// allowFunc returns the test a document must pass: live and in the filter.
func (ix *Index) allowFunc(f Filter, s *scratch) func(uint32) bool {
	if f.empty() {
		return func(d uint32) bool { return !ix.isDeleted(d) }
	}
	words := (len(ix.ids) + 63) / 64
	var bits []uint64
	if len(f.Keywords) > 0 {
		if cap(s.allow) < words {
			s.allow = make([]uint64, words)
		}
		bits = s.allow[:words]
		first := true
		one := make([]uint64, words)
		for attr, vals := range f.Keywords {
			clear(one)
			m := ix.kw[attr]
			for _, v := range vals {
				for _, d := range m[v] {
					one[d>>6] |= 1 << (d & 63)
				}
			}
			if first {
				copy(bits, one)
				first = false
				continue
			}
			for i := range bits {
				bits[i] &= one[i]
			}
		}
	}
	type rng struct {
		col      []int64
		from, to int64
	}
	var rs []rng
	for _, r := range f.Ranges {
		col := ix.times[r.Attr]
		if col == nil {
			return func(uint32) bool { return false }
		}
		x := rng{col: col, from: math.MinInt64 + 1, to: math.MaxInt64}
		if !r.From.IsZero() {
			x.from = r.From.UnixNano()
		}
		if !r.To.IsZero() {
			x.to = r.To.UnixNano()
		}
		rs = append(rs, x)
	}
	return func(d uint32) bool {
		if ix.isDeleted(d) {
			return false
		}
		if bits != nil && bits[d>>6]&(1<<(d&63)) == 0 {
			return false
		}
		for _, r := range rs {
			if v := r.col[d]; v < r.from || v >= r.to {
				return false
			}
		}
		return true
	}
}

func (ix *Index) norm(fi int, d uint32, avg float64) float64 {
	return 1 - ix.b + ix.b*float64(ix.lens[fi][d])/avg
}

func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.num))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// scoreTerm adds the BM25F score of one term into s.clause for the allowed
// documents holding it, summing (or, for prefix expansions, keeping the
// maximum) per document.
func (ix *Index) scoreTerm(s *scratch, term string, weight float64, allowed func(uint32) bool, max bool) {
	t, ok := ix.terms[term]
	if !ok {
		return
	}
	s.tdocs = s.tdocs[:0]
	for fi, pl := range ix.post[t] {
		if pl == nil {
			continue
		}
		w := ix.fields[fi].Weight
		avg := ix.avgLen(fi)
		for i, d := range pl.docs {
			if ix.isDeleted(d) {
				continue
			}
			if s.tf[d] == 0 {
				s.tdocs = append(s.tdocs, d)
			}
			s.tf[d] += w * float64(pl.freqs[i]) / ix.norm(fi, d, avg)
		}
	}
	ix.finishTerm(s, len(s.tdocs), weight, allowed, max)
}

// finishTerm turns the pseudo term frequencies in s.tf of the documents in
// s.tdocs into scores, df being the number of live documents that hold it.
func (ix *Index) finishTerm(s *scratch, df int, weight float64, allowed func(uint32) bool, max bool) {
	idf := ix.idf(df) * weight
	k1 := ix.k1
	for _, d := range s.tdocs {
		tf := s.tf[d]
		s.tf[d] = 0
		if !allowed(d) {
			continue
		}
		sc := idf * tf * (k1 + 1) / (tf + k1)
		if s.clause[d] == 0 {
			s.cdocs = append(s.cdocs, d)
			s.clause[d] = sc
			continue
		}
		if max {
			s.clause[d] = math.Max(s.clause[d], sc)
		} else {
			s.clause[d] += sc
		}
	}
}

// expand lists the terms a prefix clause stands for: the stemmed word
// itself and up to maxExpansions indexed terms starting with the typed
// prefix, the most frequent first.
func (ix *Index) expand(c clause) []string {
	cands := ix.prefixTerms(c.prefix)
	if len(cands) > maxExpansions {
		freq := func(term string) int {
			n := 0
			for _, pl := range ix.post[ix.terms[term]] {
				if pl != nil {
					n += len(pl.docs)
				}
			}
			return n
		}
		type tf struct {
			t string
			n int
		}
		all := make([]tf, len(cands))
		for i, t := range cands {
			all[i] = tf{t, freq(t)}
		}
		slices.SortFunc(all, func(a, b tf) int {
			if a.n != b.n {
				return b.n - a.n
			}
			return strings.Compare(a.t, b.t)
		})
		cands = cands[:0]
		for _, x := range all[:maxExpansions] {
			cands = append(cands, x.t)
		}
	}
	stemmed := c.terms[0]
	for _, t := range cands {
		if t == stemmed {
			return cands
		}
	}
	return append(cands, stemmed)
}

// scorePhrase scores documents in which the terms occur consecutively in
// one field, the phrase counting as one term.
func (ix *Index) scorePhrase(s *scratch, terms []string, allowed func(uint32) bool) {
	ids := make([]int32, len(terms))
	for i, term := range terms {
		t, ok := ix.terms[term]
		if !ok {
			return
		}
		ids[i] = t
	}
	if cap(s.pos) < len(terms) {
		s.pos = make([][]uint32, len(terms))
	}
	s.pos = s.pos[:len(terms)]
	s.tdocs = s.tdocs[:0]
	idx := make([]int, len(terms))
	for fi := range ix.fields {
		lists := make([]*plist, len(terms))
		rare := -1
		for i, t := range ids {
			lists[i] = ix.post[t][fi]
			if lists[i] == nil {
				rare = -2
				break
			}
			if rare < 0 || len(lists[i].docs) < len(lists[rare].docs) {
				rare = i
			}
		}
		if rare < 0 {
			continue
		}
		w := ix.fields[fi].Weight
		avg := ix.avgLen(fi)
		clear(idx)
	docs:
		for ri, d := range lists[rare].docs {
			if ix.isDeleted(d) {
				continue
			}
			for i, pl := range lists {
				j := idx[i] + searchFrom(pl.docs[idx[i]:], d)
				idx[i] = j
				if j >= len(pl.docs) || pl.docs[j] != d {
					continue docs
				}
			}
			for i, pl := range lists {
				j := idx[i]
				if i == rare {
					j = ri
				}
				s.pos[i] = pl.positions(j, s.pos[i])
			}
			if n := phraseCount(s.pos); n > 0 {
				if s.tf[d] == 0 {
					s.tdocs = append(s.tdocs, d)
				}
				s.tf[d] += w * float64(n) / ix.norm(fi, d, avg)
			}
		}
	}
	ix.finishTerm(s, len(s.tdocs), 1, allowed, false)
}

// searchFrom returns the first index in sorted docs holding at least d.
func searchFrom(docs []uint32, d uint32) int {
	lo, hi := 0, len(docs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if docs[m] < d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// phraseCount counts the positions p with p+i in pos[i] for every i.
func phraseCount(pos [][]uint32) int {
	n := 0
	idx := make([]int, len(pos))
next:
	for _, p := range pos[0] {
		for i := 1; i < len(pos); i++ {
			want := p + uint32(i)
			for idx[i] < len(pos[i]) && pos[i][idx[i]] < want {
				idx[i]++
			}
			if idx[i] == len(pos[i]) {
				return n
			}
			if pos[i][idx[i]] != want {
				continue next
			}
		}
		n++
	}
	return n
}

type entry struct {
	doc   uint32
	score float64
}

// better orders hits: higher score first, then earlier added.
func (e entry) better(o entry) bool {
	if e.score != o.score {
		return e.score > o.score
	}
	return e.doc < o.doc
}

// hitHeap is a min-heap: the worst kept hit on top.
type hitHeap []entry

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h[j].better(h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(entry)) }
func (h *hitHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
