package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/hub"
	"github.com/frontlinedesk/frontline/server/store"
)

type ticketService struct{ s *Server }

var _ frontlinev1connect.TicketServiceHandler = (*ticketService)(nil)

func (t *ticketService) CreateTicket(ctx context.Context, req *frontlinev1.CreateTicketRequest) (*frontlinev1.CreateTicketResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	subject, err := checkLine("subject", req.GetSubject(), 1, maxSubject)
	if err != nil {
		return nil, err
	}
	if err := checkText("body", req.GetBody(), 1, maxTicketBody); err != nil {
		return nil, err
	}
	if req.GetCustomer() == nil {
		return nil, desk.Invalid("customer", "is required")
	}
	custName, err := checkLine("customer.name", req.GetCustomer().GetName(), 1, maxPersonName)
	if err != nil {
		return nil, err
	}
	custEmail, err := checkEmail("customer.email", req.GetCustomer().GetEmail())
	if err != nil {
		return nil, err
	}
	prio, prioSet := req.GetPriority(), true
	if prio == frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED {
		prio, prioSet = frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL, false
	}
	if err := checkPriority("priority", prio); err != nil {
		return nil, err
	}
	tg, err := normTags("tags", req.GetTags())
	if err != nil {
		return nil, err
	}
	product, err := checkLine("product", req.GetProduct(), 0, maxProduct)
	if err != nil {
		return nil, err
	}
	tier, err := checkLine("customer.tier", strings.ToLower(req.GetCustomer().GetTier()), 0, maxTierName)
	if err != nil {
		return nil, err
	}
	tk, first := t.s.newTicket(ticketDraft{
		subject:  subject,
		body:     req.GetBody(),
		customer: &frontlinev1.Customer{Name: custName, Email: custEmail, Tier: tier},
		product:  product,
		priority: prio,
		tags:     tg,
		channel:  frontlinev1.Channel_CHANNEL_DESK,
	})
	if prioSet {
		// A priority the caller chose is theirs: triage will not change it.
		tk.Triage = &frontlinev1.TicketTriage{}
		desk.MarkCorrected(tk.Triage, desk.TriagePriority, c.User.GetId())
	}
	t.s.triageNew(ctx, c.TenantID, tk, first)
	tk, err = t.s.st.CreateTicket(ctx, c.TenantID, tk, first)
	if err != nil {
		return nil, fmt.Errorf("create ticket: %w", err)
	}
	if after := t.s.autoAssign(ctx, c.TenantID, tk.GetId()); after != nil {
		tk = after
	}
	return &frontlinev1.CreateTicketResponse{Ticket: tk}, nil
}

// ticketDraft is what a new ticket is made from, by the desk or the widget.
type ticketDraft struct {
	subject, body string
	customer      *frontlinev1.Customer
	product       string
	priority      frontlinev1.TicketPriority
	tags          []string
	channel       frontlinev1.Channel
}

// newTicket builds a new ticket and its first message, written by the customer.
func (s *Server) newTicket(d ticketDraft) (*frontlinev1.Ticket, *frontlinev1.Message) {
	now := timestamppb.New(s.now())
	tk := &frontlinev1.Ticket{
		Id:                      desk.NewID(s.now()),
		Subject:                 d.subject,
		Status:                  frontlinev1.TicketStatus_TICKET_STATUS_NEW,
		Priority:                d.priority,
		Tags:                    d.tags,
		Customer:                d.customer,
		Product:                 d.product,
		Channel:                 d.channel,
		MessageCount:            1,
		CreateTime:              now,
		UpdateTime:              now,
		LastCustomerMessageTime: now,
	}
	first := &frontlinev1.Message{
		Id:         desk.NewID(s.now()),
		TicketId:   tk.GetId(),
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		AuthorName: d.customer.GetName(),
		Body:       d.body,
		CreateTime: now,
	}
	return tk, first
}

func (t *ticketService) GetTicket(ctx context.Context, req *frontlinev1.GetTicketRequest) (*frontlinev1.GetTicketResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("id", req.GetId()); err != nil {
		return nil, err
	}
	tk, err := t.s.st.Ticket(ctx, c.TenantID, req.GetId())
	if err != nil {
		return nil, fmt.Errorf("get ticket: %w", err)
	}
	msgs, err := t.s.st.Messages(ctx, c.TenantID, req.GetId())
	if err != nil {
		return nil, fmt.Errorf("get ticket messages: %w", err)
	}
	return &frontlinev1.GetTicketResponse{Ticket: tk, Messages: msgs}, nil
}

