package triage

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
	"github.com/frontlinedesk/frontline/internal/assist/language"
	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
)

// keywordModel is a tiny Categorizer: the first label whose keyword occurs wins.
type keywordModel struct {
	labels, keys []string
	err          error
}

func (k keywordModel) Predict(text string) (classify.Prediction, error) {
	if k.err != nil {
		return classify.Prediction{}, k.err
	}
	for i, key := range k.keys {
		if strings.Contains(strings.ToLower(text), key) {
			return classify.Prediction{Label: k.labels[i], Confidence: 0.8}, nil
		}
	}
	return classify.Prediction{Label: k.labels[len(k.labels)-1], Confidence: 0.4}, nil
}

func newTriager(t *testing.T) *Triager {
	t.Helper()
	det, err := language.New()
	if err != nil {
		t.Fatal(err)
	}
	return &Triager{
		Categories: keywordModel{labels: []string{"billing", "repairs", "other"}, keys: []string{"refund", "brake", ""}},
		Sentiment:  sentiment.New(sentiment.Lexicon{"terrible": -3.1, "angry": -2.7, "great": 3.1, "love": 3.2, "broken": -2.0}),
		Language:   det,
		Rules: Rules{
			Keywords:         []KeywordRule{{Words: []string{"lawyer", "chargeback", "dringend"}, Priority: Urgent}, {Words: []string{"newsletter"}, Priority: Low}},
			Tiers:            map[string]Priority{"gold": High},
			NegativeBelow:    -0.5,
			NegativePriority: High,
			SLAWindow:        time.Hour,
			SLAPriority:      Urgent,
		},
		Now: func() time.Time { return time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) },
	}
}

func TestTriager_TriageTicket(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name         string
		tk           Ticket
		wantCategory string
		wantPriority string
		wantReasons  []string
		wantSent     string
		wantLang     string
	}{
		{name: "plain", tk: Ticket{Text: "My front brake squeaks when I ride in the rain, what can I do about it?"},
			wantCategory: "repairs", wantPriority: "normal", wantSent: "neutral", wantLang: "en"},
		{name: "angry_customer", tk: Ticket{Text: "This is terrible, I am so angry, the bike arrived broken and nobody answers!"},
			wantCategory: "other", wantPriority: "high", wantReasons: []string{"sentiment"}, wantSent: "negative", wantLang: "en"},
		{name: "keyword_urgent_german", tk: Ticket{Text: "Dringend: ich möchte eine Rückerstattung für meine Bestellung, bitte antworten Sie mir."},
			wantCategory: "other", wantPriority: "urgent", wantReasons: []string{"keyword:dringend"}, wantSent: "neutral", wantLang: "de"},
		{name: "gold_tier", tk: Ticket{Text: "I would like a refund for my order please, it was the wrong size.", Tier: "Gold"},
			wantCategory: "billing", wantPriority: "high", wantReasons: []string{"tier:gold"}, wantSent: "neutral", wantLang: "en"},
		{name: "sla_due", tk: Ticket{Text: "I would like a refund for my order please, it was the wrong size.", SLADue: now.Add(30 * time.Minute)},
			wantCategory: "billing", wantPriority: "urgent", wantReasons: []string{"sla"}, wantSent: "neutral", wantLang: "en"},
		{name: "sla_far", tk: Ticket{Text: "I would like a refund for my order please, it was the wrong size.", SLADue: now.Add(5 * time.Hour)},
			wantCategory: "billing", wantPriority: "normal", wantSent: "neutral", wantLang: "en"},
		{name: "low_keyword", tk: Ticket{Text: "Please remove me from the newsletter, thank you very much for your help."},
			wantCategory: "other", wantPriority: "low", wantReasons: []string{"keyword:newsletter"}, wantSent: "neutral", wantLang: "en"},
		{name: "highest_rule_wins", tk: Ticket{Text: "Remove me from the newsletter or I call my lawyer and do a chargeback", Tier: "gold"},
			wantCategory: "other", wantPriority: "urgent", wantReasons: []string{"keyword:lawyer"}, wantSent: "neutral", wantLang: "en"},
	}
	tr := newTriager(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tr.TriageTicket(t.Context(), tt.tk)
			if err != nil {
				t.Fatal(err)
			}
			type view struct {
				Category, Priority, Sentiment, Language string
				Reasons                                 []string
			}
			if diff := cmp.Diff(view{tt.wantCategory, tt.wantPriority, tt.wantSent, tt.wantLang, tt.wantReasons},
				view{got.Category.Label, got.Priority.Label, got.Sentiment.Label, got.Language.Label, got.PriorityReasons}); diff != "" {
				t.Errorf("TriageTicket(%q) mismatch (-want +got):\n%s", tt.tk.Text, diff)
			}
			for name, c := range map[string]float64{"category": got.Category.Confidence, "priority": got.Priority.Confidence,
				"sentiment": got.Sentiment.Confidence, "language": got.Language.Confidence} {
				if c <= 0 || c > 1 {
					t.Errorf("%s confidence = %v; want in (0,1]", name, c)
				}
			}
		})
	}
}

func TestTriager_Triage_modelPriority(t *testing.T) {
	tr := &Triager{
		Priorities: keywordModel{labels: []string{"urgent", "low"}, keys: []string{"outage", ""}},
		Rules:      Rules{Keywords: []KeywordRule{{Words: []string{"invoice"}, Priority: High}}},
	}
	for _, tt := range []struct{ text, want string }{
		{"total outage since this morning", "urgent"},
		{"send me the invoice again", "high"}, // a rule raises the model's low
		{"just saying hi", "low"},             // no rule: the model's answer stands
	} {
		got, err := tr.Triage(t.Context(), tt.text)
		if err != nil || got.Priority.Label != tt.want {
			t.Errorf("Triage(%q) priority = %q, %v; want %q", tt.text, got.Priority.Label, err, tt.want)
		}
		if got.Category.Label != "" || got.Language.Label != "" {
			t.Errorf("Triage without models filled %+v", got)
		}
	}
}

func TestTriager_Triage_errors(t *testing.T) {
	tr := &Triager{Categories: keywordModel{err: classify.ErrNoExamples}}
	got, err := tr.Triage(t.Context(), "hello there")
	if err != nil || got.Category.Label != "" || got.Priority.Label != "normal" {
		t.Errorf("untrained classifier: %+v, %v", got, err)
	}
	boom := errors.New("boom")
	tr = &Triager{Categories: keywordModel{err: boom}}
	if _, err := tr.Triage(t.Context(), "hello"); !errors.Is(err, boom) {
		t.Errorf("classifier error: %v", err)
	}
	if _, err := tr.Triage(t.Context(), "  "); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty text: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := tr.Triage(ctx, "hello"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestParsePriority(t *testing.T) {
	for _, p := range []Priority{Low, Normal, High, Urgent} {
		got, err := ParsePriority(" " + strings.ToUpper(p.String()))
		if err != nil || got != p {
			t.Errorf("ParsePriority(%q) = %v, %v", p.String(), got, err)
		}
	}
	if _, err := ParsePriority("critical"); err == nil {
		t.Errorf("ParsePriority(critical): no error")
	}
}
