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
	// OfflineAvailable: the remembered account has a stored session, so
	// "Continue offline" can open its replica without the server.
	OfflineAvailable bool `json:"offlineAvailable"`
	// Notice says why the last session ended by itself (the server refused it).
	Notice string `json:"notice"`
}

// SyncStatusDTO is the status line.
type SyncStatusDTO struct {
	// Online: the last sync with the server succeeded.
	Online bool `json:"online"`
	// InitialSync: the first download of the tenant is still running.
	InitialSync bool `json:"initialSync"`
	// Pending counts local changes the server has not confirmed yet.
	Pending int `json:"pending"`
	// SyncedUpTo is the server change number the replica has applied.
	SyncedUpTo int64 `json:"syncedUpTo"`
	// Rejected counts refused changes not yet dismissed.
	Rejected int `json:"rejected"`
	// Held counts replies held for confirmation.
	Held int `json:"held"`
}

// AttentionDTO is one row of the "Needs attention" panel: a change the
// server refused (with its reason) or a reply it held because the customer
// wrote again meanwhile.
type AttentionDTO struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"` // reply, note, status, priority, assign, tags, draft, article
	Summary       string `json:"summary"`
	Reason        string `json:"reason"`
	Held          bool   `json:"held"`
	TicketID      string `json:"ticketId"`
	TicketNumber  int64  `json:"ticketNumber"`
	TicketSubject string `json:"ticketSubject"`
	MadeAt        string `json:"madeAt"`
	CreatedAt     string `json:"createdAt"`
}

// ArticleDTO is a knowledge-base article.
type ArticleDTO struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	Status    string `json:"status"`
	Revision  int64  `json:"revision"`
	UpdatedAt string `json:"updatedAt"`
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
	// Pending: this desk changed the ticket and the server has not confirmed it yet.
	Pending bool `json:"pending"`
	// ChangedOffline explains a "changed while you were offline" mark
	// (an offline change overwrote a value its author had not seen); "" if none.
	ChangedOffline string `json:"changedOffline"`
	// HandoverReason says why the bot handed the conversation to a person.
	HandoverReason string `json:"handoverReason"`
	// BotAnswers: the bot answers this widget conversation (see queue.go).
	BotAnswers bool `json:"botAnswers"`
	// LastCustomerAt is when the customer last wrote ("" if unknown).
	LastCustomerAt string `json:"lastCustomerAt"`
	// HandoverAt and BotSummary are filled in the "handoff" view only: when
	// the bot handed over, and the first line of its last answer.
	HandoverAt string `json:"handoverAt"`
	BotSummary string `json:"botSummary"`
	// Triage is the ticket's category, priority, sentiment and language
	// with their confidences (triage.go); nil before the first triage.
	Triage *TicketTriageDTO `json:"triage"`
	// SLA are the ticket's SLA clocks (sla.go), filled by List, Get and
	// changes; empty when its priority has no policy.
	SLA []SLAClockDTO `json:"sla"`
	// CustomFields are the ticket's custom field values by key.
	CustomFields map[string]string `json:"customFields"`
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
	// Pending: written here and not yet confirmed by the server.
	Pending bool `json:"pending"`
}

// TicketDetailDTO is a ticket with its whole thread, oldest first.
type TicketDetailDTO struct {
	Ticket   TicketDTO    `json:"ticket"`
	Messages []MessageDTO `json:"messages"`
	// Draft is the agent's saved reply draft ("" if none).
	Draft string `json:"draft"`
	// CustomerTickets are the customer's other tickets, newest first (at
	// most customerHistory), from the local replica.
	CustomerTickets []TicketDTO `json:"customerTickets"`
}

// TicketFilter selects the inbox view.
type TicketFilter struct {
	// View is one of Views: "open" (all open), "mine", "unassigned",
	// "pending", "resolved" (resolved and closed), "all", or the live-queue
	// views "live" and "handoff" (queue.go).
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

		HandoverReason: t.GetHandoverReason(),
		BotAnswers:     botAnswering(t),
		LastCustomerAt: timeString(t.GetLastCustomerMessageTime()),
		Triage:         triageDTO(t.GetTriage(), names),
		SLA:            []SLAClockDTO{},
		CustomFields:   customFieldValues(t),
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
