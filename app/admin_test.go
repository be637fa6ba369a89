package app_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/app"
	"github.com/frontlinedesk/frontline/internal/assist/llm"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// newSealedRig is newOfflineRig over a server that can store API keys.
func newSealedRig(t *testing.T) *offlineRig {
	t.Helper()
	sealer, err := llm.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	env := servertest.New(t, server.WithSecrets(sealer))
	tenant := env.RegisterCompany(t, "Desk Bikes")
	r := rig{env: env, tenant: tenant, agent: env.AddAgent(t, tenant, "Maya Chen", frontlinev1.Role_ROLE_AGENT)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o := &offlineRig{rig: r, addr: ln.Addr().String()}
	o.proxy = newTCPProxy(t, ln, strings.TrimPrefix(env.URL, "http://"))
	return o
}

// agentsOf waits until the replica's team satisfies cond.
func agentsOf(t *testing.T, a *app.App, cond func(app.AgentsDTO) bool) app.AgentsDTO {
	t.Helper()
	var out app.AgentsDTO
	eventually(t, 5*time.Second, func() bool {
		var err error
		if out, err = a.Admin.Agents(); err != nil {
			t.Fatalf("Agents: %v", err)
		}
		return cond(out)
	})
	return out
}

func findAgent(as app.AgentsDTO, email string) app.AgentDTO {
	for _, a := range as.Agents {
		if a.Email == email {
			return a
		}
	}
	return app.AgentDTO{}
}

func TestAdminManagesTeam(t *testing.T) {
	t.Parallel()
	r := newOfflineRig(t)
	admin := r.adminDesk(t)
	agent := r.agentDesk(t)
	maya := r.agent.User
	adminEmail := r.tenant.Admin.GetEmail()

	if _, err := admin.Settings.SaveCategory(app.CategoryDTO{Name: "Billing"}); err != nil {
		t.Fatalf("SaveCategory: %v", err)
	}
	team := agentsOf(t, admin, func(a app.AgentsDTO) bool { return len(a.Categories) == 1 && len(a.Agents) == 2 })
	if !team.CanEdit || !team.Online || !slices.Equal(team.Categories, []string{"Billing"}) {
		t.Errorf("Agents = %+v, want editable, online, categories [Billing]", team)
	}
	if me := findAgent(team, adminEmail); !me.Me || me.Role != "admin" || !me.Active || me.Availability != "available" {
		t.Errorf("admin row = %+v", me)
	}
	if m := findAgent(team, maya.GetEmail()); m.Me || m.Role != "agent" || m.Capacity != 0 || len(m.Skills) != 0 {
		t.Errorf("Maya's row = %+v", m)
	}

	// Invite: the token comes back once, with where to use it.
	inv, err := admin.Admin.Invite(" Lee@Northwind.test ", "agent")
	if err != nil {
		t.Fatalf("Invite: %v", err)
	}
	if !strings.HasPrefix(inv.Token, "fli_") || inv.ExpiresAt == "" || inv.Email != "lee@northwind.test" || inv.Role != "agent" ||
		inv.ServerURL != "http://"+r.addr || inv.Company != r.tenant.Company.GetName() {
		t.Errorf("Invite = %+v", inv)
	}
	for _, tc := range []struct {
		name, email, role, field string
	}{
		{"existing user", maya.GetEmail(), "agent", "email"},
		{"no email", "  ", "agent", "email"},
		{"bad email", "not-an-email", "agent", "email"},
		{"unknown role", "kim@northwind.test", "owner", "role"},
	} {
		_, err := admin.Admin.Invite(tc.email, tc.role)
		if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != tc.field {
			t.Errorf("Invite %s: %+v, want invalid on %q", tc.name, ue, tc.field)
		}
	}

	// Capacity and skills.
	got, err := admin.Admin.UpdateProfile(maya.GetId(), 5, []string{" Billing ", ""})
	if err != nil || got.Capacity != 5 || !slices.Equal(got.Skills, []string{"Billing"}) {
		t.Fatalf("UpdateProfile = %+v, %v", got, err)
	}
	agentsOf(t, admin, func(a app.AgentsDTO) bool { return findAgent(a, maya.GetEmail()).Capacity == 5 })
	_, err = admin.Admin.UpdateProfile(maya.GetId(), 5, []string{"Shipping"})
	if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != "skills" {
		t.Errorf("UpdateProfile with an unknown skill: %+v, want invalid on skills", ue)
	}
	_, err = admin.Admin.UpdateProfile(maya.GetId(), 1001, nil)
	if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != "capacity" {
		t.Errorf("UpdateProfile capacity 1001: %+v, want invalid on capacity", ue)
	}

	// Roles.
	if got, err := admin.Admin.SetRole(maya.GetId(), "admin"); err != nil || got.Role != "admin" {
		t.Fatalf("SetRole admin = %+v, %v", got, err)
	}
	if got, err := admin.Admin.SetRole(maya.GetId(), "agent"); err != nil || got.Role != "agent" {
		t.Fatalf("SetRole agent = %+v, %v", got, err)
	}
	_, err = admin.Admin.SetRole(r.tenant.Admin.GetId(), "agent")
	if ue := uiError(t, err); ue.Kind != app.KindInvalid || !strings.Contains(ue.Message, "admin") {
		t.Errorf("demoting the last admin: %+v, want invalid naming the admin rule", ue)
	}

	// An agent may not manage the team.
	if _, err := agent.Admin.Invite("x@northwind.test", "agent"); uiError(t, err).Kind != app.KindPermission {
		t.Errorf("agent Invite = %v, want permission", err)
	}
	if a, err := agent.Admin.Agents(); err != nil || a.CanEdit {
		t.Errorf("agent Agents = %+v, %v; want read-only", a, err)
	}

	// Deactivate: not yourself; the others go to the end of the list.
	if _, err := admin.Admin.Deactivate(r.tenant.Admin.GetId()); uiError(t, err).Kind != app.KindInvalid {
		t.Errorf("Deactivate self = %v, want invalid", err)
	}
	if got, err := admin.Admin.Deactivate(maya.GetId()); err != nil || got.Active {
		t.Fatalf("Deactivate = %+v, %v", got, err)
	}
	team = agentsOf(t, admin, func(a app.AgentsDTO) bool { return !findAgent(a, maya.GetEmail()).Active })
	if last := team.Agents[len(team.Agents)-1]; last.Email != maya.GetEmail() {
		t.Errorf("last agent = %+v, want the deactivated Maya", last)
	}

	// The audit log has every change, newest first, and filters.
	log := auditOf(t, admin, app.AuditQuery{}, func(l app.AuditLogDTO) bool { return slices.Contains(l.Actions, "user.deactivate") })
	if log.Entries[0].Action != "user.deactivate" || log.Entries[0].ActorName != r.tenant.Admin.GetName() || log.Entries[0].TargetID != maya.GetId() {
		t.Errorf("newest audit entry = %+v", log.Entries[0])
	}
	for _, a := range []string{"setting.put", "user.invite", "user.profile", "user.role", "user.deactivate"} {
		if !slices.Contains(log.Actions, a) {
			t.Errorf("audit actions %v lack %q", log.Actions, a)
		}
	}
	roles, err := admin.Admin.AuditLog(app.AuditQuery{Action: "user.role"})
	if err != nil || roles.Total != 2 || len(roles.Entries) != 2 || roles.Entries[0].Summary != "Role of Maya Chen set to agent" {
		t.Errorf("AuditLog(user.role) = %+v, %v", roles, err)
	}
	users, err := admin.Admin.AuditLog(app.AuditQuery{Action: "user.", Text: "LEE@", Limit: 10})
	if err != nil || users.Total != 1 || !strings.Contains(users.Entries[0].Summary, "lee@northwind.test") {
		t.Errorf("AuditLog(user., lee@) = %+v, %v", users, err)
	}
	limited, err := admin.Admin.AuditLog(app.AuditQuery{Limit: 1})
	if err != nil || len(limited.Entries) != 1 || limited.Total != len(log.Entries) {
		t.Errorf("AuditLog(limit 1) = %d entries of %d, %v; want 1 of %d", len(limited.Entries), limited.Total, err, len(log.Entries))
	}

	// Offline: the team and the log still read; changes say they need the server.
	r.cut()
	if err := admin.Tickets.SaveDraft(r.tickets[0].GetId(), "draft"); err != nil {
		t.Fatalf("SaveDraft: %v", err)
	}
	eventually(t, 10*time.Second, func() bool { return !syncStatus(t, admin).Online })
	if a, err := admin.Admin.Agents(); err != nil || a.Online || len(a.Agents) != 2 {
		t.Errorf("offline Agents = %+v, %v", a, err)
	}
	if l, err := admin.Admin.AuditLog(app.AuditQuery{}); err != nil || len(l.Entries) != len(log.Entries) {
		t.Errorf("offline AuditLog = %d entries, %v; want %d", len(l.Entries), err, len(log.Entries))
	}
	for name, call := range map[string]func() error{
		"Invite":    func() error { _, err := admin.Admin.Invite("z@northwind.test", "agent"); return err },
		"Widget":    func() error { _, err := admin.Admin.Widget(); return err },
		"AI":        func() error { _, err := admin.Admin.AI(); return err },
		"SetRole":   func() error { _, err := admin.Admin.SetRole(maya.GetId(), "admin"); return err },
		"Available": func() error { _, err := admin.Admin.SetAvailability("away"); return err },
	} {
		if ue := uiError(t, call()); ue.Kind != app.KindOffline || ue.Message != app.MsgAdminOffline {
			t.Errorf("offline %s = %+v, want %q", name, ue, app.MsgAdminOffline)
		}
	}
}

// auditOf waits until the replica's audit log satisfies cond.
func auditOf(t *testing.T, a *app.App, q app.AuditQuery, cond func(app.AuditLogDTO) bool) app.AuditLogDTO {
	t.Helper()
	var out app.AuditLogDTO
	eventually(t, 5*time.Second, func() bool {
		var err error
		if out, err = a.Admin.AuditLog(q); err != nil {
			t.Fatalf("AuditLog: %v", err)
		}
		return cond(out)
	})
	return out
}

func TestAvailabilityFollowsTheServer(t *testing.T) {
	t.Parallel()
	r := newOfflineRig(t)
	agent := r.agentDesk(t)
	if v, err := agent.Admin.Availability(); err != nil || v != "available" {
		t.Fatalf("Availability = %q, %v; want available", v, err)
	}
	if v, err := agent.Admin.SetAvailability("Away"); err != nil || v != "away" {
		t.Fatalf("SetAvailability(away) = %q, %v", v, err)
	}
	eventually(t, 5*time.Second, func() bool { v, err := agent.Admin.Availability(); return err == nil && v == "away" })
	if v, err := agent.Admin.SetAvailability("available"); err != nil || v != "available" {
		t.Fatalf("SetAvailability(available) = %q, %v", v, err)
	}
	if _, err := agent.Admin.SetAvailability("busy"); uiError(t, err).Field != "availability" {
		t.Errorf("SetAvailability(busy) = %v, want invalid on availability", err)
	}
}

func TestAdminWidgetSettings(t *testing.T) {
	t.Parallel()
	r := newOfflineRig(t)
	admin := r.adminDesk(t)
	w, err := admin.Admin.Widget()
	if err != nil {
		t.Fatalf("Widget: %v", err)
	}
	key := r.tenant.Company.GetWidgetKey()
	wantEmbed := `<script src="http://` + r.addr + `/widget.js" data-widget-key="` + key + `" async></script>`
	if w.WidgetKey != key || w.Embed != wantEmbed {
		t.Errorf("Widget key, embed = %q, %q; want %q, %q", w.WidgetKey, w.Embed, key, wantEmbed)
	}
	in := app.WidgetSettingsDTO{
		AllowedOrigins: []string{" https://northwind.test ", ""}, AccentColor: "#0f766e", Greeting: "Hi! How can we help?",
		BotName: "Spoke", BotTone: "concise", BotEnabled: true, InactivityMinutes: 45, TimeZone: "Europe/Berlin",
		Days:     []app.OpeningHoursDTO{{Weekday: 1, Open: "09:00", Close: "17:00"}, {Weekday: 2, Open: "09:00", Close: "17:00"}},
		Holidays: []string{"2026-12-25"},
	}
	got, err := admin.Admin.SaveWidget(in)
	if err != nil {
		t.Fatalf("SaveWidget: %v", err)
	}
	want := in
	want.AllowedOrigins = []string{"https://northwind.test"}
	want.WidgetKey, want.ServerURL, want.Embed = key, "http://"+r.addr, wantEmbed
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SaveWidget mismatch (-want +got):\n%s", diff)
	}
	if again, err := admin.Admin.Widget(); err != nil || !cmp.Equal(again, got) {
		t.Errorf("Widget after save = %+v, %v; want %+v", again, err, got)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*app.WidgetSettingsDTO)
		field string
	}{
		{"bad colour", func(w *app.WidgetSettingsDTO) { w.AccentColor = "teal" }, "accentColor"},
		{"bad origin", func(w *app.WidgetSettingsDTO) { w.AllowedOrigins = []string{"northwind dot test"} }, "allowedOrigins"},
		{"timeout too short", func(w *app.WidgetSettingsDTO) { w.InactivityMinutes = 2 }, "inactivityMinutes"},
		{"closing before opening", func(w *app.WidgetSettingsDTO) {
			w.Days = []app.OpeningHoursDTO{{Weekday: 1, Open: "17:00", Close: "09:00"}}
		}, "days"},
		{"bad time zone", func(w *app.WidgetSettingsDTO) { w.TimeZone = "Mars/Olympus" }, "timeZone"},
	} {
		bad := in
		tc.edit(&bad)
		_, err := admin.Admin.SaveWidget(bad)
		if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != tc.field {
			t.Errorf("SaveWidget %s: %+v, want invalid on %q", tc.name, ue, tc.field)
		}
	}
	agent := r.agentDesk(t)
	if _, err := agent.Admin.SaveWidget(in); uiError(t, err).Kind != app.KindPermission {
		t.Errorf("agent SaveWidget = %v, want permission", err)
	}
}

