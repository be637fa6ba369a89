// Package deskbench measures the desktop's data layer at issue 7's scale: a
// replica of 100,000 tickets and 1,000,000 messages. It builds the replica
// once through the replica's own pull path (synthetic snapshot pages served
// by a fake transport), caches the directory under .cache/deskbench, and
// times what the inbox does: open the replica and show the default view,
// switch among the seven views, open a ticket with 200 messages.
//
// The reads mirror the bound methods of package app (Tickets.List with the
// frontend's limit of 200, the names lookup each of them makes, the queue
// views' filtering, Tickets.Get's thread read); they do not go through a
// signed-in App, which needs a server, nor through the Wails window.
package deskbench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/figures"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Version names the cached data set; change it when the generator changes.
const Version = "v1"

// Shape is the size of the synthetic tenant.
type Shape struct {
	Tickets  int
	Messages int // in all; one ticket gets BigThread of them
	Agents   int
}

// Scale is the benchmark scale.
var Scale = Shape{Tickets: 100_000, Messages: 1_000_000, Agents: 20}

// refreshPage is the size of the pulled page the refresh figure applies.
const refreshPage = 1000

// BigThread is the message count of the ticket the open benchmark reads.
const BigThread = 200

var (
	openStatuses = []frontlinev1.TicketStatus{
		frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
		frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF, frontlinev1.TicketStatus_TICKET_STATUS_PENDING,
	}
	doneStatuses  = []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED}
	queueStatuses = []frontlinev1.TicketStatus{
		frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN, frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF,
	}
)

// Me is the signed-in agent of the data set.
func Me() string { return id(1, 0) }

// BigTicket is the id of the ticket with BigThread messages.
func BigTicket() string { return id(2, 0) }

func id(kind, n int) string { return fmt.Sprintf("%016x%016x", kind, n) }

// now is the data set's "today" (fixed, so the cache is reproducible).
var now = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// generator yields the rows of the tenant in pages.
type generator struct {
	s   Shape
	rnd *rand.Rand
	// position
	users   int
	ticket  int
	msgLeft int // messages still to write for the current ticket
	msgN    int
	perTkt  []int
}

func newGenerator(s Shape) *generator {
	g := &generator{s: s, rnd: rand.New(rand.NewPCG(7, 11))}
	// Message counts: BigThread for ticket 0, the rest spread 1..2*avg-1.
	g.perTkt = make([]int, s.Tickets)
	left := s.Messages - BigThread
	g.perTkt[0] = BigThread
	for i := 1; i < s.Tickets; i++ {
		g.perTkt[i] = 1
		left--
	}
	for left > 0 {
		g.perTkt[1+g.rnd.IntN(s.Tickets-1)]++
		left--
	}
	g.ticket = -1
	return g
}

var words = strings.Fields(`my order arrived late and the bike chain is loose can you help with a refund or replacement
the brakes squeak after the last service please advise thanks for the quick answer I still need an invoice`)

func (g *generator) text(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[g.rnd.IntN(len(words))])
	}
	return b.String()
}

// next returns up to n changes; none at the end.
func (g *generator) next(n int) []*frontlinev1.Change {
	var out []*frontlinev1.Change
	for len(out) < n {
		switch {
		case g.users < g.s.Agents:
			out = append(out, &frontlinev1.Change{Entity: &frontlinev1.Change_User{User: &frontlinev1.User{
				Id: id(1, g.users), Name: "Agent " + strconv.Itoa(g.users), Email: fmt.Sprintf("agent%d@northwind.test", g.users),
			}}})
			g.users++
		case g.msgLeft > 0:
			tid := id(2, g.ticket)
			g.msgLeft--
			at := now.Add(-time.Duration(g.ticket)*5*time.Minute - time.Duration(g.msgLeft)*time.Minute)
			kind := frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER
			if g.msgLeft%2 == 1 {
				kind = frontlinev1.AuthorKind_AUTHOR_KIND_AGENT
			}
			out = append(out, &frontlinev1.Change{Entity: &frontlinev1.Change_Message{Message: &frontlinev1.Message{
				Id: id(3, g.msgN), TicketId: tid, AuthorKind: kind, AuthorName: "Someone", Body: g.text(12 + g.rnd.IntN(30)),
				CreateTime: timestamppb.New(at),
			}}})
			g.msgN++
		case g.ticket+1 < g.s.Tickets:
			g.ticket++
			out = append(out, &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: g.ticketRow(g.ticket)}})
			g.msgLeft = g.perTkt[g.ticket]
		default:
			return out
		}
	}
	return out
}

