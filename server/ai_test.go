package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/assist/copilot"
	"github.com/frontlinedesk/frontline/internal/assist/llm"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// The fakes below speak the providers' wire protocols (the same shapes as
// internal/assist/llm's wire tests): OpenAI's /v1/chat/completions and
// Ollama's /api/chat. They answer in the prompt format's JSON, citing the
// first KB passage the prompt offers, or fail with a status.

var citationRE = regexp.MustCompile(`kb:[0-9a-f]{32}#[0-9]+`)

// fakeLLM is a provider fake; status 0 answers, anything else fails.
type fakeLLM struct {
	srv     *httptest.Server
	mu      sync.Mutex
	status  int
	auths   []string
	calls   int
	prompts []string // every request's messages, as sent
}

func (f *fakeLLM) setStatus(s int) { f.mu.Lock(); f.status = s; f.mu.Unlock() }

func (f *fakeLLM) seen() (int, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, append([]string(nil), f.auths...)
}

// answer is the model's reply to a prompt: JSON citing its first passage.
func answer(prompt string) string {
	cite := citationRE.FindString(prompt)
	if strings.Contains(prompt, "pong") {
		return "pong"
	}
	b, _ := json.Marshal(map[string]any{"answer": "LLM answer: standard shipping takes 3 to 5 working days.", "citations": []string{cite}, "handover": false})
	return string(b)
}

