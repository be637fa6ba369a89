package analytics_test

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // the DST case needs America/New_York everywhere

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/analytics"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// est is the fixture's local zone: UTC-5, no DST.
var est = time.FixedZone("EST", -5*3600)

// at parses a local time of the fixture, "2006-01-02 15:04" in est.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, est)
	if err != nil {
		panic(err)
	}
	return t
}

type (
	tk  = frontlinev1.Ticket
	msg = analytics.Message
)

const (
	widget = frontlinev1.Channel_CHANNEL_WIDGET
	deskCh = frontlinev1.Channel_CHANNEL_DESK
	apiCh  = frontlinev1.Channel_CHANNEL_API

	stNew      = frontlinev1.TicketStatus_TICKET_STATUS_NEW
	stOpen     = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
	stPending  = frontlinev1.TicketStatus_TICKET_STATUS_PENDING
	stHandoff  = frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
	stResolved = frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED
	stClosed   = frontlinev1.TicketStatus_TICKET_STATUS_CLOSED

	pNormal = frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL
	pHigh   = frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH
	pUrgent = frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT

	customer = frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER
	bot      = frontlinev1.AuthorKind_AUTHOR_KIND_BOT
	agent    = frontlinev1.AuthorKind_AUTHOR_KIND_AGENT
)

func ts(s string) *timestamppb.Timestamp { return timestamppb.New(at(s)) }

func triage(category, sentiment string, score float64) *frontlinev1.TicketTriage {
	tr := &frontlinev1.TicketTriage{SentimentScore: score}
	if category != "" {
		tr.Category = &frontlinev1.ScoredLabel{Label: category, Confidence: 0.9}
	}
	if sentiment != "" {
		tr.Sentiment = &frontlinev1.ScoredLabel{Label: sentiment, Confidence: 0.8}
	}
	return tr
}

func m(kind frontlinev1.AuthorKind, who string, internal bool, when string) msg {
	return msg{Kind: kind, AuthorID: who, Internal: internal, At: at(when).Unix()}
}

