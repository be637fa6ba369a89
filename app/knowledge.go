package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Knowledge is the knowledge base screen: every article (drafts too), the
// editor, file import and the revision conflicts of sync. Bound into the
// webview.
//
// The server decides who writes (server/policy.go, server/sync.go): only
// admins create, edit, publish, delete and resolve conflicts; agents read.
// Saving an existing article's title and body is a replica edit (it works
// offline and carries the revision it was written on; the server keeps a
// clashing edit as a conflict branch). Creating, publishing, tags and
// deleting go to the KnowledgeService and need a connection.
type Knowledge struct {
	app *App
}

// knowledgeRemote is implemented by a Server that can reach the server's
// KnowledgeService (remoteServer does).
type knowledgeRemote interface {
	Knowledge() frontlinev1connect.KnowledgeServiceClient
}

// Messages of the knowledge base screen.
const (
	MsgKBOffline   = "Creating, publishing, tagging and deleting articles needs a connection to the server — edits to an article's text are saved offline and sync later"
	MsgKBAdminOnly = "Only admins edit the knowledge base; agents can read every article"
	MsgKBWaitSync  = "Your last edit of this article has not synced yet — try again in a moment"
)

var errKBOffline = errors.New("knowledge base change while offline")

// KBArticleDTO is one article as the editor sees it.
type KBArticleDTO struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Body       string   `json:"body"`
	Tags       []string `json:"tags"`
	Status     string   `json:"status"` // draft | published
	Revision   int64    `json:"revision"`
	AuthorName string   `json:"authorName"`
	UpdatedAt  string   `json:"updatedAt"`
	// Pending: an edit saved here has not reached the server yet.
	Pending bool `json:"pending"`
	// Conflicts counts the article's unresolved conflict branches.
	Conflicts int `json:"conflicts"`
}

// KBConflictDTO is a conflict branch beside the article's current text.
type KBConflictDTO struct {
	ID           string `json:"id"`
	ArticleID    string `json:"articleId"`
	BaseRevision int64  `json:"baseRevision"`
	Title        string `json:"title"`
	Body         string `json:"body"`
	AuthorName   string `json:"authorName"`
	CreatedAt    string `json:"createdAt"`
	// Current is the article as it stands (empty ID when it was deleted).
	Current KBArticleDTO `json:"current"`
}

// KBListDTO is the whole screen.
type KBListDTO struct {
	Articles  []KBArticleDTO  `json:"articles"`
	Conflicts []KBConflictDTO `json:"conflicts"`
	// CanEdit: the signed-in user is an admin (the server still decides).
	CanEdit bool `json:"canEdit"`
	// Online: creating, publishing and deleting can run now.
	Online bool `json:"online"`
	// Policy says in words who may change the knowledge base.
	Policy string `json:"policy"`
}

