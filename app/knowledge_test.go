package app_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/app"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// kbList waits until the admin's knowledge base satisfies cond.
func kbList(t *testing.T, a *app.App, cond func(app.KBListDTO) bool) app.KBListDTO {
	t.Helper()
	var l app.KBListDTO
	eventually(t, 5*time.Second, func() bool {
		var err error
		if l, err = a.Knowledge.List(); err != nil {
			t.Fatalf("Knowledge.List: %v", err)
		}
		return cond(l)
	})
	return l
}

func kbArticle(l app.KBListDTO, id string) (app.KBArticleDTO, bool) {
	i := slices.IndexFunc(l.Articles, func(a app.KBArticleDTO) bool { return a.ID == id })
	if i < 0 {
		return app.KBArticleDTO{}, false
	}
	return l.Articles[i], true
}

func TestKnowledgeEditPublishAndPolicy(t *testing.T) {
	t.Parallel()
	o := newOfflineRig(t)
	admin := o.adminDesk(t)
	agent := o.agentDesk(t)

	l, err := admin.Knowledge.List()
	if err != nil || !l.CanEdit || !l.Online || len(l.Articles) != 0 {
		t.Fatalf("admin List = %+v, %v", l, err)
	}
	created, err := admin.Knowledge.Save(app.KBSaveDTO{Title: " Brake pads ", Body: "Replace at 1.5 mm.", Tags: []string{"Brakes", " brakes", ""}})
	if err != nil || created.ID == "" || created.Status != "draft" || !slices.Equal(created.Tags, []string{"brakes"}) || created.Revision != 1 {
		t.Fatalf("Save(new) = %+v, %v", created, err)
	}
	l = kbList(t, admin, func(l app.KBListDTO) bool { _, ok := kbArticle(l, created.ID); return ok })

	// Edit the text and publish in one save.
	saved, err := admin.Knowledge.Save(app.KBSaveDTO{ID: created.ID, Revision: 1, Title: "Brake pads", Body: "Replace at 1.5 mm; bed them in.", Tags: []string{"brakes", "safety"}, Status: "published"})
	if err != nil {
		t.Fatalf("Save(edit+publish): %v", err)
	}
	if saved.Body != "Replace at 1.5 mm; bed them in." || saved.Status != "published" || !slices.Equal(saved.Tags, []string{"brakes", "safety"}) || saved.Revision != 3 {
		t.Errorf("saved = %+v, want new body, published, 2 tags, revision 3", saved)
	}
	got, err := o.tenant.Clients.Knowledge.GetArticle(t.Context(), &frontlinev1.GetArticleRequest{Id: created.ID})
	if err != nil || got.GetArticle().GetBody() != saved.Body || got.GetArticle().GetStatus() != frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED {
		t.Fatalf("server article = %v, %v", got.GetArticle(), err)
	}
	if a, err := admin.Knowledge.SetStatus(created.ID, "draft"); err != nil || a.Status != "draft" {
		t.Fatalf("SetStatus(draft) = %+v, %v", a, err)
	}

	// Agents read every article but the server lets only admins write; the
	// desk says so before trying.
	al := kbList(t, agent, func(l app.KBListDTO) bool { a, ok := kbArticle(l, created.ID); return ok && a.Status == "draft" })
	if al.CanEdit || al.Policy != app.MsgKBAdminOnly || len(al.Conflicts) != 0 {
		t.Errorf("agent List = %+v", al)
	}
	if _, err := agent.Knowledge.Save(app.KBSaveDTO{ID: created.ID, Revision: 4, Title: "x", Body: "y"}); uiError(t, err).Kind != app.KindPermission {
		t.Errorf("agent Save err = %v, want permission", err)
	}
	if _, err := admin.Knowledge.Save(app.KBSaveDTO{ID: created.ID, Title: " ", Body: "y"}); uiError(t, err).Field != "title" {
		t.Errorf("empty title err = %v, want a title field error", err)
	}

	// Offline: creating and deleting need the server; text edits queue.
	o.cut()
	off, err := admin.Knowledge.Save(app.KBSaveDTO{ID: created.ID, Revision: 4, Title: "Brake pads", Body: "Offline text", Tags: []string{"brakes", "safety"}, Status: "draft"})
	if err != nil || !off.Pending || off.Body != "Offline text" {
		t.Fatalf("offline Save = %+v, %v; want pending with the new text", off, err)
	}
	eventually(t, 10*time.Second, func() bool { return !syncStatus(t, admin).Online })
	if _, err := admin.Knowledge.Save(app.KBSaveDTO{Title: "New", Body: "text"}); uiError(t, err).Kind != app.KindOffline {
		t.Errorf("offline create err = %v, want offline", err)
	}
	if err := admin.Knowledge.Delete(created.ID); uiError(t, err).Kind != app.KindOffline {
		t.Errorf("offline delete err = %v, want offline", err)
	}
	if _, err := admin.Knowledge.SetStatus(created.ID, "published"); uiError(t, err).Kind != app.KindOffline {
		t.Errorf("offline publish err = %v, want offline", err)
	}
	o.restore(t)
	kbList(t, admin, func(l app.KBListDTO) bool { a, _ := kbArticle(l, created.ID); return !a.Pending && a.Revision == 5 })
	if err := admin.Knowledge.Delete(created.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if l, _ := admin.Knowledge.List(); len(l.Articles) != 0 {
		t.Errorf("articles after delete = %+v", l.Articles)
	}
}

// TestKnowledgeOfflineConflictResolved: an admin edits offline while another
// admin changes the same article; the server keeps the offline edit as a
// conflict branch, the desk shows both sides, and a merge saved from the
// desk becomes the next revision and dismisses the branch.
func TestKnowledgeOfflineConflictResolved(t *testing.T) {
	t.Parallel()
	o := newOfflineRig(t)
	admin := o.adminDesk(t)
	ctx := t.Context()
	art, err := admin.Knowledge.Save(app.KBSaveDTO{Title: "Returns", Body: "Line A\nLine B\n", Status: "published"})
	if err != nil {
		t.Fatal(err)
	}
	kbList(t, admin, func(l app.KBListDTO) bool { _, ok := kbArticle(l, art.ID); return ok })

	o.cut()
	if _, err := admin.Knowledge.Save(app.KBSaveDTO{ID: art.ID, Revision: 1, Title: "Returns", Body: "Line A\nLine B (offline)\n", Status: "published"}); err != nil {
		t.Fatalf("offline Save: %v", err)
	}
	eventually(t, 10*time.Second, func() bool { st := syncStatus(t, admin); return !st.Online && st.Pending == 1 })
	// Meanwhile the same article moves on on the server.
	if _, err := o.tenant.Clients.Knowledge.UpdateArticle(ctx, &frontlinev1.UpdateArticleRequest{Id: art.ID, BaseRevision: 1, Title: "Returns", Body: "Line A (server)\nLine B\n", Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED}); err != nil {
		t.Fatal(err)
	}
	o.restore(t)
	l := kbList(t, admin, func(l app.KBListDTO) bool { return len(l.Conflicts) == 1 })
	c := l.Conflicts[0]
	if c.ArticleID != art.ID || c.BaseRevision != 1 || c.Body != "Line A\nLine B (offline)\n" || c.Current.Body != "Line A (server)\nLine B\n" || c.Current.Revision != 2 || c.AuthorName != o.tenant.Admin.GetName() {
		t.Fatalf("conflict = %+v", c)
	}
	if a, _ := kbArticle(l, art.ID); a.Conflicts != 1 {
		t.Errorf("article conflicts = %d, want 1", a.Conflicts)
	}

	merged := "Line A (server)\nLine B (offline)\n"
	res, err := admin.Knowledge.ResolveConflict(c.ID, "Returns", merged)
	// Online, the sync loop may push the merge before ResolveConflict
	// reads the article back: pending, or already revision 3.
	if err != nil || res.Body != merged || (!res.Pending && res.Revision != 3) {
		t.Fatalf("ResolveConflict = %+v, %v", res, err)
	}
	if l, _ := admin.Knowledge.List(); len(l.Conflicts) != 0 {
		t.Errorf("conflicts right after resolving = %d, want 0 (dismissal pending)", len(l.Conflicts))
	}
	kbList(t, admin, func(l app.KBListDTO) bool { a, _ := kbArticle(l, art.ID); return !a.Pending && a.Revision == 3 })
	got, err := o.tenant.Clients.Knowledge.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: art.ID})
	if err != nil || got.GetArticle().GetBody() != merged || got.GetArticle().GetRevision() != 3 {
		t.Fatalf("server article = %v, %v; want the merge as revision 3", got.GetArticle(), err)
	}
	if st := syncStatus(t, admin); st.Pending != 0 {
		t.Errorf("pending after resolve = %d", st.Pending)
	}
	if _, err := admin.Knowledge.ResolveConflict(c.ID, "Returns", merged); uiError(t, err).Kind != app.KindConflict {
		t.Errorf("second resolve err = %v, want already resolved", err)
	}
}

