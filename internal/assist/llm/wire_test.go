package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tmc/langchaingo/llms"
)

// The fake servers below speak each provider's wire protocol: they decode
// the request the real client sends, record it, and answer with the bytes
// the real service would send.

// call is what a fake server saw.
type call struct {
	Path        string
	Model       string
	Roles       []string
	Texts       []string
	System      string
	Temperature float64
	Stream      bool
	IncludeUse  bool
	Auth        string
}

// behaviour is what the fake server does for one request.
type behaviour int

const (
	ok behaviour = iota
	status401
	status429
	status500
	slow
	malformed
	truncated
)

// wire is one provider's protocol.
type wire struct {
	provider Provider
	// parse decodes a request into a call.
	parse func(t *testing.T, r *http.Request, body []byte) call
	// reply writes a successful answer of the parts, streamed or not, with
	// 11 prompt and 7 completion tokens.
	reply func(w http.ResponseWriter, parts []string, stream bool)
	// cut writes a stream that stops after the first part.
	cut func(w http.ResponseWriter, parts []string)
	// fail writes an error body for status.
	fail func(w http.ResponseWriter, status int)
	// base turns the server URL into the configured base URL.
	base func(url string) string
}

func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

func sse(w http.ResponseWriter, event string, v any) {
	b, _ := json.Marshal(v)
	if event != "" {
		fmt.Fprintf(w, "event: %s\n", event)
	}
	fmt.Fprintf(w, "data: %s\n\n", b)
	flush(w)
}

func jsonError(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var openaiWire = wire{
	provider: OpenAI,
	base:     func(u string) string { return u + "/v1" },
	parse: func(t *testing.T, r *http.Request, body []byte) call {
		var req struct {
			Model    string `json:"model"`
			Messages []struct {
				Role    string `json:"role"`
				Content any    `json:"content"`
			} `json:"messages"`
			Temperature   float64 `json:"temperature"`
			Stream        bool    `json:"stream"`
			StreamOptions *struct {
				IncludeUsage bool `json:"include_usage"`
			} `json:"stream_options"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("openai request: %v\n%s", err, body)
		}
		c := call{Path: r.URL.Path, Model: req.Model, Temperature: req.Temperature, Stream: req.Stream,
			Auth: r.Header.Get("Authorization")}
		c.IncludeUse = req.StreamOptions != nil && req.StreamOptions.IncludeUsage
		for _, m := range req.Messages {
			c.Roles = append(c.Roles, m.Role)
			c.Texts = append(c.Texts, textOf(m.Content))
		}
		return c
	},
	reply: func(w http.ResponseWriter, parts []string, stream bool) {
		if !stream {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{
				"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
				"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
					"message": map[string]any{"role": "assistant", "content": strings.Join(parts, "")}}},
				"usage": map[string]any{"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
			})
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for i, p := range parts {
			delta := map[string]any{"content": p}
			if i == 0 {
				delta["role"] = "assistant"
			}
			sse(w, "", map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "m",
				"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": nil}}})
		}
		sse(w, "", map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "m",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
		sse(w, "", map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "m", "choices": []any{},
			"usage": map[string]any{"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}})
		fmt.Fprint(w, "data: [DONE]\n\n")
		flush(w)
	},
	cut: func(w http.ResponseWriter, parts []string) {
		w.Header().Set("Content-Type", "text/event-stream")
		sse(w, "", map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "m",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"role": "assistant", "content": parts[0]}}}})
	},
	fail: func(w http.ResponseWriter, status int) {
		jsonError(w, status, map[string]any{"error": map[string]any{"message": "nope", "type": "invalid_request_error"}})
	},
}

var ollamaWire = wire{
	provider: Ollama,
	base:     func(u string) string { return u },
	parse: func(t *testing.T, r *http.Request, body []byte) call {
		var req struct {
			Model    string `json:"model"`
			Messages []struct {
				Role    string `json:"role"`
				Content string `json:"content"`
			} `json:"messages"`
			Stream  bool `json:"stream"`
			Options struct {
				Temperature float64 `json:"temperature"`
			} `json:"options"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("ollama request: %v\n%s", err, body)
		}
		c := call{Path: r.URL.Path, Model: req.Model, Temperature: req.Options.Temperature, Stream: req.Stream}
		for _, m := range req.Messages {
			c.Roles = append(c.Roles, m.Role)
			c.Texts = append(c.Texts, m.Content)
		}
		return c
	},
	reply: func(w http.ResponseWriter, parts []string, stream bool) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		enc := json.NewEncoder(w)
		msg := func(s string) map[string]any { return map[string]any{"role": "assistant", "content": s} }
		final := map[string]any{"model": "m", "created_at": "2026-01-01T00:00:00Z", "message": msg(""),
			"done": true, "done_reason": "stop", "prompt_eval_count": 11, "eval_count": 7}
		if !stream {
			final["message"] = msg(strings.Join(parts, ""))
			_ = enc.Encode(final)
			return
		}
		for _, p := range parts {
			_ = enc.Encode(map[string]any{"model": "m", "created_at": "2026-01-01T00:00:00Z", "message": msg(p), "done": false})
			flush(w)
		}
		_ = enc.Encode(final)
		flush(w)
	},
	cut: func(w http.ResponseWriter, parts []string) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		_ = json.NewEncoder(w).Encode(map[string]any{"model": "m", "message": map[string]any{"role": "assistant", "content": parts[0]}, "done": false})
		flush(w)
	},
	fail: func(w http.ResponseWriter, status int) {
		jsonError(w, status, map[string]any{"error": "nope"})
	},
}

