package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/frontlinedesk/frontline/internal/assist/copilot"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Modes a copilot result names, so the agent knows what produced it. The
// server answers "LLM (<provider>/<model>)" when the tenant has an LLM.
const (
	ModeOffline           = "offline"
	ModeServerUnreachable = "offline (server unreachable)"
)

// OfflineMacroLabel labels an offline draft that is one of the tenant's
// macros (the macro's name travels in DraftDTO.Macro).
const OfflineMacroLabel = "Offline draft from your company's macros"

// copilotCallTimeout bounds one CopilotService call; past it the desk
// answers locally (an LLM that is slow must not keep the agent waiting).
const copilotCallTimeout = 25 * time.Second

// copilotRemote is implemented by a Server that can reach the server's
// CopilotService (remoteServer does).
type copilotRemote interface {
	Copilot() frontlinev1connect.CopilotServiceClient
}

// Copilot is the ticket view's copilot panel. Bound into the webview.
// Triage, similar tickets and article suggestions are computed here from
// the replica (they work offline); summaries and drafts come from the
// server's CopilotService when it answers (with the tenant's LLM if one is
// configured) and are computed here otherwise. Drafts are only ever
// returned: nothing here sends a message.
type Copilot struct {
	app    *App
	models *copilotModels

	mu  sync.Mutex
	cur *sessionModels // state of the current session's replica
}

func newCopilot(a *App) *Copilot {
	return &Copilot{app: a, models: newCopilotModels(a.cfg.ModelsDir, a.log)}
}

// ScoredDTO is a predicted label with its confidence in [0,1]; an empty
// label means no prediction.
type ScoredDTO struct {
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"`
	// Corrected is the label the agent gave instead, if any ("" when none).
	Corrected string `json:"corrected"`
	// Accepted: the agent confirmed this label.
	Accepted bool `json:"accepted"`
}

// TriageDTO is the triage of a ticket's customer text.
type TriageDTO struct {
	TicketID        string    `json:"ticketId"`
	Category        ScoredDTO `json:"category"`
	Priority        ScoredDTO `json:"priority"`
	Sentiment       ScoredDTO `json:"sentiment"`
	SentimentScore  float64   `json:"sentimentScore"`
	Language        ScoredDTO `json:"language"`
	LanguageName    string    `json:"languageName"`
	PriorityReasons []string  `json:"priorityReasons"`
	// CurrentPriority is the ticket's priority now, so the UI can tell
	// whether accepting the suggestion changes anything.
	CurrentPriority string `json:"currentPriority"`
	// Languages lists the codes the language detector knows (for corrections).
	Languages []string `json:"languages"`
	// Notes say what was left out and why.
	Notes []string `json:"notes"`
	Mode  string   `json:"mode"`
}

// SummaryDTO is a thread summary.
type SummaryDTO struct {
	TicketID string `json:"ticketId"`
	Text     string `json:"text"`
	Mode     string `json:"mode"`
}

// CitationDTO names a knowledge-base article a draft used.
type CitationDTO struct {
	ArticleID   string   `json:"articleId"`
	Title       string   `json:"title"`
	HeadingPath []string `json:"headingPath"`
}

// DraftDTO is a reply draft for the agent to edit; it is never sent by itself.
type DraftDTO struct {
	TicketID  string        `json:"ticketId"`
	Text      string        `json:"text"`
	Label     string        `json:"label"`
	Citations []CitationDTO `json:"citations"`
	Macro     string        `json:"macro"`
	Mode      string        `json:"mode"`
}

// SimilarTicketDTO is a resolved or closed ticket like the open one.
type SimilarTicketDTO struct {
	ID      string  `json:"id"`
	Number  int64   `json:"number"`
	Subject string  `json:"subject"`
	Status  string  `json:"status"`
	Score   float64 `json:"score"`
	// Resolution is how it was resolved: the last agent reply, shortened.
	Resolution   string `json:"resolution"`
	ResolvedBy   string `json:"resolvedBy"`
	ResolvedAt   string `json:"resolvedAt"`
	CustomerName string `json:"customerName"`
}

// SimilarDTO lists similar tickets, most similar first.
type SimilarDTO struct {
	TicketID string             `json:"ticketId"`
	Tickets  []SimilarTicketDTO `json:"tickets"`
	Mode     string             `json:"mode"`
}

