package server_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/search/encoder"
	"github.com/frontlinedesk/frontline/internal/search/stackfaq"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/demo"
	"github.com/frontlinedesk/frontline/server/servertest"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

// BenchmarkBot_SendMessage measures a customer message round trip over
// HTTP with the bot's turn (KB search and offline answer) on the demo
// knowledge base, and reports the p50 and p99 latency. It uses the
// USE-lite encoder and the trained sentiment model when .cache/models is
// present (hybrid search), else lexical search.
//
//	go test -run '^$' -bench BenchmarkBot_SendMessage ./server/
func BenchmarkBot_SendMessage(b *testing.B) {
	var opts []server.Option
	models := filepath.Join("..", ".cache", "models")
	mode := "lexical"
	if enc, err := encoder.Load(filepath.Join(models, stackfaq.ModelPackage)); err == nil {
		sent, err := sentiment.LoadTrained(models)
		if err != nil {
			b.Fatal(err)
		}
		opts = append(opts, server.WithBotModels(enc, sent))
		mode = "hybrid"
	} else if !os.IsNotExist(err) {
		b.Fatal(err)
	}
	st := storetest.New(b)
	if _, err := demo.Load(b.Context(), st, time.Now()); err != nil {
		b.Fatal(err)
	}
	env := servertest.NewOver(b, st, opts...)
	key := &frontlinev1.GetWidgetConfigRequest{WidgetKey: demo.WidgetKey}
	if _, err := env.Clients("").Widget.GetWidgetConfig(b.Context(), key); err != nil {
		b.Fatal(err)
	}
	questions := []string{
		"How long does shipping take?", "Can I cancel my order?", "I forgot my password",
		"How do I charge the battery of my e-bike?", "When should I replace my brake pads?",
	}
	start := func() servertest.Conversation {
		res, err := env.Clients("").Widget.StartConversation(b.Context(), &frontlinev1.StartConversationRequest{
			WidgetKey: demo.WidgetKey, Name: "Bench", Email: "bench@example.com", Description: "What frame size do I need?",
		})
		if err != nil {
			b.Fatal(err)
		}
		return servertest.Conversation{Token: res.GetToken(), Clients: env.Clients(res.GetToken())}
	}
	var lat []time.Duration
	conv := start()
	i := 0
	for b.Loop() {
		if i%len(questions) == 0 {
			conv = start()
		}
		t0 := time.Now()
		if _, err := conv.Clients.Widget.SendMessage(b.Context(), &frontlinev1.SendMessageRequest{Body: questions[i%len(questions)]}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	last, err := conv.Clients.Widget.GetConversation(b.Context(), &frontlinev1.GetConversationRequest{})
	if err != nil {
		b.Fatal(err)
	}
	cited := 0
	for _, m := range last.GetMessages() {
		if len(m.GetCitations()) > 0 {
			cited++
		}
	}
	b.Logf("last conversation: status %v, %d messages, %d cited bot answers", last.GetConversation().GetStatus(), len(last.GetMessages()), cited)
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	b.Logf("%s search, %d messages: p50 %.1f ms, p99 %.1f ms", mode, len(lat), pct(0.5), pct(0.99))
}
