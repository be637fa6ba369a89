// Package copilot turns retrieval results and conversations into the
// bot's answers in the widget, reply drafts and thread summaries for agents.
// Each works with an LLM (through llm.Client) and without one (offline:
// extractive summaries, drafts assembled from KB passages and macros).
//
// Hand-over to a human is decided by rules first (the customer asked for a
// person, retrieval confidence is low, answers kept failing, the customer is
// very upset); the model can only add a hand-over, never remove one, so
// text injected into a message or an article cannot change that decision.
package copilot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/tmc/langchaingo/llms"

	"github.com/frontlinedesk/frontline/internal/assist/llm"
	"github.com/frontlinedesk/frontline/internal/assist/prompt"
)

// Passage is one retrieval result (from internal/search/hybrid).
type Passage struct {
	ArticleID   string
	Chunk       string // chunk id within the article; empty: "0"
	Title       string
	HeadingPath []string
	Text        string
	Score       float64
}

// Citation is the passage's citation id, kb:<article>#<chunk>.
func (p Passage) Citation() string {
	c := p.Chunk
	if c == "" {
		c = "0"
	}
	return prompt.Citation(p.ArticleID, c)
}

// Turn is one message of a conversation: Role is customer, agent or bot.
type Turn = prompt.Turn

// Ticket is the ticket shown to the model.
type Ticket = prompt.Ticket

// Macro is a tenant's canned reply.
type Macro struct {
	Name string
	Body string
}

// Generator is the model seam; *llm.Client implements it.
type Generator interface {
	Generate(ctx context.Context, req llm.Request) (llm.Response, error)
}

// Policy holds the hand-over thresholds. The zero value gives the defaults.
type Policy struct {
	MinConfidence     float64 // retrieval confidence below this hands over; default 0.45
	MinPassageScore   float64 // passages scoring below this are not evidence; default 0 (all)
	MaxFailedAnswers  int     // this many failed bot answers in a row hands over; default 2
	NegativeSentiment float64 // sentiment score at or below this hands over; default -0.6
	MaxPassages       int     // passages put in a prompt; default 4
	MaxTurns          int     // conversation turns put in a prompt; default 8
}

func (p Policy) withDefaults() Policy {
	if p.MinConfidence == 0 {
		p.MinConfidence = 0.45
	}
	if p.MaxFailedAnswers == 0 {
		p.MaxFailedAnswers = 2
	}
	if p.NegativeSentiment == 0 {
		p.NegativeSentiment = -0.6
	}
	if p.MaxPassages == 0 {
		p.MaxPassages = 4
	}
	if p.MaxTurns == 0 {
		p.MaxTurns = 8
	}
	return p
}

// Copilot answers, drafts and summarises for one tenant. LLM nil means
// offline. It is safe for concurrent use if LLM is.
type Copilot struct {
	LLM     Generator
	Tenant  string
	Company string
	Policy  Policy
	Prompts prompt.Builder
	// Tone is the admin's tone for customer-facing text (prompt.Tones).
	Tone string
}

// Reason says why the bot handed over.
type Reason string

// The hand-over reasons.
const (
	ReasonNone              Reason = ""
	ReasonHumanRequested    Reason = "customer_asked_for_human"
	ReasonLowConfidence     Reason = "low_retrieval_confidence"
	ReasonRepeatedFailures  Reason = "repeated_failed_answers"
	ReasonNegativeSentiment Reason = "negative_sentiment"
	ReasonUnparseable       Reason = "unparseable_model_reply"
	ReasonUngrounded        Reason = "answer_without_citation"
	ReasonModel             Reason = "model_requested"
)

// The bot's fixed sentences.
const (
	TextDontKnow  = "I'm sorry, I don't know the answer to that. Would you like me to connect you with a member of our team?"
	TextHandover  = "I'll connect you with a member of our team. They will reply here as soon as possible."
	TextUpset     = "I'm sorry about this experience. I'm passing your conversation to a member of our team right away."
	OfflineLabel  = "Offline draft from knowledge base"
	AIDraftLabel  = "AI draft: review before sending"
	OfflineIntro  = "Here is what our help centre says"
	offlineNoDraw = "Offline draft: no knowledge-base passage matched this message. Please write the reply yourself."
)

// BotInput is one customer message to answer in the widget.
type BotInput struct {
	Ticket        Ticket
	Message       string
	Turns         []Turn    // earlier turns, oldest first
	Passages      []Passage // retrieval results, best first
	Confidence    float64   // calibrated retrieval confidence in [0,1]
	FailedAnswers int       // consecutive bot answers the customer rejected
	Sentiment     float64   // sentiment score of Message in [-1,1]
	// OnChunk streams the model's raw JSON reply as it arrives (LLM mode).
	OnChunk func(ctx context.Context, chunk string) error
}

// BotAnswer is the bot's reply.
type BotAnswer struct {
	Text      string
	Citations []string
	Handover  bool
	Reason    Reason
	Detail    string // the model's hand-over reason, if any
	Offline   bool   // answered without the LLM (none configured or it failed)
	Usage     llm.Usage
}