// fixture is eight tickets around the range 2026-03-01 .. 2026-03-03 (est).
// The expected figures in the tests below were worked out by hand from the
// comments here, not from the code.
func fixture() []analytics.Facts {
	type row struct {
		t    *tk
		msgs []msg
	}
	rows := []row{
		// T1: widget, high, maya; first reply after 10 min; resolved 2 h after creation; rated 5.
		{&tk{Id: "t1", Channel: widget, Status: stResolved, Priority: pHigh, AssigneeId: "u-maya", Rating: 5,
			Triage: triage("billing", "negative", -0.6), CreateTime: ts("2026-03-01 09:00"), UpdateTime: ts("2026-03-01 11:00")},
			[]msg{m(customer, "c1", false, "2026-03-01 09:00"), m(agent, "u-maya", false, "2026-03-01 10:00"), m(agent, "u-maya", false, "2026-03-01 09:10")}},
		// T2: widget bot ticket created 23:30 local (04:30 UTC the next day), closed by the scheduler 1 h later without an agent; rated 4.
		{&tk{Id: "t2", Channel: widget, Status: stClosed, Priority: pNormal, BotAnswers: true, Rating: 4,
			Triage: triage("shipping", "positive", 0.8), CreateTime: ts("2026-03-01 23:30"), UpdateTime: ts("2026-03-02 06:00"), CloseTime: ts("2026-03-02 00:30")},
			[]msg{m(customer, "c2", false, "2026-03-01 23:30"), m(bot, "", false, "2026-03-01 23:31")}},
		// T3: widget bot ticket handed to sam, urgent, only an internal note from sam; no category; neutral.
		{&tk{Id: "t3", Channel: widget, Status: stHandoff, Priority: pUrgent, AssigneeId: "u-sam", BotAnswers: true,
			HandoverReason: "Customer asked for a person", Triage: triage("", "neutral", 0), CreateTime: ts("2026-03-02 08:00"), UpdateTime: ts("2026-03-02 08:30")},
			[]msg{m(customer, "c3", false, "2026-03-02 08:00"), m(bot, "", false, "2026-03-02 08:01"), m(agent, "u-sam", true, "2026-03-02 08:30")}},
		// T4: desk, high, maya, answered after 2 h, still open; rated 2; never triaged.
		{&tk{Id: "t4", Channel: deskCh, Status: stOpen, Priority: pHigh, AssigneeId: "u-maya", Rating: 2,
			CreateTime: ts("2026-03-02 10:00"), UpdateTime: ts("2026-03-02 12:00")},
			[]msg{m(agent, "u-maya", false, "2026-03-02 12:00"), m(customer, "c4", false, "2026-03-02 10:00")}},
		// T5: api, normal, unassigned, sam answered after 5 min; pending.
		{&tk{Id: "t5", Channel: apiCh, Status: stPending, Priority: pNormal,
			Triage: triage("shipping", "negative", -0.2), CreateTime: ts("2026-03-03 15:00"), UpdateTime: ts("2026-03-03 15:05")},
			[]msg{m(customer, "c5", false, "2026-03-03 15:00"), m(agent, "u-sam", false, "2026-03-03 15:05")}},
		// T6: created before the range, sam replied inside it; open 12 days at "now".
		{&tk{Id: "t6", Channel: widget, Status: stOpen, Priority: pNormal, AssigneeId: "u-sam",
			Triage: triage("billing", "", 0), CreateTime: ts("2026-02-20 10:00"), UpdateTime: ts("2026-03-01 10:00")},
			[]msg{m(customer, "c6", false, "2026-02-20 10:00"), m(agent, "u-sam", false, "2026-03-01 10:00")}},
		// T7: created after the range (before now), new, 11 h old at "now".
		{&tk{Id: "t7", Channel: deskCh, Status: stNew, Priority: pNormal, CreateTime: ts("2026-03-04 01:00"), UpdateTime: ts("2026-03-04 01:00")},
			[]msg{m(customer, "c7", false, "2026-03-04 01:00")}},
		// T8: created before the range, resolved inside it (03-03 09:00), assigned to sam.
		{&tk{Id: "t8", Channel: widget, Status: stResolved, Priority: pNormal, AssigneeId: "u-sam",
			Triage: triage("billing", "", 0), CreateTime: ts("2026-02-27 12:00"), UpdateTime: ts("2026-03-03 09:00")},
			[]msg{m(customer, "c8", false, "2026-02-27 12:00")}},
	}
	out := make([]analytics.Facts, 0, len(rows))
	for _, r := range rows {
		out = append(out, analytics.NewFacts(r.t, r.msgs))
	}
	return out
}

func baseQuery() analytics.Query {
	return analytics.Query{From: at("2026-03-01 00:00"), To: at("2026-03-04 00:00"), Loc: est, Now: at("2026-03-04 12:00")}
}

func slas() map[frontlinev1.TicketPriority]analytics.Target {
	return map[frontlinev1.TicketPriority]analytics.Target{
		pHigh:   {FirstResponse: 30 * time.Minute, Resolution: 4 * time.Hour},
		pUrgent: {FirstResponse: 15 * time.Minute, Resolution: 8 * time.Hour},
		pNormal: {FirstResponse: 60 * time.Minute, Resolution: 72 * time.Hour},
	}
}

func secs(n int) time.Duration { return time.Duration(n) * time.Second }

var approx = cmpopts.EquateApprox(0, 1e-9)

func emptyBacklog() []analytics.Count {
	return []analytics.Count{{"< 1 day", 0}, {"1-3 days", 0}, {"3-7 days", 0}, {"7-30 days", 0}, {"30+ days", 0}}
}

