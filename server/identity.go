package server

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/internal/password"
	"github.com/frontlinedesk/frontline/server/store"
)

type identityService struct{ s *Server }

var _ frontlinev1connect.IdentityServiceHandler = (*identityService)(nil)

// errBadLogin is the one answer to every failed sign-in, so that callers
// cannot tell an unknown company or email from a wrong password.
func errBadLogin() error {
	return withMessage("wrong company, email or password", desk.ErrUnauthenticated)
}

// dummyHash is verified against when the user does not exist, so that a
// failed sign-in takes as long whatever the reason.
var dummyHash = func() string {
	h, err := password.Hash("frontline-timing-equaliser")
	if err != nil {
		panic(err) // crypto/rand failed at start-up
	}
	return h
}()

func (i *identityService) RegisterCompany(ctx context.Context, req *frontlinev1.RegisterCompanyRequest) (*frontlinev1.RegisterCompanyResponse, error) {
	name, err := checkLine("company_name", req.GetCompanyName(), minCompanyName, maxCompanyName)
	if err != nil {
		return nil, err
	}
	adminName, err := checkLine("admin_name", req.GetAdminName(), 1, maxPersonName)
	if err != nil {
		return nil, err
	}
	addr, err := checkEmail("email", req.GetEmail())
	if err != nil {
		return nil, err
	}
	if err := checkPassword("password", req.GetPassword()); err != nil {
		return nil, err
	}
	hash, err := password.Hash(req.GetPassword())
	if err != nil {
		return nil, err
	}
	now := i.s.now()
	c := &frontlinev1.Company{
		Id:         desk.NewID(now),
		Name:       name,
		WidgetKey:  desk.NewToken(desk.WidgetKeyPrefix),
		CreateTime: timestamppb.New(now),
	}
	u := &frontlinev1.User{
		Id:         desk.NewID(now),
		Email:      addr,
		Name:       adminName,
		Role:       frontlinev1.Role_ROLE_ADMIN,
		Active:     true,
		CreateTime: timestamppb.New(now),
	}
	if err := i.s.st.CreateCompany(ctx, c, u, store.Credential{PasswordHash: hash}); err != nil {
		if errors.Is(err, desk.ErrExists) {
			return nil, withMessage("company_name: a company with this name already exists", err)
		}
		return nil, fmt.Errorf("register company: %w", err)
	}
	sess, err := i.s.newSession(ctx, c.GetId(), u.GetId())
	if err != nil {
		return nil, err
	}
	return &frontlinev1.RegisterCompanyResponse{Company: c, User: u, Session: sess}, nil
}

func (i *identityService) Login(ctx context.Context, req *frontlinev1.LoginRequest) (*frontlinev1.LoginResponse, error) {
	if err := checkText("company_name", req.GetCompanyName(), 1, maxCompanyName); err != nil {
		return nil, err
	}
	if err := checkText("email", req.GetEmail(), 1, maxEmail); err != nil {
		return nil, err
	}
	if err := checkText("password", req.GetPassword(), 1, maxPassword); err != nil {
		return nil, err
	}
	c, u, cred, err := i.s.lookupLogin(ctx, req.GetCompanyName(), req.GetEmail())
	if err != nil {
		return nil, err
	}
	hash := dummyHash
	if u != nil {
		hash = cred.PasswordHash
	}
	ok, err := password.Verify(hash, req.GetPassword())
	if err != nil {
		return nil, fmt.Errorf("verify password: %w", err)
	}
	if u == nil || !ok || !u.GetActive() {
		return nil, errBadLogin()
	}
	sess, err := i.s.newSession(ctx, c.GetId(), u.GetId())
	if err != nil {
		return nil, err
	}
	return &frontlinev1.LoginResponse{Company: c, User: u, Session: sess}, nil
}

// lookupLogin finds the company and user of a sign-in; u is nil when
// either does not exist.
func (s *Server) lookupLogin(ctx context.Context, companyName, addr string) (*frontlinev1.Company, *frontlinev1.User, store.Credential, error) {
	c, err := s.st.CompanyByName(ctx, normName(companyName))
	if errors.Is(err, desk.ErrNotFound) {
		return nil, nil, store.Credential{}, nil
	}
	if err != nil {
		return nil, nil, store.Credential{}, fmt.Errorf("login: find company: %w", err)
	}
	u, cred, err := s.st.UserByEmail(ctx, c.GetId(), normEmail(addr))
	if errors.Is(err, desk.ErrNotFound) {
		return c, nil, store.Credential{}, nil
	}
	if err != nil {
		return nil, nil, store.Credential{}, fmt.Errorf("login: find user: %w", err)
	}
	return c, u, cred, nil
}

