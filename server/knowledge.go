package server

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

type knowledgeService struct{ s *Server }

var _ frontlinev1connect.KnowledgeServiceHandler = (*knowledgeService)(nil)

// articleFields are the editable fields of an article, checked.
type articleFields struct {
	title, body string
	tags        []string
	status      frontlinev1.ArticleStatus
}

func checkArticle(title, body string, tg []string, st frontlinev1.ArticleStatus) (articleFields, error) {
	var f articleFields
	var err error
	if f.title, err = checkLine("title", title, 1, maxTitle); err != nil {
		return f, err
	}
	if err = checkText("body", body, 1, maxArticleBody); err != nil {
		return f, err
	}
	f.body = body
	if f.tags, err = normTags("tags", tg); err != nil {
		return f, err
	}
	f.status = st
	if st != frontlinev1.ArticleStatus_ARTICLE_STATUS_UNSPECIFIED {
		if err = checkArticleStatus("status", st); err != nil {
			return f, err
		}
	}
	return f, nil
}

func (k *knowledgeService) CreateArticle(ctx context.Context, req *frontlinev1.CreateArticleRequest) (*frontlinev1.CreateArticleResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	f, err := checkArticle(req.GetTitle(), req.GetBody(), req.GetTags(), req.GetStatus())
	if err != nil {
		return nil, err
	}
	if f.status == frontlinev1.ArticleStatus_ARTICLE_STATUS_UNSPECIFIED {
		f.status = frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT
	}
	now := k.s.now()
	a := &frontlinev1.Article{
		Id:         desk.NewID(now),
		Title:      f.title,
		Body:       f.body,
		Tags:       f.tags,
		Status:     f.status,
		Revision:   1,
		AuthorId:   c.User.GetId(),
		CreateTime: timestamppb.New(now),
		UpdateTime: timestamppb.New(now),
	}
	if err := k.s.st.CreateArticle(ctx, c.TenantID, a); err != nil {
		return nil, fmt.Errorf("create article: %w", err)
	}
	k.s.articleChanged(c.TenantID, a)
	k.s.audit(ctx, c, "article.create", a.GetId(), fmt.Sprintf("Article %q created", a.GetTitle()))
	return &frontlinev1.CreateArticleResponse{Article: a}, nil
}

func (k *knowledgeService) GetArticle(ctx context.Context, req *frontlinev1.GetArticleRequest) (*frontlinev1.GetArticleResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("id", req.GetId()); err != nil {
		return nil, err
	}
	a, err := k.s.st.Article(ctx, c.TenantID, req.GetId())
	if err != nil {
		return nil, fmt.Errorf("get article: %w", err)
	}
	return &frontlinev1.GetArticleResponse{Article: a}, nil
}

func (k *knowledgeService) ListArticles(ctx context.Context, req *frontlinev1.ListArticlesRequest) (*frontlinev1.ListArticlesResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if req.GetStatus() != frontlinev1.ArticleStatus_ARTICLE_STATUS_UNSPECIFIED {
		if err := checkArticleStatus("status", req.GetStatus()); err != nil {
			return nil, err
		}
	}
	p, err := page("page_size", "page_token", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	as, next, err := k.s.st.ListArticles(ctx, c.TenantID, req.GetStatus(), p)
	if err != nil {
		return nil, pageError("list articles", err)
	}
	return &frontlinev1.ListArticlesResponse{Articles: as, NextPageToken: next}, nil
}

func (k *knowledgeService) UpdateArticle(ctx context.Context, req *frontlinev1.UpdateArticleRequest) (*frontlinev1.UpdateArticleResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("id", req.GetId()); err != nil {
		return nil, err
	}
	if req.GetBaseRevision() < 1 {
		return nil, desk.Invalid("base_revision", "must be the revision the edit started from")
	}
	f, err := checkArticle(req.GetTitle(), req.GetBody(), req.GetTags(), req.GetStatus())
	if err != nil {
		return nil, err
	}
	a, err := k.s.st.UpdateArticle(ctx, c.TenantID, req.GetId(), func(a *frontlinev1.Article) error {
		if a.GetRevision() != req.GetBaseRevision() {
			return withMessage(fmt.Sprintf("article changed since revision %d (now %d): reload it",
				req.GetBaseRevision(), a.GetRevision()), desk.ErrConflict)
		}
		a.Title, a.Body, a.Tags = f.title, f.body, f.tags
		if f.status != frontlinev1.ArticleStatus_ARTICLE_STATUS_UNSPECIFIED {
			a.Status = f.status
		}
		a.Revision++
		a.AuthorId = c.User.GetId()
		a.UpdateTime = timestamppb.New(k.s.now())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update article: %w", err)
	}
	k.s.articleChanged(c.TenantID, a)
	k.s.audit(ctx, c, "article.update", a.GetId(), fmt.Sprintf("Article %q updated", a.GetTitle()))
	return &frontlinev1.UpdateArticleResponse{Article: a}, nil
}

func (k *knowledgeService) DeleteArticle(ctx context.Context, req *frontlinev1.DeleteArticleRequest) (*frontlinev1.DeleteArticleResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("id", req.GetId()); err != nil {
		return nil, err
	}
	title := ""
	if a, err := k.s.st.Article(ctx, c.TenantID, req.GetId()); err == nil {
		title = a.GetTitle()
	}
	if err := k.s.st.DeleteArticle(ctx, c.TenantID, req.GetId()); err != nil {
		return nil, fmt.Errorf("delete article: %w", err)
	}
	k.s.articleDeleted(c.TenantID, req.GetId())
	k.s.audit(ctx, c, "article.delete", req.GetId(), fmt.Sprintf("Article %q deleted", title))
	return &frontlinev1.DeleteArticleResponse{}, nil
}
