package app_test

import (
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

func TestTicketGet_ShowsTheCustomersOtherTickets(t *testing.T) {
	r := newRig(t)
	// Someone else's ticket must not show.
	if _, err := r.tenant.Clients.Tickets.CreateTicket(t.Context(), &frontlinev1.CreateTicketRequest{Subject: "Other person",
		Body: "Hello", Customer: &frontlinev1.Customer{Name: "Dana", Email: "dana@example.com"}}); err != nil {
		t.Fatal(err)
	}
	a := r.newApp(t, &recorder{})
	r.signIn(t, a)
	id := r.tickets[0].GetId()
	eventually(t, 5*time.Second, func() bool {
		d, err := a.Tickets.Get(id)
		return err == nil && len(d.CustomerTickets) == 2
	})
	d, err := a.Tickets.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, tk := range d.CustomerTickets {
		got[tk.ID] = true
		if tk.CustomerEmail != r.tickets[0].GetCustomer().GetEmail() {
			t.Errorf("history has %s of %s", tk.ID, tk.CustomerEmail)
		}
	}
	if got[id] || !got[r.tickets[1].GetId()] || !got[r.tickets[2].GetId()] {
		t.Errorf("customer tickets = %v; want the two others, not the open one", got)
	}
}