func (i *identityService) Logout(ctx context.Context, _ *frontlinev1.LogoutRequest) (*frontlinev1.LogoutResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := i.s.st.DeleteSession(ctx, c.TokenHash); err != nil && !errors.Is(err, desk.ErrNotFound) {
		return nil, fmt.Errorf("logout: %w", err)
	}
	i.s.streams.kick(c.TenantID, c.User.GetId(), c.TokenHash, true)
	return &frontlinev1.LogoutResponse{}, nil
}

func (i *identityService) WhoAmI(ctx context.Context, _ *frontlinev1.WhoAmIRequest) (*frontlinev1.WhoAmIResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	co, err := i.s.st.Company(ctx, c.TenantID)
	if err != nil {
		return nil, fmt.Errorf("whoami: %w", err)
	}
	return &frontlinev1.WhoAmIResponse{Company: co, User: c.User}, nil
}

func (i *identityService) InviteAgent(ctx context.Context, req *frontlinev1.InviteAgentRequest) (*frontlinev1.InviteAgentResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	addr, err := checkEmail("email", req.GetEmail())
	if err != nil {
		return nil, err
	}
	r := req.GetRole()
	if r == frontlinev1.Role_ROLE_UNSPECIFIED {
		r = frontlinev1.Role_ROLE_AGENT
	}
	if err := checkRole("role", r); err != nil {
		return nil, err
	}
	switch _, _, err := i.s.st.UserByEmail(ctx, c.TenantID, addr); {
	case err == nil:
		return nil, withMessage("email: a user with this email already exists", desk.ErrExists)
	case !errors.Is(err, desk.ErrNotFound):
		return nil, fmt.Errorf("invite: find user: %w", err)
	}
	now := i.s.now()
	tok := desk.NewToken(desk.InviteTokenPrefix)
	inv := store.Invite{
		TokenHash:  desk.HashToken(tok),
		TenantID:   c.TenantID,
		Email:      addr,
		Role:       r,
		InvitedBy:  c.User.GetId(),
		CreateTime: now,
		ExpireTime: now.Add(inviteTTL),
	}
	if err := i.s.st.CreateInvite(ctx, inv); err != nil {
		return nil, fmt.Errorf("invite: %w", err)
	}
	i.s.audit(ctx, c, "user.invite", "", fmt.Sprintf("Invited %s as %s", addr, roleWord(r)))
	return &frontlinev1.InviteAgentResponse{InviteToken: tok, ExpireTime: timestamppb.New(inv.ExpireTime)}, nil
}

func (i *identityService) AcceptInvite(ctx context.Context, req *frontlinev1.AcceptInviteRequest) (*frontlinev1.AcceptInviteResponse, error) {
	if err := checkToken("invite_token", req.GetInviteToken(), desk.InviteTokenPrefix); err != nil {
		return nil, err
	}
	name, err := checkLine("name", req.GetName(), 1, maxPersonName)
	if err != nil {
		return nil, err
	}
	if err := checkPassword("password", req.GetPassword()); err != nil {
		return nil, err
	}
	hash, err := password.Hash(req.GetPassword())
	if err != nil {
		return nil, err
	}
	inv, err := i.s.st.TakeInvite(ctx, desk.HashToken(req.GetInviteToken()))
	if err != nil {
		if errors.Is(err, desk.ErrNotFound) {
			return nil, withMessage("invitation is unknown, used or expired", err)
		}
		return nil, fmt.Errorf("accept invite: %w", err)
	}
	if !i.s.now().Before(inv.ExpireTime) {
		return nil, withMessage("invitation is unknown, used or expired", desk.ErrNotFound)
	}
	now := i.s.now()
	u := &frontlinev1.User{
		Id:         desk.NewID(now),
		Email:      inv.Email,
		Name:       name,
		Role:       inv.Role,
		Active:     true,
		CreateTime: timestamppb.New(now),
	}
	if err := i.s.st.CreateUser(ctx, inv.TenantID, u, store.Credential{PasswordHash: hash}); err != nil {
		if errors.Is(err, desk.ErrExists) {
			return nil, withMessage("a user with this email already exists", err)
		}
		return nil, fmt.Errorf("accept invite: %w", err)
	}
	co, err := i.s.st.Company(ctx, inv.TenantID)
	if err != nil {
		return nil, fmt.Errorf("accept invite: %w", err)
	}
	sess, err := i.s.newSession(ctx, inv.TenantID, u.GetId())
	if err != nil {
		return nil, err
	}
	return &frontlinev1.AcceptInviteResponse{Company: co, User: u, Session: sess}, nil
}

