// Package kbindex keeps one knowledge-base searcher (internal/search/kb)
// per tenant for the server's customer bot. A tenant's searcher is built
// from the store at its first search and then kept current by the
// knowledge handlers, which call Put and Delete after every successful
// article write. Indexes live in memory only and are never shared between
// tenants: a search names its tenant and reaches only that tenant's index.
package kbindex

import (
	"context"
	"fmt"
	"sync"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/search/kb"
	"github.com/frontlinedesk/frontline/server/store"
)

// Articles is the part of the store the indexes are built from.
type Articles interface {
	ListArticles(ctx context.Context, tenantID string, status frontlinev1.ArticleStatus, p store.Page) ([]*frontlinev1.Article, string, error)
}

// pageSize is how many articles one store read returns while building.
const pageSize = 200

// Set holds the tenants' indexes. The zero value is not usable; call New.
type Set struct {
	st  Articles
	emb kb.Embedder

	mu      sync.Mutex
	tenants map[string]*tenant
}

// tenant is one tenant's index; ready is closed once built (ix or err set).
type tenant struct {
	ready chan struct{}
	ix    *kb.Index
	err   error
	// mu serialises updates with the build: hooks that arrive while the
	// index is being built wait and are applied after it.
	mu sync.Mutex
}

// New returns a Set reading articles from st; emb nil searches lexically only.
func New(st Articles, emb kb.Embedder) *Set {
	return &Set{st: st, emb: emb, tenants: map[string]*tenant{}}
}

// Mode says how searches rank: kb.ModeHybrid or kb.ModeLexical.
func (s *Set) Mode() string {
	if s.emb != nil {
		return kb.ModeHybrid
	}
	return kb.ModeLexical
}

// Search searches the tenant's published articles, building its index
// first if this is the tenant's first search.
func (s *Set) Search(ctx context.Context, tenantID, query string, k int) (kb.Result, error) {
	ix, err := s.index(ctx, tenantID)
	if err != nil {
		return kb.Result{}, err
	}
	return ix.Search(ctx, query, k)
}

// Built reports whether the tenant's index exists or is being built.
func (s *Set) Built(tenantID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tenants[tenantID] != nil
}

// Warm builds the tenant's index if it is not built yet.
func (s *Set) Warm(ctx context.Context, tenantID string) error {
	_, err := s.index(ctx, tenantID)
	return err
}

func (s *Set) index(ctx context.Context, tenantID string) (*kb.Index, error) {
	s.mu.Lock()
	t := s.tenants[tenantID]
	build := t == nil
	if build {
		t = &tenant{ready: make(chan struct{})}
		t.mu.Lock()
		s.tenants[tenantID] = t
	}
	s.mu.Unlock()
	if build {
		t.ix, t.err = s.build(ctx, tenantID)
		close(t.ready)
		t.mu.Unlock()
		if t.err != nil {
			// Forget the failure so that the next search tries again.
			s.mu.Lock()
			if s.tenants[tenantID] == t {
				delete(s.tenants, tenantID)
			}
			s.mu.Unlock()
		}
	}
	select {
	case <-t.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return t.ix, t.err
}

func (s *Set) build(ctx context.Context, tenantID string) (*kb.Index, error) {
	ix, err := kb.New(s.emb)
	if err != nil {
		return nil, err
	}
	tok := ""
	for {
		as, next, err := s.st.ListArticles(ctx, tenantID, frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED, store.Page{Size: pageSize, Token: tok})
		if err != nil {
			return nil, fmt.Errorf("kbindex: list articles: %w", err)
		}
		for _, a := range as {
			if err := ix.Put(toKB(a)); err != nil {
				return nil, fmt.Errorf("kbindex: %w", err)
			}
		}
		if next == "" {
			return ix, nil
		}
		tok = next
	}
}

func toKB(a *frontlinev1.Article) kb.Article {
	return kb.Article{
		ID:        a.GetId(),
		Title:     a.GetTitle(),
		Body:      a.GetBody(),
		Published: a.GetStatus() == frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
		Revision:  a.GetRevision(),
	}
}

// loaded returns the tenant's index when it has been built (after waiting
// for a build in progress), or nil when there is none: an index built
// later reads the store and sees the change anyway.
func (s *Set) loaded(tenantID string) (*tenant, bool) {
	s.mu.Lock()
	t := s.tenants[tenantID]
	s.mu.Unlock()
	if t == nil {
		return nil, false
	}
	t.mu.Lock()
	if t.ix == nil {
		t.mu.Unlock()
		return nil, false
	}
	return t, true
}

// Put applies a stored article (created or updated) to the tenant's index:
// a published article is (re)indexed, any other is removed.
func (s *Set) Put(tenantID string, a *frontlinev1.Article) error {
	t, ok := s.loaded(tenantID)
	if !ok {
		return nil
	}
	defer t.mu.Unlock()
	if rev, ok := t.ix.Revision(a.GetId()); ok && rev == a.GetRevision() && a.GetStatus() == frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED {
		return nil
	}
	if err := t.ix.Put(toKB(a)); err != nil {
		// Drop the tenant's index so the next search rebuilds it from
		// the store rather than serving a stale article.
		s.forget(tenantID, t)
		return fmt.Errorf("kbindex: %w", err)
	}
	return nil
}

// Delete removes a deleted article from the tenant's index.
func (s *Set) Delete(tenantID, articleID string) {
	t, ok := s.loaded(tenantID)
	if !ok {
		return
	}
	defer t.mu.Unlock()
	t.ix.Delete(articleID)
}

func (s *Set) forget(tenantID string, t *tenant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tenants[tenantID] == t {
		delete(s.tenants, tenantID)
	}
}
