// Package macro expands the variables of a macro (a tenant's canned reply):
// {{customer.name}}, {{customer.first_name}}, {{customer.email}},
// {{agent.name}}, {{agent.first_name}}, {{ticket.number}},
// {{ticket.subject}} and {{company.name}}. Spaces inside the braces are
// allowed ({{ customer.name }}). A variable it does not know stays in the
// text as written, so the agent sees it, and is reported.
package macro

import (
	"strconv"
	"strings"
)

// Variables lists the names Expand knows, in the order the UI shows them.
var Variables = []string{
	"customer.name", "customer.first_name", "customer.email",
	"agent.name", "agent.first_name",
	"ticket.number", "ticket.subject",
	"company.name",
}

// Values are what the variables stand for; an empty field expands to "".
type Values struct {
	CustomerName  string
	CustomerEmail string
	AgentName     string
	TicketNumber  int64 // 0: unknown
	TicketSubject string
	CompanyName   string
}

// Result is an expanded macro body.
type Result struct {
	// Text is the body with every known variable replaced.
	Text string
	// Unknown lists the variables left in Text as written (names as
	// written, trimmed; each once, in order of first use).
	Unknown []string
	// Empty lists known variables that expanded to nothing (each once).
	Empty []string
}

// lookup returns the value of a known variable.
func (v Values) lookup(name string) (string, bool) {
	switch name {
	case "customer.name":
		return strings.TrimSpace(v.CustomerName), true
	case "customer.first_name":
		return firstName(v.CustomerName), true
	case "customer.email":
		return strings.TrimSpace(v.CustomerEmail), true
	case "agent.name":
		return strings.TrimSpace(v.AgentName), true
	case "agent.first_name":
		return firstName(v.AgentName), true
	case "ticket.number":
		if v.TicketNumber <= 0 {
			return "", true
		}
		return strconv.FormatInt(v.TicketNumber, 10), true
	case "ticket.subject":
		return strings.TrimSpace(v.TicketSubject), true
	case "company.name":
		return strings.TrimSpace(v.CompanyName), true
	}
	return "", false
}

func firstName(full string) string {
	f := strings.Fields(full)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// Expand replaces the variables in body with v.
func Expand(body string, v Values) Result {
	var b strings.Builder
	b.Grow(len(body))
	var r Result
	seenU, seenE := map[string]bool{}, map[string]bool{}
	rest := body
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		j := strings.Index(rest[i+2:], "}}")
		if j < 0 {
			b.WriteString(rest)
			break
		}
		inner := rest[i+2 : i+2+j]
		if k := strings.LastIndex(inner, "{{"); k >= 0 {
			// "{{ {{x}}": the last opening brace pair starts the variable.
			b.WriteString(rest[:i+2+k])
			rest = rest[i+2+k:]
			continue
		}
		b.WriteString(rest[:i])
		whole := rest[i : i+2+j+2]
		rest = rest[i+2+j+2:]
		name := strings.TrimSpace(inner)
		val, ok := v.lookup(strings.ToLower(name))
		if !ok {
			b.WriteString(whole)
			if !seenU[name] {
				seenU[name] = true
				r.Unknown = append(r.Unknown, name)
			}
			continue
		}
		if val == "" && !seenE[strings.ToLower(name)] {
			seenE[strings.ToLower(name)] = true
			r.Empty = append(r.Empty, strings.ToLower(name))
		}
		b.WriteString(val)
	}
	r.Text = b.String()
	return r
}
