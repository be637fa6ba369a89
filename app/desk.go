package app

import (
	"context"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Server is what a signed-in session still needs the server for. Every read
// the bindings make comes from the local replica (sync/replica) and every
// write goes through its outbox; the server is only asked who is signed in,
// told about a logout, and used as the replica's sync transport.
type Server interface {
	WhoAmI(ctx context.Context) (*frontlinev1.WhoAmIResponse, error)
	Logout(ctx context.Context) error
	// Sync is the SyncService the replica pushes to and pulls from.
	Sync() replica.Transport
}

// Connector signs in to a server and returns the Server for that session.
type Connector interface {
	Login(ctx context.Context, serverURL string, req *frontlinev1.LoginRequest) (*frontlinev1.LoginResponse, Server, error)
	// Resume returns the Server for a session token stored earlier, without
	// calling the server (which may be out of reach).
	Resume(serverURL, token string) Server
}
