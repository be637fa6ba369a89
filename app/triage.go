package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
	"github.com/frontlinedesk/frontline/internal/assist/copilot"
	"github.com/frontlinedesk/frontline/internal/assist/triage"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/macro"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// This file holds the ticket's triage labels as the inbox and the ticket
// header show them (Ticket.triage, filled by the server's triage worker and
// corrected by agents), the agents' corrections, the macros of the reply
// composer, and the tenant's offline category classifier.

// LabelDTO is one triage label with its confidence in [0,1].
type LabelDTO struct {
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"`
}

// TicketTriageDTO is a ticket's triage.
type TicketTriageDTO struct {
	Category        LabelDTO `json:"category"`
	Priority        LabelDTO `json:"priority"`
	Sentiment       LabelDTO `json:"sentiment"`
	SentimentScore  float64  `json:"sentimentScore"`
	Language        LabelDTO `json:"language"`
	PriorityReasons []string `json:"priorityReasons"`
	TriagedAt       string   `json:"triagedAt"`
	// Corrected names the fields an agent set or confirmed.
	Corrected []string `json:"corrected"`
	// CorrectedBy is who last corrected a label (a name when known).
	CorrectedBy string `json:"correctedBy"`
}

// triageDTO converts a ticket's triage; nil when the ticket has none.
func triageDTO(t *frontlinev1.TicketTriage, names map[string]string) *TicketTriageDTO {
	if t == nil {
		return nil
	}
	l := func(s *frontlinev1.ScoredLabel) LabelDTO {
		return LabelDTO{Label: s.GetLabel(), Confidence: round2(s.GetConfidence())}
	}
	by := t.GetCorrectedBy()
	if n := names[by]; n != "" {
		by = n
	}
	return &TicketTriageDTO{
		Category: l(t.GetCategory()), Priority: l(t.GetPriority()), Sentiment: l(t.GetSentiment()),
		SentimentScore: round2(t.GetSentimentScore()), Language: l(t.GetLanguage()),
		PriorityReasons: nonNil(t.GetPriorityReasons()), TriagedAt: timeString(t.GetTriageTime()),
		Corrected: nonNil(t.GetCorrected()), CorrectedBy: by,
	}
}

// triageFields maps the UI's field names to the sync enum.
var triageFields = map[string]frontlinev1.TriageField{
	fieldCategory:  frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY,
	fieldSentiment: frontlinev1.TriageField_TRIAGE_FIELD_SENTIMENT,
	fieldLanguage:  frontlinev1.TriageField_TRIAGE_FIELD_LANGUAGE,
}

// CorrectTriage sets (or confirms, when value is what the model said) one
// triage label of a ticket: "category" (one of the tenant's categories),
// "priority", "sentiment" (negative, neutral, positive) or "language" (an
// ISO 639-1 code). It is queued in the replica's outbox like every change,
// so it works offline and shows at once as pending; the server keeps it as
// training data for the tenant's classifier.
func (t *Tickets) CorrectTriage(ticketID, field, value string) (TicketDTO, error) {
	field, value = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(value)
	if field == fieldPriority {
		return t.SetPriority(ticketID, value)
	}
	f, ok := triageFields[field]
	if !ok {
		return TicketDTO{}, fieldErr("field", fmt.Sprintf("Unknown triage field %q", field))
	}
	if value == "" {
		return TicketDTO{}, fieldErr("value", "Choose a label first")
	}
	switch field {
	case fieldSentiment:
		value = strings.ToLower(value)
		if value != "negative" && value != "neutral" && value != "positive" {
			return TicketDTO{}, fieldErr("value", "Sentiment is negative, neutral or positive")
		}
	case fieldLanguage:
		value = strings.ToLower(value)
		if !t.app.Copilot.models.knowsLanguage(value) {
			return TicketDTO{}, fieldErr("value", "Unknown language code")
		}
	}
	return t.change("correct triage", ticketID, func(ctx context.Context, r *replica.Replica, cur *frontlinev1.Ticket) error {
		if field == fieldCategory {
			all, err := r.Settings(ctx)
			if err != nil {
				return err
			}
			name, ok := categoryNamed(all, value)
			if !ok {
				return fieldErr("value", "Choose one of your company's categories")
			}
			value = name
		}
		_, err := r.SetTriage(ctx, cur.GetId(), f, value)
		return err
	})
}

