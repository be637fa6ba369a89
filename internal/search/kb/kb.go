// Package kb is one tenant's knowledge-base searcher for the customer bot:
// published articles are cut into heading chunks (internal/search/chunk),
// indexed with BM25 (internal/search/lexical) and, when an encoder is given,
// embedded with USE-lite; a query is ranked over articles by the weighted
// fusion and confidence model tuned on StackFAQ (internal/search/hybrid,
// internal/search/stackfaq), and the best passage of each top article is
// returned for the answer to quote and cite.
//
// The configuration is the tuned one of the StackFAQ evaluation: BM25 with
// k1 4.5, b 0.75, the title weighted ×12 and light stemming; vectors scored
// as the larger of the title's cosine similarity and 0.9 × the best chunk's;
// MethodWeighted fusion at hybrid.TunedAlpha with hybrid.DefaultCalibration
// (hybrid.LexicalCalibration without vectors).
//
// That calibration measures how clear-cut a ranking is, not whether the KB
// is about the query at all: a question about something the KB never
// mentions can still have one weakly matching article far ahead of the
// rest. Confidence is therefore capped by an absolute relevance gate, the
// IDF-weighted share of the query's content words that the top article
// contains (and, with vectors, the top cosine similarity), so that an
// off-topic question gets a low confidence and the bot says it does not know.
//
// Updates are incremental: Put re-splits an article and embeds only chunks
// whose content hash is new; Delete removes it. Only published articles
// are ever indexed, so drafts and deleted articles are never returned. An
// Index is safe for concurrent use.
package kb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/frontlinedesk/frontline/internal/search/chunk"
	"github.com/frontlinedesk/frontline/internal/search/hybrid"
	"github.com/frontlinedesk/frontline/internal/search/lexical"
)

// Embedder embeds texts as unit-length vectors (*encoder.Encoder).
type Embedder interface {
	Embed(texts []string) ([][]float32, error)
}

// Modes reported by Mode.
const (
	ModeHybrid  = "hybrid (USE-lite)"
	ModeLexical = "lexical only"
)

// The tuned configuration (see the package comment).
const (
	bm25K1       = 4.5
	bm25B        = 0.75
	titleWeight  = 12
	answerWeight = 0.9
	depth        = 50
)

// Relevance gate: a top cosine similarity at or below vecFloor counts as no
// semantic evidence, at or above vecFull as full evidence; an IDF-weighted
// coverage of coverFull or more counts as full lexical evidence.
const (
	vecFloor  = 0.25
	vecFull   = 0.55
	coverFull = 0.6
)

// Article is one knowledge-base article.
type Article struct {
	ID    string
	Title string
	// Body is Markdown.
	Body string
	// Published articles are indexed; any other is removed by Put.
	Published bool
	// Revision is remembered so callers can skip unchanged articles.
	Revision int64
}

// Passage is one search result: the best chunk of a matching article.
type Passage struct {
	ArticleID   string
	Title       string
	HeadingPath []string
	// Ordinal is the chunk's position in its article.
	Ordinal int
	Text    string
	// Score is the article's fused score, higher is better.
	Score float64
}

// Result is a ranked list of passages, one per article, best first.
type Result struct {
	Passages []Passage
	// Confidence in [0,1] that the first passage answers the query.
	Confidence float64
	// Calibrated is the ranking's confidence before the relevance gate.
	Calibrated float64
	// Relevance in [0,1] is the gate's absolute evidence.
	Relevance float64
	// VecTop is the best article's cosine similarity (0 without vectors).
	VecTop float64
}

type chunkDoc struct {
	c   chunk.Chunk
	vec []float32 // nil without an encoder
}

type article struct {
	a        Article
	chunks   []chunkDoc
	titleVec []float32
	terms    map[string]bool // distinct analysed terms of title and body
}

// Index searches one tenant's published articles.
type Index struct {
	emb Embedder
	lex *lexical.Index
	an  lexical.Analyzer

	mu       sync.RWMutex
	articles map[string]*article
	df       map[string]int // articles containing each term
}

// New returns an empty index; emb nil makes it lexical only.
func New(emb Embedder) (*Index, error) {
	lex, err := lexical.New(lexical.Config{
		Fields:   []lexical.FieldConfig{{Name: "title", Weight: titleWeight}, {Name: "body", Weight: 1}},
		K1:       bm25K1,
		B:        bm25B,
		Analyzer: lexical.Analyzer{Stem: true},
	})
	if err != nil {
		return nil, fmt.Errorf("kb: %w", err)
	}
	return &Index{emb: emb, lex: lex, an: lex.Analyzer(), articles: map[string]*article{}, df: map[string]int{}}, nil
}

// Mode says how the index ranks: ModeHybrid or ModeLexical.
func (ix *Index) Mode() string {
	if ix.emb != nil {
		return ModeHybrid
	}
	return ModeLexical
}

// Len returns the number of indexed (published) articles.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.articles)
}

// Revision returns the revision of an indexed article.
func (ix *Index) Revision(id string) (int64, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	a, ok := ix.articles[id]
	if !ok {
		return 0, false
	}
	return a.a.Revision, true
}

