package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/hub"
	"github.com/frontlinedesk/frontline/server/store"
)

// widgetService serves the customer chat widget. Customers are a third,
// narrower identity: StartConversation and GetWidgetConfig take the public
// widget key; everything else takes the conversation token and reaches only
// that token's ticket, never its internal notes.
type widgetService struct{ s *Server }

var _ frontlinev1connect.WidgetServiceHandler = (*widgetService)(nil)

// Widget texts until tenants can configure them.
const (
	widgetGreeting = "Hi! Tell us a little about your question and a member of our team will answer here."
	widgetBotName  = "Frontline assistant"
	widgetAccent   = "#2563eb"
	maxSubjectLine = 120
)

// company looks a tenant up by its public widget key.
func (w *widgetService) company(ctx context.Context, key string) (*frontlinev1.Company, error) {
	if err := checkToken("widget_key", key, desk.WidgetKeyPrefix); err != nil {
		return nil, err
	}
	c, err := w.s.st.CompanyByWidgetKey(ctx, key)
	if errors.Is(err, desk.ErrNotFound) {
		return nil, withMessage("unknown widget key", err)
	}
	if err != nil {
		return nil, fmt.Errorf("find widget key: %w", err)
	}
	return c, nil
}

func (w *widgetService) GetWidgetConfig(ctx context.Context, req *frontlinev1.GetWidgetConfigRequest) (*frontlinev1.GetWidgetConfigResponse, error) {
	c, err := w.company(ctx, req.GetWidgetKey())
	if err != nil {
		return nil, err
	}
	ws, err := w.s.widgetSettings(ctx, c.GetId())
	if err != nil {
		return nil, err
	}
	w.s.warmBot(c.GetId(), ws)
	return &frontlinev1.GetWidgetConfigResponse{
		CompanyName:        c.GetName(),
		Greeting:           ws.GetGreeting(),
		BotName:            ws.GetBotName(),
		AccentColor:        ws.GetAccentColor(),
		BotEnabled:         ws.GetBotEnabled(),
		BusinessHours:      ws.GetBusinessHours(),
		OpenNow:            openAt(ws.GetBusinessHours(), w.s.now()),
		TranscriptEmail:    w.s.chat.mailer != nil,
		MaxAttachmentBytes: maxAttachmentBytes,
	}, nil
}

func (w *widgetService) StartConversation(ctx context.Context, req *frontlinev1.StartConversationRequest) (*frontlinev1.StartConversationResponse, error) {
	if err := checkToken("widget_key", req.GetWidgetKey(), desk.WidgetKeyPrefix); err != nil {
		return nil, err
	}
	name, err := checkLine("name", req.GetName(), 1, maxPersonName)
	if err != nil {
		return nil, err
	}
	addr, err := checkEmail("email", req.GetEmail())
	if err != nil {
		return nil, err
	}
	product, err := checkLine("product", req.GetProduct(), 0, maxProduct)
	if err != nil {
		return nil, err
	}
	if err := checkText("description", req.GetDescription(), 1, maxWidgetBody); err != nil {
		return nil, err
	}
	c, err := w.company(ctx, req.GetWidgetKey())
	if err != nil {
		return nil, err
	}
	tk, first := w.s.newTicket(ticketDraft{
		subject:  subjectFrom(req.GetDescription()),
		body:     req.GetDescription(),
		customer: &frontlinev1.Customer{Name: name, Email: addr},
		product:  product,
		priority: frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL,
		channel:  frontlinev1.Channel_CHANNEL_WIDGET,
	})
	tk.BotAnswers = w.s.botEnabled(ctx, c.GetId())
	w.s.triageNew(ctx, c.GetId(), tk, first)
	tk, err = w.s.st.CreateTicket(ctx, c.GetId(), tk, first)
	if err != nil {
		return nil, fmt.Errorf("start conversation: %w", err)
	}
	now := w.s.now()
	tok := desk.NewToken(desk.ConversationTokenPrefix)
	err = w.s.st.CreateSession(ctx, store.Session{
		TokenHash:  desk.HashToken(tok),
		Kind:       store.SessionConversation,
		TenantID:   c.GetId(),
		TicketID:   tk.GetId(),
		CreateTime: now,
		ExpireTime: now.Add(conversationTTL),
	})
	if err != nil {
		return nil, fmt.Errorf("start conversation: create token: %w", err)
	}
	if err := w.s.scheduleIdleClose(ctx, c.GetId(), tk.GetId(), now); err != nil {
		w.s.log.Warn("schedule inactivity close", "ticket", tk.GetId(), "err", err)
	}
	if after := w.s.botTurn(ctx, c.GetId(), tk.GetId()); after != nil {
		tk = after
	}
	if !tk.GetBotAnswers() {
		w.s.autoAssign(ctx, c.GetId(), tk.GetId())
	}
	return &frontlinev1.StartConversationResponse{
		Conversation: w.s.conversation(tk),
		Token:        tok,
		Messages:     []*frontlinev1.Message{first},
	}, nil
}

