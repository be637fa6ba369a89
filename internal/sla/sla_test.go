package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func berlinOffice(t *testing.T, holidays ...string) *Calendar {
	t.Helper()
	var days []Interval
	for wd := time.Monday; wd <= time.Friday; wd++ {
		days = append(days, Interval{Weekday: wd, Open: "09:00", Close: "17:00"})
	}
	c, err := NewCalendar(Hours{TimeZone: "Europe/Berlin", Days: days, Holidays: holidays})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCalendar_Add(t *testing.T) {
	// 2026-11-27 is a Friday; 2026-12-24 a Thursday.
	cal := berlinOffice(t, "2026-12-24", "2026-12-25")
	cases := []struct {
		name, start string
		d           time.Duration
		want        string
	}{
		{"within the day", "2026-11-27 10:00", 2 * time.Hour, "2026-11-27 12:00"},
		{"exactly at close", "2026-11-27 15:00", 2 * time.Hour, "2026-11-27 17:00"},
		{"over the weekend", "2026-11-27 16:00", 2 * time.Hour, "2026-11-30 10:00"},
		{"before opening", "2026-11-30 07:30", 30 * time.Minute, "2026-11-30 09:30"},
		{"opened on Saturday", "2026-11-28 12:00", 4 * time.Hour, "2026-11-30 13:00"},
		{"over holidays", "2026-12-23 16:00", 2 * time.Hour, "2026-12-28 10:00"},
		{"a whole business week", "2026-11-30 09:00", 40 * time.Hour, "2026-12-04 17:00"},
		{"zero", "2026-11-28 12:00", 0, "2026-11-30 09:00"},
	}
	for _, tc := range cases {
		got, ok := cal.Add(at(t, tc.start), tc.d)
		if !ok || !got.Equal(at(t, tc.want)) {
			t.Errorf("%s: Add(%s, %v) = %v, %v; want %s", tc.name, tc.start, tc.d, got, ok, tc.want)
		}
	}
}

func TestCalendar_DaylightSavingChange(t *testing.T) {
	// Europe/Berlin leaves summer time on 2026-10-25 (a Sunday); an
	// always-open-on-Sunday calendar has 25 hours that day.
	cal, err := NewCalendar(Hours{TimeZone: "Europe/Berlin", Days: []Interval{{Weekday: time.Sunday, Open: "00:00", Close: "24:00"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.Between(at(t, "2026-10-25 00:00"), at(t, "2026-10-26 00:00")); got != 25*time.Hour {
		t.Errorf("business time on the long Sunday = %v; want 25h", got)
	}
}

func TestCalendar_BetweenAndOpen(t *testing.T) {
	cal := berlinOffice(t, "2026-12-24")
	cases := []struct {
		a, b string
		want time.Duration
	}{
		{"2026-11-27 16:00", "2026-11-30 10:00", 2 * time.Hour},
		{"2026-11-28 10:00", "2026-11-29 10:00", 0},
		{"2026-12-23 08:00", "2026-12-25 20:00", 16 * time.Hour},
		{"2026-11-30 12:00", "2026-11-30 11:00", 0},
	}
	for _, tc := range cases {
		if got := cal.Between(at(t, tc.a), at(t, tc.b)); got != tc.want {
			t.Errorf("Between(%s, %s) = %v; want %v", tc.a, tc.b, got, tc.want)
		}
	}
	for s, want := range map[string]bool{"2026-11-27 09:00": true, "2026-11-27 17:00": false, "2026-11-28 12:00": false, "2026-12-24 12:00": false} {
		if got := cal.IsOpen(at(t, s)); got != want {
			t.Errorf("IsOpen(%s) = %v; want %v", s, got, want)
		}
	}
	if !Always().IsOpen(at(t, "2026-11-28 03:00")) {
		t.Error("Always is closed")
	}
}

func TestNewCalendar_Errors(t *testing.T) {
	for name, h := range map[string]Hours{
		"zone":     {TimeZone: "Mars/Olympus"},
		"weekday":  {Days: []Interval{{Weekday: 7, Open: "09:00", Close: "10:00"}}},
		"reversed": {Days: []Interval{{Weekday: 1, Open: "10:00", Close: "09:00"}}},
		"bad time": {Days: []Interval{{Weekday: 1, Open: "9:00", Close: "10:00"}}},
		"past 24":  {Days: []Interval{{Weekday: 1, Open: "09:00", Close: "24:30"}}},
		"holiday":  {Holidays: []string{"24.12.2026"}},
	} {
		if _, err := NewCalendar(h); !errors.Is(err, ErrHours) {
			t.Errorf("%s: err = %v; want ErrHours", name, err)
		}
	}
	// Every day a holiday: Add gives up instead of looping.
	var hs []string
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2030; d = d.AddDate(0, 0, 1) {
		hs = append(hs, d.Format(time.DateOnly))
	}
	cal, err := NewCalendar(Hours{Holidays: hs})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cal.Add(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Hour); ok {
		t.Error("Add found open time in a calendar of holidays")
	}
}

func TestEvaluate(t *testing.T) {
	cal := berlinOffice(t)
	policy := Policy{FirstResponse: 4 * time.Hour, Resolution: 16 * time.Hour, BusinessHours: true}
	created := at(t, "2026-11-27 14:00") // Friday
	// First response due Monday 10:00 (3 h on Friday, 1 h on Monday);
	// resolution due Tuesday 14:00.
	frDue, resDue := at(t, "2026-11-30 10:00"), at(t, "2026-12-01 14:00")
	cases := []struct {
		name string
		tk   Ticket
		now  string
		want []Clock
	}{
		{"running", Ticket{Created: created}, "2026-11-27 15:00", []Clock{
			{FirstResponse, frDue, Running, 3 * time.Hour},
			{Resolution, resDue, Running, 15 * time.Hour},
		}},
		{"the weekend does not count", Ticket{Created: created}, "2026-11-28 12:00", []Clock{
			{FirstResponse, frDue, Warning, time.Hour},
			{Resolution, resDue, Running, 13 * time.Hour},
		}},
		{"warning near the due time", Ticket{Created: created}, "2026-11-30 09:15", []Clock{
			{FirstResponse, frDue, Warning, 45 * time.Minute},
			{Resolution, resDue, Running, 12*time.Hour + 45*time.Minute},
		}},
		{"breached", Ticket{Created: created}, "2026-11-30 11:30", []Clock{
			{FirstResponse, frDue, Breached, -90 * time.Minute},
			{Resolution, resDue, Running, 10*time.Hour + 30*time.Minute},
		}},
		{"met, then resolved late", Ticket{Created: created, FirstResponse: at(t, "2026-11-27 15:00"), Resolved: at(t, "2026-12-01 16:00")}, "2026-12-02 10:00", []Clock{
			{FirstResponse, frDue, Met, 3 * time.Hour},
			{Resolution, resDue, MetLate, -2 * time.Hour},
		}},
	}
	for _, tc := range cases {
		got := Evaluate(policy, cal, tc.tk, at(t, tc.now))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	// Around the clock, and a policy with one target only.
	got := Evaluate(Policy{FirstResponse: time.Hour}, cal, Ticket{Created: created}, created.Add(30*time.Minute))
	want := []Clock{{FirstResponse, created.Add(time.Hour), Running, 30 * time.Minute}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("around the clock (-want +got):\n%s", diff)
	}
}
