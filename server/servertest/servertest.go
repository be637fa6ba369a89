// Package servertest runs the real Frontline server on an httptest server
// (HTTP/1.1 and h2c) over an in-memory badger store, and gives tests the
// generated Connect clients and helpers to register companies and sign in.
package servertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/ratelimit"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

// Password is the password of every user the helpers create.
const Password = "servertest-password"

// Env is a running server and what tests need to call it.
type Env struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:34567.
	URL string
	// Server is the handler under test.
	Server *server.Server
	// Store is the in-memory store behind it.
	Store store.Store
	// HTTPClient speaks HTTP/1.1; H2CClient speaks HTTP/2 without TLS.
	HTTPClient *http.Client
	H2CClient  *http.Client

	seq atomic.Int64
}

// New starts a server over a fresh in-memory store; both stop when the
// test ends. Extra options are passed to server.New (the logger defaults to
// one that discards).
func New(tb testing.TB, opts ...server.Option) *Env {
	tb.Helper()
	return NewOver(tb, storetest.New(tb), opts...)
}

// NewOver is New over a store the test opened (for example an on-disk one
// it closes and reopens); the HTTP server stops when the test ends.
func NewOver(tb testing.TB, st store.Store, opts ...server.Option) *Env {
	tb.Helper()
	opts = append([]server.Option{
		server.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		// Tests call from one address far faster than a customer would;
		// rate-limit tests pass their own limits, which come later and win.
		server.WithRateLimits(ratelimit.Limit{}, ratelimit.Limit{}),
	}, opts...)
	srv := server.New(st, opts...)
	hs := httptest.NewUnstartedServer(srv)
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	hs.Config.Protocols = &p
	hs.Config.RegisterOnShutdown(srv.CloseStreams)
	hs.Start()
	var pc http.Protocols
	pc.SetUnencryptedHTTP2(true)
	e := &Env{
		URL:        hs.URL,
		Server:     srv,
		Store:      st,
		HTTPClient: hs.Client(),
		H2CClient:  &http.Client{Transport: &http.Transport{Protocols: &pc}},
	}
	// Registered after storetest's cleanup, so it runs first: streams end,
	// the HTTP server drains, then the store closes.
	tb.Cleanup(func() {
		srv.CloseStreams()
		hs.Close()
		e.H2CClient.CloseIdleConnections()
	})
	return e
}

// Clients are the generated clients of every service, sending one bearer token.
type Clients struct {
	Identity  frontlinev1connect.IdentityServiceClient
	Tickets   frontlinev1connect.TicketServiceClient
	Knowledge frontlinev1connect.KnowledgeServiceClient
	Widget    frontlinev1connect.WidgetServiceClient
	Sync      frontlinev1connect.SyncServiceClient
	// WidgetAdmin configures the tenant's widget (admins only).
	WidgetAdmin frontlinev1connect.WidgetAdminServiceClient
	// AIAdmin configures the tenant's LLM provider (admins only).
	AIAdmin frontlinev1connect.AIAdminServiceClient
	// Copilot helps desk users with tickets.
	Copilot frontlinev1connect.CopilotServiceClient
	// Settings holds categories, macros and priority rules.
	Settings frontlinev1connect.SettingsServiceClient
}

// Clients returns Connect-protocol clients over HTTP/1.1 that send token
// (none when empty).
func (e *Env) Clients(token string, opts ...connect.ClientOption) Clients {
	return e.ClientsWith(e.HTTPClient, token, opts...)
}

// ClientsWith returns clients over hc that send token; pass
// connect.WithGRPC() and e.H2CClient for gRPC over h2c.
func (e *Env) ClientsWith(hc *http.Client, token string, opts ...connect.ClientOption) Clients {
	if token != "" {
		opts = append(opts, connect.WithInterceptors(bearer(token)))
	}
	return Clients{
		Identity:  frontlinev1connect.NewIdentityServiceClient(hc, e.URL, opts...),
		Tickets:   frontlinev1connect.NewTicketServiceClient(hc, e.URL, opts...),
		Knowledge: frontlinev1connect.NewKnowledgeServiceClient(hc, e.URL, opts...),
		Widget:    frontlinev1connect.NewWidgetServiceClient(hc, e.URL, opts...),
		Sync:      frontlinev1connect.NewSyncServiceClient(hc, e.URL, opts...),

		WidgetAdmin: frontlinev1connect.NewWidgetAdminServiceClient(hc, e.URL, opts...),
		AIAdmin:     frontlinev1connect.NewAIAdminServiceClient(hc, e.URL, opts...),
		Copilot:     frontlinev1connect.NewCopilotServiceClient(hc, e.URL, opts...),
		Settings:    frontlinev1connect.NewSettingsServiceClient(hc, e.URL, opts...),
	}
}

