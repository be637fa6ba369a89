package app

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// "What changed while you were away": when the desk catches up after a gap
// (an offline period, an app restart), the UI shows what happened since
// the agent last dismissed the digest. The comparison is with a snapshot of
// every ticket's (id, update time, status, assignee, message count) saved
// at that dismissal, per user on this computer (digest.json in the user's
// replica directory).

const digestFile = "digest.json"

// maxDigestItems bounds each section of the digest.
const maxDigestItems = 50

// digestSnap is what the digest remembers of one ticket.
type digestSnap struct {
	Updated  int64  `json:"u"` // unix milliseconds
	Status   int32  `json:"s"`
	Assignee string `json:"a,omitempty"`
	Messages int32  `json:"m"`
}

// digestSnapshot is the state at the last dismissal.
type digestSnapshot struct {
	SavedAt time.Time             `json:"saved_at"`
	Tickets map[string]digestSnap `json:"tickets"`
}

// DigestItemDTO is one ticket in a digest section, with what changed.
type DigestItemDTO struct {
	TicketID string `json:"ticketId"`
	Number   int64  `json:"number"`
	Subject  string `json:"subject"`
	Detail   string `json:"detail"`
}

// DigestDTO is what changed since Since. Total counts the items of every
// section (a ticket may be in several). First is true when there was no
// snapshot yet: the baseline was just taken and there is nothing to show.
type DigestDTO struct {
	Since           string          `json:"since"`
	First           bool            `json:"first"`
	Total           int             `json:"total"`
	NewTickets      []DigestItemDTO `json:"newTickets"`
	AssignedToMe    []DigestItemDTO `json:"assignedToMe"`
	CustomerReplies []DigestItemDTO `json:"customerReplies"`
	StatusChanges   []DigestItemDTO `json:"statusChanges"`
	Handovers       []DigestItemDTO `json:"handovers"`
}

// Digest is the "what changed while you were away" digest. Bound into the webview.
type Digest struct {
	app *App
	mu  sync.Mutex
	mem map[string]*digestSnapshot // by replica key, for in-memory replicas
	now func() time.Time
}

func newDigest(a *App) *Digest {
	return &Digest{app: a, mem: map[string]*digestSnapshot{}, now: time.Now}
}

