package desk

import (
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Triage field names as they appear in TicketTriage.corrected.
const (
	TriageCategory  = "category"
	TriagePriority  = "priority"
	TriageSentiment = "sentiment"
	TriageLanguage  = "language"
)

// Sentiment labels.
var sentimentLabels = []string{"negative", "neutral", "positive"}

// TriageFieldName is the corrected[] name of a triage field, "" for an invalid one.
func TriageFieldName(f frontlinev1.TriageField) string {
	switch f {
	case frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY:
		return TriageCategory
	case frontlinev1.TriageField_TRIAGE_FIELD_SENTIMENT:
		return TriageSentiment
	case frontlinev1.TriageField_TRIAGE_FIELD_LANGUAGE:
		return TriageLanguage
	}
	return ""
}

// CheckTriageValue validates an agent's correction of a field; categories
// must be one of the tenant's (matched ignoring case; the stored spelling
// is returned). An empty category clears it.
func CheckTriageValue(f frontlinev1.TriageField, value string, categories []string) (string, error) {
	v := strings.TrimSpace(value)
	switch f {
	case frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY:
		if v == "" {
			return "", nil
		}
		for _, c := range categories {
			if strings.EqualFold(c, v) {
				return c, nil
			}
		}
		return "", Invalid("category", fmt.Sprintf("%q is not one of the company's categories", v))
	case frontlinev1.TriageField_TRIAGE_FIELD_SENTIMENT:
		v = strings.ToLower(v)
		if !slices.Contains(sentimentLabels, v) {
			return "", Invalid("sentiment", "must be negative, neutral or positive")
		}
		return v, nil
	case frontlinev1.TriageField_TRIAGE_FIELD_LANGUAGE:
		v = strings.ToLower(v)
		if len(v) != 2 || v[0] < 'a' || v[0] > 'z' || v[1] < 'a' || v[1] > 'z' {
			return "", Invalid("language", "must be a two-letter ISO 639-1 code")
		}
		return v, nil
	}
	return "", Invalid("field", "must be category, sentiment or language")
}

// CorrectTriage returns a copy of tr with field set to value by an agent:
// confidence 1 and the field listed in corrected, so later triage runs
// keep it. by is the correcting user ("" to leave corrected_by as is).
func CorrectTriage(tr *frontlinev1.TicketTriage, f frontlinev1.TriageField, value, by string) *frontlinev1.TicketTriage {
	out := &frontlinev1.TicketTriage{}
	if tr != nil {
		out = proto.Clone(tr).(*frontlinev1.TicketTriage)
	}
	label := &frontlinev1.ScoredLabel{Label: value, Confidence: 1}
	name := TriageFieldName(f)
	switch f {
	case frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY:
		out.Category = label
	case frontlinev1.TriageField_TRIAGE_FIELD_SENTIMENT:
		out.Sentiment = label
		// Keep the score consistent with the corrected label's sign.
		switch {
		case value == "negative" && out.GetSentimentScore() >= 0:
			out.SentimentScore = -0.5
		case value == "positive" && out.GetSentimentScore() <= 0:
			out.SentimentScore = 0.5
		case value == "neutral":
			out.SentimentScore = 0
		}
	case frontlinev1.TriageField_TRIAGE_FIELD_LANGUAGE:
		out.Language = label
	default:
		return out
	}
	MarkCorrected(out, name, by)
	return out
}

// MarkCorrected records that an agent set field name.
func MarkCorrected(tr *frontlinev1.TicketTriage, name, by string) {
	if !slices.Contains(tr.Corrected, name) {
		tr.Corrected = append(tr.Corrected, name)
		slices.Sort(tr.Corrected)
	}
	if by != "" {
		tr.CorrectedBy = by
	}
}

// Corrected reports whether an agent set field name of tr.
func Corrected(tr *frontlinev1.TicketTriage, name string) bool {
	return slices.Contains(tr.GetCorrected(), name)
}