// KBSaveDTO is the editor's form.
type KBSaveDTO struct {
	ID       string   `json:"id"` // "" creates
	Revision int64    `json:"revision"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Tags     []string `json:"tags"`
	Status   string   `json:"status"` // draft | published
}

// begin returns the session's local state and a call context.
func (k *Knowledge) begin(op string) (*local, *SessionDTO, context.Context, context.CancelFunc, error) {
	a := k.app
	l, cur, err := a.state.current()
	if err != nil {
		return nil, nil, nil, nil, a.fail(op, err)
	}
	ctx, cancel := a.call()
	return l, cur, ctx, cancel, nil
}

func isAdmin(cur *SessionDTO) bool { return cur.User.Role == roleString(frontlinev1.Role_ROLE_ADMIN) }

// remote returns the KnowledgeService, or an offline error.
func (k *Knowledge) remote(l *local) (frontlinev1connect.KnowledgeServiceClient, error) {
	rs, ok := l.server.(knowledgeRemote)
	if !ok || !l.rep.Status().Online || rs.Knowledge() == nil {
		return nil, &UIError{Message: MsgKBOffline, Kind: KindOffline, err: errKBOffline}
	}
	return rs.Knowledge(), nil
}

// kbState is what List reads from the replica in one go.
type kbState struct {
	articles  []*frontlinev1.Article
	conflicts []*frontlinev1.ArticleConflict
	outbox    []*frontlinev1.Mutation
	names     map[string]string
}

func readKB(ctx context.Context, l *local, admin bool) (kbState, error) {
	var s kbState
	err := l.do(func(r *replica.Replica) error {
		var err error
		if s.articles, err = r.Articles(ctx); err != nil {
			return err
		}
		if admin {
			if s.conflicts, err = r.ArticleConflicts(ctx); err != nil {
				return err
			}
		}
		if s.outbox, err = r.Outbox(); err != nil {
			return err
		}
		us, err := r.Users(ctx)
		if err != nil {
			return err
		}
		s.names = make(map[string]string, len(us))
		for _, u := range us {
			s.names[u.GetId()] = u.GetName()
		}
		return nil
	})
	return s, err
}

// pendingEdit reports whether the outbox holds an edit of articleID.
func pendingEdit(outbox []*frontlinev1.Mutation, articleID string) bool {
	return slices.ContainsFunc(outbox, func(m *frontlinev1.Mutation) bool {
		return m.GetEditArticle().GetArticleId() == articleID
	})
}

func kbStatus(s frontlinev1.ArticleStatus) string {
	if s == frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED {
		return "published"
	}
	return "draft"
}

func parseArticleStatus(s string) (frontlinev1.ArticleStatus, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "draft":
		return frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT, true
	case "published":
		return frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED, true
	}
	return 0, false
}

func kbArticleDTO(a *frontlinev1.Article, names map[string]string) KBArticleDTO {
	return KBArticleDTO{
		ID: a.GetId(), Title: a.GetTitle(), Body: a.GetBody(), Tags: nonNil(a.GetTags()), Status: kbStatus(a.GetStatus()),
		Revision: a.GetRevision(), AuthorName: names[a.GetAuthorId()], UpdatedAt: timeString(a.GetUpdateTime()),
	}
}

// List returns every article in the replica (drafts too), by title, and the
// unresolved conflict branches (admins), oldest first.
func (k *Knowledge) List() (KBListDTO, error) {
	const op = "list articles"
	l, cur, ctx, cancel, err := k.begin(op)
	if err != nil {
		return KBListDTO{}, err
	}
	defer cancel()
	admin := isAdmin(cur)
	s, err := readKB(ctx, l, admin)
	if err != nil {
		return KBListDTO{}, k.app.fail(op, err)
	}
	out := KBListDTO{Articles: []KBArticleDTO{}, Conflicts: []KBConflictDTO{}, CanEdit: admin, Online: l.rep.Status().Online, Policy: MsgKBAdminOnly}
	byID := map[string]*frontlinev1.Article{}
	for _, a := range s.articles {
		byID[a.GetId()] = a
	}
	// A dismissal still in the outbox hides its branch already.
	dismissed := map[string]bool{}
	for _, m := range s.outbox {
		if d := m.GetDismissConflict(); d != nil {
			dismissed[d.GetConflictId()] = true
		}
	}
	perArticle := map[string]int{}
	for _, c := range s.conflicts {
		if dismissed[c.GetId()] {
			continue
		}
		perArticle[c.GetArticleId()]++
		dto := KBConflictDTO{
			ID: c.GetId(), ArticleID: c.GetArticleId(), BaseRevision: c.GetBaseRevision(), Title: c.GetTitle(), Body: c.GetBody(),
			AuthorName: cmpOr(s.names[c.GetAuthorId()], "Someone"), CreatedAt: timeString(c.GetCreateTime()), Current: KBArticleDTO{Tags: []string{}},
		}
		if a := byID[c.GetArticleId()]; a != nil {
			dto.Current = kbArticleDTO(a, s.names)
			dto.Current.Pending = pendingEdit(s.outbox, a.GetId())
		}
		out.Conflicts = append(out.Conflicts, dto)
	}
	slices.SortStableFunc(out.Conflicts, func(a, b KBConflictDTO) int { return strings.Compare(a.CreatedAt, b.CreatedAt) })
	for _, a := range s.articles {
		dto := kbArticleDTO(a, s.names)
		dto.Pending = pendingEdit(s.outbox, a.GetId())
		dto.Conflicts = perArticle[a.GetId()]
		out.Articles = append(out.Articles, dto)
	}
	return out, nil
}

// cleanTags lower-cases, trims, drops empties and duplicates, and sorts.
func cleanTags(in []string) []string {
	out := []string{}
	for _, t := range in {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// Save creates an article (empty ID; online) or saves an existing one. The
// title and body of an existing article are saved through the replica, so
// that works offline; changed tags or status go to the server afterwards
// (online only; the text stays saved either way).
func (k *Knowledge) Save(in KBSaveDTO) (KBArticleDTO, error) {
	const op = "save article"
	l, cur, ctx, cancel, err := k.begin(op)
	if err != nil {
		return KBArticleDTO{}, err
	}
	defer cancel()
	if !isAdmin(cur) {
		return KBArticleDTO{}, &UIError{Message: MsgKBAdminOnly, Kind: KindPermission, err: errors.New("agent edits article")}
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		return KBArticleDTO{}, fieldErr("title", "Give the article a title")
	}
	if strings.TrimSpace(in.Body) == "" {
		return KBArticleDTO{}, fieldErr("body", "Write the article's text")
	}
	st, ok := parseArticleStatus(in.Status)
	if !ok {
		return KBArticleDTO{}, fieldErr("status", "Choose draft or published")
	}
	tags := cleanTags(in.Tags)
	if strings.TrimSpace(in.ID) == "" {
		cl, err := k.remote(l)
		if err != nil {
			return KBArticleDTO{}, err
		}
		res, err := cl.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: title, Body: in.Body, Tags: tags, Status: st})
		if err != nil {
			return KBArticleDTO{}, k.app.fail(op, err)
		}
		k.settle(ctx, l, hasRevision(res.GetArticle().GetId(), res.GetArticle().GetRevision()))
		return kbArticleDTO(res.GetArticle(), map[string]string{cur.User.ID: cur.User.Name}), nil
	}
	s, err := readKB(ctx, l, false)
	if err != nil {
		return KBArticleDTO{}, k.app.fail(op, err)
	}
	i := slices.IndexFunc(s.articles, func(a *frontlinev1.Article) bool { return a.GetId() == in.ID })
	if i < 0 {
		return KBArticleDTO{}, &UIError{Message: "This article was deleted — copy your text into a new article", Kind: KindNotFound, err: errors.New("article not in replica")}
	}
	cur0 := s.articles[i]
	if title != cur0.GetTitle() || in.Body != cur0.GetBody() {
		// The base is the revision the editor opened; a newer server
		// revision makes the server keep this edit as a conflict branch.
		base := in.Revision
		if base == 0 {
			base = cur0.GetRevision()
		}
		if err := l.do(func(r *replica.Replica) error { _, err := r.EditArticle(ctx, in.ID, base, title, in.Body); return err }); err != nil {
			return KBArticleDTO{}, k.app.fail(op, err)
		}
	}
	if st != cur0.GetStatus() || !slices.Equal(tags, cleanTags(cur0.GetTags())) {
		if err := k.updateMeta(ctx, l, in.ID, tags, st); err != nil {
			return KBArticleDTO{}, err
		}
	}
	return k.article(ctx, l, in.ID)
}

// article reads one article from the replica as the editor shows it.
func (k *Knowledge) article(ctx context.Context, l *local, id string) (KBArticleDTO, error) {
	s, err := readKB(ctx, l, false)
	if err != nil {
		return KBArticleDTO{}, k.app.fail("read article", err)
	}
	for _, a := range s.articles {
		if a.GetId() == id {
			dto := kbArticleDTO(a, s.names)
			dto.Pending = pendingEdit(s.outbox, id)
			return dto, nil
		}
	}
	return KBArticleDTO{ID: id, Tags: []string{}}, nil
}

// updateMeta sets tags and status on the server's current revision. A text
// edit of this article still in the outbox goes first (it would clash with
// the revision this makes).
func (k *Knowledge) updateMeta(ctx context.Context, l *local, id string, tags []string, st frontlinev1.ArticleStatus) error {
	const op = "publish article"
	cl, err := k.remote(l)
	if err != nil {
		return err
	}
	if err := k.drain(ctx, l, id); err != nil {
		return err
	}
	got, err := cl.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: id})
	if err != nil {
		return k.app.fail(op, err)
	}
	a := got.GetArticle()
	res, err := cl.UpdateArticle(ctx, &frontlinev1.UpdateArticleRequest{
		Id: id, BaseRevision: a.GetRevision(), Title: a.GetTitle(), Body: a.GetBody(), Tags: tags, Status: st,
	})
	if err != nil {
		return k.app.fail(op, err)
	}
	k.settle(ctx, l, hasRevision(id, res.GetArticle().GetRevision()))
	return nil
}

// drain waits (a few seconds at most) until no edit of id is in the outbox.
func (k *Knowledge) drain(ctx context.Context, l *local, id string) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		var ob []*frontlinev1.Mutation
		if err := l.do(func(r *replica.Replica) error { var err error; ob, err = r.Outbox(); return err }); err != nil {
			return k.app.fail("publish article", err)
		}
		if !pendingEdit(ob, id) {
			return nil
		}
		if time.Now().After(deadline) {
			return &UIError{Message: MsgKBWaitSync, Kind: KindOffline, err: errors.New("article edit still pending")}
		}
		select {
		case <-ctx.Done():
			return k.app.fail("publish article", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// settle waits briefly until the replica satisfies cond (a server write
// coming back through the sync loop), so the list the UI reloads next
// already shows it. It gives up quietly: the list fills in when sync does.
func (k *Knowledge) settle(ctx context.Context, l *local, cond func([]*frontlinev1.Article) bool) {
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		var as []*frontlinev1.Article
		if err := l.do(func(r *replica.Replica) error { var err error; as, err = r.Articles(ctx); return err }); err != nil || cond(as) {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// hasRevision is a settle condition: id is at revision rev or later.
func hasRevision(id string, rev int64) func([]*frontlinev1.Article) bool {
	return func(as []*frontlinev1.Article) bool {
		return slices.ContainsFunc(as, func(a *frontlinev1.Article) bool { return a.GetId() == id && a.GetRevision() >= rev })
	}
}

// SetStatus publishes ("published") or unpublishes ("draft") an article.
func (k *Knowledge) SetStatus(id, status string) (KBArticleDTO, error) {
	l, cur, ctx, cancel, err := k.begin("publish article")
	if err != nil {
		return KBArticleDTO{}, err
	}
	defer cancel()
	if !isAdmin(cur) {
		return KBArticleDTO{}, &UIError{Message: MsgKBAdminOnly, Kind: KindPermission, err: errors.New("agent publishes article")}
	}
	st, ok := parseArticleStatus(status)
	if !ok {
		return KBArticleDTO{}, fieldErr("status", "Choose draft or published")
	}
	cur0, err := k.article(ctx, l, id)
	if err != nil {
		return KBArticleDTO{}, err
	}
	if err := k.updateMeta(ctx, l, id, cur0.Tags, st); err != nil {
		return KBArticleDTO{}, err
	}
	return k.article(ctx, l, id)
}

// Delete removes an article (online).
func (k *Knowledge) Delete(id string) error {
	const op = "delete article"
	l, cur, ctx, cancel, err := k.begin(op)
	if err != nil {
		return err
	}
	defer cancel()
	if !isAdmin(cur) {
		return &UIError{Message: MsgKBAdminOnly, Kind: KindPermission, err: errors.New("agent deletes article")}
	}
	cl, err := k.remote(l)
	if err != nil {
		return err
	}
	if _, err := cl.DeleteArticle(ctx, &frontlinev1.DeleteArticleRequest{Id: id}); err != nil {
		return k.app.fail(op, err)
	}
	k.settle(ctx, l, func(as []*frontlinev1.Article) bool {
		return !slices.ContainsFunc(as, func(a *frontlinev1.Article) bool { return a.GetId() == id })
	})
	return nil
}

// ResolveConflict settles a conflict branch: title and body are the text to
// keep (the current article's, the branch's, or a merge). When they differ
// from the current article they are saved as a new revision on it; then the
// branch is dismissed. Both go through the replica, so this works offline.
func (k *Knowledge) ResolveConflict(conflictID, title, body string) (KBArticleDTO, error) {
	const op = "resolve conflict"
	l, cur, ctx, cancel, err := k.begin(op)
	if err != nil {
		return KBArticleDTO{}, err
	}
	defer cancel()
	if !isAdmin(cur) {
		return KBArticleDTO{}, &UIError{Message: MsgKBAdminOnly, Kind: KindPermission, err: errors.New("agent resolves conflict")}
	}
	title = strings.TrimSpace(title)
	if title == "" {
		return KBArticleDTO{}, fieldErr("title", "Give the article a title")
	}
	if strings.TrimSpace(body) == "" {
		return KBArticleDTO{}, fieldErr("body", "The merged text is empty")
	}
	s, err := readKB(ctx, l, true)
	if err != nil {
		return KBArticleDTO{}, k.app.fail(op, err)
	}
	ci := slices.IndexFunc(s.conflicts, func(c *frontlinev1.ArticleConflict) bool { return c.GetId() == conflictID })
	if ci < 0 {
		return KBArticleDTO{}, &UIError{Message: "This conflict was already resolved", Kind: KindConflict, err: errors.New("conflict not in replica")}
	}
	aid := s.conflicts[ci].GetArticleId()
	ai := slices.IndexFunc(s.articles, func(a *frontlinev1.Article) bool { return a.GetId() == aid })
	err = l.do(func(r *replica.Replica) error {
		if ai >= 0 {
			a := s.articles[ai]
			if a.GetTitle() != title || a.GetBody() != body {
				// Articles() shows a pending edit on the revision it was based
				// on, so the revision here is the one this merge builds on.
				if _, err := r.EditArticle(ctx, aid, a.GetRevision(), title, body); err != nil {
					return err
				}
			}
		}
		_, err := r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_DismissConflict{DismissConflict: &frontlinev1.DismissConflictOp{ConflictId: conflictID}}})
		return err
	})
	if err != nil {
		return KBArticleDTO{}, k.app.fail(op, err)
	}
	return k.article(ctx, l, aid)
}

// ChooseImportFiles opens the system's file picker for Markdown, text and
// HTML files and returns the chosen paths (none when cancelled).
func (k *Knowledge) ChooseImportFiles() ([]string, error) {
	k.app.mu.Lock()
	wctx := k.app.wailsCx
	k.app.mu.Unlock()
	if wctx == nil {
		return nil, &UIError{Message: "The file picker is only available in the desktop window", Kind: KindInvalid, err: errors.New("no wails context")}
	}
	paths, err := runtime.OpenMultipleFilesDialog(wctx, runtime.OpenDialogOptions{
		Title:   "Import articles",
		Filters: []runtime.FileFilter{{DisplayName: "Articles (*.md, *.markdown, *.txt, *.html, *.htm)", Pattern: "*.md;*.markdown;*.txt;*.html;*.htm"}},
	})
	if err != nil {
		return nil, k.app.fail("choose files", err)
	}
	return nonNil(paths), nil
}
