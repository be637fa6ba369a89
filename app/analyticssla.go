package app

import (
	"context"

	"github.com/frontlinedesk/frontline/internal/analytics"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// withTenantSLA gives q the tenant's SLA policies and business-hours
// calendar from the replica when the request named no targets of its own,
// so attainment counts business hours as the desk's clocks do.
func withTenantSLA(ctx context.Context, l *local, q *analytics.Query) error {
	if len(q.SLA) > 0 {
		return nil
	}
	setup, err := slaSetupLocal(ctx, l)
	if err != nil {
		return err
	}
	for p, pol := range setup.Policies {
		if pol.FirstResponse <= 0 && pol.Resolution <= 0 {
			continue
		}
		if q.SLA == nil {
			q.SLA = map[frontlinev1.TicketPriority]analytics.Target{}
		}
		q.SLA[p] = analytics.Target{FirstResponse: pol.FirstResponse, Resolution: pol.Resolution, BusinessHours: pol.BusinessHours}
	}
	q.Calendar = setup.Calendar
	return nil
}
