package badgerstore

import (
	"bytes"
	"cmp"
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// CreateArticle stores a new article and its title index entry.
func (s *Store) CreateArticle(ctx context.Context, tenantID string, a *frontlinev1.Article) error {
	const op = "create article"
	tenant, ok := parseID(tenantID)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	if a == nil {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("nil article"))
	}
	aid, ok := parseID(a.GetId())
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("article id"))
	}
	e, err := protoEntry(articleKey(tenant, aid), a)
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	idx := indexEntry(articleByTitleKey(tenant, titleKey(a.GetTitle()), aid))
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		if err := requireTenant(txn, tenant); err != nil {
			return err
		}
		if ok, err := exists(txn, articleKey(tenant, aid)); err != nil || ok {
			return cmp.Or(err, fmt.Errorf("article: %w", desk.ErrExists))
		}
		lw.article(a)
		return setAll(txn, e, idx)
	})
}

// Article returns an article by id.
func (s *Store) Article(ctx context.Context, tenantID, articleID string) (*frontlinev1.Article, error) {
	a := new(frontlinev1.Article)
	err := s.view(ctx, "get article", func(txn *badger.Txn) error {
		tenant, ok1 := parseID(tenantID)
		aid, ok2 := parseID(articleID)
		if !ok1 || !ok2 {
			return desk.ErrNotFound
		}
		return getProto(txn, articleKey(tenant, aid), a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ListArticles walks the title index (titles compared ignoring case, then
// ids) and returns up to p.Size articles with the given status (any when
// unspecified) and the token of the next page ("" on the last page).
func (s *Store) ListArticles(ctx context.Context, tenantID string, status frontlinev1.ArticleStatus, p store.Page) ([]*frontlinev1.Article, string, error) {
	const op = "list articles"
	tenant, ok := parseID(tenantID)
	if !ok {
		if _, err := parsePageToken(p.Token, id{}, tArticleByTitle); p.Token != "" && err != nil {
			return nil, "", fmt.Errorf("badgerstore: %s: %w", op, err)
		}
		return []*frontlinev1.Article{}, "", nil
	}
	prefix := typePrefix(tenant, tArticleByTitle)
	start := prefix
	if p.Token != "" {
		k, err := parsePageToken(p.Token, tenant, tArticleByTitle)
		if err != nil {
			return nil, "", fmt.Errorf("badgerstore: %s: %w", op, err)
		}
		start = after(k)
	}
	var (
		out  []*frontlinev1.Article
		next string
	)
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		var err error
		out, next, err = scanPage(txn, prefix, start, pageSize(p.Size), func(k []byte) (*frontlinev1.Article, bool, error) {
			_, _, aid, err := parseArticleByTitleKey(k)
			if err != nil {
				return nil, false, err
			}
			a := new(frontlinev1.Article)
			if err := getProto(txn, articleKey(tenant, aid), a); err != nil {
				return nil, false, fmt.Errorf("index entry %x: %w", k, err)
			}
			ok := status == frontlinev1.ArticleStatus_ARTICLE_STATUS_UNSPECIFIED || a.GetStatus() == status
			return a, ok, nil
		})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// UpdateArticle applies fn to the stored article in one transaction and moves
// its title index entry when the title changed.
func (s *Store) UpdateArticle(ctx context.Context, tenantID, articleID string, fn func(*frontlinev1.Article) error) (*frontlinev1.Article, error) {
	var out *frontlinev1.Article
	tenant, ok1 := parseID(tenantID)
	aid, ok2 := parseID(articleID)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("badgerstore: update article: %w", desk.ErrNotFound)
	}
	err := s.logUpdate(ctx, "update article", tenant, func(txn *badger.Txn, lw *logw) error {
		a := new(frontlinev1.Article)
		if err := getProto(txn, articleKey(tenant, aid), a); err != nil {
			return err
		}
		oldIdx := articleByTitleKey(tenant, titleKey(a.GetTitle()), aid)
		if err := fn(a); err != nil {
			return err
		}
		if !sameID(a.GetId(), aid) {
			return invalid("article id changed")
		}
		e, err := protoEntry(articleKey(tenant, aid), a)
		if err != nil {
			return err
		}
		if err := txn.SetEntry(e); err != nil {
			return err
		}
		if newIdx := articleByTitleKey(tenant, titleKey(a.GetTitle()), aid); !bytes.Equal(oldIdx, newIdx) {
			if err := txn.Delete(oldIdx); err != nil {
				return err
			}
			if err := txn.SetEntry(indexEntry(newIdx)); err != nil {
				return err
			}
		}
		out = a
		lw.article(a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return proto.Clone(out).(*frontlinev1.Article), nil
}

// DeleteArticle removes an article and its title index entry.
func (s *Store) DeleteArticle(ctx context.Context, tenantID, articleID string) error {
	tenant, ok1 := parseID(tenantID)
	aid, ok2 := parseID(articleID)
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: delete article: %w", desk.ErrNotFound)
	}
	return s.logUpdate(ctx, "delete article", tenant, func(txn *badger.Txn, lw *logw) error {
		a := new(frontlinev1.Article)
		if err := getProto(txn, articleKey(tenant, aid), a); err != nil {
			return err
		}
		if err := txn.Delete(articleKey(tenant, aid)); err != nil {
			return err
		}
		lw.deletion(store.BucketTenant, frontlinev1.EntityKind_ENTITY_KIND_ARTICLE, articleID)
		return txn.Delete(articleByTitleKey(tenant, titleKey(a.GetTitle()), aid))
	})
}
