package server_test

import (
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func TestClosing_InactivityOverride(t *testing.T) {
	t.Parallel()
	clk := newClock(monday10)
	env := servertest.New(t, server.WithClock(clk.Now), server.WithInactivityOverride(5*time.Second))
	ten := env.RegisterCompany(t, "Override")
	ctx := t.Context()
	conv := env.StartConversation(t, ten, "Quick question")

	clk.Add(4 * time.Second)
	if n, err := env.Server.CloseIdleConversations(ctx); err != nil || n != 0 {
		t.Fatalf("CloseIdleConversations before the override = %d, %v; want 0, nil", n, err)
	}
	clk.Add(2 * time.Second)
	if n, err := env.Server.CloseIdleConversations(ctx); err != nil || n != 1 {
		t.Fatalf("CloseIdleConversations after the override = %d, %v; want 1, nil", n, err)
	}
	c, msgs := thread(t, conv)
	if c.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_CLOSED {
		t.Fatalf("status = %v; want CLOSED", c.GetStatus())
	}
	want := "This conversation was closed after 5 seconds without a message from you. Write again within 24 hours to reopen it."
	if got := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM).GetBody(); got != want {
		t.Errorf("close message = %q; want %q", got, want)
	}
	// Within the grace period a message reopens it.
	send(t, conv, "Still there?")
	if c, _ := thread(t, conv); c.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED || c.GetReopenUntil() != nil {
		t.Errorf("conversation after a message = %v; want it reopened", c)
	}
}
