package server

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

// TestQueueCache_FollowsLog: after the first scan the cached queue is kept
// up to date from the change log alone (tickets entering and leaving
// HANDOFF, in creation order, unaffected by other writes), lists handed out
// earlier never change, and a trimmed log falls back to a fresh scan.
func TestQueueCache_FollowsLog(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	ctx := t.Context()
	base := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := &frontlinev1.Company{Id: desk.NewID(base), Name: "Queue cache"}
	u := &frontlinev1.User{Id: desk.NewID(base), Email: "a@queue.test", Name: "A", Role: frontlinev1.Role_ROLE_ADMIN, Active: true}
	if err := st.CreateCompany(ctx, c, u, store.Credential{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	tenant := c.GetId()

	create := func(minute int, status frontlinev1.TicketStatus) string {
		t.Helper()
		at := base.Add(time.Duration(minute) * time.Minute)
		tk := &frontlinev1.Ticket{Id: desk.NewID(at), Subject: "s", Status: status, CreateTime: timestamppb.New(at), UpdateTime: timestamppb.New(at)}
		m := &frontlinev1.Message{Id: desk.NewID(at), TicketId: tk.GetId(), Body: "b", CreateTime: timestamppb.New(at)}
		if _, err := st.CreateTicket(ctx, tenant, tk, m); err != nil {
			t.Fatal(err)
		}
		return tk.GetId()
	}
	setStatus := func(id string, status frontlinev1.TicketStatus) {
		t.Helper()
		if _, err := st.UpdateTicket(ctx, tenant, id, func(tk *frontlinev1.Ticket) error { tk.Status = status; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	const (
		handoff = frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
		open    = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
		fresh   = frontlinev1.TicketStatus_TICKET_STATUS_NEW
	)
	a, b := create(1, fresh), create(2, fresh)
	qc := newQueueCache()
	wait := func() []string {
		t.Helper()
		ids, err := qc.waiting(ctx, st, tenant)
		if err != nil {
			t.Fatal(err)
		}
		scanned, err := newQueueCache().waiting(ctx, st, tenant)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(scanned, ids); diff != "" {
			t.Fatalf("cached queue differs from a fresh scan (-scan +cached):\n%s", diff)
		}
		return ids
	}
	if got := wait(); len(got) != 0 {
		t.Fatalf("queue before any handover = %v; want empty", got)
	}

	var c0 string
	steps := []struct {
		name   string
		change func()
		want   func() []string
	}{
		{"handover", func() { setStatus(a, handoff) }, func() []string { return []string{a} }},
		{"older ticket created waiting", func() { c0 = create(0, handoff) }, func() []string { return []string{c0, a} }},
		{"other writes", func() {
			now := base.Add(time.Hour)
			if _, err := st.AddMessage(ctx, tenant, &frontlinev1.Message{Id: desk.NewID(now), TicketId: a, Body: "more", CreateTime: timestamppb.New(now)},
				func(*frontlinev1.Ticket) error { return nil }); err != nil {
				t.Fatal(err)
			}
		}, func() []string { return []string{c0, a} }},
		{"second handover", func() { setStatus(b, handoff) }, func() []string { return []string{c0, a, b} }},
		{"answered", func() { setStatus(a, open) }, func() []string { return []string{c0, b} }},
	}
	for _, s := range steps {
		before := wait()
		kept := slices.Clone(before)
		s.change()
		if diff := cmp.Diff(s.want(), wait()); diff != "" {
			t.Errorf("%s: queue (-want +got):\n%s", s.name, diff)
		}
		if diff := cmp.Diff(kept, before); diff != "" {
			t.Errorf("%s: a list handed out earlier changed (-was +now):\n%s", s.name, diff)
		}
	}

	// Behind a trimmed log, the cache scans again.
	setStatus(c0, open)
	state, err := st.LogState(ctx, tenant, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.TrimLog(ctx, tenant, state.Head); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{b}, wait()); diff != "" {
		t.Errorf("after trim: queue (-want +got):\n%s", diff)
	}
}
