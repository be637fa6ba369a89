package server

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// articlePage renders a published article for customers who follow a bot
// citation. Every value goes through html/template's escaping, and the
// Markdown body is shown as preformatted text, never as markup.
var articlePage = template.Must(template.New("article").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Title}} · {{.Company}}</title>
<style>body{font:16px/1.55 system-ui,sans-serif;max-width:720px;margin:32px auto;padding:0 16px;color:#111827}
pre{white-space:pre-wrap;font:inherit}p.co{color:#6b7280;font-size:14px}</style></head>
<body><p class="co">{{.Company}} help centre</p><h1>{{.Title}}</h1><pre>{{.Body}}</pre></body></html>
`))

// serveArticle serves GET /kb/{widgetKey}/{articleID}: a published article
// of the tenant with that public widget key. Drafts, deleted articles and
// other tenants' articles are all "not found".
func (s *Server) serveArticle(w http.ResponseWriter, r *http.Request) {
	key, id := r.PathValue("widgetKey"), r.PathValue("articleID")
	if checkToken("widget_key", key, desk.WidgetKeyPrefix) != nil || !desk.ValidID(id) {
		http.NotFound(w, r)
		return
	}
	c, err := s.st.CompanyByWidgetKey(r.Context(), key)
	if err == nil {
		var a *frontlinev1.Article
		if a, err = s.st.Article(r.Context(), c.GetId(), id); err == nil && a.GetStatus() != frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED {
			err = desk.ErrNotFound
		}
		if err == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			if err := articlePage.Execute(w, map[string]string{"Company": c.GetName(), "Title": a.GetTitle(), "Body": a.GetBody()}); err != nil {
				s.log.Warn("render article page", "err", err)
			}
			return
		}
	}
	if errors.Is(err, desk.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	s.log.Error("article page", "err", err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}
