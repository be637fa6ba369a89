// Package sla computes service-level clocks: when a ticket's first
// response and resolution are due under its priority's targets, counted in
// the tenant's business hours (a weekly schedule in one time zone, less
// holidays) or around the clock, and whether each target is running, close
// to breach, breached or met. The clocks are pure computation over plain
// values (settings.go reads them from a tenant's desk settings), so the
// server and the desktop, offline from its replica, give the same answers.
package sla

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Interval is one open interval of one weekday in local time.
type Interval struct {
	Weekday     time.Weekday
	Open, Close string // "HH:MM"; Close may be "24:00"
}

// Hours is a tenant's working time.
type Hours struct {
	TimeZone string // IANA name; "" is UTC
	Days     []Interval
	Holidays []string // local dates "YYYY-MM-DD"
}

// span is [from, to) in minutes after local midnight.
type span struct{ from, to int }

// Calendar answers business-time questions. The zero value is not usable;
// use Always or NewCalendar.
type Calendar struct {
	loc      *time.Location
	always   bool
	week     [7][]span
	holidays map[string]bool
}

// Always is the calendar of a desk that never closes.
func Always() *Calendar { return &Calendar{loc: time.UTC, always: true} }

// ErrHours is wrapped by NewCalendar's errors.
var ErrHours = errors.New("sla: invalid business hours")

// NewCalendar checks h and returns its calendar. Hours with no days (and
// no holidays) mean always open.
func NewCalendar(h Hours) (*Calendar, error) {
	loc := time.UTC
	if h.TimeZone != "" {
		l, err := time.LoadLocation(h.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("%w: time zone %q", ErrHours, h.TimeZone)
		}
		loc = l
	}
	c := &Calendar{loc: loc, holidays: map[string]bool{}}
	for _, d := range h.Holidays {
		if _, err := time.ParseInLocation(time.DateOnly, d, loc); err != nil {
			return nil, fmt.Errorf("%w: holiday %q is not a YYYY-MM-DD date", ErrHours, d)
		}
		c.holidays[d] = true
	}
	if len(h.Days) == 0 {
		c.always = len(c.holidays) == 0
		if !c.always {
			for wd := range c.week {
				c.week[wd] = []span{{0, 24 * 60}}
			}
		}
		return c, nil
	}
	for _, d := range h.Days {
		if d.Weekday < time.Sunday || d.Weekday > time.Saturday {
			return nil, fmt.Errorf("%w: weekday %d", ErrHours, d.Weekday)
		}
		from, err1 := clock(d.Open)
		to, err2 := clock(d.Close)
		if err1 != nil || err2 != nil || to <= from {
			return nil, fmt.Errorf("%w: %s %s-%s", ErrHours, d.Weekday, d.Open, d.Close)
		}
		c.week[d.Weekday] = append(c.week[d.Weekday], span{from, to})
	}
	for wd := range c.week {
		c.week[wd] = merge(c.week[wd])
	}
	return c, nil
}

// clock parses "HH:MM" into minutes after midnight (24:00 allowed).
func clock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || len(h) != 2 || len(m) != 2 || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return hh*60 + mm, nil
}

// merge sorts spans and joins overlapping or touching ones.
func merge(ss []span) []span {
	slices.SortFunc(ss, func(a, b span) int { return a.from - b.from })
	var out []span
	for _, s := range ss {
		if n := len(out); n > 0 && s.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, s.to)
			continue
		}
		out = append(out, s)
	}
	return out
}

// maxDays bounds the walk over days, so a calendar with no open time (every
// day a holiday) cannot loop for ever.
const maxDays = 3 * 366

// open returns the open intervals of the local day containing t, as
// absolute times (DST-correct: each bound is built from the local date).
func (c *Calendar) open(day time.Time) [][2]time.Time {
	y, m, d := day.Date()
	if c.holidays[fmt.Sprintf("%04d-%02d-%02d", y, m, d)] {
		return nil
	}
	var out [][2]time.Time
	for _, s := range c.week[day.Weekday()] {
		out = append(out, [2]time.Time{
			time.Date(y, m, d, s.from/60, s.from%60, 0, 0, c.loc),
			time.Date(y, m, d, s.to/60, s.to%60, 0, 0, c.loc),
		})
	}
	return out
}

// nextDay is local midnight of the day after day.
func (c *Calendar) nextDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, c.loc)
}

// Add returns the instant d of business time after start. ok is false
// when the calendar has no open time within about three years.
func (c *Calendar) Add(start time.Time, d time.Duration) (due time.Time, ok bool) {
	if c.always {
		return start.Add(d), true
	}
	t := start.In(c.loc)
	left := d
	for range maxDays {
		for _, iv := range c.open(t) {
			if !iv[1].After(t) {
				continue
			}
			from := iv[0]
			if t.After(from) {
				from = t
			}
			if avail := iv[1].Sub(from); avail >= left {
				return from.Add(left), true
			} else {
				left -= avail
			}
		}
		t = c.nextDay(t)
	}
	return time.Time{}, false
}

// Between returns the business time in [a, b); zero when b is not after a.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if c.always {
		return b.Sub(a)
	}
	var total time.Duration
	t := a.In(c.loc)
	for range maxDays * 3 {
		if !t.Before(b) {
			break
		}
		for _, iv := range c.open(t) {
			from, to := iv[0], iv[1]
			if from.Before(a) {
				from = a
			}
			if to.After(b) {
				to = b
			}
			if to.After(from) {
				total += to.Sub(from)
			}
		}
		t = c.nextDay(t)
	}
	return total
}

// IsOpen reports whether t is within business hours.
func (c *Calendar) IsOpen(t time.Time) bool {
	if c.always {
		return true
	}
	t = t.In(c.loc)
	for _, iv := range c.open(t) {
		if !t.Before(iv[0]) && t.Before(iv[1]) {
			return true
		}
	}
	return false
}
