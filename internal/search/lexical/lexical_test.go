package lexical

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		an   Analyzer
		text string
		want []Token
	}{
		{"words and offsets", Analyzer{}, "Hello, World!", []Token{{"hello", 0, 0, 5}, {"world", 1, 7, 12}}},
		{"email splits", Analyzer{}, "ada@northwind.test", []Token{{"ada", 0, 0, 3}, {"northwind", 1, 4, 13}, {"test", 2, 14, 18}}},
		{"apostrophe inside a word", Analyzer{}, "don't 'quote'", []Token{{"dont", 0, 0, 5}, {"quote", 1, 7, 12}}},
		{"unicode lower-casing", Analyzer{}, "ÜBER Straße Ελλάδα", []Token{{"über", 0, 0, 5}, {"straße", 1, 6, 13}, {"ελλάδα", 2, 14, 26}}},
		{"digits and mixed", Analyzer{}, "order #A1234 v2", []Token{{"order", 0, 0, 5}, {"a1234", 1, 7, 12}, {"v2", 2, 13, 15}}},
		{"ideographs one by one", Analyzer{}, "返品ok", []Token{{"返", 0, 0, 3}, {"品", 1, 3, 6}, {"ok", 2, 6, 8}}},
		{"stemming", Analyzer{Stem: true}, "Refunds refunded refunding", []Token{{"refund", 0, 0, 7}, {"refund", 1, 8, 16}, {"refund", 2, 17, 26}}},
		{"empty", Analyzer{}, " -- ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.an.Tokens(tt.text)); diff != "" {
				t.Errorf("Tokens(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestStem(t *testing.T) {
	tests := map[string]string{
		"refunds": "refund", "refunded": "refund", "refunding": "refund",
		"delete": "delet", "deleted": "delet", "deleting": "delet",
		"tries": "try", "tried": "try", "running": "run", "falling": "fall",
		"classes": "class", "boxes": "box", "status": "status", "this": "this",
		"speed": "speed", "agreed": "agreed", "bike": "bik", "bikes": "bik", "use": "use",
		"naïve": "naïve", "ids": "ids",
	}
	for in, want := range tests {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q; want %q", in, got, want)
		}
	}
}

func newIndex(t *testing.T, cfg Config, docs ...Document) *Index {
	t.Helper()
	ix, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func body(id, text string) Document { return Document{ID: id, Fields: []Field{{"body", text}}} }

func search(t *testing.T, ix *Index, q Query) []Hit {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

var bodyOnly = Config{Fields: []FieldConfig{{Name: "body"}}}

// TestBM25Scores checks scores computed by hand (k1 1.2, b 0.75): three
// documents of lengths 2, 3 and 4 (average 3), each query term in two of
// them, so idf = ln(1 + 1.5/2.5) = 0.470004.
func TestBM25Scores(t *testing.T) {
	ix := newIndex(t, bodyOnly,
		body("d1", "refund policy"),
		body("d2", "refund refund delay"),
		body("d3", "shipping policy delay today"),
	)
	tests := []struct {
		query string
		want  []Hit
	}{
		// d2: tf 2, norm 1: idf*2*2.2/3.2. d1: tf 1/0.75: idf*1.3333*2.2/2.5333.
		{"refund", []Hit{{"d2", 0.646255}, {"d1", 0.544215}}},
		// d3: two terms with tf 1/1.25 each: 2*idf*0.8*2.2/2.0; d2: idf*1.
		{"policy delay", []Hit{{"d3", 0.827206}, {"d1", 0.544215}, {"d2", 0.470004}}},
		{"nothing", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := search(t, ix, Query{Text: tt.query})
		if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-5 })); diff != "" {
			t.Errorf("Search(%q) (-want +got):\n%s", tt.query, diff)
		}
	}
}

func TestFieldWeights(t *testing.T) {
	docs := []Document{
		{ID: "in-body", Fields: []Field{{"title", "shipping times"}, {"body", "how to get a refund for an order"}}},
		{ID: "in-title", Fields: []Field{{"title", "refund rules"}, {"body", "how to send an order back to us"}}},
	}
	for _, tc := range []struct {
		titleWeight float64
		want        string
	}{{3, "in-title"}, {0.2, "in-body"}} {
		ix := newIndex(t, Config{Fields: []FieldConfig{{"title", tc.titleWeight}, {"body", 1}}}, docs...)
		if got := search(t, ix, Query{Text: "refund"}); len(got) != 2 || got[0].ID != tc.want {
			t.Errorf("title weight %v: hits %v, want %s first", tc.titleWeight, got, tc.want)
		}
	}
}

func TestPhraseAndPrefix(t *testing.T) {
	cfg := Config{Fields: []FieldConfig{{Name: "subject"}, {Name: "message"}}, Analyzer: Analyzer{Stem: true}}
	ix := newIndex(t, cfg,
		Document{ID: "t1", Fields: []Field{{"subject", "Refund policy question"}, {"message", "what is the policy on refunds"}}},
		Document{ID: "t2", Fields: []Field{{"subject", "Late delivery"}, {"message", "I want a refund"}, {"message", "policy says 14 days"}}},
		Document{ID: "t3", Fields: []Field{{"subject", "Refunding policies"}, {"message", "thanks"}}},
		Document{ID: "t4", Fields: []Field{{"subject", "Referral bonus"}, {"message", "refer a friend"}}},
	)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		// t2 has "refund" ending one message and "policy" starting the next: no phrase.
		{"phrase across stems", Query{Text: `"refund policy"`}, []string{"t1", "t3"}},
		{"phrase order matters", Query{Text: `"policy refund"`}, nil},
		{"phrase and word", Query{Text: `"late delivery" refund`, All: true}, []string{"t2"}},
		{"unfinished quote", Query{Text: `"refund policy`}, []string{"t1", "t3"}},
		{"prefix while typing", Query{Text: "refe", Prefix: true}, []string{"t4"}},
		{"prefix covers several words", Query{Text: "ref", Prefix: true, All: true, Limit: 10}, []string{"t1", "t2", "t3", "t4"}},
		{"no prefix without the flag", Query{Text: "refe"}, nil},
		{"text ending in space is whole words", Query{Text: "refe ", Prefix: true}, nil},
		{"full word typed with prefix", Query{Text: "refunding", Prefix: true}, []string{"t1", "t2", "t3"}},
		{"and of word and prefix", Query{Text: "policy ques", Prefix: true, All: true}, []string{"t1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(search(t, ix, tt.q))
			less := func(a, b string) bool { return a < b }
			if diff := cmp.Diff(tt.want, got, cmpSort(less)); diff != "" {
				t.Errorf("Search(%+v) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
	// A phrase match ranks above scattered words.
	if got := ids(search(t, ix, Query{Text: "refund policy"})); len(got) < 2 || got[0] == "t2" {
		t.Errorf("refund policy: %v, want t2 not first", got)
	}
}

func cmpSort(less func(a, b string) bool) cmp.Option {
	return cmp.Transformer("sort", func(in []string) []string {
		out := append([]string(nil), in...)
		for i := range out {
			for j := i + 1; j < len(out); j++ {
				if less(out[j], out[i]) {
					out[i], out[j] = out[j], out[i]
				}
			}
		}
		return out
	})
}

func ticket(id, subject, status, assignee string, tags []string, created time.Time) Document {
	return Document{
		ID:       id,
		Fields:   []Field{{"subject", subject}},
		Keywords: map[string][]string{"status": {status}, "assignee": {assignee}, "tags": tags},
		Times:    map[string]time.Time{"created": created},
	}
}

func TestFilters(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	cfg := Config{Fields: []FieldConfig{{Name: "subject"}}}
	ix := newIndex(t, cfg,
		ticket("a", "brake noise", "open", "maya", []string{"repair", "vip"}, day(1)),
		ticket("b", "brake pads", "pending", "sam", []string{"repair"}, day(2)),
		ticket("c", "brake cable", "solved", "maya", []string{"parts"}, day(3)),
		ticket("d", "brake light", "open", "sam", nil, day(4)),
		Document{ID: "e", Fields: []Field{{"subject", "brake without attributes"}}},
	)
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"none", Filter{}, []string{"a", "b", "c", "d", "e"}},
		{"one status", Filter{Keywords: map[string][]string{"status": {"open"}}}, []string{"a", "d"}},
		{"any of statuses", Filter{Keywords: map[string][]string{"status": {"open", "pending"}}}, []string{"a", "b", "d"}},
		{"status and assignee", Filter{Keywords: map[string][]string{"status": {"open"}, "assignee": {"maya"}}}, []string{"a"}},
		{"tag", Filter{Keywords: map[string][]string{"tags": {"repair"}}}, []string{"a", "b"}},
		{"unknown value", Filter{Keywords: map[string][]string{"tags": {"nope"}}}, nil},
		{"date from", Filter{Ranges: []Range{{Attr: "created", From: day(3)}}}, []string{"c", "d"}},
		{"date between", Filter{Ranges: []Range{{Attr: "created", From: day(2), To: day(4)}}}, []string{"b", "c"}},
		{"date before", Filter{Ranges: []Range{{Attr: "created", To: day(2)}}}, []string{"a"}},
		{"unknown date attribute", Filter{Ranges: []Range{{Attr: "closed", From: day(1)}}}, nil},
		{"keyword and date", Filter{Keywords: map[string][]string{"assignee": {"sam"}}, Ranges: []Range{{Attr: "created", From: day(3)}}}, []string{"d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: "brake", Filter: tt.f, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res.Hits), cmpSort(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("filter %+v (-want +got):\n%s", tt.f, diff)
			}
			if res.Total != len(tt.want) {
				t.Errorf("Total = %d; want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestLimitAndTies(t *testing.T) {
	ix := newIndex(t, bodyOnly)
	for i := 0; i < 50; i++ {
		if err := ix.Put(body(fmt.Sprintf("d%02d", i), "same words here")); err != nil {
			t.Fatal(err)
		}
	}
	res, err := ix.Search(context.Background(), Query{Text: "same", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"d00", "d01", "d02"}, ids(res.Hits)); diff != "" || res.Total != 50 {
		t.Errorf("ties: total %d (-want +got):\n%s", res.Total, diff)
	}
}

func TestDeleteAndUpdate(t *testing.T) {
	ix := newIndex(t, bodyOnly, body("a", "red bike"), body("b", "blue bike"), body("c", "green bike"))
	ix.Delete("b")
	ix.Delete("missing")
	if got := ids(search(t, ix, Query{Text: "bike blue"})); !cmp.Equal(got, []string{"a", "c"}) && !cmp.Equal(got, []string{"c", "a"}) {
		t.Errorf("after delete: %v", got)
	}
	if ix.Has("b") || ix.Len() != 2 {
		t.Errorf("Has(b) %v, Len %d", ix.Has("b"), ix.Len())
	}
	// Update replaces the old text.
	if err := ix.Put(body("a", "yellow scooter")); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, ix, Query{Text: "red"})); got != nil {
		t.Errorf("old text still found: %v", got)
	}
	if got := ids(search(t, ix, Query{Text: "scooter"})); !cmp.Equal(got, []string{"a"}) {
		t.Errorf("new text: %v", got)
	}
	// Re-adding a deleted id works.
	if err := ix.Put(body("b", "blue bike again")); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, ix, Query{Text: "blue"})); !cmp.Equal(got, []string{"b"}) {
		t.Errorf("re-added: %v", got)
	}
}

// TestCompaction deletes enough documents to trigger compaction and checks
// that no deleted document comes back and scores match a fresh index.
func TestCompaction(t *testing.T) {
	cfg := Config{Fields: []FieldConfig{{Name: "body"}}}
	ix := newIndex(t, cfg)
	fresh := newIndex(t, cfg)
	text := func(i int) string { return fmt.Sprintf("word%d common tag%d filler", i%17, i%5) }
	for i := 0; i < 4500; i++ {
		d := body(fmt.Sprintf("d%d", i), text(i))
		d.Keywords = map[string][]string{"parity": {fmt.Sprint(i % 2)}}
		d.Times = map[string]time.Time{"at": time.Unix(int64(i), 0)}
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
		if i%3 != 0 {
			if err := fresh.Put(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 0; i < 4500; i += 3 {
		ix.Delete(fmt.Sprintf("d%d", i))
	}
	ix.mu.RLock()
	compacted := len(ix.ids) < 4500
	ix.mu.RUnlock()
	if !compacted {
		t.Fatal("no compaction after deleting a third of the documents")
	}
	// Document frequencies count tombstoned documents until a compaction
	// drops them; compact the deletions made since the automatic one.
	ix.Compact()
	for _, q := range []Query{
		{Text: "word3 tag1", Limit: 50},
		{Text: "common", Limit: 50, Filter: Filter{Keywords: map[string][]string{"parity": {"1"}}}},
		{Text: "tag", Prefix: true, Limit: 50, Filter: Filter{Ranges: []Range{{Attr: "at", From: time.Unix(1000, 0)}}}},
		{Text: `"common tag2"`, Limit: 50},
	} {
		got, want := search(t, ix, q), search(t, fresh, q)
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
			t.Errorf("%+v: compacted index differs from fresh (-want +got):\n%s", q, diff)
		}
		for _, h := range got {
			var n int
			fmt.Sscanf(h.ID, "d%d", &n)
			if n%3 == 0 {
				t.Errorf("%+v returned deleted %s", q, h.ID)
			}
		}
	}
}

func TestConcurrentReadWrite(t *testing.T) {
	ix := newIndex(t, Config{Fields: []FieldConfig{{Name: "body"}}, Analyzer: Analyzer{Stem: true}})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1500; i++ {
				id := fmt.Sprintf("w%d-%d", w, i%300)
				if i%7 == 0 {
					ix.Delete(id)
					continue
				}
				if err := ix.Put(body(id, fmt.Sprintf("bike %d gear%d", i, i%11))); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				res, err := ix.Search(ctx, Query{Text: fmt.Sprintf("bike gea"), Prefix: true, Limit: 5})
				if err != nil {
					errs <- err
					return
				}
				for _, h := range res.Hits {
					if h.ID == "" || math.IsNaN(h.Score) {
						errs <- fmt.Errorf("bad hit %+v", h)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// After the writers finish, every hit is live.
	res, err := ix.Search(ctx, Query{Text: "bike", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != ix.Len() {
		t.Errorf("Total %d; want every live document (%d)", res.Total, ix.Len())
	}
}

func TestInvalid(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("New without fields: want error")
	}
	if _, err := New(Config{Fields: []FieldConfig{{Name: "a"}, {Name: "a"}}}); err == nil {
		t.Error("New with repeated field: want error")
	}
	ix := newIndex(t, bodyOnly)
	if err := ix.Put(Document{ID: "x", Fields: []Field{{"nope", "text"}}}); err == nil {
		t.Error("Put with unknown field: want error")
	}
	if err := ix.Put(Document{Fields: []Field{{"body", "text"}}}); err == nil {
		t.Error("Put without id: want error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "x"}); err == nil {
		t.Error("Search with cancelled context: want error")
	}
}

func TestHighlightAndSnippet(t *testing.T) {
	ix := newIndex(t, Config{Fields: []FieldConfig{{Name: "body"}}, Analyzer: Analyzer{Stem: true}})
	text := "Refunds: we refund within 14 days. Refund policy applies to bikes."
	tests := []struct {
		q    Query
		want []string
	}{
		{Query{Text: "refund"}, []string{"Refunds", "refund", "Refund"}},
		{Query{Text: `"refund policy"`}, []string{"Refund policy"}},
		{Query{Text: "bik", Prefix: true}, []string{"bikes"}},
		{Query{Text: "14 days"}, []string{"14 days"}},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range ix.Highlight(text, tt.q) {
			got = append(got, text[sp.Start:sp.End])
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Highlight(%+v) (-want +got):\n%s", tt.q, diff)
		}
	}
	long := "Intro words that do not matter at all here. " + text + " Trailing text that is also not relevant."
	spans := ix.Highlight(long, Query{Text: "policy bikes"})
	snip, rel := Snippet(long, spans, 40)
	if len(snip) > 40 || len(rel) == 0 {
		t.Fatalf("Snippet = %q %v", snip, rel)
	}
	for _, sp := range rel {
		if w := snip[sp.Start:sp.End]; w != "policy" && w != "bikes" {
			t.Errorf("snippet span %q", w)
		}
	}
	if s, sp := Snippet("short", nil, 40); s != "short" || sp != nil {
		t.Errorf("Snippet(short) = %q %v", s, sp)
	}
}