// categoryNamed finds a category by name, ignoring case.
func categoryNamed(all []*frontlinev1.Setting, name string) (string, bool) {
	for _, st := range all {
		if c := st.GetCategory(); c != nil && strings.EqualFold(c.GetName(), name) {
			return c.GetName(), true
		}
	}
	return "", false
}

// Macros are the reply composer's canned replies. Bound into the webview.
type Macros struct {
	app *App
}

// AppliedMacroDTO is a macro expanded for one ticket.
type AppliedMacroDTO struct {
	MacroID string `json:"macroId"`
	Title   string `json:"title"`
	// Text is the body with the variables filled in, for the reply box.
	Text string `json:"text"`
	// AddTags were added to the ticket.
	AddTags []string `json:"addTags"`
	// UnknownVars are variables left in Text as written ("{{order.id}}").
	UnknownVars []string `json:"unknownVars"`
	// EmptyVars are variables with nothing to fill in (no customer name).
	EmptyVars []string `json:"emptyVars"`
	// Ticket is the ticket after the tags were added.
	Ticket TicketDTO `json:"ticket"`
}

// List returns the tenant's macros, by title, from the replica.
func (m *Macros) List() ([]MacroDTO, error) {
	a := m.app
	l, _, err := a.state.current()
	if err != nil {
		return nil, a.fail("list macros", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	all, err := settingsOf(ctx, l)
	if err != nil {
		return nil, a.fail("list macros", err)
	}
	out := settingsDTO(all).Macros
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Title) < strings.ToLower(out[j].Title) })
	return out, nil
}

// macroValues are the variables of a ticket for the signed-in agent.
func macroValues(t *frontlinev1.Ticket, cur *SessionDTO) macro.Values {
	return macro.Values{
		CustomerName: t.GetCustomer().GetName(), CustomerEmail: t.GetCustomer().GetEmail(),
		AgentName: cur.User.Name, TicketNumber: t.GetNumber(), TicketSubject: t.GetSubject(),
		CompanyName: cur.Company.Name,
	}
}

