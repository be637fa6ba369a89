// Package lexical is an in-memory inverted index with BM25F ranking over
// weighted fields, phrase ("quoted") and prefix (as-you-type) matching,
// filters on stored keyword and time attributes, incremental add, update and
// delete, and highlighting. It serves knowledge-base chunks (title, heading,
// text) as well as tickets (subject, messages, customer name and email,
// tags), one index per tenant.
//
// Postings are kept per term and field as sorted internal document numbers
// with term frequencies and delta-varint positions, plus each list's largest
// frequency and shortest field for score bounds. Deleted documents are
// tombstoned, never returned, and dropped from the postings by a compaction
// once they make up a quarter of the index; like Lucene, a term's document
// frequency counts tombstoned documents until then. Reads run concurrently
// with each other; writes take the index's lock briefly. Search.go describes
// how queries are evaluated.
package lexical

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"time"
)

// ErrInvalid reports a document or query the index cannot take.
var ErrInvalid = errors.New("lexical: invalid")

// FieldConfig names a text field and its weight in ranking.
type FieldConfig struct {
	Name   string
	Weight float64 // default 1
}

// Config sets up an index.
type Config struct {
	// Fields lists the text fields documents may have.
	Fields []FieldConfig
	// K1 and B are the BM25 parameters (defaults 1.2 and 0.75).
	K1, B    float64
	Analyzer Analyzer
}

// Field is one value of a text field; a document may repeat a field name
// (e.g. one "message" per ticket message). Phrases never span two values.
type Field struct {
	Name string
	Text string
}

// Document is what the index stores about one searchable thing. Only the
// ID and the attributes are kept; the text is indexed, not stored.
type Document struct {
	ID     string
	Fields []Field
	// Keywords are exact-match filter attributes, e.g. "status": {"open"},
	// "tags": {"billing", "vip"}.
	Keywords map[string][]string
	// Times are filter attributes for date ranges, e.g. "created".
	Times map[string]time.Time
}

// valueGap separates the positions of repeated values of a field.
const valueGap = 16

type plist struct {
	docs   []uint32
	freqs  []uint32
	posOff []uint32 // start of each entry's positions in pos
	pos    []byte   // delta-varint positions
	// maxFreq and minLen bound the list's best BM25 contribution: the
	// largest frequency and the shortest field among its documents
	// (including tombstoned ones until a compaction, so still a bound).
	maxFreq uint32
	minLen  uint32
}

func (p *plist) add(d, freq, fieldLen uint32) {
	if len(p.docs) == 0 || fieldLen < p.minLen {
		p.minLen = fieldLen
	}
	p.maxFreq = max(p.maxFreq, freq)
	p.docs = append(p.docs, d)
	p.freqs = append(p.freqs, freq)
	p.posOff = append(p.posOff, uint32(len(p.pos)))
}

func (p *plist) positions(i int, buf []uint32) []uint32 {
	buf = buf[:0]
	end := uint32(len(p.pos))
	if i+1 < len(p.posOff) {
		end = p.posOff[i+1]
	}
	b := p.pos[p.posOff[i]:end]
	var last uint32
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		b = b[n:]
		last += uint32(v)
		buf = append(buf, last)
	}
	return buf
}

// Index is a lexical index. The zero value is not usable; call New.
type Index struct {
	mu       sync.RWMutex
	k1, b    float64
	an       Analyzer
	fields   []FieldConfig
	fieldNum map[string]int

	terms   map[string]int32
	termStr []string
	post    [][]*plist // post[term][field]
	// df counts, per term, the documents holding it in any field, deleted
	// ones included until a compaction drops them (as Lucene does).
	df      []uint32
	lastDoc []uint32 // per term, 1 + the last document counted in df
	sorted  []string // terms in order, for prefix lookups
	pending []string // terms added since sorted was last merged

	ids     []string // internal number -> external id
	num     map[string]uint32
	deleted []uint64 // bitset of tombstoned numbers
	nDel    int
	lens    [][]uint32 // lens[field][doc]
	sumLen  []float64  // per field, over live documents
	kw      map[string]map[string][]uint32
	times   map[string][]int64 // per attribute, per doc; noTime when unset
	scratch sync.Pool
}

const noTime = math.MinInt64