func TestComputeFixture(t *testing.T) {
	q := baseQuery()
	q.SLA = slas()
	got, err := analytics.Compute(fixture(), q)
	if err != nil {
		t.Fatal(err)
	}
	want := &analytics.Dashboard{
		// Cohort T1..T5; T2 counts on 03-01 local though it is 03-02 in UTC.
		Days: []analytics.Day{
			{Date: "2026-03-01", Created: 2, Resolved: 1, SentimentN: 2, SentimentMean: (-0.6 + 0.8) / 2},
			{Date: "2026-03-02", Created: 2, Resolved: 1, SentimentN: 1, SentimentMean: 0},
			{Date: "2026-03-03", Created: 1, Resolved: 1, SentimentN: 1, SentimentMean: -0.2},
		},
		Total:     5,
		ByChannel: []analytics.Count{{"widget", 3}, {"api", 1}, {"desk", 1}},
		// T1 billing, T2 and T5 shipping, T3 (no category) and T4 (never triaged) uncategorized.
		ByCategory: []analytics.Count{{"shipping", 2}, {"uncategorized", 2}, {"billing", 1}},
		// First responses 600 s (T1), 7200 s (T4), 300 s (T5): sorted 300, 600, 7200.
		FirstResponse: analytics.Durations{N: 3, Median: secs(600), P90: secs(7200)},
		// Resolutions 7200 s (T1), 3600 s (T2).
		Resolution: analytics.Durations{N: 2, Median: secs(3600), P90: secs(7200)},
		SLA: &analytics.SLA{
			// T1 met, T5 met, T3 breached (no reply, 52 h), T4 breached (2 h > 30 min); T2 needs none.
			FirstResponse: analytics.Attainment{Met: 2, Breached: 2, Rate: 0.5},
			// T1 met (2 h <= 4 h), T2 met (1 h <= 72 h), T3 and T4 breached, T5 pending (21 h < 72 h).
			Resolution: analytics.Attainment{Met: 2, Breached: 2, Pending: 1, Rate: 0.5},
		},
		// Open now: T3 52 h, T4 50 h, T5 21 h, T6 12 days, T7 11 h.
		Backlog:      []analytics.Count{{"< 1 day", 2}, {"1-3 days", 2}, {"3-7 days", 0}, {"7-30 days", 1}, {"30+ days", 0}},
		BacklogTotal: 5,
		CSAT:         analytics.CSAT{Rated: 3, Satisfied: 2, Share: 2.0 / 3, Average: 11.0 / 3},
		Bot:          analytics.Bot{Answered: 2, Resolved: 1, HandedOver: 1, Rate: 0.5},
		Handover:     []analytics.Count{{"Customer asked for a person", 1}},
		Agents: []analytics.Agent{
			// maya: T4 open; replies 2 on T1 + 1 on T4; resolved T1; answered T1 and T4 first.
			{ID: "u-maya", Open: 1, Replies: 3, Resolved: 1, FirstResponse: analytics.Durations{N: 2, Median: secs(600), P90: secs(7200)}},
			// sam: T3 and T6 open; replies on T5 and T6 (the note on T3 is not one); resolved T8; answered T5 first.
			{ID: "u-sam", Open: 2, Replies: 2, Resolved: 1, FirstResponse: analytics.Durations{N: 1, Median: secs(300), P90: secs(300)}},
		},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("Compute(fixture) mismatch (-want +got):\n%s", diff)
	}
}

