package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// testLexicon is a few VADER lexicon entries (token, mean valence), enough
// for the negative-sentiment rule without the models directory.
var testLexicon = sentiment.Lexicon{"useless": -1.8, "terrible": -2.1, "hate": -2.7, "worst": -3.1, "angry": -2.3, "great": 3.1}

type kbArticle struct {
	title, body string
	status      frontlinev1.ArticleStatus
}

var (
	published = frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED
	draft     = frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT
)

var bikeKB = []kbArticle{
	{"Shipping times and costs", "# Shipping times and costs\n\nStandard shipping takes 3 to 5 working days and is free over 500 euros. Express shipping takes 1 to 2 working days.\n\n## Countries\n\nWe ship to the EU, the UK, Norway and Switzerland.", published},
	{"Returns and refunds", "# Returns and refunds\n\nYou can return an unused bike within 30 days. Refunds reach your card within 5 working days.", published},
	{"Brake pads", "# Brake pads\n\nReplace the pads when the groove is gone or the brakes squeal. Disc pads last about 1500 km.", published},
	{"Your account and password", "# Your account and password\n\nForgot your password? Use the reset link on the sign-in page.", published},
}

// botTenant registers a company with its bot enabled and the given articles.
func botTenant(t *testing.T, env *servertest.Env, name string, arts []kbArticle) (servertest.Tenant, map[string]string) {
	t.Helper()
	ten := env.RegisterCompany(t, name)
	ctx := t.Context()
	must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{
		Settings: &frontlinev1.WidgetSettings{BotEnabled: true, BotName: name + " bot"},
	}))(t)
	ids := map[string]string{}
	for _, a := range arts {
		res := must(ten.Clients.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: a.title, Body: a.body, Status: a.status}))(t)
		ids[a.title] = res.GetArticle().GetId()
	}
	return ten, ids
}

func newBotEnv(t *testing.T, opts ...server.Option) *servertest.Env {
	t.Helper()
	return servertest.New(t, append([]server.Option{server.WithBotModels(nil, sentiment.New(testLexicon))}, opts...)...)
}

func thread(t *testing.T, conv servertest.Conversation) (*frontlinev1.Conversation, []*frontlinev1.Message) {
	t.Helper()
	res := must(conv.Clients.Widget.GetConversation(t.Context(), &frontlinev1.GetConversationRequest{}))(t)
	return res.GetConversation(), res.GetMessages()
}

func send(t *testing.T, conv servertest.Conversation, body string) {
	t.Helper()
	must(conv.Clients.Widget.SendMessage(t.Context(), &frontlinev1.SendMessageRequest{Body: body}))(t)
}

func byKind(msgs []*frontlinev1.Message, k frontlinev1.AuthorKind) []*frontlinev1.Message {
	var out []*frontlinev1.Message
	for _, m := range msgs {
		if m.GetAuthorKind() == k {
			out = append(out, m)
		}
	}
	return out
}

func lastOf(msgs []*frontlinev1.Message, k frontlinev1.AuthorKind) *frontlinev1.Message {
	ms := byKind(msgs, k)
	if len(ms) == 0 {
		return nil
	}
	return ms[len(ms)-1]
}

const dontKnowPrefix = "I'm sorry, I don't know"

