package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
)

// newStreamingOpenAI is an OpenAI-compatible fake that streams its answer
// as server-sent events, a few characters per event with a pause between
// them (like a model writing), citing the first passage of the prompt.
func newStreamingOpenAI(t *testing.T, text string, pause time.Duration) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Stream bool `json:"stream"`
		}
		_ = json.Unmarshal(body, &req)
		if !req.Stream {
			t.Errorf("fake openai: request without stream: true")
		}
		reply, _ := json.Marshal(map[string]any{"answer": text, "citations": []string{citationRE.FindString(string(body))}, "handover": false})
		w.Header().Set("Content-Type", "text/event-stream")
		fl := w.(http.Flusher)
		event := func(v any) {
			b, _ := json.Marshal(v)
			fmt.Fprintf(w, "data: %s\n\n", b)
			fl.Flush()
		}
		const step = 12
		for i := 0; i < len(reply); i += step {
			event(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "fake",
				"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": string(reply[i:min(i+step, len(reply))])}, "finish_reason": nil}}})
			time.Sleep(pause)
		}
		event(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "fake",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
		fmt.Fprint(w, "data: [DONE]\n\n")
		fl.Flush()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBot_StreamsLLMAnswerThenStoresItUnderTheSameID(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t, server.WithSecrets(testSealer(t)), fastLLM, server.WithHeartbeat(time.Hour))
	ten, ids := botTenant(t, env, "Streaming", bikeKB)
	ctx := t.Context()
	const text = "Standard shipping takes 3 to 5 working days, and express shipping takes 1 to 2."
	fake := newStreamingOpenAI(t, text, 20*time.Millisecond)
	must(ten.Clients.AIAdmin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{
		Settings: &frontlinev1.AISettings{Provider: "openai", Model: "fake-gpt", BaseUrl: fake.URL + "/v1", TimeoutSeconds: 5},
		ApiKey:   secretKey,
	}))(t)

	conv := env.StartConversation(t, ten, "Hello, I have a question about my order")
	_, msgs := thread(t, conv)
	stream, err := conv.Clients.Widget.WatchConversation(ctx, &frontlinev1.WatchConversationRequest{AfterMessageId: msgs[len(msgs)-1].GetId()})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *frontlinev1.WatchConversationResponse, 256)
	go func() {
		defer close(events)
		for stream.Receive() {
			events <- stream.Msg()
		}
	}()
	t.Cleanup(func() { _ = stream.Close() })
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetConversation() != nil })

	send(t, conv, "How long does shipping take?")
	var partials []*frontlinev1.PartialMessage
	final := receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		if p := e.GetPartial(); p != nil {
			partials = append(partials, p)
		}
		return e.GetMessage().GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_BOT
	}).GetMessage()

	if final.GetBody() != text || len(final.GetCitations()) != 1 || final.GetCitations()[0].GetArticleId() != ids["Shipping times and costs"] {
		t.Fatalf("final answer = %q citing %v; want the streamed text citing the shipping article", final.GetBody(), final.GetCitations())
	}
	// The reply is ~140 bytes in 12-byte events 20 ms apart; at one update
	// per 50 ms at most, several partials arrive, growing, before the final.
	if len(partials) < 3 {
		t.Fatalf("got %d partials; want at least 3 before the final message", len(partials))
	}
	prev := ""
	for i, p := range partials {
		if p.GetId() != final.GetId() || p.GetAuthorName() != "Streaming bot" {
			t.Errorf("partial %d = %v; want id %s by the bot", i, p, final.GetId())
		}
		if !strings.HasPrefix(p.GetText(), prev) || len(p.GetText()) <= len(prev) || !strings.HasPrefix(text, p.GetText()) {
			t.Errorf("partial %d = %q after %q; want a growing prefix of the answer", i, p.GetText(), prev)
		}
		prev = p.GetText()
	}
	if strings.Contains(prev, "citations") || strings.Contains(prev, "{") {
		t.Errorf("partial text %q leaks the reply's JSON", prev)
	}
	// The stored thread has the answer once, under the streamed id.
	_, msgs = thread(t, conv)
	if got := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT); got.GetId() != final.GetId() || got.GetBody() != text {
		t.Errorf("stored bot answer = %v; want id %s with the streamed text", got, final.GetId())
	}
}
