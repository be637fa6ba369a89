package hub

import (
	"strings"
	"testing"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

func event(tenant, ticket, msg string) Event {
	return Event{TenantID: tenant, TicketID: ticket, Message: &frontlinev1.Message{Id: msg}}
}

func TestHub_DeliversToSubscribersOfTheTicket(t *testing.T) {
	h := New(4)
	a := h.Subscribe("t1", "k1")
	defer a.Close()
	other := h.Subscribe("t2", "k1") // same ticket id, other tenant
	defer other.Close()

	h.Publish(event("t1", "k1", "m1"))
	h.Publish(event("t1", "k2", "m2"))

	select {
	case e := <-a.Events():
		if e.Message.GetId() != "m1" {
			t.Errorf("got message %q; want m1", e.Message.GetId())
		}
	default:
		t.Fatal("subscriber got no event")
	}
	select {
	case e := <-a.Events():
		t.Errorf("subscriber of k1 got event for %s", e.TicketID)
	default:
	}
	select {
	case e := <-other.Events():
		t.Errorf("other tenant's subscriber got event %v", e.Message.GetId())
	default:
	}
}

func TestHub_OverflowSignalsLagWithoutBlocking(t *testing.T) {
	h := New(2)
	s := h.Subscribe("t", "k")
	defer s.Close()
	for _, id := range []string{"m1", "m2", "m3", "m4"} {
		h.Publish(event("t", "k", id))
	}
	if got := len(s.Events()); got != 2 {
		t.Errorf("buffered events = %d; want 2", got)
	}
	select {
	case <-s.Lagged():
	default:
		t.Error("no lag signal after overflow")
	}
}

func TestSubscription_Close(t *testing.T) {
	h := New(1)
	s := h.Subscribe("t", "k")
	s.Close()
	s.Close()
	if n := h.Subscribers("t", "k"); n != 0 {
		t.Errorf("Subscribers() = %d after Close; want 0", n)
	}
	h.Publish(event("t", "k", "m1"))
	if len(s.Events()) != 0 {
		t.Error("closed subscription received an event")
	}
}

func TestHub_ObserverSeesEveryTicket(t *testing.T) {
	h := New(1)
	var got []string
	h.Observe(func(e Event) { got = append(got, e.TenantID+"/"+e.TicketID+"/"+e.Message.GetId()) })
	s := h.Subscribe("t1", "k1")
	defer s.Close()
	h.Publish(event("t1", "k1", "m1"))
	h.Publish(event("t1", "k1", "m2")) // the subscriber's buffer is full: the observer still sees it
	h.Publish(event("t2", "k9", "m3")) // nobody subscribed
	want := []string{"t1/k1/m1", "t1/k1/m2", "t2/k9/m3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("observed %v; want %v", got, want)
	}
}
