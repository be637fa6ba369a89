package server_test

import (
	"strings"
	"testing"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// TestSync_DismissConflict: an admin removes a resolved conflict branch
// through sync (it works offline like the edit that made it); an agent may
// not, and dismissing a branch that is already gone does nothing.
func TestSync_DismissConflict(t *testing.T) {
	env := servertest.New(t)
	ctx := t.Context()
	a := env.RegisterCompany(t, "Dismiss")
	second := env.AddAgent(t, a, "Second Admin", frontlinev1.Role_ROLE_ADMIN)
	agent := env.AddAgent(t, a, "Agent", frontlinev1.Role_ROLE_AGENT)
	art, err := a.Clients.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: "Guide", Body: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	rep, tr := newReplica(t, second.User), syncOf(second.Clients)
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, err := rep.EditArticle(ctx, art.GetArticle().GetId(), 5, "Guide", "stale edit"); err != nil {
		t.Fatal(err)
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	cs, _ := rep.ArticleConflicts(ctx)
	if len(cs) != 1 {
		t.Fatalf("conflict branches = %d, want 1", len(cs))
	}
	id := cs[0].GetId()

	// An agent's dismissal is refused and shown to the agent.
	arep, atr := newReplica(t, agent.User), syncOf(agent.Clients)
	if _, err := arep.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_DismissConflict{DismissConflict: &frontlinev1.DismissConflictOp{ConflictId: id}}}); err != nil {
		t.Fatal(err)
	}
	if err := arep.SyncOnce(ctx, atr); err != nil {
		t.Fatal(err)
	}
	rj, _ := arep.Rejections(ctx)
	if len(rj) != 1 || !strings.Contains(rj[0].GetReason(), "only admins") {
		t.Fatalf("agent rejections = %v, want one naming admins", rj)
	}

	// The admin's dismissal removes the branch from every admin replica;
	// a second dismissal of the same branch is a no-op, not a rejection.
	for range 2 {
		if _, err := rep.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_DismissConflict{DismissConflict: &frontlinev1.DismissConflictOp{ConflictId: id}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if cs, _ := rep.ArticleConflicts(ctx); len(cs) != 0 {
		t.Fatalf("conflict branches after dismissal = %d, want 0", len(cs))
	}
	if rj, _ := rep.Rejections(ctx); len(rj) != 0 {
		t.Fatalf("admin rejections = %v, want none", rj)
	}
	if ob, _ := rep.Outbox(); len(ob) != 0 {
		t.Fatalf("outbox = %d, want drained", len(ob))
	}
}
