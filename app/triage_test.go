package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/app"
)

// triageRig is an offline rig whose admin set up two categories and a
// macro, with the agent's desk synced and then cut off from the server.
type triageRig struct {
	*offlineRig
	agent   *app.App
	macroID string
	order   string // "Order 5521 has not shipped"
	brake   string // "Brake squeals on descents"
}

func newTriageRig(t *testing.T) triageRig {
	t.Helper()
	r := newOfflineRig(t)
	admin := r.adminDesk(t)
	for _, c := range []app.CategoryDTO{
		{Name: "Shipping", Description: "Orders, deliveries, tracking", Examples: []string{"My order has not arrived", "Where is my package?", "The tracking number does not work"}},
		{Name: "Mechanical", Description: "Brakes, gears, chains, wheels", Examples: []string{"My brakes squeal", "The chain slips when I pedal", "Gears do not shift"}},
	} {
		if _, err := admin.Settings.SaveCategory(c); err != nil {
			t.Fatalf("SaveCategory(%s): %v", c.Name, err)
		}
	}
	mac, err := admin.Settings.SaveMacro(app.MacroDTO{
		Title:    "Order on its way",
		Body:     "Hi {{customer.first_name}}, I'm {{agent.first_name}} from {{company.name}}. About #{{ticket.number}} ({{ticket.subject}}): your order {{order.id}} ships tomorrow.",
		AddTags:  []string{"shipping"},
		Category: "Shipping",
	})
	if err != nil {
		t.Fatalf("SaveMacro: %v", err)
	}
	// A macro for Mechanical that shares no word with the brake ticket.
	if _, err := admin.Settings.SaveMacro(app.MacroDTO{Title: "Workshop visit", Body: "Hello {{customer.first_name}}, book a slot online and we take a look.", Category: "Mechanical"}); err != nil {
		t.Fatalf("SaveMacro(Workshop visit): %v", err)
	}
	tr := triageRig{offlineRig: r, macroID: mac.ID, order: r.tickets[1].GetId(), brake: r.tickets[0].GetId()}
	tr.agent = r.agentDesk(t)
	listSettings(t, tr.agent, func(s app.SettingsDTO) bool { return len(s.Categories) == 2 && len(s.Macros) == 2 })
	r.cut()
	if err := tr.agent.Tickets.SaveDraft(tr.brake, "…"); err != nil {
		t.Fatalf("SaveDraft: %v", err)
	}
	eventually(t, 10*time.Second, func() bool { return !syncStatus(t, tr.agent).Online })
	return tr
}

func TestTriageOfflineLearnsTenantCategories(t *testing.T) {
	t.Parallel()
	r := newTriageRig(t)
	a := r.agent

	tr, err := a.Copilot.Triage(r.order)
	if err != nil {
		t.Fatalf("Triage offline: %v", err)
	}
	if tr.Category.Label != "Shipping" || tr.Category.Confidence <= 0 {
		t.Errorf("order ticket category = %+v, want Shipping from the admin's examples", tr.Category)
	}
	if !slices.Contains(tr.Notes, fmt.Sprintf("Category learned on this computer from your company's categories and %d ticket(s) agents labelled", 0)) {
		t.Errorf("notes = %q, want the category-model note", tr.Notes)
	}

	// Corrections work offline and show at once, pending.
	tk, err := a.Tickets.CorrectTriage(r.brake, "Category", "mechanical")
	if err != nil {
		t.Fatalf("CorrectTriage(category): %v", err)
	}
	if tk.Triage == nil || tk.Triage.Category.Label != "Mechanical" || !slices.Contains(tk.Triage.Corrected, "category") || !tk.Pending {
		t.Errorf("after correcting: ticket = %+v triage %+v; want Mechanical, corrected, pending", tk, tk.Triage)
	}
	if tk, err = a.Tickets.CorrectTriage(r.brake, "sentiment", "Positive"); err != nil || tk.Triage.Sentiment.Label != "positive" {
		t.Errorf("CorrectTriage(sentiment) = %+v, %v", tk.Triage, err)
	}
	if tk, err = a.Tickets.CorrectTriage(r.brake, "priority", "high"); err != nil || tk.Priority != "high" {
		t.Errorf("CorrectTriage(priority) = %+v, %v", tk, err)
	}
	for _, tc := range []struct{ field, value, uiField string }{
		{"category", "Nope", "value"},
		{"sentiment", "furious", "value"},
		{"language", "xx", "value"},
		{"colour", "red", "field"},
		{"category", " ", "value"},
	} {
		_, err := a.Tickets.CorrectTriage(r.brake, tc.field, tc.value)
		if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != tc.uiField {
			t.Errorf("CorrectTriage(%s, %q) = %+v, want invalid %q", tc.field, tc.value, ue, tc.uiField)
		}
	}

	// The correction is training data at once: the model is retrained with
	// it, and the copilot panel shows the label as the agent set it.
	tr, err = a.Copilot.Triage(r.brake)
	if err != nil {
		t.Fatalf("Triage after correcting: %v", err)
	}
	if !slices.Contains(tr.Notes, fmt.Sprintf("Category learned on this computer from your company's categories and %d ticket(s) agents labelled", 1)) {
		t.Errorf("notes = %q, want one labelled ticket", tr.Notes)
	}
	if !(tr.Category.Label == "Mechanical" && tr.Category.Accepted) && tr.Category.Corrected != "Mechanical" {
		t.Errorf("panel category = %+v, want Mechanical as corrected", tr.Category)
	}

	// Back online, the server stores the corrections.
	r.restore(t)
	eventually(t, 15*time.Second, func() bool { st := syncStatus(t, a); return st.Online && st.Pending == 0 })
	got := serverThread(t, r.tenant.Clients, r.brake).GetTicket().GetTriage()
	if got.GetCategory().GetLabel() != "Mechanical" || got.GetSentiment().GetLabel() != "positive" ||
		!slices.Contains(got.GetCorrected(), "category") || !slices.Contains(got.GetCorrected(), "sentiment") {
		t.Errorf("server triage = %v, want the corrections", got)
	}
}

