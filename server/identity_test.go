package server_test

import (
	"testing"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func TestIdentity_RegisterAndLogin(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ctx := t.Context()
	anon := env.Clients("")
	reg := must(anon.Identity.RegisterCompany(ctx, &frontlinev1.RegisterCompanyRequest{
		CompanyName: "Acme Cycles", AdminName: "Ann Admin", Email: "Ann@Example.com", Password: "long enough pw",
	}))(t)
	if got := reg.GetUser().GetEmail(); got != "ann@example.com" {
		t.Errorf("email = %q; want lower-case ann@example.com", got)
	}
	if reg.GetUser().GetRole() != frontlinev1.Role_ROLE_ADMIN || !reg.GetUser().GetActive() {
		t.Errorf("first user = %v; want an active admin", reg.GetUser())
	}

	_, err := anon.Identity.RegisterCompany(ctx, &frontlinev1.RegisterCompanyRequest{
		CompanyName: "ACME cycles", AdminName: "Other", Email: "o@example.com", Password: "long enough pw",
	})
	wantCode(t, "register same name other case", err, connect.CodeAlreadyExists)

	login := must(anon.Identity.Login(ctx, &frontlinev1.LoginRequest{
		CompanyName: "acme CYCLES", Email: "ANN@example.com", Password: "long enough pw",
	}))(t)
	who := must(env.Clients(login.GetSession().GetToken()).Identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{}))(t)
	if who.GetUser().GetId() != reg.GetUser().GetId() || who.GetCompany().GetId() != reg.GetCompany().GetId() {
		t.Errorf("WhoAmI = %v; want the registered admin", who)
	}

	for _, tt := range []struct {
		name, company, email, password string
	}{
		{"unknown_company", "Nope Inc", "ann@example.com", "long enough pw"},
		{"unknown_email", "Acme Cycles", "bob@example.com", "long enough pw"},
		{"wrong_password", "Acme Cycles", "ann@example.com", "long enough pX"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := anon.Identity.Login(ctx, &frontlinev1.LoginRequest{CompanyName: tt.company, Email: tt.email, Password: tt.password})
			wantCode(t, "login", err, connect.CodeUnauthenticated)
			if ce := new(connect.Error); !errorAs(err, &ce) || ce.Message() != "wrong company, email or password" {
				t.Errorf("login error = %v; want the shared message", err)
			}
		})
	}
}

func TestIdentity_InviteIsSingleUse(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ctx := t.Context()
	ten := env.RegisterCompany(t, "Invites")
	inv := must(ten.Clients.Identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: "new.agent@example.com"}))(t)
	anon := env.Clients("")
	acc := must(anon.Identity.AcceptInvite(ctx, &frontlinev1.AcceptInviteRequest{
		InviteToken: inv.GetInviteToken(), Name: "New Agent", Password: servertest.Password,
	}))(t)
	if acc.GetUser().GetRole() != frontlinev1.Role_ROLE_AGENT || acc.GetCompany().GetId() != ten.Company.GetId() {
		t.Errorf("accepted user = %v in %v; want an agent of the inviting company", acc.GetUser(), acc.GetCompany())
	}
	_, err := anon.Identity.AcceptInvite(ctx, &frontlinev1.AcceptInviteRequest{
		InviteToken: inv.GetInviteToken(), Name: "Again", Password: servertest.Password,
	})
	wantCode(t, "second accept", err, connect.CodeNotFound)

	_, err = ten.Clients.Identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: "new.agent@example.com"})
	wantCode(t, "invite existing email", err, connect.CodeAlreadyExists)

	users := must(ten.Clients.Identity.ListUsers(ctx, &frontlinev1.ListUsersRequest{}))(t)
	if len(users.GetUsers()) != 2 {
		t.Errorf("ListUsers returned %d users; want 2", len(users.GetUsers()))
	}
}

func TestIdentity_LogoutRevokes(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ctx := t.Context()
	ten := env.RegisterCompany(t, "Logout")
	must(ten.Clients.Identity.Logout(ctx, &frontlinev1.LogoutRequest{}))(t)
	_, err := ten.Clients.Identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{})
	wantCode(t, "whoami after logout", err, connect.CodeUnauthenticated)
}

func TestIdentity_DeactivateRevokesAndBlocksLogin(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ctx := t.Context()
	ten := env.RegisterCompany(t, "Deactivate")
	agent := env.AddAgent(t, ten, "Dee Agent", frontlinev1.Role_ROLE_AGENT)
	must(agent.Clients.Identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{}))(t)

	res := must(ten.Clients.Identity.DeactivateUser(ctx, &frontlinev1.DeactivateUserRequest{UserId: agent.User.GetId()}))(t)
	if res.GetUser().GetActive() {
		t.Error("deactivated user is still active")
	}
	_, err := agent.Clients.Identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{})
	wantCode(t, "whoami after deactivation", err, connect.CodeUnauthenticated)
	_, err = env.Clients("").Identity.Login(ctx, &frontlinev1.LoginRequest{
		CompanyName: ten.Company.GetName(), Email: agent.User.GetEmail(), Password: servertest.Password,
	})
	wantCode(t, "login after deactivation", err, connect.CodeUnauthenticated)
}

func TestIdentity_RolesAndLastAdmin(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ctx := t.Context()
	ten := env.RegisterCompany(t, "Roles")
	agent := env.AddAgent(t, ten, "Ray Agent", frontlinev1.Role_ROLE_AGENT)

	_, err := agent.Clients.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: agent.User.GetId(), Role: frontlinev1.Role_ROLE_ADMIN})
	wantCode(t, "agent promotes self", err, connect.CodePermissionDenied)

	_, err = ten.Clients.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: ten.Admin.GetId(), Role: frontlinev1.Role_ROLE_AGENT})
	wantCode(t, "last admin demotes self", err, connect.CodeFailedPrecondition)
	_, err = ten.Clients.Identity.DeactivateUser(ctx, &frontlinev1.DeactivateUserRequest{UserId: ten.Admin.GetId()})
	wantCode(t, "last admin deactivates self", err, connect.CodeFailedPrecondition)

	must(ten.Clients.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: agent.User.GetId(), Role: frontlinev1.Role_ROLE_ADMIN}))(t)
	// The promotion applies to the agent's existing session.
	must(agent.Clients.Identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: "third@example.com"}))(t)
	// With a second admin, the first may step down.
	res := must(ten.Clients.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: ten.Admin.GetId(), Role: frontlinev1.Role_ROLE_AGENT}))(t)
	if res.GetUser().GetRole() != frontlinev1.Role_ROLE_AGENT {
		t.Errorf("role = %v; want agent", res.GetUser().GetRole())
	}
	_, err = ten.Clients.Identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: "fourth@example.com"})
	wantCode(t, "demoted admin invites", err, connect.CodePermissionDenied)
}
