package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/tmc/langchaingo/llms"

	"github.com/frontlinedesk/frontline/internal/assist/llm"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// This file holds the per-tenant AI settings (AIAdminService) and the
// per-tenant LLM clients built from them. The settings are server-only
// rows (store.AIData): they never enter the change log, the API key is
// stored sealed with the server's key and is never returned, only its mask.

// Limits and defaults of AI settings (ai_admin.proto documents them).
const (
	providerNone         = "none"
	maxAIModel           = 200
	maxAIBaseURL         = 500
	maxAPIKey            = 500
	maxAITimeoutSeconds  = 300
	defaultAITimeout     = 20 * time.Second
	maxModelPrices       = 50
	testProviderMaxChars = 200
)

// WithSecrets sets the sealer that encrypts tenants' provider API keys at
// rest. Without one, admins cannot store a key (keyless providers such as
// a local Ollama still work).
func WithSecrets(s *llm.Sealer) Option { return func(srv *Server) { srv.aiCfg.sealer = s } }

// WithLLMOptions tunes the tenants' LLM clients (retries, backoff, the
// transport); tests use it to make failures fast. Prices and Ledger are
// set by the server.
func WithLLMOptions(o llm.Options) Option { return func(srv *Server) { srv.aiCfg.opts = o } }

// aiConfig collects the AI options.
type aiConfig struct {
	sealer *llm.Sealer
	opts   llm.Options
}

// aiState caches one LLM client per tenant, rebuilt when the tenant's
// settings change.
type aiState struct {
	sealer *llm.Sealer
	opts   llm.Options
	ledger *llm.Ledger

	mu      sync.Mutex
	clients map[string]tenantLLM
}

type tenantLLM struct {
	version time.Time
	client  *llm.Client // nil: offline
	mode    string
}

func newAIState(s *Server) *aiState {
	opts := s.aiCfg.opts
	opts.Ledger = llm.NewLedger()
	return &aiState{sealer: s.aiCfg.sealer, opts: opts, ledger: opts.Ledger, clients: map[string]tenantLLM{}}
}

// modeOffline is the mode string of answers made without an LLM.
const modeOffline = "offline"

func llmMode(p llm.Provider, model string) string { return fmt.Sprintf("LLM (%s/%s)", p, model) }

// tenantLLM returns the tenant's LLM client and its mode string; a nil
// client means offline (no provider configured, or it cannot be built).
func (s *Server) tenantLLM(ctx context.Context, tenantID string) (*llm.Client, string) {
	st, err := s.st.AISettings(ctx, tenantID)
	if errors.Is(err, desk.ErrNotFound) {
		return nil, modeOffline
	}
	if err != nil {
		s.log.Warn("ai settings: read", "tenant", tenantID, "err", err)
		return nil, modeOffline
	}
	s.ai.mu.Lock()
	defer s.ai.mu.Unlock()
	if c, ok := s.ai.clients[tenantID]; ok && c.version.Equal(st.UpdateTime) {
		return c.client, c.mode
	}
	c := tenantLLM{version: st.UpdateTime, mode: modeOffline}
	if st.Provider != "" && st.Provider != providerNone {
		cfg, err := s.aiConfigOf(tenantID, st, "")
		if err == nil {
			opts := s.ai.opts
			opts.Prices = priceTable(st.Prices)
			c.client, err = llm.New(cfg, opts)
		}
		if err != nil {
			s.log.Warn("ai settings: build client; answering offline", "tenant", tenantID, "provider", st.Provider, "err", err)
			c.client = nil
		} else {
			c.mode = llmMode(cfg.Provider, cfg.Model)
		}
	}
	s.ai.clients[tenantID] = c
	return c.client, c.mode
}

