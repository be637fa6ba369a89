// Package ticketbench measures ticket search (internal/search/ticketsearch
// over internal/search/lexical) on a synthetic replica of 100,000 tickets
// and 1,000,000 messages, beside bleve v2 and SQLite FTS5 (pure-Go
// modernc.org/sqlite) on the same data and queries, for `make bench`.
//
// Data: Generate makes the replica deterministically from a seed: a
// vocabulary of real support words followed by synthetic product names, all
// drawn with Zipf frequencies; customers' names and emails, tags, statuses,
// priorities and assignees. Queries: a fixed set of single words, two words,
// every prefix of a word as an agent types it (alone or after a word), and a
// word with a filter (status open and a tag, or an assignee), drawn from
// every frequency band. Every engine gets the same queries with the same
// meaning as far as each allows: every word must match, the last one as a
// prefix while typing, top 20 by BM25. Where they differ:
//   - ours ranks by BM25F with field weights (subject 2, names, email and
//     tags 1.5, messages 1) and caps a prefix at its 64 most frequent
//     expansions plus the stemmed word;
//   - bleve scores BM25 over its composite _all field (no per-field weights)
//     with the "en" analyzer (stop words, possessives, Porter stemmer); a
//     prefix is every term starting with it, or the analysed word; filters
//     are term clauses of the conjunction (they add to the score);
//   - FTS5 ranks by bm25() with the same column weights, the porter
//     tokenizer, prefix indexes of 2 and 3 characters, and filters by a join
//     on indexed metadata tables.
//
// Latency: each engine answers the set once to warm up, then five times
// (fewer, at least once, for an engine whose warm-up pass took over 12 s),
// with runtime.GOMAXPROCS(1); p50 and p99 are over all timed answers. A
// query's latency is the process CPU time it took (all threads, garbage
// collection included), so that other load on a shared machine does not
// distort the one-core figure; wall clock percentiles are in the notes.
// Ours is in memory (its size is the Go heap it takes); bleve (scorch) and
// FTS5 are on disk in the scratch directory (their size is the files').
package ticketbench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/internal/search/ticketsearch"
)

// Config sets a run; zero fields take the defaults.
type Config struct {
	Tickets   int // default 100,000
	Messages  int // default 1,000,000
	Seed      uint64
	Reps      int // timed passes over the query set, default 5
	SkipBleve bool
	SkipFTS5  bool
	Log       io.Writer
}

// Bench runs the benchmark with the default configuration, keeping the
// on-disk indexes of bleve and FTS5 under scratchDir.
func Bench(ctx context.Context, scratchDir string) ([]figures.Figure, error) {
	return Run(ctx, scratchDir, Config{})
}

// engine is one search implementation under test.
type engine interface {
	search(ctx context.Context, q Query) (int, error)
	close() error
}

