package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/frontlinedesk/frontline/app"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// adminDesk signs the tenant's admin in through r's proxy.
func (o *offlineRig) adminDesk(t *testing.T) *app.App {
	t.Helper()
	a := o.app(t, t.TempDir(), t.TempDir(), &recorder{})
	if _, err := a.Session.Login("http://"+o.addr, o.tenant.Company.GetName(), o.tenant.Admin.GetEmail(), servertest.Password, false); err != nil {
		t.Fatalf("admin Login: %v", err)
	}
	eventually(t, 5*time.Second, func() bool { return syncStatus(t, a).Online })
	return a
}

// agentDesk signs the agent in through r's proxy.
func (o *offlineRig) agentDesk(t *testing.T) *app.App {
	t.Helper()
	a := o.app(t, t.TempDir(), t.TempDir(), &recorder{})
	if _, err := a.Session.Login("http://"+o.addr, o.tenant.Company.GetName(), o.agent.User.GetEmail(), servertest.Password, false); err != nil {
		t.Fatalf("agent Login: %v", err)
	}
	eventually(t, 5*time.Second, func() bool { return syncStatus(t, a).Online })
	return a
}

// listSettings waits until the replica's settings satisfy cond.
func listSettings(t *testing.T, a *app.App, cond func(app.SettingsDTO) bool) app.SettingsDTO {
	t.Helper()
	var st app.SettingsDTO
	eventually(t, 5*time.Second, func() bool {
		var err error
		st, err = a.Settings.List()
		if err != nil {
			t.Fatalf("Settings.List: %v", err)
		}
		return cond(st)
	})
	return st
}

