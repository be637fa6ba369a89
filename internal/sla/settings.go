package sla

import (
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Setup is a tenant's service-level setup read from its desk settings:
// the business-hours calendar and the policy of each priority.
type Setup struct {
	Calendar *Calendar
	Policies map[frontlinev1.TicketPriority]Policy
}

// FromSettings reads the SLA setup from a tenant's settings. Business hours
// that no longer parse (a time zone the system lost) count as always open.
func FromSettings(settings []*frontlinev1.Setting) Setup {
	out := Setup{Calendar: Always(), Policies: map[frontlinev1.TicketPriority]Policy{}}
	for _, s := range settings {
		if bh := s.GetBusinessHours(); bh != nil {
			if cal, err := NewCalendar(HoursOf(bh)); err == nil {
				out.Calendar = cal
			}
		}
		if p := s.GetSlaPolicy(); p != nil {
			out.Policies[p.GetPriority()] = Policy{
				FirstResponse: time.Duration(p.GetFirstResponseMinutes()) * time.Minute,
				Resolution:    time.Duration(p.GetResolutionMinutes()) * time.Minute,
				BusinessHours: p.GetBusinessHours(),
			}
		}
	}
	return out
}

// HoursOf converts stored business hours.
func HoursOf(bh *frontlinev1.BusinessHours) Hours {
	h := Hours{TimeZone: bh.GetTimeZone(), Holidays: bh.GetHolidays()}
	for _, d := range bh.GetDays() {
		h.Days = append(h.Days, Interval{Weekday: time.Weekday(d.GetWeekday()), Open: d.GetOpen(), Close: d.GetClose()})
	}
	return h
}

// Clocks returns a ticket's SLA clocks at now (none when its priority has
// no policy).
func (s Setup) Clocks(tk *frontlinev1.Ticket, now time.Time) []Clock {
	p, ok := s.Policies[tk.GetPriority()]
	if !ok {
		return nil
	}
	t := Ticket{Created: tk.GetCreateTime().AsTime()}
	if v := tk.GetFirstResponseTime(); v != nil {
		t.FirstResponse = v.AsTime()
	}
	if v := tk.GetResolveTime(); v != nil {
		t.Resolved = v.AsTime()
	}
	return Evaluate(p, s.Calendar, t, now)
}

// NextDue is the earliest due time among a ticket's clocks that are still
// running or breached; zero when none.
func (s Setup) NextDue(tk *frontlinev1.Ticket, now time.Time) time.Time {
	var due time.Time
	for _, c := range s.Clocks(tk, now) {
		if c.State == Met || c.State == MetLate {
			continue
		}
		if due.IsZero() || c.Due.Before(due) {
			due = c.Due
		}
	}
	return due
}
