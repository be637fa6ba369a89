package deskbench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// A small data set goes through the same build, start, views and open.
func TestSmallDataSet(t *testing.T) {
	ctx := context.Background()
	s := Shape{Tickets: 400, Messages: 2000, Agents: 4}
	dir := filepath.Join(t.TempDir(), "replica")
	if err := Build(ctx, dir, s); err != nil {
		t.Fatal(err)
	}
	r, _, err := Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	all, err := r.ListTickets(ctx, replica.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != s.Tickets {
		t.Fatalf("replica has %d tickets, want %d", len(all), s.Tickets)
	}
	msgs := 0
	for _, v := range all {
		msgs += int(v.Ticket.GetMessageCount())
	}
	if msgs != s.Messages {
		t.Fatalf("tickets count %d messages, want %d", msgs, s.Messages)
	}
	us, err := r.Users(ctx)
	if err != nil || len(us) != s.Agents {
		t.Fatalf("users: %d, %v; want %d", len(us), err, s.Agents)
	}

	counts, err := r.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, v := range Views() {
		n, err := v.read(ctx, r)
		if err != nil {
			t.Fatalf("view %s: %v", v.Name, err)
		}
		got[v.Name] = n
	}
	if want := min(listLimit, counts[frontlinev1.TicketStatus_TICKET_STATUS_PENDING]); got["pending"] != want {
		t.Errorf("pending view shows %d, want %d", got["pending"], want)
	}
	if want := min(listLimit, counts[frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF]); got["handoff"] != want {
		t.Errorf("handoff view shows %d, want %d", got["handoff"], want)
	}
	open := 0
	for _, st := range openStatuses {
		open += counts[st]
	}
	if want := min(listLimit, open); got["open"] != want {
		t.Errorf("open view shows %d, want %d (counts %v)", got["open"], want, counts)
	}
	if got["resolved"] != listLimit {
		t.Errorf("resolved view shows %d, want a full page of %d", got["resolved"], listLimit)
	}

	before, err := r.ListTickets(ctx, replica.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Refresh(ctx, r, 50); err != nil {
		t.Fatal(err)
	}
	after, err := r.ListTickets(ctx, replica.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after, protocmp.Transform()); diff != "" {
		t.Errorf("rewriting tickets with their own content changed the inbox (-before +after):\n%s", diff)
	}
	if st := r.Status(); st.SyncedUpTo != 2 {
		t.Errorf("after one refresh the replica is at seq %d, want 2", st.SyncedUpTo)
	}

	n, err := Open(ctx, r, BigTicket())
	if err != nil {
		t.Fatal(err)
	}
	if n != BigThread {
		t.Fatalf("big ticket has %d messages, want %d", n, BigThread)
	}
}
