package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	"github.com/frontlinedesk/frontline/internal/assist/triage"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/sla"
	"github.com/frontlinedesk/frontline/server/store"
)

// This file triages tickets on the server: after every new customer
// message (and on every new ticket) the ticket's category, priority,
// sentiment and language are computed with the offline models and stored
// in Ticket.triage, so they reach every desktop through sync. Labels an
// agent corrected are kept; a category correction becomes a training
// example of the tenant's classifier, which learns it at once.
//
// The category model is per tenant: a classify.Classifier cold-started from
// the admins' categories (name, description, examples) and trained on the
// tickets agents labelled. It is built lazily, rebuilt when the categories
// change, and updated incrementally on each new correction.

const (
	// triageTextLimit bounds the customer text the category model reads.
	triageTextLimit = 4000
	// triageTimeout bounds one ticket's triage, model build included.
	triageTimeout = 10 * time.Second
)

// triageState holds the tenants' category models.
type triageState struct {
	s  *Server
	mu sync.Mutex
	m  map[string]*tenantTriage
}

// tenantTriage is one tenant's model; mu serialises its build and updates.
type tenantTriage struct {
	mu       sync.Mutex
	built    bool
	cats     []string
	clf      *classify.Classifier // nil: the tenant has no categories
	rules    triage.Rules
	examples map[string]string // ticket id -> label it was learnt with
	// sent is the tenant's sentiment model when agents corrected some
	// sentiments (the shared model refitted with them); nil: the shared one.
	sent Sentiment
	// sla is the tenant's SLA setup, for the SLA priority rule.
	sla sla.Setup
}

func newTriageState(s *Server) *triageState {
	return &triageState{s: s, m: map[string]*tenantTriage{}}
}

func (ts *triageState) tenant(tenantID string) *tenantTriage {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t := ts.m[tenantID]
	if t == nil {
		t = &tenantTriage{}
		ts.m[tenantID] = t
	}
	return t
}

// settingsChanged drops the tenant's model; the next triage rebuilds it.
func (ts *triageState) settingsChanged(tenantID string) {
	ts.mu.Lock()
	delete(ts.m, tenantID)
	ts.mu.Unlock()
}

// build loads settings and examples and fits the model; t.mu is held.
func (ts *triageState) build(ctx context.Context, tenantID string, t *tenantTriage) error {
	all, err := ts.s.st.Settings(ctx, tenantID)
	if err != nil {
		return fmt.Errorf("triage: settings: %w", err)
	}
	t.cats, t.clf, t.rules, t.examples, t.sent = nil, nil, triage.Rules{}, map[string]string{}, nil
	t.sla = sla.FromSettings(all)
	var cats []classify.Category
	for _, s := range all {
		switch v := s.GetValue().(type) {
		case *frontlinev1.Setting_Category:
			c := v.Category
			t.cats = append(t.cats, c.GetName())
			cats = append(cats, classify.Category{Name: c.GetName(), Description: c.GetDescription(), Examples: c.GetExamples()})
		case *frontlinev1.Setting_PriorityRules:
			t.rules = TriageRules(v.PriorityRules)
		}
	}
	exs, err := ts.s.st.TriageExamples(ctx, tenantID)
	if err != nil {
		return fmt.Errorf("triage: examples: %w", err)
	}
	if err := t.buildSentiment(ts.s.bot.sent, exs); err != nil {
		return err
	}
	t.built = true
	if len(cats) == 0 {
		return nil
	}
	var train []classify.Example
	for _, ex := range exs {
		if ex.Category == "" || !slices.Contains(t.cats, ex.Category) {
			continue // no category, or a deleted or renamed one
		}
		train = append(train, classify.Example{Text: ex.Text, Label: ex.Category, Correction: true})
		t.examples[ex.TicketID] = ex.Category
	}
	clf := classify.New(cats, classify.Options{Seed: 1, Embedder: ts.s.botCfg.emb})
	if err := clf.Train(ctx, train); err != nil && !errors.Is(err, classify.ErrNoExamples) {
		return fmt.Errorf("triage: train: %w", err)
	}
	t.clf = clf
	return nil
}

