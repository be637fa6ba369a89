package lexical

import (
	"context"
	"math"
	"math/bits"
	"slices"
	"sort"
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

// Results are the best hits and how many documents matched in all. When
// the search skipped work it proved could not change the hits (see
// evalPrefix), Total is a lower bound and TotalExact is false.
type Results struct {
	Hits       []Hit
	Total      int
	TotalExact bool
}

// maxExpansions bounds how many indexed terms a prefix stands for; the most
// frequent are kept, and only as many as fit in expansionPostings postings
// (at least one), so that a one- or two-letter prefix on a large index
// stands for its most frequent words instead of reading most of the index.
const (
	maxExpansions     = 64
	expansionPostings = 150_000
)

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

// Search evaluation
//
// A query is a list of clauses (words, phrases, one prefix). Scores are
// accumulated term at a time into dense per-document arrays reused across
// queries, so the hot loops allocate nothing.
//
// With All (every clause must match) the clauses run cheapest first: the
// first one (or the filter, when it admits fewer documents) yields the
// candidates, and every later clause only looks at the candidates left,
// probing its postings by galloping search when the candidates are much
// fewer than the postings. A prefix clause runs last. Its expansions are
// combined by maximum, so once the k-th best score found exceeds what the
// best remaining candidate could reach with an expansion (max-score
// pruning with per-list bounds), the rarer-scoring expansions are skipped:
// the hits are exactly those of the full evaluation, and Total becomes a
// lower bound (TotalExact false).

type scratch struct {
	score   []float64 // sum of the finished clauses' scores
	clause  []float64 // the current clause's score
	tf      []float64 // the current term's BM25F pseudo frequency
	mark    []uint16  // All: clauses survived; otherwise clauses matched
	touched []uint32  // docs whose score or mark is set
	cdocs   []uint32  // docs matched by the current clause
	tdocs   []uint32  // docs holding the current term
	cands   []uint32  // All: sorted surviving candidates
	pos     [][]uint32
	allow   []uint64
	one     []uint64
	heap    []entry
	kth     []float64
	exps    []expansion
}

func (s *scratch) grow(n int) {
	if len(s.score) < n {
		n = n + n/4 + 64
		s.score = make([]float64, n)
		s.clause = make([]float64, n)
		s.tf = make([]float64, n)
		s.mark = make([]uint16, n)
	}
}

// eval is the state of one clause's evaluation.
type eval struct {
	s     *scratch
	allow []uint64 // documents the filter admits (live ones); nil: any live one
	// restrict limits the clause to documents with mark == round, which
	// are listed in s.cands.
	restrict bool
	round    uint16
	// prune enables skipping prefix expansions; maxRest bounds the score a
	// document has from the other clauses.
	prune   bool
	maxRest float64
	limit   int
	skipped bool
}

func (ix *Index) live(e *eval, d uint32) bool {
	if e.allow != nil {
		return e.allow[d>>6]&(1<<(d&63)) != 0
	}
	return ix.deleted[d>>6]&(1<<(d&63)) == 0
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
	e := eval{s: s, limit: limit}
	allowN := -1
	if !q.Filter.empty() {
		e.allow, allowN = ix.allowBits(q.Filter, s)
		if allowN == 0 {
			return Results{TotalExact: true}, nil
		}
	}
	var res Results
	if q.All {
		res = ix.searchAll(&e, clauses, allowN)
	} else {
		res = ix.searchAny(&e, clauses)
	}
	for _, d := range s.touched {
		s.score[d] = 0
		s.mark[d] = 0
	}
	return res, nil
}

// searchAny ranks documents matching any clause.
func (ix *Index) searchAny(e *eval, clauses []clause) Results {
	s := e.s
	e.prune = len(clauses) == 1
	for _, c := range clauses {
		ix.evalClause(e, c)
		for _, d := range s.cdocs {
			if s.mark[d] == 0 {
				s.touched = append(s.touched, d)
			}
			s.score[d] += s.clause[d]
			s.mark[d]++
			s.clause[d] = 0
		}
	}
	return ix.top(e, s.touched)
}

// searchAll ranks documents matching every clause.
func (ix *Index) searchAll(e *eval, clauses []clause, allowN int) Results {
	s := e.s
	cost := make([]int, len(clauses))
	for i, c := range clauses {
		cost[i] = ix.cost(c)
		if cost[i] == 0 {
			return Results{TotalExact: true}
		}
	}
	order := make([]int, len(clauses))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := clauses[a].kind == prefixClause, clauses[b].kind == prefixClause
		if pa != pb {
			if pa {
				return 1
			}
			return -1
		}
		return cost[a] - cost[b]
	})
	round := uint16(0)
	s.cands = s.cands[:0]
	if allowN >= 0 && allowN < cost[order[0]] {
		// The filter is the most selective: its documents are the candidates.
		for w, bits := range e.allow {
			for bits != 0 {
				d := uint32(w*64 + bits64(bits))
				bits &= bits - 1
				s.cands = append(s.cands, d)
				s.mark[d] = 1
			}
		}
		s.touched = append(s.touched, s.cands...)
		round = 1
	}
	for i, ci := range order {
		c := clauses[ci]
		e.restrict = round > 0
		e.round = round
		e.prune = i == len(order)-1
		if e.prune {
			e.maxRest = 0
			for _, d := range s.cands {
				e.maxRest = max(e.maxRest, s.score[d])
			}
		}
		ix.evalClause(e, c)
		next := round + 1
		for _, d := range s.cdocs {
			s.score[d] += s.clause[d]
			s.clause[d] = 0
			s.mark[d] = next
		}
		if round == 0 {
			s.touched = append(s.touched, s.cdocs...)
			s.cands = append(s.cands, s.cdocs...)
			slices.Sort(s.cands)
		} else {
			kept := s.cands[:0]
			for _, d := range s.cands {
				if s.mark[d] == next {
					kept = append(kept, d)
				}
			}
			s.cands = kept
		}
		round = next
		if len(s.cands) == 0 {
			break
		}
	}
	return ix.top(e, s.cands)
}

