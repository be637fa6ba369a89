// Command frontline-server runs the Frontline Connect server over an
// embedded badger store.
//
//	frontline-server [--data DIR] [--addr HOST:PORT] [--demo] [--log-format text|json]
//	                 [--smtp-addr HOST:PORT --smtp-from ADDR [--smtp-user USER]]
//	                 [--widget-rate-ip N] [--widget-rate-key N] [--models DIR]
//	                 [--secrets-file FILE]
//
// The SMTP password is read from $FRONTLINE_SMTP_PASSWORD, never a flag.
// Tenants' LLM API keys are sealed at rest with the server key from
// $FRONTLINE_SECRET_KEY (32 bytes, hex or base64) when set, else from
// --secrets-file (default DATA/secret.key, created with mode 0600 on first
// start).
// Without --smtp-addr, transcripts by email are off and the widget hides
// the button.
//
// It shuts down gracefully on SIGINT or SIGTERM: open streams are ended,
// in-flight requests drain, then the store is closed, so no acknowledged
// write is lost.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
	_ "time/tzdata" // business hours in any IANA zone, even without system zoneinfo

	"github.com/frontlinedesk/frontline/internal/assist/llm"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/demo"
	"github.com/frontlinedesk/frontline/server/mailer"
	"github.com/frontlinedesk/frontline/server/ratelimit"
	"github.com/frontlinedesk/frontline/server/store/badgerstore"
)

// secretKeyEnv names the environment variable holding the server key.
const secretKeyEnv = "FRONTLINE_SECRET_KEY"

// shutdownGrace bounds how long in-flight requests may take to finish.
const shutdownGrace = 30 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "frontline-server:", err)
		os.Exit(1)
	}
}

// defaultDataDir is $XDG_DATA_HOME/frontline/server, or
// ~/.local/share/frontline/server.
func defaultDataDir() string {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return filepath.Join(os.TempDir(), "frontline-server")
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "frontline", "server")
}

// run serves until ctx is cancelled, then shuts down gracefully. It writes
// the listening URL (and, with --demo, the demo page and logins) to stdout
// and logs to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("frontline-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", defaultDataDir(), "directory of the badger store")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (HOST:PORT)")
	withDemo := fs.Bool("demo", false, "load the Northwind Bikes demo tenant if missing")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	smtpAddr := fs.String("smtp-addr", "", "SMTP relay HOST:PORT for transcripts by email (off when empty)")
	smtpFrom := fs.String("smtp-from", "", "sender address of transcript emails")
	smtpUser := fs.String("smtp-user", "", "SMTP user name (password from $FRONTLINE_SMTP_PASSWORD)")
	rateIP := fs.Float64("widget-rate-ip", server.DefaultIPLimit.Rate, "widget requests per second per client IP (0: unlimited)")
	modelsDir := fs.String("models", defaultModelsDir(), "directory of the offline models (.cache/models) for the bot; empty: lexical search, no sentiment")
	secretsFile := fs.String("secrets-file", "", "file holding the server key that seals tenants' LLM API keys (default DATA/secret.key, created 0600; $"+secretKeyEnv+" wins)")
	rateKey := fs.Float64("widget-rate-key", server.DefaultKeyLimit.Rate, "widget requests per second per widget key (0: unlimited)")
	idleOverride := fs.Duration("inactivity-override", 0, "close every idle widget conversation after this long instead of the tenant's timeout (tests and demos; 0: the tenants' settings)")
	schedPoll := fs.Duration("scheduler-poll", time.Minute, "longest sleep of the inactivity-close scheduler")
	replyMailDelay := fs.Duration("reply-mail-delay", time.Minute, "how long an out-of-hours reply email waits to batch more agent replies")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	hopts := &slog.HandlerOptions{Level: level}
	var log *slog.Logger
	switch *logFormat {
	case "text":
		log = slog.New(slog.NewTextHandler(stderr, hopts))
	case "json":
		log = slog.New(slog.NewJSONHandler(stderr, hopts))
	default:
		return fmt.Errorf("--log-format must be text or json, not %q", *logFormat)
	}

	if err := os.MkdirAll(*dataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	st, err := badgerstore.Open(*dataDir, badgerstore.WithLogger(log))
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()
	if *withDemo {
		created, err := demo.Load(ctx, st, time.Now())
		if err != nil {
			return err
		}
		log.Info("demo tenant", "company", demo.CompanyName, "created", created)
	}

	if *secretsFile == "" {
		*secretsFile = filepath.Join(*dataDir, "secret.key")
	}
	sealer, err := llm.LoadSealer(secretKeyEnv, *secretsFile, true)
	if err != nil {
		return fmt.Errorf("server key: %w", err)
	}
	sopts := []server.Option{
		server.WithLogger(log),
		server.WithSecrets(sealer),
		server.WithRateLimits(
			ratelimit.Limit{Rate: *rateIP, Burst: *rateIP * server.DefaultIPLimit.Burst / server.DefaultIPLimit.Rate},
			ratelimit.Limit{Rate: *rateKey, Burst: *rateKey * server.DefaultKeyLimit.Burst / server.DefaultKeyLimit.Rate},
		),
		server.WithInactivityOverride(*idleOverride),
		server.WithSchedulerPoll(*schedPoll),
		server.WithReplyMailDelay(*replyMailDelay),
	}
	if *smtpAddr != "" {
		if *smtpFrom == "" {
			return errors.New("--smtp-from is required with --smtp-addr")
		}
		sopts = append(sopts, server.WithMailer(&mailer.SMTP{
			Addr: *smtpAddr, From: *smtpFrom, Username: *smtpUser, Password: os.Getenv("FRONTLINE_SMTP_PASSWORD"),
		}))
	}
	botOpt, err := botModels(*modelsDir, log)
	if err != nil {
		return err
	}
	sopts = append(sopts, botOpt)
	srv := server.New(st, sopts...)
	log.Info("bot", "mode", srv.BotMode())
	if *withDemo {
		co, err := st.CompanyByName(ctx, demo.CompanyName)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		n, err := srv.TriageUntriaged(ctx, co.GetId())
		if err != nil {
			return err
		}
		log.Info("demo tenant triaged", "tickets", n)
	}
	// The inactivity scheduler is owned here: cancelled and awaited before
	// the store closes.
	schedCtx, stopSched := context.WithCancel(context.Background())
	schedDone := make(chan error, 1)
	go func() { schedDone <- srv.RunScheduler(schedCtx) }()
	defer func() {
		stopSched()
		if err := <-schedDone; err != nil {
			log.Error("scheduler", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := server.NewHTTPServer(*addr, srv, log)
	hs.RegisterOnShutdown(srv.CloseStreams)

	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "frontline-server listening on %s (data in %s)\n", base, *dataDir)
	fmt.Fprintf(stdout, "bot: %s\n", srv.BotMode())
	if *withDemo {
		fmt.Fprintf(stdout, "demo widget page: %s/demo/%s\n", base, demo.WidgetKey)
		for _, l := range demo.Logins {
			fmt.Fprintf(stdout, "demo login: company %q, email %s, password %s\n", demo.CompanyName, l.Email, demo.Password)
		}
	}
	log.Info("serving", "addr", ln.Addr().String(), "data", *dataDir)

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("graceful shutdown timed out; closing connections", "err", err)
		_ = hs.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil // the deferred Close flushes the store
}