func (t *ticketService) ListTickets(ctx context.Context, req *frontlinev1.ListTicketsRequest) (*frontlinev1.ListTicketsResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if len(req.GetStatuses()) > maxStatuses {
		return nil, desk.Invalid("statuses", fmt.Sprintf("at most %d statuses", maxStatuses))
	}
	statuses := slices.Clone(req.GetStatuses())
	for _, st := range statuses {
		if err := checkStatus("statuses", st); err != nil {
			return nil, err
		}
	}
	slices.Sort(statuses)
	f := store.TicketFilter{Statuses: slices.Compact(statuses), Priority: req.GetPriority(), Unassigned: req.GetUnassigned()}
	if f.Priority != frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED {
		if err := checkPriority("priority", f.Priority); err != nil {
			return nil, err
		}
	}
	if req.GetAssigneeId() != "" {
		if err := checkID("assignee_id", req.GetAssigneeId()); err != nil {
			return nil, err
		}
		if req.GetUnassigned() {
			return nil, desk.Invalid("unassigned", "cannot be combined with assignee_id")
		}
		f.AssigneeID = req.GetAssigneeId()
	}
	if req.GetTag() != "" {
		if f.Tag, err = normTag("tag", req.GetTag()); err != nil {
			return nil, err
		}
	}
	p, err := page("page_size", "page_token", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	tks, next, err := t.s.st.ListTickets(ctx, c.TenantID, f, p)
	if err != nil {
		return nil, pageError("list tickets", err)
	}
	return &frontlinev1.ListTicketsResponse{Tickets: tks, NextPageToken: next}, nil
}

// page checks a page size and token.
func page(sizeField, tokenField string, size int32, tok string) (store.Page, error) {
	n, err := checkPageSize(sizeField, size)
	if err != nil {
		return store.Page{}, err
	}
	if err := checkPageToken(tokenField, tok); err != nil {
		return store.Page{}, err
	}
	return store.Page{Size: n, Token: tok}, nil
}

// pageError names page_token when the store rejected it as malformed.
func pageError(action string, err error) error {
	if errors.Is(err, desk.ErrInvalid) {
		return desk.Invalid("page_token", "is not a valid page token")
	}
	return fmt.Errorf("%s: %w", action, err)
}

func (t *ticketService) UpdateTicket(ctx context.Context, req *frontlinev1.UpdateTicketRequest) (*frontlinev1.UpdateTicketResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("id", req.GetId()); err != nil {
		return nil, err
	}
	if req.Status != nil {
		if err := checkStatus("status", req.GetStatus()); err != nil {
			return nil, err
		}
	}
	if req.Priority != nil {
		if err := checkPriority("priority", req.GetPriority()); err != nil {
			return nil, err
		}
	}
	add, err := normTags("add_tags", req.GetAddTags())
	if err != nil {
		return nil, err
	}
	remove, err := normTags("remove_tags", req.GetRemoveTags())
	if err != nil {
		return nil, err
	}
	if req.AssigneeId != nil && req.GetAssigneeId() != "" {
		if err := checkID("assignee_id", req.GetAssigneeId()); err != nil {
			return nil, err
		}
		u, err := t.s.st.User(ctx, c.TenantID, req.GetAssigneeId())
		if errors.Is(err, desk.ErrNotFound) || (err == nil && !u.GetActive()) {
			return nil, desk.Invalid("assignee_id", "must be an active user of your company")
		}
		if err != nil {
			return nil, fmt.Errorf("update ticket: find assignee: %w", err)
		}
	}
	// Triage corrections: check each value once, outside the transaction.
	type correction struct {
		field frontlinev1.TriageField
		value string
	}
	var fixes []correction
	for _, f := range []struct {
		field frontlinev1.TriageField
		value *string
	}{
		{frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY, req.Category},
		{frontlinev1.TriageField_TRIAGE_FIELD_SENTIMENT, req.Sentiment},
		{frontlinev1.TriageField_TRIAGE_FIELD_LANGUAGE, req.Language},
	} {
		if f.value == nil {
			continue
		}
		var cats []string
		if f.field == frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY {
			if cats, err = t.s.tenantCategories(ctx, c.TenantID); err != nil {
				return nil, fmt.Errorf("update ticket: %w", err)
			}
		}
		v, err := desk.CheckTriageValue(f.field, *f.value, cats)
		if err != nil {
			return nil, err
		}
		fixes = append(fixes, correction{f.field, v})
	}
	// Custom fields and the fields required to resolve.
	var defs map[string]*frontlinev1.CustomField
	fields := map[string]string{}
	if len(req.GetCustomFields()) > 0 || resolving(req.GetStatus()) {
		all, err := t.s.st.Settings(ctx, c.TenantID)
		if err != nil {
			return nil, fmt.Errorf("update ticket: %w", err)
		}
		defs = desk.CustomFields(all)
	}
	for k, v := range req.GetCustomFields() {
		def, ok := defs[k]
		if !ok {
			return nil, desk.Invalid("custom_fields."+k, "is not one of the company's custom fields")
		}
		cv, err := desk.CheckFieldValue(def, v)
		if err != nil {
			return nil, err
		}
		fields[k] = cv
	}
	var statusChanged bool
	tk, err := t.s.st.UpdateTicket(ctx, c.TenantID, req.GetId(), func(tk *frontlinev1.Ticket) error {
		statusChanged = false
		fieldsChanged := setCustomFields(tk, fields)
		for _, f := range fixes {
			tk.Triage = desk.CorrectTriage(tk.GetTriage(), f.field, f.value, c.User.GetId())
		}
		if req.Priority != nil {
			if tk.Triage == nil {
				tk.Triage = &frontlinev1.TicketTriage{}
			}
			desk.MarkCorrected(tk.Triage, desk.TriagePriority, c.User.GetId())
		}
		changed := false
		if req.Status != nil && req.GetStatus() != tk.GetStatus() {
			if err := desk.CheckTransition(tk.GetStatus(), req.GetStatus()); err != nil {
				return withMessage(fmt.Sprintf("status: a %s ticket cannot become %s",
					desk.StatusName(tk.GetStatus()), desk.StatusName(req.GetStatus())), err)
			}
			if err := checkRequiredFields(tk, req.GetStatus(), defs); err != nil {
				return err
			}
			tk.Status = req.GetStatus()
			changed, statusChanged = true, true
		}
		if req.Priority != nil && req.GetPriority() != tk.GetPriority() {
			tk.Priority = req.GetPriority()
			changed = true
		}
		if req.AssigneeId != nil && req.GetAssigneeId() != tk.GetAssigneeId() {
			tk.AssigneeId = req.GetAssigneeId()
			changed = true
		}
		if len(add) > 0 || len(remove) > 0 {
			next := mergeTags(tk.GetTags(), add, remove)
			if len(next) > maxTags {
				return desk.Invalid("add_tags", fmt.Sprintf("a ticket has at most %d tags", maxTags))
			}
			if !slices.Equal(next, tk.GetTags()) {
				tk.Tags = next
				changed = true
			}
		}
		if changed || len(fixes) > 0 || fieldsChanged {
			tk.UpdateTime = timestamppb.New(t.s.now())
		}
		if statusChanged {
			desk.StampTimes(tk, false, tk.GetUpdateTime())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update ticket: %w", err)
	}
	if req.Category != nil || req.Sentiment != nil {
		t.s.learnCorrection(ctx, c.TenantID, tk)
	}
	if statusChanged {
		t.s.hub.Publish(hub.Event{TenantID: c.TenantID, TicketID: tk.GetId(), Ticket: tk})
	}
	return &frontlinev1.UpdateTicketResponse{Ticket: tk}, nil
}

// mergeTags returns the sorted union of cur and add, less remove.
func mergeTags(cur, add, remove []string) []string {
	out := make([]string, 0, len(cur)+len(add))
	for _, t := range slices.Concat(cur, add) {
		if !slices.Contains(remove, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (t *ticketService) AddMessage(ctx context.Context, req *frontlinev1.AddMessageRequest) (*frontlinev1.AddMessageResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("ticket_id", req.GetTicketId()); err != nil {
		return nil, err
	}
	if err := checkText("body", req.GetBody(), 1, maxTicketBody); err != nil {
		return nil, err
	}
	now := t.s.now()
	m := &frontlinev1.Message{
		Id:         desk.NewID(now),
		TicketId:   req.GetTicketId(),
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_AGENT,
		AuthorId:   c.User.GetId(),
		AuthorName: c.User.GetName(),
		Body:       req.GetBody(),
		Internal:   req.GetInternal(),
		CreateTime: timestamppb.New(now),
	}
	tk, err := t.s.st.AddMessage(ctx, c.TenantID, m, func(tk *frontlinev1.Ticket) error {
		tk.MessageCount++
		tk.UpdateTime = m.GetCreateTime()
		if !m.GetInternal() {
			tk.Status = desk.StatusAfterAgentReply(tk.GetStatus())
			desk.StampTimes(tk, true, m.GetCreateTime())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add message: %w", err)
	}
	t.s.hub.Publish(hub.Event{TenantID: c.TenantID, TicketID: tk.GetId(), Message: m, Ticket: tk})
	return &frontlinev1.AddMessageResponse{Message: m, Ticket: tk}, nil
}

// resolving reports whether moving to st needs the required custom fields.
func resolving(st frontlinev1.TicketStatus) bool {
	return st == frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED || st == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED
}

// checkRequiredFields refuses to resolve or close tk while a field required
// to resolve it is empty.
func checkRequiredFields(tk *frontlinev1.Ticket, to frontlinev1.TicketStatus, defs map[string]*frontlinev1.CustomField) error {
	if !resolving(to) {
		return nil
	}
	if missing := desk.MissingRequired(tk, defs); len(missing) > 0 {
		return withMessage(fmt.Sprintf("status: fill in %s before resolving", strings.Join(missing, ", ")), desk.ErrFailedPrecondition)
	}
	return nil
}

// setCustomFields applies checked values ("" clears) and reports a change.
func setCustomFields(tk *frontlinev1.Ticket, fields map[string]string) bool {
	changed := false
	for k, v := range fields {
		if tk.GetCustomFields()[k] == v {
			continue
		}
		changed = true
		if v == "" {
			delete(tk.CustomFields, k)
			continue
		}
		if tk.CustomFields == nil {
			tk.CustomFields = map[string]string{}
		}
		tk.CustomFields[k] = v
	}
	return changed
}
