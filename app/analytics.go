package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/frontlinedesk/frontline/internal/analytics"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Analytics is the analytics screen. Bound into the webview. Every figure
// is computed from the local replica (internal/analytics explains what
// each one means), so the dashboard works offline and shows what this
// replica holds.
type Analytics struct {
	app *App

	// The agent messages of each ticket, reduced once and reused while the
	// ticket's message count is unchanged (messages are immutable); the
	// ticket itself is re-read on every call, which is cheap.
	mu     sync.Mutex
	owner  *local
	msgs   map[string]cachedMessages
	warm   *progress // the warm-up running, if any
	inline int       // inlineRead unless a test sets it
	now    func() time.Time
}

type cachedMessages struct {
	count int32
	msgs  []analytics.Message
}

func newAnalytics(a *App) *Analytics { return &Analytics{app: a, now: time.Now} }

// ExportDirEnv names a directory exports are written to instead of the
// user's Downloads folder (tests, kiosk setups).
const ExportDirEnv = "FRONTLINE_EXPORT_DIR"

// DashboardRequest says which dashboard to compute. Either Days (the last
// N local days, today included) or From and To (local dates "2006-01-02",
// both included).
type DashboardRequest struct {
	Days int    `json:"days"`
	From string `json:"from"`
	To   string `json:"to"`
	// TimeZone is the IANA zone days are counted in (the UI sends the
	// browser's); empty means the computer's.
	TimeZone   string `json:"timeZone"`
	Channel    string `json:"channel"`  // "widget", "desk", "api" or "" for all
	Category   string `json:"category"` // a triage category, "uncategorized" or ""
	AssigneeID string `json:"assigneeId"`
	// SLA targets per priority; none leaves DashboardDTO.SLA null.
	SLA []SLATargetDTO `json:"sla"`
}

// SLATargetDTO is one priority's targets in minutes (0: none).
type SLATargetDTO struct {
	Priority             string `json:"priority"`
	FirstResponseMinutes int    `json:"firstResponseMinutes"`
	ResolutionMinutes    int    `json:"resolutionMinutes"`
}

// CountDTO is a labelled count.
type CountDTO struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// DayDTO is one local day.
type DayDTO struct {
	Date       string `json:"date"`
	Created    int    `json:"created"`
	Resolved   int    `json:"resolved"`
	SentimentN int    `json:"sentimentN"`
	// Sentiment is the mean triage sentiment score (-1..1); meaningless when SentimentN is 0.
	Sentiment float64 `json:"sentiment"`
}

// DurationsDTO is a median and 90th percentile in seconds.
type DurationsDTO struct {
	N         int     `json:"n"`
	MedianSec float64 `json:"medianSec"`
	P90Sec    float64 `json:"p90Sec"`
}

// AttainmentDTO is one SLA target's attainment.
type AttainmentDTO struct {
	Met      int     `json:"met"`
	Breached int     `json:"breached"`
	Pending  int     `json:"pending"`
	Rate     float64 `json:"rate"`
}

// SLADTO is SLA attainment.
type SLADTO struct {
	FirstResponse AttainmentDTO `json:"firstResponse"`
	Resolution    AttainmentDTO `json:"resolution"`
}

// CSATDTO is customer satisfaction.
type CSATDTO struct {
	Rated     int     `json:"rated"`
	Satisfied int     `json:"satisfied"`
	Share     float64 `json:"share"`
	Average   float64 `json:"average"`
}

// BotDTO is the widget bot's resolution rate.
type BotDTO struct {
	Answered   int     `json:"answered"`
	Resolved   int     `json:"resolved"`
	HandedOver int     `json:"handedOver"`
	Rate       float64 `json:"rate"`
}

// AgentStatsDTO is one agent's load and performance.
type AgentStatsDTO struct {
	ID            string       `json:"id"`
	Name          string       `json:"name"`
	Open          int          `json:"open"`
	Replies       int          `json:"replies"`
	Resolved      int          `json:"resolved"`
	FirstResponse DurationsDTO `json:"firstResponse"`
}

