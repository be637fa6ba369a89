package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// DefaultServerURL is where the desk looks for a server unless told otherwise.
const DefaultServerURL = "http://127.0.0.1:8080"

// Config wires an App. The zero value works: it talks to DefaultServerURL,
// remembers nothing on disk and emits through the Wails runtime.
type Config struct {
	// DefaultServerURL prefills the login form; empty means DefaultServerURL.
	DefaultServerURL string
	// ConfigDir is where the last sign-in (server, company, email; never the
	// password) is remembered, with the session token for offline sign-in
	// (see offline.go). Empty disables remembering.
	ConfigDir string
	// DataDir holds one replica directory per server, tenant and user.
	// Empty keeps replicas in memory (tests; nothing survives a restart).
	DataDir string
	// InitialSyncWait bounds how long Login waits for the first sync before
	// showing the desk (which then fills in live); 0 means 15 seconds.
	InitialSyncWait time.Duration
	// ChangeDebounce coalesces bursts of replica changes into one event;
	// 0 means 50 ms.
	ChangeDebounce time.Duration
	// Connector signs in; nil means RemoteConnector over NewHTTPClient.
	Connector Connector
	// Emitter receives events; nil means the Wails runtime.
	Emitter Emitter
	// CallTimeout bounds each binding call; 0 means 20 seconds.
	CallTimeout time.Duration
	// Logger logs failures with their real causes; nil means slog.Default().
	Logger *slog.Logger
	// ModelsDir holds the offline models (the VADER lexicon and labelled
	// sentences, the USE-lite encoder); empty or missing parts make the
	// features that need them fall back to rules and lexical modes.
	ModelsDir string
}

// App owns the Wails lifecycle. It is the only value that keeps the Wails
// runtime context; the bound structs reach the runtime through its Emit.
type App struct {
	// Session, Tickets and Sync are bound into the webview by main.go.
	Session *Session
	Tickets *Tickets
	Sync    *Sync
	// Search answers the search palette from local indexes (search.go).
	Search *Search
	// Copilot is the ticket view's copilot panel (copilot.go).
	Copilot *Copilot
	// Settings is the admin's settings screen; Macros the composer's
	// canned replies (settings.go, triage.go).
	Settings *Settings
	Macros   *Macros
	// Analytics is the analytics screen, computed from the replica (analytics.go).
	Analytics *Analytics
	// Views, Bulk and Digest are the inbox's saved views, bulk actions and
	// "what changed while you were away" digest (views.go, bulk.go, digest.go).
	Views  *Views
	Bulk   *Bulk
	Digest *Digest
	// Admin is the admin's team, widget, AI and audit sections and every
	// user's availability (admin.go).
	Admin *Admin
	// Knowledge is the knowledge base editor, import and conflicts (knowledge.go).
	Knowledge *Knowledge

	cfg     Config
	log     *slog.Logger
	base    context.Context //nolint:containedctx // parent of every binding call, cancelled on shutdown
	cancel  context.CancelFunc
	mu      sync.Mutex
	wailsCx context.Context //nolint:containedctx // the Wails runtime is addressed through its context
	emitter Emitter
	state   *state
}

// New returns an App ready to be bound.
func New(cfg Config) *App {
	if cfg.DefaultServerURL == "" {
		cfg.DefaultServerURL = DefaultServerURL
	}
	if cfg.Connector == nil {
		cfg.Connector = RemoteConnector{HTTPClient: NewHTTPClient()}
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 20 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.InitialSyncWait <= 0 {
		cfg.InitialSyncWait = 15 * time.Second
	}
	if cfg.ChangeDebounce <= 0 {
		cfg.ChangeDebounce = 50 * time.Millisecond
	}
	a := &App{cfg: cfg, log: cfg.Logger, state: &state{}}
	a.base, a.cancel = context.WithCancel(context.Background())
	a.emitter = cfg.Emitter
	if a.emitter == nil {
		a.emitter = runtimeEmitter{a}
	}
	a.Session = &Session{app: a}
	a.Tickets = &Tickets{app: a}
	a.Sync = &Sync{app: a}
	a.Search = &Search{app: a}
	a.Copilot = newCopilot(a)
	a.Settings = &Settings{app: a}
	a.Macros = &Macros{app: a}
	a.Analytics = newAnalytics(a)
	a.Views, a.Bulk, a.Digest = newViews(a), &Bulk{app: a}, newDigest(a)
	a.Admin = &Admin{app: a}
	a.Knowledge = &Knowledge{app: a}
	return a
}

// Bindings lists the structs main.go passes to options.App.Bind.
func (a *App) Bindings() []any {
	return []any{a.Session, a.Tickets, a.Sync, a.Search, a.Copilot, a.Settings, a.Macros, a.Analytics, a.Admin, a.Views, a.Bulk, a.Digest, a.Knowledge}
}

// Startup is the Wails OnStartup hook; it keeps the runtime context.
func (a *App) Startup(ctx context.Context) {
	a.mu.Lock()
	a.wailsCx = ctx
	a.mu.Unlock()
}

// Shutdown is the Wails OnShutdown hook: it stops the sync loop, closes the
// replica (the outbox is already on disk) and cancels calls in flight. The
// session is not logged out, so the token simply lapses on the server.
func (a *App) Shutdown(context.Context) {
	a.state.mu.Lock()
	l := a.state.loc
	a.state.loc, a.state.session = nil, nil
	a.state.mu.Unlock()
	if l != nil {
		l.stop()
	}
	a.cancel()
}

// call returns the context for one binding call.
func (a *App) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(a.base, a.cfg.CallTimeout)
}

// emit sends an event to the frontend.
func (a *App) emit(name string, data any) { a.emitter.Emit(name, data) }

// fail logs err with its cause and returns the UIError the frontend sees.
func (a *App) fail(op string, err error) *UIError {
	ue := mapError(err)
	a.logFailure(op, ue)
	return ue
}

func (a *App) logFailure(op string, ue *UIError) {
	if ue.err != nil {
		a.log.Warn("desk call failed", "op", op, "kind", ue.Kind, "err", ue.err)
	}
}

// runtimeEmitter emits through the Wails runtime once Startup ran.
type runtimeEmitter struct{ a *App }

func (e runtimeEmitter) Emit(name string, data any) {
	e.a.mu.Lock()
	ctx := e.a.wailsCx
	e.a.mu.Unlock()
	if ctx == nil {
		return
	}
	runtime.EventsEmit(ctx, name, data)
}