var anthropicWire = wire{
	provider: Anthropic,
	base:     func(u string) string { return u + "/v1" },
	parse: func(t *testing.T, r *http.Request, body []byte) call {
		var req struct {
			Model    string `json:"model"`
			System   string `json:"system"`
			Messages []struct {
				Role    string `json:"role"`
				Content any    `json:"content"`
			} `json:"messages"`
			MaxTokens   int     `json:"max_tokens"`
			Temperature float64 `json:"temperature"`
			Stream      bool    `json:"stream"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("anthropic request: %v\n%s", err, body)
		}
		if req.MaxTokens <= 0 {
			t.Errorf("anthropic request without max_tokens: %s", body)
		}
		if v := r.Header.Get("anthropic-version"); v == "" {
			t.Errorf("anthropic request without anthropic-version header")
		}
		c := call{Path: r.URL.Path, Model: req.Model, System: req.System, Temperature: req.Temperature,
			Stream: req.Stream, Auth: r.Header.Get("x-api-key")}
		for _, m := range req.Messages {
			c.Roles = append(c.Roles, m.Role)
			c.Texts = append(c.Texts, textOf(m.Content))
		}
		return c
	},
	reply: func(w http.ResponseWriter, parts []string, stream bool) {
		if !stream {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{
				"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
				"content":     []any{map[string]any{"type": "text", "text": strings.Join(parts, "")}},
				"stop_reason": "end_turn", "usage": map[string]any{"input_tokens": 11, "output_tokens": 7},
			})
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		sse(w, "message_start", map[string]any{"type": "message_start", "message": map[string]any{
			"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": []any{},
			"usage": map[string]any{"input_tokens": 11, "output_tokens": 1}}})
		sse(w, "content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "text", "text": ""}})
		sse(w, "ping", map[string]any{"type": "ping"})
		for _, p := range parts {
			sse(w, "content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
				"delta": map[string]any{"type": "text_delta", "text": p}})
		}
		sse(w, "content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
		sse(w, "message_delta", map[string]any{"type": "message_delta",
			"delta": map[string]any{"stop_reason": "end_turn"}, "usage": map[string]any{"output_tokens": 7}})
		sse(w, "message_stop", map[string]any{"type": "message_stop"})
	},
	cut: func(w http.ResponseWriter, parts []string) {
		w.Header().Set("Content-Type", "text/event-stream")
		sse(w, "message_start", map[string]any{"type": "message_start", "message": map[string]any{
			"id": "msg_1", "type": "message", "role": "assistant", "content": []any{},
			"usage": map[string]any{"input_tokens": 11, "output_tokens": 1}}})
		sse(w, "content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "text", "text": ""}})
		sse(w, "content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "text_delta", "text": parts[0]}})
	},
	fail: func(w http.ResponseWriter, status int) {
		jsonError(w, status, map[string]any{"type": "error", "error": map[string]any{"type": "api_error", "message": "nope"}})
	},
}

var geminiWire = wire{
	provider: Gemini,
	base:     func(u string) string { return u + "/v1beta" },
	parse: func(t *testing.T, r *http.Request, body []byte) call {
		var req geminiRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("gemini request: %v\n%s", err, body)
		}
		path, method, _ := strings.Cut(r.URL.Path, ":")
		c := call{Path: r.URL.Path, Model: strings.TrimPrefix(path, "/v1beta/models/"), Auth: r.Header.Get("x-goog-api-key")}
		c.Stream = method == "streamGenerateContent" && r.URL.Query().Get("alt") == "sse"
		if req.SystemInstruction != nil {
			for _, p := range req.SystemInstruction.Parts {
				c.System += p.Text
			}
		}
		if req.GenerationConfig != nil && req.GenerationConfig.Temperature != nil {
			c.Temperature = *req.GenerationConfig.Temperature
		}
		for _, m := range req.Contents {
			c.Roles = append(c.Roles, m.Role)
			var s strings.Builder
			for _, p := range m.Parts {
				s.WriteString(p.Text)
			}
			c.Texts = append(c.Texts, s.String())
		}
		return c
	},
	reply: func(w http.ResponseWriter, parts []string, stream bool) {
		chunk := func(text, finish string, usage bool) map[string]any {
			cand := map[string]any{"content": map[string]any{"role": "model", "parts": []any{map[string]any{"text": text}}}, "index": 0}
			if finish != "" {
				cand["finishReason"] = finish
			}
			m := map[string]any{"candidates": []any{cand}, "modelVersion": "m"}
			if usage {
				m["usageMetadata"] = map[string]any{"promptTokenCount": 11, "candidatesTokenCount": 7, "totalTokenCount": 18}
			}
			return m
		}
		if !stream {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(chunk(strings.Join(parts, ""), "STOP", true))
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for i, p := range parts {
			if i == len(parts)-1 {
				sse(w, "", chunk(p, "STOP", true))
			} else {
				sse(w, "", chunk(p, "", false))
			}
		}
	},
	cut: func(w http.ResponseWriter, parts []string) {
		w.Header().Set("Content-Type", "text/event-stream")
		sse(w, "", map[string]any{"candidates": []any{map[string]any{
			"content": map[string]any{"role": "model", "parts": []any{map[string]any{"text": parts[0]}}}}}})
	},
	fail: func(w http.ResponseWriter, status int) {
		jsonError(w, status, map[string]any{"error": map[string]any{"code": status, "message": "nope", "status": "UNAVAILABLE"}})
	},
}

var wires = []wire{openaiWire, ollamaWire, anthropicWire, geminiWire}

func textOf(v any) string {
	switch c := v.(type) {
	case string:
		return c
	case []any:
		var s strings.Builder
		for _, p := range c {
			if m, ok := p.(map[string]any); ok {
				if t, ok := m["text"].(string); ok {
					s.WriteString(t)
				}
			}
		}
		return s.String()
	}
	return ""
}

// fakeServer serves script[i] for the i-th request (the last entry
// repeats) and records the calls.
type fakeServer struct {
	*httptest.Server
	mu    sync.Mutex
	calls []call
	n     atomic.Int32
}

func newFakeServer(t *testing.T, wr wire, parts []string, script ...behaviour) *fakeServer {
	t.Helper()
	fs := &fakeServer{}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read request: %v", err)
		}
		c := wr.parse(t, r, body)
		fs.mu.Lock()
		fs.calls = append(fs.calls, c)
		fs.mu.Unlock()
		i := int(fs.n.Add(1)) - 1
		b := script[min(i, len(script)-1)]
		switch b {
		case ok:
			wr.reply(w, parts, c.Stream)
		case status401:
			wr.fail(w, http.StatusUnauthorized)
		case status429:
			wr.fail(w, http.StatusTooManyRequests)
		case status500:
			wr.fail(w, http.StatusInternalServerError)
		case slow:
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case malformed:
			w.Header().Set("Content-Type", "application/json")
			if c.Stream && wr.provider != Ollama {
				w.Header().Set("Content-Type", "text/event-stream")
				fmt.Fprint(w, "data: {\"choices\": [{\"delta\": {\"content\": \"x\"\n\n")
				return
			}
			fmt.Fprint(w, `{"choices": [ {"message": `)
		case truncated:
			wr.cut(w, parts)
		}
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fakeServer) recorded() []call {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]call(nil), fs.calls...)
}

// sleeps records backoff delays instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func newTestClient(t *testing.T, wr wire, url string, timeout time.Duration, sl *sleeps, prices PriceTable) *Client {
	t.Helper()
	c, err := New(Config{Provider: wr.provider, Model: "test-model", BaseURL: wr.base(url), APIKey: "secret-key", Timeout: timeout},
		Options{Sleep: sl.sleep, Jitter: func() float64 { return 0.5 }, Prices: prices, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second})
	if err != nil {
		t.Fatalf("New(%s): %v", wr.provider, err)
	}
	return c
}

func messages() []llms.MessageContent {
	return []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "You are the Northwind Bikes assistant."),
		llms.TextParts(llms.ChatMessageTypeHuman, "My brakes squeak."),
	}
}

func TestClient_Generate_wire(t *testing.T) {
	parts := []string{`{"answer": "Clean `, `the rotor.", `, `"handover": false}`}
	want := strings.Join(parts, "")
	prices := PriceTable{"test-model": {PromptPerMillion: 1_000_000, CompletionPerMillion: 2_000_000}}
	for _, wr := range wires {
		for _, stream := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s_stream_%v", wr.provider, stream), func(t *testing.T) {
				t.Parallel()
				srv := newFakeServer(t, wr, parts, ok)
				var sl sleeps
				c := newTestClient(t, wr, srv.URL, 5*time.Second, &sl, prices)
				var chunks []string
				req := Request{Tenant: "t1", Messages: messages(), Temperature: 0.2}
				if stream {
					req.OnChunk = func(_ context.Context, s string) error { chunks = append(chunks, s); return nil }
				}
				got, err := c.Generate(t.Context(), req)
				if err != nil {
					t.Fatalf("Generate: %v", err)
				}
				if got.Text != want {
					t.Errorf("Text = %q; want %q", got.Text, want)
				}
				if stream && strings.Join(chunks, "") != want {
					t.Errorf("streamed chunks %q; want %q", chunks, want)
				}
				if diff := cmp.Diff(Usage{PromptTokens: 11, CompletionTokens: 7}, got.Usage); diff != "" {
					t.Errorf("usage mismatch (-want +got):\n%s", diff)
				}
				if got.CostUSD != 11+14 {
					t.Errorf("CostUSD = %v; want 25", got.CostUSD)
				}
				tot := c.Ledger().Tenant("t1")
				if tot.Calls != 1 || tot.PromptTokens != 11 || tot.CompletionTokens != 7 || tot.CostUSD != 25 {
					t.Errorf("ledger = %+v", tot)
				}
				calls := srv.recorded()
				if len(calls) != 1 {
					t.Fatalf("server saw %d calls; want 1", len(calls))
				}
				cl := calls[0]
				if cl.Model != "test-model" || cl.Temperature != 0.2 || cl.Stream != stream {
					t.Errorf("request model=%q temperature=%v stream=%v", cl.Model, cl.Temperature, cl.Stream)
				}
				wantRoles, wantTexts := []string{"system", "user"}, []string{"You are the Northwind Bikes assistant.", "My brakes squeak."}
				switch wr.provider {
				case Anthropic, Gemini:
					if cl.System != wantTexts[0] {
						t.Errorf("system = %q; want %q", cl.System, wantTexts[0])
					}
					wantRoles, wantTexts = []string{"user"}, wantTexts[1:]
				}
				if diff := cmp.Diff(wantRoles, cl.Roles); diff != "" {
					t.Errorf("roles mismatch (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(wantTexts, cl.Texts); diff != "" {
					t.Errorf("texts mismatch (-want +got):\n%s", diff)
				}
				switch wr.provider {
				case OpenAI:
					if cl.Path != "/v1/chat/completions" || cl.Auth != "Bearer secret-key" {
						t.Errorf("path=%q auth=%q", cl.Path, cl.Auth)
					}
					if stream && !cl.IncludeUse {
						t.Errorf("streaming request without stream_options.include_usage")
					}
				case Ollama:
					if cl.Path != "/api/chat" {
						t.Errorf("path = %q", cl.Path)
					}
				case Anthropic:
					if cl.Path != "/v1/messages" || cl.Auth != "secret-key" {
						t.Errorf("path=%q key=%q", cl.Path, cl.Auth)
					}
				case Gemini:
					wantPath := "/v1beta/models/test-model:generateContent"
					if stream {
						wantPath = "/v1beta/models/test-model:streamGenerateContent"
					}
					if cl.Path != wantPath || cl.Auth != "secret-key" {
						t.Errorf("path=%q key=%q; want path %q", cl.Path, cl.Auth, wantPath)
					}
				}
			})
		}
	}
}

func TestClient_Generate_failures(t *testing.T) {
	parts := []string{"Hello ", "there."}
	tests := []struct {
		name         string
		script       []behaviour
		stream       bool
		timeout      time.Duration
		wantOK       bool
		wantAttempts int  // server calls
		wantStatus   int  // ProviderError.Status
		wantIncomp   bool // errors.Is(err, ErrIncomplete)
		anyIncomp    bool // don't check ErrIncomplete (providers differ: skipped garbage gives an empty reply)
		wantTimeout  bool
		wantSleeps   []time.Duration
	}{
		{name: "401_not_retried", script: []behaviour{status401}, wantAttempts: 1, wantStatus: 401},
		{name: "429_then_ok", script: []behaviour{status429, ok}, wantOK: true, wantAttempts: 2,
			wantSleeps: []time.Duration{time.Second}}, // Retry-After: 1 beats the 75ms backoff
		{name: "500_then_ok_stream", script: []behaviour{status500, ok}, stream: true, wantOK: true, wantAttempts: 2,
			wantSleeps: []time.Duration{75 * time.Millisecond}},
		{name: "500_exhausts_retries", script: []behaviour{status500}, wantAttempts: 3, wantStatus: 500,
			wantSleeps: []time.Duration{75 * time.Millisecond, 150 * time.Millisecond}},
		{name: "slow_times_out_then_ok", script: []behaviour{slow, ok}, timeout: time.Second, wantOK: true, wantAttempts: 2,
			wantSleeps: []time.Duration{75 * time.Millisecond}},
		{name: "slow_every_time", script: []behaviour{slow}, timeout: 100 * time.Millisecond, wantAttempts: 3, wantTimeout: true,
			wantSleeps: []time.Duration{75 * time.Millisecond, 150 * time.Millisecond}},
		{name: "malformed_json", script: []behaviour{malformed}, wantAttempts: 1, wantStatus: 200, anyIncomp: true},
		{name: "malformed_stream", script: []behaviour{malformed}, stream: true, wantAttempts: 1, wantStatus: 200, anyIncomp: true},
		{name: "truncated_stream", script: []behaviour{truncated}, stream: true, wantAttempts: 1, wantStatus: 200, wantIncomp: true},
	}
	for _, wr := range wires {
		for _, tt := range tests {
			t.Run(string(wr.provider)+"_"+tt.name, func(t *testing.T) {
				t.Parallel()
				srv := newFakeServer(t, wr, parts, tt.script...)
				var sl sleeps
				timeout := tt.timeout
				if timeout == 0 {
					timeout = 5 * time.Second
				}
				c := newTestClient(t, wr, srv.URL, timeout, &sl, nil)
				req := Request{Tenant: "t1", Messages: messages()}
				if tt.stream {
					req.OnChunk = func(context.Context, string) error { return nil }
				}
				got, err := c.Generate(t.Context(), req)
				// An attempt that times out may give up before its request
				// reaches the fake server on a loaded machine, so for
				// timeouts the client's own count is the exact one.
				if n := len(srv.recorded()); n != tt.wantAttempts && !(tt.wantTimeout && n >= 1 && n <= tt.wantAttempts) {
					t.Errorf("server saw %d attempts; want %d", n, tt.wantAttempts)
				}
				if diff := cmp.Diff(tt.wantSleeps, sl.d); diff != "" {
					t.Errorf("backoff mismatch (-want +got):\n%s", diff)
				}
				if tt.wantOK {
					if err != nil {
						t.Fatalf("Generate: %v", err)
					}
					if got.Text != "Hello there." || got.Attempts != tt.wantAttempts {
						t.Errorf("got %+v", got)
					}
					if r := c.Ledger().Tenant("t1").Retries; r != tt.wantAttempts-1 {
						t.Errorf("ledger retries = %d", r)
					}
					return
				}
				if !Fallback(err) {
					t.Fatalf("Generate error %v: want a fallback error", err)
				}
				var pe *ProviderError
				if !errors.As(err, &pe) {
					t.Fatalf("error %T is not a *ProviderError", err)
				}
				if pe.Attempts != tt.wantAttempts {
					t.Errorf("Attempts = %d; want %d", pe.Attempts, tt.wantAttempts)
				}
				if tt.wantStatus != 0 && pe.Status != tt.wantStatus {
					t.Errorf("Status = %d; want %d (%v)", pe.Status, tt.wantStatus, err)
				}
				if !tt.anyIncomp && errors.Is(err, ErrIncomplete) != tt.wantIncomp {
					t.Errorf("errors.Is(%v, ErrIncomplete) = %v; want %v", err, !tt.wantIncomp, tt.wantIncomp)
				}
				if errors.Is(err, context.DeadlineExceeded) != tt.wantTimeout {
					t.Errorf("errors.Is(%v, DeadlineExceeded) = %v; want %v", err, !tt.wantTimeout, tt.wantTimeout)
				}
				if f := c.Ledger().Tenant("t1").Failures; f != 1 {
					t.Errorf("ledger failures = %d; want 1", f)
				}
			})
		}
	}
}

func TestClient_Generate_connectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens any more
	var sl sleeps
	c := newTestClient(t, openaiWire, url, time.Second, &sl, nil)
	_, err := c.Generate(t.Context(), Request{Messages: messages()})
	if !Fallback(err) || len(sl.d) != 2 {
		t.Errorf("Generate against a closed port = %v after %d backoffs; want fallback after 2 retries", err, len(sl.d))
	}
}
