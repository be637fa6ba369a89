package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/frontlinedesk/frontline/internal/assist/language"
	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	"github.com/frontlinedesk/frontline/internal/assist/triage"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/search/kb"
	"github.com/frontlinedesk/frontline/internal/search/lexical"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// This file holds what the copilot computes on this computer: the triage
// models, the training examples the agent gives (corrections), the
// knowledge-base index over the replica's articles and the similar-ticket
// search over its resolved tickets.

// Triage fields an agent can accept or correct.
const (
	fieldCategory  = "category"
	fieldPriority  = "priority"
	fieldSentiment = "sentiment"
	fieldLanguage  = "language"
)

// Notes the triage shows.
const (
	noteNoCategories   = "No category yet: your company has no category list (admins will set one up), so this is left empty"
	noteRulesPriority  = "Priority comes from the desk's built-in rules (urgent words, an angry customer); your company has no priority rules of its own yet"
	noteOwnRules       = "Priority follows your company's priority rules"
	noteCategoryModel  = "Category learned on this computer from your company's categories and %d ticket(s) agents labelled"
	noteSentimentRules = "Sentiment uses the lexicon rules only (the labelled sentences are not installed)"
	noteNoSentiment    = "No sentiment model on this computer (start the desk with -models)"
	noteNoLanguage     = "Language detection is unavailable"
)

const (
	maxTriageText   = 4000 // characters of customer text triaged
	maxExampleText  = 2000 // characters of text kept with a training example
	examplesFile    = "copilot-examples.json"
	maxResolvedDocs = 1000 // resolved tickets compared for similar tickets
)

// desktopRules are the priority rules the desk applies until the tenant's
// own rules reach the desktop.
var desktopRules = triage.Rules{
	Keywords: []triage.KeywordRule{
		{Priority: triage.Urgent, Words: []string{"urgent", "asap", "emergency", "injured", "injury", "accident", "fraud", "outage", "immediately"}},
		{Priority: triage.High, Words: []string{"refund", "broken", "not working", "stopped working", "charged twice", "cancel", "complaint", "lawyer", "dangerous", "unsafe"}},
	},
	NegativeBelow:    -0.6,
	NegativePriority: triage.High,
}

// copilotModels are the offline models shared by every session.
type copilotModels struct {
	dir string
	log *slog.Logger

	langOnce sync.Once
	lang     *language.Detector
	langErr  error
}

func newCopilotModels(dir string, log *slog.Logger) *copilotModels {
	return &copilotModels{dir: dir, log: log}
}

func (m *copilotModels) language() (*language.Detector, error) {
	m.langOnce.Do(func() { m.lang, m.langErr = language.New() })
	return m.lang, m.langErr
}

func (m *copilotModels) knowsLanguage(code string) bool {
	d, err := m.language()
	return err == nil && slices.Contains(d.Languages(), code)
}

// loadSentiment returns a fresh sentiment model: trained on the labelled
// sentences when they are installed, else rules over the lexicon, else nil;
// note says what is missing.
func (m *copilotModels) loadSentiment() (model *sentiment.Model, trained bool, note string) {
	if m.dir == "" {
		return nil, false, noteNoSentiment
	}
	if _, err := os.Stat(filepath.Join(m.dir, sentiment.LexiconFile)); err != nil {
		return nil, false, noteNoSentiment
	}
	if s, err := sentiment.LoadTrained(m.dir); err == nil {
		return s, true, ""
	} else {
		m.log.Info("copilot: no trained sentiment model; using the lexicon rules", "err", err)
	}
	s, err := sentiment.Load(m.dir)
	if err != nil {
		m.log.Warn("copilot: sentiment lexicon unreadable", "err", err)
		return nil, false, noteNoSentiment
	}
	return s, false, noteSentimentRules
}

// sessionModels is the copilot's per-session state: the sentiment model
// (which learns from this account's corrections), the corrections, the KB
// index and the similar-ticket cache.
type sessionModels struct {
	l *local

	sentOnce    sync.Once
	sent        *sentiment.Model
	sentTrained bool
	sentNote    string

	fbOnce sync.Once
	fb     *feedbackStore
	fbErr  error

	kbMu  sync.Mutex
	kb    *kb.Index
	kbIDs map[string]int64 // article id -> revision given to kb

	simMu sync.Mutex
	sim   map[string]*resolvedDoc

	model tenantModel // the tenant's category classifier (triage.go)
}

// session returns the state for l, starting afresh when the session changed.
func (c *Copilot) session(l *local) *sessionModels {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil || c.cur.l != l {
		c.cur = &sessionModels{l: l, sim: map[string]*resolvedDoc{}}
	}
	return c.cur
}

