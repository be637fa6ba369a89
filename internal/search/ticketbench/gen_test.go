package ticketbench

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGenerate(t *testing.T) {
	a, b := Generate(3, 200, 2000), Generate(3, 200, 2000)
	if a.Messages != 2000 || len(a.Tickets) != 200 {
		t.Fatalf("Generate: %d tickets, %d messages; want 200, 2000", len(a.Tickets), a.Messages)
	}
	n := 0
	for _, tk := range a.Tickets {
		n += len(tk.Messages)
		if tk.ID == "" || tk.Subject == "" || tk.Status == "" || tk.CustomerEmail == "" || len(tk.Messages) == 0 {
			t.Fatalf("incomplete ticket %+v", tk)
		}
	}
	if n != 2000 {
		t.Errorf("messages in tickets = %d; want 2000", n)
	}
	if diff := cmp.Diff(a.Tickets[:5], b.Tickets[:5]); diff != "" {
		t.Errorf("not deterministic (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(a.Queries(3), b.Queries(3)); diff != "" {
		t.Errorf("queries not deterministic (-first +second):\n%s", diff)
	}
}

func TestMatchExpr(t *testing.T) {
	tests := []struct {
		q    Query
		want string
	}{
		{Query{Words: []string{"refund"}}, `"refund"`},
		{Query{Words: []string{"refund", "ord"}, Typing: true}, `"refund" "ord"*`},
		{Query{Words: []string{`a"b`}}, `"a""b"`},
	}
	for _, tt := range tests {
		if got := matchExpr(tt.q); got != tt.want {
			t.Errorf("matchExpr(%v) = %s; want %s", tt.q, got, tt.want)
		}
	}
}
