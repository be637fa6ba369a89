// Package ticketsearch is the search over tickets: it maps a ticket (subject,
// every message, customer name and email, tags) to one document of a
// lexical index, keeps status, priority, assignee and tags as filter
// keywords and the created and updated times as date ranges, and answers the
// agent's search box: every word must match, the last one as a prefix while
// the agent types. One index per tenant.
//
// Updates are incremental: when a message is added, the ticket is put again
// and only that ticket is re-analysed; the rest of the index is untouched.
package ticketsearch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/internal/search/lexical"
)

// Field names of the lexical documents.
const (
	FieldSubject  = "subject"
	FieldMessage  = "message"
	FieldCustomer = "customer"
	FieldEmail    = "email"
	FieldTag      = "tag"
)

// Keyword and time attribute names.
const (
	AttrStatus   = "status"
	AttrPriority = "priority"
	AttrAssignee = "assignee"
	AttrTag      = "tag"
	AttrCreated  = "created"
	AttrUpdated  = "updated"
)

// ErrInvalid reports a ticket without an id.
var ErrInvalid = errors.New("ticketsearch: invalid")

// Ticket is what is searchable about a ticket.
type Ticket struct {
	ID            string
	Subject       string
	Messages      []string // bodies, oldest first
	CustomerName  string
	CustomerEmail string
	Tags          []string
	Status        string
	Priority      string
	Assignee      string // agent id; empty when unassigned
	Created       time.Time
	Updated       time.Time
}

// Fields returns the lexical field configuration of ticket documents: the
// subject weighs most, then names, email and tags, then message text.
func Fields() []lexical.FieldConfig {
	return []lexical.FieldConfig{
		{Name: FieldSubject, Weight: 2},
		{Name: FieldMessage, Weight: 1},
		{Name: FieldCustomer, Weight: 1.5},
		{Name: FieldEmail, Weight: 1.5},
		{Name: FieldTag, Weight: 1.5},
	}
}

// Document maps a ticket to a lexical document. Keyword values are
// lower-cased so filters need not match case.
func Document(t Ticket) lexical.Document {
	fields := make([]lexical.Field, 0, 4+len(t.Messages)+len(t.Tags))
	fields = append(fields, lexical.Field{Name: FieldSubject, Text: t.Subject})
	for _, m := range t.Messages {
		fields = append(fields, lexical.Field{Name: FieldMessage, Text: m})
	}
	if t.CustomerName != "" {
		fields = append(fields, lexical.Field{Name: FieldCustomer, Text: t.CustomerName})
	}
	if t.CustomerEmail != "" {
		fields = append(fields, lexical.Field{Name: FieldEmail, Text: t.CustomerEmail})
	}
	for _, tag := range t.Tags {
		fields = append(fields, lexical.Field{Name: FieldTag, Text: tag})
	}
	kw := map[string][]string{}
	add := func(attr, v string) {
		if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
			kw[attr] = append(kw[attr], v)
		}
	}
	add(AttrStatus, t.Status)
	add(AttrPriority, t.Priority)
	add(AttrAssignee, t.Assignee)
	for _, tag := range t.Tags {
		add(AttrTag, tag)
	}
	times := map[string]time.Time{}
	if !t.Created.IsZero() {
		times[AttrCreated] = t.Created
	}
	if !t.Updated.IsZero() {
		times[AttrUpdated] = t.Updated
	}
	return lexical.Document{ID: t.ID, Fields: fields, Keywords: kw, Times: times}
}

// Index searches one tenant's tickets. It is safe for concurrent use.
type Index struct {
	lx *lexical.Index
}

// New returns an empty index.
func New() *Index {
	lx, err := lexical.New(lexical.Config{Fields: Fields(), Analyzer: lexical.Analyzer{Stem: true}})
	if err != nil { // the configuration is fixed and valid
		panic(fmt.Sprintf("ticketsearch: %v", err))
	}
	return &Index{lx: lx}
}

// Lexical returns the underlying index (for highlighting with the same
// analyzer, and for measurements).
func (ix *Index) Lexical() *lexical.Index { return ix.lx }

// Put adds a ticket or replaces it. After a message is added, put the ticket
// again with all its messages: only that ticket is re-indexed.
func (ix *Index) Put(t Ticket) error {
	if t.ID == "" {
		return fmt.Errorf("%w: ticket without id", ErrInvalid)
	}
	if err := ix.lx.Put(Document(t)); err != nil {
		return fmt.Errorf("ticketsearch: put %s: %w", t.ID, err)
	}
	return nil
}

// Delete removes a ticket (deleted, or no longer visible to this replica);
// it is never returned again.
func (ix *Index) Delete(id string) { ix.lx.Delete(id) }

// Len returns the number of indexed tickets.
func (ix *Index) Len() int { return ix.lx.Len() }

// Query is a search-box query with optional filters. Within one filter any
// listed value matches; different filters must all match.
type Query struct {
	Text string
	// Typing treats the last word as unfinished (prefix matching).
	Typing   bool
	Status   []string
	Priority []string
	Assignee []string
	Tags     []string
	Created  TimeRange
	Updated  TimeRange
	Limit    int // default 20
}

// TimeRange is [From, To); a zero bound is open.
type TimeRange struct{ From, To time.Time }

// Hit is one matching ticket.
type Hit struct {
	ID    string
	Score float64
}

// Results are the best tickets and how many matched (a lower bound when
// TotalExact is false).
type Results struct {
	Hits       []Hit
	Total      int
	TotalExact bool
}

// LexicalQuery maps q to the lexical query Search runs.
func LexicalQuery(q Query) lexical.Query {
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	f := lexical.Filter{}
	kw := func(attr string, vals []string) {
		var out []string
		for _, v := range vals {
			if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
				out = append(out, v)
			}
		}
		if len(out) > 0 {
			if f.Keywords == nil {
				f.Keywords = map[string][]string{}
			}
			f.Keywords[attr] = out
		}
	}
	kw(AttrStatus, q.Status)
	kw(AttrPriority, q.Priority)
	kw(AttrAssignee, q.Assignee)
	kw(AttrTag, q.Tags)
	for _, r := range []struct {
		attr string
		tr   TimeRange
	}{{AttrCreated, q.Created}, {AttrUpdated, q.Updated}} {
		if !r.tr.From.IsZero() || !r.tr.To.IsZero() {
			f.Ranges = append(f.Ranges, lexical.Range{Attr: r.attr, From: r.tr.From, To: r.tr.To})
		}
	}
	return lexical.Query{Text: q.Text, Prefix: q.Typing, All: true, Filter: f, Limit: limit}
}

// Search returns the tickets matching every word of the query and the
// filters, best first.
func (ix *Index) Search(ctx context.Context, q Query) (Results, error) {
	res, err := ix.lx.Search(ctx, LexicalQuery(q))
	if err != nil {
		return Results{}, fmt.Errorf("ticketsearch: %w", err)
	}
	out := Results{Total: res.Total, TotalExact: res.TotalExact}
	if len(res.Hits) > 0 {
		out.Hits = make([]Hit, len(res.Hits))
		for i, h := range res.Hits {
			out.Hits[i] = Hit{ID: h.ID, Score: h.Score}
		}
	}
	return out, nil
}
