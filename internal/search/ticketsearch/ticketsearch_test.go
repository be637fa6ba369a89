package ticketsearch

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/search/lexical"
)

var day = func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }

func fixture(t *testing.T) *Index {
	t.Helper()
	ix := New()
	for _, tk := range []Ticket{
		{ID: "t1", Subject: "Brake squeaks", Messages: []string{"My front brake squeaks on every stop", "Sent a video"},
			CustomerName: "Liam Walker", CustomerEmail: "liam@example.test", Tags: []string{"Repair", "vip"},
			Status: "open", Priority: "high", Assignee: "maya", Created: day(1), Updated: day(2)},
		{ID: "t2", Subject: "Refund for order 1042", Messages: []string{"I was charged twice", "Refund please"},
			CustomerName: "Ada Park", CustomerEmail: "ada@northwind.test", Tags: []string{"billing"},
			Status: "pending", Priority: "normal", Assignee: "sam", Created: day(3), Updated: day(3)},
		{ID: "t3", Subject: "Chain keeps slipping", Messages: []string{"The chain slips in high gear"},
			CustomerName: "Emma Brown", CustomerEmail: "emma.brown@mail.test", Tags: []string{"repair"},
			Status: "open", Priority: "normal", Created: day(5), Updated: day(6)},
	} {
		if err := ix.Put(tk); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func hitIDs(t *testing.T, ix *Index, q Query) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func TestDocumentMapping(t *testing.T) {
	d := Document(Ticket{ID: "x", Subject: "S", Messages: []string{"m1", "m2"}, CustomerName: "N", CustomerEmail: "e@x.test",
		Tags: []string{"VIP", "b2b"}, Status: "Open", Priority: "High", Assignee: "maya", Created: day(1)})
	wantFields := []lexical.Field{{Name: FieldSubject, Text: "S"}, {Name: FieldMessage, Text: "m1"}, {Name: FieldMessage, Text: "m2"}, {Name: FieldCustomer, Text: "N"},
		{Name: FieldEmail, Text: "e@x.test"}, {Name: FieldTag, Text: "VIP"}, {Name: FieldTag, Text: "b2b"}}
	if diff := cmp.Diff(wantFields, d.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	wantKW := map[string][]string{AttrStatus: {"open"}, AttrPriority: {"high"}, AttrAssignee: {"maya"}, AttrTag: {"vip", "b2b"}}
	if diff := cmp.Diff(wantKW, d.Keywords); diff != "" {
		t.Errorf("keywords (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]time.Time{AttrCreated: day(1)}, d.Times); diff != "" {
		t.Errorf("times (-want +got):\n%s", diff)
	}
}

func TestSearch(t *testing.T) {
	ix := fixture(t)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"message word", Query{Text: "squeaks"}, []string{"t1"}},
		{"stemmed", Query{Text: "slipping chains"}, []string{"t3"}},
		{"every word must match", Query{Text: "chain refund"}, nil},
		{"customer name", Query{Text: "ada park"}, []string{"t2"}},
		{"email", Query{Text: "emma.brown@mail.test"}, []string{"t3"}},
		{"tag text", Query{Text: "billing"}, []string{"t2"}},
		{"typing a prefix", Query{Text: "cha", Typing: true}, []string{"t2", "t3"}},
		{"typing after a word", Query{Text: "front bra", Typing: true}, []string{"t1"}},
		{"status filter", Query{Text: "high", Status: []string{"OPEN"}}, []string{"t3"}},
		{"tag filter is case-blind", Query{Text: "the", Tags: []string{"Repair"}}, []string{"t3"}},
		{"assignee filter", Query{Text: "refund", Assignee: []string{"sam"}}, []string{"t2"}},
		{"assignee filter excludes", Query{Text: "refund", Assignee: []string{"maya"}}, nil},
		{"status and tag", Query{Text: "brake", Status: []string{"open"}, Tags: []string{"vip"}}, []string{"t1"}},
		{"created range", Query{Text: "c", Typing: true, Created: TimeRange{From: day(2)}}, []string{"t2", "t3"}},
		{"updated range", Query{Text: "c", Typing: true, Updated: TimeRange{To: day(4)}}, []string{"t2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, hitIDs(t, ix, tt.q)); diff != "" {
				t.Errorf("Search(%+v) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestNewMessageChangesResults(t *testing.T) {
	ix := fixture(t)
	q := Query{Text: "derailleur"}
	if got := hitIDs(t, ix, q); got != nil {
		t.Fatalf("before the message: %v", got)
	}
	tk := Ticket{ID: "t3", Subject: "Chain keeps slipping", Messages: []string{"The chain slips in high gear", "Could the derailleur be bent?"},
		CustomerName: "Emma Brown", CustomerEmail: "emma.brown@mail.test", Tags: []string{"repair"},
		Status: "pending", Priority: "normal", Created: day(5), Updated: day(7)}
	if err := ix.Put(tk); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"t3"}, hitIDs(t, ix, q)); diff != "" {
		t.Errorf("after the message (-want +got):\n%s", diff)
	}
	// The old attributes are gone with the old version.
	if got := hitIDs(t, ix, Query{Text: "chain", Status: []string{"open"}}); got != nil {
		t.Errorf("old status still matches: %v", got)
	}
	if ix.Len() != 3 {
		t.Errorf("Len = %d; want 3", ix.Len())
	}
}

func TestDeletedNeverReturned(t *testing.T) {
	ix := fixture(t)
	ix.Delete("t1")
	for _, q := range []Query{
		{Text: "brake"}, {Text: "b", Typing: true}, {Text: "squeaks", Status: []string{"open"}},
		{Text: "liam walker"}, {Text: "s", Typing: true, Limit: 100},
	} {
		if got := hitIDs(t, ix, q); slices.Contains(got, "t1") {
			t.Errorf("Search(%+v) returned deleted t1: %v", q, got)
		}
	}
	if err := ix.Put(Ticket{}); err == nil {
		t.Error("Put without id: want error")
	}
}