// subjectFrom makes a ticket subject from the first non-empty line of a
// description, shortened to maxSubjectLine characters.
func subjectFrom(desc string) string {
	s := ""
	for l := range strings.Lines(desc) {
		if l = strings.TrimSpace(l); l != "" {
			s = l
			break
		}
	}
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > maxSubjectLine {
		s = string([]rune(s)[:maxSubjectLine-1]) + "…"
	}
	return s
}

func conversation(tk *frontlinev1.Ticket) *frontlinev1.Conversation {
	return &frontlinev1.Conversation{
		Id:       tk.GetId(),
		Number:   tk.GetNumber(),
		Status:   tk.GetStatus(),
		Customer: tk.GetCustomer(),
	}
}

func (w *widgetService) SendMessage(ctx context.Context, req *frontlinev1.SendMessageRequest) (*frontlinev1.SendMessageResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkText("body", req.GetBody(), 1, maxWidgetBody); err != nil {
		return nil, err
	}
	now := w.s.now()
	m := &frontlinev1.Message{
		Id:         desk.NewID(now),
		TicketId:   c.TicketID,
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		Body:       req.GetBody(),
		CreateTime: timestamppb.New(now),
	}
	if err := w.addCustomerMessage(ctx, c, m); err != nil {
		return nil, err
	}
	w.s.triageTicket(ctx, c.TenantID, c.TicketID)
	w.s.botTurn(ctx, c.TenantID, c.TicketID)
	return &frontlinev1.SendMessageResponse{Message: m}, nil
}

func (w *widgetService) GetConversation(ctx context.Context, _ *frontlinev1.GetConversationRequest) (*frontlinev1.GetConversationResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	tk, msgs, err := w.s.publicThread(ctx, c.TenantID, c.TicketID)
	if err != nil {
		return nil, err
	}
	return &frontlinev1.GetConversationResponse{Conversation: w.s.conversationFor(ctx, c.TenantID, tk), Messages: msgs}, nil
}

// publicThread reads a ticket and its messages without internal notes.
func (s *Server) publicThread(ctx context.Context, tenantID, ticketID string) (*frontlinev1.Ticket, []*frontlinev1.Message, error) {
	tk, err := s.st.Ticket(ctx, tenantID, ticketID)
	if err != nil {
		return nil, nil, fmt.Errorf("read conversation: %w", err)
	}
	all, err := s.st.Messages(ctx, tenantID, ticketID)
	if err != nil {
		return nil, nil, fmt.Errorf("read conversation messages: %w", err)
	}
	msgs := make([]*frontlinev1.Message, 0, len(all))
	for _, m := range all {
		if !m.GetInternal() {
			msgs = append(msgs, m)
		}
	}
	return tk, msgs, nil
}

// WatchConversation first sends the public messages after after_message_id
// (all of them when it is empty or unknown), then new public messages and
// status changes as they happen, with a heartbeat when idle. It ends after
// the watch limit, or when the server shuts down; the widget then resumes
// with the newest message id it has.
func (w *widgetService) WatchConversation(ctx context.Context, req *frontlinev1.WatchConversationRequest, stream *connect.ServerStream[frontlinev1.WatchConversationResponse]) error {
	c, err := callerFrom(ctx)
	if err != nil {
		return err
	}
	if after := req.GetAfterMessageId(); after != "" {
		if err := checkID("after_message_id", after); err != nil {
			return err
		}
	}
	// At most a few streams per conversation: this one evicts the oldest.
	slot := w.s.chat.slots.take(c.TicketID)
	defer w.s.chat.slots.release(slot)
	// Subscribe before reading, so nothing written in between is missed.
	sub := w.s.hub.Subscribe(c.TenantID, c.TicketID)
	defer sub.Close()

	wt := &watcher{stream: stream, sent: make(map[string]bool), conv: func(tk *frontlinev1.Ticket) *frontlinev1.Conversation {
		return w.s.conversationFor(ctx, c.TenantID, tk)
	}}
	if err := wt.catchUp(ctx, w.s, c, req.GetAfterMessageId()); err != nil {
		return err
	}
	limit := time.NewTimer(w.s.watchLimit)
	defer limit.Stop()
	beat := time.NewTicker(w.s.heartbeat)
	defer beat.Stop()
	queueTick := time.NewTicker(w.s.chatCfg.queueRefresh)
	defer queueTick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-w.s.closing:
			return nil
		case <-limit.C:
			return nil
		case <-slot.evicted:
			return errTooManyStreams()
		case <-beat.C:
			if err := stream.Send(&frontlinev1.WatchConversationResponse{
				Event: &frontlinev1.WatchConversationResponse_Heartbeat{Heartbeat: &frontlinev1.Heartbeat{}},
			}); err != nil {
				return fmt.Errorf("send heartbeat: %w", err)
			}
		case <-queueTick.C:
			// While waiting for a person, the queue moves as other
			// conversations are answered.
			if wt.status == frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
				tk, err := w.s.st.Ticket(ctx, c.TenantID, c.TicketID)
				if err != nil {
					return fmt.Errorf("refresh queue: %w", err)
				}
				if err := wt.ticket(tk); err != nil {
					return err
				}
			}
		case <-sub.Lagged():
			if err := wt.catchUp(ctx, w.s, c, ""); err != nil {
				return err
			}
		case e := <-sub.Events():
			if err := wt.event(e); err != nil {
				return err
			}
		}
	}
}

