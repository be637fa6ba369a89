package app_test

import (
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/app"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

func TestSearch_OverTheReplica(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	art, err := r.tenant.Clients.Knowledge.CreateArticle(t.Context(), &frontlinev1.CreateArticleRequest{
		Title:  "Brake pads: when and how to replace them",
		Body:   "# Brake pads\n\n## When\n\nReplace the pads when the groove is gone or they squeal.",
		Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
	})
	if err != nil {
		t.Fatalf("CreateArticle: %v", err)
	}
	a := r.newApp(t, &recorder{})

	if _, err := a.Search.Query("brake", app.SearchFilter{}); uiError(t, err).Kind != app.KindAuth {
		t.Errorf("Query before sign-in: %v, want an auth error", err)
	}
	r.signIn(t, a)
	eventually(t, 10*time.Second, func() bool { return a.Search.Mode() == app.SearchModeLexical })

	res, err := a.Search.Query("squea", app.SearchFilter{})
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	if len(res.Tickets) != 1 || res.Tickets[0].Number != r.tickets[0].GetNumber() || res.Mode != app.SearchModeLexical {
		t.Fatalf("Query(squea) = %+v, want ticket #%d", res, r.tickets[0].GetNumber())
	}
	if len(res.Articles) != 1 || res.Articles[0].ID != art.GetArticle().GetId() {
		t.Fatalf("Query(squea) articles = %+v, want the brake pads article", res.Articles)
	}
	got, err := a.Search.Article(res.Articles[0].ID)
	if err != nil || got.Title != "Brake pads: when and how to replace them" || got.Status != "published" {
		t.Errorf("Article = %+v, %v", got, err)
	}
	if _, err := a.Search.Article("00000000000000000000000000000000"); uiError(t, err).Kind != app.KindNotFound {
		t.Errorf("Article(unknown): %v, want not found", err)
	}
	if res, err := a.Search.Query("squea", app.SearchFilter{Scope: app.ScopeTickets, Statuses: []string{"resolved"}}); err != nil || len(res.Tickets)+len(res.Articles) != 0 {
		t.Errorf("Query with a resolved filter = %+v, %v; want nothing", res, err)
	}
	if _, err := a.Search.Query("x", app.SearchFilter{Statuses: []string{"sleeping"}}); uiError(t, err).Kind != app.KindInvalid {
		t.Errorf("Query with a bad status: %v, want invalid", err)
	}

	// A customer message arriving through the sync loop becomes findable.
	if _, err := r.tenant.Clients.Tickets.AddMessage(t.Context(), &frontlinev1.AddMessageRequest{
		TicketId: r.tickets[2].GetId(), Body: "Also the cassette is worn, maybe a narwhal ate it",
	}); err != nil {
		t.Fatalf("AddMessage: %v", err)
	}
	eventually(t, 10*time.Second, func() bool {
		res, err := a.Search.Query("narwhal", app.SearchFilter{})
		return err == nil && len(res.Tickets) == 1 && res.Tickets[0].ID == r.tickets[2].GetId()
	})

	// Deleted on the server: the article is gone from results and its view.
	if _, err := r.tenant.Clients.Knowledge.DeleteArticle(t.Context(), &frontlinev1.DeleteArticleRequest{Id: art.GetArticle().GetId()}); err != nil {
		t.Fatalf("DeleteArticle: %v", err)
	}
	eventually(t, 10*time.Second, func() bool {
		res, err := a.Search.Query("pads", app.SearchFilter{Scope: app.ScopeKB})
		return err == nil && len(res.Articles) == 0
	})
	if _, err := a.Search.Article(art.GetArticle().GetId()); uiError(t, err).Kind != app.KindNotFound {
		t.Errorf("Article(deleted): %v, want not found", err)
	}

	// Signed out: no search, and the indexes are dropped.
	if err := a.Session.Logout(); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if _, err := a.Search.Query("squea", app.SearchFilter{}); uiError(t, err).Kind != app.KindAuth {
		t.Errorf("Query after sign-out: %v, want an auth error", err)
	}
	if got := a.Search.Mode(); got != app.SearchModeIndexing {
		t.Errorf("Mode after sign-out = %q", got)
	}
}
