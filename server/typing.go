package server

import (
	"context"
	"fmt"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/hub"
)

// hubTyping is a typing event for a ticket's subscribers.
func hubTyping(tenantID, ticketID string, ty *frontlinev1.Typing) hub.Event {
	return hub.Event{TenantID: tenantID, TicketID: ticketID, Typing: ty}
}

// SetTyping publishes the customer's typing state to the ticket's watchers
// (the desk), throttled; nothing is stored.
func (w *widgetService) SetTyping(ctx context.Context, req *frontlinev1.SetTypingRequest) (*frontlinev1.SetTypingResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	tk, err := w.s.st.Ticket(ctx, c.TenantID, c.TicketID)
	if err != nil {
		return nil, fmt.Errorf("set typing: %w", err)
	}
	w.s.publishTyping(c.TenantID, c.TicketID, "customer", &frontlinev1.Typing{
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		AuthorName: tk.GetCustomer().GetName(),
		Active:     req.GetActive(),
	})
	return &frontlinev1.SetTypingResponse{}, nil
}

// SetAgentTyping publishes an agent's typing state to the ticket's
// customer, throttled; nothing is stored.
func (t *ticketService) SetAgentTyping(ctx context.Context, req *frontlinev1.SetAgentTypingRequest) (*frontlinev1.SetAgentTypingResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("ticket_id", req.GetTicketId()); err != nil {
		return nil, err
	}
	if _, err := t.s.st.Ticket(ctx, c.TenantID, req.GetTicketId()); err != nil {
		return nil, fmt.Errorf("set agent typing: %w", err)
	}
	t.s.publishTyping(c.TenantID, req.GetTicketId(), "user:"+c.User.GetId(), &frontlinev1.Typing{
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_AGENT,
		AuthorName: c.User.GetName(),
		Active:     req.GetActive(),
	})
	return &frontlinev1.SetAgentTypingResponse{}, nil
}