func TestComputeFilters(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(q *analytics.Query)
		total      int
		backlog    []int
		categories []analytics.Count
		agents     []string
	}{
		{
			name: "widget", edit: func(q *analytics.Query) { q.Channel = widget },
			// Cohort T1, T2, T3; open widget tickets T3 (52 h) and T6 (12 days).
			total: 3, backlog: []int{0, 1, 0, 1, 0},
			categories: []analytics.Count{{"billing", 1}, {"shipping", 1}, {"uncategorized", 1}},
			agents:     []string{"u-maya", "u-sam"},
		},
		{
			name: "uncategorized", edit: func(q *analytics.Query) { q.Category = analytics.Uncategorized },
			// T3 in the cohort; T4 (never triaged) too; T7 open but outside the range.
			total: 2, backlog: []int{1, 2, 0, 0, 0},
			categories: []analytics.Count{{"uncategorized", 2}},
			agents:     []string{"u-maya", "u-sam"},
		},
		{
			name: "billing", edit: func(q *analytics.Query) { q.Category = "billing" },
			// Cohort T1 (T6 and T8 are billing but older); open: T6 only.
			total: 1, backlog: []int{0, 0, 0, 1, 0},
			categories: []analytics.Count{{"billing", 1}},
			agents:     []string{"u-maya", "u-sam"},
		},
		{
			name: "assignee", edit: func(q *analytics.Query) { q.AssigneeID = "u-sam" },
			// Cohort T3; open: T3 and T6.
			total: 1, backlog: []int{0, 1, 0, 1, 0},
			categories: []analytics.Count{{"uncategorized", 1}},
			agents:     []string{"u-sam"},
		},
		{
			name: "no match", edit: func(q *analytics.Query) { q.Channel = apiCh; q.Category = "billing" },
			total: 0, backlog: []int{0, 0, 0, 0, 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := baseQuery()
			tc.edit(&q)
			got, err := analytics.Compute(fixture(), q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != tc.total {
				t.Errorf("Total = %d; want %d", got.Total, tc.total)
			}
			var backlog []int
			for _, c := range got.Backlog {
				backlog = append(backlog, c.N)
			}
			if diff := cmp.Diff(tc.backlog, backlog); diff != "" {
				t.Errorf("backlog mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.categories, got.ByCategory, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("categories mismatch (-want +got):\n%s", diff)
			}
			var agents []string
			for _, a := range got.Agents {
				agents = append(agents, a.ID)
			}
			if diff := cmp.Diff(tc.agents, agents, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("agents mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestComputeDayBucketsFollowTheZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	utcQ := analytics.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), Loc: time.UTC, Now: at("2026-03-04 12:00")}
	// DST starts in New York on 2026-03-08: that day has 23 hours.
	dst := &tk{Id: "d1", Channel: widget, Status: stNew, CreateTime: timestamppb.New(time.Date(2026, 3, 8, 23, 30, 0, 0, ny))}
	nyQ := analytics.Query{From: time.Date(2026, 3, 7, 0, 0, 0, 0, ny), To: time.Date(2026, 3, 10, 0, 0, 0, 0, ny), Loc: ny, Now: time.Date(2026, 3, 10, 0, 0, 0, 0, ny)}
	tests := []struct {
		name  string
		facts []analytics.Facts
		q     analytics.Query
		dates []string
		days  []int
	}{
		// In UTC, T2 (03-02 04:30Z) moves to 03-02 and T7 (03-04 06:00Z) stays out.
		{"utc", fixture(), utcQ, []string{"2026-03-01", "2026-03-02", "2026-03-03"}, []int{1, 3, 1}},
		{"est", fixture(), baseQuery(), []string{"2026-03-01", "2026-03-02", "2026-03-03"}, []int{2, 2, 1}},
		{"dst", []analytics.Facts{analytics.NewFacts(dst, nil)}, nyQ, []string{"2026-03-07", "2026-03-08", "2026-03-09"}, []int{0, 1, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := analytics.Compute(tc.facts, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var dates []string
			var days []int
			for _, d := range got.Days {
				dates, days = append(dates, d.Date), append(days, d.Created)
			}
			if diff := cmp.Diff(tc.dates, dates); diff != "" {
				t.Errorf("dates mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.days, days); diff != "" {
				t.Errorf("created per day mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestComputeEdges(t *testing.T) {
	t.Run("no data", func(t *testing.T) {
		got, err := analytics.Compute(nil, baseQuery())
		if err != nil {
			t.Fatal(err)
		}
		want := &analytics.Dashboard{
			Days:    []analytics.Day{{Date: "2026-03-01"}, {Date: "2026-03-02"}, {Date: "2026-03-03"}},
			Backlog: emptyBacklog(),
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Compute(nil) mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("single ticket", func(t *testing.T) {
		// One open urgent ticket created 03-02 08:00, answered by maya at 08:20 (1200 s), rated 3.
		f := analytics.NewFacts(&tk{Id: "s", Channel: widget, Status: stOpen, Priority: pUrgent, AssigneeId: "u-maya", Rating: 3,
			CreateTime: ts("2026-03-02 08:00"), UpdateTime: ts("2026-03-02 08:20")},
			[]msg{m(agent, "u-maya", false, "2026-03-02 08:20")})
		q := baseQuery()
		q.SLA = map[frontlinev1.TicketPriority]analytics.Target{pUrgent: {FirstResponse: 15 * time.Minute}}
		got, err := analytics.Compute([]analytics.Facts{f}, q)
		if err != nil {
			t.Fatal(err)
		}
		one := analytics.Durations{N: 1, Median: secs(1200), P90: secs(1200)}
		want := &analytics.Dashboard{
			Days:          []analytics.Day{{Date: "2026-03-01"}, {Date: "2026-03-02", Created: 1}, {Date: "2026-03-03"}},
			Total:         1,
			ByChannel:     []analytics.Count{{"widget", 1}},
			ByCategory:    []analytics.Count{{"uncategorized", 1}},
			FirstResponse: one,
			SLA:           &analytics.SLA{FirstResponse: analytics.Attainment{Breached: 1}},
			// Open 52 h at now.
			Backlog:      []analytics.Count{{"< 1 day", 0}, {"1-3 days", 1}, {"3-7 days", 0}, {"7-30 days", 0}, {"30+ days", 0}},
			BacklogTotal: 1,
			CSAT:         analytics.CSAT{Rated: 1, Share: 0, Average: 3},
			Agents:       []analytics.Agent{{ID: "u-maya", Open: 1, Replies: 1, FirstResponse: one}},
		}
		if diff := cmp.Diff(want, got, approx, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Compute(single) mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("percentiles of ten", func(t *testing.T) {
		// First responses of 1..10 minutes: nearest rank 5 is 5 min, rank 9 is 9 min.
		var facts []analytics.Facts
		for i := 1; i <= 10; i++ {
			created := at("2026-03-02 08:00")
			facts = append(facts, analytics.NewFacts(&tk{Id: "p", Status: stOpen, CreateTime: timestamppb.New(created)},
				[]msg{{Kind: agent, AuthorID: "a", At: created.Add(time.Duration(i) * time.Minute).Unix()}}))
		}
		got, err := analytics.Compute(facts, baseQuery())
		if err != nil {
			t.Fatal(err)
		}
		want := analytics.Durations{N: 10, Median: 5 * time.Minute, P90: 9 * time.Minute}
		if got.FirstResponse != want {
			t.Errorf("FirstResponse = %+v; want %+v", got.FirstResponse, want)
		}
	})
	t.Run("bad range", func(t *testing.T) {
		q := baseQuery()
		q.To = q.From
		if _, err := analytics.Compute(nil, q); !errors.Is(err, analytics.ErrRange) {
			t.Errorf("Compute(empty range) error = %v; want ErrRange", err)
		}
		q.To = q.From.AddDate(3, 0, 0)
		if _, err := analytics.Compute(nil, q); !errors.Is(err, analytics.ErrRange) {
			t.Errorf("Compute(3 years) error = %v; want ErrRange", err)
		}
	})
}

func BenchmarkCompute90Days(b *testing.B) {
	now := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	facts, _ := analytics.Synthetic(100_000, now, 7)
	q := analytics.Query{From: now.AddDate(0, 0, -90), To: now, Loc: time.UTC, Now: now}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analytics.Compute(facts, q); err != nil {
			b.Fatal(err)
		}
	}
}
