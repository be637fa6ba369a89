package app

import (
	"errors"
	"slices"
	"strings"
)

// Bulk actions on the inbox's selected tickets. Each ticket's change goes
// through the same path as a single change (Tickets.SetStatus etc.): it is
// queued in the replica's outbox, so bulk actions work offline too. One
// ticket failing does not stop the others; the result says how many
// succeeded and, for the rest, why.

// Bulk action names (BulkRequestDTO.Action).
const (
	BulkAssign    = "assign"    // Value: a user id, "me", or "" to unassign
	BulkStatus    = "status"    // Value: a status word
	BulkPriority  = "priority"  // Value: a priority word
	BulkAddTag    = "addTag"    // Value: the tag
	BulkRemoveTag = "removeTag" // Value: the tag
)

// maxBulk bounds one bulk action.
const maxBulk = 1000

// BulkRequestDTO is one action on many tickets.
type BulkRequestDTO struct {
	IDs    []string `json:"ids"`
	Action string   `json:"action"`
	Value  string   `json:"value"`
}

// BulkFailureDTO is one ticket the action could not change, and why.
type BulkFailureDTO struct {
	ID      string `json:"id"`
	Number  int64  `json:"number"`
	Message string `json:"message"`
}

// BulkResultDTO is the outcome of a bulk action: the changed tickets (as the
// agent now sees them) and the failures.
type BulkResultDTO struct {
	Succeeded int              `json:"succeeded"`
	Failed    []BulkFailureDTO `json:"failed"`
	Tickets   []TicketDTO      `json:"tickets"`
}

// Bulk applies one action to many tickets. Bound as Tickets-adjacent
// struct so the inbox can call it in one round trip.
type Bulk struct {
	app *App
}

// Apply runs req on each ticket in order.
func (b *Bulk) Apply(req BulkRequestDTO) (BulkResultDTO, error) {
	ids := slices.Compact(slices.DeleteFunc(slices.Clone(req.IDs), func(s string) bool { return strings.TrimSpace(s) == "" }))
	if len(ids) == 0 {
		return BulkResultDTO{}, fieldErr("ids", "Select at least one ticket")
	}
	if len(ids) > maxBulk {
		return BulkResultDTO{}, fieldErr("ids", "Select at most 1,000 tickets at once")
	}
	t := b.app.Tickets
	var one func(id string) (TicketDTO, error)
	v := strings.TrimSpace(req.Value)
	switch req.Action {
	case BulkAssign:
		if v == AssigneeMe {
			one = t.AssignToMe
		} else {
			one = func(id string) (TicketDTO, error) { return t.Assign(id, v) }
		}
	case BulkStatus:
		if _, ok := parseStatus(v); !ok {
			return BulkResultDTO{}, fieldErr("value", "Unknown status")
		}
		one = func(id string) (TicketDTO, error) { return t.SetStatus(id, v) }
	case BulkPriority:
		if _, ok := parsePriority(v); !ok {
			return BulkResultDTO{}, fieldErr("value", "Unknown priority")
		}
		one = func(id string) (TicketDTO, error) { return t.SetPriority(id, v) }
	case BulkAddTag, BulkRemoveTag:
		if v == "" {
			return BulkResultDTO{}, fieldErr("value", "Name the tag")
		}
		one = func(id string) (TicketDTO, error) {
			if req.Action == BulkAddTag {
				return t.UpdateTags(id, []string{v}, nil)
			}
			return t.UpdateTags(id, nil, []string{v})
		}
	default:
		return BulkResultDTO{}, fieldErr("action", "Unknown bulk action")
	}
	out := BulkResultDTO{Failed: []BulkFailureDTO{}, Tickets: []TicketDTO{}}
	for _, id := range ids {
		dto, err := one(id)
		if err != nil {
			f := BulkFailureDTO{ID: id, Message: err.Error()}
			var ue *UIError
			if errors.As(err, &ue) {
				f.Message = ue.Message
				if ue.Kind == KindAuth {
					return out, err // signed out: the rest would fail the same way
				}
			}
			f.Number = b.number(id)
			out.Failed = append(out.Failed, f)
			continue
		}
		out.Succeeded++
		out.Tickets = append(out.Tickets, dto)
	}
	return out, nil
}

// number is the ticket's number for a failure message, or 0 if unknown.
func (b *Bulk) number(id string) int64 {
	l, _, err := b.app.state.current()
	if err != nil {
		return 0
	}
	ctx, cancel := b.app.call()
	defer cancel()
	th, _, err := b.app.Tickets.thread(ctx, l, id)
	if err != nil {
		return 0
	}
	return th.Ticket.GetNumber()
}
