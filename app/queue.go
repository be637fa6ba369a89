package app

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// This file holds the live queue: the "Live chats" and "Handed over" inbox
// views, read from the replica like every other view, and the watcher that
// tells the UI when a conversation newly reaches HANDOFF through sync (the
// UI then beeps and notifies).

// LiveWindow is how recently a customer must have written for a widget
// conversation to count as a live chat (when the bot is not answering it).
const LiveWindow = 5 * time.Minute

// handoverPrefix starts the system message the server writes on a handover.
const handoverPrefix = "Handed to a person: "

// maxSummary bounds the bot summary line, in characters.
const maxSummary = 200

// Live-queue views (see TicketFilter.View).
const (
	// ViewLive lists widget conversations that are new or open and either
	// have a customer message in the last LiveWindow or the bot answering.
	ViewLive = "live"
	// ViewHandoff lists conversations the bot handed to a person (HANDOFF),
	// in the customer's queue order: oldest conversation first.
	ViewHandoff = "handoff"
)

// QueueDTO counts the live queue; New lists the conversations that reached
// HANDOFF since the last queue:changed event (empty otherwise).
type QueueDTO struct {
	Live    int         `json:"live"`
	Handoff int         `json:"handoff"`
	New     []TicketDTO `json:"new"`
}

// EventQueueChanged carries a QueueDTO whenever the live-queue counts change
// or a conversation newly reaches HANDOFF through sync.
const EventQueueChanged = "queue:changed"

// Queue returns the live-queue counts (New is always empty).
func (t *Tickets) Queue() (QueueDTO, error) {
	a := t.app
	l, _, ctx, cancel, err := t.begin("read queue")
	if err != nil {
		return QueueDTO{}, err
	}
	defer cancel()
	live, handoff, err := queueTickets(ctx, l, time.Now())
	if err != nil {
		return QueueDTO{}, a.fail("read queue", err)
	}
	return QueueDTO{Live: len(live), Handoff: len(handoff), New: []TicketDTO{}}, nil
}

// isLive reports whether t belongs in the "Live chats" view at now.
func isLive(t *frontlinev1.Ticket, now time.Time) bool {
	if t.GetChannel() != frontlinev1.Channel_CHANNEL_WIDGET {
		return false
	}
	switch t.GetStatus() {
	case frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN:
	default:
		return false
	}
	if botAnswering(t) {
		return true
	}
	last := t.GetLastCustomerMessageTime()
	return last != nil && now.Sub(last.AsTime()) <= LiveWindow
}

// botAnswering mirrors the server's rule: the bot answers a bot ticket while
// it is new (no agent replied) and was never handed over.
func botAnswering(t *frontlinev1.Ticket) bool {
	return t.GetBotAnswers() && t.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_NEW && t.GetHandoverReason() == ""
}

