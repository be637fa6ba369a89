package app_test

import (
	"testing"

	"github.com/frontlinedesk/frontline/app"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

func TestAcceptInvite_JoinsAndSignsIn(t *testing.T) {
	r := newRig(t)
	a := r.newApp(t, &recorder{})
	inv, err := r.tenant.Clients.Identity.InviteAgent(t.Context(), &frontlinev1.InviteAgentRequest{Email: "lee.new@example.com"})
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, token, person, pw, field string
	}{
		{"not a code", "hello", "Lee New", "long-enough-pw", "token"},
		{"no name", inv.GetInviteToken(), " ", "long-enough-pw", "name"},
		{"short password", inv.GetInviteToken(), "Lee New", "short", "password"},
		{"unknown code", "fli_" + "0000000000000000000000000000000000000000000", "Lee New", "long-enough-pw", "token"},
	}
	for _, tc := range cases {
		_, err := a.Session.AcceptInvite(r.env.URL, tc.token, tc.person, tc.pw, false)
		if ue := uiError(t, err); ue.Field != tc.field {
			t.Errorf("%s: field %q (%s); want %q", tc.name, ue.Field, ue.Message, tc.field)
		}
	}

	s, err := a.Session.AcceptInvite(r.env.URL, " "+inv.GetInviteToken()+" ", "Lee  New", "long-enough-pw", false)
	if err != nil {
		t.Fatalf("AcceptInvite: %v", err)
	}
	if s.User.Name != "Lee New" || s.User.Email != "lee.new@example.com" || s.Company.Name != r.tenant.Company.GetName() {
		t.Errorf("session = %+v; want Lee New of %s", s, r.tenant.Company.GetName())
	}
	if _, err := a.Tickets.List(app.TicketFilter{View: "all"}); err != nil {
		t.Errorf("the new agent cannot list tickets: %v", err)
	}
	// The invitation is spent.
	b := r.newApp(t, &recorder{})
	_, err = b.Session.AcceptInvite(r.env.URL, inv.GetInviteToken(), "Someone Else", "long-enough-pw", false)
	if ue := uiError(t, err); ue.Field != "token" || ue.Message != app.MsgInviteInvalid {
		t.Errorf("second use: %+v; want the invalid-invitation message on token", ue)
	}
}
