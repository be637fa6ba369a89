package server_test

import (
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/assist/copilot"
	"github.com/frontlinedesk/frontline/internal/assist/llm"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func TestCopilot_OfflineAndTenantIsolation(t *testing.T) {
	t.Parallel()
	env := newBotEnv(t, server.WithSecrets(testSealer(t)), fastLLM)
	ten, ids := botTenant(t, env, "Copilot", bikeKB)
	other, _ := botTenant(t, env, "Elsewhere", bikeKB)
	agent := env.AddAgent(t, ten, "Copilot Agent", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	res := must(agent.Clients.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
		Subject:  "Squealing brakes",
		Body:     "My disc brakes squeal since last week. When should I replace the brake pads?",
		Customer: &frontlinev1.Customer{Name: "Casey Customer", Email: "casey@example.com"},
	}))(t)
	tk := res.GetTicket()
	cp := agent.Clients.Copilot

	sum := must(cp.SummarizeTicket(ctx, &frontlinev1.SummarizeTicketRequest{TicketId: tk.GetId()}))(t)
	if sum.GetMode() != "offline" || !strings.Contains(sum.GetSummary(), "squeal") {
		t.Errorf("summary = %v; want an offline extractive summary about the squeal", sum)
	}
	draft := must(cp.DraftReply(ctx, &frontlinev1.DraftReplyRequest{TicketId: tk.GetId()}))(t)
	if draft.GetMode() != "offline" || draft.GetLabel() != copilot.OfflineLabel || !strings.HasPrefix(draft.GetText(), "Hi Casey") {
		t.Errorf("draft = %v; want an offline, labelled draft greeting the customer", draft)
	}
	if len(draft.GetCitations()) == 0 || draft.GetCitations()[0].GetArticleId() != ids["Brake pads"] {
		t.Errorf("draft citations = %v; want the brake pads article first", draft.GetCitations())
	}
	sug := must(cp.SuggestArticles(ctx, &frontlinev1.SuggestArticlesRequest{TicketId: tk.GetId()}))(t)
	if len(sug.GetArticles()) == 0 || sug.GetArticles()[0].GetArticleId() != ids["Brake pads"] || sug.GetArticles()[0].GetExcerpt() == "" {
		t.Errorf("suggestions = %v; want the brake pads article first, with an excerpt", sug.GetArticles())
	}

	tri := must(cp.TriageText(ctx, &frontlinev1.TriageTextRequest{Text: "This is the worst bike ever, I hate it and I am angry."}))(t)
	if tri.GetMode() != "offline" || tri.GetSentiment().GetLabel() != "negative" || tri.GetLanguage().GetLabel() != "en" {
		t.Errorf("triage = %v; want offline, negative, English", tri)
	}
	if tri.GetCategory().GetLabel() != "" || !slices.ContainsFunc(tri.GetNotes(), func(n string) bool { return strings.Contains(n, "no category list") }) {
		t.Errorf("triage category = %v, notes %q; want no category and a note saying why", tri.GetCategory(), tri.GetNotes())
	}
	if tri.GetPriority().GetLabel() != "normal" {
		t.Errorf("triage priority = %v; want normal without rules", tri.GetPriority())
	}
	_, err := cp.TriageText(ctx, &frontlinev1.TriageTextRequest{Text: "  "})
	wantCode(t, "empty triage text", err, connect.CodeInvalidArgument)

	// Another tenant's ticket is NotFound, like a missing one.
	for name, call := range map[string]func(servertest.Clients) error{
		"summarize": func(c servertest.Clients) error {
			_, err := c.Copilot.SummarizeTicket(ctx, &frontlinev1.SummarizeTicketRequest{TicketId: tk.GetId()})
			return err
		},
		"draft": func(c servertest.Clients) error {
			_, err := c.Copilot.DraftReply(ctx, &frontlinev1.DraftReplyRequest{TicketId: tk.GetId()})
			return err
		},
		"suggest": func(c servertest.Clients) error {
			_, err := c.Copilot.SuggestArticles(ctx, &frontlinev1.SuggestArticlesRequest{TicketId: tk.GetId()})
			return err
		},
	} {
		wantCode(t, name+" on another tenant's ticket", call(other.Clients), connect.CodeNotFound)
	}

	// With the tenant's LLM configured, the same calls say so.
	fake := newFakeLLM(t, llm.OpenAI)
	must(ten.Clients.AIAdmin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{
		Settings: &frontlinev1.AISettings{Provider: "openai", Model: "fake-gpt", BaseUrl: fake.srv.URL + "/v1"}, ApiKey: secretKey,
	}))(t)
	draft = must(cp.DraftReply(ctx, &frontlinev1.DraftReplyRequest{TicketId: tk.GetId()}))(t)
	if draft.GetMode() != "LLM (openai/fake-gpt)" || draft.GetLabel() != copilot.AIDraftLabel || !strings.HasPrefix(draft.GetText(), "LLM answer:") {
		t.Errorf("LLM draft = %v; want the fake model's draft in LLM mode", draft)
	}
	sum = must(cp.SummarizeTicket(ctx, &frontlinev1.SummarizeTicketRequest{TicketId: tk.GetId()}))(t)
	if sum.GetMode() != "LLM (openai/fake-gpt)" {
		t.Errorf("LLM summary mode = %q", sum.GetMode())
	}
	// The provider fails: offline again, and labelled so.
	fake.setStatus(503)
	draft = must(cp.DraftReply(ctx, &frontlinev1.DraftReplyRequest{TicketId: tk.GetId()}))(t)
	if draft.GetMode() != "offline" || draft.GetLabel() != copilot.OfflineLabel {
		t.Errorf("draft with a failing provider = %v; want offline", draft)
	}
}
