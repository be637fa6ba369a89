package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/app"
	"github.com/frontlinedesk/frontline/internal/assist/copilot"
	"github.com/frontlinedesk/frontline/internal/assist/llm"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// copilotRig is a server whose tenant has a published article, a resolved
// ticket and open tickets, with a desk that reaches it through a proxy the
// test can cut.
type copilotRig struct {
	offlineRig
	article  *frontlinev1.Article
	draftArt *frontlinev1.Article
	angry    *frontlinev1.Ticket // open: "URGENT: wheel arrived broken"
	brake    *frontlinev1.Ticket // open: squealing brakes
	resolved *frontlinev1.Ticket // resolved: squealing brakes, with the agent's fix
	similar  *frontlinev1.Ticket // open, like resolved
}

// tinyLexicon is a VADER-format lexicon for the tests: enough words to
// read the test tickets' sentiment without the real models.
const tinyLexicon = "terrible\t-3.0\t0.5\t[]\nbroken\t-1.9\t0.5\t[]\nangry\t-2.3\t0.5\t[]\nthanks\t1.9\t0.5\t[]\ngreat\t3.1\t0.5\t[]\n"

func newCopilotRig(t *testing.T) *copilotRig {
	t.Helper()
	sealer, err := llm.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	env := servertest.New(t, server.WithSecrets(sealer),
		server.WithLLMOptions(llm.Options{MaxAttempts: 1, Sleep: func(context.Context, time.Duration) error { return nil }}))
	tenant := env.RegisterCompany(t, "Copilot Bikes")
	agent := env.AddAgent(t, tenant, "Maya Chen", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	c := tenant.Clients
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	art, err := c.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{
		Title:  "Fixing squealing disc brakes",
		Body:   "# Squealing brakes\n\nSquealing disc brakes are usually contaminated rotors. Clean the rotor with isopropyl alcohol and sand the pads lightly.\n\n# Wet weather\n\nSome noise in the rain is normal.",
		Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
	})
	must(err)
	draftArt, err := c.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{
		Title: "Internal: brake squeal escalation", Body: "Squealing brakes: escalate squealing rotor cases to the workshop lead.",
	})
	must(err)
	create := func(subject, body string) *frontlinev1.Ticket {
		res, err := c.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
			Subject: subject, Body: body, Customer: &frontlinev1.Customer{Name: "Casey Customer", Email: "casey@example.com"},
		})
		must(err)
		return res.GetTicket()
	}
	r := &copilotRig{article: art.GetArticle(), draftArt: draftArt.GetArticle()}
	r.resolved = create("Brakes squealing on my commuter", "My disc brakes squeal loudly every time I stop.")
	_, err = c.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: r.resolved.GetId(), Body: "Clean both rotors with isopropyl alcohol; the squeal should stop."})
	must(err)
	resolved := frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED
	_, err = c.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: r.resolved.GetId(), Status: &resolved})
	must(err)
	r.similar = create("Squealing disc brakes again", "The disc brakes squeal when I stop, help.")
	r.angry = create("URGENT: wheel arrived broken", "This is terrible. The wheel arrived broken and I am angry.")
	r.brake = create("Brakes squeal", "My disc brakes squeal when I stop at lights. How do I fix the squealing?")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.offlineRig = offlineRig{rig: rig{env: env, tenant: tenant, agent: agent}, addr: ln.Addr().String()}
	r.proxy = newTCPProxy(t, ln, strings.TrimPrefix(env.URL, "http://"))
	return r
}

