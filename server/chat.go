package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/ratelimit"
	"github.com/frontlinedesk/frontline/server/scheduler"
)

// This file holds the customer-chat machinery around WidgetService: its
// options, the guard interceptor (per-IP and per-key rate limits, allowed
// origins), the bound on open streams per conversation, and the typing
// throttle. The handlers are in widget.go, widgetsettings.go,
// attachments.go, closing.go and transcript.go.

// Defaults of the customer-chat limits.
const (
	// DefaultStreamsPerConversation bounds open WatchConversation streams
	// of one conversation; a new stream ends the oldest.
	DefaultStreamsPerConversation = 3
	// widgetReadMaxBytes is WidgetService's request limit: an attachment of
	// maxAttachmentBytes as base64 in JSON, plus room.
	widgetReadMaxBytes = 8 << 20
	// typingEvery is the least time between two equal typing events of one
	// person on one conversation.
	typingEvery = 2 * time.Second
)

// DefaultIPLimit and DefaultKeyLimit are the widget's rate limits: per client
// IP address, and per tenant (widget key) over all its customers.
var (
	DefaultIPLimit  = ratelimit.Limit{Rate: 10, Burst: 40}
	DefaultKeyLimit = ratelimit.Limit{Rate: 200, Burst: 400}
)

// Mailer sends one plain-text email (mailer.SMTP in production).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// chatConfig is what the chat options set.
type chatConfig struct {
	mailer     Mailer
	ipLimit    *ratelimit.Limit
	keyLimit   *ratelimit.Limit
	maxStreams int
	closeGrace time.Duration
	schedPoll  time.Duration
	// queueRefresh is how often a waiting widget's queue is re-read (queue.go).
	queueRefresh time.Duration
	// replyMailDelay batches agent replies mailed out of hours (transcript.go).
	replyMailDelay time.Duration
	// idleOverride, when set, replaces every tenant's inactivity timeout.
	idleOverride time.Duration
}

// WithMailer enables EmailTranscript through m.
func WithMailer(m Mailer) Option { return func(s *Server) { s.chatCfg.mailer = m } }

// WithRateLimits sets the widget's per-IP and per-widget-key rate limits; a
// zero Rate disables that limit.
func WithRateLimits(perIP, perKey ratelimit.Limit) Option {
	return func(s *Server) { s.chatCfg.ipLimit, s.chatCfg.keyLimit = &perIP, &perKey }
}

// WithStreamsPerConversation bounds open WatchConversation streams per
// conversation (default 3).
func WithStreamsPerConversation(n int) Option {
	return func(s *Server) { s.chatCfg.maxStreams = n }
}

// WithReopenGrace sets how long after an inactivity close a customer
// message reopens the conversation (default 24 h).
func WithReopenGrace(d time.Duration) Option { return func(s *Server) { s.chatCfg.closeGrace = d } }

// WithSchedulerPoll sets the scheduler's longest sleep (default 1 minute).
func WithSchedulerPoll(d time.Duration) Option { return func(s *Server) { s.chatCfg.schedPoll = d } }

// WithReplyMailDelay sets how long after an agent's reply to an
// out-of-hours conversation the customer's email waits for more replies to
// send with it (default 1 minute). Replies are mailed only with a mailer.
func WithReplyMailDelay(d time.Duration) Option {
	return func(s *Server) { s.chatCfg.replyMailDelay = d }
}

// WithInactivityOverride closes every tenant's idle conversations after d
// instead of the tenant's inactivity timeout (which an admin can set no
// lower than 5 minutes). It is for tests and demos of the auto-close; zero
// keeps the tenants' settings.
func WithInactivityOverride(d time.Duration) Option {
	return func(s *Server) { s.chatCfg.idleOverride = d }
}

// chatState is the customer chat's in-memory state.
type chatState struct {
	mailer     Mailer
	ipLimit    *ratelimit.Limiter
	keyLimit   *ratelimit.Limiter
	slots      *streamSlots
	typing     *typingThrottle
	settings   *settingsCache
	sched      *scheduler.Scheduler
	closeGrace time.Duration
	idle       time.Duration // WithInactivityOverride; 0: the tenant's setting
	replies    *replyMail
}

