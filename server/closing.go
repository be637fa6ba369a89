package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/hub"
	"github.com/frontlinedesk/frontline/server/store"
)

// Rating limits.
const (
	minRating        = 1
	maxRating        = 5
	maxRatingComment = 1000
)

// errStillActive aborts an inactivity close when the customer wrote after
// the scheduler read the ticket.
var errStillActive = errors.New("conversation became active")

// conversation is the customer's view of tk.
func (s *Server) conversation(tk *frontlinev1.Ticket) *frontlinev1.Conversation {
	c := conversation(tk)
	c.Rating = tk.GetRating()
	c.BotActive, c.HandoverReason = botActive(tk), tk.GetHandoverReason()
	if tk.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED && tk.GetCloseTime() != nil {
		c.ReopenUntil = timestamppb.New(tk.GetCloseTime().AsTime().Add(s.chat.closeGrace))
	}
	return c
}

// addCustomerMessage stores a customer message on the caller's ticket: it
// reopens a ticket closed for inactivity within the grace period (and
// refuses after it), moves the inactivity close, and publishes the change.
func (w *widgetService) addCustomerMessage(ctx context.Context, c caller, m *frontlinev1.Message) error {
	s := w.s
	tk, err := s.st.Ticket(ctx, c.TenantID, c.TicketID)
	if err != nil {
		return fmt.Errorf("send message: %w", err)
	}
	m.AuthorName = tk.GetCustomer().GetName()
	now := m.GetCreateTime().AsTime()
	tk, err = s.st.AddMessage(ctx, c.TenantID, m, func(tk *frontlinev1.Ticket) error {
		if tk.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED {
			ct := tk.GetCloseTime()
			if ct == nil || now.After(ct.AsTime().Add(s.chat.closeGrace)) {
				return withMessage("this conversation is closed; please start a new one", desk.ErrFailedPrecondition)
			}
			// Closed for inactivity and still within the grace period.
			tk.Status = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
			tk.CloseTime = nil
		}
		tk.MessageCount++
		tk.UpdateTime = m.GetCreateTime()
		tk.LastCustomerMessageTime = m.GetCreateTime()
		tk.Status = desk.StatusAfterCustomerMessage(tk.GetStatus())
		desk.StampTimes(tk, false, m.GetCreateTime())
		return nil
	})
	if err != nil {
		return fmt.Errorf("send message: %w", err)
	}
	if err := s.scheduleIdleClose(ctx, c.TenantID, c.TicketID, now); err != nil {
		// The message is stored; a missing schedule only delays the close
		// until the customer writes again, so log rather than fail.
		s.log.Warn("schedule inactivity close", "ticket", c.TicketID, "err", err)
	}
	s.hub.Publish(hub.Event{TenantID: c.TenantID, TicketID: c.TicketID, Message: m, Ticket: tk})
	return nil
}

// scheduleIdleClose makes the ticket due for an inactivity close one
// timeout after lastCustomer.
func (s *Server) scheduleIdleClose(ctx context.Context, tenantID, ticketID string, lastCustomer time.Time) error {
	ws, err := s.widgetSettings(ctx, tenantID)
	if err != nil {
		return err
	}
	t := lastCustomer.Add(s.idleTimeout(ws))
	if err := s.st.ScheduleClose(ctx, tenantID, ticketID, t); err != nil {
		return fmt.Errorf("schedule close: %w", err)
	}
	return nil
}