func TestKnowledgeImport(t *testing.T) {
	t.Parallel()
	o := newOfflineRig(t)
	admin := o.adminDesk(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	paths := []string{
		write("shipping.md", "# Shipping times\n\nOrders ship in 2 days.\n"),
		write("warranty.html", "<html><head><script>steal()</script></head><body><h1>Warranty</h1><p>Two <b>years</b>.</p></body></html>"),
		write("size_guide.txt", "Measure your inseam."),
		write("photo.png", "PNG"),
	}
	res, err := admin.Knowledge.Import(paths)
	if err != nil || len(res) != 4 {
		t.Fatalf("Import = %+v, %v", res, err)
	}
	for i, want := range []string{"Shipping times", "Warranty", "Size guide"} {
		if !res[i].OK || res[i].Title != want || res[i].ArticleID == "" || res[i].FileName != filepath.Base(paths[i]) {
			t.Errorf("result %d = %+v, want %q created", i, res[i], want)
		}
	}
	if res[3].OK || !strings.Contains(res[3].Error, "only .md") {
		t.Errorf("png result = %+v, want a refusal", res[3])
	}
	l := kbList(t, admin, func(l app.KBListDTO) bool { return len(l.Articles) == 3 })
	w, _ := kbArticle(l, res[1].ArticleID)
	if w.Body != "Two **years**." || w.Status != "draft" {
		t.Errorf("imported HTML article = %+v", w)
	}
	agent := o.agentDesk(t)
	if _, err := agent.Knowledge.Import(paths[:1]); uiError(t, err).Kind != app.KindPermission {
		t.Errorf("agent Import err = %v, want permission", err)
	}
}