func TestBot_AnswersFromKBWithCitation(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t, server.WithHeartbeat(time.Hour))
	ten, ids := botTenant(t, env, "Citing", bikeKB)
	ctx := t.Context()

	cfg := must(env.Clients("").Widget.GetWidgetConfig(ctx, &frontlinev1.GetWidgetConfigRequest{WidgetKey: ten.Company.GetWidgetKey()}))(t)
	if !cfg.GetBotEnabled() || cfg.GetBotName() != "Citing bot" {
		t.Errorf("config = %v; want the bot enabled with its name", cfg)
	}
	conv := env.StartConversation(t, ten, "How long does shipping take?")
	c, msgs := thread(t, conv)
	if !c.GetBotActive() || c.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_NEW {
		t.Errorf("conversation = %v; want the bot active on a new ticket", c)
	}
	bot := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)
	if bot == nil {
		t.Fatalf("no bot answer in %v", msgs)
	}
	if bot.GetAuthorName() != "Citing bot" || !strings.Contains(bot.GetBody(), "working days") {
		t.Errorf("bot answer = %q by %q; want the shipping times quoted by the bot", bot.GetBody(), bot.GetAuthorName())
	}
	if len(bot.GetCitations()) != 1 || bot.GetCitations()[0].GetArticleId() != ids["Shipping times and costs"] ||
		bot.GetCitations()[0].GetTitle() != "Shipping times and costs" {
		t.Errorf("citations = %v; want the shipping article", bot.GetCitations())
	}

	// The next answer streams to the widget as it is posted.
	stream, err := conv.Clients.Widget.WatchConversation(ctx, &frontlinev1.WatchConversationRequest{AfterMessageId: bot.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *frontlinev1.WatchConversationResponse, 16)
	go func() {
		defer close(events)
		for stream.Receive() {
			events <- stream.Msg()
		}
	}()
	t.Cleanup(func() { _ = stream.Close() })
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetConversation() != nil })
	send(t, conv, "Can I return my bike and get a refund?")
	got := receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		return e.GetMessage().GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_BOT
	}).GetMessage()
	if len(got.GetCitations()) != 1 || got.GetCitations()[0].GetArticleId() != ids["Returns and refunds"] {
		t.Errorf("streamed answer citations = %v; want the returns article", got.GetCitations())
	}
}

func TestBot_Handover(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		first      string
		then       []string
		click      bool // press "Talk to a person"
		wantReason string
	}{
		{name: "asked", first: "Can I talk to a human please?", wantReason: "you asked for one"},
		{name: "asked_later", first: "How long does shipping take?", then: []string{"I want to speak to a real person"}, wantReason: "you asked for one"},
		{name: "button_after_answer", first: "How long does shipping take?", click: true, wantReason: "you asked for one"},
		{name: "low_confidence_button", first: "Do you sell pizza?", click: true, wantReason: "I could not find the answer in our help articles"},
		{name: "low_confidence_yes", first: "Do you sell pizza?", then: []string{"yes please"}, wantReason: "I could not find the answer in our help articles"},
		{name: "low_confidence_twice", first: "Do you sell pizza?", then: []string{"What is the capital of Peru?"}, wantReason: "I could not find the answer in our help articles"},
		{name: "repeated_failure", first: "How long does shipping take?", then: []string{"How long does shipping take to Norway?", "That did not help at all."},
			wantReason: "my answers did not solve your problem"},
		{name: "negative_sentiment", first: "How long does shipping take?", then: []string{"This is useless, you are a terrible bot!!"},
			wantReason: "you seemed frustrated, and a person is better placed to help"},
	}
	env := newBotEnv(t)
	ten, _ := botTenant(t, env, "Handover", bikeKB)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conv := env.StartConversation(t, ten, tt.first)
			for _, m := range tt.then {
				send(t, conv, m)
			}
			if tt.click {
				c, _ := thread(t, conv)
				if !c.GetBotActive() {
					t.Fatalf("bot not active before the button: %v", c)
				}
				res := must(conv.Clients.Widget.RequestHuman(t.Context(), &frontlinev1.RequestHumanRequest{}))(t)
				if res.GetConversation().GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
					t.Errorf("RequestHuman status = %v; want handoff", res.GetConversation().GetStatus())
				}
			}
			c, msgs := thread(t, conv)
			if c.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF || c.GetBotActive() || c.GetHandoverReason() != tt.wantReason {
				t.Fatalf("conversation = %v; want handoff, bot inactive, reason %q", c, tt.wantReason)
			}
			sys := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM)
			if want := "Handed to a person: " + tt.wantReason + "."; sys == nil || !strings.HasPrefix(sys.GetBody(), want) {
				t.Errorf("system message = %v; want it to start %q", sys, want)
			}
			tk := must(ten.Clients.Tickets.GetTicket(t.Context(), &frontlinev1.GetTicketRequest{Id: c.GetId()}))(t).GetTicket()
			if tk.GetHandoverReason() != tt.wantReason || tk.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
				t.Errorf("agent's ticket = status %v, reason %q; want handoff, %q", tk.GetStatus(), tk.GetHandoverReason(), tt.wantReason)
			}

			// The bot is done: nothing more from it, even for a question it knows.
			bots := len(byKind(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT))
			send(t, conv, "How long does shipping take?")
			_, after := thread(t, conv)
			if n := len(byKind(after, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)); n != bots {
				t.Errorf("bot messages after handover = %d; want %d", n, bots)
			}
			if len(after) != len(msgs)+1 {
				t.Errorf("messages after handover = %d; want %d (only the customer's)", len(after), len(msgs)+1)
			}
			// Asking again is harmless.
			again := must(conv.Clients.Widget.RequestHuman(t.Context(), &frontlinev1.RequestHumanRequest{}))(t)
			if again.GetConversation().GetHandoverReason() != tt.wantReason {
				t.Errorf("second RequestHuman changed the reason to %q", again.GetConversation().GetHandoverReason())
			}
		})
	}
}