func newChatState(s *Server) *chatState {
	c := s.chatCfg
	ip, key := DefaultIPLimit, DefaultKeyLimit
	if c.ipLimit != nil {
		ip = *c.ipLimit
	}
	if c.keyLimit != nil {
		key = *c.keyLimit
	}
	if c.maxStreams <= 0 {
		c.maxStreams = DefaultStreamsPerConversation
	}
	if c.closeGrace <= 0 {
		c.closeGrace = defaultReopenGrace
	}
	if c.schedPoll <= 0 {
		c.schedPoll = time.Minute
	}
	cs := &chatState{
		mailer:     c.mailer,
		ipLimit:    ratelimit.New(ip, s.now),
		keyLimit:   ratelimit.New(key, s.now),
		slots:      &streamSlots{max: c.maxStreams, open: make(map[string][]*streamSlot)},
		typing:     &typingThrottle{last: make(map[string]typingMark)},
		settings:   &settingsCache{entries: make(map[string]settingsEntry)},
		closeGrace: c.closeGrace,
		idle:       c.idleOverride,
	}
	cs.replies = newReplyMail(s, c.replyMailDelay)
	s.hub.Observe(cs.replies.observe)
	cs.sched = scheduler.New(s.st, s.closeIfIdle,
		scheduler.WithClock(s.now), scheduler.WithLogger(s.log), scheduler.WithPoll(c.schedPoll))
	return cs
}

// RunScheduler closes idle widget conversations as they fall due, until ctx
// is cancelled; due times are persisted, so it picks up where a previous
// process left off. The server's main runs it in an owned goroutine.
func (s *Server) RunScheduler(ctx context.Context) error { return s.chat.sched.Run(ctx) }

// CloseIdleConversations runs one scheduler pass now and returns how many
// due entries it handled (for tests and tools).
func (s *Server) CloseIdleConversations(ctx context.Context) (int, error) {
	return s.chat.sched.RunOnce(ctx)
}

// widgetHandlerOptions are WidgetService's handler options: the shared
// ones, then the guard (after auth, so it knows the caller) and a read limit
// big enough for attachments.
func (s *Server) widgetHandlerOptions(shared []connect.HandlerOption) []connect.HandlerOption {
	return append(append([]connect.HandlerOption(nil), shared...),
		connect.WithInterceptors(&widgetGuard{s: s}),
		connect.WithReadMaxBytes(widgetReadMaxBytes),
	)
}

// ---- guard: rate limits and allowed origins ----------------------------

type hostKey struct{}

// withRequestHost puts the request's Host into its context, so the guard
// can recognise same-origin calls (the server's own demo page).
func withRequestHost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), hostKey{}, r.Host)))
	})
}

// widgetGuard refuses WidgetService calls over the rate limits or from an
// origin the tenant does not allow.
type widgetGuard struct{ s *Server }

var _ connect.Interceptor = (*widgetGuard)(nil)

func (g *widgetGuard) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		key := ""
		if k, ok := req.Any().(interface{ GetWidgetKey() string }); ok {
			key = k.GetWidgetKey()
		}
		if err := g.check(ctx, req.Peer().Addr, req.Header(), key); err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

func (g *widgetGuard) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (g *widgetGuard) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		if err := g.check(ctx, conn.Peer().Addr, conn.RequestHeader(), ""); err != nil {
			return err
		}
		return next(ctx, conn)
	}
}

func tooMany(msg string, wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	return connect.NewError(connect.CodeResourceExhausted,
		fmt.Errorf("%s; please wait %d second%s and try again", msg, secs, map[bool]string{true: "", false: "s"}[secs == 1]))
}

// check applies the per-IP limit, then finds the tenant (from the caller or
// the widget key) and applies its limit and allowed origins.
func (g *widgetGuard) check(ctx context.Context, peer string, h http.Header, widgetKey string) error {
	ip := peer
	if host, _, err := net.SplitHostPort(peer); err == nil {
		ip = host
	}
	if ok, wait := g.s.chat.ipLimit.Allow(ip); !ok {
		return tooMany("too many requests from your network", wait)
	}
	tenantID, ticketID := "", ""
	if c, err := callerFrom(ctx); err == nil {
		tenantID, ticketID = c.TenantID, c.TicketID
	} else if widgetKey != "" && checkToken("widget_key", widgetKey, desk.WidgetKeyPrefix) == nil {
		co, err := g.s.st.CompanyByWidgetKey(ctx, widgetKey)
		if err != nil {
			return nil // the handler reports the unknown key
		}
		tenantID = co.GetId()
	}
	if tenantID == "" {
		return nil
	}
	if ok, wait := g.s.chat.keyLimit.Allow(tenantID); !ok {
		return tooMany("this chat is very busy right now", wait)
	}
	host, _ := ctx.Value(hostKey{}).(string)
	origin := h.Get("Origin")
	if origin == "" {
		g.rememberPage(ctx, tenantID, ticketID, host, h)
		return nil // not a browser's cross-origin call
	}
	if host != "" {
		if u, err := url.Parse(origin); err == nil && strings.EqualFold(u.Host, host) {
			g.rememberPage(ctx, tenantID, ticketID, host, h)
			return nil // same origin: the server's own pages
		}
	}
	ws, err := g.s.widgetSettings(ctx, tenantID)
	if err != nil {
		return connectError(g.s.log, "widget guard", err)
	}
	if !originAllowed(ws.GetAllowedOrigins(), origin) {
		return connect.NewError(connect.CodePermissionDenied, errors.New("this website is not allowed to use this chat widget"))
	}
	g.rememberPage(ctx, tenantID, ticketID, host, h)
	return nil
}

