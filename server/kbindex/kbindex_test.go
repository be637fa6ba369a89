package kbindex_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/kbindex"
	"github.com/frontlinedesk/frontline/server/store"
)

// fakeArticles is an in-memory article list per tenant, one page.
type fakeArticles map[string][]*frontlinev1.Article

func (f fakeArticles) ListArticles(_ context.Context, tenantID string, status frontlinev1.ArticleStatus, _ store.Page) ([]*frontlinev1.Article, string, error) {
	var out []*frontlinev1.Article
	for _, a := range f[tenantID] {
		if status == frontlinev1.ArticleStatus_ARTICLE_STATUS_UNSPECIFIED || a.GetStatus() == status {
			out = append(out, a)
		}
	}
	return out, "", nil
}

func article(title, body string, st frontlinev1.ArticleStatus) *frontlinev1.Article {
	now := time.Now()
	return &frontlinev1.Article{Id: desk.NewID(now), Title: title, Body: body, Status: st, Revision: 1,
		CreateTime: timestamppb.New(now), UpdateTime: timestamppb.New(now)}
}

func TestSet_BuildsPerTenantAndFollowsUpdates(t *testing.T) {
	ctx := t.Context()
	st := fakeArticles{}
	tenantA, tenantB := desk.NewID(time.Now()), desk.NewID(time.Now())
	pub, draft := frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED, frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT
	ship := article("Shipping times", "Parcels arrive in 3 to 5 working days.", pub)
	hidden := article("Studded tyres", "Fit studded tyres before the frost.", draft)
	other := article("Shipping times", "Beta parcels arrive within 24 hours.", pub)
	for _, x := range []struct {
		tenant string
		a      *frontlinev1.Article
	}{{tenantA, ship}, {tenantA, hidden}, {tenantB, other}} {
		st[x.tenant] = append(st[x.tenant], x.a)
	}
	set := kbindex.New(st, nil)
	if set.Built(tenantA) {
		t.Fatal("index built before any search")
	}
	top := func(tenant, q string) string {
		t.Helper()
		r, err := set.Search(ctx, tenant, q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Passages) == 0 {
			return ""
		}
		return r.Passages[0].ArticleID
	}
	if got := top(tenantA, "how many days does shipping take"); got != ship.GetId() {
		t.Errorf("tenant A top = %q; want its own article %q", got, ship.GetId())
	}
	if got := top(tenantB, "how many days does shipping take"); got != other.GetId() {
		t.Errorf("tenant B top = %q; want its own article %q", got, other.GetId())
	}
	if got := top(tenantA, "studded tyres frost"); got != "" {
		t.Errorf("draft returned: %q", got)
	}

	// Publishing the draft and deleting the shipping article reach the built index.
	hidden.Status, hidden.Revision = pub, 2
	if err := set.Put(tenantA, hidden); err != nil {
		t.Fatal(err)
	}
	set.Delete(tenantA, ship.GetId())
	if got := top(tenantA, "studded tyres frost"); got != hidden.GetId() {
		t.Errorf("published article not found; top = %q", got)
	}
	if got := top(tenantA, "parcels working days"); got == ship.GetId() {
		t.Error("deleted article still returned")
	}
	if got := top(tenantB, "parcels arrive"); got != other.GetId() {
		t.Errorf("tenant B changed by tenant A's updates: top = %q", got)
	}
	if set.Mode() != "lexical only" {
		t.Errorf("Mode() = %q; want lexical only", set.Mode())
	}
}