func (s *sessionModels) sentiment(m *copilotModels) (*sentiment.Model, bool, string) {
	s.sentOnce.Do(func() {
		s.sent, s.sentTrained, s.sentNote = m.loadSentiment()
		if s.sent == nil || !s.sentTrained {
			return
		}
		fb, err := s.feedback()
		if err != nil {
			return
		}
		if ex := fb.sentimentExamples(); len(ex) > 0 {
			if err := s.sent.Update(ex); err != nil {
				m.log.Warn("copilot: learn stored sentiment corrections", "err", err)
			}
		}
	})
	return s.sent, s.sentTrained, s.sentNote
}

func (s *sessionModels) feedback() (*feedbackStore, error) {
	s.fbOnce.Do(func() {
		path := ""
		if s.l.dir != "" {
			path = filepath.Join(s.l.dir, examplesFile)
		}
		s.fb, s.fbErr = openFeedback(path)
	})
	return s.fb, s.fbErr
}

// triageText is the customer's side of a ticket: its subject and public
// customer messages, newest last, cut to maxTriageText characters.
func triageText(th *replica.Thread) string {
	parts := []string{th.Ticket.GetSubject()}
	for _, mv := range th.Messages {
		m := mv.Message
		if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER && !m.GetInternal() {
			parts = append(parts, m.GetBody())
		}
	}
	text := strings.TrimSpace(strings.Join(parts, "\n"))
	if r := []rune(text); len(r) > maxTriageText {
		text = string(r[len(r)-maxTriageText:])
	}
	return text
}

// triageThread runs the offline triage of a thread.
func (c *Copilot) triageThread(ctx context.Context, l *local, th *replica.Thread) (TriageDTO, error) {
	s := c.session(l)
	m := c.models
	out := TriageDTO{
		TicketID: th.Ticket.GetId(), CurrentPriority: priorityString(th.Ticket.GetPriority()),
		Mode: ModeOffline, PriorityReasons: []string{}, Notes: []string{}, Languages: []string{},
	}
	var all []*frontlinev1.Setting
	if err := l.do(func(r *replica.Replica) error { var err error; all, err = r.Settings(ctx); return err }); err != nil {
		return TriageDTO{}, fmt.Errorf("read settings: %w", err)
	}
	sm := readSettingsModel(all)
	tr := &triage.Triager{Rules: sm.rules}
	clf, labelled, err := s.classifier(ctx, sm.categories)
	if err != nil {
		return TriageDTO{}, err
	}
	if clf != nil {
		tr.Categories = clf
		out.Notes = append(out.Notes, fmt.Sprintf(noteCategoryModel, labelled))
	} else {
		out.Notes = append(out.Notes, noteNoCategories)
	}
	if sent, _, note := s.sentiment(m); sent != nil {
		tr.Sentiment = sent
		if note != "" {
			out.Notes = append(out.Notes, note)
		}
	} else {
		out.Notes = append(out.Notes, note)
	}
	d, err := m.language()
	if err == nil {
		tr.Language = d
		out.Languages = d.Languages()
	} else {
		m.log.Warn("copilot: language detector", "err", err)
		out.Notes = append(out.Notes, noteNoLanguage)
	}
	if sm.ownRules {
		out.Notes = append(out.Notes, noteOwnRules)
	} else {
		out.Notes = append(out.Notes, noteRulesPriority)
	}
	r, err := tr.TriageTicket(ctx, triage.Ticket{Text: triageText(th), Tier: strings.ToLower(th.Ticket.GetCustomer().GetTier())})
	if err != nil {
		return TriageDTO{}, fmt.Errorf("triage ticket %s: %w", th.Ticket.GetId(), err)
	}
	sc := func(s triage.Scored) ScoredDTO { return ScoredDTO{Label: s.Label, Confidence: round2(s.Confidence)} }
	out.Category, out.Priority, out.Sentiment, out.Language = sc(r.Category), sc(r.Priority), sc(r.Sentiment), sc(r.Language)
	out.SentimentScore = round2(r.SentimentScore)
	if r.PriorityReasons != nil {
		out.PriorityReasons = r.PriorityReasons
	}
	if d != nil && r.Language.Label != "" {
		out.LanguageName = d.Detect(triageText(th)).Name
	}
	return out, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func predictedLabel(t TriageDTO, field string) string {
	switch field {
	case fieldCategory:
		return t.Category.Label
	case fieldPriority:
		return t.Priority.Label
	case fieldSentiment:
		return t.Sentiment.Label
	case fieldLanguage:
		return t.Language.Label
	}
	return ""
}

// Example is one accepted or corrected triage label, kept on this computer
// as training data until the server stores them.
type Example struct {
	TicketID  string `json:"ticketId"`
	Field     string `json:"field"`
	Label     string `json:"label"`
	Predicted string `json:"predicted"`
	Accepted  bool   `json:"accepted"`
	Text      string `json:"text"`
	At        string `json:"at"`
}

// feedbackStore keeps the examples of one account in a small JSON file in
// its replica directory (in memory when the replica is).
type feedbackStore struct {
	path string
	mu   sync.Mutex
	ex   []Example
}

func openFeedback(path string) (*feedbackStore, error) {
	fs0 := &feedbackStore{path: path}
	if path == "" {
		return fs0, nil
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fs0, nil
	case err != nil:
		return nil, fmt.Errorf("read training examples: %w", err)
	}
	if err := json.Unmarshal(b, &fs0.ex); err != nil {
		return nil, fmt.Errorf("decode training examples %s: %w", path, err)
	}
	return fs0, nil
}

// add records ex, replacing an earlier example of the same ticket and
// field, and returns how many examples are kept.
func (f *feedbackStore) add(ex Example) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	next := slices.DeleteFunc(slices.Clone(f.ex), func(e Example) bool { return e.TicketID == ex.TicketID && e.Field == ex.Field })
	next = append(next, ex)
	if f.path != "" {
		b, err := json.MarshalIndent(next, "", "  ")
		if err != nil {
			return 0, fmt.Errorf("encode training examples: %w", err)
		}
		tmp := f.path + ".tmp"
		if err := os.WriteFile(tmp, b, 0o600); err != nil {
			return 0, fmt.Errorf("write training examples: %w", err)
		}
		if err := os.Rename(tmp, f.path); err != nil {
			return 0, fmt.Errorf("write training examples: %w", err)
		}
	}
	f.ex = next
	return len(f.ex), nil
}