// aiConfigOf turns stored settings into an llm.Config, opening the sealed
// key (or using key when given).
func (s *Server) aiConfigOf(tenantID string, st store.AISettings, key string) (llm.Config, error) {
	cfg := llm.Config{Provider: llm.Provider(st.Provider), Model: st.Model, BaseURL: st.BaseURL, Timeout: defaultAITimeout}
	if st.TimeoutSeconds > 0 {
		cfg.Timeout = time.Duration(st.TimeoutSeconds) * time.Second
	}
	switch {
	case key != "":
		cfg.APIKey = key
	case st.SealedKey != "":
		if s.ai.sealer == nil {
			return cfg, errors.New("a key is stored but the server has no secret key")
		}
		k, err := s.ai.sealer.Open(tenantID, st.SealedKey)
		if err != nil {
			return cfg, err
		}
		cfg.APIKey = k
	case cfg.Provider == llm.OpenAI && st.BaseURL != "":
		// Local OpenAI-compatible servers (vLLM, llama.cpp, LM Studio)
		// need no key, but the client wants a token.
		cfg.APIKey = "none"
	}
	return cfg, nil
}

func priceTable(ps []store.AIPrice) llm.PriceTable {
	t := llm.PriceTable{}
	for _, p := range ps {
		t[p.Model] = llm.Price{PromptPerMillion: p.PromptPerMillion, CompletionPerMillion: p.CompletionPerMillion}
	}
	return t
}

// aiAdminService lets admins choose their tenant's LLM provider.
type aiAdminService struct{ s *Server }

func (a *aiAdminService) GetAISettings(ctx context.Context, _ *frontlinev1.GetAISettingsRequest) (*frontlinev1.GetAISettingsResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	st, err := a.s.st.AISettings(ctx, c.TenantID)
	if err != nil && !errors.Is(err, desk.ErrNotFound) {
		return nil, fmt.Errorf("get ai settings: %w", err)
	}
	t := a.s.ai.ledger.Tenant(c.TenantID)
	return &frontlinev1.GetAISettingsResponse{
		Settings: aiSettingsOut(st),
		Usage: &frontlinev1.AIUsage{
			Calls: int64(t.Calls), Failures: int64(t.Failures), Retries: int64(t.Retries),
			PromptTokens: int64(t.PromptTokens), CompletionTokens: int64(t.CompletionTokens), CostUsd: t.CostUSD,
		},
	}, nil
}

func (a *aiAdminService) UpdateAISettings(ctx context.Context, req *frontlinev1.UpdateAISettingsRequest) (*frontlinev1.UpdateAISettingsResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	old, err := a.s.st.AISettings(ctx, c.TenantID)
	if err != nil && !errors.Is(err, desk.ErrNotFound) {
		return nil, fmt.Errorf("update ai settings: %w", err)
	}
	st, err := checkAISettings(req.GetSettings())
	if err != nil {
		return nil, err
	}
	key := req.GetApiKey()
	if err := checkAPIKey(key); err != nil {
		return nil, err
	}
	switch {
	case req.GetClearApiKey() && key != "":
		return nil, desk.Invalid("api_key", "cannot set and clear the key at once")
	case req.GetClearApiKey():
	case key != "":
		if a.s.ai.sealer == nil {
			return nil, withMessage("this server has no secret key to store API keys (start it with --secrets-file or FRONTLINE_SECRET_KEY)", desk.ErrFailedPrecondition)
		}
		sealed, err := a.s.ai.sealer.Seal(c.TenantID, key)
		if err != nil {
			return nil, fmt.Errorf("seal api key: %w", err)
		}
		st.SealedKey, st.KeyMask = sealed, llm.Mask(key)
	default:
		st.SealedKey, st.KeyMask = old.SealedKey, old.KeyMask
	}
	if needsKey(st.Provider, st.BaseURL) && st.SealedKey == "" {
		return nil, desk.Invalid("api_key", "required for "+st.Provider)
	}
	st.UpdateTime = a.s.now().UTC()
	if !st.UpdateTime.After(old.UpdateTime) {
		st.UpdateTime = old.UpdateTime.Add(time.Nanosecond) // the client cache keys on it
	}
	if err := a.s.st.PutAISettings(ctx, c.TenantID, st); err != nil {
		return nil, fmt.Errorf("update ai settings: %w", err)
	}
	a.s.log.Info("ai settings updated", "tenant", c.TenantID, "by", c.User.GetId(), "provider", st.Provider, "model", st.Model, "key_set", st.SealedKey != "")
	summary := "AI provider turned off"
	if st.Provider != "" && st.Provider != "none" {
		summary = fmt.Sprintf("AI provider set to %s, model %s", st.Provider, st.Model)
	}
	a.s.audit(ctx, c, "ai.update", "", summary)
	return &frontlinev1.UpdateAISettingsResponse{Settings: aiSettingsOut(st)}, nil
}