// SuggestedArticleDTO is one relevant knowledge-base passage.
type SuggestedArticleDTO struct {
	ArticleID   string   `json:"articleId"`
	Title       string   `json:"title"`
	HeadingPath []string `json:"headingPath"`
	Excerpt     string   `json:"excerpt"`
	Score       float64  `json:"score"`
}

// ArticleSuggestionsDTO lists suggested articles, best first.
type ArticleSuggestionsDTO struct {
	TicketID string                `json:"ticketId"`
	Articles []SuggestedArticleDTO `json:"articles"`
	Mode     string                `json:"mode"`
}

// FeedbackDTO confirms an accepted or corrected triage label.
type FeedbackDTO struct {
	Field string `json:"field"`
	Label string `json:"label"`
	// Ticket is the ticket after a priority change (nil otherwise).
	Ticket *TicketDTO `json:"ticket"`
	// Stored says where the example is kept.
	Stored string `json:"stored"`
	// Examples counts the examples kept on this computer for this account.
	Examples int `json:"examples"`
}

// StoredLocally is what the UI says about corrections: they are kept on
// this computer (the sentiment model learns them at once) and, as triage
// corrections of the ticket, reach the server with the other changes.
const StoredLocally = "Kept as a training example for your company; it reaches the server with your other changes"

// thread reads the ticket from the replica.
func (c *Copilot) thread(op, ticketID string) (*local, *SessionDTO, *replica.Thread, context.Context, context.CancelFunc, error) {
	a := c.app
	l, cur, err := a.state.current()
	if err != nil {
		return nil, nil, nil, nil, nil, a.fail(op, err)
	}
	ctx, cancel := a.call()
	ticketID = strings.TrimSpace(ticketID)
	var th *replica.Thread
	err = l.do(func(r *replica.Replica) error { th, err = r.Ticket(ctx, ticketID); return err })
	if err != nil {
		cancel()
		return nil, nil, nil, nil, nil, a.fail(op, err)
	}
	return l, cur, th, ctx, cancel, nil
}

// Triage predicts category, priority, sentiment and language of a ticket's
// customer messages, on this computer.
func (c *Copilot) Triage(ticketID string) (TriageDTO, error) {
	l, _, th, ctx, cancel, err := c.thread("triage", ticketID)
	if err != nil {
		return TriageDTO{}, err
	}
	defer cancel()
	out, err := c.triageThread(ctx, l, th)
	if err != nil {
		return TriageDTO{}, c.app.fail("triage", err)
	}
	fb, err := c.session(l).feedback()
	if err != nil {
		return TriageDTO{}, c.app.fail("triage", err)
	}
	fb.apply(&out)
	applyTicketCorrections(th.Ticket.GetTriage(), &out)
	return out, nil
}

// applyTicketCorrections marks the labels agents set on the ticket itself
// (Ticket.triage.corrected, from any desk) as accepted or corrected.
func applyTicketCorrections(tt *frontlinev1.TicketTriage, out *TriageDTO) {
	for _, f := range tt.GetCorrected() {
		var s *ScoredDTO
		var label string
		switch f {
		case fieldCategory:
			s, label = &out.Category, tt.GetCategory().GetLabel()
		case fieldSentiment:
			s, label = &out.Sentiment, tt.GetSentiment().GetLabel()
		case fieldLanguage:
			s, label = &out.Language, tt.GetLanguage().GetLabel()
		default:
			continue
		}
		if label == "" {
			continue
		}
		if strings.EqualFold(label, s.Label) {
			s.Accepted, s.Corrected = true, ""
		} else {
			s.Corrected, s.Accepted = label, false
		}
	}
}

// mustSettings reads the settings of l's replica; nil when it cannot.
func mustSettings(c *Copilot, l *local) []*frontlinev1.Setting {
	ctx, cancel := c.app.call()
	defer cancel()
	all, err := settingsOf(ctx, l)
	if err != nil {
		c.app.log.Warn("copilot: read settings", "err", err)
	}
	return all
}

