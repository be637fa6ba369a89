package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// This file holds the widget's handover queue: where a handed-over
// conversation stands among the tenant's conversations waiting for a person
// (status HANDOFF, oldest first), an honest wait estimate, and the
// out-of-hours notice. GetConversation and WatchConversation carry it in
// Conversation.queue; a watching widget gets a fresh one when its own
// ticket changes and every queue refresh interval while it waits.

const (
	// queueScanLimit bounds how many waiting conversations are read.
	queueScanLimit = 2000
	// estimateSamples is how many recent handovers the estimate uses, and
	// minEstimateSamples how many it needs before it says anything.
	estimateSamples    = 20
	minEstimateSamples = 3
	// estimateScan bounds how many recent tickets are read to find them.
	estimateScan = 300
	// estimateTTL is how long a tenant's estimate is cached.
	estimateTTL = time.Minute
	// defaultQueueRefresh is how often a waiting widget's queue is refreshed.
	defaultQueueRefresh = 10 * time.Second

	textNoEstimate = "We don't have an estimate yet."
	handoverPrefix = "Handed to a person: "
)

// WithQueueRefresh sets how often a WatchConversation stream waiting for a
// person re-reads its queue position (default 10 s).
func WithQueueRefresh(d time.Duration) Option { return func(s *Server) { s.chatCfg.queueRefresh = d } }

// estimateCache keeps each tenant's wait estimate for estimateTTL.
type estimateCache struct {
	mu      sync.Mutex
	entries map[string]estimateEntry
}

type estimateEntry struct {
	at      time.Time
	seconds int64 // 0: no estimate
}

func newEstimateCache() *estimateCache { return &estimateCache{entries: map[string]estimateEntry{}} }

// conversationFor is s.conversation with the handover queue filled in; a
// failure to compute the queue is logged and leaves it out.
func (s *Server) conversationFor(ctx context.Context, tenantID string, tk *frontlinev1.Ticket) *frontlinev1.Conversation {
	c := s.conversation(tk)
	if tk.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
		return c
	}
	q, err := s.handoverQueue(ctx, tenantID, tk)
	if err != nil {
		s.log.Warn("handover queue", "tenant", tenantID, "ticket", tk.GetId(), "err", err)
		return c
	}
	c.Queue = q
	return c
}