func (i *identityService) ListUsers(ctx context.Context, _ *frontlinev1.ListUsersRequest) (*frontlinev1.ListUsersResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	users, err := i.s.st.ListUsers(ctx, c.TenantID)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return &frontlinev1.ListUsersResponse{Users: users}, nil
}

func (i *identityService) SetRole(ctx context.Context, req *frontlinev1.SetRoleRequest) (*frontlinev1.SetRoleResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("user_id", req.GetUserId()); err != nil {
		return nil, err
	}
	if err := checkRole("role", req.GetRole()); err != nil {
		return nil, err
	}
	i.s.adminMu.Lock()
	defer i.s.adminMu.Unlock()
	if req.GetRole() != frontlinev1.Role_ROLE_ADMIN {
		if err := i.s.keepAnAdmin(ctx, c.TenantID, req.GetUserId()); err != nil {
			return nil, err
		}
	}
	u, err := i.s.st.UpdateUser(ctx, c.TenantID, req.GetUserId(), func(u *frontlinev1.User) error {
		u.Role = req.GetRole()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("set role: %w", err)
	}
	i.s.streams.kick(c.TenantID, u.GetId(), "", false)
	i.s.audit(ctx, c, "user.role", u.GetId(), fmt.Sprintf("Role of %s set to %s", u.GetName(), roleWord(u.GetRole())))
	return &frontlinev1.SetRoleResponse{User: u}, nil
}

func (i *identityService) DeactivateUser(ctx context.Context, req *frontlinev1.DeactivateUserRequest) (*frontlinev1.DeactivateUserResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("user_id", req.GetUserId()); err != nil {
		return nil, err
	}
	i.s.adminMu.Lock()
	defer i.s.adminMu.Unlock()
	if err := i.s.keepAnAdmin(ctx, c.TenantID, req.GetUserId()); err != nil {
		return nil, err
	}
	u, err := i.s.st.UpdateUser(ctx, c.TenantID, req.GetUserId(), func(u *frontlinev1.User) error {
		u.Active = false
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("deactivate user: %w", err)
	}
	if err := i.s.st.DeleteUserSessions(ctx, c.TenantID, u.GetId()); err != nil {
		return nil, fmt.Errorf("deactivate user: revoke sessions: %w", err)
	}
	i.s.streams.kick(c.TenantID, u.GetId(), "", true)
	i.s.audit(ctx, c, "user.deactivate", u.GetId(), fmt.Sprintf("%s deactivated", u.GetName()))
	return &frontlinev1.DeactivateUserResponse{User: u}, nil
}

// keepAnAdmin fails with FailedPrecondition when userID is the tenant's
// last active admin, who may be neither demoted nor deactivated. A user of
// another tenant is not found. The caller holds adminMu.
func (s *Server) keepAnAdmin(ctx context.Context, tenantID, userID string) error {
	target, err := s.st.User(ctx, tenantID, userID)
	if err != nil {
		return fmt.Errorf("find user: %w", err)
	}
	if target.GetRole() != frontlinev1.Role_ROLE_ADMIN || !target.GetActive() {
		return nil
	}
	users, err := s.st.ListUsers(ctx, tenantID)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	admins := 0
	for _, u := range users {
		if u.GetRole() == frontlinev1.Role_ROLE_ADMIN && u.GetActive() {
			admins++
		}
	}
	if admins <= 1 {
		return withMessage("the company needs at least one active admin", desk.ErrFailedPrecondition)
	}
	return nil
}

// newSession creates a desk session and returns its token, shown once.
func (s *Server) newSession(ctx context.Context, tenantID, userID string) (*frontlinev1.Session, error) {
	now := s.now()
	tok := desk.NewToken(desk.SessionTokenPrefix)
	sess := store.Session{
		TokenHash:  desk.HashToken(tok),
		Kind:       store.SessionDesk,
		TenantID:   tenantID,
		UserID:     userID,
		CreateTime: now,
		ExpireTime: now.Add(sessionTTL),
	}
	if err := s.st.CreateSession(ctx, sess); err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	return &frontlinev1.Session{Token: tok, ExpireTime: timestamppb.New(sess.ExpireTime)}, nil
}
