package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/app"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// botRig is a rig whose tenant has the widget bot on and one article, so
// widget conversations get bot answers and can be handed over.
func botRig(t *testing.T) rig {
	t.Helper()
	r := newRig(t)
	ctx := t.Context()
	if _, err := r.tenant.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{
		Settings: &frontlinev1.WidgetSettings{BotEnabled: true, BotName: "Desk bot"},
	}); err != nil {
		t.Fatalf("enable the bot: %v", err)
	}
	if _, err := r.tenant.Clients.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{
		Title:  "Shipping times",
		Body:   "# Shipping times\n\nStandard shipping takes 3 to 5 working days. Express shipping takes 1 to 2 working days.",
		Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
	}); err != nil {
		t.Fatalf("create article: %v", err)
	}
	return r
}

// handOver asks for a person in conv and returns the ticket id.
func handOver(t *testing.T, conv servertest.Conversation) string {
	t.Helper()
	res, err := conv.Clients.Widget.RequestHuman(t.Context(), &frontlinev1.RequestHumanRequest{})
	if err != nil {
		t.Fatalf("RequestHuman: %v", err)
	}
	if got := res.GetConversation().GetStatus(); got != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
		t.Fatalf("status after RequestHuman = %v, want HANDOFF", got)
	}
	return res.GetConversation().GetId()
}

func subjects(ts []app.TicketDTO) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

func TestQueueViews(t *testing.T) {
	t.Parallel()
	r := botRig(t)
	// Two conversations handed over (the older first), one still with the bot.
	first := r.env.StartConversation(t, r.tenant, "How long does shipping take?")
	second := r.env.StartConversation(t, r.tenant, "My frame cracked, I want a person")
	chatting := r.env.StartConversation(t, r.tenant, "Do you ship express?")
	firstID, secondID := handOver(t, first), handOver(t, second)
	chattingID := chatting.Conversation.GetId()

	a := r.newApp(t, &recorder{})
	r.signIn(t, a)

	var live, handoff []app.TicketDTO
	eventually(t, 10*time.Second, func() bool {
		var err error
		if live, err = a.Tickets.List(app.TicketFilter{View: app.ViewLive}); err != nil {
			t.Fatalf("List(live): %v", err)
		}
		if handoff, err = a.Tickets.List(app.TicketFilter{View: app.ViewHandoff}); err != nil {
			t.Fatalf("List(handoff): %v", err)
		}
		return len(live) == 1 && len(handoff) == 2
	})
	// Desk tickets are never live chats; handed-over ones
	// are only in their own view.
	if diff := cmp.Diff([]string{chattingID}, subjects(live)); diff != "" {
		t.Errorf("live view (-want +got):\n%s", diff)
	}
	if !live[0].BotAnswers || live[0].LastCustomerAt == "" {
		t.Errorf("live row: botAnswers=%v lastCustomerAt=%q, want true and a time", live[0].BotAnswers, live[0].LastCustomerAt)
	}
	if diff := cmp.Diff([]string{firstID, secondID}, subjects(handoff)); diff != "" {
		t.Errorf("handoff view, oldest first (-want +got):\n%s", diff)
	}
	for _, h := range handoff {
		if h.Status != "handoff" || h.HandoverReason == "" || h.BotAnswers {
			t.Errorf("handoff row %s: status=%q reason=%q botAnswers=%v", h.ID, h.Status, h.HandoverReason, h.BotAnswers)
		}
		if _, err := time.Parse(time.RFC3339, h.HandoverAt); err != nil {
			t.Errorf("handoff row %s: handoverAt %q: %v", h.ID, h.HandoverAt, err)
		}
	}
	// The bot answered the shipping question before the handover: its answer
	// is the row's summary line.
	if s := handoff[0].BotSummary; s == "" || strings.Contains(s, "\n") {
		t.Errorf("bot summary of the shipping conversation = %q, want one non-empty line", s)
	}

	q, err := a.Tickets.Queue()
	if err != nil {
		t.Fatalf("Queue: %v", err)
	}
	if diff := cmp.Diff(app.QueueDTO{Live: 1, Handoff: 2, New: []app.TicketDTO{}}, q); diff != "" {
		t.Errorf("Queue (-want +got):\n%s", diff)
	}
}

func TestQueueEventOnNewHandoff(t *testing.T) {
	t.Parallel()
	r := botRig(t)
	before := r.env.StartConversation(t, r.tenant, "How long does shipping take?")
	handOver(t, before)

	rec := &recorder{}
	a := r.newApp(t, rec)
	r.signIn(t, a)
	queueEvents := func() []app.QueueDTO {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		var out []app.QueueDTO
		for _, e := range rec.events {
			if e.Name == app.EventQueueChanged {
				out = append(out, e.Data.(app.QueueDTO))
			}
		}
		return out
	}
	// What was waiting at sign-in is counted, never announced as new.
	eventually(t, 10*time.Second, func() bool {
		qs := queueEvents()
		return len(qs) > 0 && qs[len(qs)-1].Handoff == 1
	})
	for _, q := range queueEvents() {
		if len(q.New) != 0 {
			t.Fatalf("queue event announced %d new handovers at sign-in: %+v", len(q.New), q)
		}
	}

	// A conversation handed over now arrives through sync and is announced
	// once, with its reason.
	later := r.env.StartConversation(t, r.tenant, "Do you ship express?")
	laterID := handOver(t, later)
	var got app.QueueDTO
	eventually(t, 10*time.Second, func() bool {
		for _, q := range queueEvents() {
			if len(q.New) > 0 {
				got = q
				return true
			}
		}
		return false
	})
	if got.Handoff != 2 || len(got.New) != 1 || got.New[0].ID != laterID || got.New[0].HandoverReason == "" {
		t.Fatalf("queue event = %+v, want 2 waiting and the new conversation %s with a reason", got, laterID)
	}
	// Nothing else is announced as new afterwards (for example when the
	// agent's own writes change the replica).
	if _, err := a.Tickets.AssignToMe(laterID); err != nil {
		t.Fatalf("AssignToMe: %v", err)
	}
	time.Sleep(300 * time.Millisecond)
	announced := 0
	for _, q := range queueEvents() {
		announced += len(q.New)
	}
	if announced != 1 {
		t.Errorf("announced %d new handovers in all, want 1", announced)
	}
}

func TestListUnknownViewStillRefused(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.newApp(t, &recorder{})
	r.signIn(t, a)
	_, err := a.Tickets.List(app.TicketFilter{View: "lively"})
	if ue := uiError(t, err); ue.Kind != app.KindInvalid {
		t.Fatalf("List(lively) error kind = %q, want invalid", ue.Kind)
	}
}