func (a *aiAdminService) TestAIProvider(ctx context.Context, req *frontlinev1.TestAIProviderRequest) (*frontlinev1.TestAIProviderResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	stored, err := a.s.st.AISettings(ctx, c.TenantID)
	if err != nil && !errors.Is(err, desk.ErrNotFound) {
		return nil, fmt.Errorf("test ai provider: %w", err)
	}
	st := stored
	if req.GetSettings() != nil {
		if st, err = checkAISettings(req.GetSettings()); err != nil {
			return nil, err
		}
		st.SealedKey = stored.SealedKey
	}
	if err := checkAPIKey(req.GetApiKey()); err != nil {
		return nil, err
	}
	if st.Provider == "" || st.Provider == providerNone {
		return nil, withMessage("no provider to test: choose one first", desk.ErrFailedPrecondition)
	}
	out := &frontlinev1.TestAIProviderResponse{}
	cfg, err := a.s.aiConfigOf(c.TenantID, st, req.GetApiKey())
	if err != nil {
		out.Error = "cannot open the stored API key; enter it again"
		return out, nil
	}
	if err := cfg.Validate(); err != nil {
		out.Error = strings.TrimPrefix(err.Error(), llm.ErrInvalidConfig.Error()+": ")
		return out, nil
	}
	opts := a.s.ai.opts
	opts.MaxAttempts = 1
	opts.Ledger = llm.NewLedger() // a test call is not the tenant's usage
	client, err := llm.New(cfg, opts)
	if err != nil {
		out.Error = err.Error()
		return out, nil
	}
	start := time.Now()
	resp, err := client.Generate(ctx, llm.Request{Tenant: c.TenantID, MaxTokens: 16, Messages: []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeHuman, "Reply with the single word: pong"),
	}})
	out.LatencyMs = time.Since(start).Milliseconds()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		out.Error = redact(err.Error(), cfg.APIKey)
		return out, nil
	}
	out.Ok = true
	out.Reply = truncateRunes(strings.TrimSpace(resp.Text), testProviderMaxChars)
	return out, nil
}