// queueTickets reads the live chats (most recent customer message first)
// and the handed-over conversations (oldest first) from the replica.
func queueTickets(ctx context.Context, l *local, now time.Time) (live, handoff []replica.TicketView, err error) {
	var views []replica.TicketView
	err = l.do(func(r *replica.Replica) error {
		views, err = r.ListTickets(ctx, replica.Filter{Statuses: []frontlinev1.TicketStatus{
			frontlinev1.TicketStatus_TICKET_STATUS_NEW,
			frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
			frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF,
		}})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	for _, v := range views {
		switch {
		case v.Ticket.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF:
			handoff = append(handoff, v)
		case isLive(v.Ticket, now):
			live = append(live, v)
		}
	}
	slices.SortStableFunc(live, func(a, b replica.TicketView) int {
		return b.Ticket.GetLastCustomerMessageTime().AsTime().Compare(a.Ticket.GetLastCustomerMessageTime().AsTime())
	})
	// The server numbers the customer's place in the queue by creation time;
	// the agents see the same order.
	slices.SortStableFunc(handoff, func(a, b replica.TicketView) int {
		return cmp.Or(a.Ticket.GetCreateTime().AsTime().Compare(b.Ticket.GetCreateTime().AsTime()), cmp.Compare(a.Ticket.GetId(), b.Ticket.GetId()))
	})
	return live, handoff, nil
}

// listQueue serves the "live" and "handoff" views of Tickets.List.
func (t *Tickets) listQueue(view string, limit int) ([]TicketDTO, error) {
	a := t.app
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	l, _, ctx, cancel, err := t.begin("list tickets")
	if err != nil {
		return nil, err
	}
	defer cancel()
	names, err := a.names(ctx, l)
	if err != nil {
		return nil, a.fail("list tickets", err)
	}
	live, handoff, err := queueTickets(ctx, l, time.Now())
	if err != nil {
		return nil, a.fail("list tickets", err)
	}
	views := live
	if view == ViewHandoff {
		views = handoff
	}
	if len(views) > limit {
		views = views[:limit]
	}
	out := make([]TicketDTO, 0, len(views))
	for _, v := range views {
		dto := viewDTO(v, names)
		if view == ViewHandoff {
			var th *replica.Thread
			err := l.do(func(r *replica.Replica) error { th, err = r.Ticket(ctx, v.Ticket.GetId()); return err })
			if err != nil {
				return nil, a.fail("list tickets", err)
			}
			addHandover(&dto, th)
		}
		out = append(out, dto)
	}
	return out, nil
}

// addHandover fills the handover fields of dto from the thread: when it was
// handed over (the system message, else the last update), why, and the bot's
// last answer as a one-line summary.
func addHandover(dto *TicketDTO, th *replica.Thread) {
	var handedAt, botLine, why string
	for _, m := range th.Messages {
		msg := m.Message
		if msg.GetInternal() {
			continue
		}
		switch msg.GetAuthorKind() {
		case frontlinev1.AuthorKind_AUTHOR_KIND_BOT:
			if line := firstLine(msg.GetBody()); line != "" {
				botLine = line
			}
		case frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM:
			if rest, ok := strings.CutPrefix(msg.GetBody(), handoverPrefix); ok {
				handedAt = timeString(msg.GetCreateTime())
				why, _, _ = strings.Cut(rest, ". ")
				why = strings.TrimSuffix(strings.TrimSpace(why), ".")
			}
		}
	}
	if dto.HandoverReason == "" {
		dto.HandoverReason = why
	}
	dto.HandoverAt = cmpOr(handedAt, dto.UpdatedAt)
	dto.BotSummary = botLine
}

// firstLine is the first non-empty line of s, trimmed and cut to maxSummary
// characters (with an ellipsis when cut).
func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > maxSummary {
			r := []rune(line)
			line = strings.TrimSpace(string(r[:maxSummary-1])) + "…"
		}
		return line
	}
	return ""
}

// queueWatch remembers which conversations were waiting for a person, so the
// watcher can tell which ones reached HANDOFF through the latest sync.
type queueWatch struct {
	seeded  bool
	waiting map[string]bool
	last    QueueDTO
}

// checkQueue compares the replica's queue with the last one seen and emits
// queue:changed when the counts changed or conversations newly reached
// HANDOFF. The first look (and every look during the first download of the
// tenant) only learns what is already waiting: that is not news.
func (a *App) checkQueue(ctx context.Context, l *local, w *queueWatch, initialSync bool, now time.Time) {
	live, handoff, err := queueTickets(ctx, l, now)
	if err != nil {
		if ctx.Err() == nil {
			a.log.Warn("read the live queue", "err", err)
		}
		return
	}
	q := QueueDTO{Live: len(live), Handoff: len(handoff), New: []TicketDTO{}}
	waiting := make(map[string]bool, len(handoff))
	var fresh []replica.TicketView
	for _, v := range handoff {
		waiting[v.Ticket.GetId()] = true
		if w.seeded && !initialSync && !w.waiting[v.Ticket.GetId()] {
			fresh = append(fresh, v)
		}
	}
	if len(fresh) > 0 {
		names, err := a.names(ctx, l)
		if err != nil {
			a.log.Warn("read the live queue", "err", err)
		}
		for _, v := range fresh {
			dto := viewDTO(v, names)
			var th *replica.Thread
			if err := l.do(func(r *replica.Replica) error { th, err = r.Ticket(ctx, v.Ticket.GetId()); return err }); err == nil {
				addHandover(&dto, th)
			}
			q.New = append(q.New, dto)
		}
	}
	first := !w.seeded
	changed := q.Live != w.last.Live || q.Handoff != w.last.Handoff
	w.seeded, w.waiting, w.last = true, waiting, q
	if first || changed || len(q.New) > 0 {
		a.emit(EventQueueChanged, q)
	}
}
