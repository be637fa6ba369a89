package app

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"connectrpc.com/connect"
)

func TestMapError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want UIError
	}{
		{"unauthenticated", connect.NewError(connect.CodeUnauthenticated, errors.New("unauthenticated")), UIError{Message: MsgSessionExpired, Kind: KindAuth}},
		{"unavailable", connect.NewError(connect.CodeUnavailable, errors.New("dial tcp 127.0.0.1:1: connect: connection refused")), UIError{Message: MsgOffline, Kind: KindOffline}},
		{"unknown_transport", connect.NewError(connect.CodeUnknown, errors.New("unexpected EOF")), UIError{Message: MsgOffline, Kind: KindOffline}},
		{"bad_gateway", connect.NewError(connect.CodeUnavailable, errors.New("HTTP status 502 Bad Gateway")), UIError{Message: MsgOffline, Kind: KindOffline}},
		{"deadline", connect.NewError(connect.CodeDeadlineExceeded, errors.New("deadline exceeded")), UIError{Message: MsgTimeout, Kind: KindOffline}},
		{"ctx_deadline", fmt.Errorf("list: %w", context.DeadlineExceeded), UIError{Message: MsgTimeout, Kind: KindOffline}},
		{"not_found", connect.NewError(connect.CodeNotFound, errors.New("not found")), UIError{Message: MsgNotFound, Kind: KindNotFound}},
		{"permission", connect.NewError(connect.CodePermissionDenied, errors.New("permission denied")), UIError{Message: MsgPermission, Kind: KindPermission}},
		{"aborted", connect.NewError(connect.CodeAborted, errors.New("conflict")), UIError{Message: MsgConflict, Kind: KindConflict}},
		{"field", connect.NewError(connect.CodeInvalidArgument, errors.New("body: must be at most 20000 characters")), UIError{Message: "Must be at most 20000 characters", Field: "body", Kind: KindInvalid}},
		{"nested_field", connect.NewError(connect.CodeInvalidArgument, errors.New("customer.email: is not an email address")), UIError{Message: "Is not an email address", Field: "email", Kind: KindInvalid}},
		{"unknown_field", connect.NewError(connect.CodeInvalidArgument, errors.New("page_token: is malformed")), UIError{Message: "Page_token: is malformed", Kind: KindInvalid}},
		{"precondition", connect.NewError(connect.CodeFailedPrecondition, errors.New("ticket cannot move from closed to open")), UIError{Message: "Ticket cannot move from closed to open", Kind: KindInvalid}},
		{"internal", connect.NewError(connect.CodeInternal, errors.New("internal error")), UIError{Message: MsgInternal, Kind: KindInternal}},
		{"plain", errors.New("disk on fire"), UIError{Message: MsgInternal, Kind: KindInternal}},
		{"not_signed_in", fmt.Errorf("list: %w", errNotSignedIn), UIError{Message: MsgNotSignedIn, Kind: KindAuth}},
		{"already_ui", fieldErr("email", "Enter your email"), UIError{Message: "Enter your email", Field: "email", Kind: KindInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := mapError(tt.err)
			if got.Message != tt.want.Message || got.Field != tt.want.Field || got.Kind != tt.want.Kind {
				t.Errorf("mapError(%v) = {%q %q %q}, want {%q %q %q}", tt.err, got.Message, got.Field, got.Kind, tt.want.Message, tt.want.Field, tt.want.Kind)
			}
			if got.Error() != got.Message {
				t.Errorf("Error() = %q, want the message", got.Error())
			}
		})
	}
	if mapError(nil) != nil {
		t.Error("mapError(nil) != nil")
	}
}

func TestMapLoginError(t *testing.T) {
	t.Parallel()
	got := mapLoginError(connect.NewError(connect.CodeUnauthenticated, errors.New("wrong company, email or password")))
	if got.Message != MsgWrongCredentials || got.Kind != KindAuth {
		t.Errorf("mapLoginError(Unauthenticated) = %+v", got)
	}
	if got := mapLoginError(connect.NewError(connect.CodeUnavailable, errors.New("connection refused"))); got.Message != MsgOffline {
		t.Errorf("mapLoginError(Unavailable) = %+v", got)
	}
}

func TestFormatIsJSONObject(t *testing.T) {
	t.Parallel()
	got, ok := Format(fieldErr("company", "Enter your company name")).(*UIError)
	if !ok || got.Field != "company" {
		t.Fatalf("Format = %#v", got)
	}
}

func TestNormalizeServerURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "http://127.0.0.1:8080"},
		{"localhost:9000", "http://localhost:9000"},
		{"https://desk.example.com/", "https://desk.example.com"},
		{"  http://10.0.0.2:8080/frontline/ ", "http://10.0.0.2:8080/frontline"},
	}
	for _, tt := range tests {
		got, err := normalizeServerURL(tt.in, DefaultServerURL)
		if err != nil || got != tt.want {
			t.Errorf("normalizeServerURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"ftp://x", "http://", "http://x?y=1", "::::"} {
		if _, err := normalizeServerURL(bad, DefaultServerURL); err == nil || err.Field != "serverURL" {
			t.Errorf("normalizeServerURL(%q) error = %v, want a serverURL field error", bad, err)
		}
	}
}