func newFakeLLM(t *testing.T, provider llm.Provider) *fakeLLM {
	t.Helper()
	f := &fakeLLM{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.calls++
		f.auths = append(f.auths, r.Header.Get("Authorization"))
		status := f.status
		f.mu.Unlock()
		var req struct {
			Messages []struct {
				Content any `json:"content"`
			} `json:"messages"`
			Stream bool `json:"stream"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("fake %s: bad request: %v", provider, err)
		}
		var prompt strings.Builder
		for _, m := range req.Messages {
			b, _ := json.Marshal(m.Content)
			prompt.Write(b)
		}
		f.mu.Lock()
		f.prompts = append(f.prompts, prompt.String())
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if status != 0 {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"error":{"message":"fake outage","type":"server_error"}}`)
			return
		}
		text := answer(prompt.String())
		switch provider {
		case llm.OpenAI:
			if r.URL.Path != "/v1/chat/completions" {
				t.Errorf("fake openai: path %s", r.URL.Path)
			}
			if req.Stream { // the bot streams its answers: server-sent events
				w.Header().Set("Content-Type", "text/event-stream")
				for _, ev := range []map[string]any{
					{"id": "c", "object": "chat.completion.chunk", "model": "fake-gpt", "choices": []any{map[string]any{"index": 0, "delta": map[string]any{"role": "assistant", "content": text}, "finish_reason": nil}}},
					{"id": "c", "object": "chat.completion.chunk", "model": "fake-gpt", "choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}},
					{"id": "c", "object": "chat.completion.chunk", "model": "fake-gpt", "choices": []any{}, "usage": map[string]any{"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}},
				} {
					b, _ := json.Marshal(ev)
					_, _ = io.WriteString(w, "data: "+string(b)+"\n\n")
				}
				_, _ = io.WriteString(w, "data: [DONE]\n\n")
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{
				"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "fake-gpt",
				"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text}, "finish_reason": "stop"}},
				"usage":   map[string]any{"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
			})
		case llm.Ollama:
			if r.URL.Path != "/api/chat" {
				t.Errorf("fake ollama: path %s", r.URL.Path)
			}
			w.Header().Set("Content-Type", "application/x-ndjson")
			_ = json.NewEncoder(w).Encode(map[string]any{"model": "llama3.2", "created_at": "2026-01-01T00:00:00Z",
				"message": map[string]any{"role": "assistant", "content": text}, "done": true, "done_reason": "stop",
				"prompt_eval_count": 11, "eval_count": 7})
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func testSealer(t *testing.T) *llm.Sealer {
	t.Helper()
	s, err := llm.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fastLLM makes failing providers fail at once.
var fastLLM = server.WithLLMOptions(llm.Options{MaxAttempts: 2, Sleep: func(context.Context, time.Duration) error { return nil }})

const secretKey = "sk-test-TOPSECRET-9f3b1234"

func TestAISettings_ValidationAndKeyNeverReturned(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, server.WithSecrets(testSealer(t)), fastLLM)
	ten := env.RegisterCompany(t, "AISettings")
	agent := env.AddAgent(t, ten, "AI Agent", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	admin := ten.Clients.AIAdmin

	got := must(admin.GetAISettings(ctx, &frontlinev1.GetAISettingsRequest{}))(t)
	if got.GetSettings().GetProvider() != "none" || got.GetSettings().GetApiKeySet() {
		t.Errorf("initial settings = %v; want provider none without a key", got.GetSettings())
	}

	invalid := []struct {
		name string
		req  *frontlinev1.UpdateAISettingsRequest
	}{
		{"no_settings", &frontlinev1.UpdateAISettingsRequest{}},
		{"unknown_provider", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "bard", Model: "m"}}},
		{"missing_model", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama"}}},
		{"model_with_space", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "llama 3"}}},
		{"openai_url_without_v1", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "openai", Model: "m", BaseUrl: "http://127.0.0.1:8000"}, ApiKey: secretKey}},
		{"ftp_url", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "m", BaseUrl: "ftp://h"}}},
		{"url_with_credentials", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "m", BaseUrl: "http://u:p@h"}}},
		{"timeout_too_long", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "m", TimeoutSeconds: 301}}},
		{"negative_price", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "m", Prices: []*frontlinev1.ModelPrice{{Model: "m", PromptPerMillion: -1}}}}},
		{"duplicate_price", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "m", Prices: []*frontlinev1.ModelPrice{{Model: "m"}, {Model: "m"}}}}},
		{"gemini_without_key", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "gemini", Model: "gemini-2.0-flash"}}},
		{"key_with_space", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "gemini", Model: "g"}, ApiKey: "sk bad"}},
		{"set_and_clear_key", &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "gemini", Model: "g"}, ApiKey: secretKey, ClearApiKey: true}},
	}
	for _, tt := range invalid {
		_, err := admin.UpdateAISettings(ctx, tt.req)
		wantCode(t, tt.name, err, connect.CodeInvalidArgument)
	}

	fake := newFakeLLM(t, llm.OpenAI)
	upd := must(admin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{
		Settings: &frontlinev1.AISettings{Provider: "openai", Model: "fake-gpt", BaseUrl: fake.srv.URL + "/v1", TimeoutSeconds: 5,
			Prices: []*frontlinev1.ModelPrice{{Model: "fake-gpt", PromptPerMillion: 1000, CompletionPerMillion: 2000}}},
		ApiKey: secretKey,
	}))(t)
	if s := upd.GetSettings(); !s.GetApiKeySet() || s.GetApiKeyMasked() != llm.Mask(secretKey) || s.GetApiKeyMasked() != "sk-…1234" {
		t.Errorf("updated settings = %v; want the key set and masked as sk-…1234", s)
	}
	// An update without a key keeps the stored one.
	must(admin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{Settings: upd.GetSettings()}))(t)
	test := must(admin.TestAIProvider(ctx, &frontlinev1.TestAIProviderRequest{}))(t)
	if !test.GetOk() || test.GetReply() != "pong" {
		t.Errorf("TestAIProvider = %v; want ok with pong", test)
	}
	if _, auths := fake.seen(); len(auths) == 0 || auths[len(auths)-1] != "Bearer "+secretKey {
		t.Errorf("provider saw Authorization %q; want the stored key", auths)
	}

	// The key is stored sealed, never in clear.
	stored, err := env.Store.AISettings(ctx, ten.Company.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored.SealedKey, "TOPSECRET") || stored.SealedKey == "" {
		t.Errorf("stored key %q is not sealed", stored.SealedKey)
	}

	// No response of any RPC an admin or agent can make shows the key or its sealed form.
	var seen []proto.Message
	seen = append(seen, upd, test, must(admin.GetAISettings(ctx, &frontlinev1.GetAISettingsRequest{}))(t))
	for i, c := range []servertest.Clients{ten.Clients, agent.Clients} {
		seen = append(seen,
			must(c.Sync.Pull(ctx, &frontlinev1.PullRequest{ClientId: strings.Repeat("ab", 15) + "0" + string(rune('1'+i))}))(t),
			must(c.Identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{}))(t),
			must(c.Tickets.ListTickets(ctx, &frontlinev1.ListTicketsRequest{}))(t),
		)
	}
	seen = append(seen, must(ten.Clients.WidgetAdmin.GetWidgetSettings(ctx, &frontlinev1.GetWidgetSettingsRequest{}))(t))
	for _, m := range seen {
		b, err := protojson.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "TOPSECRET") || strings.Contains(string(b), stored.SealedKey) {
			t.Errorf("%T leaks the API key: %s", m, b)
		}
	}

	// Agents cannot read or change the settings.
	_, err = agent.Clients.AIAdmin.GetAISettings(ctx, &frontlinev1.GetAISettingsRequest{})
	wantCode(t, "agent GetAISettings", err, connect.CodePermissionDenied)
	_, err = agent.Clients.AIAdmin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "none"}})
	wantCode(t, "agent UpdateAISettings", err, connect.CodePermissionDenied)

	// A failing provider is reported, not raised, and without the key.
	fake.setStatus(http.StatusUnauthorized)
	test = must(admin.TestAIProvider(ctx, &frontlinev1.TestAIProviderRequest{}))(t)
	if test.GetOk() || test.GetError() == "" || strings.Contains(test.GetError(), "TOPSECRET") {
		t.Errorf("TestAIProvider on a failing provider = %v; want an error without the key", test)
	}
}