// desk signs the agent in through the proxy; the models directory holds
// only the tiny lexicon.
func (r *copilotRig) desk(t *testing.T) (*app.App, string) {
	t.Helper()
	models := t.TempDir()
	lex := filepath.Join(models, "vader-sentiment", "vader_lexicon.txt")
	if err := os.MkdirAll(filepath.Dir(lex), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lex, []byte(tinyLexicon), 0o644); err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	a := app.New(app.Config{
		DefaultServerURL: "http://" + r.addr,
		ConfigDir:        t.TempDir(),
		DataDir:          dataDir,
		ModelsDir:        models,
		Connector:        app.RemoteConnector{HTTPClient: app.NewHTTPClient(), StreamClient: app.NewStreamClient(), CallTimeout: 5 * time.Second},
		Emitter:          &recorder{},
		Logger:           quiet,
		CallTimeout:      10 * time.Second,
	})
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	if _, err := a.Session.Login("http://"+r.addr, r.tenant.Company.GetName(), r.agent.User.GetEmail(), servertest.Password, true); err != nil {
		t.Fatalf("Login: %v", err)
	}
	eventually(t, 5*time.Second, func() bool { return syncStatus(t, a).Online })
	return a, dataDir
}

// goOffline cuts the network. The sync loop notices at its next push or
// heartbeat; the copilot must not wait for that.
func (r *copilotRig) goOffline(t *testing.T, _ *app.App) {
	t.Helper()
	r.cut()
}

func TestCopilotTriageOffline(t *testing.T) {
	t.Parallel()
	r := newCopilotRig(t)
	a, dataDir := r.desk(t)
	r.goOffline(t, a)

	tr, err := a.Copilot.Triage(r.angry.GetId())
	if err != nil {
		t.Fatalf("Triage offline: %v", err)
	}
	if tr.Mode != app.ModeOffline || tr.TicketID != r.angry.GetId() {
		t.Errorf("Triage = %+v, want offline mode for the ticket", tr)
	}
	if tr.Priority.Label != "urgent" || tr.Priority.Confidence != 1 || !slices.Contains(tr.PriorityReasons, "keyword:urgent") {
		t.Errorf("priority = %+v %v, want urgent by the keyword rule", tr.Priority, tr.PriorityReasons)
	}
	if tr.Sentiment.Label != "negative" || tr.SentimentScore >= 0 || tr.Sentiment.Confidence <= 0.5 {
		t.Errorf("sentiment = %+v (%v), want negative", tr.Sentiment, tr.SentimentScore)
	}
	if tr.Language.Label != "en" || tr.LanguageName != "English" || tr.Language.Confidence <= 0 {
		t.Errorf("language = %+v %q, want en", tr.Language, tr.LanguageName)
	}
	if tr.Category.Label != "" || !slices.ContainsFunc(tr.Notes, func(n string) bool { return strings.HasPrefix(n, "No category yet") }) {
		t.Errorf("category = %+v, notes %q; want none with a note", tr.Category, tr.Notes)
	}
	if tr.CurrentPriority != "normal" || !slices.Contains(tr.Languages, "de") {
		t.Errorf("current priority %q, languages %v", tr.CurrentPriority, tr.Languages)
	}

	// A correction is kept on this computer, and the triage shows it.
	fb, err := a.Copilot.Correct(r.angry.GetId(), "language", "DE")
	if err != nil || fb.Label != "de" || fb.Stored != app.StoredLocally || fb.Examples != 1 || fb.Ticket != nil {
		t.Fatalf("Correct(language) = %+v, %v", fb, err)
	}
	if fb, err = a.Copilot.Accept(r.angry.GetId(), "sentiment", "negative"); err != nil || fb.Examples != 2 {
		t.Fatalf("Accept(sentiment) = %+v, %v", fb, err)
	}
	tr, err = a.Copilot.Triage(r.angry.GetId())
	if err != nil || tr.Language.Corrected != "de" || !tr.Sentiment.Accepted || tr.Priority.Accepted {
		t.Errorf("Triage after feedback = %+v, %v; want language corrected to de, sentiment accepted", tr, err)
	}
	files, _ := filepath.Glob(filepath.Join(dataDir, "*", "copilot-examples.json"))
	if len(files) != 1 {
		t.Fatalf("training example files = %v, want one in the replica dir", files)
	}
	var ex []app.Example
	b, err := os.ReadFile(files[0])
	if err != nil || json.Unmarshal(b, &ex) != nil || len(ex) != 2 {
		t.Fatalf("examples file = %s, %v", b, err)
	}
	if ex[0].Field != "language" || ex[0].Label != "de" || ex[0].Predicted != "en" || ex[0].Accepted || !strings.Contains(ex[0].Text, "arrived broken") {
		t.Errorf("example = %+v", ex[0])
	}

	for _, tc := range []struct{ name, field, label string }{
		{"unknown field", "mood", "happy"},
		{"bad sentiment", "sentiment", "furious"},
		{"bad language", "language", "xx"},
		{"bad priority", "priority", "whenever"},
		{"empty label", "category", " "},
	} {
		if _, err := a.Copilot.Correct(r.angry.GetId(), tc.field, tc.label); uiError(t, err).Kind != app.KindInvalid {
			t.Errorf("%s: Correct = %v, want invalid", tc.name, err)
		}
	}
}

