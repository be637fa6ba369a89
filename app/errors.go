package app

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/desk"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// UIError is what a failed binding call rejects with in the frontend: a short
// message safe to show, and for bad input the form field it belongs beside.
// It is the only error type bound methods return (see Format and mapError).
type UIError struct {
	// Message is one short sentence for the user.
	Message string `json:"message"`
	// Field names the form field at fault ("email", "serverURL", "body"), or is empty.
	Field string `json:"field,omitempty"`
	// Kind is a stable machine word the UI may branch on: "auth", "offline",
	// "invalid", "notfound", "conflict", "permission", "internal".
	Kind string `json:"kind"`
	err  error
}

func (e *UIError) Error() string { return e.Message }

// Unwrap exposes the cause for logs and tests; it is never shown.
func (e *UIError) Unwrap() error { return e.err }

// Kinds of UIError.
const (
	KindAuth       = "auth"
	KindOffline    = "offline"
	KindInvalid    = "invalid"
	KindNotFound   = "notfound"
	KindConflict   = "conflict"
	KindPermission = "permission"
	KindInternal   = "internal"
)

// Messages shown to the user. Tests compare against these.
const (
	MsgWrongCredentials = "Wrong company, email or password"
	MsgSessionExpired   = "Your session has ended — please sign in again"
	MsgNotSignedIn      = "Please sign in first"
	MsgOffline          = "You are offline — cannot reach the server"
	MsgTimeout          = "The server took too long to answer — try again"
	MsgNotFound         = "That ticket no longer exists"
	MsgPermission       = "You are not allowed to do that"
	MsgConflict         = "Someone else changed this first — reload and try again"
	MsgInternal         = "Something went wrong on the server — try again"
)

// errNotSignedIn is returned before a session exists.
var errNotSignedIn = errors.New("not signed in")

// errSessionEnded is returned after the server refused the session.
var errSessionEnded = errors.New("session ended on the server")

// fieldErr is bad input caught here, before any call.
func fieldErr(field, msg string) *UIError {
	return &UIError{Message: msg, Field: field, Kind: KindInvalid}
}

// serverFields maps the server's request field names to the UI's form fields.
var serverFields = map[string]string{
	"company_name": "company",
	"email":        "email",
	"password":     "password",
	"body":         "body",
	"id":           "",
	"ticket_id":    "",
	"status":       "status",
	"priority":     "priority",
	"assignee_id":  "assignee",
	// Settings forms (settings.go): categories, macros, priority rules.
	"name":              "name",
	"description":       "description",
	"examples":          "examples",
	"title":             "title",
	"add_tags":          "tags",
	"category":          "category",
	"keyword_rules":     "keywordRules",
	"words":             "keywordRules",
	"tier_rules":        "tierRules",
	"tier":              "tierRules",
	"negative_below":    "negativeBelow",
	"negative_priority": "negativePriority",
	// Admin sections (admin.go): agents, widget, AI provider (the widget's
	// business hours use the setup.go names below).
	"role":                       "role",
	"capacity":                   "capacity",
	"skills":                     "skills",
	"allowed_origins":            "allowedOrigins",
	"accent_color":               "accentColor",
	"greeting":                   "greeting",
	"bot_name":                   "botName",
	"bot_tone":                   "botTone",
	"inactivity_timeout_minutes": "inactivityMinutes",
	"provider":                   "provider",
	"model":                      "model",
	"base_url":                   "baseURL",
	"timeout_seconds":            "timeoutSeconds",
	"prices":                     "prices",
	"prompt_per_million":         "prices",
	"completion_per_million":     "prices",
	"api_key":                    "apiKey",
	// SLA, business hours, assignment, custom fields and tags (setup.go).
	"first_response_minutes": "firstResponse",
	"resolution_minutes":     "resolution",
	"time_zone":              "timeZone",
	"days":                   "days",
	"open":                   "days",
	"close":                  "days",
	"weekday":                "days",
	"holidays":               "holidays",
	"mode":                   "mode",
	"key":                    "key",
	"label":                  "label",
	"type":                   "type",
	"options":                "options",
	"color":                  "color",
}

// Format is the Wails ErrorFormatter: a rejected promise carries a UIError
// object ({message, field, kind}) rather than a bare string.
func Format(err error) any {
	return mapError(err)
}

