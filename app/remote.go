package app

import (
	"context"
	"net"
	"net/http"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

// RemoteConnector signs in against a Frontline server over Connect.
type RemoteConnector struct {
	// HTTPClient carries the calls; nil means a client with short dial timeouts.
	HTTPClient *http.Client
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

// Login implements Connector.
func (c RemoteConnector) Login(ctx context.Context, serverURL string, req *frontlinev1.LoginRequest) (*frontlinev1.LoginResponse, Desk, error) {
	hc := c.HTTPClient
	if hc == nil {
		hc = NewHTTPClient()
	}
	identity := frontlinev1connect.NewIdentityServiceClient(hc, serverURL)
	res, err := identity.Login(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	opt := connect.WithInterceptors(bearer(res.GetSession().GetToken()))
	return res, &remoteDesk{
		identity: frontlinev1connect.NewIdentityServiceClient(hc, serverURL, opt),
		tickets:  frontlinev1connect.NewTicketServiceClient(hc, serverURL, opt),
	}, nil
}

// bearer adds the session token to every unary call.
func bearer(token string) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if req.Spec().IsClient {
				req.Header().Set("Authorization", "Bearer "+token)
			}
			return next(ctx, req)
		}
	}
}

// remoteDesk is a Desk that asks the server for everything.
type remoteDesk struct {
	identity frontlinev1connect.IdentityServiceClient
	tickets  frontlinev1connect.TicketServiceClient
}

func (d *remoteDesk) WhoAmI(ctx context.Context) (*frontlinev1.WhoAmIResponse, error) {
	return d.identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{})
}

func (d *remoteDesk) Logout(ctx context.Context) error {
	_, err := d.identity.Logout(ctx, &frontlinev1.LogoutRequest{})
	return err
}

func (d *remoteDesk) ListUsers(ctx context.Context) ([]*frontlinev1.User, error) {
	res, err := d.identity.ListUsers(ctx, &frontlinev1.ListUsersRequest{})
	return res.GetUsers(), err
}

func (d *remoteDesk) ListTickets(ctx context.Context, req *frontlinev1.ListTicketsRequest) ([]*frontlinev1.Ticket, string, error) {
	res, err := d.tickets.ListTickets(ctx, req)
	return res.GetTickets(), res.GetNextPageToken(), err
}

func (d *remoteDesk) GetTicket(ctx context.Context, id string) (*frontlinev1.Ticket, []*frontlinev1.Message, error) {
	res, err := d.tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: id})
	return res.GetTicket(), res.GetMessages(), err
}

func (d *remoteDesk) UpdateTicket(ctx context.Context, req *frontlinev1.UpdateTicketRequest) (*frontlinev1.Ticket, error) {
	res, err := d.tickets.UpdateTicket(ctx, req)
	return res.GetTicket(), err
}

func (d *remoteDesk) AddMessage(ctx context.Context, req *frontlinev1.AddMessageRequest) (*frontlinev1.Message, *frontlinev1.Ticket, error) {
	res, err := d.tickets.AddMessage(ctx, req)
	return res.GetMessage(), res.GetTicket(), err
}
