package app

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/search/chunk"
	"github.com/frontlinedesk/frontline/internal/search/encoder"
	"github.com/frontlinedesk/frontline/internal/search/kb"
	"github.com/frontlinedesk/frontline/internal/search/lexical"
	"github.com/frontlinedesk/frontline/internal/search/ticketsearch"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Search answers the search palette offline, from indexes of the signed-in
// user's replica: a ticket index (subject, every message, customer, tags)
// and a knowledge-base index (hybrid with USE-lite when the models are
// there, else lexical). The indexes live in memory, per replica, and are
// never synced: they are built in the background after sign-in and brought
// up to date whenever the replica changes (only the tickets and articles
// that changed are indexed again). Every hit is checked against the replica
// before it is shown, so a ticket or article that is gone or no longer
// visible is never returned. Bound into the webview.
type Search struct {
	app *App

	mu  sync.Mutex
	cur *searchIndex // the current replica's, nil before the first build starts

	encOnce sync.Once
	enc     kb.Embedder // nil: lexical only
}

// Search modes (SearchResultsDTO.Mode and Mode).
const (
	SearchModeIndexing = "indexing…"
	SearchModeHybrid   = kb.ModeHybrid
	SearchModeLexical  = kb.ModeLexical
)

// Search scopes (SearchFilter.Scope).
const (
	ScopeAll     = ""
	ScopeTickets = "tickets"
	ScopeKB      = "kb"
)

// MsgArticleNotFound is shown when an article was deleted or unpublished.
const MsgArticleNotFound = "That article no longer exists"

// Result sizes.
const (
	searchTicketLimit = 20
	searchKBLimit     = 6
	snippetWidth      = 180
	// kbSemanticConfidence is the confidence above which the best
	// semantic KB answer is shown even when not every word matched.
	kbSemanticConfidence = 0.5
	kbQuestionWords      = 3
)

// SearchFilter narrows a search. Zero values match everything.
type SearchFilter struct {
	// Statuses keeps tickets in any of these statuses ("open", "pending", ...).
	Statuses []string `json:"statuses"`
	// Scope is "" (tickets and articles), "tickets" or "kb".
	Scope string `json:"scope"`
}

// Span is a highlighted range of a text, in UTF-16 code units (JavaScript
// string offsets): text.slice(start, end) is the match.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// TicketHitDTO is one ticket found.
type TicketHitDTO struct {
	ID            string `json:"id"`
	Number        int64  `json:"number"`
	Subject       string `json:"subject"`
	SubjectSpans  []Span `json:"subjectSpans"`
	Status        string `json:"status"`
	Priority      string `json:"priority"`
	CustomerName  string `json:"customerName"`
	CustomerSpans []Span `json:"customerSpans"`
	// Snippet is a window of the best-matching message, or of the first.
	Snippet      string `json:"snippet"`
	SnippetSpans []Span `json:"snippetSpans"`
	UpdatedAt    string `json:"updatedAt"`
}

// ArticleHitDTO is one knowledge-base article found, with its best passage.
type ArticleHitDTO struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	TitleSpans   []Span   `json:"titleSpans"`
	HeadingPath  []string `json:"headingPath"`
	Snippet      string   `json:"snippet"`
	SnippetSpans []Span   `json:"snippetSpans"`
	Status       string   `json:"status"`
}

// SearchResultsDTO answers one query.
type SearchResultsDTO struct {
	Query    string          `json:"query"`
	Tickets  []TicketHitDTO  `json:"tickets"`
	Articles []ArticleHitDTO `json:"articles"`
	// Total tickets matched (a lower bound when the index skipped work).
	TotalTickets int    `json:"totalTickets"`
	Mode         string `json:"mode"`
}

// Mode says how search works right now: "indexing…" until the first build
// of the current replica's indexes is done, then "hybrid (USE-lite)" or
// "lexical only".
func (s *Search) Mode() string {
	l, _, err := s.app.state.current()
	if err != nil {
		return SearchModeIndexing
	}
	if ix := s.indexFor(l); ix != nil {
		return ix.mode()
	}
	return SearchModeIndexing
}