// Run runs the benchmark with cfg.
func Run(ctx context.Context, scratchDir string, cfg Config) ([]figures.Figure, error) {
	if cfg.Tickets == 0 {
		cfg.Tickets = 100_000
	}
	if cfg.Messages == 0 {
		cfg.Messages = 1_000_000
	}
	if cfg.Seed == 0 {
		cfg.Seed = 20261
	}
	if cfg.Reps == 0 {
		cfg.Reps = 5
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	start := time.Now()
	corpus := Generate(cfg.Seed, cfg.Tickets, cfg.Messages)
	queries := corpus.Queries(cfg.Seed)
	logf("generated %d tickets, %d messages in %v; %d queries", len(corpus.Tickets), corpus.Messages,
		time.Since(start).Round(time.Millisecond), len(queries))

	var figs []figures.Figure
	add := func(name string, v float64, unit, goal, note string) {
		figs = append(figs, figures.Figure{Name: name, Value: v, Unit: unit, Goal: goal, Note: note})
	}

	// Ours.
	runtime.GC()
	before := heapAlloc()
	start = time.Now()
	ours, err := buildOurs(corpus)
	if err != nil {
		return nil, err
	}
	build := time.Since(start).Seconds()
	runtime.GC()
	mib := float64(heapAlloc()-before) / (1 << 20)
	logf("ours: built in %.1fs, %.0f MiB heap", build, mib)
	lat, err := timeQueries(ctx, ours, queries, cfg.Reps)
	if err != nil {
		return nil, err
	}
	updP50, updP99, err := timeUpdates(ours.ix, corpus, cfg.Seed)
	if err != nil {
		return nil, err
	}
	p50, p99 := lat.pct(0.5), lat.pct(0.99)
	logf("ours: p50 %.3f ms, p99 %.3f ms; %s", p50, p99, lat.byKind())
	add("ticketsearch.p99_ms", round3(p99), "ms", "<= 10", "internal/search/lexical, one core; "+lat.byKind())
	add("ticketsearch.p50_ms", round3(p50), "ms", "", fmt.Sprintf("%d queries × %d passes, top 20", len(queries), cfg.Reps))
	add("ticketsearch.build_seconds", round3(build), "s", "", "100k tickets / 1M messages, 2 writer goroutines")
	add("ticketsearch.index_mib", round3(mib), "MiB", "", "Go heap of the in-memory index")
	add("ticketsearch.update_ms", round3(updP50), "ms", "", fmt.Sprintf("re-index one ticket after a new message; median of 200, p99 %.3f ms", updP99))
	ours = nil
	runtime.GC()

	if !cfg.SkipBleve {
		dir := filepath.Join(scratchDir, "bleve")
		os.RemoveAll(dir)
		start = time.Now()
		b, err := buildBleve(dir, corpus)
		if err != nil {
			return nil, err
		}
		build := time.Since(start).Seconds()
		size := dirMiB(dir)
		logf("bleve: built in %.1fs, %.0f MiB on disk", build, size)
		lat, err := timeQueries(ctx, b, queries, cfg.Reps)
		b.close()
		if err != nil {
			return nil, err
		}
		logf("bleve: p50 %.3f ms, p99 %.3f ms; %s", lat.pct(0.5), lat.pct(0.99), lat.byKind())
		add("ticketsearch.bleve_p99_ms", round3(lat.pct(0.99)), "ms", "", "bleve v2 scorch on disk, bm25, one core; "+lat.byKind())
		add("ticketsearch.bleve_p50_ms", round3(lat.pct(0.5)), "ms", "", "")
		add("ticketsearch.bleve_build_seconds", round3(build), "s", "", "batches of 1,000")
		add("ticketsearch.bleve_index_mib", round3(size), "MiB", "", "on disk")
		os.RemoveAll(dir)
	}
	if !cfg.SkipFTS5 {
		path := filepath.Join(scratchDir, "fts5.db")
		os.Remove(path)
		start = time.Now()
		f, err := buildFTS5(ctx, path, corpus)
		if err != nil {
			return nil, err
		}
		build := time.Since(start).Seconds()
		size := fileMiB(path)
		logf("fts5: built in %.1fs, %.0f MiB on disk", build, size)
		lat, err := timeQueries(ctx, f, queries, cfg.Reps)
		f.close()
		if err != nil {
			return nil, err
		}
		logf("fts5: p50 %.3f ms, p99 %.3f ms; %s", lat.pct(0.5), lat.pct(0.99), lat.byKind())
		add("ticketsearch.fts5_p99_ms", round3(lat.pct(0.99)), "ms", "", "modernc.org/sqlite FTS5 on disk, bm25(), one core; "+lat.byKind())
		add("ticketsearch.fts5_p50_ms", round3(lat.pct(0.5)), "ms", "", "")
		add("ticketsearch.fts5_build_seconds", round3(build), "s", "", "one transaction")
		add("ticketsearch.fts5_index_mib", round3(size), "MiB", "", "database file, contentless FTS5 + metadata")
		os.Remove(path)
	}
	return figs, nil
}

// latencies are per-query times in milliseconds, by kind: the CPU time
// the process spent answering (all threads), and the wall clock time.
type latencies struct {
	all  []float64
	wall []float64
	kind map[Kind][]float64
}

func (l latencies) pct(p float64) float64 { return figures.Percentile(l.all, p) }

func (l latencies) byKind() string {
	parts := []string{fmt.Sprintf("wall clock p50 %.2f / p99 %.2f ms", figures.Percentile(l.wall, 0.5), figures.Percentile(l.wall, 0.99))}
	for _, k := range []Kind{SingleWord, TwoWords, Typing, Filtered} {
		parts = append(parts, fmt.Sprintf("%s p50 %.2f / p99 %.2f ms", k, figures.Percentile(l.kind[k], 0.5), figures.Percentile(l.kind[k], 0.99)))
	}
	return strings.Join(parts, "; ")
}

// timeQueries answers the set once to warm up, then reps times on one core.
func timeQueries(ctx context.Context, e engine, qs []Query, reps int) (latencies, error) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	l := latencies{kind: map[Kind][]float64{}}
	began := time.Now()
	for rep := 0; rep <= reps; rep++ {
		if rep == 1 {
			// Keep a slow engine's run to about a minute: at least one
			// timed pass.
			reps = max(1, min(reps, int(time.Minute/max(time.Since(began), time.Millisecond))))
		}
		for _, q := range qs {
			start, cpu := time.Now(), cpuNow()
			if _, err := e.search(ctx, q); err != nil {
				return l, fmt.Errorf("%v: %w", q, err)
			}
			ms := float64((cpuNow() - cpu).Nanoseconds()) / 1e6
			if rep > 0 {
				l.wall = append(l.wall, float64(time.Since(start).Nanoseconds())/1e6)
				l.all = append(l.all, ms)
				l.kind[q.Kind] = append(l.kind[q.Kind], ms)
			}
		}
		if err := ctx.Err(); err != nil {
			return l, err
		}
	}
	return l, nil
}

