package kb

import (
	"hash/fnv"
	"math"
	"strings"
	"sync"
	"testing"
)

// smallKB is a bike shop's help centre.
var smallKB = []Article{
	{ID: "ship", Title: "Shipping times and costs", Published: true, Revision: 1, Body: `# Shipping times and costs

Standard shipping takes 3 to 5 working days and is free over 500 euros.
Express shipping takes 1 to 2 working days.

## Countries

We ship to the EU, the UK, Norway and Switzerland.`},
	{ID: "returns", Title: "Returns and refunds", Published: true, Revision: 1, Body: `# Returns and refunds

You can return an unused bike within 30 days. Refunds reach your card within 5 working days of the return arriving.`},
	{ID: "brakes", Title: "Brake pads: when and how to replace them", Published: true, Revision: 1, Body: `# Brake pads

Replace the pads when the groove is gone or the brakes squeal. Disc pads last about 1500 km.`},
	{ID: "password", Title: "Your account and password", Published: true, Revision: 1, Body: `# Your account and password

Forgot your password? Use the reset link on the sign-in page; the email arrives within a minute.`},
	{ID: "battery", Title: "E-bike battery care", Published: true, Revision: 1, Body: `# E-bike battery care

Charge the battery at room temperature and store it half charged over winter.`},
}

func newIndex(tb testing.TB, emb Embedder, arts ...Article) *Index {
	tb.Helper()
	ix, err := New(emb)
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range arts {
		if err := ix.Put(a); err != nil {
			tb.Fatalf("Put(%s): %v", a.ID, err)
		}
	}
	return ix
}

func top(tb testing.TB, ix *Index, q string) (string, Result) {
	tb.Helper()
	r, err := ix.Search(tb.Context(), q, 3)
	if err != nil {
		tb.Fatalf("Search(%q): %v", q, err)
	}
	if len(r.Passages) == 0 {
		return "", r
	}
	return r.Passages[0].ArticleID, r
}

// bagEmbedder is a deterministic stand-in for USE-lite: words hashed into
// 64 buckets, normalised. It counts the texts it embeds.
type bagEmbedder struct {
	mu    sync.Mutex
	texts []string
}

func (b *bagEmbedder) Embed(texts []string) ([][]float32, error) {
	b.mu.Lock()
	b.texts = append(b.texts, texts...)
	b.mu.Unlock()
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, 64)
		for _, w := range contentWords(t) {
			h := fnv.New32a()
			_, _ = h.Write([]byte(strings.TrimSuffix(w, "s")))
			v[h.Sum32()%64]++
		}
		var n float64
		for _, x := range v {
			n += float64(x * x)
		}
		if n > 0 {
			for j := range v {
				v[j] /= float32(math.Sqrt(n))
			}
		}
		out[i] = v
	}
	return out, nil
}

func (b *bagEmbedder) embedded() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.texts...)
}

func TestIndex_Search_ranking(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		{"How long does shipping take?", "ship"},
		{"Do you ship to Norway?", "ship"},
		{"how do I get a refund for my bike", "returns"},
		{"my brakes squeal", "brakes"},
		{"I forgot my password", "password"},
		{"how should I charge the battery in winter", "battery"},
	}
	for _, mode := range []struct {
		name string
		emb  Embedder
	}{{"lexical", nil}, {"hybrid", &bagEmbedder{}}} {
		ix := newIndex(t, mode.emb, smallKB...)
		for _, tt := range tests {
			got, r := top(t, ix, tt.query)
			if got != tt.want {
				t.Errorf("%s: Search(%q) top = %q; want %q (passages %+v)", mode.name, tt.query, got, tt.want, r.Passages)
			}
			if r.Confidence < 0.45 {
				t.Errorf("%s: Search(%q) confidence = %.2f; want >= 0.45", mode.name, tt.query, r.Confidence)
			}
		}
	}
}

func TestIndex_Search_passage(t *testing.T) {
	ix := newIndex(t, nil, smallKB...)
	_, r := top(t, ix, "Do you ship to Switzerland?")
	p := r.Passages[0]
	if p.Title != "Shipping times and costs" || !strings.Contains(p.Text, "Switzerland") {
		t.Errorf("passage = %+v; want the Countries section of the shipping article", p)
	}
	if got := strings.Join(p.HeadingPath, " > "); got != "Shipping times and costs > Countries" {
		t.Errorf("heading path = %q; want %q", got, "Shipping times and costs > Countries")
	}
	seen := map[string]bool{}
	for _, p := range r.Passages {
		if seen[p.ArticleID] {
			t.Errorf("article %s returned twice", p.ArticleID)
		}
		seen[p.ArticleID] = true
	}
}

