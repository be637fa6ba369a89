package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/frontlinedesk/frontline/internal/assist/copilot"
	"github.com/frontlinedesk/frontline/internal/assist/language"
	"github.com/frontlinedesk/frontline/internal/assist/llm"
	"github.com/frontlinedesk/frontline/internal/assist/triage"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/search/kb"
)

// This file holds CopilotService: summaries, KB-grounded reply drafts,
// article suggestions and triage for desk users. Each call uses the
// tenant's LLM (aisettings.go) when one is configured and answers, else
// the offline paths of internal/assist/copilot; each response names its
// mode. Tickets are read with the caller's tenant, so another tenant's
// ticket id is NotFound exactly like a missing one.

const (
	copilotPassages    = 4
	suggestPassages    = 10
	maxSuggestions     = 5
	maxTriageText      = 20000
	suggestExcerpt     = 280
	noteNoCategories   = "no category list yet: an admin has not defined the tenant's categories, so category is empty"
	noteNoSentiment    = "no sentiment model loaded on this server (start it with --models)"
	noteNoLanguage     = "language detection unavailable"
	noteNoMacros       = "no macros defined; the draft uses knowledge-base passages only"
	modeRetrievalLocal = modeOffline
)

// copilotState holds the offline triage models shared by every tenant.
type copilotState struct {
	langOnce sync.Once
	lang     *language.Detector
	langErr  error
}

func newCopilotState(*Server) *copilotState { return &copilotState{} }

func (c *copilotState) language() (*language.Detector, error) {
	c.langOnce.Do(func() { c.lang, c.langErr = language.New() })
	return c.lang, c.langErr
}

// copilotService serves CopilotService.
type copilotService struct{ s *Server }

// deskThread reads a ticket of the caller's tenant and its public messages.
func (cs *copilotService) deskThread(ctx context.Context, ticketID string) (caller, *frontlinev1.Ticket, []*frontlinev1.Message, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return c, nil, nil, err
	}
	if err := checkID("ticket_id", ticketID); err != nil {
		return c, nil, nil, err
	}
	tk, msgs, err := cs.s.publicThread(ctx, c.TenantID, ticketID)
	if err != nil {
		return c, nil, nil, err
	}
	return c, tk, msgs, nil
}

// copilotFor returns the tenant's copilot and its mode.
func (s *Server) copilotFor(ctx context.Context, tenantID string) (*copilot.Copilot, string) {
	cp := &copilot.Copilot{Tenant: tenantID}
	if co, err := s.st.Company(ctx, tenantID); err == nil {
		cp.Company = co.GetName()
	}
	if ws, err := s.widgetSettings(ctx, tenantID); err == nil {
		cp.Tone = ws.GetBotTone()
	}
	client, mode := s.tenantLLM(ctx, tenantID)
	if client != nil {
		cp.LLM = client
	}
	return cp, mode
}

func promptTicket(tk *frontlinev1.Ticket) copilot.Ticket {
	return copilot.Ticket{ID: tk.GetId(), Subject: tk.GetSubject(), Status: desk.StatusName(tk.GetStatus()), Customer: tk.GetCustomer().GetName()}
}

// answeredMode is the mode of a result: offline when the copilot fell back.
func answeredMode(mode string, offline bool) string {
	if offline {
		return modeOffline
	}
	return mode
}

func (cs *copilotService) SummarizeTicket(ctx context.Context, req *frontlinev1.SummarizeTicketRequest) (*frontlinev1.SummarizeTicketResponse, error) {
	c, tk, msgs, err := cs.deskThread(ctx, req.GetTicketId())
	if err != nil {
		return nil, err
	}
	turns := turnsOf(msgs)
	if len(turns) == 0 {
		return nil, withMessage("this ticket has no messages to summarise", desk.ErrFailedPrecondition)
	}
	cp, mode := cs.s.copilotFor(ctx, c.TenantID)
	sum, err := cp.Summarize(ctx, promptTicket(tk), turns)
	if err != nil {
		return nil, fmt.Errorf("summarise ticket: %w", err)
	}
	cs.logFallback(c.TenantID, "summary", mode, sum.Offline)
	return &frontlinev1.SummarizeTicketResponse{Summary: sum.Text, Mode: answeredMode(mode, sum.Offline)}, nil
}

func (cs *copilotService) logFallback(tenantID, what, mode string, offline bool) {
	if offline && mode != modeOffline {
		cs.s.log.Warn("copilot: LLM failed; answered offline", "tenant", tenantID, "what", what, "llm", mode)
	}
}

// lastCustomerText is the newest customer message of a thread.
func lastCustomerText(msgs []*frontlinev1.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER && strings.TrimSpace(msgs[i].GetBody()) != "" {
			return msgs[i].GetBody()
		}
	}
	return ""
}

