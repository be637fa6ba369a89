package server_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// auditOf pulls c's replica view of the log and returns the audit entries.
func auditOf(t *testing.T, c servertest.Clients) []*frontlinev1.AuditEntry {
	t.Helper()
	var out []*frontlinev1.AuditEntry
	req := &frontlinev1.PullRequest{ClientId: desk.NewID(time.Now()), PageSize: 500}
	for {
		res := must(c.Sync.Pull(t.Context(), req))(t)
		for _, ch := range res.GetChanges() {
			if e := ch.GetAuditEntry(); e != nil {
				out = append(out, e)
			}
		}
		if !res.GetMore() {
			return out
		}
		req.ResumeToken = res.GetResumeToken()
	}
}

func TestAudit_AdminActionsAreRecordedForAdminsOnly(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Audit Co")
	agent := env.AddAgent(t, ten, "Avery Agent", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()

	cat := putCategory(t, ten.Clients, "Billing", "Money")
	must(ten.Clients.Settings.DeleteSetting(ctx, &frontlinev1.DeleteSettingRequest{Id: cat.GetId()}))(t)
	must(ten.Clients.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: agent.User.GetId(), Role: frontlinev1.Role_ROLE_ADMIN}))(t)
	must(ten.Clients.AIAdmin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "none"}}))(t)

	got := auditOf(t, ten.Clients)
	var lines []string
	for _, e := range got {
		if e.GetActorId() != ten.Admin.GetId() || e.GetCreateTime() == nil || !desk.ValidID(e.GetId()) {
			t.Errorf("entry %v: want the admin as actor, a time and an id", e)
		}
		lines = append(lines, e.GetAction()+": "+e.GetSummary())
	}
	want := []string{
		`user.invite: Invited avery.agent@example.com as agent`,
		`setting.put: Category "Billing" saved`,
		`setting.delete: Category "Billing" deleted`,
		`user.role: Role of Avery Agent set to admin`,
		`ai.update: AI provider turned off`,
	}
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("audit log lacks %q; have:\n%s", w, strings.Join(lines, "\n"))
		}
	}

	// A plain agent's replica never receives the audit log.
	plain := env.AddAgent(t, ten, "Pat Plain", frontlinev1.Role_ROLE_AGENT)
	if n := len(auditOf(t, plain.Clients)); n != 0 {
		t.Errorf("an agent's pull carried %d audit entries; want none", n)
	}
}
