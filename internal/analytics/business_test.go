package analytics_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/analytics"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/sla"
)

// Business hours Monday to Friday 09:00-17:00 in New York (UTC-5 in early
// March 2026, like the fixture's zone); 2026-03-02 is a Monday.
func newYorkWeek(t *testing.T) *sla.Calendar {
	t.Helper()
	h := sla.Hours{TimeZone: "America/New_York"}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		h.Days = append(h.Days, sla.Interval{Weekday: wd, Open: "09:00", Close: "17:00"})
	}
	cal, err := sla.NewCalendar(h)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func TestComputeSLAInBusinessHours(t *testing.T) {
	facts := []analytics.Facts{
		// Created Mon 16:30, first response recorded Tue 09:20 (a later
		// reply message does not count): 50 business minutes, 16h50m on
		// the wall. Resolved (recorded) Tue 10:00: 90 business minutes; the
		// close time on Wednesday is not used.
		analytics.NewFacts(&tk{Id: "a", Channel: widget, Status: frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, Priority: pUrgent,
			CreateTime: ts("2026-03-02 16:30"), FirstResponseTime: ts("2026-03-03 09:20"), ResolveTime: ts("2026-03-03 10:00"),
			CloseTime: ts("2026-03-04 10:00"), UpdateTime: ts("2026-03-04 10:00")},
			[]msg{m(agent, "u-maya", false, "2026-03-03 11:00")}),
		// Created Mon 10:00, answered 11:30 (derived from the message): 90 minutes either way.
		analytics.NewFacts(&tk{Id: "b", Channel: widget, Status: stOpen, Priority: pUrgent, CreateTime: ts("2026-03-02 10:00"), UpdateTime: ts("2026-03-02 11:30")},
			[]msg{m(agent, "u-sam", false, "2026-03-02 11:30")}),
		// Created Mon 08:00 before opening, answered 09:45: 45 business minutes, 105 on the wall.
		analytics.NewFacts(&tk{Id: "c", Channel: widget, Status: stOpen, Priority: pUrgent, CreateTime: ts("2026-03-02 08:00"),
			FirstResponseTime: ts("2026-03-02 09:45"), UpdateTime: ts("2026-03-02 09:45")}, nil),
	}
	for _, tc := range []struct {
		name     string
		business bool
		want     analytics.SLA
	}{
		{"business hours", true, analytics.SLA{
			FirstResponse: analytics.Attainment{Met: 2, Breached: 1, Rate: 2.0 / 3},
			// b and c are open past their 2 business hours at now (Wed 12:00).
			Resolution: analytics.Attainment{Met: 1, Breached: 2, Rate: 1.0 / 3},
		}},
		{"every hour", false, analytics.SLA{
			FirstResponse: analytics.Attainment{Breached: 3},
			Resolution:    analytics.Attainment{Breached: 3},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := baseQuery()
			q.Calendar = newYorkWeek(t)
			q.SLA = map[frontlinev1.TicketPriority]analytics.Target{pUrgent: {FirstResponse: time.Hour, Resolution: 2 * time.Hour, BusinessHours: tc.business}}
			got, err := analytics.Compute(facts, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&tc.want, got.SLA, approx); diff != "" {
				t.Errorf("SLA mismatch (-want +got):\n%s", diff)
			}
			// The recorded first response (Tue 09:20) is the one measured for a.
			if got.FirstResponse.N != 3 {
				t.Errorf("FirstResponse.N = %d, want 3", got.FirstResponse.N)
			}
		})
	}
}

func TestNewFactsPrefersRecordedTimes(t *testing.T) {
	f := analytics.NewFacts(&tk{Id: "a", Status: frontlinev1.TicketStatus_TICKET_STATUS_CLOSED, CreateTime: ts("2026-03-02 08:00"),
		FirstResponseTime: ts("2026-03-02 08:10"), ResolveTime: ts("2026-03-02 09:00"), CloseTime: ts("2026-03-03 09:00")},
		[]msg{m(agent, "u-maya", false, "2026-03-02 08:30")})
	if f.FirstReply != at("2026-03-02 08:10").Unix() || f.FirstReplyBy != "u-maya" || f.Resolved != at("2026-03-02 09:00").Unix() {
		t.Errorf("NewFacts = first %d by %q, resolved %d; want the recorded times", f.FirstReply, f.FirstReplyBy, f.Resolved)
	}
	old := analytics.NewFacts(&tk{Id: "b", Status: frontlinev1.TicketStatus_TICKET_STATUS_CLOSED, CreateTime: ts("2026-03-02 08:00"), CloseTime: ts("2026-03-03 09:00")},
		[]msg{m(agent, "u-maya", false, "2026-03-02 08:30")})
	if old.FirstReply != at("2026-03-02 08:30").Unix() || old.Resolved != at("2026-03-03 09:00").Unix() {
		t.Errorf("NewFacts without recorded times = first %d, resolved %d; want derived", old.FirstReply, old.Resolved)
	}
}