// Summarize summarises the ticket's thread: on the server (with the
// tenant's LLM if any) when it answers, else extractively here.
func (c *Copilot) Summarize(ticketID string) (SummaryDTO, error) {
	l, cur, th, ctx, cancel, err := c.thread("summarise", ticketID)
	if err != nil {
		return SummaryDTO{}, err
	}
	defer cancel()
	id := th.Ticket.GetId()
	mode := ModeOffline
	if cl, ok := c.remote(l); ok {
		rctx, rcancel := context.WithTimeout(ctx, copilotCallTimeout)
		res, err := cl.SummarizeTicket(rctx, &frontlinev1.SummarizeTicketRequest{TicketId: id})
		rcancel()
		if err == nil {
			return SummaryDTO{TicketID: id, Text: res.GetSummary(), Mode: res.GetMode()}, nil
		}
		c.app.log.Info("copilot: server summary failed; summarising here", "err", err)
		mode = ModeServerUnreachable
	} else if !l.rep.Status().Online {
		mode = ModeServerUnreachable
	}
	turns := turnsOfThread(th)
	if len(turns) == 0 {
		return SummaryDTO{}, fieldErr("", "This ticket has no messages to summarise yet")
	}
	cp := &copilot.Copilot{Company: cur.Company.Name}
	sum, err := cp.Summarize(ctx, promptTicket(th.Ticket), turns)
	if err != nil {
		return SummaryDTO{}, c.app.fail("summarise", err)
	}
	return SummaryDTO{TicketID: id, Text: sum.Text, Mode: mode}, nil
}

// Draft drafts a reply to the newest customer message, grounded in the
// knowledge base: on the server when it answers, else here from the best
// passages of the replica's articles. The draft is only returned; the
// agent edits it in the reply box and sends it themselves.
func (c *Copilot) Draft(ticketID string) (DraftDTO, error) {
	l, cur, th, ctx, cancel, err := c.thread("draft reply", ticketID)
	if err != nil {
		return DraftDTO{}, err
	}
	defer cancel()
	id := th.Ticket.GetId()
	mode := ModeOffline
	if cl, ok := c.remote(l); ok {
		rctx, rcancel := context.WithTimeout(ctx, copilotCallTimeout)
		res, err := cl.DraftReply(rctx, &frontlinev1.DraftReplyRequest{TicketId: id})
		rcancel()
		if err == nil {
			out := DraftDTO{TicketID: id, Text: res.GetText(), Label: res.GetLabel(), Macro: res.GetMacro(), Mode: res.GetMode(), Citations: []CitationDTO{}}
			for _, ci := range res.GetCitations() {
				out.Citations = append(out.Citations, CitationDTO{ArticleID: ci.GetArticleId(), Title: ci.GetTitle(), HeadingPath: nonNil(ci.GetHeadingPath())})
			}
			return out, nil
		}
		c.app.log.Info("copilot: server draft failed; drafting here", "err", err)
		mode = ModeServerUnreachable
	} else if !l.rep.Status().Online {
		mode = ModeServerUnreachable
	}
	msg := lastCustomerMessage(th)
	if msg == "" {
		return DraftDTO{}, fieldErr("", "This ticket has no customer message to answer yet")
	}
	ix, published, err := c.kbIndex(ctx, l)
	if err != nil {
		return DraftDTO{}, c.app.fail("draft reply", err)
	}
	res, err := ix.Search(ctx, th.Ticket.GetSubject()+"\n"+msg, 8)
	if err != nil {
		return DraftDTO{}, c.app.fail("draft reply", err)
	}
	macros, sameCategory := draftMacros(mustSettings(c, l), th.Ticket, c.ticketCategory(ctx, l, th), cur)
	in := copilot.DraftInput{Ticket: promptTicket(th.Ticket), Turns: turnsOfThread(th), Macros: macros}
	byCitation := map[string]CitationDTO{}
	for _, p := range res.Passages {
		if !published[p.ArticleID] || len(in.Passages) == 4 {
			continue // customers are pointed at published articles only
		}
		cp := copilot.Passage{ArticleID: p.ArticleID, Chunk: strconv.Itoa(p.Ordinal), Title: p.Title, HeadingPath: p.HeadingPath, Text: p.Text, Score: p.Score}
		in.Passages = append(in.Passages, cp)
		byCitation[cp.Citation()] = CitationDTO{ArticleID: p.ArticleID, Title: p.Title, HeadingPath: nonNil(p.HeadingPath)}
	}
	cp := &copilot.Copilot{Company: cur.Company.Name}
	d, err := cp.Draft(ctx, in)
	if err != nil {
		return DraftDTO{}, c.app.fail("draft reply", err)
	}
	if d.Macro == "" && sameCategory {
		// A macro written for the ticket's category answers it even when it
		// shares no words with the message.
		var keep bool
		d.Text, keep = withMacro(d.Text, th.Ticket, macros[0], len(d.Citations) > 0)
		d.Macro = macros[0].Name
		if !keep {
			d.Citations, d.Label = nil, OfflineMacroLabel
		}
	}
	out := DraftDTO{TicketID: id, Text: d.Text, Label: d.Label, Macro: d.Macro, Mode: mode, Citations: []CitationDTO{}}
	for _, ci := range d.Citations {
		if dto, ok := byCitation[ci]; ok {
			out.Citations = append(out.Citations, dto)
		}
	}
	return out, nil
}