// apply marks the labels the agent already accepted or corrected.
func (f *feedbackStore) apply(t *TriageDTO) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.ex {
		if e.TicketID != t.TicketID {
			continue
		}
		var s *ScoredDTO
		switch e.Field {
		case fieldCategory:
			s = &t.Category
		case fieldPriority:
			s = &t.Priority
		case fieldSentiment:
			s = &t.Sentiment
		case fieldLanguage:
			s = &t.Language
		default:
			continue
		}
		if e.Accepted && e.Label == s.Label {
			s.Accepted = true
		} else if !e.Accepted {
			s.Corrected = e.Label
		}
	}
}

func (f *feedbackStore) sentimentExamples() []sentiment.Example {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []sentiment.Example
	for _, e := range f.ex {
		if e.Field == fieldSentiment && e.Text != "" {
			out = append(out, sentiment.Example{Text: e.Text, Label: sentiment.Label(e.Label)})
		}
	}
	return out
}

// learnSentiment teaches the session's sentiment model one example (only
// a model with a learned layer; the lexicon rules do not learn).
func (s *sessionModels) learnSentiment(m *copilotModels, ex Example) {
	sent, trained, _ := s.sentiment(m)
	if sent == nil || !trained {
		return
	}
	if err := sent.Update([]sentiment.Example{{Text: ex.Text, Label: sentiment.Label(ex.Label)}}); err != nil {
		m.log.Warn("copilot: learn a sentiment correction", "err", err)
	}
}

// kbSearcher searches the knowledge base (*kb.Index).
type kbSearcher interface {
	Search(ctx context.Context, query string, k int) (kb.Result, error)
	Mode() string
}