func TestAdminAIProvider(t *testing.T) {
	t.Parallel()
	r := newSealedRig(t)
	admin := r.adminDesk(t)
	ai, err := admin.Admin.AI()
	if err != nil || ai.Provider != "none" || ai.APIKeySet || !strings.HasPrefix(ai.Mode, "Offline defaults") {
		t.Fatalf("AI = %+v, %v; want none, offline defaults", ai, err)
	}
	// An OpenAI-compatible endpoint that answers every chat call.
	llm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"x","object":"chat.completion","model":"tiny","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`))
	}))
	t.Cleanup(llm.Close)

	set := app.AISettingsDTO{Provider: "openai", Model: "tiny", BaseURL: llm.URL + "/v1", TimeoutSeconds: 5,
		Prices: []app.ModelPriceDTO{{Model: "tiny", PromptPerMillion: 0.5, CompletionPerMilli: 1.5}, {}}}
	res, err := admin.Admin.TestAI(set, app.AIKeyDTO{})
	if err != nil || !res.OK || res.Reply != "pong" || res.Error != "" {
		t.Errorf("TestAI = %+v, %v; want ok, pong", res, err)
	}
	down := set
	down.BaseURL = "http://127.0.0.1:1/v1"
	down.TimeoutSeconds = 2
	if res, err := admin.Admin.TestAI(down, app.AIKeyDTO{}); err != nil || res.OK || res.Error == "" {
		t.Errorf("TestAI of an unreachable provider = %+v, %v; want a failed result", res, err)
	}

	saved, err := admin.Admin.SaveAI(set, app.AIKeyDTO{APIKey: " sk-test-abcdefgh1234 "})
	if err != nil {
		t.Fatalf("SaveAI: %v", err)
	}
	if saved.Provider != "openai" || saved.Model != "tiny" || !saved.APIKeySet || !strings.HasSuffix(saved.APIKeyMasked, "1234") ||
		strings.Contains(saved.APIKeyMasked, "abcdefgh") || len(saved.Prices) != 1 || !strings.HasPrefix(saved.Mode, "LLM: ") {
		t.Errorf("SaveAI = %+v", saved)
	}
	// Saving again without a key keeps it; clearing removes it.
	if again, err := admin.Admin.SaveAI(saved, app.AIKeyDTO{}); err != nil || !again.APIKeySet {
		t.Errorf("SaveAI keeping the key = %+v, %v", again, err)
	}
	if cleared, err := admin.Admin.SaveAI(saved, app.AIKeyDTO{Clear: true}); err != nil || cleared.APIKeySet || cleared.APIKeyMasked != "" {
		t.Errorf("SaveAI clearing the key = %+v, %v", cleared, err)
	}
	for _, tc := range []struct {
		name  string
		s     app.AISettingsDTO
		key   app.AIKeyDTO
		field string
	}{
		{"unknown provider", app.AISettingsDTO{Provider: "skynet", Model: "x"}, app.AIKeyDTO{}, "provider"},
		{"no model", app.AISettingsDTO{Provider: "ollama"}, app.AIKeyDTO{}, "model"},
		{"bad base URL", app.AISettingsDTO{Provider: "ollama", Model: "m", BaseURL: "ftp://x"}, app.AIKeyDTO{}, "baseURL"},
		{"anthropic without a key", app.AISettingsDTO{Provider: "anthropic", Model: "claude"}, app.AIKeyDTO{}, "apiKey"},
		{"timeout too long", app.AISettingsDTO{Provider: "ollama", Model: "m", TimeoutSeconds: 1000}, app.AIKeyDTO{}, "timeoutSeconds"},
	} {
		_, err := admin.Admin.SaveAI(tc.s, tc.key)
		if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != tc.field {
			t.Errorf("SaveAI %s: %+v, want invalid on %q", tc.name, ue, tc.field)
		}
	}
	back, err := admin.Admin.SaveAI(app.AISettingsDTO{Provider: "none"}, app.AIKeyDTO{})
	if err != nil || back.Provider != "none" || !strings.HasPrefix(back.Mode, "Offline defaults") {
		t.Errorf("SaveAI(none) = %+v, %v", back, err)
	}
}