// New makes an empty index.
func New(cfg Config) (*Index, error) {
	if len(cfg.Fields) == 0 {
		return nil, fmt.Errorf("%w: config: no fields", ErrInvalid)
	}
	ix := &Index{
		k1: cfg.K1, b: cfg.B, an: cfg.Analyzer,
		fieldNum: map[string]int{},
		terms:    map[string]int32{},
		num:      map[string]uint32{},
		kw:       map[string]map[string][]uint32{},
		times:    map[string][]int64{},
	}
	if ix.k1 == 0 {
		ix.k1 = 1.2
	}
	if ix.b == 0 {
		ix.b = 0.75
	}
	if ix.k1 < 0 || ix.b < 0 || ix.b > 1 {
		return nil, fmt.Errorf("%w: config: k1 %v, b %v", ErrInvalid, ix.k1, ix.b)
	}
	for _, f := range cfg.Fields {
		if f.Weight == 0 {
			f.Weight = 1
		}
		if _, dup := ix.fieldNum[f.Name]; dup || f.Name == "" || f.Weight < 0 {
			return nil, fmt.Errorf("%w: config: field %q", ErrInvalid, f.Name)
		}
		ix.fieldNum[f.Name] = len(ix.fields)
		ix.fields = append(ix.fields, f)
	}
	ix.lens = make([][]uint32, len(ix.fields))
	ix.sumLen = make([]float64, len(ix.fields))
	return ix, nil
}

// Analyzer returns the index's analyzer.
func (ix *Index) Analyzer() Analyzer { return ix.an }

// Len returns the number of live documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.num)
}

// Has reports whether a document is in the index.
func (ix *Index) Has(id string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, ok := ix.num[id]
	return ok
}

func (ix *Index) isDeleted(d uint32) bool { return ix.deleted[d>>6]&(1<<(d&63)) != 0 }

type fieldTerms struct {
	field int
	terms map[string][]uint32 // term -> positions
	n     uint32
}

