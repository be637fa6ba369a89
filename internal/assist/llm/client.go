package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/anthropic"
)

// ErrUnavailable marks every provider failure that Client.Generate returns
// after its retries: callers fall back to offline mode on it (see Fallback).
var ErrUnavailable = errors.New("llm: provider unavailable")

// ErrIncomplete is returned when a reply is empty or was cut short (a
// stream that ended without a stop reason).
var ErrIncomplete = errors.New("llm: incomplete reply")

// Fallback reports whether err means the provider failed and the caller
// should use offline mode. It is false for nil and for the caller's own
// cancellation.
func Fallback(err error) bool { return errors.Is(err, ErrUnavailable) }

// ProviderError describes a failed call. It matches ErrUnavailable and the
// last attempt's cause with errors.Is.
type ProviderError struct {
	Provider Provider
	Status   int // HTTP status of the last attempt; 0 when none was received
	Attempts int
	Err      error
}

func (e *ProviderError) Error() string {
	s := fmt.Sprintf("llm: %s failed after %d attempt(s)", e.Provider, e.Attempts)
	if e.Status != 0 {
		s += fmt.Sprintf(" (status %d)", e.Status)
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns ErrUnavailable and the cause.
func (e *ProviderError) Unwrap() []error { return []error{ErrUnavailable, e.Err} }

// Options tunes a Client. The zero value gives the defaults.
type Options struct {
	MaxAttempts int           // default 3
	BaseDelay   time.Duration // first backoff, default 250ms; doubles per retry
	MaxDelay    time.Duration // backoff cap (also caps Retry-After), default 8s
	Prices      PriceTable    // per-model prices; missing models cost 0
	Ledger      *Ledger       // usage per tenant; nil: a new one
	Transport   http.RoundTripper
	// Sleep waits between attempts; tests replace it. Default: a timer
	// that stops early when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a value in [0,1); default math/rand/v2.
	Jitter func() float64
}

func (o Options) withDefaults() Options {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = 250 * time.Millisecond
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 8 * time.Second
	}
	if o.Ledger == nil {
		o.Ledger = NewLedger()
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	return o
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Client calls one tenant-configured model. It is safe for concurrent use.
type Client struct {
	cfg   Config
	model llms.Model
	opt   Options
}

// New validates cfg and builds a Client whose provider requests go through
// opt.Transport.
func New(cfg Config, opt Options) (*Client, error) {
	opt = opt.withDefaults()
	hc := &http.Client{Transport: recorder{next: opt.Transport}}
	m, err := NewModel(cfg, hc)
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, model: m, opt: opt}, nil
}

// NewWithModel wraps an existing model (a fake in tests, or a provider
// built elsewhere). cfg names the provider and model for accounting; it is
// not validated. HTTP statuses are only seen if m sends its requests
// through a client built with RecordingClient.
func NewWithModel(cfg Config, m llms.Model, opt Options) *Client {
	return &Client{cfg: cfg, model: m, opt: opt.withDefaults()}
}

// RecordingClient returns an http.Client that lets Client see the HTTP
// status of each attempt (to tell 429/5xx from other 4xx).
func RecordingClient(next http.RoundTripper) *http.Client {
	if next == nil {
		next = http.DefaultTransport
	}
	return &http.Client{Transport: recorder{next: next}}
}

// Config returns the client's configuration with the API key removed.
func (c *Client) Config() Config {
	cfg := c.cfg
	cfg.APIKey = ""
	return cfg
}

// Ledger returns the usage ledger.
func (c *Client) Ledger() *Ledger { return c.opt.Ledger }

// Request is one generation.
type Request struct {
	Tenant      string // for accounting
	Messages    []llms.MessageContent
	Temperature float64 // 0: provider default
	MaxTokens   int     // 0: provider default
	JSON        bool    // ask for a JSON reply where the provider supports it
	// OnChunk, when set, streams the reply. Empty chunks are never passed.
	// A call that already streamed text is not retried.
	OnChunk func(ctx context.Context, chunk string) error
}

// Response is a model's reply.
type Response struct {
	Text       string
	StopReason string
	Usage      Usage
	CostUSD    float64
	Attempts   int
}

// attempt records what the transport saw for one attempt.
type attempt struct {
	mu         sync.Mutex
	status     int
	retryAfter time.Duration
	netErr     error // transport failure (dial, reset), seen before providers reword it
}

type attemptKey struct{}

type recorder struct{ next http.RoundTripper }

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if a, ok := req.Context().Value(attemptKey{}).(*attempt); ok {
		a.mu.Lock()
		if resp != nil {
			a.status = resp.StatusCode
			a.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
		}
		a.netErr = err
		a.mu.Unlock()
	}
	return resp, err
}

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// Generate runs req with retries. On failure the error is a
// *ProviderError (Fallback(err) is true) unless ctx itself ended.
func (c *Client) Generate(ctx context.Context, req Request) (Response, error) {
	if len(req.Messages) == 0 {
		return Response{}, errors.New("llm: no messages")
	}
	var streamed atomic.Bool
	opts := []llms.CallOption{}
	if req.Temperature != 0 {
		opts = append(opts, llms.WithTemperature(req.Temperature))
	}
	if req.MaxTokens != 0 {
		opts = append(opts, llms.WithMaxTokens(req.MaxTokens))
	}
	if req.JSON {
		opts = append(opts, llms.WithJSONMode())
	}
	if req.OnChunk != nil {
		opts = append(opts, llms.WithStreamingFunc(func(ctx context.Context, chunk []byte) error {
			if len(chunk) == 0 {
				return nil
			}
			streamed.Store(true)
			return req.OnChunk(ctx, string(chunk))
		}))
	}
	for n := 1; ; n++ {
		a := &attempt{}
		actx, cancel := context.WithTimeout(context.WithValue(ctx, attemptKey{}, a), c.cfg.timeout())
		resp, err := c.model.GenerateContent(actx, req.Messages, opts...)
		timedOut := errors.Is(actx.Err(), context.DeadlineExceeded)
		cancel()
		a.mu.Lock()
		status, retryAfter, netErr := a.status, a.retryAfter, a.netErr
		a.mu.Unlock()
		if ctx.Err() != nil {
			c.opt.Ledger.fail(req.Tenant)
			return Response{}, fmt.Errorf("llm: %s: %w", c.cfg.Provider, ctx.Err())
		}
		if err == nil {
			out, verr := c.reply(resp)
			if verr == nil {
				out.Attempts = n
				out.CostUSD = c.opt.Prices.Cost(c.cfg.Model, out.Usage)
				c.opt.Ledger.add(req.Tenant, c.cfg.Model, out.Usage, out.CostUSD, n-1)
				return out, nil
			}
			err = verr
		}
		if errors.Is(err, anthropic.ErrEmptyResponse) {
			err = fmt.Errorf("%w: %w", ErrIncomplete, err)
		}
		if netErr != nil && status == 0 && !errors.Is(err, netErr) {
			err = fmt.Errorf("%w: %w", err, netErr)
		}
		if timedOut && !errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
		}
		if streamed.Load() || !retryable(status, timedOut, err) || n == c.opt.MaxAttempts {
			c.opt.Ledger.fail(req.Tenant)
			return Response{}, &ProviderError{Provider: c.cfg.Provider, Status: status, Attempts: n, Err: err}
		}
		d := c.backoff(n, retryAfter)
		if err := c.opt.Sleep(ctx, d); err != nil {
			c.opt.Ledger.fail(req.Tenant)
			return Response{}, fmt.Errorf("llm: %s: %w", c.cfg.Provider, err)
		}
	}
}

