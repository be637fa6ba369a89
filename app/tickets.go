package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// maxBody matches the server's limit on a message body, in characters.
const maxBody = 20000

// Tickets is the inbox and the ticket view. Bound into the webview. Every
// read comes from the local replica; every change is queued in its durable
// outbox, shows at once and reaches the server when it answers.
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

// names maps user ids to display names, from the replica.
func (a *App) names(ctx context.Context, l *local) (map[string]string, error) {
	out := map[string]string{}
	err := l.do(func(r *replica.Replica) error {
		us, err := r.Users(ctx)
		for _, u := range us {
			out[u.GetId()] = u.GetName()
		}
		return err
	})
	return out, err
}

// begin is the common start of a binding: the session and a call context.
func (t *Tickets) begin(op string) (*local, *SessionDTO, context.Context, context.CancelFunc, error) {
	a := t.app
	l, cur, err := a.state.current()
	if err != nil {
		return nil, nil, nil, nil, a.fail(op, err)
	}
	ctx, cancel := a.call()
	return l, cur, ctx, cancel, nil
}

// List returns the tickets of one inbox view, newest activity first.
func (t *Tickets) List(filter TicketFilter) ([]TicketDTO, error) {
	a := t.app
	if v := strings.ToLower(strings.TrimSpace(filter.View)); v == ViewLive || v == ViewHandoff {
		return t.listQueue(v, filter.Limit)
	}
	f := replica.Filter{}
	var me string
	if _, cur, err := a.state.current(); err == nil {
		me = cur.User.ID
	}
	switch strings.ToLower(strings.TrimSpace(filter.View)) {
	case "", ViewOpen:
		f.Statuses = openStatuses
	case ViewMine:
		f.Statuses, f.AssigneeID = openStatuses, me
	case ViewUnassigned:
		f.Statuses, f.Unassigned = openStatuses, true
	case ViewPending:
		f.Statuses = []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_PENDING}
	case ViewResolved:
		f.Statuses = doneStatuses
	case ViewAll:
	default:
		return nil, fieldErr("view", "Unknown inbox view")
	}
	f.Limit = filter.Limit
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	l, _, ctx, cancel, err := t.begin("list tickets")
	if err != nil {
		return nil, err
	}
	defer cancel()
	names, err := a.names(ctx, l)
	if err != nil {
		return nil, a.fail("list tickets", err)
	}
	var views []replica.TicketView
	if err := l.do(func(r *replica.Replica) error { views, err = r.ListTickets(ctx, f); return err }); err != nil {
		return nil, a.fail("list tickets", err)
	}
	out := make([]TicketDTO, 0, len(views))
	tks := make([]*frontlinev1.Ticket, 0, len(views))
	for _, v := range views {
		out = append(out, viewDTO(v, names))
		tks = append(tks, v.Ticket)
	}
	a.withSLA(ctx, l, tks, out)
	return out, nil
}

// Get returns a ticket with its whole thread (internal notes and messages
// not yet sent included) and the agent's draft.
func (t *Tickets) Get(id string) (TicketDetailDTO, error) {
	a := t.app
	l, _, ctx, cancel, err := t.begin("get ticket")
	if err != nil {
		return TicketDetailDTO{}, err
	}
	defer cancel()
	th, names, err := t.thread(ctx, l, id)
	if err != nil {
		return TicketDetailDTO{}, a.fail("get ticket", err)
	}
	out := TicketDetailDTO{Ticket: viewDTO(th.TicketView, names), Messages: make([]MessageDTO, 0, len(th.Messages)), Draft: th.Draft.GetBody()}
	out.Ticket.SLA = a.slaOf(ctx, l, th.Ticket)
	for _, m := range th.Messages {
		dto := messageDTO(m.Message)
		dto.Pending = m.Pending
		out.Messages = append(out.Messages, dto)
	}
	out.CustomerTickets = []TicketDTO{}
	if email := th.Ticket.GetCustomer().GetEmail(); email != "" {
		var vs []replica.TicketView
		err := l.do(func(r *replica.Replica) error {
			var err error
			vs, err = r.ListTickets(ctx, replica.Filter{CustomerEmail: email, Limit: customerHistory + 1})
			return err
		})
		if err != nil {
			return TicketDetailDTO{}, a.fail("get ticket", err)
		}
		for _, v := range vs {
			if v.Ticket.GetId() != th.Ticket.GetId() && len(out.CustomerTickets) < customerHistory {
				out.CustomerTickets = append(out.CustomerTickets, viewDTO(v, names))
			}
		}
	}
	return out, nil
}

// customerHistory is how many of a customer's other tickets a ticket shows.
const customerHistory = 10