// DashboardDTO is the analytics screen.
type DashboardDTO struct {
	From          string          `json:"from"` // local dates, both included
	To            string          `json:"to"`
	TimeZone      string          `json:"timeZone"`
	ComputedAt    string          `json:"computedAt"`
	Tickets       int             `json:"tickets"` // tickets in the replica
	Total         int             `json:"total"`   // tickets created in the range that match the filters
	Days          []DayDTO        `json:"days"`
	ByChannel     []CountDTO      `json:"byChannel"`
	ByCategory    []CountDTO      `json:"byCategory"`
	FirstResponse DurationsDTO    `json:"firstResponse"`
	Resolution    DurationsDTO    `json:"resolution"`
	SLA           *SLADTO         `json:"sla"`
	Backlog       []CountDTO      `json:"backlog"`
	BacklogTotal  int             `json:"backlogTotal"`
	CSAT          CSATDTO         `json:"csat"`
	Bot           BotDTO          `json:"bot"`
	Handover      []CountDTO      `json:"handover"`
	Agents        []AgentStatsDTO `json:"agents"`
	// Categories and Channels are the filter choices (every value in the replica).
	Categories []string `json:"categories"`
	Channels   []string `json:"channels"`
	// Millis is how long the computation took.
	Millis float64 `json:"millis"`
	// Preparing is set, and every figure left empty, while a first read of
	// a big replica runs in the background: ask again in a moment.
	Preparing *ProgressDTO `json:"preparing"`
}

// ProgressDTO counts the tickets read so far.
type ProgressDTO struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// errPreparing refuses an export while the figures are not ready.
var errPreparing = &UIError{Message: "Analytics are still reading this computer's copy of the tickets; try again in a moment", Kind: KindConflict}

// Dashboard computes the analytics dashboard from the local replica.
func (an *Analytics) Dashboard(req DashboardRequest) (DashboardDTO, error) {
	a := an.app
	d, _, err := an.dashboard(req)
	if err != nil {
		return DashboardDTO{}, a.fail("analytics", err)
	}
	return d, nil
}

// query turns a request into an analytics query.
func (an *Analytics) query(req DashboardRequest, now time.Time) (analytics.Query, error) {
	loc := time.Local
	if tz := strings.TrimSpace(req.TimeZone); tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return analytics.Query{}, fieldErr("timeZone", "Unknown time zone")
		}
		loc = l
	}
	now = now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	q := analytics.Query{Loc: loc, Now: now, Category: strings.TrimSpace(req.Category), AssigneeID: strings.TrimSpace(req.AssigneeID)}
	switch {
	case req.From != "" || req.To != "":
		from, err1 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(req.From), loc)
		to, err2 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(req.To), loc)
		switch {
		case err1 != nil:
			return q, fieldErr("from", "Enter the first day as YYYY-MM-DD")
		case err2 != nil:
			return q, fieldErr("to", "Enter the last day as YYYY-MM-DD")
		case to.Before(from):
			return q, fieldErr("to", "The last day must not be before the first")
		case to.Sub(from) > (analytics.MaxDays-2)*24*time.Hour:
			return q, fieldErr("from", "Pick at most two years")
		}
		q.From, q.To = from, to.AddDate(0, 0, 1)
	case req.Days > 0 && req.Days <= analytics.MaxDays-1:
		q.From, q.To = today.AddDate(0, 0, 1-req.Days), today.AddDate(0, 0, 1)
	case req.Days == 0:
		q.From, q.To = today.AddDate(0, 0, -29), today.AddDate(0, 0, 1)
	default:
		return q, fieldErr("days", "Pick between 1 and 730 days")
	}
	switch strings.ToLower(strings.TrimSpace(req.Channel)) {
	case "":
	case "widget":
		q.Channel = frontlinev1.Channel_CHANNEL_WIDGET
	case "desk":
		q.Channel = frontlinev1.Channel_CHANNEL_DESK
	case "api":
		q.Channel = frontlinev1.Channel_CHANNEL_API
	default:
		return q, fieldErr("channel", "Unknown channel")
	}
	for _, s := range req.SLA {
		p, ok := parsePriority(s.Priority)
		if !ok {
			return q, fieldErr("sla", "Unknown priority in the SLA targets")
		}
		if s.FirstResponseMinutes < 0 || s.ResolutionMinutes < 0 {
			return q, fieldErr("sla", "SLA targets cannot be negative")
		}
		if s.FirstResponseMinutes == 0 && s.ResolutionMinutes == 0 {
			continue
		}
		if q.SLA == nil {
			q.SLA = map[frontlinev1.TicketPriority]analytics.Target{}
		}
		q.SLA[p] = analytics.Target{FirstResponse: time.Duration(s.FirstResponseMinutes) * time.Minute, Resolution: time.Duration(s.ResolutionMinutes) * time.Minute}
	}
	return q, nil
}