// top returns the best hits among docs with mark == need... for All the
// candidates all qualify; for any-matching every touched doc does.
func (ix *Index) top(e *eval, docs []uint32) Results {
	s := e.s
	h := s.heap[:0]
	for _, d := range docs {
		x := entry{d, s.score[d]}
		if len(h) < e.limit {
			h = append(h, x)
			heapUp(h, len(h)-1)
		} else if x.better(h[0]) {
			h[0] = x
			heapDown(h, 0)
		}
	}
	res := Results{Total: len(docs), TotalExact: !e.skipped}
	if len(h) > 0 {
		res.Hits = make([]Hit, len(h))
	}
	for i := len(h) - 1; i >= 0; i-- {
		x := h[0]
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
		heapDown(h, 0)
		res.Hits[i] = Hit{ID: ix.ids[x.doc], Score: x.score}
	}
	s.heap = h
	return res
}

// cost estimates a clause's work: the postings it reads.
func (ix *Index) cost(c clause) int {
	termCost := func(term string) int {
		t, ok := ix.terms[term]
		if !ok {
			return 0
		}
		n := 0
		for _, pl := range ix.post[t] {
			if pl != nil {
				n += len(pl.docs)
			}
		}
		return n
	}
	switch c.kind {
	case prefixClause:
		n := 0
		for _, x := range ix.expand(c, nil) {
			n += termCost(ix.termStr[x.term])
		}
		return n
	case phraseClause:
		n := math.MaxInt
		for _, t := range c.terms {
			n = min(n, termCost(t))
		}
		return n
	}
	return termCost(c.terms[0])
}

// evalClause leaves the clause's score in s.clause for the documents listed
// in s.cdocs.
func (ix *Index) evalClause(e *eval, c clause) {
	s := e.s
	s.cdocs = s.cdocs[:0]
	switch c.kind {
	case termClause:
		if t, ok := ix.terms[c.terms[0]]; ok {
			ix.accumulate(e, t)
			ix.finishTerm(e, ix.idf(int(ix.df[t]))*c.weight, false, false)
		}
	case prefixClause:
		ix.evalPrefix(e, c)
	case phraseClause:
		ix.scorePhrase(e, c.terms)
	}
}

// evalPrefix scores a prefix clause: each document gets its best
// expansion's score. Expansions run from the highest score bound down; with
// pruning on, the rest are skipped once none could change the hits.
func (ix *Index) evalPrefix(e *eval, c clause) {
	s := e.s
	s.exps = ix.expand(c, s.exps[:0])
	exps := s.exps
	for i := range exps {
		exps[i].bound = ix.bound(exps[i].term) * c.weight
	}
	slices.SortFunc(exps, func(a, b expansion) int {
		if a.bound != b.bound {
			if a.bound > b.bound {
				return -1
			}
			return 1
		}
		return int(a.term - b.term)
	})
	theta := math.Inf(-1)
	for i, x := range exps {
		if e.prune && e.maxRest+x.bound < theta {
			e.skipped = true
			break
		}
		ix.accumulate(e, x.term)
		ix.finishTerm(e, ix.idf(int(ix.df[x.term]))*c.weight, true, false)
		// Raise the threshold when the next expansion is big enough for
		// skipping it to pay for the selection.
		if e.prune && i+1 < len(exps) && len(s.cdocs) >= e.limit && 2*ix.postings(exps[i+1].term) >= len(s.cdocs) {
			theta = ix.kthScore(e)
		}
	}
}