func (cs *copilotService) DraftReply(ctx context.Context, req *frontlinev1.DraftReplyRequest) (*frontlinev1.DraftReplyResponse, error) {
	c, tk, msgs, err := cs.deskThread(ctx, req.GetTicketId())
	if err != nil {
		return nil, err
	}
	msg := lastCustomerText(msgs)
	if msg == "" {
		return nil, withMessage("this ticket has no customer message to answer", desk.ErrFailedPrecondition)
	}
	res, err := cs.s.bot.kb.Search(ctx, c.TenantID, tk.GetSubject()+"\n"+msg, copilotPassages)
	if err != nil {
		return nil, fmt.Errorf("draft reply: search: %w", err)
	}
	in := copilot.DraftInput{Ticket: promptTicket(tk), Turns: turnsOf(msgs)}
	byCitation := map[string]kb.Passage{}
	for _, p := range res.Passages {
		cp := copilot.Passage{ArticleID: p.ArticleID, Chunk: strconv.Itoa(p.Ordinal), Title: p.Title, HeadingPath: p.HeadingPath, Text: p.Text, Score: p.Score}
		in.Passages = append(in.Passages, cp)
		byCitation[cp.Citation()] = p
	}
	macros, err := cs.s.draftMacros(ctx, c.TenantID, tk)
	if err != nil {
		return nil, fmt.Errorf("draft reply: %w", err)
	}
	in.Macros = macros
	cp, mode := cs.s.copilotFor(ctx, c.TenantID)
	d, err := cp.Draft(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("draft reply: %w", err)
	}
	cs.logFallback(c.TenantID, "draft", mode, d.Offline)
	out := &frontlinev1.DraftReplyResponse{Text: d.Text, Label: d.Label, Macro: d.Macro, Mode: answeredMode(mode, d.Offline)}
	for _, ci := range d.Citations {
		if p, ok := byCitation[ci]; ok {
			out.Citations = append(out.Citations, &frontlinev1.Citation{ArticleId: p.ArticleID, Title: p.Title, HeadingPath: p.HeadingPath})
		}
	}
	return out, nil
}

func (cs *copilotService) SuggestArticles(ctx context.Context, req *frontlinev1.SuggestArticlesRequest) (*frontlinev1.SuggestArticlesResponse, error) {
	c, tk, msgs, err := cs.deskThread(ctx, req.GetTicketId())
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(tk.GetSubject() + "\n" + lastCustomerText(msgs))
	out := &frontlinev1.SuggestArticlesResponse{Mode: modeRetrievalLocal}
	if q == "" {
		return out, nil
	}
	res, err := cs.s.bot.kb.Search(ctx, c.TenantID, q, suggestPassages)
	if err != nil {
		return nil, fmt.Errorf("suggest articles: %w", err)
	}
	seen := map[string]bool{}
	for _, p := range res.Passages {
		if seen[p.ArticleID] || len(out.Articles) == maxSuggestions {
			continue
		}
		seen[p.ArticleID] = true
		out.Articles = append(out.Articles, &frontlinev1.SuggestedArticle{
			ArticleId: p.ArticleID, Title: p.Title, HeadingPath: p.HeadingPath,
			Excerpt: truncateRunes(strings.Join(strings.Fields(p.Text), " "), suggestExcerpt), Score: p.Score,
		})
	}
	return out, nil
}

func (cs *copilotService) TriageText(ctx context.Context, req *frontlinev1.TriageTextRequest) (*frontlinev1.TriageTextResponse, error) {
	text := strings.TrimSpace(req.GetText())
	switch {
	case text == "":
		return nil, desk.Invalid("text", "required")
	case len([]rune(text)) > maxTriageText:
		return nil, desk.Invalid("text", fmt.Sprintf("at most %d characters", maxTriageText))
	}
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	out := &frontlinev1.TriageTextResponse{Mode: modeOffline}
	if cs.s.bot.sent == nil {
		out.Notes = append(out.Notes, noteNoSentiment)
	}
	if _, err := cs.s.copilot.language(); err != nil {
		cs.s.log.Warn("copilot: language detector", "err", err)
		out.Notes = append(out.Notes, noteNoLanguage)
	}
	cats, err := cs.s.tenantCategories(ctx, c.TenantID)
	if err != nil {
		return nil, fmt.Errorf("triage: %w", err)
	}
	if len(cats) == 0 {
		out.Notes = append(out.Notes, noteNoCategories)
	}
	r, err := cs.s.triageText(ctx, c.TenantID, text, text, nil)
	if err != nil {
		return nil, fmt.Errorf("triage: %w", err)
	}
	scored := func(s triage.Scored) *frontlinev1.ScoredLabel {
		return &frontlinev1.ScoredLabel{Label: s.Label, Confidence: s.Confidence}
	}
	out.Category, out.Priority, out.Sentiment, out.Language = scored(r.Category), scored(r.Priority), scored(r.Sentiment), scored(r.Language)
	out.SentimentScore, out.PriorityReasons = r.SentimentScore, r.PriorityReasons
	return out, nil
}

// compile-time check: the tenant client is a copilot generator.
var _ copilot.Generator = (*llm.Client)(nil)

// draftMacros returns the tenant's macros for an offline draft: those
// filed under the ticket's category when there are any, else all of them.
func (s *Server) draftMacros(ctx context.Context, tenantID string, tk *frontlinev1.Ticket) ([]copilot.Macro, error) {
	all, err := s.st.Settings(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	cat := tk.GetTriage().GetCategory().GetLabel()
	var inCat, every []copilot.Macro
	for _, st := range all {
		m := st.GetMacro()
		if m == nil {
			continue
		}
		cm := copilot.Macro{Name: m.GetTitle(), Body: m.GetBody()}
		every = append(every, cm)
		if cat != "" && strings.EqualFold(m.GetCategory(), cat) {
			inCat = append(inCat, cm)
		}
	}
	if len(inCat) > 0 {
		return inCat, nil
	}
	return every, nil
}