// buildSentiment refits the shared sentiment model with the tenant's
// corrected messages, when it has some and the model can learn.
func (t *tenantTriage) buildSentiment(shared Sentiment, exs []store.TriageExample) error {
	base, ok := shared.(*sentiment.Model)
	if !ok {
		return nil
	}
	var own []sentiment.Example
	for _, ex := range exs {
		if ex.Sentiment != "" && ex.SentimentText != "" {
			own = append(own, sentiment.Example{Text: ex.SentimentText, Label: sentiment.Label(ex.Sentiment)})
		}
	}
	if len(own) == 0 {
		return nil
	}
	m, err := base.WithExamples(own)
	if err != nil {
		return fmt.Errorf("triage: sentiment: %w", err)
	}
	t.sent = m
	return nil
}

// TriageRules converts an admin's priority rules to the triage package's.
func TriageRules(r *frontlinev1.PriorityRules) triage.Rules {
	var out triage.Rules
	for _, k := range r.GetKeywordRules() {
		out.Keywords = append(out.Keywords, triage.KeywordRule{Words: k.GetWords(), Priority: triagePriority(k.GetPriority())})
	}
	for _, t := range r.GetTierRules() {
		if out.Tiers == nil {
			out.Tiers = map[string]triage.Priority{}
		}
		out.Tiers[t.GetTier()] = triagePriority(t.GetPriority())
	}
	if r.GetNegativeBelow() < 0 {
		out.NegativeBelow, out.NegativePriority = r.GetNegativeBelow(), triagePriority(r.GetNegativePriority())
	}
	if w := r.GetSlaWindowMinutes(); w > 0 {
		out.SLAWindow, out.SLAPriority = time.Duration(w)*time.Minute, triagePriority(r.GetSlaPriority())
	}
	return out
}

func triagePriority(p frontlinev1.TicketPriority) triage.Priority {
	switch p {
	case frontlinev1.TicketPriority_TICKET_PRIORITY_LOW:
		return triage.Low
	case frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH:
		return triage.High
	case frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT:
		return triage.Urgent
	}
	return triage.Normal
}

func ticketPriority(p triage.Priority) frontlinev1.TicketPriority {
	return frontlinev1.TicketPriority(int(p) + 1)
}

// customerText is the subject and the customer's public messages, latest
// last, and the latest customer message.
func customerText(tk *frontlinev1.Ticket, msgs []*frontlinev1.Message) (all, latest string, latestID string) {
	var b strings.Builder
	b.WriteString(tk.GetSubject())
	for _, m := range msgs {
		if m.GetAuthorKind() != frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER || m.GetInternal() {
			continue
		}
		latest, latestID = m.GetBody(), m.GetId()
		if b.Len() < triageTextLimit {
			b.WriteString("\n")
			b.WriteString(m.GetBody())
		}
	}
	all = b.String()
	if r := []rune(all); len(r) > triageTextLimit {
		all = string(r[:triageTextLimit])
	}
	if latest == "" {
		latest = tk.GetSubject()
	}
	return all, latest, latestID
}

// triageTicket triages a ticket after a customer wrote and stores the
// labels. Failures are logged, never returned: triage must not cost a
// customer their message. It returns the stored ticket, or nil.
func (s *Server) triageTicket(ctx context.Context, tenantID, ticketID string) *frontlinev1.Ticket {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), triageTimeout)
	defer cancel()
	tk, err := s.retriage(ctx, tenantID, ticketID)
	if err != nil {
		s.log.Warn("triage failed", "tenant", tenantID, "ticket", ticketID, "err", err)
		return nil
	}
	return tk
}

func (s *Server) retriage(ctx context.Context, tenantID, ticketID string) (*frontlinev1.Ticket, error) {
	tk, err := s.st.Ticket(ctx, tenantID, ticketID)
	if err != nil {
		return nil, err
	}
	msgs, err := s.st.Messages(ctx, tenantID, ticketID)
	if err != nil {
		return nil, err
	}
	all, latest, latestID := customerText(tk, msgs)
	r, err := s.triageText(ctx, tenantID, all, latest, tk)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return s.st.UpdateTicket(ctx, tenantID, ticketID, func(tk *frontlinev1.Ticket) error {
		applyTriage(tk, r, latestID, now)
		return nil
	})
}

