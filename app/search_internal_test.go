package app

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/search/kb"
	"github.com/frontlinedesk/frontline/internal/search/lexical"
	"github.com/frontlinedesk/frontline/server/servertest"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// searchRig is a server tenant with an agent, three tickets and two
// articles, and the agent's replica synced from it.
type searchRig struct {
	env     *servertest.Env
	tenant  servertest.Tenant
	agent   servertest.Member
	rep     *replica.Replica
	tickets map[string]*frontlinev1.Ticket // by subject
	frame   *frontlinev1.Article
}

func newSearchRig(t *testing.T) *searchRig {
	t.Helper()
	env := servertest.New(t)
	tenant := env.RegisterCompany(t, "Search Bikes")
	agent := env.AddAgent(t, tenant, "Maya Chen", frontlinev1.Role_ROLE_AGENT)
	r := &searchRig{env: env, tenant: tenant, agent: agent, tickets: map[string]*frontlinev1.Ticket{}}
	for _, s := range []string{"Brake squeals on descents", "Order 5521 has not shipped", "Chain keeps slipping"} {
		r.tickets[s] = env.CreateTicket(t, tenant.Clients, s)
	}
	r.say(t, "Chain keeps slipping", "The derailleur hanger looks bent after the crash")
	res, err := tenant.Clients.Knowledge.CreateArticle(t.Context(), &frontlinev1.CreateArticleRequest{
		Title:  "Choosing your frame size",
		Body:   "# Choosing your frame size\n\nMeasure your inseam barefoot.\n\n## Between two sizes\n\nPick the smaller one for a playful ride.",
		Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
	})
	if err != nil {
		t.Fatalf("CreateArticle: %v", err)
	}
	r.frame = res.GetArticle()
	if _, err := tenant.Clients.Knowledge.CreateArticle(t.Context(), &frontlinev1.CreateArticleRequest{
		Title: "Warranty coverage", Body: "Frames are covered for five years.",
		Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
	}); err != nil {
		t.Fatalf("CreateArticle: %v", err)
	}
	r.rep, err = replica.OpenInMemory(replica.Config{UserID: agent.User.GetId(), UserName: agent.User.GetName(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("OpenInMemory: %v", err)
	}
	t.Cleanup(func() { r.rep.Close() })
	r.sync(t)
	return r
}

func (r *searchRig) say(t *testing.T, subject, body string) {
	t.Helper()
	if _, err := r.tenant.Clients.Tickets.AddMessage(t.Context(), &frontlinev1.AddMessageRequest{
		TicketId: r.tickets[subject].GetId(), Body: body,
	}); err != nil {
		t.Fatalf("AddMessage: %v", err)
	}
}

func (r *searchRig) sync(t *testing.T) {
	t.Helper()
	if err := r.rep.SyncOnce(t.Context(), replica.ConnectTransport(r.agent.Clients.Sync)); err != nil {
		t.Fatalf("SyncOnce: %v", err)
	}
}

// countingSource counts the tickets read in full, and can hide tickets as
// if they had been deleted from the replica.
type countingSource struct {
	searchSource
	reads  atomic.Int64
	hidden map[string]bool
}

func (c *countingSource) ListTickets(ctx context.Context, f replica.Filter) ([]replica.TicketView, error) {
	vs, err := c.searchSource.ListTickets(ctx, f)
	return slices.DeleteFunc(vs, func(v replica.TicketView) bool { return c.hidden[v.Ticket.GetId()] }), err
}

func (c *countingSource) Ticket(ctx context.Context, id string) (*replica.Thread, error) {
	if c.hidden[id] {
		return nil, desk.ErrNotFound
	}
	c.reads.Add(1)
	return c.searchSource.Ticket(ctx, id)
}

func newTestIndex(t *testing.T, src searchSource) *searchIndex {
	t.Helper()
	ix := &searchIndex{}
	if err := ix.init(func() kb.Embedder { return nil }); err != nil {
		t.Fatalf("init: %v", err)
	}
	if got := ix.mode(); got != SearchModeIndexing {
		t.Errorf("mode before the first build = %q, want %q", got, SearchModeIndexing)
	}
	if err := ix.refresh(t.Context(), src); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if got := ix.mode(); got != SearchModeLexical {
		t.Errorf("mode = %q, want %q", got, SearchModeLexical)
	}
	return ix
}

func subjects(t *testing.T, ix *searchIndex, src searchSource, text string, statuses ...string) []string {
	t.Helper()
	hits, _, err := ix.searchTickets(t.Context(), src, text, statuses)
	if err != nil {
		t.Fatalf("searchTickets(%q): %v", text, err)
	}
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Subject)
	}
	slices.Sort(out)
	return out
}