func (g *generator) ticketRow(i int) *frontlinev1.Ticket {
	r := g.rnd
	// About 12% of the tickets are still being worked.
	var st frontlinev1.TicketStatus
	switch k := r.IntN(100); {
	case k < 3:
		st = frontlinev1.TicketStatus_TICKET_STATUS_NEW
	case k < 7:
		st = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
	case k < 9:
		st = frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
	case k < 12:
		st = frontlinev1.TicketStatus_TICKET_STATUS_PENDING
	case k < 60:
		st = frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED
	default:
		st = frontlinev1.TicketStatus_TICKET_STATUS_CLOSED
	}
	if i == 0 {
		st = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
	}
	assignee := ""
	if r.IntN(4) > 0 {
		assignee = id(1, r.IntN(g.s.Agents))
	}
	channel := frontlinev1.Channel_CHANNEL_DESK
	if r.IntN(2) == 0 {
		channel = frontlinev1.Channel_CHANNEL_WIDGET
	}
	var tags []string
	for _, t := range []string{"billing", "delivery", "brakes", "vip"} {
		if r.IntN(5) == 0 {
			tags = append(tags, t)
		}
	}
	created := now.Add(-time.Duration(i)*5*time.Minute - time.Duration(g.perTkt[i])*time.Minute)
	updated := now.Add(-time.Duration(i) * 5 * time.Minute)
	return &frontlinev1.Ticket{
		Id: id(2, i), Number: int64(i + 1), Subject: g.text(4 + r.IntN(6)), Status: st,
		Priority: frontlinev1.TicketPriority(1 + r.IntN(4)), AssigneeId: assignee, Tags: tags, Channel: channel,
		Customer:     &frontlinev1.Customer{Name: "Customer " + strconv.Itoa(i), Email: fmt.Sprintf("c%d@example.test", i)},
		MessageCount: int32(g.perTkt[i]), CreateTime: timestamppb.New(created), UpdateTime: timestamppb.New(updated),
		LastCustomerMessageTime: timestamppb.New(updated),
	}
}

// snapshotServer serves the generator's rows as one initial sync.
type snapshotServer struct {
	g    *generator
	page int
	done bool
}

const epoch = "deskbench"

func (s *snapshotServer) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	if req.GetCursor() != nil {
		return &frontlinev1.PullResponse{Epoch: epoch, PrevSeq: 1, LastSeq: 1}, nil
	}
	if req.GetResumeToken() != strconv.Itoa(s.page) && !(s.page == 0 && req.GetResumeToken() == "") {
		return nil, fmt.Errorf("deskbench: resume token %q, want page %d", req.GetResumeToken(), s.page)
	}
	cs := s.g.next(int(req.GetPageSize()))
	res := &frontlinev1.PullResponse{Epoch: epoch, Snapshot: true, Changes: cs, LastSeq: 1}
	if len(cs) == int(req.GetPageSize()) {
		s.page++
		res.ResumeToken = strconv.Itoa(s.page)
	}
	return res, nil
}

func (s *snapshotServer) Push(context.Context, *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	return nil, errors.New("deskbench: push is not served")
}

func (s *snapshotServer) Subscribe(context.Context, *frontlinev1.SubscribeRequest) (replica.Stream, error) {
	return nil, errors.New("deskbench: subscribe is not served")
}

