package replica

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Settings returns the tenant's desk settings (categories, macros, priority
// rules) as last replicated, ordered by kind, then name. They change only on
// the server (admins write them online), so there is no local overlay.
func (r *Replica) Settings(ctx context.Context) ([]*frontlinev1.Setting, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ss, err := scanKind(r, rowSetting, func() *frontlinev1.Setting { return new(frontlinev1.Setting) }, nil)
	if err != nil {
		return nil, fmt.Errorf("replica: settings: %w", err)
	}
	slices.SortFunc(ss, func(a, b *frontlinev1.Setting) int {
		return cmp.Or(cmp.Compare(settingRank(a), settingRank(b)), cmp.Compare(settingName(a), settingName(b)), cmp.Compare(a.GetId(), b.GetId()))
	})
	return ss, nil
}

func settingRank(s *frontlinev1.Setting) int {
	switch s.GetValue().(type) {
	case *frontlinev1.Setting_Category:
		return 0
	case *frontlinev1.Setting_Macro:
		return 1
	case *frontlinev1.Setting_PriorityRules:
		return 2
	}
	return 3
}

func settingName(s *frontlinev1.Setting) string {
	switch v := s.GetValue().(type) {
	case *frontlinev1.Setting_Category:
		return v.Category.GetName()
	case *frontlinev1.Setting_Macro:
		return v.Macro.GetTitle()
	}
	return ""
}

// SetTriage queues an agent's correction (or confirmation) of one triage
// label. The value is checked here as the server will check it, so a typo
// fails at once instead of coming back as a rejection.
func (r *Replica) SetTriage(ctx context.Context, ticketID string, field frontlinev1.TriageField, value string) (int64, error) {
	th, err := r.Ticket(ctx, ticketID)
	if err != nil {
		return 0, err
	}
	var cats []string
	if field == frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY {
		ss, err := r.Settings(ctx)
		if err != nil {
			return 0, err
		}
		for _, s := range ss {
			if c := s.GetCategory(); c != nil {
				cats = append(cats, c.GetName())
			}
		}
	}
	v, err := desk.CheckTriageValue(field, value, cats)
	if err != nil {
		return 0, fmt.Errorf("replica: set triage: %w", err)
	}
	var base string
	tr := th.Ticket.GetTriage()
	switch field {
	case frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY:
		base = tr.GetCategory().GetLabel()
	case frontlinev1.TriageField_TRIAGE_FIELD_SENTIMENT:
		base = tr.GetSentiment().GetLabel()
	case frontlinev1.TriageField_TRIAGE_FIELD_LANGUAGE:
		base = tr.GetLanguage().GetLabel()
	}
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_SetTriage{SetTriage: &frontlinev1.SetTriageOp{
		TicketId: ticketID, Field: field, Value: v, BaseValue: base}}})
}

// AuditLog returns the company's audit log, newest first, up to limit
// entries (0: all). Only admins' replicas hold it.
func (r *Replica) AuditLog(ctx context.Context, limit int) ([]*frontlinev1.AuditEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	es, err := scanKind(r, rowAudit, func() *frontlinev1.AuditEntry { return new(frontlinev1.AuditEntry) }, nil)
	if err != nil {
		return nil, fmt.Errorf("replica: audit log: %w", err)
	}
	slices.Reverse(es) // ids are time-ordered
	if limit > 0 && len(es) > limit {
		es = es[:limit]
	}
	return es, nil
}

// SetCustomField queues a custom field value ("" clears it), checked
// against the field's definition as the server will check it.
func (r *Replica) SetCustomField(ctx context.Context, ticketID, key, value string) (int64, error) {
	th, err := r.Ticket(ctx, ticketID)
	if err != nil {
		return 0, err
	}
	ss, err := r.Settings(ctx)
	if err != nil {
		return 0, err
	}
	def, ok := desk.CustomFields(ss)[key]
	if !ok {
		return 0, fmt.Errorf("replica: set custom field: %w", desk.Invalid("custom_fields."+key, "is not one of the company's custom fields"))
	}
	v, err := desk.CheckFieldValue(def, value)
	if err != nil {
		return 0, fmt.Errorf("replica: set custom field: %w", err)
	}
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_SetCustomField{SetCustomField: &frontlinev1.SetCustomFieldOp{
		TicketId: ticketID, Key: key, Value: v, BaseValue: th.Ticket.GetCustomFields()[key]}}})
}