// Put adds a document, or replaces the one with the same ID.
func (ix *Index) Put(doc Document) error {
	if doc.ID == "" {
		return fmt.Errorf("%w: document without id", ErrInvalid)
	}
	// Analyse outside the lock.
	per := make([]fieldTerms, len(ix.fields))
	for i := range per {
		per[i].field = i
	}
	next := make([]int, len(ix.fields))
	for _, f := range doc.Fields {
		fi, ok := ix.fieldNum[f.Name]
		if !ok {
			return fmt.Errorf("%w: document %s: unknown field %q", ErrInvalid, doc.ID, f.Name)
		}
		ft := &per[fi]
		if ft.terms == nil {
			ft.terms = map[string][]uint32{}
		}
		base := next[fi]
		last := -1
		ix.an.each(f.Text, func(t Token) {
			p := uint32(base + t.Pos)
			ft.terms[t.Term] = append(ft.terms[t.Term], p)
			ft.n++
			last = t.Pos
		})
		if last >= 0 {
			next[fi] = base + last + 1 + valueGap
		}
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.num[doc.ID]; ok {
		ix.tombstone(old)
	}
	d := uint32(len(ix.ids))
	ix.ids = append(ix.ids, doc.ID)
	ix.num[doc.ID] = d
	if int(d>>6) >= len(ix.deleted) {
		ix.deleted = append(ix.deleted, 0)
	}
	for fi := range per {
		ft := &per[fi]
		ix.lens[fi] = append(ix.lens[fi], ft.n)
		ix.sumLen[fi] += float64(ft.n)
		// Add terms in a fixed order so the index is deterministic.
		keys := make([]string, 0, len(ft.terms))
		for t := range ft.terms {
			keys = append(keys, t)
		}
		sort.Strings(keys)
		for _, t := range keys {
			ti, pl := ix.plistFor(t, fi)
			if ix.lastDoc[ti] != d+1 {
				ix.lastDoc[ti] = d + 1
				ix.df[ti]++
			}
			ps := ft.terms[t]
			pl.add(d, uint32(len(ps)), ft.n)
			var prev uint32
			for _, p := range ps {
				pl.pos = binary.AppendUvarint(pl.pos, uint64(p-prev))
				prev = p
			}
		}
	}
	for attr, vals := range doc.Keywords {
		m := ix.kw[attr]
		if m == nil {
			m = map[string][]uint32{}
			ix.kw[attr] = m
		}
		for _, v := range dedupe(vals) {
			m[v] = append(m[v], d)
		}
	}
	for attr, col := range ix.times {
		ix.times[attr] = append(col, noTime)
	}
	for attr, tm := range doc.Times {
		col, ok := ix.times[attr]
		if !ok {
			col = make([]int64, len(ix.ids))
			for i := range col {
				col[i] = noTime
			}
		}
		col[d] = tm.UnixNano()
		ix.times[attr] = col
	}
	if len(ix.pending) > 4096 {
		ix.mergeTerms()
	}
	return nil
}

func dedupe(vals []string) []string {
	if len(vals) < 2 {
		return vals
	}
	out := slices.Clone(vals)
	slices.Sort(out)
	return slices.Compact(out)
}

func (ix *Index) plistFor(term string, field int) (int32, *plist) {
	t, ok := ix.terms[term]
	if !ok {
		t = int32(len(ix.termStr))
		ix.terms[term] = t
		ix.termStr = append(ix.termStr, term)
		ix.post = append(ix.post, make([]*plist, len(ix.fields)))
		ix.df = append(ix.df, 0)
		ix.lastDoc = append(ix.lastDoc, 0)
		ix.pending = append(ix.pending, term)
	}
	pl := ix.post[t][field]
	if pl == nil {
		pl = &plist{}
		ix.post[t][field] = pl
	}
	return t, pl
}

func (ix *Index) mergeTerms() {
	slices.Sort(ix.pending)
	merged := make([]string, 0, len(ix.sorted)+len(ix.pending))
	i, j := 0, 0
	for i < len(ix.sorted) || j < len(ix.pending) {
		if j == len(ix.pending) || (i < len(ix.sorted) && ix.sorted[i] < ix.pending[j]) {
			merged = append(merged, ix.sorted[i])
			i++
		} else {
			merged = append(merged, ix.pending[j])
			j++
		}
	}
	ix.sorted, ix.pending = merged, nil
}

// Delete removes a document; deleting an absent one is not an error.
func (ix *Index) Delete(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if d, ok := ix.num[id]; ok {
		ix.tombstone(d)
	}
}

func (ix *Index) tombstone(d uint32) {
	delete(ix.num, ix.ids[d])
	ix.deleted[d>>6] |= 1 << (d & 63)
	ix.nDel++
	for fi := range ix.fields {
		ix.sumLen[fi] -= float64(ix.lens[fi][d])
	}
	if ix.nDel > 1024 && ix.nDel > len(ix.num)/4 {
		ix.compact()
	}
}

// compact drops tombstoned documents from every structure and renumbers the
// rest, keeping their order.
func (ix *Index) compact() {
	remap := make([]uint32, len(ix.ids))
	n := uint32(0)
	for d := range ix.ids {
		if ix.isDeleted(uint32(d)) {
			remap[d] = math.MaxUint32
			continue
		}
		remap[d] = n
		ix.ids[n] = ix.ids[d]
		for fi := range ix.fields {
			ix.lens[fi][n] = ix.lens[fi][d]
		}
		for _, col := range ix.times {
			col[n] = col[d]
		}
		n++
	}
	clear(ix.ids[n:])
	ix.ids = ix.ids[:n]
	for fi := range ix.fields {
		ix.lens[fi] = ix.lens[fi][:n]
	}
	for attr, col := range ix.times {
		ix.times[attr] = col[:n]
	}
	for id, d := range ix.num {
		ix.num[id] = remap[d]
	}
	ix.deleted = make([]uint64, (n+63)/64+1)
	ix.nDel = 0

	// Postings; terms left with no documents are dropped.
	var (
		keepTerms []string
		keepPost  [][]*plist
		keepDF    []uint32
	)
	seen := make([]uint32, n)
	for t, fields := range ix.post {
		any := false
		df := uint32(0)
		for fi, pl := range fields {
			if pl == nil {
				continue
			}
			out := &plist{}
			var buf []uint32
			for i, d := range pl.docs {
				nd := remap[d]
				if nd == math.MaxUint32 {
					continue
				}
				if seen[nd] != uint32(t)+1 {
					seen[nd] = uint32(t) + 1
					df++
				}
				out.add(nd, pl.freqs[i], ix.lens[fi][nd])
				buf = pl.positions(i, buf)
				var prev uint32
				for _, p := range buf {
					out.pos = binary.AppendUvarint(out.pos, uint64(p-prev))
					prev = p
				}
			}
			if len(out.docs) == 0 {
				fields[fi] = nil
				continue
			}
			fields[fi] = out
			any = true
		}
		if any {
			keepTerms = append(keepTerms, ix.termStr[t])
			keepPost = append(keepPost, fields)
			keepDF = append(keepDF, df)
		}
	}
	ix.termStr, ix.post, ix.df = keepTerms, keepPost, keepDF
	ix.lastDoc = make([]uint32, len(keepTerms))
	ix.terms = make(map[string]int32, len(keepTerms))
	for i, t := range keepTerms {
		ix.terms[t] = int32(i)
	}
	ix.sorted = slices.Clone(keepTerms)
	slices.Sort(ix.sorted)
	ix.pending = nil

	for attr, m := range ix.kw {
		for v, docs := range m {
			out := docs[:0]
			for _, d := range docs {
				if nd := remap[d]; nd != math.MaxUint32 {
					out = append(out, nd)
				}
			}
			if len(out) == 0 {
				delete(m, v)
			} else {
				m[v] = out
			}
		}
		if len(m) == 0 {
			delete(ix.kw, attr)
		}
	}
}

// Compact drops deleted documents now instead of waiting for the automatic
// compaction; useful after a bulk delete.
func (ix *Index) Compact() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.nDel > 0 {
		ix.compact()
	}
}

func (ix *Index) norm(fi int, d uint32, avg float64) float64 {
	return 1 - ix.b + ix.b*float64(ix.lens[fi][d])/avg
}

func (ix *Index) avgLen(fi int) float64 {
	if len(ix.num) == 0 {
		return 1
	}
	a := ix.sumLen[fi] / float64(len(ix.num))
	if a <= 0 {
		return 1
	}
	return a
}