// SuggestArticles lists the published articles most relevant to the
// ticket, from the replica's knowledge base.
func (c *Copilot) SuggestArticles(ticketID string) (ArticleSuggestionsDTO, error) {
	l, _, th, ctx, cancel, err := c.thread("suggest articles", ticketID)
	if err != nil {
		return ArticleSuggestionsDTO{}, err
	}
	defer cancel()
	out := ArticleSuggestionsDTO{TicketID: th.Ticket.GetId(), Articles: []SuggestedArticleDTO{}, Mode: ModeOffline}
	q := strings.TrimSpace(th.Ticket.GetSubject() + "\n" + lastCustomerMessage(th))
	ix, _, err := c.kbIndex(ctx, l)
	if err != nil {
		return ArticleSuggestionsDTO{}, c.app.fail("suggest articles", err)
	}
	out.Mode = ModeOffline + " (" + ix.Mode() + ")"
	if q == "" {
		return out, nil
	}
	res, err := ix.Search(ctx, q, 5)
	if err != nil {
		return ArticleSuggestionsDTO{}, c.app.fail("suggest articles", err)
	}
	for _, p := range res.Passages {
		out.Articles = append(out.Articles, SuggestedArticleDTO{
			ArticleID: p.ArticleID, Title: p.Title, HeadingPath: nonNil(p.HeadingPath),
			Excerpt: excerpt(p.Text, 280), Score: p.Score,
		})
	}
	return out, nil
}

// SimilarTickets lists the resolved and closed tickets most like this one,
// each with how it was resolved (the last agent reply).
func (c *Copilot) SimilarTickets(ticketID string) (SimilarDTO, error) {
	l, _, th, ctx, cancel, err := c.thread("similar tickets", ticketID)
	if err != nil {
		return SimilarDTO{}, err
	}
	defer cancel()
	names, err := c.app.names(ctx, l)
	if err != nil {
		return SimilarDTO{}, c.app.fail("similar tickets", err)
	}
	hits, err := c.similar(ctx, l, th, 5)
	if err != nil {
		return SimilarDTO{}, c.app.fail("similar tickets", err)
	}
	out := SimilarDTO{TicketID: th.Ticket.GetId(), Tickets: []SimilarTicketDTO{}, Mode: ModeOffline + " (lexical)"}
	for _, h := range hits {
		t := h.doc.ticket
		out.Tickets = append(out.Tickets, SimilarTicketDTO{
			ID: t.GetId(), Number: t.GetNumber(), Subject: t.GetSubject(), Status: statusString(t.GetStatus()),
			Score: h.score, Resolution: h.doc.resolution, ResolvedBy: cmpOr(names[h.doc.resolverID], h.doc.resolverName),
			ResolvedAt: timeString(t.GetUpdateTime()), CustomerName: t.GetCustomer().GetName(),
		})
	}
	return out, nil
}

// Accept confirms a triage label. Accepting a priority sets the ticket's
// priority (queued in the replica's outbox like any change); every accept
// is kept on this computer as a training example.
func (c *Copilot) Accept(ticketID, field, label string) (FeedbackDTO, error) {
	return c.feedbackOn(ticketID, field, label, true)
}

// Correct replaces a triage label with the agent's. A priority correction
// sets the ticket's priority through the outbox; corrections of sentiment,
// language and category are kept on this computer as training examples
// (and a sentiment correction teaches the local sentiment model at once).
func (c *Copilot) Correct(ticketID, field, label string) (FeedbackDTO, error) {
	return c.feedbackOn(ticketID, field, label, false)
}