// Get compares the replica with the snapshot of the last dismissal. The
// first call for a user takes the baseline and returns an empty digest.
func (d *Digest) Get() (DigestDTO, error) {
	a := d.app
	l, cur, ctx, cancel, err := a.Tickets.begin("read digest")
	if err != nil {
		return DigestDTO{}, err
	}
	defer cancel()
	var views []replica.TicketView
	if err := l.do(func(r *replica.Replica) error { views, err = r.ListTickets(ctx, replica.Filter{}); return err }); err != nil {
		return DigestDTO{}, a.fail("read digest", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	snap, err := d.load(l)
	if err != nil {
		return DigestDTO{}, a.fail("read digest", err)
	}
	if snap == nil {
		if err := d.store(l, takeSnapshot(views, d.now())); err != nil {
			return DigestDTO{}, a.fail("read digest", err)
		}
		return emptyDigest(d.now(), true), nil
	}
	names, err := a.names(ctx, l)
	if err != nil {
		return DigestDTO{}, a.fail("read digest", err)
	}
	return computeDigest(snap, views, cur.User.ID, names), nil
}

// Dismiss saves the current state as the new baseline.
func (d *Digest) Dismiss() error {
	a := d.app
	l, _, ctx, cancel, err := a.Tickets.begin("dismiss digest")
	if err != nil {
		return err
	}
	defer cancel()
	var views []replica.TicketView
	if err := l.do(func(r *replica.Replica) error { views, err = r.ListTickets(ctx, replica.Filter{}); return err }); err != nil {
		return a.fail("dismiss digest", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.store(l, takeSnapshot(views, d.now())); err != nil {
		return a.fail("dismiss digest", err)
	}
	return nil
}

func takeSnapshot(views []replica.TicketView, now time.Time) *digestSnapshot {
	s := &digestSnapshot{SavedAt: now.UTC(), Tickets: make(map[string]digestSnap, len(views))}
	for _, v := range views {
		t := v.Ticket
		s.Tickets[t.GetId()] = digestSnap{
			Updated: t.GetUpdateTime().AsTime().UnixMilli(), Status: int32(t.GetStatus()),
			Assignee: t.GetAssigneeId(), Messages: t.GetMessageCount(),
		}
	}
	return s
}

func emptyDigest(since time.Time, first bool) DigestDTO {
	return DigestDTO{
		Since: since.UTC().Format(time.RFC3339), First: first,
		NewTickets: []DigestItemDTO{}, AssignedToMe: []DigestItemDTO{}, CustomerReplies: []DigestItemDTO{},
		StatusChanges: []DigestItemDTO{}, Handovers: []DigestItemDTO{},
	}
}

// computeDigest compares the snapshot with the tickets now. Sections list
// the most recently updated tickets first.
func computeDigest(snap *digestSnapshot, views []replica.TicketView, me string, names map[string]string) DigestDTO {
	out := emptyDigest(snap.SavedAt, false)
	sorted := slices.Clone(views)
	slices.SortFunc(sorted, func(a, b replica.TicketView) int {
		return cmp.Or(b.Ticket.GetUpdateTime().AsTime().Compare(a.Ticket.GetUpdateTime().AsTime()), cmp.Compare(a.Ticket.GetId(), b.Ticket.GetId()))
	})
	add := func(sec *[]DigestItemDTO, t *frontlinev1.Ticket, detail string) {
		out.Total++
		if len(*sec) < maxDigestItems {
			*sec = append(*sec, DigestItemDTO{TicketID: t.GetId(), Number: t.GetNumber(), Subject: t.GetSubject(), Detail: detail})
		}
	}
	handoff := frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
	for _, v := range sorted {
		t := v.Ticket
		prev, seen := snap.Tickets[t.GetId()]
		if !seen {
			add(&out.NewTickets, t, "from "+cmpOr(t.GetCustomer().GetName(), "a customer"))
			if t.GetStatus() == handoff {
				add(&out.Handovers, t, cmpOr(t.GetHandoverReason(), "handed over by the bot"))
			}
			if me != "" && t.GetAssigneeId() == me {
				add(&out.AssignedToMe, t, "new ticket")
			}
			continue
		}
		if me != "" && t.GetAssigneeId() == me && prev.Assignee != me {
			from := "was unassigned"
			if prev.Assignee != "" {
				from = "from " + cmpOr(names[prev.Assignee], "someone")
			}
			add(&out.AssignedToMe, t, from)
		}
		if me != "" && t.GetAssigneeId() == me && t.GetMessageCount() > prev.Messages {
			if lc := t.GetLastCustomerMessageTime(); lc != nil && lc.AsTime().After(snap.SavedAt) {
				add(&out.CustomerReplies, t, fmt.Sprintf("%d new message%s", t.GetMessageCount()-prev.Messages, plural(int(t.GetMessageCount()-prev.Messages))))
			}
		}
		if st := t.GetStatus(); int32(st) != prev.Status {
			was := statusString(frontlinev1.TicketStatus(prev.Status))
			if st == handoff {
				add(&out.Handovers, t, cmpOr(t.GetHandoverReason(), "handed over by the bot"))
			} else {
				add(&out.StatusChanges, t, was+" → "+statusString(st))
			}
		}
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// load reads l's snapshot; nil when there is none (caller holds d.mu).
func (d *Digest) load(l *local) (*digestSnapshot, error) {
	if l.dir == "" {
		return d.mem[l.key], nil
	}
	b, err := os.ReadFile(filepath.Join(l.dir, digestFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read digest snapshot: %w", err)
	}
	var s digestSnapshot
	if err := json.Unmarshal(b, &s); err != nil || s.Tickets == nil {
		d.app.log.Warn("digest snapshot unreadable; taking a new baseline", "err", err)
		return nil, nil
	}
	return &s, nil
}

// store saves l's snapshot (caller holds d.mu).
func (d *Digest) store(l *local, s *digestSnapshot) error {
	if l.dir == "" {
		d.mem[l.key] = s
		return nil
	}
	return writeJSONFile(l.dir, digestFile, s)
}
