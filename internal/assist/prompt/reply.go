package prompt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Reply is the structured answer the prompts ask for.
type Reply struct {
	Answer         string   `json:"answer"`
	Citations      []string `json:"citations"`
	Handover       bool     `json:"handover"`
	HandoverReason string   `json:"handover_reason"`
}

// ErrUnparseable is returned when a reply holds no single valid answer
// object; callers treat it as low confidence and hand over.
var ErrUnparseable = errors.New("prompt: unparseable reply")

// ParseReply extracts the answer object from a model's text. It tolerates
// code fences and prose around the object, removes any DATA blocks the
// model echoed (fence is the request's token; may be empty), and ignores
// JSON that sits inside strings. Code fences need no special case: the
// scan looks for objects anywhere in the text. It fails unless exactly one distinct
// object with an "answer" field remains, so text quoted from customers
// cannot smuggle in a second, conflicting object.
func ParseReply(text, fence string) (Reply, error) {
	if fence != "" {
		echoed := regexp.MustCompile(`(?is)<<<` + regexp.QuoteMeta(fence) + `.*?(<<<END ` + regexp.QuoteMeta(fence) + `>>>|$)`)
		text = echoed.ReplaceAllString(text, " ")
	}
	var found []map[string]json.RawMessage
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '{')
		if j < 0 {
			break
		}
		i += j
		dec := json.NewDecoder(strings.NewReader(text[i:]))
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			i++
			continue
		}
		if _, ok := obj["answer"]; ok {
			found = append(found, obj)
		}
		i += int(dec.InputOffset())
	}
	if len(found) == 0 {
		return Reply{}, fmt.Errorf("%w: no answer object", ErrUnparseable)
	}
	r, err := decodeReply(found[0])
	if err != nil {
		return Reply{}, err
	}
	for _, o := range found[1:] {
		r2, err := decodeReply(o)
		if err != nil || !sameReply(r, r2) {
			return Reply{}, fmt.Errorf("%w: %d conflicting answer objects", ErrUnparseable, len(found))
		}
	}
	return r, nil
}

func sameReply(a, b Reply) bool {
	return a.Answer == b.Answer && a.Handover == b.Handover && strings.Join(a.Citations, "\x00") == strings.Join(b.Citations, "\x00")
}

func decodeReply(obj map[string]json.RawMessage) (Reply, error) {
	var r Reply
	if err := json.Unmarshal(obj["answer"], &r.Answer); err != nil {
		return Reply{}, fmt.Errorf("%w: answer is not a string", ErrUnparseable)
	}
	if raw, ok := obj["citations"]; ok && !isNull(raw) {
		var one string
		if err := json.Unmarshal(raw, &r.Citations); err != nil {
			if json.Unmarshal(raw, &one) != nil {
				return Reply{}, fmt.Errorf("%w: citations is not a list of strings", ErrUnparseable)
			}
			r.Citations = []string{one}
		}
	}
	if raw, ok := obj["handover"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &r.Handover); err != nil {
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return Reply{}, fmt.Errorf("%w: handover is not a boolean", ErrUnparseable)
			}
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "true", "yes":
				r.Handover = true
			case "false", "no":
			default:
				return Reply{}, fmt.Errorf("%w: handover is %q", ErrUnparseable, s)
			}
		}
	}
	if raw, ok := obj["handover_reason"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &r.HandoverReason); err != nil {
			return Reply{}, fmt.Errorf("%w: handover_reason is not a string", ErrUnparseable)
		}
	}
	r.Answer = strings.TrimSpace(r.Answer)
	return r, nil
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }
