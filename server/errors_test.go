package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/desk"
)

func TestConnectError(t *testing.T) {
	for _, tt := range []struct {
		name     string
		err      error
		wantCode connect.Code
		wantMsg  string
		wantLog  bool
	}{
		{"not_found", fmt.Errorf("get ticket: badgerstore: tenant 1234: %w", desk.ErrNotFound), connect.CodeNotFound, "not found", false},
		{"field", fmt.Errorf("wrapped: %w", desk.Invalid("customer.email", "must be a valid email address")), connect.CodeInvalidArgument, "customer.email: must be a valid email address", false},
		{"safe_message", withMessage("article changed since revision 1 (now 2): reload it", desk.ErrConflict), connect.CodeAborted, "article changed since revision 1 (now 2): reload it", false},
		{"exists", desk.ErrExists, connect.CodeAlreadyExists, "already exists", false},
		{"precondition", fmt.Errorf("x: %w", desk.ErrFailedPrecondition), connect.CodeFailedPrecondition, "failed precondition", false},
		{"canceled", fmt.Errorf("read: %w", context.Canceled), connect.CodeCanceled, "request canceled", false},
		{"connect_passes", connect.NewError(connect.CodeUnimplemented, errors.New("later")), connect.CodeUnimplemented, "later", false},
		{"unknown", errors.New("badger: value log truncated at /var/lib/secret"), connect.CodeInternal, "internal error", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := connectError(slog.New(slog.NewTextHandler(&buf, nil)), "/p", tt.err)
			ce := new(connect.Error)
			if !errors.As(err, &ce) {
				t.Fatalf("connectError(%v) = %T; want *connect.Error", tt.err, err)
			}
			if ce.Code() != tt.wantCode || ce.Message() != tt.wantMsg {
				t.Errorf("connectError(%v) = %v %q; want %v %q", tt.err, ce.Code(), ce.Message(), tt.wantCode, tt.wantMsg)
			}
			if logged := strings.Contains(buf.String(), "internal error"); logged != tt.wantLog {
				t.Errorf("logged = %v (%q); want %v", logged, buf.String(), tt.wantLog)
			}
		})
	}
	if connectError(slog.Default(), "/p", nil) != nil {
		t.Error("connectError(nil) != nil")
	}
}