func TestSettingsAdminEditsAgentsRead(t *testing.T) {
	t.Parallel()
	r := newOfflineRig(t)
	admin := r.adminDesk(t)
	agent := r.agentDesk(t)

	st, err := admin.Settings.List()
	if err != nil || !st.CanEdit || !st.Online || len(st.Categories) != 0 || st.PriorityRules.ID != "" {
		t.Fatalf("admin List before = %+v, %v; want empty, editable, online", st, err)
	}
	cat, err := admin.Settings.SaveCategory(app.CategoryDTO{Name: " Billing ", Description: "Charges, refunds and invoices", Examples: []string{"I was charged twice", "", "  Where is my invoice? "}})
	if err != nil || cat.ID == "" || cat.Name != "Billing" {
		t.Fatalf("SaveCategory = %+v, %v", cat, err)
	}
	mac, err := admin.Settings.SaveMacro(app.MacroDTO{Title: "Refund issued", Body: "Hi {{customer.first_name}}, your refund is on its way.", AddTags: []string{" Refund "}, Category: "Billing"})
	if err != nil || mac.ID == "" || !slices.Equal(mac.AddTags, []string{"refund"}) {
		t.Fatalf("SaveMacro = %+v, %v", mac, err)
	}
	rules := app.PriorityRulesDTO{
		KeywordRules:  []app.KeywordRuleDTO{{Words: []string{"chargeback", " lawyer "}, Priority: "urgent"}},
		TierRules:     []app.TierRuleDTO{{Tier: "Gold", Priority: "high"}},
		NegativeBelow: -0.5, NegativePriority: "high",
	}
	pr, err := admin.Settings.SavePriorityRules(rules)
	if err != nil || pr.ID == "" {
		t.Fatalf("SavePriorityRules = %+v, %v", pr, err)
	}

	// The agent's desk gets them through sync, read-only.
	got := listSettings(t, agent, func(s app.SettingsDTO) bool {
		return len(s.Categories) == 1 && len(s.Macros) == 1 && s.PriorityRules.ID != ""
	})
	want := app.SettingsDTO{
		Categories: []app.CategoryDTO{{ID: cat.ID, Name: "Billing", Description: "Charges, refunds and invoices", Examples: []string{"I was charged twice", "Where is my invoice?"}}},
		Macros:     []app.MacroDTO{{ID: mac.ID, Title: "Refund issued", Body: "Hi {{customer.first_name}}, your refund is on its way.", AddTags: []string{"refund"}, Category: "Billing"}},
		PriorityRules: app.PriorityRulesDTO{
			ID:           pr.ID,
			KeywordRules: []app.KeywordRuleDTO{{Words: []string{"chargeback", "lawyer"}, Priority: "urgent"}},
			TierRules:    []app.TierRuleDTO{{Tier: "gold", Priority: "high"}}, NegativeBelow: -0.5, NegativePriority: "high",
		},
		CanEdit: false, Online: true,
		Variables: []string{"customer.name", "customer.first_name", "customer.email", "agent.name", "agent.first_name", "ticket.number", "ticket.subject", "company.name"},
		// The SLA, hours, assignment, field and tag sections are empty (setup.go).
		SLAPolicies: []app.SLAPolicyDTO{}, BusinessHours: app.BusinessHoursDTO{Days: []app.DayHoursDTO{}, Holidays: []string{}},
		Assignment: app.AssignmentDTO{Mode: app.AssignOff}, CustomFields: []app.CustomFieldDTO{}, Tags: []app.TagDTO{},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(app.CategoryDTO{}, "UpdatedAt"), cmpopts.IgnoreFields(app.MacroDTO{}, "UpdatedAt"), cmpopts.IgnoreFields(app.PriorityRulesDTO{}, "UpdatedAt")); diff != "" {
		t.Errorf("agent's settings mismatch (-want +got):\n%s", diff)
	}

	// An agent may not change them: the server says so.
	if _, err := agent.Settings.SaveCategory(app.CategoryDTO{Name: "Shipping"}); uiError(t, err).Kind != app.KindPermission {
		t.Errorf("agent SaveCategory = %v, want permission", err)
	}
	if err := agent.Settings.DeleteMacro(mac.ID); uiError(t, err).Kind != app.KindPermission {
		t.Errorf("agent DeleteMacro = %v, want permission", err)
	}

	// The server's complaints name the form field.
	for _, tc := range []struct {
		name  string
		save  func() error
		field string
	}{
		{"empty category name", func() error { _, err := admin.Settings.SaveCategory(app.CategoryDTO{Name: "  "}); return err }, "name"},
		{"duplicate category", func() error { _, err := admin.Settings.SaveCategory(app.CategoryDTO{Name: "billing"}); return err }, "name"},
		{"empty macro body", func() error { _, err := admin.Settings.SaveMacro(app.MacroDTO{Title: "Empty"}); return err }, "body"},
		{"macro of an unknown category", func() error {
			_, err := admin.Settings.SaveMacro(app.MacroDTO{Title: "X", Body: "x", Category: "Nope"})
			return err
		}, "category"},
		{"keyword rule without words", func() error {
			_, err := admin.Settings.SavePriorityRules(app.PriorityRulesDTO{KeywordRules: []app.KeywordRuleDTO{{Words: []string{" "}, Priority: "high"}}})
			return err
		}, "keywordRules"},
		{"negative threshold out of range", func() error {
			_, err := admin.Settings.SavePriorityRules(app.PriorityRulesDTO{NegativeBelow: 2, NegativePriority: "high"})
			return err
		}, "negativeBelow"},
	} {
		ue := uiError(t, tc.save())
		if ue.Kind != app.KindInvalid || ue.Field != tc.field || ue.Message == "" {
			t.Errorf("%s: error = %+v, want invalid on field %q", tc.name, ue, tc.field)
		}
	}

	if err := admin.Settings.DeleteMacro(mac.ID); err != nil {
		t.Fatalf("DeleteMacro: %v", err)
	}
	listSettings(t, agent, func(s app.SettingsDTO) bool { return len(s.Macros) == 0 })

	// Offline: the settings still read, changes need the server.
	r.cut()
	// A local change makes the sync loop find out at once.
	if err := admin.Tickets.SaveDraft(r.tickets[0].GetId(), "draft"); err != nil {
		t.Fatalf("SaveDraft: %v", err)
	}
	eventually(t, 10*time.Second, func() bool { return !syncStatus(t, admin).Online })
	if st, err := admin.Settings.List(); err != nil || len(st.Categories) != 1 || st.Online {
		t.Errorf("offline List = %+v, %v; want the category, offline", st, err)
	}
	ue := uiError(t, func() error { _, err := admin.Settings.SaveCategory(app.CategoryDTO{Name: "Shipping"}); return err }())
	if ue.Kind != app.KindOffline || !strings.Contains(ue.Message, "needs a connection") {
		t.Errorf("offline SaveCategory = %+v, want the needs-a-connection error", ue)
	}
}
