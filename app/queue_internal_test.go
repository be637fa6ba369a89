package app

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

func TestIsLive(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) *timestamppb.Timestamp { return timestamppb.New(now.Add(-d)) }
	const (
		widget = frontlinev1.Channel_CHANNEL_WIDGET
		email  = frontlinev1.Channel_CHANNEL_DESK
		stNew  = frontlinev1.TicketStatus_TICKET_STATUS_NEW
		stOpen = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
		stHand = frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
		stPend = frontlinev1.TicketStatus_TICKET_STATUS_PENDING
	)
	tests := []struct {
		name string
		t    *frontlinev1.Ticket
		want bool
	}{
		{"customer wrote a minute ago", &frontlinev1.Ticket{Channel: widget, Status: stOpen, LastCustomerMessageTime: ago(time.Minute)}, true},
		{"customer wrote at the window's edge", &frontlinev1.Ticket{Channel: widget, Status: stNew, LastCustomerMessageTime: ago(LiveWindow)}, true},
		{"customer went quiet", &frontlinev1.Ticket{Channel: widget, Status: stOpen, LastCustomerMessageTime: ago(LiveWindow + time.Second)}, false},
		{"bot still answering, quiet", &frontlinev1.Ticket{Channel: widget, Status: stNew, BotAnswers: true, LastCustomerMessageTime: ago(time.Hour)}, true},
		{"bot ticket an agent answered", &frontlinev1.Ticket{Channel: widget, Status: stOpen, BotAnswers: true, LastCustomerMessageTime: ago(time.Hour)}, false},
		{"handed over (own view)", &frontlinev1.Ticket{Channel: widget, Status: stHand, HandoverReason: "you asked", LastCustomerMessageTime: ago(time.Minute)}, false},
		{"pending", &frontlinev1.Ticket{Channel: widget, Status: stPend, LastCustomerMessageTime: ago(time.Minute)}, false},
		{"desk ticket", &frontlinev1.Ticket{Channel: email, Status: stNew, LastCustomerMessageTime: ago(time.Minute)}, false},
		{"no customer message time", &frontlinev1.Ticket{Channel: widget, Status: stNew}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isLive(tc.t, now); got != tc.want {
				t.Errorf("isLive = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFirstLine(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 100)
	tests := []struct{ in, want string }{
		{"", ""},
		{"\n\n  \n", ""},
		{"\n  Standard shipping   takes 3 days.\nMore here.", "Standard shipping takes 3 days."},
		{long, strings.TrimSpace(string([]rune(strings.TrimSpace(long))[:maxSummary-1])) + "…"},
	}
	for _, tc := range tests {
		if got := firstLine(tc.in); got != tc.want {
			t.Errorf("firstLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAddHandover(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	msg := func(k frontlinev1.AuthorKind, body string, internal bool, min int) replica.MessageView {
		return replica.MessageView{Message: &frontlinev1.Message{AuthorKind: k, Body: body, Internal: internal, CreateTime: timestamppb.New(at.Add(time.Duration(min) * time.Minute))}}
	}
	th := &replica.Thread{Messages: []replica.MessageView{
		msg(frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER, "Where is my bike?", false, 0),
		msg(frontlinev1.AuthorKind_AUTHOR_KIND_BOT, "Standard shipping takes 3 to 5 days.\n\nSources: Shipping", false, 1),
		msg(frontlinev1.AuthorKind_AUTHOR_KIND_BOT, "I don't know that one.", false, 2),
		msg(frontlinev1.AuthorKind_AUTHOR_KIND_AGENT, "internal: watch this", true, 3),
		msg(frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM, "Handed to a person: you asked for a person. A member of our team will reply here.", false, 4),
	}}
	t.Run("reason from the thread", func(t *testing.T) {
		dto := TicketDTO{UpdatedAt: "2026-03-01T13:00:00Z"}
		addHandover(&dto, th)
		want := TicketDTO{UpdatedAt: "2026-03-01T13:00:00Z", HandoverReason: "you asked for a person", HandoverAt: "2026-03-01T12:04:00Z", BotSummary: "I don't know that one."}
		if diff := cmp.Diff(want, dto); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("the ticket's reason wins; no system message", func(t *testing.T) {
		dto := TicketDTO{UpdatedAt: "2026-03-01T13:00:00Z", HandoverReason: "confidence was low"}
		addHandover(&dto, &replica.Thread{Messages: th.Messages[:2]})
		want := TicketDTO{UpdatedAt: "2026-03-01T13:00:00Z", HandoverReason: "confidence was low", HandoverAt: "2026-03-01T13:00:00Z", BotSummary: "Standard shipping takes 3 to 5 days."}
		if diff := cmp.Diff(want, dto); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}