// mapError turns any error into a UIError. It is the one place where
// Connect codes, network failures and local checks become user messages.
func mapError(err error) *UIError {
	if err == nil {
		return nil
	}
	var ue *UIError
	if errors.As(err, &ue) {
		return ue
	}
	wrap := func(kind, field, msg string) *UIError {
		return &UIError{Message: msg, Field: field, Kind: kind, err: err}
	}
	var fe *desk.FieldError
	switch {
	case errors.Is(err, errNotSignedIn):
		return wrap(KindAuth, "", MsgNotSignedIn)
	case errors.Is(err, errSessionEnded), errors.Is(err, replica.ErrSignedOut):
		return wrap(KindAuth, "", MsgSessionExpired)
	case errors.Is(err, context.DeadlineExceeded):
		return wrap(KindOffline, "", MsgTimeout)
	// Local checks and replica reads use the desk sentinels.
	case errors.As(err, &fe):
		field, reason := splitFieldMessage(fe.Error())
		return wrap(KindInvalid, field, sentence(reason))
	case errors.Is(err, desk.ErrNotFound):
		return wrap(KindNotFound, "", MsgNotFound)
	case errors.Is(err, desk.ErrPermission):
		return wrap(KindPermission, "", MsgPermission)
	}
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return wrap(KindInternal, "", MsgInternal)
	}
	switch ce.Code() {
	case connect.CodeUnauthenticated:
		return wrap(KindAuth, "", MsgSessionExpired)
	case connect.CodeUnavailable:
		return wrap(KindOffline, "", MsgOffline)
	case connect.CodeDeadlineExceeded:
		return wrap(KindOffline, "", MsgTimeout)
	case connect.CodeNotFound:
		return wrap(KindNotFound, "", MsgNotFound)
	case connect.CodePermissionDenied:
		return wrap(KindPermission, "", MsgPermission)
	case connect.CodeAborted, connect.CodeAlreadyExists:
		return wrap(KindConflict, "", MsgConflict)
	case connect.CodeInvalidArgument, connect.CodeFailedPrecondition, connect.CodeOutOfRange:
		field, reason := splitFieldMessage(ce.Message())
		return wrap(KindInvalid, field, sentence(reason))
	case connect.CodeUnknown, connect.CodeInternal, connect.CodeCanceled:
		// Network failures surface with these codes too (a reset connection,
		// a broken pipe, a proxy's 502); those mean the server is out of reach.
		if isTransport(ce) {
			return wrap(KindOffline, "", MsgOffline)
		}
		return wrap(KindInternal, "", MsgInternal)
	default:
		return wrap(KindInternal, "", MsgInternal)
	}
}

// mapLoginError is mapError with the one difference sign-in needs:
// Unauthenticated means the credentials were wrong, not that a session ended.
func mapLoginError(err error) *UIError {
	if connect.CodeOf(err) == connect.CodeUnauthenticated || connect.CodeOf(err) == connect.CodeNotFound {
		return &UIError{Message: MsgWrongCredentials, Kind: KindAuth, err: err}
	}
	return mapError(err)
}

// splitFieldMessage reads the server's "field: reason" convention
// (desk.FieldError) and returns the UI field and the reason.
func splitFieldMessage(msg string) (field, reason string) {
	name, rest, ok := strings.Cut(msg, ": ")
	if !ok {
		return "", msg
	}
	name = stripIndexes(strings.TrimSpace(name))
	if f, known := serverFields[name]; known {
		return f, rest
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if f, known := serverFields[name[i+1:]]; known {
			return f, rest
		}
	}
	return "", msg
}

// stripIndexes drops list indexes from a field path
// ("keyword_rules[2].words" -> "keyword_rules.words").
func stripIndexes(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sentence capitalises a server reason so it reads as a UI message.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "That input is not valid"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// isTransport reports whether a Connect error is really a network failure
// (refused, reset, broken pipe, cut-off response) rather than a server answer.
func isTransport(ce *connect.Error) bool {
	var op *net.OpError
	if errors.As(ce, &op) || errors.Is(ce, io.ErrUnexpectedEOF) || errors.Is(ce, io.EOF) ||
		errors.Is(ce, syscall.ECONNREFUSED) || errors.Is(ce, syscall.ECONNRESET) || errors.Is(ce, syscall.EPIPE) {
		return true
	}
	msg := strings.ToLower(ce.Message())
	for _, s := range []string{"connection refused", "connection reset", "broken pipe", "no such host", "dial tcp", "unexpected eof", "http status 502", "http status 503", "http status 504"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