func (ix *Index) postings(t int32) int {
	n := 0
	for _, pl := range ix.post[t] {
		if pl != nil {
			n += len(pl.docs)
		}
	}
	return n
}

// kthScore returns the limit-th best score the documents matched by the
// current clause have so far (a lower bound of the final limit-th best).
func (ix *Index) kthScore(e *eval) float64 {
	s := e.s
	h := s.kth[:0]
	for _, d := range s.cdocs {
		v := s.score[d] + s.clause[d]
		if len(h) < e.limit {
			h = append(h, v)
			floatUp(h, len(h)-1)
		} else if v > h[0] {
			h[0] = v
			floatDown(h, 0)
		}
	}
	s.kth = h
	return h[0]
}

// bound is the highest BM25F score term t can give a document (before the
// clause weight).
func (ix *Index) bound(t int32) float64 {
	tf := 0.0
	for fi, pl := range ix.post[t] {
		if pl == nil {
			continue
		}
		avg := ix.avgLen(fi)
		tf += ix.fields[fi].Weight * float64(pl.maxFreq) / (1 - ix.b + ix.b*float64(pl.minLen)/avg)
	}
	return ix.idf(int(ix.df[t])) * tf * (ix.k1 + 1) / (tf + ix.k1)
}

// accumulate adds term t's BM25F pseudo frequency into s.tf for the
// documents the evaluation admits, listing them in s.tdocs.
func (ix *Index) accumulate(e *eval, t int32) {
	s := e.s
	s.tdocs = s.tdocs[:0]
	for fi, pl := range ix.post[t] {
		if pl == nil {
			continue
		}
		w := ix.fields[fi].Weight
		c0, c1 := 1-ix.b, ix.b/ix.avgLen(fi)
		lens := ix.lens[fi]
		docs, freqs := pl.docs, pl.freqs
		switch {
		case e.restrict && len(s.cands)*8 < len(docs):
			// Few candidates: gallop through the postings.
			j := 0
			for _, d := range s.cands {
				if s.mark[d] != e.round {
					continue
				}
				j = gallop(docs, j, d)
				if j == len(docs) {
					break
				}
				if docs[j] != d {
					continue
				}
				if s.tf[d] == 0 {
					s.tdocs = append(s.tdocs, d)
				}
				s.tf[d] += w * float64(freqs[j]) / (c0 + c1*float64(lens[d]))
			}
		case e.restrict:
			for i, d := range docs {
				if s.mark[d] != e.round {
					continue
				}
				if s.tf[d] == 0 {
					s.tdocs = append(s.tdocs, d)
				}
				s.tf[d] += w * float64(freqs[i]) / (c0 + c1*float64(lens[d]))
			}
		default:
			for i, d := range docs {
				if !ix.live(e, d) {
					continue
				}
				if s.tf[d] == 0 {
					s.tdocs = append(s.tdocs, d)
				}
				s.tf[d] += w * float64(freqs[i]) / (c0 + c1*float64(lens[d]))
			}
		}
	}
}

// finishTerm turns the pseudo frequencies in s.tf of the documents in
// s.tdocs into scores (idf already weighted) and adds them into s.clause,
// summing, or with max keeping the best. check re-tests each document
// against the evaluation (for phrases, gathered unrestricted).
func (ix *Index) finishTerm(e *eval, idf float64, max, check bool) {
	s := e.s
	k1 := ix.k1
	for _, d := range s.tdocs {
		tf := s.tf[d]
		s.tf[d] = 0
		if check && (!ix.live(e, d) || (e.restrict && s.mark[d] != e.round)) {
			continue
		}
		sc := idf * tf * (k1 + 1) / (tf + k1)
		if s.clause[d] == 0 {
			s.cdocs = append(s.cdocs, d)
			s.clause[d] = sc
			continue
		}
		if max {
			if sc > s.clause[d] {
				s.clause[d] = sc
			}
		} else {
			s.clause[d] += sc
		}
	}
}

// gallop returns the first index at or after from in sorted docs holding at
// least d.
func gallop(docs []uint32, from int, d uint32) int {
	if from >= len(docs) || docs[from] >= d {
		return from
	}
	step := 1
	lo := from
	hi := from + 1
	for hi < len(docs) && docs[hi] < d {
		lo = hi
		step <<= 1
		hi += step
	}
	hi = min(hi, len(docs))
	return lo + 1 + searchFrom(docs[lo+1:hi], d)
}