func TestIndex_Search_offTopicConfidence(t *testing.T) {
	for _, mode := range []struct {
		name string
		emb  Embedder
	}{{"lexical", nil}, {"hybrid", &bagEmbedder{}}} {
		ix := newIndex(t, mode.emb, smallKB...)
		_, on := top(t, ix, "How long does express shipping take?")
		for _, q := range []string{"Do you sell pizza?", "Who won the football game yesterday?", "hello", "What is the capital of Peru"} {
			_, off := top(t, ix, q)
			if off.Confidence >= 0.45 || off.Confidence >= on.Confidence {
				t.Errorf("%s: confidence(%q) = %.2f; want < 0.45 and below the on-topic %.2f", mode.name, q, off.Confidence, on.Confidence)
			}
		}
	}
}

func TestIndex_draftAndDeletedNeverReturned(t *testing.T) {
	emb := &bagEmbedder{}
	ix := newIndex(t, emb, smallKB...)
	draft := Article{ID: "winter", Title: "Winter riding checklist", Body: "Fit studded tyres and mudguards for winter riding.", Published: false}
	if err := ix.Put(draft); err != nil {
		t.Fatal(err)
	}
	if got, _ := top(t, ix, "studded tyres winter riding checklist"); got == "winter" {
		t.Errorf("a draft was returned")
	}
	// Publish, then unpublish: gone again.
	draft.Published = true
	if err := ix.Put(draft); err != nil {
		t.Fatal(err)
	}
	if got, _ := top(t, ix, "studded tyres winter riding checklist"); got != "winter" {
		t.Fatalf("published article not found; top = %q", got)
	}
	draft.Published = false
	if err := ix.Put(draft); err != nil {
		t.Fatal(err)
	}
	ix.Delete("password")
	for _, q := range []string{"studded tyres winter riding checklist", "forgot password reset link", "password"} {
		r, err := ix.Search(t.Context(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.Passages {
			if p.ArticleID == "winter" || p.ArticleID == "password" {
				t.Errorf("Search(%q) returned unpublished or deleted %s", q, p.ArticleID)
			}
		}
	}
	if ix.Len() != len(smallKB)-1 {
		t.Errorf("Len = %d; want %d", ix.Len(), len(smallKB)-1)
	}
}

func TestIndex_Put_incremental(t *testing.T) {
	emb := &bagEmbedder{}
	art := Article{ID: "ship", Title: "Shipping", Published: true, Revision: 1, Body: `# Shipping

## Europe

Parcels to Europe take 3 days.

## Overseas

We do not ship overseas yet.`}
	ix := newIndex(t, emb, art)
	if got, _ := top(t, ix, "overseas"); got != "ship" {
		t.Fatalf("top = %q; want ship", got)
	}
	before := len(emb.embedded())
	// Edit one section: only its chunk is embedded again.
	art.Revision = 2
	art.Body = strings.Replace(art.Body, "We do not ship overseas yet.", "We now ship to Canada by sea freight.", 1)
	if err := ix.Put(art); err != nil {
		t.Fatal(err)
	}
	again := emb.embedded()[before:]
	if len(again) != 1 || !strings.Contains(again[0], "Canada") {
		t.Errorf("embedded after edit = %q; want only the changed chunk", again)
	}
	if rev, _ := ix.Revision("ship"); rev != 2 {
		t.Errorf("Revision = %d; want 2", rev)
	}
	r, err := ix.Search(t.Context(), "Canada sea freight", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Passages) == 0 || !strings.Contains(r.Passages[0].Text, "Canada") {
		t.Errorf("new text not found: %+v", r.Passages)
	}
	r, err = ix.Search(t.Context(), "not overseas yet", 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Passages {
		if strings.Contains(p.Text, "overseas yet") {
			t.Errorf("old text still returned: %+v", p)
		}
	}
}

func TestIndex_Mode(t *testing.T) {
	if got := newIndex(t, nil).Mode(); got != ModeLexical {
		t.Errorf("Mode() = %q; want %q", got, ModeLexical)
	}
	if got := newIndex(t, &bagEmbedder{}).Mode(); got != ModeHybrid {
		t.Errorf("Mode() = %q; want %q", got, ModeHybrid)
	}
	if err := newIndex(t, nil).Put(Article{Title: "x", Published: true}); err == nil {
		t.Error("Put without id succeeded")
	}
}
