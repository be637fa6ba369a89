package app

import (
	"context"
	"strings"
	"unicode/utf8"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"google.golang.org/protobuf/proto"
)

// maxBody matches the server's limit on a message body, in characters.
const maxBody = 20000

// Tickets is the inbox and the ticket view. Bound into the webview.
type Tickets struct {
	app *App
}

var (
	openStatuses = []frontlinev1.TicketStatus{
		frontlinev1.TicketStatus_TICKET_STATUS_NEW,
		frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
		frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF,
		frontlinev1.TicketStatus_TICKET_STATUS_PENDING,
	}
	doneStatuses = []frontlinev1.TicketStatus{
		frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED,
		frontlinev1.TicketStatus_TICKET_STATUS_CLOSED,
	}
)

// List returns the tickets of one inbox view, newest activity first.
func (t *Tickets) List(filter TicketFilter) ([]TicketDTO, error) {
	a := t.app
	desk, cur, err := a.state.current()
	if err != nil {
		return nil, a.fail("list tickets", err)
	}
	req := &frontlinev1.ListTicketsRequest{}
	switch strings.ToLower(strings.TrimSpace(filter.View)) {
	case "", ViewOpen:
		req.Statuses = openStatuses
	case ViewMine:
		req.Statuses, req.AssigneeId = openStatuses, cur.User.ID
	case ViewUnassigned:
		req.Statuses, req.Unassigned = openStatuses, true
	case ViewPending:
		req.Statuses = []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_PENDING}
	case ViewResolved:
		req.Statuses = doneStatuses
	case ViewAll:
	default:
		return nil, fieldErr("view", "Unknown inbox view")
	}
	limit := filter.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	ctx, cancel := a.call()
	defer cancel()
	names := a.state.userNames()
	out := []TicketDTO{}
	for len(out) < limit {
		req.PageSize = int32(min(limit-len(out), 200))
		page, next, err := desk.ListTickets(ctx, req)
		if err != nil {
			return nil, a.fail("list tickets", err)
		}
		for _, tk := range page {
			out = append(out, ticketDTO(tk, names))
		}
		if next == "" || len(page) == 0 {
			break
		}
		req.PageToken = next
	}
	return out, nil
}

// Get returns a ticket with its whole thread, internal notes included.
func (t *Tickets) Get(id string) (TicketDetailDTO, error) {
	a := t.app
	desk, _, err := a.state.current()
	if err != nil {
		return TicketDetailDTO{}, a.fail("get ticket", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	tk, msgs, err := desk.GetTicket(ctx, strings.TrimSpace(id))
	if err != nil {
		return TicketDetailDTO{}, a.fail("get ticket", err)
	}
	if err := t.learnNames(ctx, desk, tk.GetAssigneeId()); err != nil {
		a.logFailure("list users", mapError(err))
	}
	out := TicketDetailDTO{Ticket: ticketDTO(tk, a.state.userNames()), Messages: make([]MessageDTO, 0, len(msgs))}
	for _, m := range msgs {
		out.Messages = append(out.Messages, messageDTO(m))
	}
	return out, nil
}

// Reply sends a public reply the customer will see.
func (t *Tickets) Reply(id, body string) (MessageDTO, error) { return t.add(id, body, false) }

// AddNote adds an internal note that customers never see.
func (t *Tickets) AddNote(id, body string) (MessageDTO, error) { return t.add(id, body, true) }

func (t *Tickets) add(id, body string, internal bool) (MessageDTO, error) {
	a := t.app
	desk, _, err := a.state.current()
	if err != nil {
		return MessageDTO{}, a.fail("add message", err)
	}
	if strings.TrimSpace(body) == "" {
		return MessageDTO{}, fieldErr("body", "Write something first")
	}
	if utf8.RuneCountInString(body) > maxBody {
		return MessageDTO{}, fieldErr("body", "That message is too long (20,000 characters at most)")
	}
	ctx, cancel := a.call()
	defer cancel()
	m, tk, err := desk.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: strings.TrimSpace(id), Body: body, Internal: internal})
	if err != nil {
		return MessageDTO{}, a.fail("add message", err)
	}
	dto := messageDTO(m)
	a.emit(EventMessageAdded, dto)
	if tk != nil {
		a.emit(EventTicketUpdated, ticketDTO(tk, a.state.userNames()))
	}
	return dto, nil
}

// SetStatus moves a ticket to status ("open", "pending", "resolved", ...).
func (t *Tickets) SetStatus(id, status string) (TicketDTO, error) {
	s, ok := parseStatus(status)
	if !ok {
		return TicketDTO{}, fieldErr("status", "Unknown status")
	}
	return t.update(&frontlinev1.UpdateTicketRequest{Id: strings.TrimSpace(id), Status: &s})
}

// SetPriority sets a ticket's priority ("low", "normal", "high", "urgent").
func (t *Tickets) SetPriority(id, priority string) (TicketDTO, error) {
	p, ok := parsePriority(priority)
	if !ok {
		return TicketDTO{}, fieldErr("priority", "Unknown priority")
	}
	return t.update(&frontlinev1.UpdateTicketRequest{Id: strings.TrimSpace(id), Priority: &p})
}

// Assign gives a ticket to the user with userID; the empty id unassigns it.
func (t *Tickets) Assign(id, userID string) (TicketDTO, error) {
	return t.update(&frontlinev1.UpdateTicketRequest{Id: strings.TrimSpace(id), AssigneeId: proto.String(strings.TrimSpace(userID))})
}

// AssignToMe gives a ticket to the signed-in user.
func (t *Tickets) AssignToMe(id string) (TicketDTO, error) {
	_, cur, err := t.app.state.current()
	if err != nil {
		return TicketDTO{}, t.app.fail("assign", err)
	}
	return t.Assign(id, cur.User.ID)
}

// Agents lists the company's active users, for the assignee picker.
func (t *Tickets) Agents() ([]UserDTO, error) {
	a := t.app
	desk, _, err := a.state.current()
	if err != nil {
		return nil, a.fail("list users", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	users, err := desk.ListUsers(ctx)
	if err != nil {
		return nil, a.fail("list users", err)
	}
	a.state.setUsers(users)
	out := []UserDTO{}
	for _, u := range users {
		if u.GetActive() {
			out = append(out, userDTO(u))
		}
	}
	return out, nil
}

func (t *Tickets) update(req *frontlinev1.UpdateTicketRequest) (TicketDTO, error) {
	a := t.app
	desk, _, err := a.state.current()
	if err != nil {
		return TicketDTO{}, a.fail("update ticket", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	tk, err := desk.UpdateTicket(ctx, req)
	if err != nil {
		return TicketDTO{}, a.fail("update ticket", err)
	}
	if err := t.learnNames(ctx, desk, tk.GetAssigneeId()); err != nil {
		a.logFailure("list users", mapError(err))
	}
	dto := ticketDTO(tk, a.state.userNames())
	a.emit(EventTicketUpdated, dto)
	return dto, nil
}

// learnNames refreshes the user list when an assignee's name is unknown.
func (t *Tickets) learnNames(ctx context.Context, desk Desk, userID string) error {
	if userID == "" {
		return nil
	}
	if _, ok := t.app.state.userNames()[userID]; ok {
		return nil
	}
	users, err := desk.ListUsers(ctx)
	if err != nil {
		return err
	}
	t.app.state.setUsers(users)
	return nil
}
