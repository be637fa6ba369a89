package llm

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/fake"
)

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr bool
	}{
		{name: "openai_local", cfg: Config{Provider: OpenAI, Model: "llama3", BaseURL: "http://127.0.0.1:8000/v1", APIKey: "x"}},
		{name: "openai_trailing_slash", cfg: Config{Provider: OpenAI, Model: "m", BaseURL: "http://h/v1/", APIKey: "x"}},
		{name: "openai_no_v1", cfg: Config{Provider: OpenAI, Model: "m", BaseURL: "http://h:8000", APIKey: "x"}, wantErr: true},
		{name: "openai_no_key", cfg: Config{Provider: OpenAI, Model: "m"}, wantErr: true},
		{name: "ollama_no_key", cfg: Config{Provider: Ollama, Model: "llama3.2"}},
		{name: "anthropic_default_url", cfg: Config{Provider: Anthropic, Model: "claude", APIKey: "k"}},
		{name: "gemini", cfg: Config{Provider: Gemini, Model: "gemini-2.0-flash", APIKey: "k"}},
		{name: "gemini_model_path", cfg: Config{Provider: Gemini, Model: "models/x?y", APIKey: "k"}, wantErr: true},
		{name: "unknown_provider", cfg: Config{Provider: "bard", Model: "m", APIKey: "k"}, wantErr: true},
		{name: "no_model", cfg: Config{Provider: Ollama}, wantErr: true},
		{name: "bad_scheme", cfg: Config{Provider: Ollama, Model: "m", BaseURL: "ftp://h"}, wantErr: true},
		{name: "relative_url", cfg: Config{Provider: Ollama, Model: "m", BaseURL: "/v1"}, wantErr: true},
		{name: "negative_timeout", cfg: Config{Provider: Ollama, Model: "m", Timeout: -time.Second}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate(%+v) = %v; wantErr %v", tt.cfg, err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error %v does not wrap ErrInvalidConfig", err)
			}
			if _, err := New(tt.cfg, Options{}); (err != nil) != tt.wantErr {
				t.Errorf("New = %v; wantErr %v", err, tt.wantErr)
			}
		})
	}
}

func TestClient_Config_hidesKey(t *testing.T) {
	c, err := New(Config{Provider: Gemini, Model: "g", APIKey: "secret"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Config().APIKey != "" {
		t.Errorf("Config() leaks the API key")
	}
}

func TestClient_Generate_fakeModel(t *testing.T) {
	c := NewWithModel(Config{Provider: Ollama, Model: "fake"}, fake.NewFakeLLM([]string{"one", "two"}), Options{})
	for _, want := range []string{"one", "two"} {
		got, err := c.Generate(t.Context(), Request{Tenant: "t", Messages: []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "hi")}})
		if err != nil || got.Text != want {
			t.Fatalf("Generate = %q, %v; want %q", got.Text, err, want)
		}
	}
	if _, err := c.Generate(t.Context(), Request{}); err == nil || Fallback(err) {
		t.Errorf("Generate with no messages = %v; want a plain error", err)
	}
}

// blockingModel waits for ctx.
type blockingModel struct{}

func (blockingModel) GenerateContent(ctx context.Context, _ []llms.MessageContent, _ ...llms.CallOption) (*llms.ContentResponse, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func (b blockingModel) Call(ctx context.Context, p string, o ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, b, p, o...)
}

func TestClient_Generate_callerCancel(t *testing.T) {
	c := NewWithModel(Config{Provider: OpenAI, Model: "m", Timeout: time.Minute}, blockingModel{}, Options{})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := c.Generate(ctx, Request{Messages: []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "hi")}})
	if !errors.Is(err, context.Canceled) || Fallback(err) {
		t.Errorf("Generate after cancel = %v; want context.Canceled without fallback", err)
	}
}

func TestPriceTable(t *testing.T) {
	pt, err := ParsePriceTable([]byte(`{"gpt-4o-mini": {"prompt_per_million": 0.15, "completion_per_million": 0.6},
		"gpt-4o": {"prompt_per_million": 2.5, "completion_per_million": 10}}`))
	if err != nil {
		t.Fatal(err)
	}
	u := Usage{PromptTokens: 1_000_000, CompletionTokens: 500_000}
	for _, tt := range []struct {
		model string
		want  float64
	}{{"gpt-4o-mini", 0.45}, {"gpt-4o-mini-2024-07-18", 0.45}, {"gpt-4o", 7.5}, {"llama3", 0}} {
		if got := pt.Cost(tt.model, u); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("Cost(%q) = %v; want %v", tt.model, got, tt.want)
		}
	}
	if _, err := ParsePriceTable([]byte(`{"m": {"prompt_per_million": -1}}`)); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("negative price: err = %v", err)
	}
}

func TestSealer(t *testing.T) {
	key := make([]byte, KeySize)
	for i := range key {
		key[i] = byte(i)
	}
	s, err := NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := s.Seal("tenantA", "sk-live-1234567890")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "sk-live") {
		t.Fatalf("sealed value contains the plaintext: %q", sealed)
	}
	again, _ := s.Seal("tenantA", "sk-live-1234567890")
	if again == sealed {
		t.Errorf("two seals are identical: nonce reused")
	}
	if got, err := s.Open("tenantA", sealed); err != nil || got != "sk-live-1234567890" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := s.Open("tenantB", sealed); !errors.Is(err, ErrSealed) {
		t.Errorf("Open for another tenant = %v; want ErrSealed", err)
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if tampered == sealed {
		tampered = sealed[:len(sealed)-2] + "BB"
	}
	if _, err := s.Open("tenantA", tampered); !errors.Is(err, ErrSealed) {
		t.Errorf("Open tampered = %v; want ErrSealed", err)
	}
	other := append([]byte(nil), key...)
	other[0] ^= 1
	s2, _ := NewSealer(other)
	if _, err := s2.Open("tenantA", sealed); !errors.Is(err, ErrSealed) {
		t.Errorf("Open with another server key = %v; want ErrSealed", err)
	}
	if _, err := NewSealer(key[:16]); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("NewSealer(16 bytes) = %v", err)
	}
}

func TestLoadSealer(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "llm.key")
	s1, err := LoadSealer("", path, true)
	if err != nil {
		t.Fatalf("LoadSealer create: %v", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", fi, err)
	}
	sealed, _ := s1.Seal("t", "k")
	s2, err := LoadSealer("", path, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s2.Open("t", sealed); err != nil || got != "k" {
		t.Errorf("reloaded sealer Open = %q, %v", got, err)
	}
	data, _ := os.ReadFile(path)
	t.Setenv("FRONTLINE_TEST_LLM_KEY", strings.TrimSpace(string(data)))
	s3, err := LoadSealer("FRONTLINE_TEST_LLM_KEY", filepath.Join(dir, "missing"), false)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s3.Open("t", sealed); err != nil || got != "k" {
		t.Errorf("env sealer Open = %q, %v", got, err)
	}
	t.Setenv("FRONTLINE_TEST_LLM_KEY", base64.StdEncoding.EncodeToString([]byte("short")))
	if _, err := LoadSealer("FRONTLINE_TEST_LLM_KEY", path, false); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("short env key: %v", err)
	}
	if _, err := LoadSealer("", filepath.Join(dir, "nope"), false); err == nil {
		t.Errorf("missing key file without create: no error")
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{"sk-abcdefghijkl1234": "sk-…1234", "short": "•••••", "": ""} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q; want %q", in, got, want)
		}
	}
}
