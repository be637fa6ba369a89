package app

import (
	"context"
	"net"
	"net/http"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// RemoteConnector signs in against a Frontline server over Connect.
type RemoteConnector struct {
	// HTTPClient carries unary calls; nil means NewHTTPClient().
	HTTPClient *http.Client
	// StreamClient carries the long-lived Subscribe stream; nil means
	// HTTPClient when that is set, else NewStreamClient().
	StreamClient *http.Client
	// CallTimeout bounds each Push and Pull of the sync loop; 0 means 30 s.
	CallTimeout time.Duration
}

// NewHTTPClient returns the client the desktop uses: quick to give up on an
// unreachable server, so the UI can say it is offline.
func NewHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}}
}

// NewStreamClient is NewHTTPClient without a response-header timeout: a
// Subscribe stream may say nothing until its first heartbeat (20 s).
func NewStreamClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 15 * time.Second}).DialContext,
		TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   true,
	}}
}

func (c RemoteConnector) clients() (unary, stream *http.Client) {
	unary, stream = c.HTTPClient, c.StreamClient
	if unary == nil {
		unary = NewHTTPClient()
	}
	if stream == nil {
		if c.HTTPClient != nil {
			stream = c.HTTPClient
		} else {
			stream = NewStreamClient()
		}
	}
	return unary, stream
}

// Login implements Connector.
func (c RemoteConnector) Login(ctx context.Context, serverURL string, req *frontlinev1.LoginRequest) (*frontlinev1.LoginResponse, Server, error) {
	unary, _ := c.clients()
	res, err := frontlinev1connect.NewIdentityServiceClient(unary, serverURL).Login(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	return res, c.Resume(serverURL, res.GetSession().GetToken()), nil
}

// Resume implements Connector.
func (c RemoteConnector) Resume(serverURL, token string) Server {
	unary, stream := c.clients()
	opt := connect.WithInterceptors(bearer(token))
	d := c.CallTimeout
	if d <= 0 {
		d = 30 * time.Second
	}
	return &remoteServer{
		identity: frontlinev1connect.NewIdentityServiceClient(unary, serverURL, opt),
		copilot:  frontlinev1connect.NewCopilotServiceClient(unary, serverURL, opt),
		settings: frontlinev1connect.NewSettingsServiceClient(unary, serverURL, opt),
		// The admin's services (admin.go).
		widgetAdmin: frontlinev1connect.NewWidgetAdminServiceClient(unary, serverURL, opt),
		aiAdmin:     frontlinev1connect.NewAIAdminServiceClient(unary, serverURL, opt),
		// The knowledge base editor's writes (knowledge.go).
		knowledge: frontlinev1connect.NewKnowledgeServiceClient(unary, serverURL, opt),
		tickets:   frontlinev1connect.NewTicketServiceClient(unary, serverURL, opt),
		sync: timeoutTransport{
			unary:  frontlinev1connect.NewSyncServiceClient(unary, serverURL, opt),
			stream: frontlinev1connect.NewSyncServiceClient(stream, serverURL, opt),
			d:      d,
		},
	}
}

// bearer sends the session token on every call, unary and streaming.
type bearer string

func (b bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			req.Header().Set("Authorization", "Bearer "+string(b))
		}
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

// remoteServer is a Server over the Connect API.
type remoteServer struct {
	identity frontlinev1connect.IdentityServiceClient
	copilot  frontlinev1connect.CopilotServiceClient
	settings frontlinev1connect.SettingsServiceClient
	sync     replica.Transport
	// widgetAdmin and aiAdmin serve the admin's sections (admin.go).
	widgetAdmin frontlinev1connect.WidgetAdminServiceClient
	aiAdmin     frontlinev1connect.AIAdminServiceClient
	// knowledge serves the knowledge base editor (knowledge.go).
	knowledge frontlinev1connect.KnowledgeServiceClient
	// tickets carries presence heartbeats (presence.go); ticket writes go
	// through the replica, never through it.
	tickets frontlinev1connect.TicketServiceClient
}

// Tickets is the server's TicketService (see presence.go's presenceRemote).
func (s *remoteServer) Tickets() frontlinev1connect.TicketServiceClient { return s.tickets }

// Knowledge is the server's KnowledgeService (see knowledge.go's knowledgeRemote).
func (s *remoteServer) Knowledge() frontlinev1connect.KnowledgeServiceClient { return s.knowledge }

// Settings is the server's SettingsService (see settings.go's settingsRemote).
func (s *remoteServer) Settings() frontlinev1connect.SettingsServiceClient { return s.settings }

// Copilot is the server's CopilotService (see copilot.go's copilotRemote).
func (s *remoteServer) Copilot() frontlinev1connect.CopilotServiceClient { return s.copilot }

func (s *remoteServer) WhoAmI(ctx context.Context) (*frontlinev1.WhoAmIResponse, error) {
	return s.identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{})
}

func (s *remoteServer) Logout(ctx context.Context) error {
	_, err := s.identity.Logout(ctx, &frontlinev1.LogoutRequest{})
	return err
}

func (s *remoteServer) Sync() replica.Transport { return s.sync }

// timeoutTransport bounds each Push and Pull, so a connection that hangs
// (rather than fails) still turns the status line to Offline; Subscribe is
// long-lived and ends with the loop's context.
type timeoutTransport struct {
	unary, stream frontlinev1connect.SyncServiceClient
	d             time.Duration
}

func (t timeoutTransport) Push(ctx context.Context, req *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, t.d)
	defer cancel()
	return t.unary.Push(ctx, req)
}

func (t timeoutTransport) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, t.d)
	defer cancel()
	return t.unary.Pull(ctx, req)
}

func (t timeoutTransport) Subscribe(ctx context.Context, req *frontlinev1.SubscribeRequest) (replica.Stream, error) {
	return replica.ConnectTransport(t.stream).Subscribe(ctx, req)
}
