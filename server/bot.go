package server

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/assist/copilot"
	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/search/kb"
	"github.com/frontlinedesk/frontline/server/hub"
	"github.com/frontlinedesk/frontline/server/kbindex"
)

// This file is the customer bot. A widget ticket opened while the tenant's
// bot is enabled is marked bot_answers; while it is still new and has not
// been handed over, every customer message gets a bot turn: a search of the
// tenant's own published articles (server/kbindex), then copilot.Answer,
// which decides by rules whether to answer (quoting and citing the best
// passage, or through the LLM when one is configured) or to hand over. A
// handover sets the ticket to HANDOFF with a reason the customer is shown,
// adds a system message saying why, and ends the bot's part; so does an
// agent's reply, which moves the ticket out of NEW.

// Bot timings and thresholds.
const (
	// botTimeout bounds one bot turn, model calls included.
	botTimeout = 20 * time.Second
	// botPassages is how many passages a turn retrieves.
	botPassages = 3
	// rephraseOverlap is the share of content words two customer messages
	// must share for the second to count as a rephrasing of the first.
	rephraseOverlap = 0.5
	// botLockStripes bounds the per-ticket locks that serialise bot turns.
	botLockStripes = 64
)

// Handover reasons as the customer reads them after "Handed to a person: ".
const (
	handoverAsked       = "you asked for one"
	handoverLowConf     = "I could not find the answer in our help articles"
	handoverFailures    = "my answers did not solve your problem"
	handoverSentiment   = "you seemed frustrated, and a person is better placed to help"
	handoverModelPrefix = "the assistant decided a person should help"
)

// Sentiment scores a customer message in [-1, 1] (*sentiment.Model).
type Sentiment interface {
	Analyze(text string) sentiment.Result
}

// botConfig is what the bot options set.
type botConfig struct {
	emb  kb.Embedder
	sent Sentiment
	gen  copilot.Generator
}

// WithBotModels gives the bot its offline models: emb (USE-lite) makes KB
// search hybrid instead of lexical only, sent enables the negative-sentiment
// handover. Either may be nil.
func WithBotModels(emb kb.Embedder, sent Sentiment) Option {
	return func(s *Server) { s.botCfg.emb, s.botCfg.sent = emb, sent }
}

// WithBotLLM makes the bot write its answers with gen instead of quoting
// the best passage; hand-over rules still come first.
func WithBotLLM(gen copilot.Generator) Option { return func(s *Server) { s.botCfg.gen = gen } }

// botState is the bot's in-memory state.
type botState struct {
	kb    *kbindex.Set
	sent  Sentiment
	gen   copilot.Generator
	locks [botLockStripes]sync.Mutex
}

func newBotState(s *Server) *botState {
	return &botState{kb: kbindex.New(s.st, s.botCfg.emb), sent: s.botCfg.sent, gen: s.botCfg.gen}
}

// BotMode describes how the bot searches and answers, for the startup log.
func (s *Server) BotMode() string {
	answers := "extractive answers (offline)"
	if s.bot.gen != nil {
		answers = "LLM answers"
	}
	sent := "sentiment off"
	if s.bot.sent != nil {
		sent = "sentiment on"
	}
	return fmt.Sprintf("KB search %s, %s, %s", s.bot.kb.Mode(), answers, sent)
}

func (b *botState) lock(ticketID string) *sync.Mutex {
	h := fnv.New32a()
	_, _ = h.Write([]byte(ticketID))
	return &b.locks[h.Sum32()%botLockStripes]
}

// articleChanged keeps the tenant's bot index current after an article write.
func (s *Server) articleChanged(tenantID string, a *frontlinev1.Article) {
	if err := s.bot.kb.Put(tenantID, a); err != nil {
		s.log.Warn("bot index: update article", "article", a.GetId(), "err", err)
	}
}

// articleDeleted removes a deleted article from the tenant's bot index.
func (s *Server) articleDeleted(tenantID, articleID string) { s.bot.kb.Delete(tenantID, articleID) }

