package app

import (
	"strings"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The DTOs below are what the frontend sees. Enums are plain lower-case
// strings ("open", "high", "agent"); times are RFC 3339 strings in UTC, empty
// when unknown.

// UserDTO is a desk user.
type UserDTO struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Role   string `json:"role"`
	Active bool   `json:"active"`
}

// CompanyDTO is the signed-in user's company.
type CompanyDTO struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	WidgetKey string `json:"widgetKey"`
}

// SessionDTO describes the signed-in user.
type SessionDTO struct {
	ServerURL string     `json:"serverURL"`
	Company   CompanyDTO `json:"company"`
	User      UserDTO    `json:"user"`
	ExpiresAt string     `json:"expiresAt"`
}

// RememberedDTO is what the login form may be prefilled with. Never a password.
type RememberedDTO struct {
	ServerURL string `json:"serverURL"`
	Company   string `json:"company"`
	Email     string `json:"email"`
}

// StatusDTO is the app's sign-in state at a glance.
type StatusDTO struct {
	SignedIn   bool          `json:"signedIn"`
	Session    *SessionDTO   `json:"session"`
	Remembered RememberedDTO `json:"remembered"`
}

// TicketDTO is one row of the inbox and the header of the ticket view.
type TicketDTO struct {
	ID            string   `json:"id"`
	Number        int64    `json:"number"`
	Subject       string   `json:"subject"`
	Status        string   `json:"status"`
	Priority      string   `json:"priority"`
	AssigneeID    string   `json:"assigneeId"`
	AssigneeName  string   `json:"assigneeName"`
	CustomerName  string   `json:"customerName"`
	CustomerEmail string   `json:"customerEmail"`
	Product       string   `json:"product"`
	Channel       string   `json:"channel"`
	Tags          []string `json:"tags"`
	MessageCount  int      `json:"messageCount"`
	CreatedAt     string   `json:"createdAt"`
	UpdatedAt     string   `json:"updatedAt"`
}

// MessageDTO is one entry of a thread.
type MessageDTO struct {
	ID         string `json:"id"`
	TicketID   string `json:"ticketId"`
	AuthorKind string `json:"authorKind"`
	AuthorID   string `json:"authorId"`
	AuthorName string `json:"authorName"`
	Body       string `json:"body"`
	Internal   bool   `json:"internal"`
	CreatedAt  string `json:"createdAt"`
}

// TicketDetailDTO is a ticket with its whole thread, oldest first.
type TicketDetailDTO struct {
	Ticket   TicketDTO    `json:"ticket"`
	Messages []MessageDTO `json:"messages"`
}

// TicketFilter selects the inbox view.
type TicketFilter struct {
	// View is one of Views: "open" (all open), "mine", "unassigned",
	// "pending", "resolved" (resolved and closed) or "all".
	View string `json:"view"`
	// Limit caps the rows; 0 means 100.
	Limit int `json:"limit"`
}

// Inbox views.
const (
	ViewOpen       = "open"
	ViewMine       = "mine"
	ViewUnassigned = "unassigned"
	ViewPending    = "pending"
	ViewResolved   = "resolved"
	ViewAll        = "all"
)

func enumName(full, prefix string) string {
	return strings.ToLower(strings.TrimPrefix(full, prefix))
}

func statusString(s frontlinev1.TicketStatus) string {
	return enumName(s.String(), "TICKET_STATUS_")
}

func priorityString(p frontlinev1.TicketPriority) string {
	return enumName(p.String(), "TICKET_PRIORITY_")
}

func roleString(r frontlinev1.Role) string { return enumName(r.String(), "ROLE_") }

func authorString(k frontlinev1.AuthorKind) string { return enumName(k.String(), "AUTHOR_KIND_") }

func channelString(c frontlinev1.Channel) string { return enumName(c.String(), "CHANNEL_") }

// parseStatus reads a UI status word; unknown words are rejected.
func parseStatus(s string) (frontlinev1.TicketStatus, bool) {
	v, ok := frontlinev1.TicketStatus_value["TICKET_STATUS_"+strings.ToUpper(strings.TrimSpace(s))]
	if !ok || v == 0 {
		return 0, false
	}
	return frontlinev1.TicketStatus(v), true
}

// parsePriority reads a UI priority word; unknown words are rejected.
func parsePriority(s string) (frontlinev1.TicketPriority, bool) {
	v, ok := frontlinev1.TicketPriority_value["TICKET_PRIORITY_"+strings.ToUpper(strings.TrimSpace(s))]
	if !ok || v == 0 {
		return 0, false
	}
	return frontlinev1.TicketPriority(v), true
}

func timeString(ts *timestamppb.Timestamp) string {
	if ts == nil || (ts.GetSeconds() == 0 && ts.GetNanos() == 0) {
		return ""
	}
	return ts.AsTime().UTC().Format(time.RFC3339)
}

func userDTO(u *frontlinev1.User) UserDTO {
	return UserDTO{ID: u.GetId(), Name: u.GetName(), Email: u.GetEmail(), Role: roleString(u.GetRole()), Active: u.GetActive()}
}

func companyDTO(c *frontlinev1.Company) CompanyDTO {
	return CompanyDTO{ID: c.GetId(), Name: c.GetName(), WidgetKey: c.GetWidgetKey()}
}

// ticketDTO converts a ticket; names resolves assignee ids to names.
func ticketDTO(t *frontlinev1.Ticket, names map[string]string) TicketDTO {
	tags := t.GetTags()
	if tags == nil {
		tags = []string{}
	}
	return TicketDTO{
		ID:            t.GetId(),
		Number:        t.GetNumber(),
		Subject:       t.GetSubject(),
		Status:        statusString(t.GetStatus()),
		Priority:      priorityString(t.GetPriority()),
		AssigneeID:    t.GetAssigneeId(),
		AssigneeName:  names[t.GetAssigneeId()],
		CustomerName:  t.GetCustomer().GetName(),
		CustomerEmail: t.GetCustomer().GetEmail(),
		Product:       t.GetProduct(),
		Channel:       channelString(t.GetChannel()),
		Tags:          tags,
		MessageCount:  int(t.GetMessageCount()),
		CreatedAt:     timeString(t.GetCreateTime()),
		UpdatedAt:     timeString(t.GetUpdateTime()),
	}
}

func messageDTO(m *frontlinev1.Message) MessageDTO {
	return MessageDTO{
		ID:         m.GetId(),
		TicketID:   m.GetTicketId(),
		AuthorKind: authorString(m.GetAuthorKind()),
		AuthorID:   m.GetAuthorId(),
		AuthorName: m.GetAuthorName(),
		Body:       m.GetBody(),
		Internal:   m.GetInternal(),
		CreatedAt:  timeString(m.GetCreateTime()),
	}
}
