package sla

import "time"

// Policy is the targets of one priority; a zero duration has no target.
type Policy struct {
	FirstResponse time.Duration
	Resolution    time.Duration
	BusinessHours bool // count only the calendar's open time
}

// Ticket is what the clocks need of a ticket.
type Ticket struct {
	Created       time.Time
	FirstResponse time.Time // zero: no public agent reply yet
	Resolved      time.Time // zero: not resolved (or reopened since)
}

// Target names a clock.
type Target string

// The targets.
const (
	FirstResponse Target = "first_response"
	Resolution    Target = "resolution"
)

// State is where a clock stands.
type State string

// The states.
const (
	Running  State = "running"  // due in the future, plenty of time left
	Warning  State = "warning"  // due soon: WarnShare of the target or less left
	Breached State = "breached" // due passed and not met
	Met      State = "met"      // met on time
	MetLate  State = "met_late" // met after it was due
)

// WarnShare is the share of a target left at which a running clock warns.
const WarnShare = 0.25

// Clock is one target's clock.
type Clock struct {
	Target Target
	Due    time.Time
	State  State
	// Left is the time still counted until Due (business time when the
	// policy counts business hours); negative once breached, by how much.
	Left time.Duration
}

// Evaluate returns the ticket's clocks under p at now: first response,
// then resolution, each only when p has that target.
func Evaluate(p Policy, cal *Calendar, tk Ticket, now time.Time) []Clock {
	if !p.BusinessHours || cal == nil {
		cal = Always()
	}
	var out []Clock
	for _, tg := range []struct {
		target Target
		d      time.Duration
		done   time.Time
	}{{FirstResponse, p.FirstResponse, tk.FirstResponse}, {Resolution, p.Resolution, tk.Resolved}} {
		if tg.d <= 0 {
			continue
		}
		due, ok := cal.Add(tk.Created, tg.d)
		if !ok {
			continue // a calendar with no open time: no meaningful due date
		}
		c := Clock{Target: tg.target, Due: due}
		switch {
		case !tg.done.IsZero() && !tg.done.After(due):
			c.State, c.Left = Met, cal.Between(tg.done, due)
		case !tg.done.IsZero():
			c.State, c.Left = MetLate, -cal.Between(due, tg.done)
		case now.After(due):
			c.State, c.Left = Breached, -cal.Between(due, now)
		default:
			c.Left = cal.Between(now, due)
			c.State = Running
			if float64(c.Left) <= WarnShare*float64(tg.d) {
				c.State = Warning
			}
		}
		out = append(out, c)
	}
	return out
}