// warmBot starts building the tenant's KB index in the background when its
// bot is enabled, so that the first answer does not wait for it: a widget
// fetches its config when the page loads, well before the first question.
// The build is bounded (one pass over the tenant's articles) and a failed
// one is retried by the next search.
func (s *Server) warmBot(tenantID string, ws *frontlinev1.WidgetSettings) {
	if !ws.GetBotEnabled() || s.bot.kb.Built(tenantID) {
		return
	}
	go func() {
		if err := s.bot.kb.Warm(context.Background(), tenantID); err != nil {
			s.log.Warn("bot index: warm", "tenant", tenantID, "err", err)
		}
	}()
}

// botEnabled reports whether the tenant's bot answers new conversations.
func (s *Server) botEnabled(ctx context.Context, tenantID string) bool {
	ws, err := s.widgetSettings(ctx, tenantID)
	if err != nil {
		s.log.Warn("bot: read widget settings", "tenant", tenantID, "err", err)
		return false
	}
	return ws.GetBotEnabled()
}

// botActive reports whether the bot is answering tk: a bot ticket, still
// new (no agent has replied) and never handed over.
func botActive(tk *frontlinev1.Ticket) bool {
	return tk.GetBotAnswers() && tk.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_NEW && tk.GetHandoverReason() == ""
}

// botTurn answers the customer's newest message when the bot is active on
// the ticket, and returns the ticket as it is afterwards (nil if unchanged
// or on error; errors are logged, never returned: the customer's message is
// stored either way, and an agent will see it).
func (s *Server) botTurn(ctx context.Context, tenantID, ticketID string) *frontlinev1.Ticket {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), botTimeout)
	defer cancel()
	mu := s.bot.lock(ticketID)
	mu.Lock()
	defer mu.Unlock()
	tk, err := s.runBot(ctx, tenantID, ticketID)
	if err != nil {
		s.log.Warn("bot turn", "ticket", ticketID, "err", err)
		return nil
	}
	return tk
}

