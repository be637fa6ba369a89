package analytics

import (
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Facts is what the dashboard needs of one ticket, reduced once by
// NewFacts. Times are Unix seconds; 0 means "never".
type Facts struct {
	ID             string
	Channel        frontlinev1.Channel
	Status         frontlinev1.TicketStatus
	Priority       frontlinev1.TicketPriority
	AssigneeID     string
	Category       string // triage category label; "" when none
	Sentiment      float64
	HasSentiment   bool
	Rating         int32
	HandoverReason string
	BotAnswers     bool
	Created        int64
	FirstReply     int64 // first public agent message
	FirstReplyBy   string
	Resolved       int64 // when it reached RESOLVED or CLOSED; 0 when it has not
	AgentMessages  int32 // every agent message, internal notes included
	Replies        []Reply
}

// Reply is one public agent message.
type Reply struct {
	AgentID string
	At      int64
}

// Message is the part of a message the facts need.
type Message struct {
	Kind     frontlinev1.AuthorKind
	AuthorID string
	Internal bool
	At       int64 // Unix seconds
}

// MessageOf reduces a proto message.
func MessageOf(m *frontlinev1.Message) Message {
	return Message{Kind: m.GetAuthorKind(), AuthorID: m.GetAuthorId(), Internal: m.GetInternal(), At: unix(m.GetCreateTime().AsTime())}
}

func unix(t time.Time) int64 {
	if t.IsZero() || t.Unix() <= 0 {
		return 0
	}
	return t.Unix()
}

// Done reports whether a status counts as resolved.
func Done(s frontlinev1.TicketStatus) bool {
	return s == frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED || s == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED
}

// Open reports whether a status is part of the backlog.
func Open(s frontlinev1.TicketStatus) bool {
	switch s {
	case frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
		frontlinev1.TicketStatus_TICKET_STATUS_PENDING, frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF:
		return true
	}
	return false
}

// NewFacts reduces a ticket and its messages (in any order) to Facts.
func NewFacts(t *frontlinev1.Ticket, msgs []Message) Facts {
	f := Facts{
		ID:             t.GetId(),
		Channel:        t.GetChannel(),
		Status:         t.GetStatus(),
		Priority:       t.GetPriority(),
		AssigneeID:     t.GetAssigneeId(),
		Category:       t.GetTriage().GetCategory().GetLabel(),
		Rating:         t.GetRating(),
		HandoverReason: t.GetHandoverReason(),
		BotAnswers:     t.GetBotAnswers(),
		Created:        unix(t.GetCreateTime().AsTime()),
	}
	if tr := t.GetTriage(); tr.GetSentiment().GetLabel() != "" {
		f.Sentiment, f.HasSentiment = tr.GetSentimentScore(), true
	}
	if Done(f.Status) {
		if t.GetCloseTime() != nil {
			f.Resolved = unix(t.GetCloseTime().AsTime())
		}
		if f.Resolved == 0 {
			f.Resolved = unix(t.GetUpdateTime().AsTime())
		}
	}
	for _, m := range msgs {
		if m.Kind != frontlinev1.AuthorKind_AUTHOR_KIND_AGENT {
			continue
		}
		f.AgentMessages++
		if m.Internal {
			continue
		}
		f.Replies = append(f.Replies, Reply{AgentID: m.AuthorID, At: m.At})
		if f.FirstReply == 0 || m.At < f.FirstReply {
			f.FirstReply, f.FirstReplyBy = m.At, m.AuthorID
		}
	}
	// The times the server recorded win over the derivation from messages.
	if v := t.GetFirstResponseTime(); v != nil && unix(v.AsTime()) != 0 {
		f.FirstReply = unix(v.AsTime())
	}
	if v := t.GetResolveTime(); v != nil && unix(v.AsTime()) != 0 && Done(f.Status) {
		f.Resolved = unix(v.AsTime())
	}
	return f
}
