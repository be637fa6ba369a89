package desk

import (
	"fmt"

	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// transitions lists, for each status, the statuses a ticket may move to.
// A ticket may always stay where it is.
var transitions = map[frontlinev1.TicketStatus][]frontlinev1.TicketStatus{
	frontlinev1.TicketStatus_TICKET_STATUS_NEW:      {open, pending, handoff, resolved, closed},
	frontlinev1.TicketStatus_TICKET_STATUS_OPEN:     {pending, handoff, resolved, closed},
	frontlinev1.TicketStatus_TICKET_STATUS_PENDING:  {open, handoff, resolved, closed},
	frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF:  {open, pending, resolved, closed},
	frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED: {open, closed},
	frontlinev1.TicketStatus_TICKET_STATUS_CLOSED:   {},
}

const (
	open     = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
	pending  = frontlinev1.TicketStatus_TICKET_STATUS_PENDING
	handoff  = frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
	resolved = frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED
	closed   = frontlinev1.TicketStatus_TICKET_STATUS_CLOSED
)

// CanTransition reports whether a ticket may move from one status to another.
func CanTransition(from, to frontlinev1.TicketStatus) bool {
	if from == to {
		return true
	}
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CheckTransition returns an ErrFailedPrecondition error when the move is not allowed.
func CheckTransition(from, to frontlinev1.TicketStatus) error {
	if !CanTransition(from, to) {
		return fmt.Errorf("ticket cannot move from %s to %s: %w", StatusName(from), StatusName(to), ErrFailedPrecondition)
	}
	return nil
}

// StatusName is the lower-case name of a status, as users see it ("handoff").
func StatusName(s frontlinev1.TicketStatus) string {
	switch s {
	case frontlinev1.TicketStatus_TICKET_STATUS_NEW:
		return "new"
	case open:
		return "open"
	case pending:
		return "pending"
	case handoff:
		return "handoff"
	case resolved:
		return "resolved"
	case closed:
		return "closed"
	default:
		return "unspecified"
	}
}

// StatusAfterCustomerMessage is the status a ticket moves to when its
// customer writes: a pending or resolved ticket reopens; a closed ticket stays
// closed (the caller opens a new one); others keep their status.
func StatusAfterCustomerMessage(s frontlinev1.TicketStatus) frontlinev1.TicketStatus {
	switch s {
	case pending, resolved:
		return open
	default:
		return s
	}
}

// StatusAfterAgentReply is the status a ticket moves to when an agent sends
// a public reply: new and handed-over tickets become open.
func StatusAfterAgentReply(s frontlinev1.TicketStatus) frontlinev1.TicketStatus {
	switch s {
	case frontlinev1.TicketStatus_TICKET_STATUS_NEW, handoff:
		return open
	default:
		return s
	}
}

// StampTimes keeps a ticket's service times in step with what just
// happened to it at now: agentReplied is true for a public agent reply
// (which sets first_response_time once), and the status decides
// resolve_time (set when the ticket reaches resolved or closed, cleared
// when it is reopened). Call it after every change of status or reply.
func StampTimes(tk *frontlinev1.Ticket, agentReplied bool, now *timestamppb.Timestamp) {
	if agentReplied && tk.GetFirstResponseTime() == nil {
		tk.FirstResponseTime = now
	}
	switch tk.GetStatus() {
	case resolved, closed:
		if tk.GetResolveTime() == nil {
			tk.ResolveTime = now
		}
	default:
		tk.ResolveTime = nil
	}
}