func (s *Server) runBot(ctx context.Context, tenantID, ticketID string) (*frontlinev1.Ticket, error) {
	tk, msgs, err := s.publicThread(ctx, tenantID, ticketID)
	if err != nil {
		return nil, err
	}
	if !botActive(tk) || !s.botEnabled(ctx, tenantID) {
		return nil, nil
	}
	last := -1
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER {
			last = i
			break
		}
	}
	if last < 0 || strings.TrimSpace(msgs[last].GetBody()) == "" {
		return nil, nil // nothing to answer (an attachment alone)
	}
	msg := msgs[last].GetBody()
	prevBot := lastBotMessage(msgs[:last])
	// "Yes" to the bot's offer of a person is a request for one.
	if prevBot != nil && prevBot.GetBody() == copilot.TextDontKnow && accepts(msg) {
		return s.handOver(ctx, tenantID, ticketID, handoverLowConf)
	}

	res, err := s.bot.kb.Search(ctx, tenantID, msg, botPassages)
	if err != nil {
		return nil, err
	}
	ws, err := s.widgetSettings(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	in := copilot.BotInput{
		Ticket:        copilot.Ticket{ID: tk.GetId(), Subject: tk.GetSubject(), Status: desk.StatusName(tk.GetStatus()), Customer: tk.GetCustomer().GetName()},
		Message:       msg,
		Turns:         turnsOf(msgs[:last]),
		Confidence:    res.Confidence,
		FailedAnswers: failedAnswers(msgs[:last+1]),
	}
	if s.bot.sent != nil {
		in.Sentiment = negativity(s.bot.sent.Analyze(msg))
	}
	byCitation := map[string]kb.Passage{}
	for _, p := range res.Passages {
		cp := copilot.Passage{ArticleID: p.ArticleID, Chunk: strconv.Itoa(p.Ordinal), Title: p.Title, HeadingPath: p.HeadingPath, Text: p.Text, Score: p.Score}
		in.Passages = append(in.Passages, cp)
		byCitation[cp.Citation()] = p
	}
	cp := &copilot.Copilot{Tenant: tenantID, Tone: ws.GetBotTone()}
	mode := modeOffline
	if s.bot.gen != nil {
		cp.LLM, mode = s.bot.gen, "LLM (server-wide)"
	} else if client, m := s.tenantLLM(ctx, tenantID); client != nil {
		cp.LLM, mode = client, m
	}
	replyID := desk.NewID(s.now())
	var stream *partialStream
	if cp.LLM != nil {
		stream = s.newPartialStream(tenantID, ticketID, replyID, ws.GetBotName())
		in.OnChunk = stream.chunk
	}
	ans, err := cp.Answer(ctx, in)
	if err != nil {
		stream.withdraw()
		return nil, err
	}
	if ans.Offline && mode != modeOffline && cp.LLM != nil && !ans.Handover {
		mode = modeOffline + " (fallback: " + mode + " failed)"
	}
	s.log.Info("bot answered", "tenant", tenantID, "ticket", ticketID, "mode", mode,
		"handover", ans.Handover, "reason", string(ans.Reason), "prompt_tokens", ans.Usage.PromptTokens, "completion_tokens", ans.Usage.CompletionTokens)

	reply := &frontlinev1.Message{
		Id:         replyID,
		TicketId:   ticketID,
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_BOT,
		AuthorName: ws.GetBotName(),
		Body:       ans.Text,
		CreateTime: timestamppb.New(s.now()),
	}
	for _, c := range ans.Citations {
		if p, ok := byCitation[c]; ok {
			reply.Citations = append(reply.Citations, &frontlinev1.Citation{ArticleId: p.ArticleID, Title: p.Title, HeadingPath: p.HeadingPath})
		}
	}
	reason := ""
	if ans.Handover {
		switch ans.Reason {
		case copilot.ReasonHumanRequested:
			reason = handoverAsked
		case copilot.ReasonNegativeSentiment:
			reason = handoverSentiment
		case copilot.ReasonRepeatedFailures:
			reason = handoverFailures
		case copilot.ReasonModel:
			reason = handoverModelPrefix
		default: // low confidence, or a model reply without grounding
			// The bot says it does not know and offers a person; a second
			// miss in a row hands over.
			reply.Body, reply.Citations = copilot.TextDontKnow, nil
			if prevBot != nil && prevBot.GetBody() == copilot.TextDontKnow {
				reason = handoverLowConf
			}
		}
	}
	tk, err = s.addBotMessage(ctx, tenantID, reply)
	if err != nil || tk == nil {
		// Not stored: take back what the customer saw being written.
		stream.withdraw()
	}
	if err != nil {
		return nil, err
	}
	if reason != "" {
		return s.handOver(ctx, tenantID, ticketID, reason)
	}
	return tk, nil
}

// partialEvery is the least time between two partial answers published
// while the model writes.
const partialEvery = 50 * time.Millisecond

// partialStream publishes a bot answer to the conversation's watchers as
// the model writes it: the text so far (never more often than
// partialEvery), under the id the finished message will have, which then
// replaces it in the widget. Its methods are no-ops on a nil stream.
type partialStream struct {
	s                  *Server
	tenantID, ticketID string
	id, author         string

	mu    sync.Mutex
	ans   copilot.AnswerStream
	last  time.Time
	shown string
}

func (s *Server) newPartialStream(tenantID, ticketID, id, author string) *partialStream {
	return &partialStream{s: s, tenantID: tenantID, ticketID: ticketID, id: id, author: author}
}

// chunk is the LLM's streaming callback.
func (p *partialStream) chunk(_ context.Context, chunk string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ans.Write(chunk)
	now := time.Now()
	text := p.ans.Text()
	if strings.TrimSpace(text) == "" || text == p.shown {
		return nil
	}
	// The first words go out at once; then at most one update per
	// partialEvery, and the complete answer as soon as it is complete.
	if p.shown != "" && now.Sub(p.last) < partialEvery && !p.ans.Done() {
		return nil
	}
	p.last, p.shown = now, text
	p.publish(text)
	return nil
}

// withdraw tells watchers that the answer being written will not come.
func (p *partialStream) withdraw() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown != "" {
		p.shown = ""
		p.publish("")
	}
}

func (p *partialStream) publish(text string) {
	p.s.hub.Publish(hub.Event{TenantID: p.tenantID, TicketID: p.ticketID,
		Partial: &frontlinev1.PartialMessage{Id: p.id, Text: text, AuthorName: p.author}})
}

// errBotDone aborts a bot write when an agent or a handover got there first.
var errBotDone = errors.New("bot no longer answers this conversation")

// addBotMessage stores a bot message while the bot is still active.
func (s *Server) addBotMessage(ctx context.Context, tenantID string, m *frontlinev1.Message) (*frontlinev1.Ticket, error) {
	tk, err := s.st.AddMessage(ctx, tenantID, m, func(tk *frontlinev1.Ticket) error {
		if !botActive(tk) {
			return errBotDone
		}
		tk.MessageCount++
		tk.UpdateTime = m.GetCreateTime()
		return nil
	})
	if errors.Is(err, errBotDone) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("add bot message: %w", err)
	}
	s.hub.Publish(hub.Event{TenantID: tenantID, TicketID: m.GetTicketId(), Message: m, Ticket: tk})
	return tk, nil
}

// handOver moves a bot conversation to HANDOFF with a system message saying
// why; it returns nil, nil when the bot was no longer active.
func (s *Server) handOver(ctx context.Context, tenantID, ticketID, reason string) (*frontlinev1.Ticket, error) {
	now := s.now()
	m := &frontlinev1.Message{
		Id:         desk.NewID(now),
		TicketId:   ticketID,
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM,
		Body:       "Handed to a person: " + reason + ". A member of our team will reply here.",
		CreateTime: timestamppb.New(now),
	}
	tk, err := s.st.AddMessage(ctx, tenantID, m, func(tk *frontlinev1.Ticket) error {
		if !botActive(tk) {
			return errBotDone
		}
		if err := desk.CheckTransition(tk.GetStatus(), frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF); err != nil {
			return err
		}
		tk.Status = frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
		tk.HandoverReason = reason
		tk.MessageCount++
		tk.UpdateTime = m.GetCreateTime()
		return nil
	})
	if errors.Is(err, errBotDone) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("hand over: %w", err)
	}
	s.hub.Publish(hub.Event{TenantID: tenantID, TicketID: ticketID, Message: m, Ticket: tk})
	if after := s.autoAssign(ctx, tenantID, ticketID); after != nil {
		tk = after
	}
	return tk, nil
}

// RequestHuman hands the caller's conversation to a person. It is a no-op
// for a conversation a person already has, and refused once it is closed.
func (w *widgetService) RequestHuman(ctx context.Context, _ *frontlinev1.RequestHumanRequest) (*frontlinev1.RequestHumanResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	mu := w.s.bot.lock(c.TicketID)
	mu.Lock()
	defer mu.Unlock()
	tk, msgs, err := w.s.publicThread(ctx, c.TenantID, c.TicketID)
	if err != nil {
		return nil, err
	}
	switch tk.GetStatus() {
	case frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED:
		return nil, withMessage("this conversation is closed; write again to reopen it", desk.ErrFailedPrecondition)
	}
	if botActive(tk) {
		reason := handoverAsked
		if b := lastBotMessage(msgs); b != nil && b.GetBody() == copilot.TextDontKnow {
			reason = handoverLowConf
		}
		after, err := w.s.handOver(ctx, c.TenantID, c.TicketID, reason)
		if err != nil {
			return nil, err
		}
		if after != nil {
			tk = after
		}
	}
	return &frontlinev1.RequestHumanResponse{Conversation: w.s.conversationFor(ctx, c.TenantID, tk)}, nil
}

func lastBotMessage(msgs []*frontlinev1.Message) *frontlinev1.Message {
	for i := len(msgs) - 1; i >= 0; i-- {
		switch msgs[i].GetAuthorKind() {
		case frontlinev1.AuthorKind_AUTHOR_KIND_BOT:
			return msgs[i]
		case frontlinev1.AuthorKind_AUTHOR_KIND_AGENT:
			return nil
		}
	}
	return nil
}

func turnsOf(msgs []*frontlinev1.Message) []copilot.Turn {
	var out []copilot.Turn
	for _, m := range msgs {
		role := ""
		switch m.GetAuthorKind() {
		case frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER:
			role = "customer"
		case frontlinev1.AuthorKind_AUTHOR_KIND_BOT:
			role = "bot"
		case frontlinev1.AuthorKind_AUTHOR_KIND_AGENT:
			role = "agent"
		default:
			continue
		}
		out = append(out, copilot.Turn{Role: role, Text: m.GetBody()})
	}
	return out
}

// failedAnswers counts the bot's answers, most recent first, that the
// customer's next message rejected ("that didn't help") or answered by
// asking the same question again; it stops at the first answer that was
// not rejected. msgs ends with the customer message being answered.
func failedAnswers(msgs []*frontlinev1.Message) int {
	type exchange struct{ question, answer, reaction string }
	var ex []exchange
	question := ""
	var pending *exchange
	for _, m := range msgs {
		switch m.GetAuthorKind() {
		case frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER:
			if strings.TrimSpace(m.GetBody()) == "" {
				continue
			}
			if pending != nil {
				pending.reaction = m.GetBody()
				ex = append(ex, *pending)
				pending = nil
			}
			question = m.GetBody()
		case frontlinev1.AuthorKind_AUTHOR_KIND_BOT:
			// Only real answers (with a citation) can fail; "I don't
			// know" is handled by the low-confidence rule.
			if len(m.GetCitations()) > 0 {
				pending = &exchange{question: question, answer: m.GetBody()}
			}
		case frontlinev1.AuthorKind_AUTHOR_KIND_AGENT:
			ex, pending = nil, nil
		}
	}
	n := 0
	for i := len(ex) - 1; i >= 0; i-- {
		if !rejects(ex[i].reaction) && !rephrases(ex[i].question, ex[i].reaction) {
			break
		}
		n++
	}
	return n
}

// rejectPhrases say that an answer did not help.
var rejectPhrases = []string{
	"didn't help", "did not help", "doesn't help", "does not help", "not helpful", "no help", "unhelpful",
	"didn't work", "did not work", "doesn't work", "does not work", "still not working", "still doesn't",
	"still does not", "still broken", "not what i asked", "not what i meant", "not my question", "wrong answer",
	"that's wrong", "that is wrong", "doesn't answer", "didn't answer", "does not answer", "did not answer",
	"not answer my", "useless", "that's not it", "that is not it", "not relevant", "irrelevant",
}

func rejects(text string) bool {
	t := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	for _, p := range rejectPhrases {
		if strings.Contains(t, p) {
			return true
		}
	}
	w := strings.Fields(strings.Trim(t, " .!?"))
	return len(w) > 0 && len(w) <= 3 && (w[0] == "no" || w[0] == "nope")
}

// rephrases reports whether b asks a about the same thing: they share at
// least rephraseOverlap of their content words.
func rephrases(a, b string) bool {
	ta, tb := contentWords(a), contentWords(b)
	if len(ta) < 2 || len(tb) < 2 {
		return false
	}
	common := 0
	for w := range tb {
		if ta[w] {
			common++
		}
	}
	return float64(common) >= rephraseOverlap*float64(min(len(ta), len(tb)))
}

var fillerWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but of to in on at for with from by is are was were be been am do does did
		i me my you your we our it its this that there what which who how when where why can could would should will not no
		please hi hello thanks thank just so again still really`) {
		m[w] = true
	}
	return m
}()

func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}) {
		if len(w) > 2 && !fillerWords[w] {
			out[strings.TrimSuffix(w, "s")] = true
		}
	}
	return out
}

// negativity is the sentiment score the handover rule sees: the less
// negative of the model's score and its lexicon rules' score. The learned
// layer was trained on product reviews and reads many plain support
// questions ("Can I cancel my order?") as strongly negative; requiring the
// rules to agree keeps the handover for messages that really are upset.
func negativity(r sentiment.Result) float64 {
	return max(r.Score, r.Rules.Compound)
}

// accepts reports whether a short reply says yes.
func accepts(text string) bool {
	t := strings.Trim(strings.ToLower(strings.TrimSpace(text)), " .!")
	switch t {
	case "yes", "yes please", "yeah", "yep", "sure", "ok", "okay", "please", "please do", "yes, please", "ok, please":
		return true
	}
	return false
}