func TestBot_DoesNotKnowOffTopic(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t)
	ten, _ := botTenant(t, env, "Unknowing", bikeKB)
	conv := env.StartConversation(t, ten, "Do you sell pizza?")
	c, msgs := thread(t, conv)
	bot := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)
	if bot == nil || !strings.HasPrefix(bot.GetBody(), dontKnowPrefix) || len(bot.GetCitations()) != 0 {
		t.Fatalf("bot = %v; want \"I don't know\" without citations", bot)
	}
	if !c.GetBotActive() || c.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_NEW {
		t.Errorf("conversation = %v; want the bot still active, offering a person", c)
	}
}

func TestBot_StopsAfterAgentReplyAndWhenDisabled(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t)
	ten, _ := botTenant(t, env, "Agented", bikeKB)
	ctx := t.Context()
	conv := env.StartConversation(t, ten, "How long does shipping take?")
	must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: conv.Conversation.GetId(), Body: "Hi, Maya here."}))(t)
	send(t, conv, "Can I return my bike?")
	c, msgs := thread(t, conv)
	if n := len(byKind(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)); n != 1 || c.GetBotActive() {
		t.Errorf("bot messages = %d, bot active %v; want only the answer before the agent's reply", n, c.GetBotActive())
	}

	// With the bot switched off, new conversations wait for a person.
	must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{}}))(t)
	off := env.StartConversation(t, ten, "How long does shipping take?")
	c, msgs = thread(t, off)
	if c.GetBotActive() || len(byKind(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)) != 0 {
		t.Errorf("bot disabled: conversation %v, messages %v; want no bot", c, msgs)
	}
	cfg := must(env.Clients("").Widget.GetWidgetConfig(ctx, &frontlinev1.GetWidgetConfigRequest{WidgetKey: ten.Company.GetWidgetKey()}))(t)
	if cfg.GetBotEnabled() {
		t.Error("config says the bot is enabled after disabling it")
	}
}

func TestBot_TenantKBIsolation(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t)
	// Two tenants whose return policies contradict each other.
	a, idsA := botTenant(t, env, "Alpha", []kbArticle{{"Returns policy", "# Returns policy\n\nAlpha accepts returns within 30 days of delivery.", published}})
	b, idsB := botTenant(t, env, "Beta", []kbArticle{{"Returns policy", "# Returns policy\n\nBeta accepts returns within 7 days of delivery.", published}})
	for _, tc := range []struct {
		ten           servertest.Tenant
		want, foreign string
		days          string
	}{
		{a, idsA["Returns policy"], idsB["Returns policy"], "30 days"},
		{b, idsB["Returns policy"], idsA["Returns policy"], "7 days"},
		{a, idsA["Returns policy"], idsB["Returns policy"], "30 days"},
	} {
		conv := env.StartConversation(t, tc.ten, "How many days do I have to return my order?")
		_, msgs := thread(t, conv)
		bot := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)
		if bot == nil || len(bot.GetCitations()) != 1 || bot.GetCitations()[0].GetArticleId() != tc.want {
			t.Fatalf("%s: bot = %v; want a citation of its own article %s", tc.ten.Company.GetName(), bot, tc.want)
		}
		if strings.Contains(bot.String(), tc.foreign) || !strings.Contains(bot.GetBody(), tc.days) {
			t.Errorf("%s: answer %q; want %q from its own KB only", tc.ten.Company.GetName(), bot.GetBody(), tc.days)
		}
	}
}

