package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/app"
)

func TestSetupSectionsSaveListAndNameFields(t *testing.T) {
	t.Parallel()
	r := newOfflineRig(t)
	admin := r.adminDesk(t)

	pol, err := admin.Settings.SaveSLAPolicy(app.SLAPolicyDTO{Priority: "urgent", FirstResponseMinutes: 30, ResolutionMinutes: 240, BusinessHours: true})
	if err != nil || pol.ID == "" || pol.Priority != "urgent" || pol.FirstResponseMinutes != 30 || !pol.BusinessHours {
		t.Fatalf("SaveSLAPolicy = %+v, %v", pol, err)
	}
	hours := app.BusinessHoursDTO{TimeZone: "Europe/Berlin", Days: []app.DayHoursDTO{{Weekday: 1, Open: "09:00", Close: "17:00"}}, Holidays: []string{"2026-12-25", " "}}
	if h, err := admin.Settings.SaveBusinessHours(hours); err != nil || h.TimeZone != "Europe/Berlin" || len(h.Days) != 1 || len(h.Holidays) != 1 {
		t.Fatalf("SaveBusinessHours = %+v, %v", h, err)
	}
	if as, err := admin.Settings.SaveAssignment(app.AssignmentDTO{Mode: app.AssignLeastLoaded}); err != nil || as.Mode != app.AssignLeastLoaded {
		t.Fatalf("SaveAssignment = %+v, %v", as, err)
	}
	cf, err := admin.Settings.SaveCustomField(app.CustomFieldDTO{Key: "order_kind", Label: "Order kind", Type: "select", Options: []string{"refund", " exchange ", ""}, RequiredToResolve: true})
	if err != nil || cf.Type != "select" || len(cf.Options) != 2 {
		t.Fatalf("SaveCustomField = %+v, %v", cf, err)
	}
	if tg, err := admin.Settings.SaveTag(app.TagDTO{Name: " VIP ", Color: "#aa3300", Description: "Gold customers"}); err != nil || tg.Name != "vip" {
		t.Fatalf("SaveTag = %+v, %v", tg, err)
	}

	st := listSettings(t, admin, func(s app.SettingsDTO) bool {
		return len(s.SLAPolicies) == 1 && s.BusinessHours.ID != "" && s.Assignment.ID != "" && len(s.CustomFields) == 1 && len(s.Tags) == 1
	})
	if st.Assignment.Mode != app.AssignLeastLoaded || st.BusinessHours.Days[0] != (app.DayHoursDTO{Weekday: 1, Open: "09:00", Close: "17:00"}) || st.Tags[0].Color != "#aa3300" {
		t.Fatalf("List = %+v", st)
	}

	// The server's complaints name the form field.
	for _, tc := range []struct {
		name  string
		call  func() error
		field string
	}{
		{"bad key", func() error {
			_, err := admin.Settings.SaveCustomField(app.CustomFieldDTO{Key: "Bad Key!", Label: "X", Type: "text"})
			return err
		}, "key"},
		{"select without options", func() error {
			_, err := admin.Settings.SaveCustomField(app.CustomFieldDTO{Key: "size", Label: "Size", Type: "select"})
			return err
		}, "options"},
		{"target too long", func() error {
			_, err := admin.Settings.SaveSLAPolicy(app.SLAPolicyDTO{Priority: "low", FirstResponseMinutes: 600000})
			return err
		}, "firstResponse"},
		{"unknown time zone", func() error {
			_, err := admin.Settings.SaveBusinessHours(app.BusinessHoursDTO{TimeZone: "Mars/Olympus"})
			return err
		}, "timeZone"},
		{"bad colour", func() error {
			_, err := admin.Settings.SaveTag(app.TagDTO{Name: "x", Color: "red"})
			return err
		}, "color"},
		{"unknown mode", func() error {
			_, err := admin.Settings.SaveAssignment(app.AssignmentDTO{Mode: "random"})
			return err
		}, "mode"},
	} {
		ue := uiError(t, tc.call())
		if ue.Field != tc.field || ue.Kind != app.KindInvalid {
			t.Errorf("%s: error = %+v, want field %q", tc.name, ue, tc.field)
		}
	}
	if err := admin.Settings.DeleteTag(st.Tags[0].ID); err != nil {
		t.Fatalf("DeleteTag: %v", err)
	}
	listSettings(t, admin, func(s app.SettingsDTO) bool { return len(s.Tags) == 0 })
}