func TestMacrosApplyAndOfflineDraft(t *testing.T) {
	t.Parallel()
	r := newTriageRig(t)
	a := r.agent

	ms, err := a.Macros.List()
	if err != nil || len(ms) != 2 || ms[0].ID != r.macroID || ms[1].Title != "Workshop visit" {
		t.Fatalf("Macros.List = %+v, %v", ms, err)
	}
	res, err := a.Macros.Apply(r.order, r.macroID)
	if err != nil {
		t.Fatalf("Apply offline: %v", err)
	}
	want := app.AppliedMacroDTO{
		MacroID: r.macroID, Title: "Order on its way",
		Text:        fmt.Sprintf("Hi Casey, I'm Maya from %s. About #%d (Order 5521 has not shipped): your order {{order.id}} ships tomorrow.", r.tenant.Company.GetName(), r.tickets[1].GetNumber()),
		AddTags:     []string{"shipping"},
		UnknownVars: []string{"order.id"},
		EmptyVars:   []string{},
	}
	if diff := cmp.Diff(want, res, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Ticket" }, cmp.Ignore())); diff != "" {
		t.Errorf("Apply mismatch (-want +got):\n%s", diff)
	}
	if !slices.Contains(res.Ticket.Tags, "shipping") || !res.Ticket.Pending {
		t.Errorf("ticket after Apply = %+v, want the macro's tag, pending", res.Ticket)
	}
	if _, err := a.Macros.Apply(r.order, "nope"); uiError(t, err).Kind != app.KindInvalid {
		t.Errorf("Apply(unknown macro) = %v, want invalid", err)
	}

	// With no LLM and no server, the draft uses the macro, labelled.
	d, err := a.Copilot.Draft(r.order)
	if err != nil {
		t.Fatalf("Draft offline: %v", err)
	}
	if d.Macro != "Order on its way" || !strings.Contains(d.Text, "I'm Maya from") {
		t.Errorf("offline draft = %+v, want the expanded macro, labelled", d)
	}

	// A macro of the ticket's category is used even when it shares no word
	// with the message; it greets, so it is the whole draft.
	if _, err := a.Tickets.CorrectTriage(r.brake, "category", "Mechanical"); err != nil {
		t.Fatalf("CorrectTriage: %v", err)
	}
	d, err = a.Copilot.Draft(r.brake)
	if err != nil {
		t.Fatalf("Draft offline (brake): %v", err)
	}
	if d.Macro != "Workshop visit" || d.Text != "Hello Casey, book a slot online and we take a look." || len(d.Citations) != 0 || d.Label != app.OfflineMacroLabel {
		t.Errorf("category draft = %+v, want the Workshop visit macro alone", d)
	}

	r.restore(t)
	eventually(t, 15*time.Second, func() bool { st := syncStatus(t, a); return st.Online && st.Pending == 0 })
	if tags := serverThread(t, r.tenant.Clients, r.order).GetTicket().GetTags(); !slices.Contains(tags, "shipping") {
		t.Errorf("server tags = %q, want shipping", tags)
	}
}
