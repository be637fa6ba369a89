package macro_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/macro"
)

var ada = macro.Values{
	CustomerName:  "Riley  Jones",
	CustomerEmail: "riley@example.com",
	AgentName:     "Maya Chen",
	TicketNumber:  1042,
	TicketSubject: "Brake squeak",
	CompanyName:   "Northwind Bikes",
}

func TestExpand(t *testing.T) {
	tests := []struct {
		name string
		body string
		v    macro.Values
		want macro.Result
	}{
		{
			name: "every_variable",
			body: "{{customer.name}}|{{customer.first_name}}|{{customer.email}}|{{agent.name}}|{{agent.first_name}}|{{ticket.number}}|{{ticket.subject}}|{{company.name}}",
			v:    ada,
			want: macro.Result{Text: "Riley  Jones|Riley|riley@example.com|Maya Chen|Maya|1042|Brake squeak|Northwind Bikes"},
		},
		{
			name: "spaces_and_case_inside_braces",
			body: "Hi {{ customer.first_name }}, this is {{Agent.First_Name}}.",
			v:    ada,
			want: macro.Result{Text: "Hi Riley, this is Maya."},
		},
		{
			name: "unknown_left_visible_and_reported_once",
			body: "Hi {{customer.nickname}} {{ order.id }} {{customer.nickname}}",
			v:    ada,
			want: macro.Result{Text: "Hi {{customer.nickname}} {{ order.id }} {{customer.nickname}}", Unknown: []string{"customer.nickname", "order.id"}},
		},
		{
			name: "empty_values_reported",
			body: "Hi {{customer.first_name}}, ticket {{ticket.number}}: {{customer.name}}",
			v:    macro.Values{},
			want: macro.Result{Text: "Hi , ticket : ", Empty: []string{"customer.first_name", "ticket.number", "customer.name"}},
		},
		{
			name: "no_variables",
			body: "Thanks for writing in.",
			v:    ada,
			want: macro.Result{Text: "Thanks for writing in."},
		},
		{
			name: "unclosed_braces_kept",
			body: "Hi {{customer.first_name}}, see {{ this",
			v:    ada,
			want: macro.Result{Text: "Hi Riley, see {{ this"},
		},
		{
			name: "nested_opening_uses_the_innermost",
			body: "{{ {{company.name}} }}",
			v:    ada,
			want: macro.Result{Text: "{{ Northwind Bikes }}"},
		},
		{
			name: "values_are_not_expanded_again",
			body: "{{ticket.subject}}",
			v:    macro.Values{TicketSubject: "{{agent.name}}"},
			want: macro.Result{Text: "{{agent.name}}"},
		},
		{
			name: "empty_braces_unknown",
			body: "a {{}} b",
			v:    ada,
			want: macro.Result{Text: "a {{}} b", Unknown: []string{""}},
		},
		{
			name: "multibyte_text",
			body: "¡Hola {{customer.first_name}}! — {{company.name}}",
			v:    macro.Values{CustomerName: "José Ñúñez", CompanyName: "Bicis"},
			want: macro.Result{Text: "¡Hola José! — Bicis"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := macro.Expand(tc.body, tc.v)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Expand(%q) mismatch (-want +got):\n%s", tc.body, diff)
			}
		})
	}
}

func TestVariablesAllKnown(t *testing.T) {
	for _, name := range macro.Variables {
		r := macro.Expand("{{"+name+"}}", ada)
		if len(r.Unknown) != 0 || r.Text == "" {
			t.Errorf("variable %s: got %+v, want a value", name, r)
		}
	}
}

func FuzzExpand(f *testing.F) {
	f.Add("Hi {{customer.name}} {{x}} {{")
	f.Fuzz(func(t *testing.T, body string) {
		r := macro.Expand(body, macro.Values{})
		// With empty values, removing known variables only shortens the text.
		if len(r.Text) > len(body) {
			t.Fatalf("expanded text grew: %q -> %q", body, r.Text)
		}
	})
}