// allowBits returns the bitset of live documents the filter admits and
// their number.
func (ix *Index) allowBits(f Filter, s *scratch) ([]uint64, int) {
	words := (len(ix.ids) + 63) / 64
	if cap(s.allow) < words {
		s.allow = make([]uint64, words)
		s.one = make([]uint64, words)
	}
	bits, one := s.allow[:words], s.one[:words]
	for i := range bits {
		bits[i] = ^ix.deleted[i]
	}
	if tail := len(ix.ids) % 64; tail != 0 {
		bits[words-1] &= 1<<tail - 1
	}
	for attr, vals := range f.Keywords {
		clear(one)
		m := ix.kw[attr]
		for _, v := range vals {
			for _, d := range m[v] {
				one[d>>6] |= 1 << (d & 63)
			}
		}
		for i := range bits {
			bits[i] &= one[i]
		}
	}
	for _, r := range f.Ranges {
		col := ix.times[r.Attr]
		if col == nil {
			return bits, 0
		}
		from, to := int64(math.MinInt64+1), int64(math.MaxInt64)
		if !r.From.IsZero() {
			from = r.From.UnixNano()
		}
		if !r.To.IsZero() {
			to = r.To.UnixNano()
		}
		for w, b := range bits {
			for b != 0 {
				i := bits64(b)
				b &= b - 1
				if v := col[w*64+i]; v < from || v >= to {
					bits[w] &^= 1 << i
				}
			}
		}
	}
	n := 0
	for _, b := range bits {
		n += popcount(b)
	}
	return bits, n
}

func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.num))
	fd := min(float64(df), n)
	return math.Log(1 + (n-fd+0.5)/(fd+0.5))
}

type expansion struct {
	term  int32
	df    uint32
	bound float64
}

// expand appends the terms a prefix clause stands for to out: up to
// maxExpansions indexed terms starting with the typed prefix, the most
// frequent first, and the stemmed word itself.
func (ix *Index) expand(c clause, out []expansion) []expansion {
	base := len(out)
	consider := func(term string) {
		t := ix.terms[term]
		x := expansion{term: t, df: ix.df[t]}
		h := out[base:]
		if len(h) < maxExpansions {
			out = append(out, x)
			expUp(out[base:], len(out)-base-1)
		} else if x.moreFrequent(h[0]) {
			h[0] = x
			expDown(h, 0)
		}
	}
	i := sort.SearchStrings(ix.sorted, c.prefix)
	for ; i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], c.prefix); i++ {
		consider(ix.sorted[i])
	}
	for _, t := range ix.pending {
		if strings.HasPrefix(t, c.prefix) {
			consider(t)
		}
	}
	// Most frequent first, within the postings budget.
	h := out[base:]
	slices.SortFunc(h, func(a, b expansion) int {
		if a.moreFrequent(b) {
			return -1
		}
		return 1
	})
	budget := expansionPostings
	for i, x := range h {
		n := ix.postings(x.term)
		if i > 0 && n > budget {
			out = out[:base+i]
			break
		}
		budget -= n
	}
	if t, ok := ix.terms[c.terms[0]]; ok {
		for _, x := range out[base:] {
			if x.term == t {
				return out
			}
		}
		out = append(out, expansion{term: t, df: ix.df[t]})
	}
	return out
}

func (x expansion) moreFrequent(o expansion) bool {
	if x.df != o.df {
		return x.df > o.df
	}
	return x.term < o.term
}

// scorePhrase scores documents in which the terms occur consecutively in
// one field, the phrase counting as one term.
func (ix *Index) scorePhrase(e *eval, terms []string) {
	s := e.s
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
		for i := range idx {
			idx[i] = 0
		}
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
	ix.finishTerm(e, ix.idf(len(s.tdocs)), false, true)
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

// heapUp and heapDown keep h a min-heap of entries: the worst kept on top.
func heapUp(h []entry, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[p].better(h[i]) {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func heapDown(h []entry, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[l].better(h[r]) {
			m = r
		}
		if !h[i].better(h[m]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func floatUp(h []float64, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[p] <= h[i] {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func floatDown(h []float64, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r] < h[l] {
			m = r
		}
		if h[i] <= h[m] {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// expUp and expDown keep h a min-heap by frequency: the least frequent on top.
func expUp(h []expansion, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[p].moreFrequent(h[i]) {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func expDown(h []expansion, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[l].moreFrequent(h[r]) {
			m = r
		}
		if !h[i].moreFrequent(h[m]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func bits64(b uint64) int   { return bits.TrailingZeros64(b) }
func popcount(b uint64) int { return bits.OnesCount64(b) }