// handoverQueue computes tk's place in its tenant's queue.
func (s *Server) handoverQueue(ctx context.Context, tenantID string, tk *frontlinev1.Ticket) (*frontlinev1.HandoverQueue, error) {
	waiting, err := s.queues.waiting(ctx, s.st, tenantID)
	if err != nil {
		return nil, err
	}
	q := &frontlinev1.HandoverQueue{Length: int32(len(waiting))}
	for i, id := range waiting {
		if id == tk.GetId() {
			q.Position = int32(i + 1)
			break
		}
	}
	if q.Position == 0 { // just handed over, not yet visible to the listing
		q.Length++
		q.Position = q.Length
	}
	secs, err := s.waitEstimate(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	q.EstimateSeconds = secs
	q.EstimateText = estimateText(secs)
	ws, err := s.widgetSettings(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if !openAt(ws.GetBusinessHours(), s.now()) {
		q.OutsideHours = true
		// Promise an email only when the server can send one (transcript.go
		// mails the agents' replies then).
		if e := tk.GetCustomer().GetEmail(); e != "" && s.chat.mailer != nil {
			q.Notice = "Our team is away right now (outside business hours). We will email you at " + e + " when someone replies."
		} else {
			q.Notice = "Our team is away right now (outside business hours). A person will answer here when they are back."
		}
	}
	return q, nil
}

// estimateText says a wait estimate in words.
func estimateText(secs int64) string {
	switch {
	case secs <= 0:
		return textNoEstimate
	case secs < 60:
		return "Usually a person replies in under a minute."
	case secs < 90*60:
		m := int64(math.Round(float64(secs) / 60))
		return fmt.Sprintf("Usually a person replies in about %d minute%s.", m, plural(m))
	default:
		h := int64(math.Round(float64(secs) / 3600))
		return fmt.Sprintf("Usually a person replies in about %d hour%s.", h, plural(h))
	}
}

func plural(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// waitEstimate is the median time from handover to the first agent reply
// over the tenant's most recent answered handovers; 0 when fewer than
// minEstimateSamples are known. It is cached per tenant for estimateTTL.
func (s *Server) waitEstimate(ctx context.Context, tenantID string) (int64, error) {
	c := s.estimates
	now := s.now()
	c.mu.Lock()
	e, ok := c.entries[tenantID]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < estimateTTL && !now.Before(e.at) {
		return e.seconds, nil
	}
	var waits []time.Duration
	page := store.Page{Size: 100}
	scanned := 0
	for scanned < estimateScan && len(waits) < estimateSamples {
		ts, next, err := s.st.ListTickets(ctx, tenantID, store.TicketFilter{}, page)
		if err != nil {
			return 0, fmt.Errorf("list recent tickets: %w", err)
		}
		for _, tk := range ts {
			scanned++
			if tk.GetHandoverReason() == "" || tk.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF || len(waits) == estimateSamples {
				continue
			}
			msgs, err := s.st.Messages(ctx, tenantID, tk.GetId())
			if err != nil {
				return 0, fmt.Errorf("read handover messages: %w", err)
			}
			if d, ok := firstReplyWait(msgs); ok {
				waits = append(waits, d)
			}
		}
		if next == "" {
			break
		}
		page.Token = next
	}
	var secs int64
	if len(waits) >= minEstimateSamples {
		slices.Sort(waits)
		mid := len(waits) / 2
		med := waits[mid]
		if len(waits)%2 == 0 {
			med = (waits[mid-1] + waits[mid]) / 2
		}
		secs = max(int64(med.Round(time.Second)/time.Second), 1)
	}
	c.mu.Lock()
	c.entries[tenantID] = estimateEntry{at: now, seconds: secs}
	c.mu.Unlock()
	return secs, nil
}

// firstReplyWait is the time from the handover message to the first public
// agent reply after it.
func firstReplyWait(msgs []*frontlinev1.Message) (time.Duration, bool) {
	var from time.Time
	for _, m := range msgs {
		switch {
		case from.IsZero():
			if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM && strings.HasPrefix(m.GetBody(), handoverPrefix) {
				from = m.GetCreateTime().AsTime()
			}
		case m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_AGENT && !m.GetInternal():
			d := m.GetCreateTime().AsTime().Sub(from)
			return max(d, 0), true
		}
	}
	return 0, false
}

// queueCache keeps each tenant's waiting conversations (ids, oldest first)
// as of one change-log head. The first call scans the tenant's tickets;
// later calls read only the log records written since, and re-sort only
// when a ticket entered or left HANDOFF. So a message or any other write
// costs the watching customers a short log read, not a ticket scan each.
type queueCache struct {
	mu      sync.Mutex // guards entries
	entries map[string]*queueEntry
}

type queueEntry struct {
	mu      sync.Mutex // held while the list is brought up to date
	head    int64
	ok      bool
	created map[string]time.Time // waiting ticket id -> create time
	ids     []string             // waiting ids, oldest first; replaced, never changed in place
}

// queueCatchUp bounds how many log records are read to bring a cached list
// up to date; further behind, the tickets are scanned again.
const queueCatchUp = 5000

func newQueueCache() *queueCache { return &queueCache{entries: map[string]*queueEntry{}} }

// waiting returns the ids of tenantID's handed-over tickets, oldest first.
func (qc *queueCache) waiting(ctx context.Context, st store.Store, tenantID string) ([]string, error) {
	state, err := st.LogState(ctx, tenantID, "")
	if err != nil {
		return nil, fmt.Errorf("read log head: %w", err)
	}
	qc.mu.Lock()
	e := qc.entries[tenantID]
	if e == nil {
		e = &queueEntry{}
		qc.entries[tenantID] = e
	}
	qc.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ok && e.head >= state.Head {
		return e.ids, nil
	}
	if e.ok && state.Head-e.head <= queueCatchUp {
		err := e.catchUp(ctx, st, tenantID)
		if err == nil {
			return e.ids, nil
		}
		if !errors.Is(err, store.ErrLogTrimmed) {
			e.ok = false
			return nil, err
		}
	}
	if err := e.scan(ctx, st, tenantID, state.Head); err != nil {
		e.ok = false
		return nil, err
	}
	return e.ids, nil
}

// catchUp applies the log records after e.head to the waiting set.
func (e *queueEntry) catchUp(ctx context.Context, st store.Store, tenantID string) error {
	changed := false
	for {
		cs, state, err := st.Changes(ctx, tenantID, e.head, 500)
		if err != nil {
			return fmt.Errorf("read log for queue: %w", err)
		}
		for _, c := range cs {
			switch {
			case c.GetTicket() != nil:
				tk := c.GetTicket()
				_, in := e.created[tk.GetId()]
				waits := tk.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
				switch {
				case waits && !in:
					e.created[tk.GetId()] = tk.GetCreateTime().AsTime()
					changed = true
				case !waits && in:
					delete(e.created, tk.GetId())
					changed = true
				}
			case c.GetDeletion().GetKind() == frontlinev1.EntityKind_ENTITY_KIND_TICKET:
				if _, in := e.created[c.GetDeletion().GetId()]; in {
					delete(e.created, c.GetDeletion().GetId())
					changed = true
				}
			}
			e.head = max(e.head, c.GetSeq())
		}
		if len(cs) == 0 || e.head >= state.Head {
			e.head = max(e.head, state.Head)
			break
		}
	}
	if changed {
		e.sort()
	}
	return nil
}

// scan reads the waiting set afresh; head is the log head read before it,
// so a write that lands during the scan is applied by the next catch-up.
func (e *queueEntry) scan(ctx context.Context, st store.Store, tenantID string, head int64) error {
	created := map[string]time.Time{}
	page := store.Page{Size: 200}
	for len(created) < queueScanLimit {
		ts, next, err := st.ListTickets(ctx, tenantID, store.TicketFilter{Statuses: []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF}}, page)
		if err != nil {
			return fmt.Errorf("list waiting conversations: %w", err)
		}
		for _, t := range ts {
			created[t.GetId()] = t.GetCreateTime().AsTime()
		}
		if next == "" {
			break
		}
		page.Token = next
	}
	e.created, e.head, e.ok = created, head, true
	e.sort()
	return nil
}

// sort rebuilds e.ids from e.created, oldest first, then by id.
func (e *queueEntry) sort() {
	ids := make([]string, 0, len(e.created))
	for id := range e.created {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(e.created[a].Compare(e.created[b]), cmp.Compare(a, b))
	})
	e.ids = ids
}