// Query searches tickets and articles for text as the agent types it (the
// last word counts as a prefix). Results come only from the replica.
func (s *Search) Query(text string, filter SearchFilter) (SearchResultsDTO, error) {
	a := s.app
	l, _, err := a.state.current()
	if err != nil {
		return SearchResultsDTO{}, a.fail("search", err)
	}
	scope := strings.ToLower(strings.TrimSpace(filter.Scope))
	if scope != ScopeAll && scope != ScopeTickets && scope != ScopeKB {
		return SearchResultsDTO{}, fieldErr("scope", "Choose tickets, articles or both")
	}
	var statuses []string
	for _, st := range filter.Statuses {
		st = strings.ToLower(strings.TrimSpace(st))
		if _, ok := parseStatus(st); !ok {
			return SearchResultsDTO{}, fieldErr("status", "Unknown status "+st)
		}
		statuses = append(statuses, st)
	}
	out := SearchResultsDTO{Query: text, Tickets: []TicketHitDTO{}, Articles: []ArticleHitDTO{}, Mode: SearchModeIndexing}
	ix := s.indexFor(l)
	if ix == nil {
		return out, nil
	}
	out.Mode = ix.mode()
	if strings.TrimSpace(text) == "" {
		return out, nil
	}
	ctx, cancel := a.call()
	defer cancel()
	src := localSource{l}
	if scope != ScopeKB {
		hits, total, err := ix.searchTickets(ctx, src, text, statuses)
		if err != nil {
			return SearchResultsDTO{}, a.fail("search tickets", err)
		}
		out.Tickets, out.TotalTickets = hits, total
	}
	if scope != ScopeTickets {
		hits, err := ix.searchArticles(ctx, src, text)
		if err != nil {
			return SearchResultsDTO{}, a.fail("search articles", err)
		}
		out.Articles = hits
	}
	return out, nil
}

