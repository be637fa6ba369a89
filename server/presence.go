package server

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// This file is desk presence: who else has a ticket open, and who is
// typing in it, so two agents do not answer the same customer at once.
// It lives in memory only: presence is about the last few seconds, and a
// restart loses nothing worth keeping.

// presenceTTL is how long a heartbeat keeps a viewer on a ticket.
const presenceTTL = 15 * time.Second

type presenceKey struct{ tenant, ticket string }

type presenceEntry struct {
	name   string
	typing bool
	since  time.Time
	seen   time.Time
}

// presenceState maps each open ticket to its viewers.
type presenceState struct {
	mu      sync.Mutex
	tickets map[presenceKey]map[string]*presenceEntry // user id -> entry
	// typing holds when each customer last said they were typing.
	typing map[presenceKey]time.Time
	sweeps int
}

// customerTypingTTL is how long a customer's "typing" holds without news.
const customerTypingTTL = 8 * time.Second

func newPresenceState() *presenceState {
	return &presenceState{tickets: map[presenceKey]map[string]*presenceEntry{}, typing: map[presenceKey]time.Time{}}
}

// customer records the customer's typing state on a ticket.
func (p *presenceState) customer(k presenceKey, active bool, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if active {
		p.typing[k] = now
	} else {
		delete(p.typing, k)
	}
}

// customerTyping reports whether the customer is typing on a ticket.
func (p *presenceState) customerTyping(k presenceKey, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	at, ok := p.typing[k]
	if ok && now.Sub(at) > customerTypingTTL {
		delete(p.typing, k)
		return false
	}
	return ok
}

// beat records a heartbeat and returns the other live viewers, and
// whether the caller's typing state changed.
func (p *presenceState) beat(k presenceKey, userID, name string, typing, leaving bool, now time.Time) ([]*frontlinev1.Viewer, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	vs := p.tickets[k]
	wasTyping := vs[userID] != nil && vs[userID].typing && now.Sub(vs[userID].seen) <= presenceTTL
	if leaving {
		delete(vs, userID)
	} else {
		if vs == nil {
			vs = map[string]*presenceEntry{}
			p.tickets[k] = vs
		}
		e := vs[userID]
		if e == nil || now.Sub(e.seen) > presenceTTL {
			e = &presenceEntry{since: now}
			vs[userID] = e
		}
		e.name, e.typing, e.seen = name, typing, now
	}
	var out []*frontlinev1.Viewer
	for id, e := range vs {
		switch {
		case now.Sub(e.seen) > presenceTTL:
			delete(vs, id)
		case id != userID:
			out = append(out, &frontlinev1.Viewer{UserId: id, Name: e.name, Typing: e.typing, Since: timestamppb.New(e.since)})
		}
	}
	if len(vs) == 0 {
		delete(p.tickets, k)
	}
	// Now and then drop tickets nobody has looked at for a while.
	if p.sweeps++; p.sweeps%256 == 0 {
		for key, m := range p.tickets {
			for id, e := range m {
				if now.Sub(e.seen) > presenceTTL {
					delete(m, id)
				}
			}
			if len(m) == 0 {
				delete(p.tickets, key)
			}
		}
	}
	slices.SortFunc(out, func(a, b *frontlinev1.Viewer) int { return cmp.Compare(a.GetName(), b.GetName()) })
	return out, wasTyping != (typing && !leaving)
}

func (t *ticketService) Presence(ctx context.Context, req *frontlinev1.PresenceRequest) (*frontlinev1.PresenceResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("ticket_id", req.GetTicketId()); err != nil {
		return nil, err
	}
	// The ticket must be the caller's tenant's: another tenant's id is
	// NotFound like a missing one, and learns nothing about who is where.
	tk, err := t.s.st.Ticket(ctx, c.TenantID, req.GetTicketId())
	if err != nil {
		return nil, fmt.Errorf("presence: %w", err)
	}
	k := presenceKey{c.TenantID, req.GetTicketId()}
	now := t.s.now()
	vs, flipped := t.s.presence.beat(k, c.User.GetId(), c.User.GetName(), req.GetTyping(), req.GetLeaving(), now)
	if flipped && tk.GetChannel() == frontlinev1.Channel_CHANNEL_WIDGET {
		// The customer in the widget sees the agent typing too.
		t.s.publishTyping(c.TenantID, req.GetTicketId(), "user:"+c.User.GetId(), &frontlinev1.Typing{
			AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_AGENT,
			AuthorName: c.User.GetName(),
			Active:     req.GetTyping() && !req.GetLeaving(),
		})
	}
	return &frontlinev1.PresenceResponse{Viewers: vs, CustomerTyping: t.s.presence.customerTyping(k, now)}, nil
}