func TestBot_NeverCitesDeletedOrDraft(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t)
	arts := append([]kbArticle{
		{"Winter riding checklist", "# Winter riding checklist\n\nFit studded tyres and mudguards before the first frost.", draft},
		{"Warranty coverage", "# Warranty coverage\n\nFrames carry a lifetime warranty against manufacturing defects.", published},
		{"Gift cards", "# Gift cards\n\nGift cards are valid for two years and can pay for any bike or accessory.", published},
	}, bikeKB...)
	ten, ids := botTenant(t, env, "Pruned", arts)
	ctx := t.Context()

	// The index is built by this first answer; later changes go through
	// the knowledge handlers' updates.
	first := env.StartConversation(t, ten, "Is my frame covered by the warranty?")
	_, msgs := thread(t, first)
	if b := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT); b == nil || len(b.GetCitations()) == 0 || b.GetCitations()[0].GetArticleId() != ids["Warranty coverage"] {
		t.Fatalf("before deletion: bot = %v; want the warranty article cited", b)
	}
	must(ten.Clients.Knowledge.DeleteArticle(ctx, &frontlinev1.DeleteArticleRequest{Id: ids["Warranty coverage"]}))(t)
	gift := must(ten.Clients.Knowledge.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: ids["Gift cards"]}))(t).GetArticle()
	must(ten.Clients.Knowledge.UpdateArticle(ctx, &frontlinev1.UpdateArticleRequest{
		Id: gift.GetId(), BaseRevision: gift.GetRevision(), Title: gift.GetTitle(), Body: gift.GetBody(), Status: draft,
	}))(t)

	banned := map[string]bool{ids["Winter riding checklist"]: true, ids["Warranty coverage"]: true, ids["Gift cards"]: true}
	for _, q := range []string{
		"Is my frame covered by the warranty?",
		"Should I fit studded tyres for the winter frost?",
		"How long are gift cards valid?",
	} {
		conv := env.StartConversation(t, ten, q)
		_, msgs := thread(t, conv)
		for _, m := range msgs {
			for _, c := range m.GetCitations() {
				if banned[c.GetArticleId()] {
					t.Errorf("%q: cited %q (%s), which is deleted or a draft", q, c.GetTitle(), c.GetArticleId())
				}
			}
			if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_BOT && (strings.Contains(m.GetBody(), "studded") || strings.Contains(m.GetBody(), "lifetime") || strings.Contains(m.GetBody(), "two years")) {
				t.Errorf("%q: bot quoted hidden text: %q", q, m.GetBody())
			}
		}
	}
}

func TestBot_RequestHumanOnClosedConversation(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t)
	ten, _ := botTenant(t, env, "Closing", bikeKB)
	conv := env.StartConversation(t, ten, "How long does shipping take?")
	must(ten.Clients.Tickets.UpdateTicket(t.Context(), &frontlinev1.UpdateTicketRequest{
		Id: conv.Conversation.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED.Enum(),
	}))(t)
	_, err := conv.Clients.Widget.RequestHuman(t.Context(), &frontlinev1.RequestHumanRequest{})
	wantCode(t, "RequestHuman on a resolved conversation", err, connect.CodeFailedPrecondition)
}

func TestBot_CitationLinkPage(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t)
	a, idsA := botTenant(t, env, "Linked", []kbArticle{
		{"Returns <script>alert(1)</script>", "# Returns\n\nReturn within 30 days. <img src=x onerror=alert(1)>", published},
		{"Hidden draft", "# Hidden\n\nNot yet.", draft},
	})
	b, _ := botTenant(t, env, "Other", nil)
	get := func(key, id string) (int, string) {
		t.Helper()
		res, err := env.HTTPClient.Get(env.URL + "/kb/" + key + "/" + id)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	code, body := get(a.Company.GetWidgetKey(), idsA["Returns <script>alert(1)</script>"])
	if code != http.StatusOK || !strings.Contains(body, "Return within 30 days") {
		t.Fatalf("GET article = %d %q; want 200 with the body", code, body)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img") {
		t.Errorf("article page has unescaped markup: %s", body)
	}
	for _, tc := range []struct{ name, key, id string }{
		{"draft", a.Company.GetWidgetKey(), idsA["Hidden draft"]},
		{"other_tenant", b.Company.GetWidgetKey(), idsA["Returns <script>alert(1)</script>"]},
		{"bad_key", "flw_nope", idsA["Returns <script>alert(1)</script>"]},
	} {
		if code, _ := get(tc.key, tc.id); code != http.StatusNotFound {
			t.Errorf("%s: status = %d; want 404", tc.name, code)
		}
	}
}