func (t *Tickets) thread(ctx context.Context, l *local, id string) (*replica.Thread, map[string]string, error) {
	names, err := t.app.names(ctx, l)
	if err != nil {
		return nil, nil, err
	}
	var th *replica.Thread
	err = l.do(func(r *replica.Replica) error { th, err = r.Ticket(ctx, strings.TrimSpace(id)); return err })
	return th, names, err
}

// Reply queues a public reply the customer will see.
func (t *Tickets) Reply(id, body string) (MessageDTO, error) { return t.add(id, body, false) }

// AddNote queues an internal note that customers never see.
func (t *Tickets) AddNote(id, body string) (MessageDTO, error) { return t.add(id, body, true) }

func (t *Tickets) add(id, body string, internal bool) (MessageDTO, error) {
	a := t.app
	if strings.TrimSpace(body) == "" {
		return MessageDTO{}, fieldErr("body", "Write something first")
	}
	if utf8.RuneCountInString(body) > maxBody {
		return MessageDTO{}, fieldErr("body", "That message is too long (20,000 characters at most)")
	}
	l, _, ctx, cancel, err := t.begin("add message")
	if err != nil {
		return MessageDTO{}, err
	}
	defer cancel()
	id = strings.TrimSpace(id)
	var msgID string
	if err := l.do(func(r *replica.Replica) error { msgID, _, err = r.AddReply(ctx, id, body, internal); return err }); err != nil {
		return MessageDTO{}, a.fail("add message", err)
	}
	th, names, err := t.thread(ctx, l, id)
	if err != nil {
		return MessageDTO{}, a.fail("add message", err)
	}
	var dto MessageDTO
	for _, m := range th.Messages {
		if m.Message.GetId() == msgID {
			dto = messageDTO(m.Message)
			dto.Pending = m.Pending
		}
	}
	a.emit(EventMessageAdded, dto)
	a.emit(EventTicketUpdated, viewDTO(th.TicketView, names))
	return dto, nil
}

// SetStatus moves a ticket to status ("open", "pending", "resolved", ...).
// A move the status rules forbid is refused here, before it is queued.
func (t *Tickets) SetStatus(id, status string) (TicketDTO, error) {
	s, ok := parseStatus(status)
	if !ok {
		return TicketDTO{}, fieldErr("status", "Unknown status")
	}
	return t.change("set status", id, func(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket) error {
		if !desk.CanTransition(cur.GetStatus(), s) {
			return fieldErr("status", fmt.Sprintf("A %s ticket cannot become %s", desk.StatusName(cur.GetStatus()), desk.StatusName(s)))
		}
		if err := missingForResolve(ctx, r, cur, s); err != nil {
			return err
		}
		_, err := r.SetStatus(ctx, cur.GetId(), s)
		return err
	})
}

// SetPriority sets a ticket's priority ("low", "normal", "high", "urgent").
func (t *Tickets) SetPriority(id, priority string) (TicketDTO, error) {
	p, ok := parsePriority(priority)
	if !ok {
		return TicketDTO{}, fieldErr("priority", "Unknown priority")
	}
	return t.change("set priority", id, func(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket) error {
		_, err := r.SetPriority(ctx, cur.GetId(), p)
		return err
	})
}

// Assign gives a ticket to the user with userID; the empty id unassigns it.
func (t *Tickets) Assign(id, userID string) (TicketDTO, error) {
	userID = strings.TrimSpace(userID)
	return t.change("assign", id, func(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket) error {
		if userID != "" {
			us, err := r.Users(ctx)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(us, func(u *frontlinev1.User) bool { return u.GetId() == userID && u.GetActive() }) {
				return fieldErr("assignee", "Choose an active agent of your company")
			}
		}
		_, err := r.Assign(ctx, cur.GetId(), userID)
		return err
	})
}

// AssignToMe gives a ticket to the signed-in user.
func (t *Tickets) AssignToMe(id string) (TicketDTO, error) {
	_, cur, err := t.app.state.current()
	if err != nil {
		return TicketDTO{}, t.app.fail("assign", err)
	}
	return t.Assign(id, cur.User.ID)
}

