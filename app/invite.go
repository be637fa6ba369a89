package app

import (
	"context"
	"strings"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

// MsgInviteInvalid is what an unknown, used or expired invitation says.
const MsgInviteInvalid = "This invitation is not valid any more — ask your admin for a new one"

// inviteAcceptor is implemented by a Connector that can redeem invitations
// (RemoteConnector does); test connectors need not.
type inviteAcceptor interface {
	AcceptInvite(ctx context.Context, serverURL string, req *frontlinev1.AcceptInviteRequest) (*frontlinev1.AcceptInviteResponse, error)
}

// AcceptInvite redeems an invitation on the server: it creates the user.
// The session the server opens with it is revoked at once: the desk signs
// in afresh, through Login, so there is one session and one code path.
func (c RemoteConnector) AcceptInvite(ctx context.Context, serverURL string, req *frontlinev1.AcceptInviteRequest) (*frontlinev1.AcceptInviteResponse, error) {
	unary, _ := c.clients()
	res, err := frontlinev1connect.NewIdentityServiceClient(unary, serverURL).AcceptInvite(ctx, req)
	if err != nil {
		return nil, err
	}
	if tok := res.GetSession().GetToken(); tok != "" {
		id := frontlinev1connect.NewIdentityServiceClient(unary, serverURL, connect.WithInterceptors(bearer(tok)))
		_, _ = id.Logout(ctx, &frontlinev1.LogoutRequest{}) // best effort: it expires anyway
	}
	return res, nil
}

// AcceptInvite joins a company with the invitation token an admin sent:
// it creates the user with name and password on the server, then signs
// in as Login does (remember keeps the sign-in for offline use).
func (s *Session) AcceptInvite(serverURL, token, name, pw string, remember bool) (SessionDTO, error) {
	a := s.app
	base, ferr := normalizeServerURL(serverURL, a.cfg.DefaultServerURL)
	token, name = strings.TrimSpace(token), strings.Join(strings.Fields(name), " ")
	switch {
	case ferr != nil:
		return SessionDTO{}, ferr
	case !strings.HasPrefix(token, desk.InviteTokenPrefix):
		return SessionDTO{}, fieldErr("token", "Paste the invitation code your admin sent (it starts with "+desk.InviteTokenPrefix+")")
	case name == "":
		return SessionDTO{}, fieldErr("name", "Enter your name")
	case len([]rune(pw)) < 10:
		return SessionDTO{}, fieldErr("password", "Choose a password of at least 10 characters")
	}
	acc, ok := a.cfg.Connector.(inviteAcceptor)
	if !ok {
		return SessionDTO{}, a.fail("accept invite", desk.ErrFailedPrecondition)
	}
	ctx, cancel := a.call()
	defer cancel()
	res, err := acc.AcceptInvite(ctx, base, &frontlinev1.AcceptInviteRequest{InviteToken: token, Name: name, Password: pw})
	if err != nil {
		if connect.CodeOf(err) == connect.CodeNotFound {
			ue := &UIError{Message: MsgInviteInvalid, Field: "token", Kind: KindInvalid, err: err}
			a.logFailure("accept invite", ue)
			return SessionDTO{}, ue
		}
		ue := mapError(err)
		a.logFailure("accept invite", ue)
		return SessionDTO{}, ue
	}
	return s.Login(base, res.GetCompany().GetName(), res.GetUser().GetEmail(), pw, remember)
}