// tailServer serves one log page that rewrites tickets with their own
// content (the cached data set stays the same, the rows get new versions).
type tailServer struct{ tickets []*frontlinev1.Ticket }

func (s tailServer) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	seq := req.GetCursor().GetSeq()
	if req.GetCursor() == nil {
		return nil, errors.New("deskbench: the tail server serves no snapshot")
	}
	res := &frontlinev1.PullResponse{Epoch: epoch, PrevSeq: seq, LastSeq: seq + 1}
	for _, t := range s.tickets {
		res.Changes = append(res.Changes, &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: t}})
	}
	return res, nil
}

func (s tailServer) Push(context.Context, *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	return nil, errors.New("deskbench: push is not served")
}

func (s tailServer) Subscribe(context.Context, *frontlinev1.SubscribeRequest) (replica.Stream, error) {
	return nil, errors.New("deskbench: subscribe is not served")
}

// Refresh applies a pulled page of n ticket changes and reads the default
// view again, as the inbox does on replica:changed; it returns both times.
func Refresh(ctx context.Context, r *replica.Replica, n int) (apply, list time.Duration, err error) {
	vs, err := r.ListTickets(ctx, replica.Filter{Limit: n})
	if err != nil {
		return 0, 0, err
	}
	srv := tailServer{}
	for _, v := range vs {
		srv.tickets = append(srv.tickets, v.Ticket)
	}
	t0 := time.Now()
	if _, err := r.PullOnce(ctx, srv); err != nil {
		return 0, 0, err
	}
	t1 := time.Now()
	if _, err := Views()[0].read(ctx, r); err != nil {
		return 0, 0, err
	}
	return t1.Sub(t0), time.Since(t1), nil
}

// Build writes the data set into dir (a new replica) through PullOnce.
func Build(ctx context.Context, dir string, s Shape) error {
	r, err := replica.Open(dir, replica.Config{UserID: Me(), UserName: "Agent 0", PageSize: 5000})
	if err != nil {
		return err
	}
	srv := &snapshotServer{g: newGenerator(s)}
	for {
		more, err := r.PullOnce(ctx, srv)
		if err != nil {
			r.Close()
			return fmt.Errorf("deskbench: build: %w", err)
		}
		if !more {
			break
		}
	}
	return r.Close()
}

// Cached returns the replica directory of Scale under root/.cache/deskbench,
// building it when missing.
func Cached(ctx context.Context, root string, s Shape) (string, error) {
	base := filepath.Join(root, ".cache", "deskbench", fmt.Sprintf("%s-%d-%d", Version, s.Tickets, s.Messages))
	dir := filepath.Join(base, "replica")
	if _, err := os.Stat(filepath.Join(base, "complete")); err == nil {
		return dir, nil
	}
	if err := os.RemoveAll(base); err != nil {
		return "", err
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", err
	}
	if err := Build(ctx, dir, s); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(base, "complete"), []byte(Version+"\n"), 0o644)
}

// View is one inbox view, read as app.Tickets.List reads it.
type View struct {
	Name string
	read func(ctx context.Context, r *replica.Replica) (int, error)
}

// liveWindow is app.LiveWindow; the package does not import app so that
// the figures command does not link Wails.
const liveWindow = 5 * time.Minute

// listLimit is the frontend's page size (frontend/src/lib/api/wails.ts).
const listLimit = 200

