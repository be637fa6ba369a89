package app

import (
	"context"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Desk is everything the bindings need from outside the process for one
// signed-in session. remote.go implements it over the server's Connect API;
// the sync issue serves reads from a local replica behind the same interface.
type Desk interface {
	WhoAmI(ctx context.Context) (*frontlinev1.WhoAmIResponse, error)
	Logout(ctx context.Context) error
	ListUsers(ctx context.Context) ([]*frontlinev1.User, error)
	// ListTickets returns one page and the token of the next (empty on the last).
	ListTickets(ctx context.Context, req *frontlinev1.ListTicketsRequest) ([]*frontlinev1.Ticket, string, error)
	GetTicket(ctx context.Context, id string) (*frontlinev1.Ticket, []*frontlinev1.Message, error)
	UpdateTicket(ctx context.Context, req *frontlinev1.UpdateTicketRequest) (*frontlinev1.Ticket, error)
	AddMessage(ctx context.Context, req *frontlinev1.AddMessageRequest) (*frontlinev1.Message, *frontlinev1.Ticket, error)
}

// Connector signs in to a server and returns the Desk for that session.
type Connector interface {
	Login(ctx context.Context, serverURL string, req *frontlinev1.LoginRequest) (*frontlinev1.LoginResponse, Desk, error)
}