// ErrNoID is returned by Put for an article without an id.
var ErrNoID = errors.New("kb: article without id")

func chunkID(articleID string, ordinal int) string {
	return articleID + "#" + strconv.Itoa(ordinal)
}

// Put indexes a published article, replacing its previous version, or
// removes it when it is not published. Only chunks whose content changed
// are embedded again.
func (ix *Index) Put(a Article) error {
	if a.ID == "" {
		return ErrNoID
	}
	if !a.Published {
		ix.Delete(a.ID)
		return nil
	}
	chunks, err := chunk.Split(chunk.Article{ID: a.ID, Title: a.Title, Body: a.Body}, chunk.DefaultOptions)
	if err != nil {
		return fmt.Errorf("kb: split %s: %w", a.ID, err)
	}
	ix.mu.RLock()
	old := ix.articles[a.ID]
	ix.mu.RUnlock()

	next := &article{a: a, chunks: make([]chunkDoc, len(chunks)), terms: map[string]bool{}}
	for _, t := range ix.an.Terms(a.Title) {
		next.terms[t] = true
	}
	for i, c := range chunks {
		next.chunks[i].c = c
		for _, t := range ix.an.Terms(c.Text) {
			next.terms[t] = true
		}
	}
	if ix.emb != nil {
		if err := ix.embed(next, old); err != nil {
			return err
		}
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if cur := ix.articles[a.ID]; cur != nil {
		ix.removeLocked(cur)
	}
	for _, cd := range next.chunks {
		// Headings go with the body, except one repeating the title
		// (which the title field already weighs ×12).
		body := cd.c.Text
		for i := len(cd.c.HeadingPath) - 1; i >= 0; i-- {
			if h := cd.c.HeadingPath[i]; !strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(a.Title)) {
				body = h + "\n" + body
			}
		}
		doc := lexical.Document{ID: chunkID(a.ID, cd.c.Ordinal), Fields: []lexical.Field{
			{Name: "title", Text: a.Title},
			{Name: "body", Text: body},
		}}
		if err := ix.lex.Put(doc); err != nil {
			return fmt.Errorf("kb: index %s: %w", doc.ID, err)
		}
	}
	for t := range next.terms {
		ix.df[t]++
	}
	ix.articles[a.ID] = next
	return nil
}

// embed fills the vectors of next, reusing those of old chunks with the
// same content hash and the old title vector when the title is unchanged.
func (ix *Index) embed(next, old *article) error {
	have := map[string][]float32{}
	if old != nil {
		for _, cd := range old.chunks {
			have[cd.c.Hash] = cd.vec
		}
		if old.a.Title == next.a.Title {
			next.titleVec = old.titleVec
		}
	}
	var texts []string
	var slots []*[]float32
	if next.titleVec == nil {
		texts = append(texts, next.a.Title)
		slots = append(slots, &next.titleVec)
	}
	for i := range next.chunks {
		cd := &next.chunks[i]
		if v, ok := have[cd.c.Hash]; ok && v != nil {
			cd.vec = v
			continue
		}
		texts = append(texts, passageText(cd.c))
		slots = append(slots, &cd.vec)
	}
	if len(texts) == 0 {
		return nil
	}
	vecs, err := ix.emb.Embed(texts)
	if err != nil {
		return fmt.Errorf("kb: embed %s: %w", next.a.ID, err)
	}
	if len(vecs) != len(texts) {
		return fmt.Errorf("kb: embed %s: %d vectors for %d texts", next.a.ID, len(vecs), len(texts))
	}
	for i, s := range slots {
		*s = vecs[i]
	}
	return nil
}

// passageText is what a chunk's vector is computed from: its headings and text.
func passageText(c chunk.Chunk) string {
	if len(c.HeadingPath) == 0 {
		return c.Text
	}
	return c.Path() + ": " + c.Text
}

// Delete removes an article; it does nothing for an unknown id.
func (ix *Index) Delete(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if a := ix.articles[id]; a != nil {
		ix.removeLocked(a)
		delete(ix.articles, id)
	}
}

func (ix *Index) removeLocked(a *article) {
	for _, cd := range a.chunks {
		ix.lex.Delete(chunkID(a.a.ID, cd.c.Ordinal))
	}
	for t := range a.terms {
		if ix.df[t]--; ix.df[t] <= 0 {
			delete(ix.df, t)
		}
	}
}