// closeIfIdle is the scheduler's job for one due entry: close the
// conversation when the customer has been silent for the tenant's timeout,
// otherwise move the entry to the new due time.
func (s *Server) closeIfIdle(ctx context.Context, d store.CloseDue) error {
	tk, err := s.st.Ticket(ctx, d.TenantID, d.TicketID)
	if errors.Is(err, desk.ErrNotFound) {
		return s.st.CancelClose(ctx, d.TenantID, d.TicketID)
	}
	if err != nil {
		return err
	}
	if tk.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED {
		return s.st.CancelClose(ctx, d.TenantID, d.TicketID)
	}
	ws, err := s.widgetSettings(ctx, d.TenantID)
	if err != nil {
		return err
	}
	timeout := s.idleTimeout(ws)
	last := tk.GetLastCustomerMessageTime()
	if last == nil {
		last = tk.GetCreateTime()
	}
	now := s.now()
	if due := last.AsTime().Add(timeout); now.Before(due) {
		return s.st.ScheduleClose(ctx, d.TenantID, d.TicketID, due)
	}
	m := &frontlinev1.Message{
		Id:         desk.NewID(now),
		TicketId:   d.TicketID,
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM,
		Body: fmt.Sprintf("This conversation was closed after %s without a message from you. "+
			"Write again within %s to reopen it.", graceText(timeout), graceText(s.chat.closeGrace)),
		CreateTime: timestamppb.New(now),
	}
	closed, err := s.st.AddMessage(ctx, d.TenantID, m, func(cur *frontlinev1.Ticket) error {
		if cur.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED ||
			!cur.GetLastCustomerMessageTime().AsTime().Equal(tk.GetLastCustomerMessageTime().AsTime()) {
			return errStillActive
		}
		cur.Status = frontlinev1.TicketStatus_TICKET_STATUS_CLOSED
		cur.CloseTime = m.GetCreateTime()
		cur.UpdateTime = m.GetCreateTime()
		cur.MessageCount++
		desk.StampTimes(cur, false, m.GetCreateTime())
		return nil
	})
	if errors.Is(err, errStillActive) {
		return nil // the customer's message moved the entry already
	}
	if err != nil {
		return fmt.Errorf("close idle conversation: %w", err)
	}
	s.hub.Publish(hub.Event{TenantID: d.TenantID, TicketID: d.TicketID, Message: m, Ticket: closed})
	return s.st.CancelClose(ctx, d.TenantID, d.TicketID)
}

// idleTimeout is how long a conversation may go without a customer
// message before it is closed: the tenant's setting, or the server-wide
// override (WithInactivityOverride).
func (s *Server) idleTimeout(ws *frontlinev1.WidgetSettings) time.Duration {
	if s.chat.idle > 0 {
		return s.chat.idle
	}
	return inactivityTimeout(ws)
}

// graceText says a duration in words: whole hours, else minutes, else
// seconds (only seen with a test override).
func graceText(d time.Duration) string {
	if d < time.Minute {
		s := int(d.Round(time.Second).Seconds())
		if s == 1 {
			return "1 second"
		}
		return fmt.Sprintf("%d seconds", s)
	}
	if d == time.Minute {
		return "1 minute"
	}
	h := d.Hours()
	if h >= 1 && h == float64(int(h)) {
		if h == 1 {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", int(h))
	}
	return fmt.Sprintf("%.0f minutes", h*60)
}

func (w *widgetService) RateConversation(ctx context.Context, req *frontlinev1.RateConversationRequest) (*frontlinev1.RateConversationResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if r := req.GetRating(); r < minRating || r > maxRating {
		return nil, desk.Invalid("rating", fmt.Sprintf("must be %d to %d", minRating, maxRating))
	}
	if err := checkText("comment", req.GetComment(), 0, maxRatingComment); err != nil {
		return nil, err
	}
	tk, err := w.s.st.UpdateTicket(ctx, c.TenantID, c.TicketID, func(tk *frontlinev1.Ticket) error {
		switch tk.GetStatus() {
		case frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED:
		default:
			return withMessage("you can rate the conversation once it is resolved or closed", desk.ErrFailedPrecondition)
		}
		tk.Rating = req.GetRating()
		tk.RatingComment = req.GetComment()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rate conversation: %w", err)
	}
	w.s.hub.Publish(hub.Event{TenantID: c.TenantID, TicketID: c.TicketID, Ticket: tk})
	return &frontlinev1.RateConversationResponse{Conversation: w.s.conversation(tk)}, nil
}
