package server_test

import (
	"errors"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
)

// wantCode fails the test unless err carries the Connect code want.
func wantCode(tb testing.TB, what string, err error, want connect.Code) {
	tb.Helper()
	if err == nil {
		tb.Errorf("%s: error = nil; want %v", what, want)
		return
	}
	if got := connect.CodeOf(err); got != want {
		tb.Errorf("%s: code = %v (%v); want %v", what, got, err, want)
	}
}

// must takes a call's results and returns a function that returns the
// value, failing the test now when the call failed:
//
//	res := must(client.Call(ctx, req))(t)
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// errorAs is errors.As for tests.
func errorAs(err error, target any) bool { return errors.As(err, target) }

// cmpProto compares protobuf messages by value.
func cmpProto() cmp.Option { return protocmp.Transform() }
