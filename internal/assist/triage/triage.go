// Package triage combines the offline models (category, sentiment,
// language) and the tenant's priority rules into one Triage call per
// ticket or customer message. The models are interfaces, so the server,
// the desktop app and tests can plug in what they have.
package triage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
	"github.com/frontlinedesk/frontline/internal/assist/language"
	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
)

// Categorizer predicts a ticket category; *classify.Classifier implements it.
type Categorizer interface {
	Predict(text string) (classify.Prediction, error)
}

// SentimentModel scores sentiment; *sentiment.Model implements it.
type SentimentModel interface {
	Analyze(text string) sentiment.Result
}

// LanguageDetector detects the language; *language.Detector implements it.
type LanguageDetector interface {
	Detect(text string) language.Result
}

// Priority is a ticket priority, ordered.
type Priority int

// The priorities.
const (
	Low Priority = iota
	Normal
	High
	Urgent
)

var priorityNames = []string{"low", "normal", "high", "urgent"}

func (p Priority) String() string {
	if p >= Low && p <= Urgent {
		return priorityNames[p]
	}
	return fmt.Sprintf("priority(%d)", int(p))
}

// ParsePriority parses a priority name.
func ParsePriority(s string) (Priority, error) {
	for i, n := range priorityNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Priority(i), nil
		}
	}
	return Normal, fmt.Errorf("triage: unknown priority %q", s)
}

// KeywordRule sets a priority when the text contains any of Words (whole
// words or phrases, case- and accent-insensitive).
type KeywordRule struct {
	Words    []string
	Priority Priority
}

// Rules are the admin's priority rules. Each rule that matches proposes a
// priority; the result is the highest proposal, or the model's priority if
// that is higher. With no match and no model the priority is Normal.
type Rules struct {
	Keywords []KeywordRule
	// Tiers maps a customer tier ("gold", "enterprise") to a minimum priority.
	Tiers map[string]Priority
	// NegativeBelow: a sentiment score at or below it proposes NegativePriority
	// (disabled when NegativePriority is Low).
	NegativeBelow    float64
	NegativePriority Priority
	// SLA: a ticket whose first-response deadline is within SLAWindow (or
	// past) proposes SLAPriority (disabled when SLAWindow is 0).
	SLAWindow   time.Duration
	SLAPriority Priority
}

// Ticket is the input of TriageTicket.
type Ticket struct {
	Text   string    // subject and first message, or the new customer message
	Tier   string    // customer tier, if any
	SLADue time.Time // first-response deadline; zero: none
}

// Scored is a label with its confidence in [0,1].
type Scored struct {
	Label      string
	Confidence float64
}

// Result is the triage of one text.
type Result struct {
	Category       Scored
	Priority       Scored
	Sentiment      Scored
	SentimentScore float64 // in [-1,1]
	Language       Scored
	// PriorityReasons says which rules set the priority (for the agent UI).
	PriorityReasons []string
}

// Triager runs triage. Nil models are skipped (their fields stay empty).
type Triager struct {
	Categories Categorizer
	Priorities Categorizer // optional model over priority names
	Sentiment  SentimentModel
	Language   LanguageDetector
	Rules      Rules
	Now        func() time.Time // default time.Now
}

// ErrEmpty is returned for a text without content.
var ErrEmpty = errors.New("triage: empty text")

// Triage triages text with no tier or SLA information.
func (t *Triager) Triage(ctx context.Context, text string) (Result, error) {
	return t.TriageTicket(ctx, Ticket{Text: text})
}

// TriageTicket triages a ticket.
func (t *Triager) TriageTicket(ctx context.Context, tk Ticket) (Result, error) {
	if strings.TrimSpace(tk.Text) == "" {
		return Result{}, ErrEmpty
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	var r Result
	if t.Categories != nil {
		p, err := t.Categories.Predict(tk.Text)
		switch {
		case errors.Is(err, classify.ErrNoExamples):
			// an untrained tenant: no category yet
		case err != nil:
			return Result{}, fmt.Errorf("triage: category: %w", err)
		default:
			r.Category = Scored{Label: p.Label, Confidence: p.Confidence}
		}
	}
	if t.Sentiment != nil {
		s := t.Sentiment.Analyze(tk.Text)
		r.Sentiment = Scored{Label: string(s.Label), Confidence: s.Confidence}
		r.SentimentScore = s.Score
	}
	if t.Language != nil {
		l := t.Language.Detect(tk.Text)
		r.Language = Scored{Label: l.Code, Confidence: l.Confidence}
	}
	pr, err := t.priority(tk, r)
	if err != nil {
		return Result{}, err
	}
	r.Priority, r.PriorityReasons = pr.Scored, pr.reasons
	return r, nil
}

type priorityResult struct {
	Scored
	reasons []string
}

func (t *Triager) priority(tk Ticket, r Result) (priorityResult, error) {
	best, conf := Normal, 0.5
	var reasons []string
	modelSet := false
	if t.Priorities != nil {
		p, err := t.Priorities.Predict(tk.Text)
		if err != nil && !errors.Is(err, classify.ErrNoExamples) {
			return priorityResult{}, fmt.Errorf("triage: priority: %w", err)
		}
		if err == nil {
			if mp, perr := ParsePriority(p.Label); perr == nil {
				best, conf, modelSet = mp, p.Confidence, true
				reasons = append(reasons, "model")
			}
		}
	}
	propose := func(p Priority, why string) {
		switch {
		case p > best || (!modelSet && len(reasons) == 0 && p != best):
			best, conf, reasons = p, 1, []string{why}
		case p == best:
			conf = 1
			reasons = append(reasons, why)
		}
	}
	ru := t.Rules
	words := " " + strings.Join(fields(tk.Text), " ") + " "
	for _, k := range ru.Keywords {
		for _, w := range k.Words {
			if f := fields(w); len(f) > 0 && strings.Contains(words, " "+strings.Join(f, " ")+" ") {
				propose(k.Priority, "keyword:"+strings.Join(f, " "))
				break
			}
		}
	}
	if p, ok := ru.Tiers[strings.ToLower(strings.TrimSpace(tk.Tier))]; ok && tk.Tier != "" {
		propose(p, "tier:"+strings.ToLower(tk.Tier))
	}
	if ru.NegativePriority > Low && r.Sentiment.Label != "" && r.SentimentScore <= ru.NegativeBelow {
		propose(ru.NegativePriority, "sentiment")
	}
	if ru.SLAWindow > 0 && !tk.SLADue.IsZero() {
		now := time.Now
		if t.Now != nil {
			now = t.Now
		}
		if tk.SLADue.Sub(now()) <= ru.SLAWindow {
			propose(ru.SLAPriority, "sla")
		}
	}
	return priorityResult{Scored: Scored{Label: best.String(), Confidence: conf}, reasons: reasons}, nil
}

// fields lower-cases, strips accents of common Latin letters and splits
// into words.
func fields(s string) []string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("á", "a", "à", "a", "â", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e", "í", "i", "î", "i",
		"ï", "i", "ó", "o", "ô", "o", "ö", "o", "ú", "u", "ù", "u", "û", "u", "ü", "u", "ñ", "n", "ç", "c", "ß", "ss").Replace(s)
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}
