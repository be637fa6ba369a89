package analytics

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/figures"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Synthetic builds a deterministic tenant of n tickets spread over the 120
// days before now, with about ten messages each (2 to 18), and returns their
// facts with the number of messages. It backs the desk_analytics benchmark
// and the package's Go benchmark.
func Synthetic(n int, now time.Time, seed uint64) ([]Facts, int) {
	rng := rand.New(rand.NewPCG(seed, 0x616e616c79746963))
	agents := []string{"u-ada", "u-maya", "u-sam", "u-lee", "u-kim", "u-ravi", "u-noor", "u-jo"}
	categories := []string{"billing", "shipping", "returns", "warranty", "account", "technical", ""}
	reasons := []string{"Customer asked for a person", "The bot was not confident", "Refund request", "Angry customer"}
	statuses := []frontlinev1.TicketStatus{
		frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
		frontlinev1.TicketStatus_TICKET_STATUS_PENDING, frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF,
		frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED,
		frontlinev1.TicketStatus_TICKET_STATUS_CLOSED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED,
	}
	facts := make([]Facts, 0, n)
	total := 0
	msgs := make([]Message, 0, 18)
	for i := range n {
		created := now.Add(-time.Duration(rng.Int64N(int64(120 * 24 * time.Hour))))
		t := &frontlinev1.Ticket{
			Id:         fmt.Sprintf("%032x", i),
			Channel:    frontlinev1.Channel(1 + rng.IntN(3)),
			Status:     statuses[rng.IntN(len(statuses))],
			Priority:   frontlinev1.TicketPriority(1 + rng.IntN(4)),
			CreateTime: timestamppb.New(created),
		}
		if rng.IntN(5) > 0 {
			t.AssigneeId = agents[rng.IntN(len(agents))]
		}
		if c := categories[rng.IntN(len(categories))]; c != "" {
			score := rng.Float64()*2 - 1
			t.Triage = &frontlinev1.TicketTriage{Category: &frontlinev1.ScoredLabel{Label: c}, Sentiment: &frontlinev1.ScoredLabel{Label: "neutral"}, SentimentScore: score}
		}
		if t.Channel == frontlinev1.Channel_CHANNEL_WIDGET {
			t.BotAnswers = rng.IntN(2) == 0
			if t.BotAnswers && rng.IntN(3) == 0 {
				t.HandoverReason = reasons[rng.IntN(len(reasons))]
			}
		}
		if rng.IntN(3) == 0 {
			t.Rating = int32(1 + rng.IntN(5))
		}
		msgs = msgs[:0]
		at := created
		for k := range 2 + rng.IntN(17) {
			at = at.Add(time.Duration(1+rng.IntN(240)) * time.Minute)
			m := Message{Kind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER, At: at.Unix()}
			if k%2 == 1 {
				m.Kind, m.AuthorID, m.Internal = frontlinev1.AuthorKind_AUTHOR_KIND_AGENT, agents[rng.IntN(len(agents))], rng.IntN(10) == 0
			}
			msgs = append(msgs, m)
		}
		total += len(msgs)
		t.UpdateTime = timestamppb.New(at)
		facts = append(facts, NewFacts(t, msgs))
	}
	return facts, total
}

// Bench times the 90-day dashboard over 100,000 tickets and about
// 1,000,000 messages (figure desk.analytics_ms, the median of 7 runs), and
// reducing them to facts once (desk.analytics_facts_ms).
func Bench(ctx context.Context) ([]figures.Figure, error) {
	loc := time.Local
	now := time.Date(2026, 11, 27, 15, 0, 0, 0, loc)
	start := time.Now()
	facts, nmsg := Synthetic(100_000, now, 7)
	build := time.Since(start)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	q := Query{From: today.AddDate(0, 0, -89), To: today.AddDate(0, 0, 1), Loc: loc, Now: now,
		SLA: map[frontlinev1.TicketPriority]Target{
			frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL: {FirstResponse: 4 * time.Hour, Resolution: 48 * time.Hour},
			frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT: {FirstResponse: time.Hour, Resolution: 8 * time.Hour},
		}}
	var runs []float64
	var d *Dashboard
	for range 7 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t0 := time.Now()
		var err error
		if d, err = Compute(facts, q); err != nil {
			return nil, err
		}
		runs = append(runs, float64(time.Since(t0).Microseconds())/1000)
	}
	slices.Sort(runs)
	return []figures.Figure{
		{Name: "desk.analytics_ms", Value: runs[len(runs)/2], Unit: "ms", Goal: "< 500",
			Note: fmt.Sprintf("90-day dashboard over %d tickets, %d messages (cohort %d), median of %d", len(facts), nmsg, d.Total, len(runs))},
		{Name: "desk.analytics_facts_ms", Value: float64(build.Milliseconds()), Unit: "ms",
			Note: "generating and reducing the synthetic tickets and messages to facts once"},
	}, nil
}
