package server_test

import (
	"testing"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// receive reads stream events until one satisfies ok, failing after 5 s.
func receive(t *testing.T, events <-chan *frontlinev1.WatchConversationResponse, ok func(*frontlinev1.WatchConversationResponse) bool) *frontlinev1.WatchConversationResponse {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case e, open := <-events:
			if !open {
				t.Fatal("stream ended early")
			}
			if ok(e) {
				return e
			}
		case <-timeout:
			t.Fatal("timed out waiting for a stream event")
		}
	}
}

func TestWidget_AgentReplyArrivesLiveOverHTTP1(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, server.WithHeartbeat(50*time.Millisecond))
	ten := env.RegisterCompany(t, "Live")
	ctx := t.Context()

	cfg := must(env.Clients("").Widget.GetWidgetConfig(ctx, &frontlinev1.GetWidgetConfigRequest{WidgetKey: ten.Company.GetWidgetKey()}))(t)
	if cfg.GetCompanyName() != ten.Company.GetName() || cfg.GetBotEnabled() {
		t.Errorf("config = %v; want the company's name and no bot", cfg)
	}
	conv := env.StartConversation(t, ten, "My brakes squeal\nThey started last week after rain.")
	tk := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv.Conversation.GetId()}))(t).GetTicket()
	if tk.GetSubject() != "My brakes squeal" || tk.GetChannel() != frontlinev1.Channel_CHANNEL_WIDGET {
		t.Errorf("ticket = %v; want subject from the first line, channel widget", tk)
	}

	// The default servertest client speaks HTTP/1.1 only.
	stream, err := conv.Clients.Widget.WatchConversation(ctx, &frontlinev1.WatchConversationRequest{})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *frontlinev1.WatchConversationResponse, 16)
	go func() {
		defer close(events)
		for stream.Receive() {
			events <- stream.Msg()
		}
	}()
	t.Cleanup(func() { _ = stream.Close() })

	// Catch-up: the first message, then the current status.
	first := receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetMessage() != nil })
	if first.GetMessage().GetAuthorKind() != frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER {
		t.Errorf("first message = %v; want the customer's description", first.GetMessage())
	}
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetHeartbeat() != nil })

	note := must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: tk.GetId(), Body: "customer sounds annoyed", Internal: true}))(t)
	reply := must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: tk.GetId(), Body: "Hi! Try cleaning the rotors."}))(t)
	if reply.GetTicket().GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_OPEN {
		t.Errorf("status after reply = %v; want open", reply.GetTicket().GetStatus())
	}
	got := receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		if e.GetMessage().GetId() == note.GetMessage().GetId() {
			t.Error("internal note reached the widget stream")
		}
		return e.GetMessage().GetId() == reply.GetMessage().GetId()
	})
	if got.GetMessage().GetBody() != "Hi! Try cleaning the rotors." {
		t.Errorf("reply body = %q", got.GetMessage().GetBody())
	}
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		return e.GetConversation().GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_OPEN
	})

	// The conversation never shows the note.
	view := must(conv.Clients.Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{}))(t)
	for _, m := range view.GetMessages() {
		if m.GetInternal() {
			t.Errorf("GetConversation returned internal note %q", m.GetBody())
		}
	}
	if len(view.GetMessages()) != 2 {
		t.Errorf("conversation has %d messages; want 2", len(view.GetMessages()))
	}
	// The desk sees everything.
	desk := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: tk.GetId()}))(t)
	if len(desk.GetMessages()) != 3 || desk.GetTicket().GetMessageCount() != 3 {
		t.Errorf("desk sees %d messages, count %d; want 3", len(desk.GetMessages()), desk.GetTicket().GetMessageCount())
	}
}

func TestWidget_ResumeAfterMessageAndCustomerReopens(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, server.WithWatchLimit(300*time.Millisecond))
	ten := env.RegisterCompany(t, "Resume")
	ctx := t.Context()
	conv := env.StartConversation(t, ten, "Where is my order?")
	reply := must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: conv.Conversation.GetId(), Body: "It ships today."}))(t)
	must(ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: conv.Conversation.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED.Enum()}))(t)
	sent := must(conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "Thanks, one more question"}))(t)

	// Resuming after the agent's reply sends only what came later, and the
	// stream ends by itself at the watch limit.
	stream, err := conv.Clients.Widget.WatchConversation(ctx, &frontlinev1.WatchConversationRequest{AfterMessageId: reply.GetMessage().GetId()})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	var status frontlinev1.TicketStatus
	for stream.Receive() {
		if m := stream.Msg().GetMessage(); m != nil {
			msgs = append(msgs, m.GetId())
		}
		if c := stream.Msg().GetConversation(); c != nil {
			status = c.GetStatus()
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("stream ended with %v; want a clean end at the watch limit", err)
	}
	if len(msgs) != 1 || msgs[0] != sent.GetMessage().GetId() {
		t.Errorf("resumed stream sent %v; want only %s", msgs, sent.GetMessage().GetId())
	}
	if status != frontlinev1.TicketStatus_TICKET_STATUS_OPEN {
		t.Errorf("status = %v; want open after the customer wrote to a resolved ticket", status)
	}

	must(ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: conv.Conversation.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_CLOSED.Enum()}))(t)
	_, err = conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "hello?"})
	wantCode(t, "send to closed conversation", err, connect.CodeFailedPrecondition)
}

func TestWidget_StreamOverH2CWithGRPC(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, server.WithWatchLimit(200*time.Millisecond))
	ten := env.RegisterCompany(t, "H2C")
	conv := env.StartConversation(t, ten, "Over gRPC")
	c := env.ClientsWith(env.H2CClient, conv.Token, connect.WithGRPC())
	stream, err := c.Widget.WatchConversation(t.Context(), &frontlinev1.WatchConversationRequest{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for stream.Receive() {
		if stream.Msg().GetMessage() != nil {
			n++
		}
	}
	if err := stream.Err(); err != nil || n != 1 {
		t.Errorf("gRPC stream got %d messages, err %v; want 1, nil", n, err)
	}
}