// ourEngine is ticketsearch over lexical.
type ourEngine struct{ ix *ticketsearch.Index }

func buildOurs(c Corpus) (*ourEngine, error) {
	ix := ticketsearch.New()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 { // Put analyses outside the index lock
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(c.Tickets); i += 2 {
				if err := ix.Put(c.Tickets[i]); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return &ourEngine{ix}, nil
}

func (o *ourEngine) search(ctx context.Context, q Query) (int, error) {
	tq := ticketsearch.Query{Text: strings.Join(q.Words, " "), Typing: q.Typing, Limit: 20}
	if q.Status != "" {
		tq.Status = []string{q.Status}
	}
	if q.Tag != "" {
		tq.Tags = []string{q.Tag}
	}
	if q.Assignee != "" {
		tq.Assignee = []string{q.Assignee}
	}
	res, err := o.ix.Search(ctx, tq)
	return len(res.Hits), err
}

func (o *ourEngine) close() error { return nil }

// timeUpdates adds one message to each of 200 tickets and re-indexes them,
// returning the median and p99 latency in milliseconds.
func timeUpdates(ix *ticketsearch.Index, c Corpus, seed uint64) (float64, float64, error) {
	var ms []float64
	for i := range 200 {
		t := c.Tickets[(int(seed)+i*7919)%len(c.Tickets)]
		t.Messages = append(slices.Clip(t.Messages), fmt.Sprintf("follow-up %d: the %s still makes a %s", i, c.Vocab[300+i], c.Vocab[900+i]))
		t.Updated = t.Updated.Add(time.Hour)
		start := time.Now()
		if err := ix.Put(t); err != nil {
			return 0, 0, err
		}
		ms = append(ms, float64(time.Since(start).Nanoseconds())/1e6)
	}
	return figures.Percentile(ms, 0.5), figures.Percentile(ms, 0.99), nil
}

func heapAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func dirMiB(dir string) float64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return float64(n) / (1 << 20)
}

func fileMiB(path string) float64 {
	n := int64(0)
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return float64(n) / (1 << 20)
}

func round3(v float64) float64 {
	s := fmt.Sprintf("%.3f", v)
	var out float64
	fmt.Sscan(s, &out)
	return out
}