func TestTicketsCarrySLAClocksAndCustomFieldsOffline(t *testing.T) {
	t.Parallel()
	r := newOfflineRig(t)
	admin := r.adminDesk(t)
	for _, p := range []string{"low", "normal", "high", "urgent"} {
		if _, err := admin.Settings.SaveSLAPolicy(app.SLAPolicyDTO{Priority: p, FirstResponseMinutes: 60, ResolutionMinutes: 24 * 60}); err != nil {
			t.Fatalf("SaveSLAPolicy(%s): %v", p, err)
		}
	}
	if _, err := admin.Settings.SaveCustomField(app.CustomFieldDTO{Key: "order_kind", Label: "Order kind", Type: "select", Options: []string{"refund", "exchange"}, RequiredToResolve: true}); err != nil {
		t.Fatalf("SaveCustomField: %v", err)
	}
	agent := r.agentDesk(t)
	listSettings(t, agent, func(s app.SettingsDTO) bool { return len(s.SLAPolicies) == 4 && len(s.CustomFields) == 1 })

	var rows []app.TicketDTO
	eventually(t, 5*time.Second, func() bool {
		var err error
		rows, err = agent.Tickets.List(app.TicketFilter{View: app.ViewOpen})
		return err == nil && len(rows) == 3
	})
	for _, row := range rows {
		if len(row.SLA) != 2 || row.SLA[0].Target != "first_response" || row.SLA[1].Target != "resolution" {
			t.Fatalf("row %d SLA = %+v, want first response and resolution clocks", row.Number, row.SLA)
		}
		c := row.SLA[0]
		if c.State != "running" || c.LeftSeconds <= 50*60 || c.LeftSeconds > 60*60 || c.BusinessHours {
			t.Errorf("row %d first response clock = %+v, want running with under an hour left", row.Number, c)
		}
		created, _ := time.Parse(time.RFC3339, row.CreatedAt)
		due, _ := time.Parse(time.RFC3339, c.Due)
		if d := due.Sub(created); d < 59*time.Minute || d > 61*time.Minute {
			t.Errorf("row %d due %s after creation, want 1h", row.Number, d)
		}
	}

	// Offline: the field is set locally and pending; resolving checks it first.
	r.cut()
	id := rows[0].ID
	_, err := agent.Tickets.SetStatus(id, "resolved")
	if ue := uiError(t, err); ue.Field != "status" || !strings.Contains(ue.Message, "Fill in Order kind before resolving") {
		t.Fatalf("SetStatus(resolved) without the field = %+v", ue)
	}
	if ue := uiError(t, func() error { _, err := agent.Tickets.SetCustomField(id, "order_kind", "gift"); return err }()); ue.Field != "custom:order_kind" || ue.Kind != app.KindInvalid {
		t.Fatalf("SetCustomField(bad option) = %+v", ue)
	}
	if ue := uiError(t, func() error { _, err := agent.Tickets.SetCustomField(id, "colour", "red"); return err }()); ue.Kind != app.KindInvalid {
		t.Fatalf("SetCustomField(unknown key) = %+v", ue)
	}
	tk, err := agent.Tickets.SetCustomField(id, "order_kind", "refund")
	if err != nil || !tk.Pending || tk.CustomFields["order_kind"] != "refund" || len(tk.SLA) != 2 {
		t.Fatalf("SetCustomField offline = %+v, %v", tk, err)
	}
	if tk, err = agent.Tickets.SetStatus(id, "resolved"); err != nil || tk.Status != "resolved" {
		t.Fatalf("SetStatus(resolved) with the field = %+v, %v", tk, err)
	}
	r.restore(t)
	eventually(t, 10*time.Second, func() bool { s := syncStatus(t, agent); return s.Online && s.Pending == 0 })
	got, err := agent.Tickets.Get(id)
	if err != nil || got.Ticket.CustomFields["order_kind"] != "refund" || got.Ticket.Status != "resolved" || got.Ticket.Pending {
		t.Fatalf("after resync Get = %+v, %v", got.Ticket, err)
	}
	if len(got.Ticket.SLA) != 2 || got.Ticket.SLA[1].State != "met" {
		t.Errorf("resolution clock after resolving = %+v, want met", got.Ticket.SLA)
	}
}

func TestAnalyticsUsesTheTenantSLAPolicies(t *testing.T) {
	t.Parallel()
	r := newOfflineRig(t)
	admin := r.adminDesk(t)
	for _, p := range []string{"low", "normal", "high", "urgent"} {
		if _, err := admin.Settings.SaveSLAPolicy(app.SLAPolicyDTO{Priority: p, FirstResponseMinutes: 60, BusinessHours: true}); err != nil {
			t.Fatalf("SaveSLAPolicy(%s): %v", p, err)
		}
	}
	listSettings(t, admin, func(s app.SettingsDTO) bool { return len(s.SLAPolicies) == 4 })
	var d app.DashboardDTO
	eventually(t, 10*time.Second, func() bool {
		var err error
		d, err = admin.Analytics.Dashboard(app.DashboardRequest{Days: 7, TimeZone: "UTC"})
		if err != nil {
			t.Fatalf("Dashboard: %v", err)
		}
		return d.Preparing == nil && d.Total == 3
	})
	// No business hours are set, so every hour counts: the three fresh,
	// unanswered tickets are pending and nothing has a resolution target.
	if d.SLA == nil || d.SLA.FirstResponse != (app.AttainmentDTO{Pending: 3}) || d.SLA.Resolution != (app.AttainmentDTO{}) {
		t.Fatalf("Dashboard SLA = %+v, want the tenant's first response targets pending for 3 tickets", d.SLA)
	}
}