// watcher remembers what a WatchConversation stream has sent, so that
// events and re-reads after a lag never send a message twice.
type watcher struct {
	stream *connect.ServerStream[frontlinev1.WatchConversationResponse]
	sent   map[string]bool
	status frontlinev1.TicketStatus
	rating int32
	queue  *frontlinev1.HandoverQueue
	conv   func(*frontlinev1.Ticket) *frontlinev1.Conversation
}

// catchUp sends the public messages not yet sent that come after afterID
// (every one when afterID is empty or unknown), then the conversation when
// its status is new to the stream: the first catch-up always sends it, so a
// resuming widget learns the current status.
func (wt *watcher) catchUp(ctx context.Context, s *Server, c caller, afterID string) error {
	tk, msgs, err := s.publicThread(ctx, c.TenantID, c.TicketID)
	if err != nil {
		return err
	}
	for i, m := range msgs {
		if afterID != "" && m.GetId() == afterID {
			// The widget has everything up to here: never send it.
			for _, old := range msgs[:i+1] {
				wt.sent[old.GetId()] = true
			}
			break
		}
	}
	for _, m := range msgs {
		if err := wt.message(m); err != nil {
			return err
		}
	}
	return wt.ticket(tk)
}

func (wt *watcher) event(e hub.Event) error {
	if ty := e.Typing; ty != nil {
		if ty.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER {
			return nil // the customer knows they are typing
		}
		if err := wt.stream.Send(&frontlinev1.WatchConversationResponse{
			Event: &frontlinev1.WatchConversationResponse_Typing{Typing: ty},
		}); err != nil {
			return fmt.Errorf("send typing: %w", err)
		}
		return nil
	}
	if pm := e.Partial; pm != nil {
		if wt.sent[pm.GetId()] {
			return nil // the finished message is out already
		}
		if err := wt.stream.Send(&frontlinev1.WatchConversationResponse{
			Event: &frontlinev1.WatchConversationResponse_Partial{Partial: pm},
		}); err != nil {
			return fmt.Errorf("send partial: %w", err)
		}
		return nil
	}
	if e.Message != nil && !e.Message.GetInternal() {
		if err := wt.message(e.Message); err != nil {
			return err
		}
	}
	if e.Ticket != nil {
		return wt.ticket(e.Ticket)
	}
	return nil
}

func (wt *watcher) message(m *frontlinev1.Message) error {
	if m.GetInternal() || wt.sent[m.GetId()] {
		return nil
	}
	wt.sent[m.GetId()] = true
	err := wt.stream.Send(&frontlinev1.WatchConversationResponse{
		Event: &frontlinev1.WatchConversationResponse_Message{Message: m},
	})
	if err != nil {
		return fmt.Errorf("send message: %w", err)
	}
	return nil
}

func (wt *watcher) ticket(tk *frontlinev1.Ticket) error {
	if tk.GetStatus() == wt.status && tk.GetRating() == wt.rating && tk.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
		return nil
	}
	conv := wt.conv(tk)
	if tk.GetStatus() == wt.status && tk.GetRating() == wt.rating && proto.Equal(conv.GetQueue(), wt.queue) {
		return nil // waiting, and the queue did not move
	}
	wt.status, wt.rating, wt.queue = tk.GetStatus(), tk.GetRating(), conv.GetQueue()
	err := wt.stream.Send(&frontlinev1.WatchConversationResponse{
		Event: &frontlinev1.WatchConversationResponse_Conversation{Conversation: conv},
	})
	if err != nil {
		return fmt.Errorf("send conversation: %w", err)
	}
	return nil
}
