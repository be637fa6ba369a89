// Package hub is the server's in-process publish/subscribe bus for ticket
// events. Handlers publish after a successful write; live streams such as the
// widget's WatchConversation subscribe to one ticket.
//
// Publishing never blocks: each subscriber has a bounded buffer, and when it
// is full the event is dropped and the subscriber is told it lagged, after
// which it re-reads what it missed from the store. The store stays the source
// of truth; the hub only makes delivery fast.
package hub

import (
	"sync"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Event is one change to a ticket.
type Event struct {
	TenantID string
	TicketID string
	// Message is the new message, or nil when only the ticket changed.
	// Internal notes are published too; subscribers that serve customers
	// must filter them out.
	Message *frontlinev1.Message
	// Ticket is the ticket after the change.
	Ticket *frontlinev1.Ticket
	// Typing, when set, says someone started or stopped typing; such
	// events carry no Message or Ticket and are never stored.
	Typing *frontlinev1.Typing
	// Partial, when set, is a bot answer being written (the whole text so
	// far); the finished message is published later with the same id. An
	// empty text withdraws it (the answer was not stored). Never stored.
	Partial *frontlinev1.PartialMessage
}

type topic struct{ tenantID, ticketID string }

// Hub fans events out to subscribers of each ticket. The zero value is not
// usable; call New.
type Hub struct {
	buffer int

	mu        sync.Mutex
	subs      map[topic]map[*Subscription]struct{}
	observers []func(Event)
}

// Observe calls fn with every published event, of every tenant and ticket,
// after the ticket's subscribers got it. fn runs on the publisher's
// goroutine under the hub's lock: it must be quick and must not publish.
func (h *Hub) Observe(fn func(Event)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.observers = append(h.observers, fn)
}

// New returns a hub whose subscribers buffer up to buffer events each.
func New(buffer int) *Hub {
	if buffer < 1 {
		buffer = 1
	}
	return &Hub{buffer: buffer, subs: make(map[topic]map[*Subscription]struct{})}
}

// Subscription receives the events of one ticket until Close.
type Subscription struct {
	h      *Hub
	topic  topic
	events chan Event
	lagged chan struct{}
	once   sync.Once
}

// Subscribe starts receiving the events of one ticket of one tenant.
func (h *Hub) Subscribe(tenantID, ticketID string) *Subscription {
	s := &Subscription{
		h:      h,
		topic:  topic{tenantID, ticketID},
		events: make(chan Event, h.buffer),
		lagged: make(chan struct{}, 1),
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.subs[s.topic]
	if m == nil {
		m = make(map[*Subscription]struct{})
		h.subs[s.topic] = m
	}
	m[s] = struct{}{}
	return s
}

// Publish delivers e to every subscriber of its ticket without blocking.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[topic{e.TenantID, e.TicketID}] {
		select {
		case s.events <- e:
		default:
			select {
			case s.lagged <- struct{}{}:
			default:
			}
		}
	}
	for _, fn := range h.observers {
		fn(e)
	}
}

// Subscribers returns how many subscriptions a ticket has (for tests and metrics).
func (h *Hub) Subscribers(tenantID, ticketID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[topic{tenantID, ticketID}])
}

// Events delivers the ticket's events in publish order.
func (s *Subscription) Events() <-chan Event { return s.events }

// Lagged receives a value when at least one event was dropped because the
// buffer was full; the subscriber should then re-read from the store.
func (s *Subscription) Lagged() <-chan struct{} { return s.lagged }

// Close stops the subscription. It is safe to call more than once.
func (s *Subscription) Close() {
	s.once.Do(func() {
		s.h.mu.Lock()
		defer s.h.mu.Unlock()
		m := s.h.subs[s.topic]
		delete(m, s)
		if len(m) == 0 {
			delete(s.h.subs, s.topic)
		}
	})
}