// UpdateTags adds and removes tags (a tag in both lists is added).
func (t *Tickets) UpdateTags(id string, add, remove []string) (TicketDTO, error) {
	clean := func(in []string) []string {
		out := []string{}
		for _, s := range in {
			if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	add, remove = clean(add), clean(remove)
	if len(add) == 0 && len(remove) == 0 {
		return TicketDTO{}, fieldErr("tags", "Name a tag to add or remove")
	}
	return t.change("update tags", id, func(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket) error {
		_, err := r.UpdateTags(ctx, cur.GetId(), add, remove)
		return err
	})
}

// SaveDraft keeps the agent's reply draft for the ticket ("" clears it); it
// is private to the agent and follows them to their other desks.
func (t *Tickets) SaveDraft(id, body string) error {
	a := t.app
	if utf8.RuneCountInString(body) > maxBody {
		return fieldErr("body", "That message is too long (20,000 characters at most)")
	}
	l, _, ctx, cancel, err := t.begin("save draft")
	if err != nil {
		return err
	}
	defer cancel()
	id = strings.TrimSpace(id)
	err = l.do(func(r *replica.Replica) error {
		if _, err := r.Ticket(ctx, id); err != nil {
			return err
		}
		_, err := r.SaveDraft(ctx, id, body)
		return err
	})
	if err != nil {
		return a.fail("save draft", err)
	}
	return nil
}

// change runs one queued change on a ticket and returns the ticket as the
// agent now sees it (with the change applied, marked pending).
func (t *Tickets) change(op, id string, fn func(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket) error) (TicketDTO, error) {
	a := t.app
	l, _, ctx, cancel, err := t.begin(op)
	if err != nil {
		return TicketDTO{}, err
	}
	defer cancel()
	id = strings.TrimSpace(id)
	err = l.do(func(r *replica.Replica) error {
		th, err := r.Ticket(ctx, id)
		if err != nil {
			return err
		}
		return fn(ctx, r, th.Ticket)
	})
	if err != nil {
		return TicketDTO{}, a.fail(op, err)
	}
	th, names, err := t.thread(ctx, l, id)
	if err != nil {
		return TicketDTO{}, a.fail(op, err)
	}
	dto := viewDTO(th.TicketView, names)
	dto.SLA = a.slaOf(ctx, l, th.Ticket)
	a.emit(EventTicketUpdated, dto)
	return dto, nil
}

// Agents lists the company's active users, for the assignee picker.
func (t *Tickets) Agents() ([]UserDTO, error) {
	a := t.app
	l, _, ctx, cancel, err := t.begin("list users")
	if err != nil {
		return nil, err
	}
	defer cancel()
	var users []*frontlinev1.User
	if err := l.do(func(r *replica.Replica) error { users, err = r.Users(ctx); return err }); err != nil {
		return nil, a.fail("list users", err)
	}
	out := []UserDTO{}
	for _, u := range users {
		if u.GetActive() {
			out = append(out, userDTO(u))
		}
	}
	return out, nil
}

// Articles lists the knowledge base by title, from the replica.
func (t *Tickets) Articles() ([]ArticleDTO, error) {
	a := t.app
	l, _, ctx, cancel, err := t.begin("list articles")
	if err != nil {
		return nil, err
	}
	defer cancel()
	var as []*frontlinev1.Article
	if err := l.do(func(r *replica.Replica) error { as, err = r.Articles(ctx); return err }); err != nil {
		return nil, a.fail("list articles", err)
	}
	out := make([]ArticleDTO, 0, len(as))
	for _, ar := range as {
		out = append(out, ArticleDTO{
			ID: ar.GetId(), Title: ar.GetTitle(), Body: ar.GetBody(), Revision: ar.GetRevision(),
			Status: enumName(ar.GetStatus().String(), "ARTICLE_STATUS_"), UpdatedAt: timeString(ar.GetUpdateTime()),
		})
	}
	return out, nil
}

// viewDTO converts a replica ticket view.
func viewDTO(v replica.TicketView, names map[string]string) TicketDTO {
	dto := ticketDTO(v.Ticket, names)
	dto.Pending = v.Pending
	if m := v.Mark; m != nil {
		dto.ChangedOffline = markText(m, names)
	}
	return dto
}

// markText explains a field mark: whose offline change replaced what.
func markText(m *frontlinev1.FieldMark, names map[string]string) string {
	who := cmpOr(names[m.GetByUserId()], "Someone")
	old := m.GetOverwritten()
	var field string
	switch m.GetField() {
	case frontlinev1.TicketField_TICKET_FIELD_STATUS:
		field = "status"
	case frontlinev1.TicketField_TICKET_FIELD_PRIORITY:
		field = "priority"
		old = enumName(old, "TICKET_PRIORITY_")
	case frontlinev1.TicketField_TICKET_FIELD_ASSIGNEE:
		field = "assignee"
		old = cmpOr(names[old], "nobody")
		if m.GetOverwritten() == "" {
			old = "nobody"
		}
	default:
		field = "a field"
	}
	return fmt.Sprintf("Changed while offline: %s's change replaced the %s %q, which they had not seen", who, field, old)
}