// redact removes the key from an error text, in case a provider echoes it.
func redact(s, key string) string {
	if len(key) >= 4 {
		s = strings.ReplaceAll(s, key, llm.Mask(key))
	}
	return s
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func needsKey(provider, baseURL string) bool {
	switch provider {
	case string(llm.Anthropic), string(llm.Gemini):
		return true
	case string(llm.OpenAI):
		return baseURL == "" // OpenAI's own endpoint; local compatible servers need none
	}
	return false
}

func aiSettingsOut(st store.AISettings) *frontlinev1.AISettings {
	out := &frontlinev1.AISettings{
		Provider: st.Provider, Model: st.Model, BaseUrl: st.BaseURL, TimeoutSeconds: st.TimeoutSeconds,
		ApiKeySet: st.SealedKey != "", ApiKeyMasked: st.KeyMask,
	}
	if out.Provider == "" {
		out.Provider = providerNone
	}
	for _, p := range st.Prices {
		out.Prices = append(out.Prices, &frontlinev1.ModelPrice{Model: p.Model, PromptPerMillion: p.PromptPerMillion, CompletionPerMillion: p.CompletionPerMillion})
	}
	return out
}

// checkAISettings validates in and returns it as stored (without a key).
func checkAISettings(in *frontlinev1.AISettings) (store.AISettings, error) {
	var st store.AISettings
	if in == nil {
		return st, desk.Invalid("settings", "required")
	}
	p := strings.ToLower(strings.TrimSpace(in.GetProvider()))
	if p == "" {
		p = providerNone
	}
	known := p == providerNone
	for _, k := range llm.Providers {
		known = known || p == string(k)
	}
	if !known {
		return st, desk.Invalid("settings.provider", "must be none, openai, ollama, anthropic or gemini")
	}
	st.Provider = p
	st.Model = strings.TrimSpace(in.GetModel())
	switch {
	case st.Model == "" && p != providerNone:
		return st, desk.Invalid("settings.model", "required")
	case len([]rune(st.Model)) > maxAIModel:
		return st, desk.Invalid("settings.model", fmt.Sprintf("at most %d characters", maxAIModel))
	case strings.IndexFunc(st.Model, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0:
		return st, desk.Invalid("settings.model", "must not contain spaces or control characters")
	case p == string(llm.Gemini) && strings.ContainsAny(st.Model, "/?#"):
		return st, desk.Invalid("settings.model", "must be a bare model name such as gemini-2.0-flash")
	}
	st.BaseURL = strings.TrimSpace(in.GetBaseUrl())
	if st.BaseURL != "" {
		if len(st.BaseURL) > maxAIBaseURL {
			return st, desk.Invalid("settings.base_url", fmt.Sprintf("at most %d characters", maxAIBaseURL))
		}
		u, err := url.Parse(st.BaseURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			return st, desk.Invalid("settings.base_url", "must be an absolute http(s) URL")
		case u.User != nil:
			return st, desk.Invalid("settings.base_url", "must not contain credentials; use the API key field")
		case u.RawQuery != "" || u.Fragment != "":
			return st, desk.Invalid("settings.base_url", "must not have a query or fragment")
		case (p == string(llm.OpenAI) || p == string(llm.Anthropic)) && !strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/v1"):
			return st, desk.Invalid("settings.base_url", "must end in /v1")
		}
	}
	ts := in.GetTimeoutSeconds()
	if ts < 0 || ts > maxAITimeoutSeconds {
		return st, desk.Invalid("settings.timeout_seconds", fmt.Sprintf("must be 0 (default) to %d", maxAITimeoutSeconds))
	}
	st.TimeoutSeconds = ts
	if len(in.GetPrices()) > maxModelPrices {
		return st, desk.Invalid("settings.prices", fmt.Sprintf("at most %d", maxModelPrices))
	}
	seen := map[string]bool{}
	for i, pr := range in.GetPrices() {
		field := fmt.Sprintf("settings.prices[%d]", i)
		m := strings.TrimSpace(pr.GetModel())
		switch {
		case m == "" || len([]rune(m)) > maxAIModel:
			return st, desk.Invalid(field+".model", fmt.Sprintf("required, at most %d characters", maxAIModel))
		case seen[m]:
			return st, desk.Invalid(field+".model", "listed twice")
		case !validPrice(pr.GetPromptPerMillion()):
			return st, desk.Invalid(field+".prompt_per_million", "must be a finite number from 0 to 10000")
		case !validPrice(pr.GetCompletionPerMillion()):
			return st, desk.Invalid(field+".completion_per_million", "must be a finite number from 0 to 10000")
		}
		seen[m] = true
		st.Prices = append(st.Prices, store.AIPrice{Model: m, PromptPerMillion: pr.GetPromptPerMillion(), CompletionPerMillion: pr.GetCompletionPerMillion()})
	}
	return st, nil
}

func validPrice(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 && v <= 10000 }

func checkAPIKey(k string) error {
	switch {
	case len(k) > maxAPIKey:
		return desk.Invalid("api_key", fmt.Sprintf("at most %d characters", maxAPIKey))
	case strings.IndexFunc(k, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0:
		return desk.Invalid("api_key", "must not contain spaces or control characters")
	}
	return nil
}
