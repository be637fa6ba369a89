// Package synctest is the sync engine's test rig: an in-process HTTP client
// for the real server handler, a seeded fault-injecting replica.Transport,
// fast tenant fixtures written straight into the server store, and a
// deterministic simulation of a server and several replicas with invariant
// checks (sync.md T1).
package synctest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// InProcessClient is an http.Client whose round trips run h directly, for
// unary calls (no network, no goroutines).
func InProcessClient(h http.Handler) *http.Client {
	return &http.Client{Transport: handlerRT{h}}
}

type handlerRT struct{ h http.Handler }

func (rt handlerRT) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		body = b
	}
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	in.RequestURI = req.URL.RequestURI()
	rec := httptest.NewRecorder()
	rt.h.ServeHTTP(rec, in)
	return rec.Result(), nil
}

// Bearer is a client interceptor sending a bearer token.
type Bearer string

func (b Bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		req.Header().Set("Authorization", "Bearer "+string(b))
		return next(ctx, req)
	}
}

func (b Bearer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set("Authorization", "Bearer "+string(b))
		return conn
	}
}

func (b Bearer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}

// SyncClient returns the generated SyncService client for baseURL over hc
// sending token.
func SyncClient(hc *http.Client, baseURL, token string) frontlinev1connect.SyncServiceClient {
	return frontlinev1connect.NewSyncServiceClient(hc, baseURL, connect.WithInterceptors(Bearer(token)))
}

// Faults are per-call probabilities.
type Faults struct {
	DropRequest  float64 // fail before the server sees the call
	DropResponse float64 // the server handles it; the client gets an error
	Duplicate    float64 // the server handles it twice
	Delay        float64 // a copy of a push is kept and delivered later
	Stale        float64 // a pull returns an earlier response instead
}

// ErrInjected is the error of an injected fault.
var ErrInjected = connect.NewError(connect.CodeUnavailable, errors.New("synctest: injected fault"))

// FaultyTransport wraps a Transport with seeded faults. Offline fails every call.
type FaultyTransport struct {
	Inner   replica.Transport
	Rand    *rand.Rand
	Faults  Faults
	Offline bool

	mu      sync.Mutex
	delayed []*frontlinev1.PushRequest
	pulls   []*frontlinev1.PullResponse
}

func (f *FaultyTransport) hit(p float64) bool { return p > 0 && f.Rand.Float64() < p }

// Push implements replica.Transport.
func (f *FaultyTransport) Push(ctx context.Context, req *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	if f.Offline || f.hit(f.Faults.DropRequest) {
		return nil, ErrInjected
	}
	if f.hit(f.Faults.Delay) {
		f.mu.Lock()
		f.delayed = append(f.delayed, proto.Clone(req).(*frontlinev1.PushRequest))
		f.mu.Unlock()
	}
	res, err := f.Inner.Push(ctx, req)
	if err == nil && f.hit(f.Faults.Duplicate) {
		res, err = f.Inner.Push(ctx, req)
	}
	if err == nil && f.hit(f.Faults.DropResponse) {
		return nil, ErrInjected
	}
	return res, err
}

// Pull implements replica.Transport.
func (f *FaultyTransport) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	if f.Offline || f.hit(f.Faults.DropRequest) {
		return nil, ErrInjected
	}
	f.mu.Lock()
	if len(f.pulls) > 0 && f.hit(f.Faults.Stale) {
		old := f.pulls[f.Rand.IntN(len(f.pulls))]
		f.mu.Unlock()
		return proto.Clone(old).(*frontlinev1.PullResponse), nil
	}
	f.mu.Unlock()
	res, err := f.Inner.Pull(ctx, req)
	if err == nil && f.hit(f.Faults.Duplicate) {
		res, err = f.Inner.Pull(ctx, req)
	}
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.pulls = append(f.pulls, proto.Clone(res).(*frontlinev1.PullResponse))
	if len(f.pulls) > 16 {
		f.pulls = f.pulls[1:]
	}
	f.mu.Unlock()
	if f.hit(f.Faults.DropResponse) {
		return nil, ErrInjected
	}
	return res, nil
}

// Subscribe implements replica.Transport.
func (f *FaultyTransport) Subscribe(ctx context.Context, req *frontlinev1.SubscribeRequest) (replica.Stream, error) {
	if f.Offline {
		return nil, ErrInjected
	}
	return f.Inner.Subscribe(ctx, req)
}

// DeliverDelayed sends one delayed push (oldest first, or a random one when
// reorder is set) and discards the answer; it reports whether there was one.
func (f *FaultyTransport) DeliverDelayed(ctx context.Context, reorder bool) bool {
	f.mu.Lock()
	if len(f.delayed) == 0 {
		f.mu.Unlock()
		return false
	}
	i := 0
	if reorder {
		i = f.Rand.IntN(len(f.delayed))
	}
	req := f.delayed[i]
	f.delayed = append(f.delayed[:i], f.delayed[i+1:]...)
	f.mu.Unlock()
	_, _ = f.Inner.Push(ctx, req)
	return true
}