func TestAISettings_NoServerKeyRefusesKeys(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "NoSecrets")
	_, err := ten.Clients.AIAdmin.UpdateAISettings(t.Context(), &frontlinev1.UpdateAISettingsRequest{
		Settings: &frontlinev1.AISettings{Provider: "gemini", Model: "gemini-2.0-flash"}, ApiKey: secretKey,
	})
	wantCode(t, "store a key without a server key", err, connect.CodeFailedPrecondition)
	// A keyless local provider needs no server key.
	must(ten.Clients.AIAdmin.UpdateAISettings(t.Context(), &frontlinev1.UpdateAISettingsRequest{
		Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "llama3.2", BaseUrl: "http://127.0.0.1:11434"},
	}))(t)
}

func TestBot_UsesTenantLLMAndFallsBackOffline(t *testing.T) {
	t.Parallel()
	for _, provider := range []llm.Provider{llm.OpenAI, llm.Ollama} {
		t.Run(string(provider), func(t *testing.T) {
			t.Parallel()
			env := newBotEnv(t, server.WithSecrets(testSealer(t)), fastLLM)
			ten, ids := botTenant(t, env, "LLM "+string(provider), bikeKB)
			ctx := t.Context()
			fake := newFakeLLM(t, provider)
			s := &frontlinev1.AISettings{Provider: string(provider), Model: "fake-model", BaseUrl: fake.srv.URL, TimeoutSeconds: 5}
			key := ""
			if provider == llm.OpenAI {
				s.BaseUrl += "/v1"
				key = secretKey
			}
			must(ten.Clients.AIAdmin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{Settings: s, ApiKey: key}))(t)

			conv := env.StartConversation(t, ten, "How long does shipping take?")
			_, msgs := thread(t, conv)
			bot := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)
			if bot == nil || !strings.HasPrefix(bot.GetBody(), "LLM answer:") {
				t.Fatalf("bot answer = %v; want the fake LLM's answer", bot)
			}
			if len(bot.GetCitations()) != 1 || bot.GetCitations()[0].GetArticleId() != ids["Shipping times and costs"] {
				t.Errorf("LLM answer citations = %v; want the shipping article", bot.GetCitations())
			}
			usage := must(ten.Clients.AIAdmin.GetAISettings(ctx, &frontlinev1.GetAISettingsRequest{}))(t).GetUsage()
			if usage.GetCalls() != 1 || usage.GetPromptTokens() != 11 || usage.GetCompletionTokens() != 7 {
				t.Errorf("usage = %v; want 1 call of 11+7 tokens", usage)
			}

			// The provider fails: the bot answers offline from the KB.
			fake.setStatus(http.StatusInternalServerError)
			send(t, conv, "Can I return my bike and get a refund?")
			_, msgs = thread(t, conv)
			bot = lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)
			if bot == nil || !strings.HasPrefix(bot.GetBody(), copilot.OfflineIntro) {
				t.Fatalf("bot answer with a failing provider = %v; want the offline extractive answer", bot)
			}
			if len(bot.GetCitations()) != 1 || bot.GetCitations()[0].GetArticleId() != ids["Returns and refunds"] {
				t.Errorf("offline answer citations = %v; want the returns article", bot.GetCitations())
			}
			usage = must(ten.Clients.AIAdmin.GetAISettings(ctx, &frontlinev1.GetAISettingsRequest{}))(t).GetUsage()
			if usage.GetFailures() != 1 {
				t.Errorf("usage after the outage = %v; want 1 failure", usage)
			}
		})
	}
}

func TestBot_ToneReachesTheLLMPrompt(t *testing.T) {
	env := newBotEnv(t, server.WithSecrets(testSealer(t)), fastLLM)
	ten, _ := botTenant(t, env, "Tone Co", bikeKB)
	ctx := t.Context()
	_, err := ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{
		Settings: &frontlinev1.WidgetSettings{BotEnabled: true, BotTone: "sarcastic"}})
	wantCode(t, "unknown tone", err, connect.CodeInvalidArgument)
	ws := must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{
		Settings: &frontlinev1.WidgetSettings{BotEnabled: true, BotTone: " Formal "}}))(t).GetSettings()
	if ws.GetBotTone() != "formal" {
		t.Errorf("stored tone %q; want formal", ws.GetBotTone())
	}
	fake := newFakeLLM(t, llm.Ollama)
	must(ten.Clients.AIAdmin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{
		Provider: "ollama", Model: "fake-model", BaseUrl: fake.srv.URL, TimeoutSeconds: 5}}))(t)
	env.StartConversation(t, ten, "How long does shipping take?")
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.prompts) == 0 || !strings.Contains(fake.prompts[0], "Write formally and courteously") {
		t.Errorf("the bot's prompt does not carry the formal tone: %q", fake.prompts)
	}
}
