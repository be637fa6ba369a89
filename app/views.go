package app

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/sla"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// This file holds the agent's own saved inbox views: named filters (status,
// priority, category, tags, assignee, SLA state, sentiment, language) with a
// sort order. They are kept per user on this computer, in views.json in the
// user's replica directory (never sent to the server), and run against the
// local replica like the built-in views.

const viewsFile = "views.json"

// maxViews bounds how many views one agent keeps.
const maxViews = 50

// Sort orders of a saved view.
const (
	SortUpdated  = "updated"  // most recent activity first (the default)
	SortCreated  = "created"  // newest ticket first
	SortPriority = "priority" // most urgent first, then most recent
	SortSLA      = "sla"      // soonest SLA due first; tickets without a due date last
)

// Assignee filters of a saved view besides a user id.
const (
	AssigneeMe         = "me"
	AssigneeUnassigned = "unassigned"
)

// SLA states a view can filter on: the sla package's states of the
// ticket's next clock, and "none" for tickets without a running clock.
var slaStates = []string{string(sla.Running), string(sla.Warning), string(sla.Breached), string(sla.Met), string(sla.MetLate), "none"}

// SavedViewDTO is one user-defined view. Empty lists match anything; a
// ticket matches when it matches every non-empty filter (any value of a
// list matches, except Tags: the ticket must carry each of them).
type SavedViewDTO struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Statuses   []string `json:"statuses"`
	Priorities []string `json:"priorities"`
	Categories []string `json:"categories"`
	Tags       []string `json:"tags"`
	// Assignee is "" (anyone), "me", "unassigned" or a user id.
	Assignee   string   `json:"assignee"`
	SLA        []string `json:"sla"`
	Sentiments []string `json:"sentiments"`
	Languages  []string `json:"languages"`
	Sort       string   `json:"sort"`
}

// ViewCountsDTO counts the tickets of each view: Saved by saved view id,
// Builtin by built-in view name (open, mine, unassigned, pending, resolved, all).
type ViewCountsDTO struct {
	Saved   map[string]int `json:"saved"`
	Builtin map[string]int `json:"builtin"`
}

// Views is the agent's saved inbox views. Bound into the webview.
type Views struct {
	app *App
	mu  sync.Mutex
	mem map[string][]SavedViewDTO // by replica key, for in-memory replicas
}

func newViews(a *App) *Views { return &Views{app: a, mem: map[string][]SavedViewDTO{}} }

