package app

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/sla"
	"github.com/frontlinedesk/frontline/sync/replica"
)

func TestViewMatchAndSort(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	open, pending := frontlinev1.TicketStatus_TICKET_STATUS_OPEN, frontlinev1.TicketStatus_TICKET_STATUS_PENDING
	mk := func(id string, st frontlinev1.TicketStatus, pr frontlinev1.TicketPriority, assignee string, created time.Time, tags []string, cat, sent, lang string) replica.TicketView {
		tk := fakeTicket(id, 0, st, assignee, 1, now.Add(-time.Duration(len(id))*time.Minute))
		tk.Priority, tk.Tags, tk.CreateTime = pr, tags, timestamppb.New(created)
		tk.Triage = &frontlinev1.TicketTriage{
			Category: &frontlinev1.ScoredLabel{Label: cat}, Sentiment: &frontlinev1.ScoredLabel{Label: sent}, Language: &frontlinev1.ScoredLabel{Label: lang},
		}
		return replica.TicketView{Ticket: tk}
	}
	high, urgent, normal := frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT, frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL
	all := []replica.TicketView{
		mk("a", open, urgent, "me", now.Add(-30*time.Minute), []string{"refund", "vip"}, "Billing", "negative", "en"),
		mk("bb", open, high, "me", now.Add(-5*time.Hour), []string{"refund"}, "Billing", "negative", "de"),
		mk("ccc", pending, normal, "", now.Add(-10*time.Minute), nil, "Shipping", "neutral", "en"),
		mk("dddd", open, high, "sam", now.Add(-3*time.Hour), []string{"refund", "vip"}, "billing", "negative", "en"),
	}
	// urgent: first response in 1h; high: 4h; normal: no policy.
	setup := sla.Setup{Calendar: sla.Always(), Policies: map[frontlinev1.TicketPriority]sla.Policy{
		urgent: {FirstResponse: time.Hour}, high: {FirstResponse: 4 * time.Hour},
	}}
	run := func(v SavedViewDTO) []string {
		v.Name = "test"
		v, err := cleanView(v)
		if err != nil {
			t.Fatalf("cleanView(%+v): %v", v, err)
		}
		m := compileView(v, "me", setup, now)
		var hits []replica.TicketView
		for _, tv := range all {
			if m.match(tv.Ticket) {
				hits = append(hits, tv)
			}
		}
		m.sort(hits)
		ids := []string{}
		for _, h := range hits {
			ids = append(ids, h.Ticket.GetId())
		}
		return ids
	}
	tests := []struct {
		name string
		view SavedViewDTO
		want []string
	}{
		{"everything, most recent first", SavedViewDTO{}, []string{"a", "bb", "ccc", "dddd"}},
		{"status", SavedViewDTO{Statuses: []string{"Pending"}}, []string{"ccc"}},
		{"priority sorted", SavedViewDTO{Priorities: []string{"high", "urgent"}, Sort: SortPriority}, []string{"a", "bb", "dddd"}},
		{"mine", SavedViewDTO{Assignee: AssigneeMe}, []string{"a", "bb"}},
		{"unassigned", SavedViewDTO{Assignee: AssigneeUnassigned}, []string{"ccc"}},
		{"someone", SavedViewDTO{Assignee: "sam"}, []string{"dddd"}},
		{"every tag", SavedViewDTO{Tags: []string{"VIP", "refund"}}, []string{"a", "dddd"}},
		{"category ignores case", SavedViewDTO{Categories: []string{"billing"}}, []string{"a", "bb", "dddd"}},
		{"sentiment and language", SavedViewDTO{Sentiments: []string{"negative"}, Languages: []string{"en"}}, []string{"a", "dddd"}},
		{"breached", SavedViewDTO{SLA: []string{"breached"}}, []string{"bb"}},
		{"warning or running", SavedViewDTO{SLA: []string{"warning", "running"}}, []string{"a", "dddd"}},
		{"no clock", SavedViewDTO{SLA: []string{"none"}}, []string{"ccc"}},
		{"by SLA due", SavedViewDTO{Sort: SortSLA}, []string{"bb", "a", "dddd", "ccc"}},
		{"by created", SavedViewDTO{Sort: SortCreated}, []string{"ccc", "a", "dddd", "bb"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, run(tc.view)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestCleanViewRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		view  SavedViewDTO
		field string
	}{
		{SavedViewDTO{Name: "  "}, "name"},
		{SavedViewDTO{Name: "x", Statuses: []string{"snoozed"}}, "statuses"},
		{SavedViewDTO{Name: "x", Priorities: []string{"meh"}}, "priorities"},
		{SavedViewDTO{Name: "x", SLA: []string{"late"}}, "sla"},
		{SavedViewDTO{Name: "x", Sort: "random"}, "sort"},
	} {
		_, err := cleanView(tc.view)
		ue, ok := err.(*UIError)
		if !ok || ue.Field != tc.field || ue.Kind != KindInvalid {
			t.Errorf("cleanView(%+v) = %v, want an invalid %q", tc.view, err, tc.field)
		}
	}
}

// BenchmarkViewCounts100k is the per-change cost of the live counts at
// 100,000 tickets (the replica's list itself is benchmarked in sync/replica).
func BenchmarkViewCounts100k(b *testing.B) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	sts := []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN, frontlinev1.TicketStatus_TICKET_STATUS_PENDING, frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED}
	views := make([]replica.TicketView, 100_000)
	for i := range views {
		tk := fakeTicket(fmt.Sprint(i), int64(i), sts[i%len(sts)], []string{"", "me", "sam"}[i%3], 2, now.Add(-time.Duration(i)*time.Minute))
		tk.Priority = frontlinev1.TicketPriority(1 + i%4)
		tk.Tags = []string{"vip", "refund", "billing"}[i%3 : i%3+1]
		views[i] = replica.TicketView{Ticket: tk}
	}
	setup := sla.Setup{Calendar: sla.Always(), Policies: map[frontlinev1.TicketPriority]sla.Policy{
		frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT: {FirstResponse: time.Hour, Resolution: 8 * time.Hour},
	}}
	saved := []SavedViewDTO{
		{Statuses: []string{"open"}, Assignee: "me"},
		{Priorities: []string{"urgent"}, SLA: []string{"breached"}},
		{Tags: []string{"vip"}},
		{Categories: []string{"billing"}, Sentiments: []string{"negative"}},
	}
	b.ResetTimer()
	for range b.N {
		out := map[string]int{}
		countBuiltin(out, views, "me")
		for _, v := range saved {
			m := compileView(v, "me", setup, now)
			n := 0
			for _, tv := range views {
				if m.match(tv.Ticket) {
					n++
				}
			}
			out[v.Name] = n
		}
	}
}