// Answer answers a customer message. It returns an error only when ctx
// ends or the input is empty; provider failures fall back to offline mode.
func (c *Copilot) Answer(ctx context.Context, in BotInput) (BotAnswer, error) {
	if strings.TrimSpace(in.Message) == "" {
		return BotAnswer{}, prompt.ErrNoMessage
	}
	pol := c.Policy.withDefaults()
	handover := func(text string, r Reason) (BotAnswer, error) {
		return BotAnswer{Text: text, Handover: true, Reason: r, Offline: c.LLM == nil}, nil
	}
	switch {
	case AsksForHuman(in.Message):
		return handover(TextHandover, ReasonHumanRequested)
	case in.Sentiment <= pol.NegativeSentiment:
		return handover(TextUpset, ReasonNegativeSentiment)
	case in.FailedAnswers >= pol.MaxFailedAnswers:
		return handover(TextHandover, ReasonRepeatedFailures)
	}
	evidence := c.evidence(in.Passages, pol)
	if in.Confidence < pol.MinConfidence || len(evidence) == 0 {
		return handover(TextDontKnow, ReasonLowConfidence)
	}
	if c.LLM == nil {
		return offlineAnswer(in.Message, evidence), nil
	}
	p, err := c.Prompts.Build(prompt.Input{Mode: prompt.Bot, Company: c.Company, Ticket: in.Ticket,
		Passages: toPrompt(evidence), Turns: in.Turns, Message: in.Message, MaxTurns: pol.MaxTurns, Tone: c.Tone})
	if err != nil {
		return BotAnswer{}, err
	}
	resp, err := c.LLM.Generate(ctx, llm.Request{Tenant: c.Tenant, Messages: messages(p), Temperature: 0.2, JSON: true, OnChunk: in.OnChunk})
	if llm.Fallback(err) {
		return offlineAnswer(in.Message, evidence), nil
	}
	if err != nil {
		return BotAnswer{}, fmt.Errorf("copilot: answer: %w", err)
	}
	rep, err := prompt.ParseReply(resp.Text, p.Fence)
	if err != nil {
		return BotAnswer{Text: TextDontKnow, Handover: true, Reason: ReasonUnparseable, Usage: resp.Usage}, nil
	}
	cites := keepKnown(rep.Citations, evidence)
	out := BotAnswer{Text: stripCitationMarks(rep.Answer), Citations: cites, Usage: resp.Usage}
	switch {
	case rep.Handover:
		out.Handover, out.Reason, out.Detail = true, ReasonModel, rep.HandoverReason
		if out.Text == "" {
			out.Text = TextHandover
		}
	case len(cites) == 0 || out.Text == "":
		out = BotAnswer{Text: TextDontKnow, Handover: true, Reason: ReasonUngrounded, Usage: resp.Usage}
	}
	return out, nil
}

func (c *Copilot) evidence(ps []Passage, pol Policy) []Passage {
	var out []Passage
	for _, p := range ps {
		if p.Score >= pol.MinPassageScore && strings.TrimSpace(p.Text) != "" && len(out) < pol.MaxPassages {
			out = append(out, p)
		}
	}
	return out
}

func toPrompt(ps []Passage) []prompt.Passage {
	out := make([]prompt.Passage, len(ps))
	for i, p := range ps {
		out[i] = prompt.Passage{Citation: p.Citation(), Title: p.Title, HeadingPath: p.HeadingPath, Text: p.Text}
	}
	return out
}

func messages(p prompt.Prompt) []llms.MessageContent {
	return []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, p.System),
		llms.TextParts(llms.ChatMessageTypeHuman, p.User),
	}
}