// List returns the agent's saved views in the order they were made.
func (v *Views) List() ([]SavedViewDTO, error) {
	l, _, err := v.app.state.current()
	if err != nil {
		return nil, v.app.fail("list views", err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	vs, err := v.load(l)
	if err != nil {
		return nil, v.app.fail("list views", err)
	}
	return vs, nil
}

// Save creates (empty id) or replaces a saved view and returns it cleaned.
func (v *Views) Save(in SavedViewDTO) (SavedViewDTO, error) {
	l, _, err := v.app.state.current()
	if err != nil {
		return SavedViewDTO{}, v.app.fail("save view", err)
	}
	view, err := cleanView(in)
	if err != nil {
		return SavedViewDTO{}, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	vs, err := v.load(l)
	if err != nil {
		return SavedViewDTO{}, v.app.fail("save view", err)
	}
	if view.ID == "" {
		if len(vs) >= maxViews {
			return SavedViewDTO{}, fieldErr("name", fmt.Sprintf("You can keep %d views at most; delete one first", maxViews))
		}
		view.ID = desk.NewID(time.Now())
		vs = append(vs, view)
	} else {
		i := slices.IndexFunc(vs, func(x SavedViewDTO) bool { return x.ID == view.ID })
		if i < 0 {
			return SavedViewDTO{}, v.app.fail("save view", fmt.Errorf("view %s: %w", view.ID, desk.ErrNotFound))
		}
		vs[i] = view
	}
	if err := v.store(l, vs); err != nil {
		return SavedViewDTO{}, v.app.fail("save view", err)
	}
	return view, nil
}

// Delete removes a saved view; deleting one that is gone is not an error.
func (v *Views) Delete(id string) error {
	l, _, err := v.app.state.current()
	if err != nil {
		return v.app.fail("delete view", err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	vs, err := v.load(l)
	if err != nil {
		return v.app.fail("delete view", err)
	}
	vs = slices.DeleteFunc(vs, func(x SavedViewDTO) bool { return x.ID == id })
	if err := v.store(l, vs); err != nil {
		return v.app.fail("delete view", err)
	}
	return nil
}

// Run returns the tickets of a view (saved or not yet saved, for the
// editor's preview), in the view's sort order; limit 0 means 200.
func (v *Views) Run(in SavedViewDTO, limit int) ([]TicketDTO, error) {
	a := v.app
	view, err := cleanView(in)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	l, cur, ctx, cancel, err := a.Tickets.begin("run view")
	if err != nil {
		return nil, err
	}
	defer cancel()
	now := time.Now()
	var out []TicketDTO
	var tks []*frontlinev1.Ticket
	names, err := a.names(ctx, l)
	if err != nil {
		return nil, a.fail("run view", err)
	}
	err = l.do(func(r *replica.Replica) error {
		setup, err := viewSLASetup(ctx, r)
		if err != nil {
			return err
		}
		m := compileView(view, cur.User.ID, setup, now)
		views, err := r.ListTickets(ctx, replica.Filter{Statuses: m.statuses})
		if err != nil {
			return err
		}
		hits := make([]replica.TicketView, 0, min(len(views), limit))
		for _, tv := range views {
			if m.match(tv.Ticket) {
				hits = append(hits, tv)
			}
		}
		m.sort(hits)
		if len(hits) > limit {
			hits = hits[:limit]
		}
		out = make([]TicketDTO, 0, len(hits))
		tks = make([]*frontlinev1.Ticket, 0, len(hits))
		for _, tv := range hits {
			out = append(out, viewDTO(tv, names))
			tks = append(tks, tv.Ticket)
		}
		return nil
	})
	if err != nil {
		return nil, a.fail("run view", err)
	}
	a.withSLA(ctx, l, tks, out) // the SLA clocks, as in Tickets.List
	return out, nil
}

// RunSaved returns the tickets of the saved view with id (see Run).
func (v *Views) RunSaved(id string, limit int) ([]TicketDTO, error) {
	l, _, err := v.app.state.current()
	if err != nil {
		return nil, v.app.fail("run view", err)
	}
	v.mu.Lock()
	vs, err := v.load(l)
	v.mu.Unlock()
	if err != nil {
		return nil, v.app.fail("run view", err)
	}
	i := slices.IndexFunc(vs, func(x SavedViewDTO) bool { return x.ID == id })
	if i < 0 {
		return nil, v.app.fail("run view", fmt.Errorf("view %s: %w", id, desk.ErrNotFound))
	}
	return v.Run(vs[i], limit)
}

// Counts counts the tickets of every saved view and built-in view with one
// pass over the replica's tickets.
func (v *Views) Counts() (ViewCountsDTO, error) {
	a := v.app
	l, cur, ctx, cancel, err := a.Tickets.begin("count views")
	if err != nil {
		return ViewCountsDTO{}, err
	}
	defer cancel()
	v.mu.Lock()
	saved, err := v.load(l)
	v.mu.Unlock()
	if err != nil {
		return ViewCountsDTO{}, a.fail("count views", err)
	}
	out := ViewCountsDTO{Saved: map[string]int{}, Builtin: map[string]int{}}
	now := time.Now()
	err = l.do(func(r *replica.Replica) error {
		setup, err := viewSLASetup(ctx, r)
		if err != nil {
			return err
		}
		ms := make([]viewMatcher, len(saved))
		for i, s := range saved {
			ms[i] = compileView(s, cur.User.ID, setup, now)
			out.Saved[s.ID] = 0
		}
		views, err := r.ListTickets(ctx, replica.Filter{})
		if err != nil {
			return err
		}
		countBuiltin(out.Builtin, views, cur.User.ID)
		for _, tv := range views {
			for i := range ms {
				if ms[i].match(tv.Ticket) {
					out.Saved[saved[i].ID]++
				}
			}
		}
		return nil
	})
	if err != nil {
		return ViewCountsDTO{}, a.fail("count views", err)
	}
	return out, nil
}

// countBuiltin counts the built-in views the way Tickets.List selects them.
func countBuiltin(out map[string]int, views []replica.TicketView, me string) {
	for _, k := range []string{ViewOpen, ViewMine, ViewUnassigned, ViewPending, ViewResolved, ViewAll} {
		out[k] = 0
	}
	for _, tv := range views {
		t := tv.Ticket
		out[ViewAll]++
		switch {
		case slices.Contains(doneStatuses, t.GetStatus()):
			out[ViewResolved]++
			continue
		case !slices.Contains(openStatuses, t.GetStatus()):
			continue
		}
		out[ViewOpen]++
		if t.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_PENDING {
			out[ViewPending]++
		}
		switch t.GetAssigneeId() {
		case "":
			out[ViewUnassigned]++
		case me:
			out[ViewMine]++
		}
	}
}

func viewSLASetup(ctx context.Context, r *replica.Replica) (sla.Setup, error) {
	settings, err := r.Settings(ctx)
	if err != nil {
		return sla.Setup{}, err
	}
	return sla.FromSettings(settings), nil
}

// cleanView trims and validates a view: known statuses, priorities, SLA
// states and sort order; lower-case tags; a name.
func cleanView(in SavedViewDTO) (SavedViewDTO, error) {
	out := SavedViewDTO{ID: strings.TrimSpace(in.ID), Name: strings.TrimSpace(in.Name), Assignee: strings.TrimSpace(in.Assignee)}
	if out.Name == "" {
		return out, fieldErr("name", "Give the view a name")
	}
	if utf8.RuneCountInString(out.Name) > 60 {
		return out, fieldErr("name", "Keep the name under 60 characters")
	}
	var err error
	if out.Statuses, err = cleanList(in.Statuses, "statuses", func(s string) bool { _, ok := parseStatus(s); return ok }); err != nil {
		return out, err
	}
	if out.Priorities, err = cleanList(in.Priorities, "priorities", func(s string) bool { _, ok := parsePriority(s); return ok }); err != nil {
		return out, err
	}
	if out.SLA, err = cleanList(in.SLA, "sla", func(s string) bool { return slices.Contains(slaStates, s) }); err != nil {
		return out, err
	}
	anyOK := func(string) bool { return true }
	out.Tags, _ = cleanList(in.Tags, "tags", anyOK)
	out.Categories, _ = cleanList(in.Categories, "categories", anyOK)
	out.Sentiments, _ = cleanList(in.Sentiments, "sentiments", anyOK)
	out.Languages, _ = cleanList(in.Languages, "languages", anyOK)
	out.Sort = cmp.Or(strings.ToLower(strings.TrimSpace(in.Sort)), SortUpdated)
	if !slices.Contains([]string{SortUpdated, SortCreated, SortPriority, SortSLA}, out.Sort) {
		return out, fieldErr("sort", "Unknown sort order")
	}
	return out, nil
}

// cleanList lower-cases, trims, drops empties and duplicates, and rejects
// values ok refuses.
func cleanList(in []string, field string, ok func(string) bool) ([]string, error) {
	out := []string{}
	for _, s := range in {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if !ok(s) {
			return nil, fieldErr(field, fmt.Sprintf("Unknown value %q", s))
		}
		out = append(out, s)
	}
	return out, nil
}

// viewMatcher is a compiled view: the replica status pre-filter and the
// remaining predicates, evaluated on the replica's ticket protos.
type viewMatcher struct {
	statuses   []frontlinev1.TicketStatus
	priorities []frontlinev1.TicketPriority
	view       SavedViewDTO
	assignee   string // resolved: "" any, or a user id; unassigned flag below
	unassigned bool
	setup      sla.Setup
	now        time.Time
}

func compileView(v SavedViewDTO, me string, setup sla.Setup, now time.Time) viewMatcher {
	m := viewMatcher{view: v, setup: setup, now: now}
	for _, s := range v.Statuses {
		if st, ok := parseStatus(s); ok {
			m.statuses = append(m.statuses, st)
		}
	}
	for _, p := range v.Priorities {
		if pr, ok := parsePriority(p); ok {
			m.priorities = append(m.priorities, pr)
		}
	}
	switch v.Assignee {
	case "":
	case AssigneeMe:
		m.assignee = me
	case AssigneeUnassigned:
		m.unassigned = true
	default:
		m.assignee = v.Assignee
	}
	return m
}

// slaState is the state of a ticket's most pressing clock: breached over
// warning over running over met_late over met; "none" without clocks.
func (m *viewMatcher) slaState(t *frontlinev1.Ticket) string {
	rank := map[sla.State]int{sla.Met: 1, sla.MetLate: 2, sla.Running: 3, sla.Warning: 4, sla.Breached: 5}
	best, state := 0, "none"
	for _, c := range m.setup.Clocks(t, m.now) {
		if r := rank[c.State]; r > best {
			best, state = r, string(c.State)
		}
	}
	return state
}

func label(l *frontlinev1.ScoredLabel) string { return strings.ToLower(l.GetLabel()) }

func (m *viewMatcher) match(t *frontlinev1.Ticket) bool {
	v := m.view
	switch {
	case len(m.statuses) > 0 && !slices.Contains(m.statuses, t.GetStatus()):
		return false
	case len(m.priorities) > 0 && !slices.Contains(m.priorities, t.GetPriority()):
		return false
	case m.unassigned && t.GetAssigneeId() != "":
		return false
	case m.assignee != "" && t.GetAssigneeId() != m.assignee:
		return false
	case len(v.Categories) > 0 && !slices.Contains(v.Categories, label(t.GetTriage().GetCategory())):
		return false
	case len(v.Sentiments) > 0 && !slices.Contains(v.Sentiments, label(t.GetTriage().GetSentiment())):
		return false
	case len(v.Languages) > 0 && !slices.Contains(v.Languages, label(t.GetTriage().GetLanguage())):
		return false
	}
	for _, tag := range v.Tags {
		if !slices.Contains(t.GetTags(), tag) {
			return false
		}
	}
	if len(v.SLA) > 0 && !slices.Contains(v.SLA, m.slaState(t)) {
		return false
	}
	return true
}

// sort orders hits by the view's sort, ties by most recent update then id.
func (m *viewMatcher) sort(hits []replica.TicketView) {
	byUpdated := func(a, b *frontlinev1.Ticket) int {
		return cmp.Or(b.GetUpdateTime().AsTime().Compare(a.GetUpdateTime().AsTime()), cmp.Compare(a.GetId(), b.GetId()))
	}
	var by func(a, b *frontlinev1.Ticket) int
	switch m.view.Sort {
	case SortCreated:
		by = func(a, b *frontlinev1.Ticket) int {
			return b.GetCreateTime().AsTime().Compare(a.GetCreateTime().AsTime())
		}
	case SortPriority:
		by = func(a, b *frontlinev1.Ticket) int { return cmp.Compare(b.GetPriority(), a.GetPriority()) }
	case SortSLA:
		due := make(map[string]time.Time, len(hits))
		for _, h := range hits {
			due[h.Ticket.GetId()] = m.setup.NextDue(h.Ticket, m.now)
		}
		by = func(a, b *frontlinev1.Ticket) int {
			da, db := due[a.GetId()], due[b.GetId()]
			switch {
			case da.IsZero() && db.IsZero():
				return 0
			case da.IsZero():
				return 1
			case db.IsZero():
				return -1
			}
			return da.Compare(db)
		}
	default:
		by = func(*frontlinev1.Ticket, *frontlinev1.Ticket) int { return 0 }
	}
	slices.SortStableFunc(hits, func(a, b replica.TicketView) int {
		return cmp.Or(by(a.Ticket, b.Ticket), byUpdated(a.Ticket, b.Ticket))
	})
}

// load reads the views of l's user (caller holds v.mu).
func (v *Views) load(l *local) ([]SavedViewDTO, error) {
	if l.dir == "" {
		return slices.Clone(v.mem[l.key]), nil
	}
	b, err := os.ReadFile(filepath.Join(l.dir, viewsFile))
	if errors.Is(err, os.ErrNotExist) {
		return []SavedViewDTO{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read saved views: %w", err)
	}
	var vs []SavedViewDTO
	if err := json.Unmarshal(b, &vs); err != nil {
		// A damaged file must not lock the agent out of the inbox: start over.
		v.app.log.Warn("saved views file unreadable; starting with none", "err", err)
		return []SavedViewDTO{}, nil
	}
	return vs, nil
}

// store writes the views of l's user atomically (caller holds v.mu).
func (v *Views) store(l *local, vs []SavedViewDTO) error {
	if vs == nil {
		vs = []SavedViewDTO{}
	}
	if l.dir == "" {
		v.mem[l.key] = slices.Clone(vs)
		return nil
	}
	return writeJSONFile(l.dir, viewsFile, vs)
}

// writeJSONFile replaces dir/name with v as JSON, through a temporary file.
func writeJSONFile(dir, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", name, err)
	}
	tmp, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
