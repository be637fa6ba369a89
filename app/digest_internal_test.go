package app

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// fakeTicket builds a replica row for the digest and view tests.
func fakeTicket(id string, num int64, st frontlinev1.TicketStatus, assignee string, msgs int32, updated time.Time) *frontlinev1.Ticket {
	return &frontlinev1.Ticket{
		Id: id, Number: num, Subject: "Ticket " + id, Status: st, AssigneeId: assignee, MessageCount: msgs,
		CreateTime: timestamppb.New(updated.Add(-time.Hour)), UpdateTime: timestamppb.New(updated),
		Customer: &frontlinev1.Customer{Name: "Casey"},
	}
}

func TestComputeDigest(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const me, sam = "u-me", "u-sam"
	open, pending, resolved, handoff := frontlinev1.TicketStatus_TICKET_STATUS_OPEN, frontlinev1.TicketStatus_TICKET_STATUS_PENDING,
		frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
	before := []replica.TicketView{
		{Ticket: fakeTicket("a", 1, open, "", 1, t0)},
		{Ticket: fakeTicket("b", 2, open, sam, 2, t0)},
		{Ticket: fakeTicket("c", 3, pending, me, 3, t0)},
		{Ticket: fakeTicket("d", 4, open, sam, 1, t0)},
		{Ticket: fakeTicket("e", 5, open, "", 1, t0)},
		{Ticket: fakeTicket("f", 6, open, me, 4, t0)},
	}
	snap := takeSnapshot(before, t0)

	later := t0.Add(2 * time.Hour)
	reply := fakeTicket("c", 3, open, me, 5, later.Add(time.Minute)) // the customer wrote twice
	reply.LastCustomerMessageTime = timestamppb.New(later)
	agentNote := fakeTicket("f", 6, open, me, 5, later) // a note of mine: no customer message since
	agentNote.LastCustomerMessageTime = timestamppb.New(t0.Add(-time.Hour))
	handed := fakeTicket("e", 5, handoff, "", 2, later.Add(2*time.Minute))
	handed.HandoverReason = "asked for a person"
	now := []replica.TicketView{
		{Ticket: fakeTicket("a", 1, open, me, 1, later.Add(3*time.Minute))}, // assigned to me
		{Ticket: fakeTicket("b", 2, open, me, 2, later.Add(4*time.Minute))}, // taken over from Sam
		{Ticket: reply}, // customer reply on mine, status changed
		{Ticket: fakeTicket("d", 4, resolved, sam, 1, later.Add(5*time.Minute))}, // status change
		{Ticket: handed},
		{Ticket: agentNote},
		{Ticket: fakeTicket("g", 7, open, "", 1, later.Add(6*time.Minute))}, // new
	}
	got := computeDigest(snap, now, me, map[string]string{sam: "Sam Ortiz"})
	item := func(id string, n int64, detail string) DigestItemDTO {
		return DigestItemDTO{TicketID: id, Number: n, Subject: "Ticket " + id, Detail: detail}
	}
	want := DigestDTO{
		Since: "2026-03-02T09:00:00Z", Total: 7,
		NewTickets:      []DigestItemDTO{item("g", 7, "from Casey")},
		AssignedToMe:    []DigestItemDTO{item("b", 2, "from Sam Ortiz"), item("a", 1, "was unassigned")},
		CustomerReplies: []DigestItemDTO{item("c", 3, "2 new messages")},
		StatusChanges:   []DigestItemDTO{item("d", 4, "open → resolved"), item("c", 3, "pending → open")},
		Handovers:       []DigestItemDTO{item("e", 5, "asked for a person")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("computeDigest (-want +got):\n%s", diff)
	}

	// Nothing changed since a fresh snapshot: an empty digest.
	again := computeDigest(takeSnapshot(now, later.Add(time.Hour)), now, me, nil)
	if again.Total != 0 || len(again.NewTickets)+len(again.AssignedToMe)+len(again.CustomerReplies)+len(again.StatusChanges)+len(again.Handovers) != 0 {
		t.Errorf("digest after a fresh snapshot = %+v, want empty", again)
	}
}

func TestComputeDigestCapsSections(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	snap := takeSnapshot(nil, t0)
	var now []replica.TicketView
	for i := range maxDigestItems + 5 {
		now = append(now, replica.TicketView{Ticket: fakeTicket(string(rune('A'+i)), int64(i+1), frontlinev1.TicketStatus_TICKET_STATUS_NEW, "", 1, t0.Add(time.Duration(i)*time.Minute))})
	}
	got := computeDigest(snap, now, "me", nil)
	if got.Total != maxDigestItems+5 || len(got.NewTickets) != maxDigestItems || got.NewTickets[0].Number != maxDigestItems+5 {
		t.Errorf("capped digest: total %d, listed %d, first #%d", got.Total, len(got.NewTickets), got.NewTickets[0].Number)
	}
}