// keepKnown keeps the citations of passages actually offered, once each.
func keepKnown(cites []string, ps []Passage) []string {
	known := map[string]bool{}
	for _, p := range ps {
		known[p.Citation()] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range cites {
		c = strings.TrimSpace(c)
		if known[c] && !seen[c] {
			out = append(out, c)
			seen[c] = true
		}
	}
	return out
}

// offlineAnswer quotes the best sentences of the best passage.
func offlineAnswer(msg string, ev []Passage) BotAnswer {
	best := ev[0]
	excerpt := bestSentences(best.Text, msg, 3)
	return BotAnswer{
		Text:      fmt.Sprintf("%s about “%s”: %s", OfflineIntro, best.Title, excerpt),
		Citations: []string{best.Citation()},
		Offline:   true,
	}
}

// Draft is a reply draft for an agent. It is never sent automatically.
type Draft struct {
	Text      string
	Citations []string
	Label     string // OfflineLabel or AIDraftLabel
	Offline   bool
	Macro     string // name of the macro used (offline)
	Usage     llm.Usage
}

// DraftInput is what a draft is grounded in.
type DraftInput struct {
	Ticket   Ticket
	Turns    []Turn // the thread, oldest first
	Message  string // the customer message to answer; empty: the last customer turn
	Passages []Passage
	Macros   []Macro
	OnChunk  func(ctx context.Context, chunk string) error
}

// Draft writes a reply draft grounded in the passages.
func (c *Copilot) Draft(ctx context.Context, in DraftInput) (Draft, error) {
	if in.Message == "" {
		for i := len(in.Turns) - 1; i >= 0; i-- {
			if in.Turns[i].Role == "customer" {
				in.Message = in.Turns[i].Text
				in.Turns = in.Turns[:i]
				break
			}
		}
	}
	if strings.TrimSpace(in.Message) == "" {
		return Draft{}, prompt.ErrNoMessage
	}
	pol := c.Policy.withDefaults()
	ev := c.evidence(in.Passages, pol)
	if c.LLM != nil && len(ev) > 0 {
		p, err := c.Prompts.Build(prompt.Input{Mode: prompt.Draft, Company: c.Company, Ticket: in.Ticket,
			Passages: toPrompt(ev), Turns: in.Turns, Message: in.Message, MaxTurns: pol.MaxTurns, Tone: c.Tone})
		if err != nil {
			return Draft{}, err
		}
		resp, err := c.LLM.Generate(ctx, llm.Request{Tenant: c.Tenant, Messages: messages(p), Temperature: 0.3, JSON: true, OnChunk: in.OnChunk})
		switch {
		case err == nil:
			if rep, perr := prompt.ParseReply(resp.Text, p.Fence); perr == nil && rep.Answer != "" {
				return Draft{Text: stripCitationMarks(rep.Answer), Citations: keepKnown(rep.Citations, ev), Label: AIDraftLabel, Usage: resp.Usage}, nil
			}
		case !llm.Fallback(err):
			return Draft{}, fmt.Errorf("copilot: draft: %w", err)
		}
	}
	return offlineDraft(in, ev), nil
}

func offlineDraft(in DraftInput, ev []Passage) Draft {
	d := Draft{Label: OfflineLabel, Offline: true}
	var b strings.Builder
	name := strings.Fields(in.Ticket.Customer)
	if len(name) > 0 {
		fmt.Fprintf(&b, "Hi %s,\n\n", name[0])
	} else {
		b.WriteString("Hi,\n\n")
	}
	mac, ok := bestMacro(in.Macros, in.Message)
	if ok {
		b.WriteString(strings.TrimSpace(mac.Body) + "\n\n")
		d.Macro = mac.Name
	}
	for i, p := range ev {
		if i == 2 {
			break
		}
		// The sources go in d.Citations, shown beside the draft; the text is
		// what the agent may send to the customer, so it carries no ids.
		fmt.Fprintf(&b, "%s\n\n", bestSentences(p.Text, in.Message, 3))
		d.Citations = append(d.Citations, p.Citation())
	}
	if len(ev) == 0 && !ok {
		d.Text = offlineNoDraw
		return d
	}
	b.WriteString("Best regards,")
	d.Text = b.String()
	return d
}

func bestMacro(ms []Macro, msg string) (Macro, bool) {
	q := termSet(msg)
	best, bestScore := Macro{}, 0.0
	for _, m := range ms {
		s := overlap(q, termSet(m.Name+" "+m.Body))
		if s > bestScore {
			best, bestScore = m, s
		}
	}
	return best, bestScore > 0
}

// Summary is a thread summary.
type Summary struct {
	Text    string
	Offline bool
	Usage   llm.Usage
}

// ErrNothingToSummarize is returned for an empty thread.
var ErrNothingToSummarize = errors.New("copilot: nothing to summarise")

// Summarize summarises a thread, with the LLM when one is configured and
// works, else extractively.
func (c *Copilot) Summarize(ctx context.Context, ticket Ticket, turns []Turn) (Summary, error) {
	if len(turns) == 0 {
		return Summary{}, ErrNothingToSummarize
	}
	if c.LLM != nil {
		p, err := c.Prompts.Build(prompt.Input{Mode: prompt.Summary, Company: c.Company, Ticket: ticket, Turns: turns, MaxTurns: 40})
		if err != nil {
			return Summary{}, err
		}
		resp, err := c.LLM.Generate(ctx, llm.Request{Tenant: c.Tenant, Messages: messages(p), Temperature: 0.2, JSON: true})
		switch {
		case err == nil:
			if rep, perr := prompt.ParseReply(resp.Text, p.Fence); perr == nil && rep.Answer != "" {
				return Summary{Text: rep.Answer, Usage: resp.Usage}, nil
			}
		case !llm.Fallback(err):
			return Summary{}, fmt.Errorf("copilot: summarise: %w", err)
		}
	}
	return Summary{Text: Extractive(turns, 3), Offline: true}, nil
}

// citationMark matches an inline citation such as " [kb:01a2#0]".
var citationMark = regexp.MustCompile(`\s*\[kb:[^\]\s]+\]`)

// stripCitationMarks removes inline citation ids from text meant for a
// customer; the citations travel beside the text.
func stripCitationMarks(text string) string { return citationMark.ReplaceAllString(text, "") }
