package app

import (
	"context"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/sla"
)

// SLAClockDTO is one SLA clock of a ticket, computed offline from the
// replica's settings (internal/sla). Target is "first_response" or
// "resolution"; State is running, warning, breached, met or met_late;
// LeftSeconds is the (business) time left until Due, negative once late.
type SLAClockDTO struct {
	Target        string `json:"target"`
	Due           string `json:"due"`
	State         string `json:"state"`
	LeftSeconds   int64  `json:"leftSeconds"`
	BusinessHours bool   `json:"businessHours"`
}

// slaNow is the clock of the SLA computations (tests replace it).
var slaNow = time.Now

// slaSetup reads the tenant's SLA setup from the replica once per call.
func slaSetupLocal(ctx context.Context, l *local) (sla.Setup, error) {
	all, err := settingsOf(ctx, l)
	if err != nil {
		return sla.Setup{}, err
	}
	return sla.FromSettings(all), nil
}

// slaClocks converts a ticket's clocks at now; never nil.
func slaClocks(setup sla.Setup, tk *frontlinev1.Ticket, now time.Time) []SLAClockDTO {
	out := []SLAClockDTO{}
	bh := setup.Policies[tk.GetPriority()].BusinessHours
	for _, c := range setup.Clocks(tk, now) {
		out = append(out, SLAClockDTO{
			Target: string(c.Target), Due: c.Due.UTC().Format(time.RFC3339), State: string(c.State),
			LeftSeconds: int64(c.Left / time.Second), BusinessHours: bh,
		})
	}
	return out
}

// withSLA fills the clocks of dtos[i] from tks[i] (the rows just read).
// A failure to read the settings leaves the clocks empty: the inbox must
// still show.
func (a *App) withSLA(ctx context.Context, l *local, tks []*frontlinev1.Ticket, dtos []TicketDTO) {
	setup, err := slaSetupLocal(ctx, l)
	if err != nil {
		a.log.Warn("sla: read settings", "err", err)
		return
	}
	now := slaNow()
	for i := range dtos {
		if i < len(tks) {
			dtos[i].SLA = slaClocks(setup, tks[i], now)
		}
	}
}

// slaOf returns one ticket's clocks (empty if the settings cannot be read).
func (a *App) slaOf(ctx context.Context, l *local, tk *frontlinev1.Ticket) []SLAClockDTO {
	out := []TicketDTO{{}}
	a.withSLA(ctx, l, []*frontlinev1.Ticket{tk}, out)
	if out[0].SLA == nil {
		return []SLAClockDTO{}
	}
	return out[0].SLA
}

// customFieldValues copies a ticket's custom field values; never nil.
func customFieldValues(t *frontlinev1.Ticket) map[string]string {
	out := make(map[string]string, len(t.GetCustomFields()))
	for k, v := range t.GetCustomFields() {
		out[k] = v
	}
	return out
}
