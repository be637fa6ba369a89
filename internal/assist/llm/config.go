// Package llm connects Frontline to large language models. It builds a
// langchaingo llms.Model for a tenant's configured provider (an
// OpenAI-compatible endpoint, Ollama, Anthropic or Google Gemini) and wraps
// it in a Client that adds per-attempt timeouts, retries with exponential
// backoff and jitter, streaming, token and cost accounting per tenant, and
// a fallback signal (ErrUnavailable) telling callers to use offline mode.
//
// Gemini is spoken over its REST wire protocol by this package (gemini.go):
// langchaingo's llms/googleai pulls about 80 modules (gRPC, cloud, otel)
// into the build, which is too heavy for the desktop binary.
package llm

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/anthropic"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// Provider names a model provider.
type Provider string

// The providers.
const (
	OpenAI    Provider = "openai" // any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp server, LM Studio)
	Ollama    Provider = "ollama"
	Anthropic Provider = "anthropic"
	Gemini    Provider = "gemini"
)

// Providers lists the supported providers.
var Providers = []Provider{OpenAI, Ollama, Anthropic, Gemini}

// Default base URLs used when Config.BaseURL is empty.
const (
	DefaultOpenAIURL    = "https://api.openai.com/v1"
	DefaultOllamaURL    = "http://127.0.0.1:11434"
	DefaultAnthropicURL = "https://api.anthropic.com/v1"
	DefaultGeminiURL    = "https://generativelanguage.googleapis.com/v1beta"
)

// DefaultTimeout bounds one attempt when Config.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// ErrInvalidConfig is wrapped by every Config validation error.
var ErrInvalidConfig = errors.New("llm: invalid config")

// Config is a tenant's provider choice, as an admin sets it up. APIKey is
// the plain key; store it sealed (see Sealer) and open it only to build a
// Client.
type Config struct {
	Provider Provider
	Model    string
	BaseURL  string        // empty: the provider's public endpoint
	APIKey   string        // required by OpenAI (any non-empty token for local servers), Anthropic and Gemini
	Timeout  time.Duration // per attempt; zero: DefaultTimeout
}

func invalid(field, reason string) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalidConfig, field, reason)
}

// Validate checks c. An OpenAI-compatible base URL must end in /v1 (the
// client appends /chat/completions); Anthropic's too (it appends /messages).
func (c Config) Validate() error {
	known := false
	for _, p := range Providers {
		known = known || c.Provider == p
	}
	if !known {
		return invalid("provider", fmt.Sprintf("unknown provider %q", c.Provider))
	}
	if strings.TrimSpace(c.Model) == "" {
		return invalid("model", "required")
	}
	if strings.ContainsAny(c.Model, "/?#") && c.Provider == Gemini {
		return invalid("model", "must be a bare model name such as gemini-2.0-flash")
	}
	if c.Timeout < 0 {
		return invalid("timeout", "must not be negative")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalid("base_url", "must be an absolute http(s) URL")
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return invalid("base_url", "must not have a query or fragment")
		}
		p := strings.TrimSuffix(u.Path, "/")
		if (c.Provider == OpenAI || c.Provider == Anthropic) && !strings.HasSuffix(p, "/v1") {
			return invalid("base_url", "must end in /v1")
		}
	}
	switch c.Provider {
	case OpenAI, Anthropic, Gemini:
		if strings.TrimSpace(c.APIKey) == "" {
			return invalid("api_key", "required")
		}
	}
	return nil
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

func (c Config) baseURL() string {
	if c.BaseURL != "" {
		return strings.TrimSuffix(c.BaseURL, "/")
	}
	switch c.Provider {
	case OpenAI:
		return DefaultOpenAIURL
	case Ollama:
		return DefaultOllamaURL
	case Anthropic:
		return DefaultAnthropicURL
	default:
		return DefaultGeminiURL
	}
}

// reportsStop tells whether the provider's responses carry a stop reason,
// so that a missing one means the reply was cut short.
func (c Config) reportsStop() bool { return c.Provider != Ollama }

// NewModel builds the langchaingo model for c, sending its requests through
// hc (nil: http.DefaultClient). It never reads the environment.
func NewModel(c Config, hc *http.Client) (llms.Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	var (
		m   llms.Model
		err error
	)
	switch c.Provider {
	case OpenAI:
		m, err = openai.New(openai.WithBaseURL(c.baseURL()), openai.WithToken(c.APIKey),
			openai.WithModel(c.Model), openai.WithHTTPClient(hc))
	case Ollama:
		u, perr := url.Parse(c.baseURL())
		if perr != nil {
			return nil, invalid("base_url", perr.Error())
		}
		m, err = ollama.New(ollama.WithServerURL(u.String()), ollama.WithModel(c.Model), ollama.WithHTTPClient(hc))
	case Anthropic:
		m, err = anthropic.New(anthropic.WithBaseURL(c.baseURL()), anthropic.WithToken(c.APIKey),
			anthropic.WithModel(c.Model), anthropic.WithHTTPClient(hc))
	case Gemini:
		m = &GeminiModel{BaseURL: c.baseURL(), APIKey: c.APIKey, Model: c.Model, HTTP: hc}
	}
	if err != nil {
		return nil, fmt.Errorf("llm: new %s model: %w", c.Provider, err)
	}
	return m, nil
}