// retryable: 429, 5xx, timeouts and connection failures; not other 4xx,
// and not malformed or truncated replies from a server that answered 200.
func retryable(status int, timedOut bool, err error) bool {
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return true
	case status >= 400:
		return false
	case timedOut:
		return true
	case status == 0:
		var ne net.Error
		return errors.As(err, &ne) || errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNREFUSED) ||
			errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF)
	}
	return false
}

// backoff is full-jitter exponential backoff: a random delay in
// [d/2, d) with d = BaseDelay·2^(n-1), capped at MaxDelay; a Retry-After
// header raises it (up to MaxDelay).
func (c *Client) backoff(n int, retryAfter time.Duration) time.Duration {
	d := c.opt.BaseDelay << (n - 1)
	if d > c.opt.MaxDelay || d <= 0 {
		d = c.opt.MaxDelay
	}
	d = d/2 + time.Duration(c.opt.Jitter()*float64(d/2))
	if retryAfter > d {
		d = min(retryAfter, c.opt.MaxDelay)
	}
	return d
}

func (c *Client) reply(resp *llms.ContentResponse) (Response, error) {
	if resp == nil || len(resp.Choices) == 0 {
		return Response{}, fmt.Errorf("%w: no choices", ErrIncomplete)
	}
	var (
		out  Response
		text strings.Builder
	)
	for _, ch := range resp.Choices {
		if ch == nil {
			continue
		}
		text.WriteString(ch.Content)
		if ch.StopReason != "" {
			out.StopReason = ch.StopReason
		}
		u := usageOf(ch.GenerationInfo)
		out.Usage.PromptTokens = max(out.Usage.PromptTokens, u.PromptTokens)
		out.Usage.CompletionTokens = max(out.Usage.CompletionTokens, u.CompletionTokens)
	}
	out.Text = text.String()
	if strings.TrimSpace(out.Text) == "" {
		return Response{}, fmt.Errorf("%w: empty text", ErrIncomplete)
	}
	if c.cfg.reportsStop() && out.StopReason == "" {
		return Response{}, fmt.Errorf("%w: no stop reason (stream cut short)", ErrIncomplete)
	}
	return out, nil
}

func usageOf(info map[string]any) Usage {
	get := func(keys ...string) int {
		for _, k := range keys {
			switch v := info[k].(type) {
			case int:
				return v
			case int32:
				return int(v)
			case int64:
				return int(v)
			case float64:
				return int(v)
			}
		}
		return 0
	}
	return Usage{
		PromptTokens:     get("PromptTokens", "InputTokens"),
		CompletionTokens: get("CompletionTokens", "OutputTokens"),
	}
}