// Search returns up to k passages, one per article, best first, with the
// confidence that the first answers the query.
func (ix *Index) Search(ctx context.Context, query string, k int) (Result, error) {
	if k <= 0 {
		k = 3
	}
	var qvec []float32
	if ix.emb != nil && strings.TrimSpace(query) != "" {
		vs, err := ix.emb.Embed([]string{query})
		if err != nil {
			return Result{}, fmt.Errorf("kb: embed query: %w", err)
		}
		qvec = vs[0]
	}
	// Function words are dropped: with the title weighted ×12, a "how" in
	// one title would otherwise outrank the article the question is about.
	res, err := ix.lex.Search(ctx, lexical.Query{Text: strings.Join(contentWords(query), " "), Limit: depth})
	if err != nil {
		return Result{}, fmt.Errorf("kb: lexical search: %w", err)
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()

	// Lexical: each article scores its best chunk's BM25.
	chunkLex := make(map[string]float64, len(res.Hits))
	var lexList []hybrid.Result
	seen := map[string]bool{}
	for _, h := range res.Hits {
		aid, _, _ := strings.Cut(h.ID, "#")
		if ix.articles[aid] == nil {
			continue // removed after the lexical search
		}
		chunkLex[h.ID] = h.Score
		if !seen[aid] {
			seen[aid] = true
			lexList = append(lexList, hybrid.Result{ID: aid, Score: h.Score})
		}
	}

	// Vectors: max(title cosine, 0.9 × best chunk cosine), exactly.
	chunkVec := map[string]float64{}
	var vecList []hybrid.Result
	if qvec != nil {
		for id, a := range ix.articles {
			best := dot(qvec, a.titleVec)
			for _, cd := range a.chunks {
				s := dot(qvec, cd.vec)
				chunkVec[chunkID(id, cd.c.Ordinal)] = s
				best = math.Max(best, answerWeight*s)
			}
			vecList = append(vecList, hybrid.Result{ID: id, Score: best})
		}
		sort.Slice(vecList, func(i, j int) bool {
			if vecList[i].Score != vecList[j].Score {
				return vecList[i].Score > vecList[j].Score
			}
			return vecList[i].ID < vecList[j].ID
		})
		if len(vecList) > depth {
			vecList = vecList[:depth]
		}
	}

	fused := hybrid.Weighted(lexList, vecList, hybrid.TunedAlpha)
	if len(fused) == 0 {
		return Result{}, nil
	}
	cal := hybrid.LexicalCalibration
	if qvec != nil {
		cal = hybrid.DefaultCalibration
	}
	out := Result{Calibrated: cal.Confidence(hybrid.FeaturesOf(fused, lexList, vecList))}
	top := ix.articles[fused[0].ID]
	out.Relevance = ix.coverage(query, top)
	if qvec != nil && len(vecList) > 0 {
		out.VecTop = vecList[0].Score
		out.Relevance = math.Max(out.Relevance, clamp01((vecList[0].Score-vecFloor)/(vecFull-vecFloor)))
	}
	out.Confidence = math.Min(out.Calibrated, out.Relevance)

	maxLex := 0.0
	for _, r := range lexList {
		maxLex = math.Max(maxLex, r.Score)
	}
	for _, f := range fused {
		if len(out.Passages) == k {
			break
		}
		a := ix.articles[f.ID]
		best, bestScore := -1, math.Inf(-1)
		for i, cd := range a.chunks {
			id := chunkID(f.ID, cd.c.Ordinal)
			s := 0.0
			if maxLex > 0 {
				s += hybrid.TunedAlpha * chunkLex[id] / maxLex
			}
			if qvec != nil {
				s += (1 - hybrid.TunedAlpha) * math.Max(0, chunkVec[id])
			}
			if s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			continue
		}
		c := a.chunks[best].c
		out.Passages = append(out.Passages, Passage{
			ArticleID:   f.ID,
			Title:       a.a.Title,
			HeadingPath: c.HeadingPath,
			Ordinal:     c.Ordinal,
			Text:        c.Text,
			Score:       f.Score,
		})
	}
	return out, nil
}

// coverage is the IDF-weighted share of the query's content terms that the
// article contains, scaled so that coverFull or more is 1. Terms the KB
// never uses weigh the most, so a question about something else scores low.
func (ix *Index) coverage(query string, a *article) float64 {
	if a == nil {
		return 0
	}
	n := float64(len(ix.articles))
	var total, hit float64
	seen := map[string]bool{}
	for _, w := range contentWords(query) {
		for _, t := range ix.an.Terms(w) {
			if seen[t] {
				continue
			}
			seen[t] = true
			df := float64(ix.df[t])
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			total += idf
			if a.terms[t] {
				hit += idf
			}
		}
	}
	if total == 0 {
		return 0
	}
	return clamp01(hit / total / coverFull)
}

// contentWords returns the words of s that are not function words.
func contentWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 || r == '\'' || r == '’')
	}) {
		w = strings.NewReplacer("'", "", "’", "").Replace(w)
		if w != "" && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

func dot(a, b []float32) float64 {
	if len(a) != len(b) {
		return 0
	}
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return float64(s)
}

// stopWords are English function words and chat filler that say nothing
// about what a question is about.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then so of to in on at for with from by as about into over
		is are was were be been being am do does did doing done have has had having get got can could would should will
		shall may might must i me my mine you your yours we us our he she it its they them their this that these those
		there here what which who whom whose how when where why not no yes very just also too please hi hello hey thanks
		thank ok okay im ive id dont doesnt didnt cant wont isnt arent want need know tell help some any all much many
		more most one lot like long take takes taking soon often way`) {
		m[w] = true
	}
	return m
}()
