// Package server is Frontline's Connect server: thin handlers for the
// identity, ticket, knowledge, widget and sync services (one file each), one
// auth interceptor with a per-procedure policy table (auth.go, policy.go),
// one error mapping (errors.go), and the HTTP plumbing around them: gRPC
// reflection, /healthz, CORS for the widget, and the widget's static files.
//
// Persistence is behind store.Store; live widget streams are fed by an
// in-process hub that handlers publish to after each successful write.
package server

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"connectrpc.com/connect"
	connectcors "connectrpc.com/cors"
	"connectrpc.com/grpcreflect"
	"github.com/rs/cors"

	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/hub"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/widget"
)

// Default lifetimes and stream timings.
const (
	sessionTTL      = 30 * 24 * time.Hour
	conversationTTL = 90 * 24 * time.Hour
	inviteTTL       = 7 * 24 * time.Hour

	defaultHeartbeat  = 20 * time.Second
	defaultWatchLimit = 5 * time.Minute
	hubBuffer         = 64
)

// Server serves every Frontline service over one http.Handler.
type Server struct {
	st          store.Store
	log         *slog.Logger
	now         func() time.Time
	hub         *hub.Hub
	heartbeat   time.Duration
	watchLimit  time.Duration
	streamLimit time.Duration
	handler     http.Handler
	streams     streamSet

	// adminMu serialises role changes and deactivations so that two admins
	// cannot demote each other at once and leave a company without one.
	adminMu sync.Mutex

	// closing is closed by CloseStreams to end long-lived streams.
	closeOnce sync.Once
	closing   chan struct{}

	// chatCfg collects the customer-chat options; chat is built from it
	// (chat.go: settings, origin checks, rate limits, typing, attachments,
	// inactivity closes, transcripts).
	chatCfg chatConfig
	chat    *chatState

	// botCfg collects the bot options; bot is built from it (bot.go).
	botCfg botConfig
	bot    *botState

	// aiCfg collects the AI options; ai holds the tenants' LLM clients and
	// usage ledger (aisettings.go). copilot holds the per-tenant triage
	// models (copilot.go).
	aiCfg   aiConfig
	ai      *aiState
	copilot *copilotState
	// triage holds the tenants' category models (triage.go).
	triage *triageState
	// assign serialises automatic assignment per tenant (assign.go).
	assign *assignState
	// presence tracks who has which ticket open (presence.go).
	presence *presenceState

	// estimates caches the tenants' handover wait estimates (queue.go).
	estimates *estimateCache
	// queues caches the tenants' waiting conversations per log head (queue.go).
	queues *queueCache
}

// Option configures a Server.
type Option func(*Server)

// WithLogger sets the logger (default: slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithClock sets the clock used for timestamps and expiry.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithHeartbeat sets how often idle streams send a heartbeat (default 20 s).
func WithHeartbeat(d time.Duration) Option { return func(s *Server) { s.heartbeat = d } }

// WithWatchLimit sets how long a WatchConversation stream lasts before the
// server ends it and the client resumes (default 5 minutes).
func WithWatchLimit(d time.Duration) Option { return func(s *Server) { s.watchLimit = d } }

// WithStreamLimit sets how long a sync Subscribe stream lasts before the
// server ends it and the client resumes (default 5 minutes).
func WithStreamLimit(d time.Duration) Option { return func(s *Server) { s.streamLimit = d } }