// kbIndex returns a KB index over the replica's articles with the set of
// published article ids (a draft reply cites only those). It is the search
// palette's index (search.go, hybrid when the encoder is installed) once
// that is built, else the copilot's own lexical one, brought up to date
// with the replica here (unchanged revisions are skipped).
func (c *Copilot) kbIndex(ctx context.Context, l *local) (kbSearcher, map[string]bool, error) {
	var arts []*frontlinev1.Article
	err := l.do(func(r *replica.Replica) error {
		var err error
		arts, err = r.Articles(ctx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	published := map[string]bool{}
	for _, a := range arts {
		if a.GetStatus() == frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED {
			published[a.GetId()] = true
		}
	}
	if ix := c.sharedKB(l); ix != nil {
		return ix, published, nil
	}
	s := c.session(l)
	s.kbMu.Lock()
	defer s.kbMu.Unlock()
	if s.kb == nil {
		ix, err := kb.New(nil)
		if err != nil {
			return nil, nil, err
		}
		s.kb = ix
		s.kbIDs = map[string]int64{}
	}
	seen := map[string]bool{}
	for _, a := range arts {
		seen[a.GetId()] = true
		if rev, ok := s.kbIDs[a.GetId()]; ok && rev == a.GetRevision() {
			continue
		}
		err := s.kb.Put(kb.Article{
			ID: a.GetId(), Title: a.GetTitle(), Body: a.GetBody(), Revision: a.GetRevision(),
			Published: published[a.GetId()],
		})
		if err != nil {
			return nil, nil, fmt.Errorf("index article %s: %w", a.GetId(), err)
		}
		s.kbIDs[a.GetId()] = a.GetRevision()
	}
	for id := range s.kbIDs {
		if !seen[id] {
			s.kb.Delete(id)
			delete(s.kbIDs, id)
		}
	}
	return s.kb, published, nil
}

// sharedKB is the search palette's KB index of l's replica once its first
// build is done; nil before (the copilot then uses its own).
func (c *Copilot) sharedKB(l *local) kbSearcher {
	if c.app.Search == nil {
		return nil
	}
	ix := c.app.Search.indexFor(l)
	if ix == nil {
		return nil
	}
	ix.mu.Lock()
	ready := ix.ready
	ix.mu.Unlock()
	if !ready || ix.kb == nil {
		return nil
	}
	return ix.kb
}

// resolvedDoc is a resolved or closed ticket prepared for comparison.
type resolvedDoc struct {
	ticket       *frontlinev1.Ticket
	updated      string
	tf           map[string]float64
	resolution   string
	resolverID   string
	resolverName string
}

type similarHit struct {
	doc   *resolvedDoc
	score float64
}

var simAnalyzer = lexical.Analyzer{Stem: true}

func termFreq(text string) map[string]float64 {
	tf := map[string]float64{}
	for _, t := range simAnalyzer.Terms(text) {
		if len([]rune(t)) > 1 {
			tf[t]++
		}
	}
	return tf
}

// similar ranks the replica's resolved and closed tickets by TF-IDF cosine
// similarity with th's customer text; th itself is never returned.
func (c *Copilot) similar(ctx context.Context, l *local, th *replica.Thread, k int) ([]similarHit, error) {
	s := c.session(l)
	var docs []*resolvedDoc
	err := l.do(func(r *replica.Replica) error {
		views, err := r.ListTickets(ctx, replica.Filter{Statuses: doneStatuses, Limit: maxResolvedDocs})
		if err != nil {
			return err
		}
		s.simMu.Lock()
		defer s.simMu.Unlock()
		live := map[string]bool{}
		for _, v := range views {
			t := v.Ticket
			live[t.GetId()] = true
			if t.GetId() == th.Ticket.GetId() {
				continue
			}
			upd := timeString(t.GetUpdateTime()) + "/" + fmt.Sprint(t.GetMessageCount(), t.GetStatus())
			d := s.sim[t.GetId()]
			if d == nil || d.updated != upd {
				full, err := r.Ticket(ctx, t.GetId())
				if err != nil {
					return err
				}
				d = &resolvedDoc{ticket: full.Ticket, updated: upd, tf: termFreq(triageText(full))}
				for i := len(full.Messages) - 1; i >= 0; i-- {
					m := full.Messages[i].Message
					if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_AGENT && !m.GetInternal() && strings.TrimSpace(m.GetBody()) != "" {
						d.resolution, d.resolverID = excerpt(m.GetBody(), 240), m.GetAuthorId()
						break
					}
				}
				if d.resolution == "" {
					d.resolution = "Resolved without a public agent reply"
				}
				s.sim[t.GetId()] = d
			}
			docs = append(docs, d)
		}
		for id := range s.sim {
			if !live[id] {
				delete(s.sim, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	q := termFreq(triageText(th))
	if len(q) == 0 || len(docs) == 0 {
		return nil, nil
	}
	df := map[string]int{}
	for _, d := range docs {
		for t := range d.tf {
			df[t]++
		}
	}
	n := float64(len(docs) + 1)
	idf := func(t string) float64 { return math.Log(1 + n/float64(df[t]+1)) }
	weigh := func(tf map[string]float64) (map[string]float64, float64) {
		w, norm := map[string]float64{}, 0.0
		for t, f := range tf {
			x := (1 + math.Log(f)) * idf(t)
			w[t], norm = x, norm+x*x
		}
		return w, math.Sqrt(norm)
	}
	qw, qn := weigh(q)
	var hits []similarHit
	for _, d := range docs {
		dw, dn := weigh(d.tf)
		if dn == 0 || qn == 0 {
			continue
		}
		dot := 0.0
		for t, x := range qw {
			dot += x * dw[t]
		}
		if sc := dot / (qn * dn); sc >= minSimilarity {
			hits = append(hits, similarHit{doc: d, score: round2(sc)})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].doc.ticket.GetNumber() > hits[j].doc.ticket.GetNumber()
	})
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits, nil
}

// minSimilarity is the cosine below which a resolved ticket is not shown.
const minSimilarity = 0.08
