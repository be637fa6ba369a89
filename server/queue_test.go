package server_test

import (
	"strings"
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/mailer"
	"github.com/frontlinedesk/frontline/server/mailer/mailertest"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func TestQueue_PositionEstimateAndHours(t *testing.T) {
	t.Parallel()
	clock := newClock(monday10)
	smtpd := mailertest.New(t)
	env := newBotEnv(t, server.WithClock(clock.Now), server.WithQueueRefresh(20*time.Millisecond), server.WithHeartbeat(time.Hour),
		server.WithMailer(&mailer.SMTP{Addr: smtpd.Addr, From: "support@northwind.test", Timeout: 5 * time.Second}))
	ten, _ := botTenant(t, env, "Queue", bikeKB)
	ctx := t.Context()

	handOver := func(desc string) servertest.Conversation {
		t.Helper()
		clock.Add(time.Second)
		conv := env.StartConversation(t, ten, desc)
		res := must(conv.Clients.Widget.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{}))(t)
		if res.GetConversation().GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
			t.Fatalf("RequestHuman left status %v", res.GetConversation().GetStatus())
		}
		return conv
	}
	var convs []servertest.Conversation
	for i := range 3 {
		convs = append(convs, handOver("How long does shipping take? #"+string(rune('1'+i))))
	}
	q, _ := thread(t, convs[1])
	if got := q.GetQueue(); got.GetPosition() != 2 || got.GetLength() != 3 || got.GetEstimateSeconds() != 0 ||
		!strings.Contains(got.GetEstimateText(), "don't have an estimate") || got.GetOutsideHours() {
		t.Errorf("second in queue = %v; want position 2 of 3, no estimate yet, open", got)
	}

	// The third customer watches; the queue moves as agents answer.
	events, _ := watch(t, convs[2].Clients)
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		return e.GetConversation().GetQueue().GetPosition() == 3
	})
	reply := func(c servertest.Conversation, after time.Duration) {
		t.Helper()
		clock.Add(after)
		must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: c.Conversation.GetId(), Body: "Hi, I'm here to help."}))(t)
	}
	reply(convs[0], 2*time.Minute)
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		return e.GetConversation().GetQueue().GetPosition() == 2
	})
	reply(convs[1], 4*time.Minute)
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		return e.GetConversation().GetQueue().GetPosition() == 1
	})

	// Three answered handovers waited about 2, 6 and 10 minutes (the
	// replies came 2 and 4 minutes apart, the handovers a second apart):
	// the median is the estimate.
	reply(convs[2], 4*time.Minute)
	c4 := handOver("Where is my order?")
	clock.Add(2 * time.Minute) // past the estimate cache
	q, _ = thread(t, c4)
	if got := q.GetQueue(); got.GetPosition() != 1 || got.GetLength() != 1 || got.GetEstimateSeconds() < 5*60 || got.GetEstimateSeconds() > 7*60 ||
		!strings.Contains(got.GetEstimateText(), "about 6 minutes") {
		t.Errorf("queue with history = %v; want position 1 of 1 and about 6 minutes", got)
	}

	// Outside business hours the widget promises an email (the server has
	// a mailer; TestQueue_OutOfHoursWithoutMailer covers one without).
	must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{
		BotEnabled:    true,
		BusinessHours: &frontlinev1.BusinessHours{Days: []*frontlinev1.OpeningHours{{Weekday: 2, Open: "09:00", Close: "17:00"}}},
	}}))(t)
	q, _ = thread(t, c4)
	if got := q.GetQueue(); !got.GetOutsideHours() || !strings.Contains(got.GetNotice(), "We will email you at wendy@example.com") {
		t.Errorf("queue outside hours = %v; want the email notice", got)
	}
	// An answered conversation has no queue.
	reply(c4, time.Minute)
	if q, _ = thread(t, c4); q.GetQueue() != nil {
		t.Errorf("answered conversation has queue %v", q.GetQueue())
	}
}

func TestQueue_OutOfHoursWithoutMailer(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t, server.WithHeartbeat(time.Hour))
	ten := env.RegisterCompany(t, "NoMailQueue")
	ctx := t.Context()
	// Open one hour, three days from now: closed at this moment.
	day := int32((time.Now().UTC().Weekday() + 3) % 7)
	must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{
		BotEnabled:    true,
		BusinessHours: &frontlinev1.BusinessHours{Days: []*frontlinev1.OpeningHours{{Weekday: day, Open: "09:00", Close: "10:00"}}},
	}}))(t)
	conv := env.StartConversation(t, ten, "Is my order on its way?")
	must(conv.Clients.Widget.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{}))(t)
	c, _ := thread(t, conv)
	if q := c.GetQueue(); !q.GetOutsideHours() || strings.Contains(q.GetNotice(), "email") || !strings.Contains(q.GetNotice(), "answer here") {
		t.Errorf("queue outside hours without a mailer = %v; want a notice that promises no email", q)
	}
}