func TestCopilotAcceptPriorityGoesThroughOutbox(t *testing.T) {
	t.Parallel()
	r := newCopilotRig(t)
	a, _ := r.desk(t)
	r.goOffline(t, a)

	fb, err := a.Copilot.Accept(r.angry.GetId(), "priority", "urgent")
	if err != nil {
		t.Fatalf("Accept(priority) offline: %v", err)
	}
	if fb.Ticket == nil || fb.Ticket.Priority != "urgent" || !fb.Ticket.Pending {
		t.Fatalf("Accept(priority) ticket = %+v, want urgent and pending", fb.Ticket)
	}
	if st := syncStatus(t, a); st.Pending != 1 {
		t.Errorf("pending = %d, want the priority change queued", st.Pending)
	}
	if got := serverThread(t, r.tenant.Clients, r.angry.GetId()).GetTicket().GetPriority(); got == frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT {
		t.Fatal("the server has the priority while the desk is offline")
	}
	tr, err := a.Copilot.Triage(r.angry.GetId())
	if err != nil || !tr.Priority.Accepted || tr.CurrentPriority != "urgent" {
		t.Errorf("Triage after accept = %+v, %v", tr, err)
	}

	r.restore(t)
	eventually(t, 20*time.Second, func() bool {
		return serverThread(t, r.tenant.Clients, r.angry.GetId()).GetTicket().GetPriority() == frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT
	})
	eventually(t, 10*time.Second, func() bool { return syncStatus(t, a).Pending == 0 })
}

