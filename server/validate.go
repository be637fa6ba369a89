package server

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Limits on request fields. The proto comments document the same numbers.
const (
	maxRequestBytes = 1 << 20 // Connect read limit for any request

	maxCompanyName = 80
	minCompanyName = 2
	maxPersonName  = 100
	maxEmail       = 254
	minPassword    = 10
	maxPassword    = 200
	maxSubject     = 200
	maxTicketBody  = 20000
	maxWidgetBody  = 5000
	maxProduct     = 100
	maxTitle       = 200
	maxArticleBody = 200000
	maxTags        = 20
	maxTag         = 40
	maxStatuses    = 6
	maxPageToken   = 512
	maxTokenLen    = 200
	defaultPage    = 50
	maxPage        = 200
)

// line checks a one-line text field: trimmed, min..max characters, valid
// UTF-8 and no control characters. It returns the trimmed value.
func checkLine(field, s string, minLen, maxLen int) (string, error) {
	s = strings.TrimSpace(s)
	if err := checkText(field, s, minLen, maxLen); err != nil {
		return "", err
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "", desk.Invalid(field, "must be a single line without control characters")
	}
	return s, nil
}

// text checks a multi-line text field: min..max characters of valid UTF-8,
// not only white space when required.
func checkText(field, s string, minLen, maxLen int) error {
	if !utf8.ValidString(s) {
		return desk.Invalid(field, "must be valid UTF-8")
	}
	n := utf8.RuneCountInString(s)
	switch {
	case minLen > 0 && strings.TrimSpace(s) == "":
		return desk.Invalid(field, "is required")
	case n < minLen:
		return desk.Invalid(field, fmt.Sprintf("must be at least %d characters", minLen))
	case n > maxLen:
		return desk.Invalid(field, fmt.Sprintf("must be at most %d characters", maxLen))
	}
	return nil
}

// email checks and lower-cases an email address.
func checkEmail(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", desk.Invalid(field, "is required")
	}
	if len(s) > maxEmail || !utf8.ValidString(s) {
		return "", desk.Invalid(field, "must be a valid email address")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return "", desk.Invalid(field, "must be a valid email address")
	}
	return strings.ToLower(s), nil
}

// password checks a new password's length.
func checkPassword(field, s string) error {
	if !utf8.ValidString(s) {
		return desk.Invalid(field, "must be valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n < minPassword || n > maxPassword {
		return desk.Invalid(field, fmt.Sprintf("must be %d to %d characters", minPassword, maxPassword))
	}
	return nil
}

// id checks the shape of a required object id.
func checkID(field, s string) error {
	if s == "" {
		return desk.Invalid(field, "is required")
	}
	if !desk.ValidID(s) {
		return desk.Invalid(field, "must be a 32-digit hex id")
	}
	return nil
}

// token checks the shape of a bearer-like token given in a request field.
func checkToken(field, s, prefix string) error {
	if s == "" {
		return desk.Invalid(field, "is required")
	}
	if !strings.HasPrefix(s, prefix) || len(s) > maxTokenLen {
		return desk.Invalid(field, "must be a token starting with "+prefix)
	}
	return nil
}

// pageSize turns a requested page size into 1..maxPage; 0 means the default.
func checkPageSize(field string, n int32) (int, error) {
	switch {
	case n == 0:
		return defaultPage, nil
	case n < 0 || n > maxPage:
		return 0, desk.Invalid(field, fmt.Sprintf("must be between 0 and %d", maxPage))
	}
	return int(n), nil
}

// pageToken checks a page token's size; the store checks its content.
func checkPageToken(field, s string) error {
	if len(s) > maxPageToken || !utf8.ValidString(s) {
		return desk.Invalid(field, "is not a valid page token")
	}
	return nil
}

// tag normalises one tag: trimmed, lower-case, 1..maxTag characters of
// letters, digits and - _ . : /.
func normTag(field, s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", desk.Invalid(field, "must not contain empty tags")
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxTag {
		return "", desk.Invalid(field, fmt.Sprintf("tags must be at most %d characters", maxTag))
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_.:/", r) {
			return "", desk.Invalid(field, "tags may contain only letters, digits and - _ . : /")
		}
	}
	return s, nil
}

// tags normalises a tag list: lower-case, sorted, without duplicates, at
// most maxTags.
func normTags(field string, in []string) ([]string, error) {
	if len(in) > maxTags {
		return nil, desk.Invalid(field, fmt.Sprintf("at most %d tags", maxTags))
	}
	out := make([]string, 0, len(in))
	for _, s := range in {
		t, err := normTag(field, s)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func checkStatus(field string, s frontlinev1.TicketStatus) error {
	if s < frontlinev1.TicketStatus_TICKET_STATUS_NEW || s > frontlinev1.TicketStatus_TICKET_STATUS_CLOSED {
		return desk.Invalid(field, "must be a ticket status")
	}
	return nil
}

func checkPriority(field string, p frontlinev1.TicketPriority) error {
	if p < frontlinev1.TicketPriority_TICKET_PRIORITY_LOW || p > frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT {
		return desk.Invalid(field, "must be a ticket priority")
	}
	return nil
}

func checkRole(field string, r frontlinev1.Role) error {
	if r != frontlinev1.Role_ROLE_ADMIN && r != frontlinev1.Role_ROLE_AGENT {
		return desk.Invalid(field, "must be admin or agent")
	}
	return nil
}

func checkArticleStatus(field string, s frontlinev1.ArticleStatus) error {
	if s != frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT && s != frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED {
		return desk.Invalid(field, "must be draft or published")
	}
	return nil
}

// normName prepares a company name for a look-up (the store ignores case).
func normName(s string) string { return strings.TrimSpace(s) }

// normEmail prepares an email for a look-up; emails are stored lower-case.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