// Apply expands a macro for a ticket (customer, ticket, the signed-in
// agent, the company) and adds the macro's tags to the ticket through the
// outbox. The text is only returned: the agent edits and sends it.
func (m *Macros) Apply(ticketID, macroID string) (AppliedMacroDTO, error) {
	a := m.app
	l, cur, err := a.state.current()
	if err != nil {
		return AppliedMacroDTO{}, a.fail("apply macro", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	macroID = strings.TrimSpace(macroID)
	var th *replica.Thread
	var mac *frontlinev1.Setting
	err = l.do(func(r *replica.Replica) error {
		all, err := r.Settings(ctx)
		if err != nil {
			return err
		}
		for _, st := range all {
			if st.GetId() == macroID && st.GetMacro() != nil {
				mac = st
			}
		}
		th, err = r.Ticket(ctx, strings.TrimSpace(ticketID))
		return err
	})
	if err != nil {
		return AppliedMacroDTO{}, a.fail("apply macro", err)
	}
	if mac == nil {
		return AppliedMacroDTO{}, fieldErr("macro", "That macro no longer exists")
	}
	res := macro.Expand(mac.GetMacro().GetBody(), macroValues(th.Ticket, cur))
	out := AppliedMacroDTO{
		MacroID: mac.GetId(), Title: mac.GetMacro().GetTitle(), Text: res.Text,
		AddTags: nonNil(mac.GetMacro().GetAddTags()), UnknownVars: nonNil(res.Unknown), EmptyVars: nonNil(res.Empty),
	}
	missing := slices.DeleteFunc(slices.Clone(out.AddTags), func(tag string) bool { return slices.Contains(th.Ticket.GetTags(), tag) })
	if len(missing) == 0 {
		names, err := a.names(ctx, l)
		if err != nil {
			return AppliedMacroDTO{}, a.fail("apply macro", err)
		}
		out.Ticket = viewDTO(th.TicketView, names)
		return out, nil
	}
	cancel()
	tk, err := a.Tickets.UpdateTags(th.Ticket.GetId(), missing, nil)
	if err != nil {
		return AppliedMacroDTO{}, err
	}
	out.Ticket = tk
	return out, nil
}

// tenantModel is the offline category classifier of one session, trained
// on the tenant's categories (cold start) and the tickets agents labelled;
// it is rebuilt when either changes (version is their hash).
type tenantModel struct {
	mu      sync.Mutex
	version string
	clf     *classify.Classifier
	texts   map[string]string // ticket id -> subject + first customer message
}

// settingsModel is what triage takes from the tenant's settings.
type settingsModel struct {
	categories []classify.Category
	rules      triage.Rules
	ownRules   bool // the admin set rules (else the desk's built-in ones)
	macros     []*frontlinev1.Setting
}

func readSettingsModel(all []*frontlinev1.Setting) settingsModel {
	sm := settingsModel{rules: desktopRules}
	for _, st := range all {
		switch {
		case st.GetCategory() != nil:
			c := st.GetCategory()
			sm.categories = append(sm.categories, classify.Category{Name: c.GetName(), Description: c.GetDescription(), Examples: c.GetExamples()})
		case st.GetMacro() != nil:
			sm.macros = append(sm.macros, st)
		case st.GetPriorityRules() != nil:
			sm.rules, sm.ownRules = rulesOf(st.GetPriorityRules()), true
		}
	}
	sort.Slice(sm.categories, func(i, j int) bool { return sm.categories[i].Name < sm.categories[j].Name })
	return sm
}

// triagePriority converts a ticket priority; unspecified is Normal.
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

// rulesOf converts the admin's priority rules.
func rulesOf(p *frontlinev1.PriorityRules) triage.Rules {
	r := triage.Rules{NegativeBelow: p.GetNegativeBelow()}
	if p.GetNegativeBelow() < 0 && p.GetNegativePriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED {
		r.NegativePriority = triagePriority(p.GetNegativePriority())
	}
	for _, k := range p.GetKeywordRules() {
		r.Keywords = append(r.Keywords, triage.KeywordRule{Words: k.GetWords(), Priority: triagePriority(k.GetPriority())})
	}
	for _, t := range p.GetTierRules() {
		if r.Tiers == nil {
			r.Tiers = map[string]triage.Priority{}
		}
		r.Tiers[strings.ToLower(t.GetTier())] = triagePriority(t.GetPriority())
	}
	return r
}

// correctedCategory reports a ticket's category as an agent set it.
func correctedCategory(t *frontlinev1.Ticket) (string, bool) {
	tr := t.GetTriage()
	if tr == nil || !slices.Contains(tr.GetCorrected(), fieldCategory) || tr.GetCategory().GetLabel() == "" {
		return "", false
	}
	return tr.GetCategory().GetLabel(), true
}

// firstCustomerText is a ticket's subject and first customer message, the
// text a category is learned from.
func firstCustomerText(th *replica.Thread) string {
	for _, mv := range th.Messages {
		m := mv.Message
		if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER && !m.GetInternal() && strings.TrimSpace(m.GetBody()) != "" {
			return strings.TrimSpace(th.Ticket.GetSubject() + "\n" + excerpt(m.GetBody(), maxExampleText))
		}
	}
	return th.Ticket.GetSubject()
}

// classifier returns the session's category classifier, retrained when the
// categories or the labelled tickets changed; nil when the tenant has no
// categories.
func (s *sessionModels) classifier(ctx context.Context, cats []classify.Category) (*classify.Classifier, int, error) {
	if len(cats) == 0 {
		return nil, 0, nil
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c.Name] = true
	}
	type labelled struct{ id, label string }
	var labels []labelled
	err := s.l.do(func(r *replica.Replica) error {
		views, err := r.ListTickets(ctx, replica.Filter{})
		if err != nil {
			return err
		}
		for _, v := range views {
			if lab, ok := correctedCategory(v.Ticket); ok && known[lab] {
				labels = append(labels, labelled{v.Ticket.GetId(), lab})
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].id < labels[j].id })
	h := sha256.New()
	for _, c := range cats {
		fmt.Fprintf(h, "c\x00%s\x00%s\x00%q\n", c.Name, c.Description, c.Examples)
	}
	for _, lb := range labels {
		fmt.Fprintf(h, "t\x00%s\x00%s\n", lb.id, lb.label)
	}
	version := hex.EncodeToString(h.Sum(nil))

	m := &s.model
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.clf != nil && m.version == version {
		return m.clf, len(labels), nil
	}
	if m.texts == nil {
		m.texts = map[string]string{}
	}
	var ex []classify.Example
	err = s.l.do(func(r *replica.Replica) error {
		for _, lb := range labels {
			text, ok := m.texts[lb.id]
			if !ok {
				th, err := r.Ticket(ctx, lb.id)
				if err != nil {
					return err
				}
				text = firstCustomerText(th)
				m.texts[lb.id] = text
			}
			ex = append(ex, classify.Example{Text: text, Label: lb.label, Correction: true})
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	clf := classify.New(cats, classify.Options{Workers: 1})
	if err := clf.Train(ctx, ex); err != nil {
		return nil, 0, fmt.Errorf("train the category classifier: %w", err)
	}
	m.clf, m.version = clf, version
	return clf, len(labels), nil
}

// draftMacros are the macros an offline draft may use, expanded for the
// ticket: those of the ticket's category when there are any (sameCategory),
// else all of them.
func draftMacros(all []*frontlinev1.Setting, t *frontlinev1.Ticket, category string, cur *SessionDTO) (ms []copilot.Macro, sameCategory bool) {
	var same, every []copilot.Macro
	for _, st := range all {
		m := st.GetMacro()
		if m == nil {
			continue
		}
		cm := copilot.Macro{Name: m.GetTitle(), Body: macro.Expand(m.GetBody(), macroValues(t, cur)).Text}
		every = append(every, cm)
		if category != "" && strings.EqualFold(m.GetCategory(), category) {
			same = append(same, cm)
		}
	}
	if len(same) > 0 {
		return same, true
	}
	return every, false
}

// ticketCategory is the ticket's category: as triaged (or corrected) on
// the server, else as the offline classifier predicts it.
func (c *Copilot) ticketCategory(ctx context.Context, l *local, th *replica.Thread) string {
	if cat := th.Ticket.GetTriage().GetCategory().GetLabel(); cat != "" {
		return cat
	}
	tr, err := c.triageThread(ctx, l, th)
	if err != nil {
		c.app.log.Info("copilot: no category for the draft", "err", err)
		return ""
	}
	return tr.Category.Label
}

// withMacro puts a macro's body into an offline draft: after the greeting
// when the draft has passages, else as the whole draft. A macro that greets
// the customer itself is a whole reply and becomes the draft on its own
// (keepPassages false: the passages are no longer in the text).
func withMacro(draft string, t *frontlinev1.Ticket, m copilot.Macro, hasPassages bool) (text string, keepPassages bool) {
	body := strings.TrimSpace(m.Body)
	greeting := "Hi,"
	if f := strings.Fields(t.GetCustomer().GetName()); len(f) > 0 {
		greeting = "Hi " + f[0] + ","
	}
	greets := strings.HasPrefix(strings.ToLower(body), "hi ") || strings.HasPrefix(strings.ToLower(body), "hello")
	if greets {
		return body, false
	}
	if !hasPassages {
		return greeting + "\n\n" + body, false
	}
	rest := draft
	if strings.HasPrefix(draft, "Hi") {
		if i := strings.Index(draft, "\n\n"); i >= 0 {
			rest = draft[i+2:]
		}
	}
	return greeting + "\n\n" + body + "\n\n" + rest, true
}