// Article returns one knowledge-base article for the article view, from
// the replica.
func (s *Search) Article(id string) (ArticleDTO, error) {
	a := s.app
	l, _, err := a.state.current()
	if err != nil {
		return ArticleDTO{}, a.fail("article", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	ar, err := findArticle(ctx, localSource{l}, id)
	if errors.Is(err, desk.ErrNotFound) {
		return ArticleDTO{}, &UIError{Message: MsgArticleNotFound, Kind: KindNotFound, err: err}
	}
	if err != nil {
		return ArticleDTO{}, a.fail("article", err)
	}
	return ArticleDTO{
		ID: ar.GetId(), Title: ar.GetTitle(), Body: ar.GetBody(), Revision: ar.GetRevision(),
		Status: articleStatus(ar.GetStatus()), UpdatedAt: timeString(ar.GetUpdateTime()),
	}, nil
}

// indexFor returns the index of l's replica, nil when none is being built.
func (s *Search) indexFor(l *local) *searchIndex {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || s.cur.loc != l {
		return nil
	}
	return s.cur
}

// embedder loads the USE-lite encoder from the models directory once; nil
// (lexical only) when it is missing or unreadable.
func (s *Search) embedder() kb.Embedder {
	s.encOnce.Do(func() {
		dir := s.app.cfg.ModelsDir
		if dir == "" {
			s.app.log.Info("search: no models directory; knowledge-base search is lexical only")
			return
		}
		encDir := filepath.Join(dir, "@energetic-ai__model-embeddings-en")
		if _, err := os.Stat(encDir); err != nil {
			s.app.log.Info("search: no USE-lite encoder; knowledge-base search is lexical only", "looked_in", encDir)
			return
		}
		start := time.Now()
		enc, err := encoder.Load(encDir)
		if err != nil {
			s.app.log.Warn("search: cannot load the USE-lite encoder; knowledge-base search is lexical only", "err", err)
			return
		}
		s.app.log.Info("search: USE-lite encoder loaded", "took", time.Since(start).Round(time.Millisecond))
		s.enc = enc
	})
	return s.enc
}

// run builds the indexes of l's replica and keeps them up to date until
// ctx ends (sign-out, shutdown). It is one of the local's loop goroutines;
// a restart of the loop (Retry now) keeps the index already built.
func (s *Search) run(ctx context.Context, l *local) {
	s.mu.Lock()
	ix := s.cur
	if ix == nil || ix.loc != l {
		ix = &searchIndex{loc: l}
		s.cur = ix
	}
	s.mu.Unlock()
	if err := ix.init(s.embedder); err != nil {
		s.app.log.Warn("search: cannot create the indexes", "err", err)
		return
	}
	defer s.release(l)
	src := localSource{l}
	for {
		ch := l.rep.Changed()
		if err := ix.refresh(ctx, src); err != nil {
			if ctx.Err() != nil || errors.Is(err, errNotSignedIn) {
				return
			}
			s.app.log.Warn("search: index update failed; retrying at the next change", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ch:
		}
		select { // coalesce a burst of changes (a pull of many pages)
		case <-ctx.Done():
			return
		case <-time.After(s.app.cfg.ChangeDebounce):
		}
	}
}

// release drops l's indexes when l is no longer the signed-in session
// (sign-out, shutdown); a restarted loop of the same session keeps them.
func (s *Search) release(l *local) {
	if cur, _, err := s.app.state.current(); err == nil && cur == l {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && s.cur.loc == l {
		s.cur = nil
	}
}

// searchSource is what the indexes read: the replica (*replica.Replica,
// or localSource, which fails once the replica is closed).
type searchSource interface {
	ListTickets(ctx context.Context, f replica.Filter) ([]replica.TicketView, error)
	Ticket(ctx context.Context, id string) (*replica.Thread, error)
	Articles(ctx context.Context) ([]*frontlinev1.Article, error)
}

// localSource reads a session's replica unless it was closed.
type localSource struct{ l *local }

func (s localSource) ListTickets(ctx context.Context, f replica.Filter) (out []replica.TicketView, err error) {
	err = s.l.do(func(r *replica.Replica) error { out, err = r.ListTickets(ctx, f); return err })
	return out, err
}

func (s localSource) Ticket(ctx context.Context, id string) (out *replica.Thread, err error) {
	err = s.l.do(func(r *replica.Replica) error { out, err = r.Ticket(ctx, id); return err })
	return out, err
}

func (s localSource) Articles(ctx context.Context) (out []*frontlinev1.Article, err error) {
	err = s.l.do(func(r *replica.Replica) error { out, err = r.Articles(ctx); return err })
	return out, err
}

// searchIndex is one replica's ticket and KB indexes with what they hold.
type searchIndex struct {
	loc *local

	initOnce sync.Once
	initErr  error
	tickets  *ticketsearch.Index
	kb       *kb.Index
	// kbWords matches articles word by word with a prefix for the word
	// being typed (kb.Index ranks whole words only).
	kbWords *lexical.Index

	refreshMu sync.Mutex // one refresh at a time

	mu      sync.Mutex
	ready   bool
	tickSum map[string][32]byte // ticket id -> fingerprint of what was indexed
	artSum  map[string][32]byte
}

func (ix *searchIndex) init(emb func() kb.Embedder) error {
	ix.initOnce.Do(func() {
		ix.tickSum, ix.artSum = map[string][32]byte{}, map[string][32]byte{}
		ix.tickets = ticketsearch.New()
		var err error
		if ix.kb, err = kb.New(emb()); err != nil {
			ix.initErr = err
			return
		}
		ix.kbWords, ix.initErr = lexical.New(lexical.Config{
			Fields:   []lexical.FieldConfig{{Name: "title", Weight: 3}, {Name: "body", Weight: 1}},
			Analyzer: lexical.Analyzer{Stem: true},
		})
	})
	return ix.initErr
}

func (ix *searchIndex) mode() string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.ready {
		return SearchModeIndexing
	}
	return ix.kb.Mode()
}

// fingerprint identifies a version of a replica row; any change to it
// (a new message moves update_time and message_count; a status, tag,
// assignee or customer change; an edit of an article) changes it.
func fingerprint(m proto.Message) [32]byte {
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	return sha256.Sum256(b)
}

// refresh brings the indexes up to date with src: it lists the tickets and
// articles, indexes those whose fingerprint changed and removes those gone.
func (ix *searchIndex) refresh(ctx context.Context, src searchSource) error {
	ix.refreshMu.Lock()
	defer ix.refreshMu.Unlock()
	views, err := src.ListTickets(ctx, replica.Filter{})
	if err != nil {
		return fmt.Errorf("search: list tickets: %w", err)
	}
	ix.mu.Lock()
	old := ix.tickSum
	ix.mu.Unlock()
	live := make(map[string]bool, len(views))
	for _, v := range views {
		id := v.Ticket.GetId()
		live[id] = true
		sum := fingerprint(v.Ticket)
		ix.mu.Lock()
		prev, had := old[id]
		ix.mu.Unlock()
		if had && prev == sum {
			continue
		}
		th, err := src.Ticket(ctx, id)
		if errors.Is(err, desk.ErrNotFound) {
			ix.dropTicket(id)
			continue
		}
		if err != nil {
			return fmt.Errorf("search: read ticket: %w", err)
		}
		if err := ix.tickets.Put(ticketDoc(th)); err != nil {
			return err
		}
		ix.mu.Lock()
		ix.tickSum[id] = sum
		ix.mu.Unlock()
	}
	ix.mu.Lock()
	var gone []string
	for id := range ix.tickSum {
		if !live[id] {
			gone = append(gone, id)
		}
	}
	ix.mu.Unlock()
	for _, id := range gone {
		ix.dropTicket(id)
	}

	arts, err := src.Articles(ctx)
	if err != nil {
		return fmt.Errorf("search: list articles: %w", err)
	}
	liveArt := make(map[string]bool, len(arts))
	for _, ar := range arts {
		if !articleVisible(ar) {
			continue
		}
		id := ar.GetId()
		liveArt[id] = true
		sum := fingerprint(ar)
		ix.mu.Lock()
		prev, had := ix.artSum[id]
		ix.mu.Unlock()
		if had && prev == sum {
			continue
		}
		if err := ix.kb.Put(kb.Article{ID: id, Title: ar.GetTitle(), Body: ar.GetBody(), Published: true, Revision: ar.GetRevision()}); err != nil {
			return err
		}
		if err := ix.kbWords.Put(lexical.Document{ID: id, Fields: []lexical.Field{
			{Name: "title", Text: ar.GetTitle()}, {Name: "body", Text: ar.GetBody()},
		}}); err != nil {
			return fmt.Errorf("search: index article: %w", err)
		}
		ix.mu.Lock()
		ix.artSum[id] = sum
		ix.mu.Unlock()
	}
	ix.mu.Lock()
	var goneArt []string
	for id := range ix.artSum {
		if !liveArt[id] {
			goneArt = append(goneArt, id)
		}
	}
	ix.mu.Unlock()
	for _, id := range goneArt {
		ix.dropArticle(id)
	}
	ix.mu.Lock()
	ix.ready = true
	ix.mu.Unlock()
	return nil
}

func (ix *searchIndex) dropTicket(id string) {
	ix.tickets.Delete(id)
	ix.mu.Lock()
	delete(ix.tickSum, id)
	ix.mu.Unlock()
}

func (ix *searchIndex) dropArticle(id string) {
	ix.kb.Delete(id)
	ix.kbWords.Delete(id)
	ix.mu.Lock()
	delete(ix.artSum, id)
	ix.mu.Unlock()
}

// articleVisible says whether desk users see an article (published or
// draft); anything else is never indexed.
func articleVisible(a *frontlinev1.Article) bool {
	switch a.GetStatus() {
	case frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED, frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT:
		return true
	}
	return false
}

func articleStatus(s frontlinev1.ArticleStatus) string {
	return enumName(s.String(), "ARTICLE_STATUS_")
}

// ticketDoc maps a replica thread (pending messages included, so a reply
// written offline is found) to the ticket index's document.
func ticketDoc(th *replica.Thread) ticketsearch.Ticket {
	t := th.Ticket
	doc := ticketsearch.Ticket{
		ID:            t.GetId(),
		Subject:       t.GetSubject(),
		CustomerName:  t.GetCustomer().GetName(),
		CustomerEmail: t.GetCustomer().GetEmail(),
		Tags:          t.GetTags(),
		Status:        statusString(t.GetStatus()),
		Priority:      priorityString(t.GetPriority()),
		Assignee:      t.GetAssigneeId(),
		Created:       t.GetCreateTime().AsTime(),
		Updated:       t.GetUpdateTime().AsTime(),
	}
	for _, m := range th.Messages {
		doc.Messages = append(doc.Messages, m.Message.GetBody())
	}
	return doc
}

// searchTickets runs the ticket query and builds the hits from the
// replica, skipping (and forgetting) tickets that are gone.
func (ix *searchIndex) searchTickets(ctx context.Context, src searchSource, text string, statuses []string) ([]TicketHitDTO, int, error) {
	q := ticketsearch.Query{Text: text, Typing: true, Status: statuses, Limit: searchTicketLimit}
	res, err := ix.tickets.Search(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	lq := ticketsearch.LexicalQuery(q)
	hl := ix.tickets.Lexical()
	out := make([]TicketHitDTO, 0, len(res.Hits))
	total := res.Total
	for _, h := range res.Hits {
		th, err := src.Ticket(ctx, h.ID)
		if errors.Is(err, desk.ErrNotFound) {
			ix.dropTicket(h.ID) // gone since the last refresh
			total--
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		t := th.Ticket
		if len(statuses) > 0 && !slices.Contains(statuses, statusString(t.GetStatus())) {
			total-- // changed since the last refresh
			continue
		}
		hit := TicketHitDTO{
			ID: t.GetId(), Number: t.GetNumber(), Subject: t.GetSubject(),
			Status: statusString(t.GetStatus()), Priority: priorityString(t.GetPriority()),
			CustomerName: t.GetCustomer().GetName(), UpdatedAt: timeString(t.GetUpdateTime()),
		}
		hit.SubjectSpans = jsSpans(hit.Subject, hl.Highlight(hit.Subject, lq))
		hit.CustomerSpans = jsSpans(hit.CustomerName, hl.Highlight(hit.CustomerName, lq))
		// The snippet is the message with the most matches, the newest
		// on a tie; without any, the first message.
		best, bestN := "", -1
		var bestSpans []lexical.Span
		for i := len(th.Messages) - 1; i >= 0; i-- {
			body := oneLine(th.Messages[i].Message.GetBody())
			sp := hl.Highlight(body, lq)
			if len(sp) > bestN || (bestN == 0 && i == 0) {
				best, bestN, bestSpans = body, len(sp), sp
			}
		}
		if bestN >= 0 {
			snip, sp := lexical.Snippet(best, bestSpans, snippetWidth)
			hit.Snippet, hit.SnippetSpans = snip, jsSpans(snip, sp)
		}
		out = append(out, hit)
	}
	return out, max(total, len(out)), nil
}

// searchArticles ranks articles with the KB index and keeps those that
// contain every word typed (the last as a prefix), plus, for a question,
// the best semantic answer when the index is confident about it.
func (ix *searchIndex) searchArticles(ctx context.Context, src searchSource, text string) ([]ArticleHitDTO, error) {
	lq := lexical.Query{Text: text, Prefix: true, All: true, Limit: searchKBLimit * 2}
	words, err := ix.kbWords.Search(ctx, lq)
	if err != nil {
		return nil, fmt.Errorf("search: articles: %w", err)
	}
	ranked, err := ix.kb.Search(ctx, text, searchKBLimit*2)
	if err != nil {
		return nil, err
	}
	arts, err := src.Articles(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*frontlinev1.Article, len(arts))
	for _, a := range arts {
		if articleVisible(a) {
			byID[a.GetId()] = a
		}
	}
	matched := map[string]bool{}
	for _, h := range words.Hits {
		matched[h.ID] = true
	}
	hl := ix.tickets.Lexical() // same analyzer as the KB indexes
	out := []ArticleHitDTO{}
	seen := map[string]bool{}
	add := func(id string, p *kb.Passage) {
		a := byID[id]
		if a == nil || seen[id] || len(out) == searchKBLimit {
			return
		}
		seen[id] = true
		hit := ArticleHitDTO{ID: id, Title: a.GetTitle(), Status: articleStatus(a.GetStatus()), HeadingPath: []string{}}
		hit.TitleSpans = jsSpans(hit.Title, hl.Highlight(hit.Title, lq))
		passage, heads := "", []string(nil)
		if p != nil {
			passage, heads = p.Text, p.HeadingPath
		} else {
			passage, heads = bestChunk(a, hl, lq)
		}
		if len(heads) > 0 {
			hit.HeadingPath = heads
		}
		passage = oneLine(passage)
		snip, sp := lexical.Snippet(passage, hl.Highlight(passage, lq), snippetWidth)
		hit.Snippet, hit.SnippetSpans = snip, jsSpans(snip, sp)
		out = append(out, hit)
	}
	// A semantic answer without every word matching is offered for
	// questions (three words or more), not for a word being typed.
	question := len(strings.Fields(text)) >= kbQuestionWords
	for i := range ranked.Passages {
		p := &ranked.Passages[i]
		if matched[p.ArticleID] || (i == 0 && question && ranked.Confidence >= kbSemanticConfidence) {
			add(p.ArticleID, p)
		}
	}
	for _, h := range words.Hits {
		add(h.ID, nil)
	}
	return out, nil
}

// bestChunk returns the heading chunk of a with the most highlighted words.
func bestChunk(a *frontlinev1.Article, hl *lexical.Index, q lexical.Query) (string, []string) {
	chunks, err := chunk.Split(chunk.Article{ID: a.GetId(), Title: a.GetTitle(), Body: a.GetBody()}, chunk.DefaultOptions)
	if err != nil || len(chunks) == 0 {
		return a.GetBody(), nil
	}
	best, bestN := 0, -1
	for i, c := range chunks {
		if n := len(hl.Highlight(c.Text, q)); n > bestN {
			best, bestN = i, n
		}
	}
	return chunks[best].Text, chunks[best].HeadingPath
}

// findArticle returns a visible article of src.
func findArticle(ctx context.Context, src searchSource, id string) (*frontlinev1.Article, error) {
	arts, err := src.Articles(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range arts {
		if a.GetId() == id && articleVisible(a) {
			return a, nil
		}
	}
	return nil, fmt.Errorf("search: article %s: %w", id, desk.ErrNotFound)
}

// oneLine folds runs of whitespace (newlines included) into one space, so
// a snippet reads as a line; Markdown marks are left as they are.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// jsSpans converts byte spans of text to UTF-16 offsets for JavaScript;
// nil becomes an empty list.
func jsSpans(text string, spans []lexical.Span) []Span {
	out := make([]Span, 0, len(spans))
	if len(spans) == 0 {
		return out
	}
	// Walk text once, mapping byte offsets to UTF-16 units.
	pos := make(map[int]int, 2*len(spans))
	for _, sp := range spans {
		pos[sp.Start], pos[sp.End] = 0, 0
	}
	units := 0
	for i := 0; i <= len(text); {
		if _, ok := pos[i]; ok {
			pos[i] = units
		}
		if i == len(text) {
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		units += utf16.RuneLen(r) // an invalid byte decodes as U+FFFD: 1 unit, as in JS
		i += size
	}
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
			continue
		}
		out = append(out, Span{Start: pos[sp.Start], End: pos[sp.End]})
	}
	return out
}