func TestSearchIndex_Tickets(t *testing.T) {
	t.Parallel()
	r := newSearchRig(t)
	ix := newTestIndex(t, r.rep)
	tests := []struct {
		name     string
		text     string
		statuses []string
		want     []string
	}{
		{"subject_word", "shipped", nil, []string{"Order 5521 has not shipped"}},
		{"subject_stemmed", "squeal", nil, []string{"Brake squeals on descents"}},
		{"message_word", "derailleur", nil, []string{"Chain keeps slipping"}},
		{"customer_name", "casey", nil, []string{"Brake squeals on descents", "Chain keeps slipping", "Order 5521 has not shipped"}},
		{"customer_email_and_word", "casey@example.com chain", nil, []string{"Chain keeps slipping"}},
		{"prefix_while_typing", "derail", nil, []string{"Chain keeps slipping"}},
		{"prefix_of_subject", "sque", nil, []string{"Brake squeals on descents"}},
		{"every_word_must_match", "brake chain", nil, []string{}},
		{"status_filter_matches", "chain", []string{"open"}, []string{"Chain keeps slipping"}},
		{"status_filter_excludes", "chain", []string{"resolved"}, []string{}},
		{"nothing", "unicorn", nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, subjects(t, ix, r.rep, tt.text, tt.statuses...)); diff != "" {
				t.Errorf("search %q mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestSearchIndex_Highlights(t *testing.T) {
	t.Parallel()
	r := newSearchRig(t)
	ix := newTestIndex(t, r.rep)
	hits, _, err := ix.searchTickets(t.Context(), r.rep, "derail", nil)
	if err != nil || len(hits) != 1 {
		t.Fatalf("searchTickets = %v, %v; want one hit", hits, err)
	}
	h := hits[0]
	if h.Number != r.tickets["Chain keeps slipping"].GetNumber() || h.Status != "open" || h.CustomerName != "Casey Customer" {
		t.Errorf("hit = %+v", h)
	}
	var marked []string
	for _, sp := range h.SnippetSpans {
		marked = append(marked, h.Snippet[sp.Start:sp.End])
	}
	if diff := cmp.Diff([]string{"derailleur"}, marked); diff != "" {
		t.Errorf("snippet %q highlights mismatch (-want +got):\n%s", h.Snippet, diff)
	}
}

func TestSearchIndex_Incremental(t *testing.T) {
	t.Parallel()
	r := newSearchRig(t)
	src := &countingSource{searchSource: r.rep}
	ix := newTestIndex(t, src)
	if got := src.reads.Load(); got != 3 {
		t.Errorf("first build read %d tickets, want 3", got)
	}
	if got := subjects(t, ix, r.rep, "zebrafish"); len(got) != 0 {
		t.Fatalf("found %v before the message exists", got)
	}

	// A message synced later is found after the next refresh, which reads
	// only the ticket that changed.
	r.say(t, "Brake squeals on descents", "It also rattles like a zebrafish tank")
	r.sync(t)
	src.reads.Store(0)
	if err := ix.refresh(t.Context(), src); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if got := src.reads.Load(); got != 1 {
		t.Errorf("refresh read %d tickets, want only the changed one", got)
	}
	if diff := cmp.Diff([]string{"Brake squeals on descents"}, subjects(t, ix, r.rep, "zebraf")); diff != "" {
		t.Errorf("new message mismatch (-want +got):\n%s", diff)
	}

	// Nothing changed: nothing is read again.
	src.reads.Store(0)
	if err := ix.refresh(t.Context(), src); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if got := src.reads.Load(); got != 0 {
		t.Errorf("idle refresh read %d tickets, want 0", got)
	}

	// A reply written offline (still in the outbox) is searchable too.
	if _, _, err := r.rep.AddReply(t.Context(), r.tickets["Order 5521 has not shipped"].GetId(), "Courier says the parcel is in Rotterdam", false); err != nil {
		t.Fatalf("AddReply: %v", err)
	}
	if err := ix.refresh(t.Context(), src); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if diff := cmp.Diff([]string{"Order 5521 has not shipped"}, subjects(t, ix, r.rep, "rotterdam")); diff != "" {
		t.Errorf("pending reply mismatch (-want +got):\n%s", diff)
	}
}

func TestSearchIndex_GoneTicketsNeverReturned(t *testing.T) {
	t.Parallel()
	r := newSearchRig(t)
	src := &countingSource{searchSource: r.rep, hidden: map[string]bool{}}
	ix := newTestIndex(t, src)
	chain := r.tickets["Chain keeps slipping"].GetId()

	// Gone from the replica but still in the index (no refresh yet): the
	// check against the replica at query time drops it.
	src.hidden[chain] = true
	if got := subjects(t, ix, src, "casey"); slices.Contains(got, "Chain keeps slipping") {
		t.Errorf("search returned a deleted ticket: %v", got)
	}
	if err := ix.refresh(t.Context(), src); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if got := ix.tickets.Len(); got != 2 {
		t.Errorf("index holds %d tickets after a delete, want 2", got)
	}

	// A purged replica (the session was refused) leaves nothing to find.
	if err := r.rep.Purge(); err != nil {
		t.Fatalf("Purge: %v", err)
	}
	if got := subjects(t, ix, r.rep, "casey"); len(got) != 0 {
		t.Errorf("search after a purge, before the refresh = %v, want none", got)
	}
	if err := ix.refresh(t.Context(), r.rep); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if got := ix.tickets.Len(); got != 0 {
		t.Errorf("index holds %d tickets after a purge, want 0", got)
	}
	if got := ix.kb.Len(); got != 0 {
		t.Errorf("KB index holds %d articles after a purge, want 0", got)
	}
}

func TestSearchIndex_Articles(t *testing.T) {
	t.Parallel()
	r := newSearchRig(t)
	ix := newTestIndex(t, r.rep)
	titles := func(text string) []string {
		t.Helper()
		hits, err := ix.searchArticles(t.Context(), r.rep, text)
		if err != nil {
			t.Fatalf("searchArticles(%q): %v", text, err)
		}
		out := []string{}
		for _, h := range hits {
			out = append(out, h.Title)
		}
		return out
	}
	if diff := cmp.Diff([]string{"Choosing your frame size"}, titles("inseam")); diff != "" {
		t.Errorf("inseam mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Choosing your frame size"}, titles("playful ri")); diff != "" {
		t.Errorf("prefix mismatch (-want +got):\n%s", diff)
	}
	hits, err := ix.searchArticles(t.Context(), r.rep, "smaller")
	if err != nil || len(hits) != 1 {
		t.Fatalf("searchArticles(smaller) = %v, %v", hits, err)
	}
	if diff := cmp.Diff([]string{"Choosing your frame size", "Between two sizes"}, hits[0].HeadingPath); diff != "" {
		t.Errorf("heading path mismatch (-want +got):\n%s", diff)
	}
	if sp := hits[0].SnippetSpans; len(sp) != 1 || hits[0].Snippet[sp[0].Start:sp[0].End] != "smaller" {
		t.Errorf("snippet %q spans %v, want one on smaller", hits[0].Snippet, sp)
	}

	// Deleted on the server: gone after the sync and the refresh.
	if _, err := r.tenant.Clients.Knowledge.DeleteArticle(t.Context(), &frontlinev1.DeleteArticleRequest{Id: r.frame.GetId()}); err != nil {
		t.Fatalf("DeleteArticle: %v", err)
	}
	r.sync(t)
	if got := titles("inseam"); len(got) != 0 {
		t.Errorf("deleted article returned before the refresh: %v", got)
	}
	if err := ix.refresh(t.Context(), r.rep); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if got := ix.kb.Len(); got != 1 {
		t.Errorf("KB index holds %d articles, want 1", got)
	}
	if diff := cmp.Diff([]string{"Warranty coverage"}, titles("frames cov")); diff != "" {
		t.Errorf("remaining article mismatch (-want +got):\n%s", diff)
	}
}

func TestJSSpans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		spans []lexical.Span
		want  []Span
	}{
		{"ascii", "brake pads", []lexical.Span{{Start: 6, End: 10}}, []Span{{6, 10}}},
		{"accent_before", "Chloé Martin", []lexical.Span{{Start: 7, End: 13}}, []Span{{6, 12}}},
		{"accent_inside", "Chloé", []lexical.Span{{Start: 0, End: 6}}, []Span{{0, 5}}},
		{"astral_before", "🚲 bike", []lexical.Span{{Start: 5, End: 9}}, []Span{{3, 7}}},
		{"invalid_dropped", "abc", []lexical.Span{{Start: 2, End: 9}}, []Span{}},
		{"none", "abc", nil, []Span{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, jsSpans(tt.text, tt.spans)); diff != "" {
				t.Errorf("jsSpans(%q, %v) mismatch (-want +got):\n%s", tt.text, tt.spans, diff)
			}
		})
	}
}