// rememberPage notes the page a conversation's widget runs on (from the
// Referer of its calls) for the link in reply emails (transcript.go).
func (g *widgetGuard) rememberPage(ctx context.Context, tenantID, ticketID, host string, h http.Header) {
	ref := h.Get("Referer")
	if ticketID == "" || ref == "" || g.s.chat.mailer == nil {
		return
	}
	ws, err := g.s.widgetSettings(ctx, tenantID)
	if err != nil {
		return
	}
	if page := pageForLink(ref, host, ws.GetAllowedOrigins()); page != "" {
		g.s.chat.replies.rememberPage(ticketID, page)
	}
}

// originAllowed reports whether origin is in the list (empty allows all).
func originAllowed(allowed []string, origin string) bool {
	if len(allowed) == 0 {
		return true
	}
	o, err := normalizeOrigin(origin)
	if err != nil {
		return false
	}
	for _, a := range allowed {
		if a == o {
			return true
		}
	}
	return false
}

// ---- open streams per conversation -------------------------------------

// streamSlots bounds the open WatchConversation streams of each
// conversation: taking a slot beyond the bound ends the oldest stream.
type streamSlots struct {
	max  int
	mu   sync.Mutex
	open map[string][]*streamSlot
}

type streamSlot struct {
	ticketID string
	evicted  chan struct{}
}

// take opens a slot for ticketID, evicting the oldest when over the bound.
func (ss *streamSlots) take(ticketID string) *streamSlot {
	sl := &streamSlot{ticketID: ticketID, evicted: make(chan struct{})}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	list := append(ss.open[ticketID], sl)
	for len(list) > ss.max {
		close(list[0].evicted)
		list = list[1:]
	}
	ss.open[ticketID] = list
	return sl
}

// release frees a slot; it does nothing for an evicted one.
func (ss *streamSlots) release(sl *streamSlot) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	list := ss.open[sl.ticketID]
	for i, x := range list {
		if x == sl {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(ss.open, sl.ticketID)
	} else {
		ss.open[sl.ticketID] = list
	}
}

// count returns the open slots of a ticket (for tests).
func (ss *streamSlots) count(ticketID string) int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.open[ticketID])
}

// errTooManyStreams ends a stream that a newer one evicted.
func errTooManyStreams() error {
	return connect.NewError(connect.CodeResourceExhausted,
		errors.New("this conversation is open in too many windows; this one has stopped updating"))
}

// ---- typing ------------------------------------------------------------

// typingThrottle drops typing events that repeat the last one of the same
// person on the same conversation within typingEvery.
type typingThrottle struct {
	mu    sync.Mutex
	last  map[string]typingMark
	swept time.Time
}

type typingMark struct {
	active bool
	at     time.Time
}

// pass reports whether an event (who, active) should be published now.
func (t *typingThrottle) pass(who string, active bool, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.swept) > time.Minute {
		t.swept = now
		for k, m := range t.last {
			if now.Sub(m.at) > time.Minute {
				delete(t.last, k)
			}
		}
	}
	m, ok := t.last[who]
	if ok && m.active == active && now.Sub(m.at) < typingEvery {
		return false
	}
	t.last[who] = typingMark{active: active, at: now}
	return true
}

// publishTyping sends a typing event to the ticket's subscribers, throttled.
func (s *Server) publishTyping(tenantID, ticketID, who string, ty *frontlinev1.Typing) {
	if ty.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER {
		s.presence.customer(presenceKey{tenantID, ticketID}, ty.GetActive(), s.now())
	}
	if !s.chat.typing.pass(tenantID+"/"+ticketID+"/"+who, ty.GetActive(), s.now()) {
		return
	}
	s.hub.Publish(hubTyping(tenantID, ticketID, ty))
}

var _ frontlinev1connect.WidgetAdminServiceHandler = (*widgetAdminService)(nil)