func TestCopilotSummaryAndDraft(t *testing.T) {
	t.Parallel()
	r := newCopilotRig(t)
	a, _ := r.desk(t)

	// Online without an LLM: the server answers, offline.
	sum, err := a.Copilot.Summarize(r.brake.GetId())
	if err != nil || sum.Mode != app.ModeOffline || !strings.Contains(sum.Text, "squeal") {
		t.Errorf("Summarize online = %+v, %v; want the server's offline summary", sum, err)
	}
	d, err := a.Copilot.Draft(r.brake.GetId())
	if err != nil {
		t.Fatalf("Draft online: %v", err)
	}
	if d.Mode != app.ModeOffline || d.Label != copilot.OfflineLabel || !strings.Contains(d.Text, "isopropyl") ||
		len(d.Citations) != 1 || d.Citations[0].ArticleID != r.article.GetId() {
		t.Errorf("Draft online = %+v; want the server's offline draft citing the article", d)
	}

	// The tenant configures an LLM: summaries and drafts say so.
	fake := newFakeOpenAI(t)
	if _, err := r.tenant.Clients.AIAdmin.UpdateAISettings(t.Context(), &frontlinev1.UpdateAISettingsRequest{
		Settings: &frontlinev1.AISettings{Provider: "openai", Model: "fake-gpt", BaseUrl: fake.URL + "/v1"}, ApiKey: "sk-test-123456",
	}); err != nil {
		t.Fatal(err)
	}
	d, err = a.Copilot.Draft(r.brake.GetId())
	if err != nil || d.Mode != "LLM (openai/fake-gpt)" || d.Label != copilot.AIDraftLabel || !strings.HasPrefix(d.Text, "LLM draft:") ||
		len(d.Citations) != 1 || d.Citations[0].Title != r.article.GetTitle() {
		t.Errorf("Draft with the tenant's LLM = %+v, %v", d, err)
	}
	if sum, err = a.Copilot.Summarize(r.brake.GetId()); err != nil || sum.Mode != "LLM (openai/fake-gpt)" {
		t.Errorf("Summarize with the tenant's LLM = %+v, %v", sum, err)
	}

	// The server goes out of reach: both are computed here, and say so.
	r.goOffline(t, a)
	sum, err = a.Copilot.Summarize(r.brake.GetId())
	if err != nil || sum.Mode != app.ModeServerUnreachable || !strings.Contains(sum.Text, "squeal") {
		t.Errorf("Summarize offline = %+v, %v", sum, err)
	}
	d, err = a.Copilot.Draft(r.brake.GetId())
	if err != nil {
		t.Fatalf("Draft offline: %v", err)
	}
	if d.Mode != app.ModeServerUnreachable || d.Label != copilot.OfflineLabel || !strings.HasPrefix(d.Text, "Hi Casey,") ||
		!strings.Contains(d.Text, "isopropyl") || len(d.Citations) != 1 || d.Citations[0].ArticleID != r.article.GetId() {
		t.Errorf("Draft offline = %+v; want a draft from the replica's published article", d)
	}
	// A draft is never sent: the thread is unchanged and nothing is queued.
	if det, err := a.Tickets.Get(r.brake.GetId()); err != nil || len(det.Messages) != 1 || syncStatus(t, a).Pending != 0 {
		t.Errorf("after drafting: %d messages, %v, status %+v; want nothing sent", len(det.Messages), err, syncStatus(t, a))
	}

	// Articles are suggested from the replica, drafts included for agents.
	sug, err := a.Copilot.SuggestArticles(r.brake.GetId())
	if err != nil || len(sug.Articles) == 0 || sug.Articles[0].ArticleID != r.article.GetId() || !strings.HasPrefix(sug.Mode, "offline") {
		t.Errorf("SuggestArticles offline = %+v, %v", sug, err)
	}
}

func TestCopilotSimilarTicketsResolvedOnly(t *testing.T) {
	t.Parallel()
	r := newCopilotRig(t)
	a, _ := r.desk(t)
	r.goOffline(t, a)

	sim, err := a.Copilot.SimilarTickets(r.brake.GetId())
	if err != nil {
		t.Fatalf("SimilarTickets: %v", err)
	}
	if len(sim.Tickets) != 1 {
		t.Fatalf("SimilarTickets = %+v, want only the resolved brake ticket", sim.Tickets)
	}
	got := sim.Tickets[0]
	if got.ID != r.resolved.GetId() || got.Status != "resolved" || got.Score <= 0 ||
		!strings.Contains(got.Resolution, "isopropyl alcohol") || got.ResolvedBy != "Copilot Bikes Admin" {
		t.Errorf("similar ticket = %+v", got)
	}
	// A resolved ticket is never similar to itself.
	if sim, err := a.Copilot.SimilarTickets(r.resolved.GetId()); err != nil || slices.ContainsFunc(sim.Tickets, func(s app.SimilarTicketDTO) bool { return s.ID == r.resolved.GetId() }) {
		t.Errorf("SimilarTickets(resolved) = %+v, %v", sim, err)
	}
	if _, err := a.Copilot.SimilarTickets("0123456789abcdef0123456789abcdef"); uiError(t, err).Kind != app.KindNotFound {
		t.Errorf("SimilarTickets(missing) = %v, want notfound", err)
	}
}

// newFakeOpenAI answers chat completions with a JSON draft that cites the
// first knowledge-base passage of the prompt.
func newFakeOpenAI(t *testing.T) *httptest.Server {
	t.Helper()
	cite := regexp.MustCompile(`kb:[0-9a-f]+#[0-9]+`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ans, _ := json.Marshal(map[string]any{"answer": "LLM draft: clean the rotors.", "citations": []string{cite.FindString(string(body))}, "handover": false})
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "fake-gpt",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": string(ans)}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}