// New returns a Server over st.
func New(st store.Store, opts ...Option) *Server {
	s := &Server{
		st:          st,
		log:         slog.Default(),
		now:         time.Now,
		hub:         hub.New(hubBuffer),
		heartbeat:   defaultHeartbeat,
		watchLimit:  defaultWatchLimit,
		streamLimit: defaultStreamLimit,
		closing:     make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	s.chat = newChatState(s)
	s.bot = newBotState(s)
	s.ai = newAIState(s)
	s.copilot = newCopilotState(s)
	s.triage = newTriageState(s)
	s.assign = newAssignState()
	s.presence = newPresenceState()
	s.estimates = newEstimateCache()
	s.queues = newQueueCache()
	if s.chatCfg.queueRefresh <= 0 {
		s.chatCfg.queueRefresh = defaultQueueRefresh
	}
	s.handler = s.routes()
	return s
}

// ServeHTTP serves every route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// CloseStreams ends every open server stream cleanly (clients resume
// elsewhere) so that an http.Server can drain. Register it with
// http.Server.RegisterOnShutdown. It is safe to call more than once.
func (s *Server) CloseStreams() { s.closeOnce.Do(func() { close(s.closing) }) }

func (s *Server) routes() http.Handler {
	opts := []connect.HandlerOption{
		connect.WithInterceptors(&authInterceptor{st: s.st, log: s.log, now: s.now}),
		connect.WithReadMaxBytes(maxRequestBytes),
		connect.WithCompressMinBytes(1024), // small responses (sync pokes, pulls) are not worth gzip
	}
	mux := http.NewServeMux()
	mux.Handle(frontlinev1connect.NewIdentityServiceHandler(&identityService{s}, opts...))
	mux.Handle(frontlinev1connect.NewTicketServiceHandler(&ticketService{s}, opts...))
	mux.Handle(frontlinev1connect.NewKnowledgeServiceHandler(&knowledgeService{s}, opts...))
	mux.Handle(frontlinev1connect.NewSyncServiceHandler(&syncService{s}, opts...))
	mux.Handle(frontlinev1connect.NewWidgetAdminServiceHandler(&widgetAdminService{s}, opts...))
	mux.Handle(frontlinev1connect.NewAIAdminServiceHandler(&aiAdminService{s}, opts...))
	mux.Handle(frontlinev1connect.NewSettingsServiceHandler(&settingsService{s}, opts...))
	mux.Handle(frontlinev1connect.NewCopilotServiceHandler(&copilotService{s}, opts...))
	widgetPath, widgetHandler := frontlinev1connect.NewWidgetServiceHandler(&widgetService{s}, s.widgetHandlerOptions(opts)...)
	mux.Handle(widgetPath, widgetCORS().Handler(withRequestHost(widgetHandler)))

	reflector := grpcreflect.NewStaticReflector(
		frontlinev1connect.IdentityServiceName,
		frontlinev1connect.TicketServiceName,
		frontlinev1connect.KnowledgeServiceName,
		frontlinev1connect.WidgetServiceName,
		frontlinev1connect.WidgetAdminServiceName,
		frontlinev1connect.SyncServiceName,
		frontlinev1connect.AIAdminServiceName,
		frontlinev1connect.SettingsServiceName,
		frontlinev1connect.CopilotServiceName,
	)
	mux.Handle(grpcreflect.NewHandlerV1(reflector))
	mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector))

	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	static := widget.Handler()
	mux.Handle("GET /widget.js", static)
	mux.Handle("GET /demo/", static)
	mux.HandleFunc("GET /kb/{widgetKey}/{articleID}", s.serveArticle)
	return mux
}

// widgetCORS lets customers' websites call WidgetService from any origin.
// Bearer tokens are sent in the Authorization header, not cookies, so no
// credentials mode is needed.
func widgetCORS() *cors.Cors {
	return cors.New(cors.Options{
		AllowedOrigins: []string{"*"},
		AllowedMethods: connectcors.AllowedMethods(),
		AllowedHeaders: append(connectcors.AllowedHeaders(), "Authorization"),
		ExposedHeaders: connectcors.ExposedHeaders(),
		MaxAge:         7200,
	})
}

// NewHTTPServer returns an http.Server for h that speaks HTTP/1.1 and h2c,
// with a read-header timeout but no write timeout (streams are long-lived).
func NewHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		Protocols:         &p,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