// dashboard computes the DTO and returns the raw dashboard too (for CSV).
func (an *Analytics) dashboard(req DashboardRequest) (DashboardDTO, *analytics.Dashboard, error) {
	a := an.app
	q, err := an.query(req, an.now())
	if err != nil {
		return DashboardDTO{}, nil, err
	}
	l, _, err := a.state.current()
	if err != nil {
		return DashboardDTO{}, nil, err
	}
	ctx, cancel := a.call()
	defer cancel()
	if err := withTenantSLA(ctx, l, &q); err != nil {
		return DashboardDTO{}, nil, err
	}
	start := time.Now()
	facts, prep, err := an.facts(ctx, l)
	if err != nil {
		return DashboardDTO{}, nil, err
	}
	if prep != nil {
		return DashboardDTO{
			From: q.From.Format(time.DateOnly), To: q.To.AddDate(0, 0, -1).Format(time.DateOnly), TimeZone: q.Loc.String(),
			ComputedAt: q.Now.UTC().Format(time.RFC3339), Preparing: &ProgressDTO{Done: prep.done, Total: prep.total},
		}, nil, nil
	}
	d, err := analytics.Compute(facts, q)
	if err != nil {
		return DashboardDTO{}, nil, fieldErr("from", "Pick a shorter range")
	}
	names, err := a.names(ctx, l)
	if err != nil {
		return DashboardDTO{}, nil, err
	}
	out := dashboardDTO(d, names)
	out.From = q.From.Format(time.DateOnly)
	out.To = q.To.AddDate(0, 0, -1).Format(time.DateOnly)
	out.TimeZone = q.Loc.String()
	out.ComputedAt = q.Now.UTC().Format(time.RFC3339)
	out.Tickets = len(facts)
	cats, chans := map[string]bool{}, map[string]bool{}
	for i := range facts {
		cats[facts[i].Category] = true
		chans[analytics.ChannelName(facts[i].Channel)] = true
	}
	delete(cats, "")
	out.Categories = append(sortedKeys(cats), analytics.Uncategorized)
	out.Channels = sortedKeys(chans)
	out.Millis = float64(time.Since(start).Microseconds()) / 1000
	return out, d, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// inlineRead is how many tickets' messages one dashboard call reads
// itself. More than that (the first look at a big replica: reading 100,000
// threads one by one takes tens of seconds) are read by a background
// warm-up while the screen shows its progress and asks again.
const inlineRead = 2000

// warmBatch is how many threads the warm-up reads under one hold of the
// replica, so that sign-out and shutdown never wait long for it.
const warmBatch = 500

// progress is the warm-up's state.
type progress struct{ done, total int }

type warmItem struct {
	id    string
	count int32
}

// facts reads every ticket of the replica and reduces it; while a warm-up
// runs it returns its progress instead.
func (an *Analytics) facts(ctx context.Context, l *local) ([]analytics.Facts, *progress, error) {
	an.mu.Lock()
	defer an.mu.Unlock()
	if an.owner != l || an.msgs == nil {
		an.owner, an.msgs, an.warm = l, map[string]cachedMessages{}, nil
	}
	if an.warm != nil {
		p := *an.warm
		return nil, &p, nil
	}
	var views []replica.TicketView
	if err := l.do(func(r *replica.Replica) error {
		var err error
		views, err = r.ListTickets(ctx, replica.Filter{})
		return err
	}); err != nil {
		return nil, nil, err
	}
	// One cache lookup per ticket: cached[i] is nil when views[i]'s
	// messages must be read.
	cached := make([]*cachedMessages, len(views))
	var todo []warmItem
	for i, v := range views {
		c, ok := an.msgs[v.Ticket.GetId()]
		switch {
		case ok && !v.Pending && c.count == v.Ticket.GetMessageCount():
			cached[i] = &c
		case !v.Pending:
			todo = append(todo, warmItem{v.Ticket.GetId(), v.Ticket.GetMessageCount()})
		}
	}
	limit := an.inline
	if limit == 0 {
		limit = inlineRead
	}
	if len(todo) > limit {
		an.warm = &progress{total: len(todo)}
		go an.warmUp(l, todo)
		return nil, &progress{total: len(todo)}, nil
	}
	var out []analytics.Facts
	err := l.do(func(r *replica.Replica) error {
		var err error
		out, err = readFacts(ctx, r, views, cached, an.msgs)
		return err
	})
	return out, nil, err
}

// warmUp reads the agent messages of todo into the cache in one pass over
// the replica's messages (a seek per thread would take tens of seconds at
// a million messages). It ends when done, when the session it was started
// for ends (the replica is closed or another one is current) or when the
// app shuts down.
func (an *Analytics) warmUp(l *local, todo []warmItem) {
	ctx := an.app.base
	defer func() {
		an.mu.Lock()
		if an.owner == l {
			an.warm = nil
		}
		an.mu.Unlock()
	}()
	want := make(map[string]int32, len(todo))
	for _, it := range todo {
		want[it.id] = it.count
	}
	got := make(map[string]cachedMessages, len(todo))
	seen := 0
	err := l.do(func(r *replica.Replica) error {
		return r.EachMessage(ctx, func(m *frontlinev1.Message) error {
			count, ok := want[m.GetTicketId()]
			if !ok {
				return nil
			}
			c, had := got[m.GetTicketId()]
			if !had {
				c.count = count
			}
			if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_AGENT {
				c.msgs = append(c.msgs, analytics.MessageOf(m))
			}
			got[m.GetTicketId()] = c
			if seen++; seen%warmBatch == 0 {
				an.mu.Lock()
				if an.owner == l && an.warm != nil {
					an.warm.done = min(len(got), an.warm.total)
				}
				an.mu.Unlock()
			}
			return nil
		})
	})
	if err != nil {
		if ctx.Err() == nil && !errors.Is(err, errNotSignedIn) {
			an.app.log.Warn("analytics warm-up stopped", "err", err)
		}
		return
	}
	// Tickets without any message still need an (empty) entry.
	for id, count := range want {
		if _, ok := got[id]; !ok {
			got[id] = cachedMessages{count: count}
		}
	}
	an.mu.Lock()
	defer an.mu.Unlock()
	if an.owner != l {
		return
	}
	maps.Copy(an.msgs, got)
	if an.warm != nil {
		an.warm.done = an.warm.total
	}
}

// agentMessages keeps what the figures need of a thread: its agent messages.
func agentMessages(th *replica.Thread, count int32) cachedMessages {
	c := cachedMessages{count: count}
	for _, m := range th.Messages {
		if m.Message.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_AGENT {
			c.msgs = append(c.msgs, analytics.MessageOf(m.Message))
		}
	}
	return c
}

// readFacts reduces every ticket of views, reading the messages of those
// without cached messages (cached[i] nil) and keeping them in cache unless
// the ticket has changes not yet confirmed. Tickets gone from the replica
// leave the cache.
func readFacts(ctx context.Context, r *replica.Replica, views []replica.TicketView, cached []*cachedMessages, cache map[string]cachedMessages) ([]analytics.Facts, error) {
	out := make([]analytics.Facts, 0, len(views))
	for i, v := range views {
		t := v.Ticket
		c := cached[i]
		if c == nil {
			th, err := r.Ticket(ctx, t.GetId())
			if err != nil {
				return nil, err
			}
			read := agentMessages(th, t.GetMessageCount())
			if v.Pending {
				delete(cache, t.GetId())
			} else {
				cache[t.GetId()] = read
			}
			c = &read
		}
		out = append(out, analytics.NewFacts(t, c.msgs))
	}
	if len(cache) > len(views) {
		seen := make(map[string]bool, len(views))
		for _, v := range views {
			seen[v.Ticket.GetId()] = true
		}
		for id := range cache {
			if !seen[id] {
				delete(cache, id)
			}
		}
	}
	return out, nil
}

func durationsDTO(d analytics.Durations) DurationsDTO {
	return DurationsDTO{N: d.N, MedianSec: d.Median.Seconds(), P90Sec: d.P90.Seconds()}
}

func attainmentDTO(a analytics.Attainment) AttainmentDTO {
	return AttainmentDTO{Met: a.Met, Breached: a.Breached, Pending: a.Pending, Rate: a.Rate}
}

func countsDTO(cs []analytics.Count, label func(string) string) []CountDTO {
	out := make([]CountDTO, 0, len(cs))
	for _, c := range cs {
		l := c.Key
		if label != nil {
			l = label(c.Key)
		}
		out = append(out, CountDTO{Key: c.Key, Label: l, N: c.N})
	}
	return out
}

func dashboardDTO(d *analytics.Dashboard, names map[string]string) DashboardDTO {
	out := DashboardDTO{
		Total:         d.Total,
		Days:          make([]DayDTO, 0, len(d.Days)),
		ByChannel:     countsDTO(d.ByChannel, nil),
		ByCategory:    countsDTO(d.ByCategory, nil),
		FirstResponse: durationsDTO(d.FirstResponse),
		Resolution:    durationsDTO(d.Resolution),
		Backlog:       countsDTO(d.Backlog, nil),
		BacklogTotal:  d.BacklogTotal,
		CSAT:          CSATDTO{Rated: d.CSAT.Rated, Satisfied: d.CSAT.Satisfied, Share: d.CSAT.Share, Average: d.CSAT.Average},
		Bot:           BotDTO{Answered: d.Bot.Answered, Resolved: d.Bot.Resolved, HandedOver: d.Bot.HandedOver, Rate: d.Bot.Rate},
		Handover:      countsDTO(d.Handover, nil),
		Agents:        make([]AgentStatsDTO, 0, len(d.Agents)),
	}
	for _, day := range d.Days {
		out.Days = append(out.Days, DayDTO{Date: day.Date, Created: day.Created, Resolved: day.Resolved, SentimentN: day.SentimentN, Sentiment: day.SentimentMean})
	}
	if d.SLA != nil {
		out.SLA = &SLADTO{FirstResponse: attainmentDTO(d.SLA.FirstResponse), Resolution: attainmentDTO(d.SLA.Resolution)}
	}
	for _, ag := range d.Agents {
		name := names[ag.ID]
		if name == "" {
			name = "Unknown agent"
		}
		out.Agents = append(out.Agents, AgentStatsDTO{ID: ag.ID, Name: name, Open: ag.Open, Replies: ag.Replies, Resolved: ag.Resolved, FirstResponse: durationsDTO(ag.FirstResponse)})
	}
	slices.SortFunc(out.Agents, func(x, y AgentStatsDTO) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// ExportCSV writes the dashboard of req as a CSV file (one row per figure:
// section, key, value, unit) into the export folder and returns its path.
func (an *Analytics) ExportCSV(req DashboardRequest) (string, error) {
	a := an.app
	d, _, err := an.dashboard(req)
	if err != nil {
		return "", a.fail("export csv", err)
	}
	if d.Preparing != nil {
		return "", errPreparing
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	writeDashboardCSV(w, d)
	w.Flush()
	if err := w.Error(); err != nil {
		return "", a.fail("export csv", err)
	}
	path, err := writeExport(fmt.Sprintf("frontline-analytics-%s-to-%s.csv", d.From, d.To), buf.Bytes())
	if err != nil {
		return "", a.fail("export csv", err)
	}
	return path, nil
}

func writeDashboardCSV(w *csv.Writer, d DashboardDTO) {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	row := func(section, key, value, unit string) { _ = w.Write([]string{section, csvSafe(key), value, unit}) }
	row("section", "key", "value", "unit")
	row("range", "from", d.From, "date")
	row("range", "to", d.To, "date")
	row("range", "time_zone", csvSafe(d.TimeZone), "")
	row("tickets", "created", strconv.Itoa(d.Total), "tickets")
	for _, day := range d.Days {
		row("volume_by_day", day.Date, strconv.Itoa(day.Created), "tickets")
		row("resolved_by_day", day.Date, strconv.Itoa(day.Resolved), "tickets")
		if day.SentimentN > 0 {
			row("sentiment_by_day", day.Date, num(day.Sentiment), "score")
		}
	}
	for _, c := range d.ByChannel {
		row("volume_by_channel", c.Key, strconv.Itoa(c.N), "tickets")
	}
	for _, c := range d.ByCategory {
		row("volume_by_category", c.Key, strconv.Itoa(c.N), "tickets")
	}
	durs := func(name string, v DurationsDTO) {
		row(name, "count", strconv.Itoa(v.N), "tickets")
		row(name, "median", num(v.MedianSec), "seconds")
		row(name, "p90", num(v.P90Sec), "seconds")
	}
	durs("first_response", d.FirstResponse)
	durs("resolution", d.Resolution)
	if d.SLA != nil {
		for _, s := range []struct {
			name string
			at   AttainmentDTO
		}{{"sla_first_response", d.SLA.FirstResponse}, {"sla_resolution", d.SLA.Resolution}} {
			row(s.name, "met", strconv.Itoa(s.at.Met), "tickets")
			row(s.name, "breached", strconv.Itoa(s.at.Breached), "tickets")
			row(s.name, "pending", strconv.Itoa(s.at.Pending), "tickets")
			row(s.name, "rate", num(s.at.Rate), "fraction")
		}
	}
	for _, c := range d.Backlog {
		row("backlog_age", c.Key, strconv.Itoa(c.N), "tickets")
	}
	row("csat", "rated", strconv.Itoa(d.CSAT.Rated), "tickets")
	row("csat", "satisfied", strconv.Itoa(d.CSAT.Satisfied), "tickets")
	row("csat", "share", num(d.CSAT.Share), "fraction")
	row("csat", "average", num(d.CSAT.Average), "rating")
	row("bot", "answered", strconv.Itoa(d.Bot.Answered), "tickets")
	row("bot", "resolved_without_agent", strconv.Itoa(d.Bot.Resolved), "tickets")
	row("bot", "handed_over", strconv.Itoa(d.Bot.HandedOver), "tickets")
	row("bot", "resolution_rate", num(d.Bot.Rate), "fraction")
	for _, c := range d.Handover {
		row("handover_reason", c.Key, strconv.Itoa(c.N), "tickets")
	}
	for _, ag := range d.Agents {
		row("agent_open", ag.Name, strconv.Itoa(ag.Open), "tickets")
		row("agent_replies", ag.Name, strconv.Itoa(ag.Replies), "messages")
		row("agent_resolved", ag.Name, strconv.Itoa(ag.Resolved), "tickets")
		row("agent_first_response_median", ag.Name, num(ag.FirstResponse.MedianSec), "seconds")
	}
}

// csvSafe keeps a spreadsheet from reading user text (a category, a
// handover reason, a name) as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// SavePNG saves a PNG image (a data URL "data:image/png;base64,..." or bare
// base64) as name (".png" added) in the export folder and returns its path.
func (an *Analytics) SavePNG(data, name string) (string, error) {
	a := an.app
	b64 := strings.TrimSpace(data)
	if i := strings.Index(b64, ","); strings.HasPrefix(b64, "data:") && i > 0 {
		if !strings.HasPrefix(b64, "data:image/png;base64,") {
			return "", fieldErr("image", "Only PNG images can be saved")
		}
		b64 = b64[i+1:]
	}
	img, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
		return "", fieldErr("image", "That is not a PNG image")
	}
	path, err := writeExport(safeFileName(name, "frontline-chart")+".png", img)
	if err != nil {
		return "", a.fail("save png", err)
	}
	return path, nil
}

// safeFileName keeps letters, digits, '-' and '_' of name (without a .png suffix).
func safeFileName(name, def string) string {
	name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".png")
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '.':
			b.WriteRune('-')
		}
		if b.Len() >= 80 {
			break
		}
	}
	if b.Len() == 0 {
		return def
	}
	return b.String()
}

// exportDir is FRONTLINE_EXPORT_DIR or the user's Downloads folder.
func exportDir() (string, error) {
	if d := os.Getenv(ExportDirEnv); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the home folder: %w", err)
	}
	return filepath.Join(home, "Downloads"), nil
}

// writeExport writes data as name in the export folder, never over an
// existing file ("name-2.ext", "name-3.ext", ...).
func writeExport(name string, data []byte) (string, error) {
	dir, err := exportDir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create the export folder: %w", err)
	}
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		path := filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", base, i, ext))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("write the export: %w", err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", fmt.Errorf("write the export: %w", err)
		}
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("write the export: %w", err)
		}
		return path, nil
	}
	return "", fmt.Errorf("write the export: too many files named %s", name)
}
