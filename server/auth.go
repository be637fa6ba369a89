package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// caller is who is calling, as the interceptor established it. Handlers
// take the tenant only from here, never from a request field.
type caller struct {
	TenantID  string
	TokenHash string
	// For desk sessions:
	User *frontlinev1.User
	// For widget conversations:
	TicketID string
}

type ctxKey int

const callerKey ctxKey = iota

func withCaller(ctx context.Context, c caller) context.Context {
	return context.WithValue(ctx, callerKey, c)
}

// callerFrom returns the authenticated caller. Handlers behind policyDesk,
// policyAdmin or policyConversation always have one; its absence is a bug
// and is reported as an internal error.
func callerFrom(ctx context.Context) (caller, error) {
	c, ok := ctx.Value(callerKey).(caller)
	if !ok {
		return caller{}, errors.New("server: no caller in context")
	}
	return c, nil
}

// authInterceptor authenticates every call according to the policy table
// and maps every handler error through connectError.
type authInterceptor struct {
	st  store.Store
	log *slog.Logger
	now func() time.Time
}

var _ connect.Interceptor = (*authInterceptor)(nil)

func (a *authInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		proc := req.Spec().Procedure
		ctx, err := a.authenticate(ctx, proc, req.Header())
		if err != nil {
			return nil, err
		}
		res, err := next(ctx, req)
		return res, connectError(a.log, proc, err)
	}
}

func (a *authInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (a *authInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		proc := conn.Spec().Procedure
		ctx, err := a.authenticate(ctx, proc, conn.RequestHeader())
		if err != nil {
			return err
		}
		return connectError(a.log, proc, next(ctx, conn))
	}
}

func unauthenticated(msg string) error {
	return connect.NewError(connect.CodeUnauthenticated, errors.New(msg))
}

func permissionDenied(msg string) error {
	return connect.NewError(connect.CodePermissionDenied, errors.New(msg))
}

// authenticate applies proc's policy and, for token policies, puts the
// caller into ctx.
func (a *authInterceptor) authenticate(ctx context.Context, proc string, h http.Header) (context.Context, error) {
	pol, ok := policies[proc]
	if !ok {
		return ctx, permissionDenied("procedure has no access policy")
	}
	if pol == policyPublic || pol == policyWidgetKey {
		return ctx, nil
	}
	tok, ok := bearer(h)
	if !ok {
		return ctx, unauthenticated("missing bearer token")
	}
	if len(tok) > maxTokenLen {
		return ctx, unauthenticated("invalid or expired token")
	}
	sess, err := a.st.Session(ctx, desk.HashToken(tok))
	if errors.Is(err, desk.ErrNotFound) || (err == nil && !a.now().Before(sess.ExpireTime)) {
		return ctx, unauthenticated("invalid or expired token")
	}
	if err != nil {
		return ctx, connectError(a.log, proc, fmt.Errorf("load session: %w", err))
	}
	c := caller{TenantID: sess.TenantID, TokenHash: sess.TokenHash}
	switch pol {
	case policyConversation:
		if sess.Kind != store.SessionConversation {
			return ctx, permissionDenied("this call needs a widget conversation token")
		}
		c.TicketID = sess.TicketID
		return withCaller(ctx, c), nil
	case policyDesk, policyAdmin:
		if sess.Kind != store.SessionDesk {
			return ctx, permissionDenied("this call needs a desk session")
		}
		u, err := a.st.User(ctx, sess.TenantID, sess.UserID)
		if errors.Is(err, desk.ErrNotFound) || (err == nil && !u.GetActive()) {
			return ctx, unauthenticated("invalid or expired token")
		}
		if err != nil {
			return ctx, connectError(a.log, proc, fmt.Errorf("load session user: %w", err))
		}
		if pol == policyAdmin && u.GetRole() != frontlinev1.Role_ROLE_ADMIN {
			return ctx, permissionDenied("only admins may do this")
		}
		c.User = u
		return withCaller(ctx, c), nil
	}
	return ctx, permissionDenied("procedure has no access policy")
}

// bearer extracts the token of an "Authorization: Bearer <token>" header.
func bearer(h http.Header) (string, bool) {
	v := h.Get("Authorization")
	scheme, tok, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}