func (c *Copilot) feedbackOn(ticketID, field, label string, accepted bool) (FeedbackDTO, error) {
	field, label = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(label)
	if err := checkFeedback(field, label, c.models); err != nil {
		return FeedbackDTO{}, err
	}
	if field != fieldCategory {
		label = strings.ToLower(label)
	}
	l, _, th, ctx, cancel, err := c.thread("triage feedback", ticketID)
	if err != nil {
		return FeedbackDTO{}, err
	}
	pred, err := c.triageThread(ctx, l, th)
	cancel()
	if err != nil {
		return FeedbackDTO{}, c.app.fail("triage feedback", err)
	}
	out := FeedbackDTO{Field: field, Label: label, Stored: StoredLocally}
	switch {
	case field == fieldPriority:
		t, err := c.app.Tickets.SetPriority(th.Ticket.GetId(), label)
		if err != nil {
			return FeedbackDTO{}, err
		}
		out.Ticket = &t
	case field != fieldCategory || len(readSettingsModel(mustSettings(c, l)).categories) > 0:
		// The ticket's triage label (triage.go): the server's training data.
		if _, err := c.app.Tickets.CorrectTriage(th.Ticket.GetId(), field, label); err != nil {
			return FeedbackDTO{}, err
		}
	}
	fb, err := c.session(l).feedback()
	if err != nil {
		return FeedbackDTO{}, c.app.fail("triage feedback", err)
	}
	ex := Example{
		TicketID: th.Ticket.GetId(), Field: field, Label: label, Predicted: predictedLabel(pred, field),
		Accepted: accepted, Text: excerpt(triageText(th), maxExampleText), At: time.Now().UTC().Format(time.RFC3339),
	}
	n, err := fb.add(ex)
	if err != nil {
		return FeedbackDTO{}, c.app.fail("triage feedback", err)
	}
	out.Examples = n
	if field == fieldSentiment {
		c.session(l).learnSentiment(c.models, ex)
	}
	return out, nil
}

// remote returns the server's CopilotService when the replica is online.
func (c *Copilot) remote(l *local) (frontlinev1connect.CopilotServiceClient, bool) {
	rs, ok := l.server.(copilotRemote)
	if !ok || !l.rep.Status().Online {
		return nil, false
	}
	cl := rs.Copilot()
	return cl, cl != nil
}

// turnsOfThread lists the public conversation (internal notes left out).
func turnsOfThread(th *replica.Thread) []copilot.Turn {
	var out []copilot.Turn
	for _, mv := range th.Messages {
		m := mv.Message
		if m.GetInternal() || strings.TrimSpace(m.GetBody()) == "" {
			continue
		}
		role := ""
		switch m.GetAuthorKind() {
		case frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER:
			role = "customer"
		case frontlinev1.AuthorKind_AUTHOR_KIND_AGENT:
			role = "agent"
		case frontlinev1.AuthorKind_AUTHOR_KIND_BOT:
			role = "bot"
		default:
			continue
		}
		out = append(out, copilot.Turn{Role: role, Text: m.GetBody()})
	}
	return out
}

func lastCustomerMessage(th *replica.Thread) string {
	for i := len(th.Messages) - 1; i >= 0; i-- {
		m := th.Messages[i].Message
		if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER && !m.GetInternal() && strings.TrimSpace(m.GetBody()) != "" {
			return m.GetBody()
		}
	}
	return ""
}

func promptTicket(t *frontlinev1.Ticket) copilot.Ticket {
	return copilot.Ticket{
		ID: t.GetId(), Subject: t.GetSubject(), Status: desk.StatusName(t.GetStatus()),
		Priority: priorityString(t.GetPriority()), Customer: t.GetCustomer().GetName(),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// errUnknownField is a feedback call naming no triage field.
var errUnknownField = errors.New("unknown triage field")

func checkFeedback(field, label string, m *copilotModels) error {
	if label == "" {
		return fieldErr("label", "Choose a label first")
	}
	switch field {
	case fieldPriority:
		if _, ok := parsePriority(label); !ok {
			return fieldErr("label", "Unknown priority")
		}
	case fieldSentiment:
		switch strings.ToLower(label) {
		case "negative", "neutral", "positive":
		default:
			return fieldErr("label", "Sentiment is negative, neutral or positive")
		}
	case fieldLanguage:
		if !m.knowsLanguage(strings.ToLower(label)) {
			return fieldErr("label", "Unknown language code")
		}
	case fieldCategory:
		if len([]rune(label)) > 60 {
			return fieldErr("label", "A category name has at most 60 characters")
		}
	default:
		return &UIError{Message: fmt.Sprintf("Unknown triage field %q", field), Field: "field", Kind: KindInvalid, err: errUnknownField}
	}
	return nil
}
