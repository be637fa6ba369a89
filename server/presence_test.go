package server_test

import (
	"sync"
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func TestPresence_ViewersTypingAndExpiry(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	env := servertest.New(t, server.WithClock(clock))
	ten := env.RegisterCompany(t, "Presence Co")
	maya := env.AddAgent(t, ten, "Maya Chen", frontlinev1.Role_ROLE_AGENT)
	sam := env.AddAgent(t, ten, "Sam Ortiz", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	tk := env.CreateTicket(t, ten.Clients, "Help")
	beat := func(c servertest.Clients, typing, leaving bool) []*frontlinev1.Viewer {
		return must(c.Tickets.Presence(ctx, &frontlinev1.PresenceRequest{TicketId: tk.GetId(), Typing: typing, Leaving: leaving}))(t).GetViewers()
	}
	names := func(vs []*frontlinev1.Viewer) (out []string) {
		for _, v := range vs {
			s := v.GetName()
			if v.GetTyping() {
				s += " (typing)"
			}
			out = append(out, s)
		}
		return out
	}
	if got := beat(maya.Clients, false, false); len(got) != 0 {
		t.Errorf("first viewer sees %v; want nobody", names(got))
	}
	advance(2 * time.Second)
	if got := names(beat(sam.Clients, true, false)); len(got) != 1 || got[0] != "Maya Chen" {
		t.Errorf("Sam sees %v; want Maya", got)
	}
	advance(2 * time.Second)
	if got := names(beat(maya.Clients, false, false)); len(got) != 1 || got[0] != "Sam Ortiz (typing)" {
		t.Errorf("Maya sees %v; want Sam typing", got)
	}
	// Sam stops calling: gone after the TTL. Maya keeps beating.
	for range 4 {
		advance(5 * time.Second)
		beat(maya.Clients, false, false)
	}
	if got := beat(maya.Clients, false, false); len(got) != 0 {
		t.Errorf("after Sam went quiet Maya sees %v; want nobody", names(got))
	}
	// Leaving is immediate.
	beat(sam.Clients, false, false)
	beat(sam.Clients, false, true)
	if got := beat(maya.Clients, false, false); len(got) != 0 {
		t.Errorf("after Sam left Maya sees %v; want nobody", names(got))
	}
	// Another tenant's caller learns nothing (NotFound, as for any missing ticket).
	other := env.RegisterCompany(t, "Other Co")
	_, err := other.Clients.Tickets.Presence(ctx, &frontlinev1.PresenceRequest{TicketId: tk.GetId()})
	if err == nil {
		t.Error("other tenant's presence call succeeded")
	}
}

func TestPresence_TypingReachesBothSides(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Typing Co")
	ctx := t.Context()
	conv := env.StartConversation(t, ten, "Hello, anyone there?")
	id := conv.Conversation.GetId()
	events, _ := watch(t, conv.Clients)

	// The customer types: the agent's next heartbeat says so.
	must(conv.Clients.Widget.SetTyping(ctx, &frontlinev1.SetTypingRequest{Active: true}))(t)
	res := must(ten.Clients.Tickets.Presence(ctx, &frontlinev1.PresenceRequest{TicketId: id}))(t)
	if !res.GetCustomerTyping() {
		t.Errorf("presence after the customer started typing: customer_typing false")
	}
	// The agent starts typing: the customer's widget gets a typing event.
	must(ten.Clients.Tickets.Presence(ctx, &frontlinev1.PresenceRequest{TicketId: id, Typing: true}))(t)
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e := <-events:
			if ty := e.GetTyping(); ty != nil && ty.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_AGENT && ty.GetActive() {
				if ty.GetAuthorName() != ten.Admin.GetName() {
					t.Errorf("typing event names %q; want %q", ty.GetAuthorName(), ten.Admin.GetName())
				}
				must(conv.Clients.Widget.SetTyping(ctx, &frontlinev1.SetTypingRequest{Active: false}))(t)
				if must(ten.Clients.Tickets.Presence(ctx, &frontlinev1.PresenceRequest{TicketId: id, Typing: true}))(t).GetCustomerTyping() {
					t.Errorf("customer_typing still true after the customer stopped")
				}
				return
			}
		case <-deadline:
			t.Fatal("the widget never saw the agent typing")
		}
	}
}