// triageText runs the models: category and language on all the customer's
// text, sentiment and priority on the latest message. tk (optional) gives
// the customer's tier and the SLA due time to the priority rules.
func (s *Server) triageText(ctx context.Context, tenantID, all, latest string, tk *frontlinev1.Ticket) (triage.Result, error) {
	// The lock covers building the model and reading it out, not the
	// models' work: the classifier and the sentiment model are safe for
	// concurrent use, so one tenant's messages triage in parallel.
	t := s.triage.tenant(tenantID)
	t.mu.Lock()
	if !t.built {
		if err := s.triage.build(ctx, tenantID, t); err != nil {
			t.mu.Unlock()
			return triage.Result{}, err
		}
	}
	clf, rules, sent, setup := t.clf, t.rules, t.sent, t.sla
	t.mu.Unlock()
	whole := &triage.Triager{}
	if clf != nil {
		whole.Categories = clf
	}
	if d, err := s.copilot.language(); err == nil {
		whole.Language = d
	}
	r, err := whole.Triage(ctx, all)
	if err != nil {
		return triage.Result{}, err
	}
	last := &triage.Triager{Rules: rules, Now: s.now}
	switch {
	case sent != nil:
		last.Sentiment = sent
	case s.bot.sent != nil:
		last.Sentiment = s.bot.sent
	}
	in := triage.Ticket{Text: latest}
	if tk != nil {
		in.Tier = tk.GetCustomer().GetTier()
		if tk.GetCreateTime() != nil {
			in.SLADue = setup.NextDue(tk, s.now())
		}
	}
	lr, err := last.TriageTicket(ctx, in)
	if err != nil {
		return triage.Result{}, err
	}
	r.Sentiment, r.SentimentScore, r.Priority, r.PriorityReasons = lr.Sentiment, lr.SentimentScore, lr.Priority, lr.PriorityReasons
	return r, nil
}

// applyTriage stores r on tk, keeping what agents corrected. The model may
// raise the ticket's priority (never lower it) until an agent set it.
func applyTriage(tk *frontlinev1.Ticket, r triage.Result, messageID string, now time.Time) {
	old := tk.GetTriage()
	tr := &frontlinev1.TicketTriage{
		Category:        scoredLabel(r.Category),
		Priority:        scoredLabel(r.Priority),
		Sentiment:       scoredLabel(r.Sentiment),
		SentimentScore:  r.SentimentScore,
		Language:        scoredLabel(r.Language),
		PriorityReasons: r.PriorityReasons,
		TriageTime:      timestamppb.New(now),
		MessageId:       messageID,
		Corrected:       old.GetCorrected(),
		CorrectedBy:     old.GetCorrectedBy(),
	}
	if desk.Corrected(old, desk.TriageCategory) {
		tr.Category = old.GetCategory()
	}
	if desk.Corrected(old, desk.TriageSentiment) {
		tr.Sentiment, tr.SentimentScore = old.GetSentiment(), old.GetSentimentScore()
	}
	if desk.Corrected(old, desk.TriageLanguage) {
		tr.Language = old.GetLanguage()
	}
	if desk.Corrected(old, desk.TriagePriority) {
		tr.Priority = old.GetPriority()
	} else if p, err := triage.ParsePriority(r.Priority.Label); err == nil && r.Priority.Label != "" {
		if np := ticketPriority(p); np > tk.GetPriority() {
			tk.Priority = np
		}
	}
	tk.Triage = tr
}

func scoredLabel(s triage.Scored) *frontlinev1.ScoredLabel {
	if s.Label == "" {
		return nil
	}
	return &frontlinev1.ScoredLabel{Label: s.Label, Confidence: s.Confidence}
}

// learnCorrection records what an agent's correction of a ticket's
// category or sentiment teaches, and teaches the tenant's models: a new
// category example is learnt at once (an incremental refit); a relabelled
// or cleared one, or a sentiment correction, refits at the next triage.
func (s *Server) learnCorrection(ctx context.Context, tenantID string, tk *frontlinev1.Ticket) {
	tr := tk.GetTriage()
	if !desk.Corrected(tr, desk.TriageCategory) && !desk.Corrected(tr, desk.TriageSentiment) {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), triageTimeout)
	defer cancel()
	if err := s.learn(ctx, tenantID, tk); err != nil {
		s.log.Warn("triage: learning a correction failed", "tenant", tenantID, "ticket", tk.GetId(), "err", err)
	}
}

func (s *Server) learn(ctx context.Context, tenantID string, tk *frontlinev1.Ticket) error {
	tr := tk.GetTriage()
	msgs, err := s.st.Messages(ctx, tenantID, tk.GetId())
	if err != nil {
		return err
	}
	all, latest, latestID := customerText(tk, msgs)
	ex := store.TriageExample{TicketID: tk.GetId(), UpdateTime: s.now()}
	if desk.Corrected(tr, desk.TriageCategory) {
		ex.Text, ex.Category = all, tr.GetCategory().GetLabel()
	}
	if desk.Corrected(tr, desk.TriageSentiment) {
		// The sentiment an agent saw is that of the message triaged last.
		text := latest
		for _, m := range msgs {
			if m.GetId() == tr.GetMessageId() && tr.GetMessageId() != "" {
				text = m.GetBody()
			}
		}
		if latestID == "" && text == "" {
			text = tk.GetSubject()
		}
		ex.SentimentText, ex.Sentiment = text, tr.GetSentiment().GetLabel()
	}
	t := s.triage.tenant(tenantID)
	t.mu.Lock()
	defer t.mu.Unlock()
	if ex.Category == "" && ex.Sentiment == "" {
		if err := s.st.DeleteTriageExample(ctx, tenantID, tk.GetId()); err != nil {
			return err
		}
		t.built = false
		return nil
	}
	if err := s.st.PutTriageExample(ctx, tenantID, ex); err != nil {
		return err
	}
	if ex.Sentiment != "" {
		t.built = false // refit the sentiment layer with it
		return nil
	}
	switch prev, had := t.examples[tk.GetId()]; {
	case !t.built || t.clf == nil:
		// The next triage builds the model with the example.
	case had && prev == ex.Category:
	case had:
		t.built = false // relabelled: refit from the stored examples
	default:
		if err := t.clf.Update(ctx, []classify.Example{{Text: all, Label: ex.Category, Correction: true}}); err != nil {
			return fmt.Errorf("update model: %w", err)
		}
		t.examples[tk.GetId()] = ex.Category
	}
	return nil
}

// tenantCategories returns the tenant's category names.
func (s *Server) tenantCategories(ctx context.Context, tenantID string) ([]string, error) {
	all, err := s.st.Settings(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	return categoryNames(all), nil
}

// triageNew triages a ticket about to be created from its first message,
// so it is stored with its labels in the same write.
func (s *Server) triageNew(ctx context.Context, tenantID string, tk *frontlinev1.Ticket, first *frontlinev1.Message) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), triageTimeout)
	defer cancel()
	all, latest, latestID := customerText(tk, []*frontlinev1.Message{first})
	r, err := s.triageText(ctx, tenantID, all, latest, tk)
	if err != nil {
		s.log.Warn("triage failed", "tenant", tenantID, "err", err)
		return
	}
	applyTriage(tk, r, latestID, s.now())
}

// TriageUntriaged triages every ticket of the tenant that has never been
// triaged (imported, or created before triage existed) and returns how
// many it triaged.
func (s *Server) TriageUntriaged(ctx context.Context, tenantID string) (int, error) {
	var ids []string
	page := store.Page{Size: 200}
	for {
		tks, next, err := s.st.ListTickets(ctx, tenantID, store.TicketFilter{}, page)
		if err != nil {
			return 0, fmt.Errorf("triage untriaged: %w", err)
		}
		for _, tk := range tks {
			if tk.GetTriage().GetTriageTime() == nil {
				ids = append(ids, tk.GetId())
			}
		}
		if next == "" {
			break
		}
		page.Token = next
	}
	for _, id := range ids {
		if _, err := s.retriage(ctx, tenantID, id); err != nil {
			return 0, fmt.Errorf("triage untriaged: %w", err)
		}
	}
	return len(ids), nil
}
