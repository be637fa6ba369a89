package server

import (
	"context"
	"errors"
	"log/slog"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/desk"
)

// safeError attaches a message that is safe to show the caller to an error
// wrapping a desk sentinel. connectError prefers it to the code's default.
type safeError struct {
	msg string
	err error
}

func (e *safeError) Error() string { return e.msg + ": " + e.err.Error() }
func (e *safeError) Unwrap() error { return e.err }

// withMessage wraps err so that the caller sees msg instead of the default
// text for err's code.
func withMessage(msg string, err error) error { return &safeError{msg: msg, err: err} }

// codes maps the desk sentinels to Connect codes and default messages.
var codes = []struct {
	err  error
	code connect.Code
	msg  string
}{
	{desk.ErrNotFound, connect.CodeNotFound, "not found"},
	{desk.ErrExists, connect.CodeAlreadyExists, "already exists"},
	{desk.ErrConflict, connect.CodeAborted, "conflict: reload and try again"},
	{desk.ErrInvalid, connect.CodeInvalidArgument, "invalid argument"},
	{desk.ErrUnauthenticated, connect.CodeUnauthenticated, "unauthenticated"},
	{desk.ErrPermission, connect.CodePermissionDenied, "permission denied"},
	{desk.ErrFailedPrecondition, connect.CodeFailedPrecondition, "failed precondition"},
}

// connectError is the one place where errors become Connect errors. Handlers
// return errors wrapping desk sentinels; the auth interceptor passes every
// handler error through here. Connect errors and context errors pass
// through; an error wrapping no sentinel is logged and becomes Internal
// "internal error", so no internal detail reaches the client.
func connectError(log *slog.Logger, procedure string, err error) error {
	if err == nil {
		return nil
	}
	if ce := new(connect.Error); errors.As(err, &ce) {
		return ce
	}
	switch {
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, errors.New("request canceled"))
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, errors.New("deadline exceeded"))
	}
	if fe := new(desk.FieldError); errors.As(err, &fe) {
		return connect.NewError(connect.CodeInvalidArgument, errors.New(fe.Error()))
	}
	for _, c := range codes {
		if !errors.Is(err, c.err) {
			continue
		}
		msg := c.msg
		if se := new(safeError); errors.As(err, &se) {
			msg = se.msg
		}
		return connect.NewError(c.code, errors.New(msg))
	}
	log.Error("internal error", "procedure", procedure, "err", err)
	return connect.NewError(connect.CodeInternal, errors.New("internal error"))
}