// Views are the inbox's seven views.
func Views() []View {
	list := func(name string, f replica.Filter) View {
		f.Limit = listLimit
		return View{name, func(ctx context.Context, r *replica.Replica) (int, error) {
			if _, err := r.Users(ctx); err != nil { // the names of assignees
				return 0, err
			}
			vs, err := r.ListTickets(ctx, f)
			return len(vs), err
		}}
	}
	queue := func(name string, handoff bool) View {
		return View{name, func(ctx context.Context, r *replica.Replica) (int, error) {
			if _, err := r.Users(ctx); err != nil {
				return 0, err
			}
			vs, err := r.ListTickets(ctx, replica.Filter{Statuses: queueStatuses})
			if err != nil {
				return 0, err
			}
			var live, hand []replica.TicketView
			for _, v := range vs {
				switch t := v.Ticket; {
				case t.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF:
					hand = append(hand, v)
				case t.GetChannel() == frontlinev1.Channel_CHANNEL_WIDGET && now.Sub(t.GetLastCustomerMessageTime().AsTime()) <= liveWindow:
					live = append(live, v)
				}
			}
			if !handoff {
				slices.SortStableFunc(live, func(a, b replica.TicketView) int {
					return b.Ticket.GetLastCustomerMessageTime().AsTime().Compare(a.Ticket.GetLastCustomerMessageTime().AsTime())
				})
				return min(len(live), listLimit), nil
			}
			slices.SortStableFunc(hand, func(a, b replica.TicketView) int {
				return cmp.Or(a.Ticket.GetCreateTime().AsTime().Compare(b.Ticket.GetCreateTime().AsTime()), cmp.Compare(a.Ticket.GetId(), b.Ticket.GetId()))
			})
			hand = hand[:min(len(hand), listLimit)]
			for _, v := range hand { // the handover summary reads each thread
				if _, err := r.Ticket(ctx, v.Ticket.GetId()); err != nil {
					return 0, err
				}
			}
			return len(hand), nil
		}}
	}
	return []View{
		list("open", replica.Filter{Statuses: openStatuses}),
		list("mine", replica.Filter{Statuses: openStatuses, AssigneeID: Me()}),
		list("unassigned", replica.Filter{Statuses: openStatuses, Unassigned: true}),
		queue("live", false),
		queue("handoff", true),
		list("pending", replica.Filter{Statuses: []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_PENDING}}),
		list("resolved", replica.Filter{Statuses: doneStatuses}),
	}
}

// Start opens the replica in dir and reads the default view, as the app
// does after sign-in; it returns the open replica.
func Start(ctx context.Context, dir string) (*replica.Replica, time.Duration, error) {
	t0 := time.Now()
	r, err := replica.Open(dir, replica.Config{UserID: Me(), UserName: "Agent 0"})
	if err != nil {
		return nil, 0, err
	}
	n, err := Views()[0].read(ctx, r)
	if err != nil {
		r.Close()
		return nil, 0, err
	}
	if n == 0 {
		r.Close()
		return nil, 0, errors.New("deskbench: the default view is empty")
	}
	return r, time.Since(t0), nil
}

