package app_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/app"
)

func TestSavedViewsBulkAndDigest(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	dataDir := t.TempDir()
	a := app.New(app.Config{
		DefaultServerURL: r.env.URL, ConfigDir: t.TempDir(), DataDir: dataDir,
		Connector: app.RemoteConnector{HTTPClient: r.env.HTTPClient}, Emitter: &recorder{}, Logger: quiet, CallTimeout: 10 * time.Second,
	})
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	me := r.signIn(t, a)

	// The first digest takes the baseline.
	d, err := a.Digest.Get()
	if err != nil || !d.First || d.Total != 0 {
		t.Fatalf("first Digest.Get = %+v, %v; want an empty baseline", d, err)
	}

	v, err := a.Views.Save(app.SavedViewDTO{Name: " Urgent mine ", Statuses: []string{"new", "open"}, Priorities: []string{"urgent"}, Assignee: "me", Tags: []string{" VIP "}})
	if err != nil || v.ID == "" || v.Name != "Urgent mine" || v.Sort != app.SortUpdated || !slices.Equal(v.Tags, []string{"vip"}) {
		t.Fatalf("Save = %+v, %v", v, err)
	}
	if _, err := a.Views.Save(app.SavedViewDTO{Name: "bad", Statuses: []string{"snoozed"}}); uiError(t, err).Field != "statuses" {
		t.Errorf("Save(bad status) = %v, want a statuses error", err)
	}
	counts, err := a.Views.Counts()
	if err != nil || counts.Saved[v.ID] != 0 || counts.Builtin["open"] != 3 || counts.Builtin["unassigned"] != 3 || counts.Builtin["mine"] != 0 {
		t.Fatalf("Counts before = %+v, %v", counts, err)
	}

	ids := []string{r.tickets[0].GetId(), r.tickets[1].GetId()}
	for _, req := range []app.BulkRequestDTO{
		{IDs: ids, Action: app.BulkAssign, Value: "me"},
		{IDs: ids, Action: app.BulkPriority, Value: "urgent"},
		{IDs: ids, Action: app.BulkAddTag, Value: "VIP"},
	} {
		res, err := a.Bulk.Apply(req)
		if err != nil || res.Succeeded != 2 || len(res.Failed) != 0 {
			t.Fatalf("Bulk.Apply(%+v) = %+v, %v", req, res, err)
		}
	}
	// Resolving a "new" ticket is allowed; an unknown id fails on its own.
	res, err := a.Bulk.Apply(app.BulkRequestDTO{IDs: []string{ids[1], "0123456789abcdef0123456789abcdef"}, Action: app.BulkStatus, Value: "pending"})
	if err != nil || res.Succeeded != 1 || len(res.Failed) != 1 || res.Failed[0].Message == "" {
		t.Fatalf("Bulk.Apply(status with a missing ticket) = %+v, %v", res, err)
	}
	if _, err := a.Bulk.Apply(app.BulkRequestDTO{IDs: ids, Action: "explode"}); uiError(t, err).Field != "action" {
		t.Errorf("Bulk.Apply(unknown action) = %v", err)
	}

	got, err := a.Views.Run(v, 0)
	if err != nil || len(got) != 1 || got[0].ID != ids[0] || got[0].AssigneeID != me.User.ID || got[0].Priority != "urgent" {
		t.Fatalf("Run = %+v, %v; want ticket 0, mine, urgent", got, err)
	}
	if saved, err := a.Views.RunSaved(v.ID, 10); err != nil || len(saved) != 1 || saved[0].ID != ids[0] {
		t.Fatalf("RunSaved = %+v, %v", saved, err)
	}
	if _, err := a.Views.RunSaved("nope", 10); uiError(t, err).Kind != "notfound" {
		t.Errorf("RunSaved(unknown) = %v, want notfound", err)
	}
	counts, err = a.Views.Counts()
	if err != nil || counts.Saved[v.ID] != 1 || counts.Builtin["mine"] != 2 || counts.Builtin["pending"] != 1 {
		t.Fatalf("Counts after = %+v, %v", counts, err)
	}

	d, err = a.Digest.Get()
	if err != nil || d.First || len(d.AssignedToMe) != 2 || len(d.StatusChanges) != 1 || d.StatusChanges[0].Detail != "new → pending" {
		t.Fatalf("Digest.Get after changes = %+v, %v", d, err)
	}
	if err := a.Digest.Dismiss(); err != nil {
		t.Fatalf("Dismiss: %v", err)
	}
	if d, err = a.Digest.Get(); err != nil || d.Total != 0 {
		t.Fatalf("Digest.Get after Dismiss = %+v, %v", d, err)
	}

	// Views live in the user's data directory on this computer.
	files, _ := filepath.Glob(filepath.Join(dataDir, "*", "views.json"))
	if len(files) != 1 {
		t.Fatalf("views.json files = %v", files)
	}
	if b, err := os.ReadFile(files[0]); err != nil || !strings.Contains(string(b), "Urgent mine") {
		t.Fatalf("views.json = %q, %v", b, err)
	}
	if err := a.Views.Delete(v.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if vs, err := a.Views.List(); err != nil || len(vs) != 0 {
		t.Fatalf("List after Delete = %+v, %v", vs, err)
	}
}
