package changelog

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// TestSum_OrderFree: page boundaries and order do not change a checksum.
func TestSum_OrderFree(t *testing.T) {
	rows := []*frontlinev1.Change{
		{Entity: &frontlinev1.Change_Ticket{Ticket: &frontlinev1.Ticket{Id: "a", Subject: "x"}}},
		{Entity: &frontlinev1.Change_Message{Message: &frontlinev1.Message{Id: "b", Body: "y"}}},
		{Entity: &frontlinev1.Change_User{User: &frontlinev1.User{Id: "c"}}},
	}
	var fwd, back Sum
	for i := range rows {
		fwd.Add(RowHash(rows[i]))
		back.Add(RowHash(rows[len(rows)-1-i]))
	}
	if fwd != back || fwd.Count != 3 {
		t.Fatalf("sums %+v and %+v differ", fwd, back)
	}
	changed := &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: &frontlinev1.Ticket{Id: "a", Subject: "z"}}}
	if RowHash(changed) == RowHash(rows[0]) {
		t.Fatal("a changed row hashes the same")
	}
}

func TestResumeToken_RoundTrip(t *testing.T) {
	tok := &ResumeToken{Epoch: "e", UserID: "u", ClientID: "c", Seq: 42, Kind: 3, After: []byte{1, 2}, Sums: map[string]Sum{"tenant": {Sum: 9, Count: 2}}}
	enc := Encode(tok)
	b, err := b64(enc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeResumeToken(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tok, got); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "{", `{"k":-1}`, `{"q":-5}`} {
		if _, err := DecodeResumeToken([]byte(bad)); err == nil {
			t.Errorf("DecodeResumeToken(%q) accepted", bad)
		}
	}
}

func FuzzDecodeResumeToken(f *testing.F) {
	f.Add([]byte(`{"e":"x","q":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tok, err := DecodeResumeToken(b)
		if err == nil && (tok.Kind < 0 || tok.Seq < 0) {
			t.Fatalf("accepted a negative position: %+v", tok)
		}
	})
}
