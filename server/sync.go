package server

import (
	"context"
	"errors"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

// syncService is the agreed shape-only SyncService: the sync engine fills
// it in. Calls are authenticated like any desk call, then refused.
type syncService struct{}

var _ frontlinev1connect.SyncServiceHandler = syncService{}

func errSyncPending() error {
	return connect.NewError(connect.CodeUnimplemented, errors.New("sync arrives with the sync engine"))
}

func (syncService) Push(context.Context, *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	return nil, errSyncPending()
}

func (syncService) Pull(context.Context, *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	return nil, errSyncPending()
}

func (syncService) Subscribe(context.Context, *frontlinev1.SubscribeRequest, *connect.ServerStream[frontlinev1.SubscribeResponse]) error {
	return errSyncPending()
}