// bearer is a client interceptor that sends "Authorization: Bearer token".
type bearer string

func (b bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		req.Header().Set("Authorization", "Bearer "+string(b))
		return next(ctx, req)
	}
}

func (b bearer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set("Authorization", "Bearer "+string(b))
		return conn
	}
}

func (b bearer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}

// Tenant is a registered company with its admin signed in.
type Tenant struct {
	Company    *frontlinev1.Company
	Admin      *frontlinev1.User
	AdminToken string
	// Admin's clients.
	Clients Clients
}

// RegisterCompany registers a company with a unique name starting with
// prefix and returns it with its admin (email admin@example.com, password
// Password) signed in.
func (e *Env) RegisterCompany(tb testing.TB, prefix string) Tenant {
	tb.Helper()
	name := fmt.Sprintf("%s %d", prefix, e.seq.Add(1))
	res, err := e.Clients("").Identity.RegisterCompany(tb.Context(), &frontlinev1.RegisterCompanyRequest{
		CompanyName: name,
		AdminName:   prefix + " Admin",
		Email:       "admin@example.com",
		Password:    Password,
	})
	if err != nil {
		tb.Fatalf("servertest: register %q: %v", name, err)
	}
	tok := res.GetSession().GetToken()
	return Tenant{Company: res.GetCompany(), Admin: res.GetUser(), AdminToken: tok, Clients: e.Clients(tok)}
}

// Member is a signed-in user of a tenant.
type Member struct {
	User    *frontlinev1.User
	Token   string
	Clients Clients
}

// AddAgent invites a user with the given role (agent when unspecified)
// into t and signs them in. The email is derived from name.
func (e *Env) AddAgent(tb testing.TB, t Tenant, name string, r frontlinev1.Role) Member {
	tb.Helper()
	addr := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"
	inv, err := t.Clients.Identity.InviteAgent(tb.Context(), &frontlinev1.InviteAgentRequest{Email: addr, Role: r})
	if err != nil {
		tb.Fatalf("servertest: invite %s: %v", addr, err)
	}
	res, err := e.Clients("").Identity.AcceptInvite(tb.Context(), &frontlinev1.AcceptInviteRequest{
		InviteToken: inv.GetInviteToken(),
		Name:        name,
		Password:    Password,
	})
	if err != nil {
		tb.Fatalf("servertest: accept invite for %s: %v", addr, err)
	}
	tok := res.GetSession().GetToken()
	return Member{User: res.GetUser(), Token: tok, Clients: e.Clients(tok)}
}

// Login signs a user in and returns the session token.
func (e *Env) Login(tb testing.TB, company, email, password string) string {
	tb.Helper()
	res, err := e.Clients("").Identity.Login(tb.Context(), &frontlinev1.LoginRequest{
		CompanyName: company, Email: email, Password: password,
	})
	if err != nil {
		tb.Fatalf("servertest: login %s at %q: %v", email, company, err)
	}
	return res.GetSession().GetToken()
}

// CreateTicket opens a desk ticket in t with a fixed customer.
func (e *Env) CreateTicket(tb testing.TB, c Clients, subject string) *frontlinev1.Ticket {
	tb.Helper()
	res, err := c.Tickets.CreateTicket(tb.Context(), &frontlinev1.CreateTicketRequest{
		Subject:  subject,
		Body:     "Please help with: " + subject,
		Customer: &frontlinev1.Customer{Name: "Casey Customer", Email: "casey@example.com"},
	})
	if err != nil {
		tb.Fatalf("servertest: create ticket %q: %v", subject, err)
	}
	return res.GetTicket()
}

// Conversation is a widget conversation and its customer's clients.
type Conversation struct {
	Conversation *frontlinev1.Conversation
	Token        string
	Clients      Clients
}

// StartConversation opens a widget conversation in t.
func (e *Env) StartConversation(tb testing.TB, t Tenant, description string) Conversation {
	tb.Helper()
	res, err := e.Clients("").Widget.StartConversation(tb.Context(), &frontlinev1.StartConversationRequest{
		WidgetKey:   t.Company.GetWidgetKey(),
		Name:        "Wendy Widget",
		Email:       "wendy@example.com",
		Product:     "Trail 29",
		Description: description,
	})
	if err != nil {
		tb.Fatalf("servertest: start conversation: %v", err)
	}
	return Conversation{Conversation: res.GetConversation(), Token: res.GetToken(), Clients: e.Clients(res.GetToken())}
}
