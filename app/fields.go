package app

import (
	"context"
	"strings"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// SetCustomField sets one of the ticket's custom fields ("" clears it). It
// is checked against the field's definition here, queued in the outbox
// (it works offline) and shows as pending until the server confirms it.
func (t *Tickets) SetCustomField(id, key, value string) (TicketDTO, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return TicketDTO{}, fieldErr("key", "Choose a field")
	}
	return t.change("set custom field", id, func(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket) error {
		_, err := r.SetCustomField(ctx, cur.GetId(), key, value)
		return fieldValueErr(key, err)
	})
}

// fieldValueErr names the custom field key in a refusal so the sidebar
// shows it beside that field.
func fieldValueErr(key string, err error) error {
	if err == nil {
		return nil
	}
	ue := mapError(err)
	if ue.Kind != KindInvalid {
		return err
	}
	_, reason := splitFieldMessage(strings.TrimPrefix(err.Error(), "replica: set custom field: "))
	return &UIError{Message: sentence(reason), Field: "custom:" + key, Kind: KindInvalid, err: err}
}

// missingForResolve refuses to resolve or close a ticket whose required
// custom fields are empty, before anything is queued (the server would
// refuse it later).
func missingForResolve(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket, to frontlinev1.TicketStatus) error {
	if to != frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED && to != frontlinev1.TicketStatus_TICKET_STATUS_CLOSED {
		return nil
	}
	ss, err := r.Settings(ctx)
	if err != nil {
		return err
	}
	if miss := desk.MissingRequired(cur, desk.CustomFields(ss)); len(miss) > 0 {
		return fieldErr("status", "Fill in "+joinAnd(miss)+" before resolving")
	}
	return nil
}

// joinAnd lists names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