// Open reads a ticket's thread with the assignee names, as Tickets.Get does.
func Open(ctx context.Context, r *replica.Replica, ticketID string) (int, error) {
	if _, err := r.Users(ctx); err != nil {
		return 0, err
	}
	th, err := r.Ticket(ctx, ticketID)
	if err != nil {
		return 0, err
	}
	return len(th.Messages), nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func quantile(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// rssMiB is the resident set size of this process.
func rssMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// Bench builds (or reuses) the data set under root and measures it.
func Bench(ctx context.Context, root string) ([]figures.Figure, error) {
	t0 := time.Now()
	dir, err := Cached(ctx, root, Scale)
	if err != nil {
		return nil, err
	}
	build := time.Since(t0)
	// Start: the median of three cold opens (the OS page cache is warm).
	var starts []time.Duration
	var r *replica.Replica
	for i := range 3 {
		rr, d, err := Start(ctx, dir)
		if err != nil {
			return nil, err
		}
		starts = append(starts, d)
		if i < 2 {
			if err := rr.Close(); err != nil {
				return nil, err
			}
			runtime.GC()
			continue
		}
		r = rr
	}
	defer r.Close()
	// View switches: seven views, round after round.
	views := Views()
	var switches []time.Duration
	perView := map[string][]time.Duration{}
	for round := range 6 {
		for _, v := range views {
			t := time.Now()
			if _, err := v.read(ctx, r); err != nil {
				return nil, fmt.Errorf("deskbench: view %s: %w", v.Name, err)
			}
			d := time.Since(t)
			if round > 0 { // the first round warms caches
				switches = append(switches, d)
				perView[v.Name] = append(perView[v.Name], d)
			}
		}
	}
	var opens []time.Duration
	for range 12 {
		t := time.Now()
		n, err := Open(ctx, r, BigTicket())
		if err != nil {
			return nil, err
		}
		if n != BigThread {
			return nil, fmt.Errorf("deskbench: big ticket has %d messages, want %d", n, BigThread)
		}
		opens = append(opens, time.Since(t))
	}
	var refreshes []time.Duration
	for range 3 {
		_, d, err := Refresh(ctx, r, refreshPage)
		if err != nil {
			return nil, fmt.Errorf("deskbench: refresh: %w", err)
		}
		refreshes = append(refreshes, d)
	}
	rss := rssMiB()
	// The search indexer lists every ticket after each change (app/search.go).
	var fulls []time.Duration
	for range 3 {
		t := time.Now()
		vs, err := r.ListTickets(ctx, replica.Filter{})
		if err != nil {
			return nil, err
		}
		if len(vs) != Scale.Tickets {
			return nil, fmt.Errorf("deskbench: full listing has %d tickets, want %d", len(vs), Scale.Tickets)
		}
		fulls = append(fulls, time.Since(t))
	}
	rssAll := rssMiB()
	var medians []string
	for _, v := range views {
		medians = append(medians, fmt.Sprintf("%s %.1f", v.Name, ms(quantile(perView[v.Name], 0.5))))
	}
	scale := fmt.Sprintf("%d tickets, %d messages", Scale.Tickets, Scale.Messages)
	return []figures.Figure{
		{Name: "desk.start_ms", Value: ms(quantile(starts, 0.5)), Unit: "ms", Goal: "< 1500",
			Note: "open replica + first inbox page (data layer as the bindings read it, not the Wails window); median of 3; " + scale},
		{Name: "desk.view_switch_ms", Value: ms(quantile(switches, 0.95)), Unit: "ms", Goal: "< 50",
			Note: fmt.Sprintf("p95 over %d switches among 7 views; medians (ms): %s", len(switches), strings.Join(medians, ", "))},
		{Name: "desk.view_switch_median_ms", Value: ms(quantile(switches, 0.5)), Unit: "ms", Note: "median of the same switches"},
		{Name: "desk.open_ticket_ms", Value: ms(quantile(opens, 0.95)), Unit: "ms", Goal: "< 50",
			Note: fmt.Sprintf("p95 of %d opens of a %d-message ticket (thread + names)", len(opens), BigThread)},
		{Name: "desk.refresh_ms", Value: ms(quantile(refreshes, 0.5)), Unit: "ms",
			Note: fmt.Sprintf("default view read after a pulled page of %d ticket changes (index catch-up); median of 3", refreshPage)},
		{Name: "desk.list_all_first_ms", Value: ms(fulls[0]), Unit: "ms", Note: "first listing of every ticket (decodes them all, as the search indexer's first refresh does)"},
		{Name: "desk.list_all_ms", Value: ms(quantile(fulls[1:], 0.5)), Unit: "ms", Note: "later listings of every ticket (decoded tickets are kept)"},
		{Name: "desk.rss_mib", Value: rss, Unit: "MiB", Note: "resident set after start, switches and opens (index with the viewed tickets decoded)"},
		{Name: "desk.rss_all_decoded_mib", Value: rssAll, Unit: "MiB", Note: "resident set once every ticket was listed (all decoded)"},
		{Name: "desk.build_s", Value: build.Seconds(), Unit: "s", Note: "data set build (0 when cached under .cache/deskbench)"},
	}, nil
}
