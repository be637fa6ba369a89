package server_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func putCategory(t *testing.T, c servertest.Clients, name, desc string, examples ...string) *frontlinev1.Setting {
	t.Helper()
	res, err := c.Settings.PutSetting(t.Context(), &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
		Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{Name: name, Description: desc, Examples: examples}}}})
	if err != nil {
		t.Fatalf("put category %q: %v", name, err)
	}
	return res.GetSetting()
}

// shopCategories gives a tenant three categories with a few examples each.
func shopCategories(t *testing.T, c servertest.Clients) {
	t.Helper()
	putCategory(t, c, "Shipping", "Deliveries, tracking and parcels.",
		"Where is my parcel?", "The tracking number has not moved", "When will my order be delivered?")
	putCategory(t, c, "Billing", "Payments, invoices, refunds and charges.",
		"I was charged twice", "Please send me an invoice", "When do I get my refund?")
	putCategory(t, c, "Repairs", "Broken parts, noises and warranty repairs.",
		"My brakes squeal", "The chain keeps falling off", "There is a crack in the frame")
}

func TestSettings_ValidationAndAccess(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Settings Co")
	agent := env.AddAgent(t, ten, "Avery Agent", frontlinev1.Role_ROLE_AGENT)
	other := env.RegisterCompany(t, "Other Co")
	ctx := t.Context()

	cat := putCategory(t, ten.Clients, "  Billing   questions ", "Money matters.", "Charged twice", "", "Charged twice")
	if got := cat.GetCategory(); got.GetName() != "Billing questions" || !slices.Equal(got.GetExamples(), []string{"Charged twice"}) {
		t.Errorf("stored category = %v; want trimmed name and deduplicated examples", got)
	}
	if !desk.ValidID(cat.GetId()) || cat.GetUpdateUserId() != ten.Admin.GetId() || cat.GetUpdateTime() == nil {
		t.Errorf("stored setting metadata = %v", cat)
	}

	cases := []struct {
		name    string
		setting *frontlinev1.Setting
		field   string
	}{
		{"no value", &frontlinev1.Setting{}, "setting"},
		{"empty name", &frontlinev1.Setting{Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{Name: "  "}}}, "setting.category.name"},
		{"duplicate name", &frontlinev1.Setting{Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{Name: "BILLING QUESTIONS"}}}, "setting.category.name"},
		{"long description", &frontlinev1.Setting{Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{Name: "X", Description: strings.Repeat("d", 501)}}}, "setting.category.description"},
		{"macro without body", &frontlinev1.Setting{Value: &frontlinev1.Setting_Macro{Macro: &frontlinev1.Macro{Title: "Hello"}}}, "setting.macro.body"},
		{"macro unknown category", &frontlinev1.Setting{Value: &frontlinev1.Setting_Macro{Macro: &frontlinev1.Macro{Title: "Hello", Body: "Hi", Category: "Nope"}}}, "setting.macro.category"},
		{"rule without words", &frontlinev1.Setting{Value: &frontlinev1.Setting_PriorityRules{PriorityRules: &frontlinev1.PriorityRules{
			KeywordRules: []*frontlinev1.KeywordRule{{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH}}}}}, "setting.priority_rules.keyword_rules[0].words"},
		{"negative threshold out of range", &frontlinev1.Setting{Value: &frontlinev1.Setting_PriorityRules{PriorityRules: &frontlinev1.PriorityRules{
			NegativeBelow: 0.5}}}, "setting.priority_rules.negative_below"},
		{"unknown id", &frontlinev1.Setting{Id: desk.NewID(time.Now()), Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{Name: "New"}}}, ""},
	}
	for _, tc := range cases {
		_, err := ten.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: tc.setting})
		if tc.field == "" {
			wantCode(t, tc.name, err, connect.CodeNotFound)
			continue
		}
		wantCode(t, tc.name, err, connect.CodeInvalidArgument)
		if err != nil && !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: error %q does not name field %s", tc.name, err, tc.field)
		}
	}

	// Agents read settings but cannot change them.
	list := must(agent.Clients.Settings.ListSettings(ctx, &frontlinev1.ListSettingsRequest{}))(t)
	if len(list.GetSettings()) != 1 || list.GetSettings()[0].GetId() != cat.GetId() {
		t.Errorf("agent's list = %v; want the one category", list.GetSettings())
	}
	_, err := agent.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
		Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{Name: "Agent's"}}}})
	wantCode(t, "agent put", err, connect.CodePermissionDenied)

	// Another tenant sees none of it and cannot touch it.
	if got := must(other.Clients.Settings.ListSettings(ctx, &frontlinev1.ListSettingsRequest{}))(t).GetSettings(); len(got) != 0 {
		t.Errorf("other tenant's list = %v; want empty", got)
	}
	_, err = other.Clients.Settings.DeleteSetting(ctx, &frontlinev1.DeleteSettingRequest{Id: cat.GetId()})
	wantCode(t, "other tenant delete", err, connect.CodeNotFound)
	_, err = other.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: cat})
	wantCode(t, "other tenant overwrite", err, connect.CodeNotFound)

	// Priority rules are one per tenant: a second put replaces the first.
	rules := func(word string) *frontlinev1.Setting {
		return &frontlinev1.Setting{Value: &frontlinev1.Setting_PriorityRules{PriorityRules: &frontlinev1.PriorityRules{
			KeywordRules: []*frontlinev1.KeywordRule{{Words: []string{word}, Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT}}}}}
	}
	r1 := must(ten.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: rules("Fire")}))(t).GetSetting()
	r2 := must(ten.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: rules("smoke")}))(t).GetSetting()
	if r1.GetId() != r2.GetId() {
		t.Errorf("second rules put made a new setting %s; want it to replace %s", r2.GetId(), r1.GetId())
	}
	if got := r1.GetPriorityRules().GetKeywordRules()[0].GetWords(); !slices.Equal(got, []string{"fire"}) {
		t.Errorf("rule words = %v; want lower-cased", got)
	}

	must(ten.Clients.Settings.DeleteSetting(ctx, &frontlinev1.DeleteSettingRequest{Id: cat.GetId()}))(t)
	_, err = ten.Clients.Settings.DeleteSetting(ctx, &frontlinev1.DeleteSettingRequest{Id: cat.GetId()})
	wantCode(t, "delete twice", err, connect.CodeNotFound)
}

func TestTriage_NewTicketsAndMessages(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Triage Co")
	ctx := t.Context()

	// Before any category exists: sentiment-free offline triage still
	// gives a language and a priority, and no category.
	conv := env.StartConversation(t, ten, "Hello, where is my parcel? The tracking has not moved.")
	tk := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv.Conversation.GetId()}))(t).GetTicket()
	tr := tk.GetTriage()
	if tr.GetCategory() != nil || tr.GetLanguage().GetLabel() != "en" || tr.GetPriority().GetLabel() != "normal" || tr.GetTriageTime() == nil {
		t.Errorf("triage without categories = %v; want no category, language en, priority normal", tr)
	}

	shopCategories(t, ten.Clients)
	must(ten.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
		Value: &frontlinev1.Setting_PriorityRules{PriorityRules: &frontlinev1.PriorityRules{
			KeywordRules: []*frontlinev1.KeywordRule{{Words: []string{"smoke"}, Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT}},
			TierRules:    []*frontlinev1.TierRule{{Tier: "gold", Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH}},
		}}}}))(t)

	cases := []struct {
		name, text   string
		tier         string
		wantCategory string
		wantPriority frontlinev1.TicketPriority
	}{
		{"shipping", "My parcel has not been delivered and the tracking number has not moved", "", "Shipping", frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL},
		{"billing", "You charged me twice for the same order, please refund one payment", "", "Billing", frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL},
		{"keyword rule", "Smoke is coming out of the frame near the broken part", "", "Repairs", frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT},
		{"tier rule", "Please send me an invoice for my last payment", "Gold", "Billing", frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH},
	}
	for _, tc := range cases {
		res := must(ten.Clients.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
			Subject: tc.name, Body: tc.text,
			Customer: &frontlinev1.Customer{Name: "Casey", Email: "casey@example.com", Tier: tc.tier},
		}))(t)
		got := res.GetTicket()
		if got.GetTriage().GetCategory().GetLabel() != tc.wantCategory || got.GetPriority() != tc.wantPriority {
			t.Errorf("%s: category %q, priority %v; want %q, %v (triage %v)", tc.name,
				got.GetTriage().GetCategory().GetLabel(), got.GetPriority(), tc.wantCategory, tc.wantPriority, got.GetTriage())
		}
		if c := got.GetTriage().GetCategory().GetConfidence(); c <= 0 || c > 1 {
			t.Errorf("%s: category confidence %v; want in (0,1]", tc.name, c)
		}
	}

	// A priority the caller chose stays, whatever the rules say.
	res := must(ten.Clients.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
		Subject: "smoke", Body: "Smoke everywhere", Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_LOW,
		Customer: &frontlinev1.Customer{Name: "Casey", Email: "casey@example.com"},
	}))(t)
	if res.GetTicket().GetPriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_LOW {
		t.Errorf("explicit low priority became %v", res.GetTicket().GetPriority())
	}

	// A new customer message re-triages: the keyword raises the priority.
	conv2 := env.StartConversation(t, ten, "When will my order be delivered?")
	must(conv2.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "Also there is smoke coming from the battery!"}))(t)
	tk = must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv2.Conversation.GetId()}))(t).GetTicket()
	if tk.GetPriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT || !slices.Contains(tk.GetTriage().GetPriorityReasons(), "keyword:smoke") {
		t.Errorf("after the second message: priority %v, reasons %v; want urgent by keyword:smoke", tk.GetPriority(), tk.GetTriage().GetPriorityReasons())
	}
}

func TestTriage_CorrectionsTeachTheTenantModel(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Learning Co")
	agent := env.AddAgent(t, ten, "Avery Agent", frontlinev1.Role_ROLE_AGENT)
	other := env.RegisterCompany(t, "Other Co")
	ctx := t.Context()
	shopCategories(t, ten.Clients)
	shopCategories(t, other.Clients)

	// An unusual product name the admins' examples know nothing about.
	const text = "The zorblax dongle flickers quantum sparkles"
	create := func(c servertest.Clients) *frontlinev1.Ticket {
		return must(c.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
			Subject: "zorblax", Body: text, Customer: &frontlinev1.Customer{Name: "Casey", Email: "casey@example.com"}}))(t).GetTicket()
	}
	first := create(agent.Clients)
	before := first.GetTriage().GetCategory().GetLabel()
	// The agent files it elsewhere than the cold-start model did.
	target := "Billing"
	if before == "Billing" {
		target = "Shipping"
	}

	// Bad corrections are refused with the field named, and change nothing.
	_, err := agent.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: first.GetId(), Category: new("Weather")})
	wantCode(t, "unknown category", err, connect.CodeInvalidArgument)
	_, err = agent.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: first.GetId(), Sentiment: new("furious")})
	wantCode(t, "bad sentiment", err, connect.CodeInvalidArgument)
	_, err = agent.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: first.GetId(), Language: new("english")})
	wantCode(t, "bad language", err, connect.CodeInvalidArgument)

	fixed := must(agent.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{
		Id: first.GetId(), Category: new(strings.ToLower(target)), Sentiment: new("Negative"), Language: new("EN")}))(t).GetTicket()
	want := &frontlinev1.TicketTriage{
		Category:    &frontlinev1.ScoredLabel{Label: target, Confidence: 1},
		Sentiment:   &frontlinev1.ScoredLabel{Label: "negative", Confidence: 1},
		Language:    &frontlinev1.ScoredLabel{Label: "en", Confidence: 1},
		Corrected:   []string{"category", "language", "sentiment"},
		CorrectedBy: agent.User.GetId(),
	}
	if diff := cmp.Diff(want, fixed.GetTriage(), protocmp.Transform(),
		protocmp.IgnoreFields(&frontlinev1.TicketTriage{}, "priority", "priority_reasons", "triage_time", "message_id", "sentiment_score")); diff != "" {
		t.Errorf("corrected triage (-want +got):\n%s", diff)
	}

	// The tenant's next ticket like it is filed where the agent put it;
	// the other tenant's model learnt nothing.
	if got := create(ten.Clients).GetTriage().GetCategory(); got.GetLabel() != target {
		t.Errorf("after the correction, a similar ticket got %v; want %s (before: %s)", got, target, before)
	}
	if got := create(other.Clients).GetTriage().GetCategory(); got.GetLabel() != before {
		t.Errorf("the other tenant's model changed: %v; want %s as before", got, before)
	}

	// Corrections survive re-triage on a new customer message.
	conv := env.StartConversation(t, ten, "Where is my parcel? Tracking has not moved.")
	must(agent.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: conv.Conversation.GetId(), Category: new("Billing")}))(t)
	must(conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "Any news about the delivery?"}))(t)
	tk := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv.Conversation.GetId()}))(t).GetTicket()
	if got := tk.GetTriage().GetCategory().GetLabel(); got != "Billing" {
		t.Errorf("after a new message the corrected category became %q; want Billing kept", got)
	}
}

func TestTriage_SetTriageThroughSync(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Sync Triage Co")
	ctx := t.Context()
	shopCategories(t, ten.Clients)
	tk := env.CreateTicket(t, ten.Clients, "Where is my parcel?")
	client := desk.NewID(time.Now())
	res := must(ten.Clients.Sync.Push(ctx, &frontlinev1.PushRequest{ClientId: client, Mutations: []*frontlinev1.Mutation{
		{Id: 1, Op: &frontlinev1.Mutation_SetTriage{SetTriage: &frontlinev1.SetTriageOp{TicketId: tk.GetId(), Field: frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY, Value: "billing"}}},
		{Id: 2, Op: &frontlinev1.Mutation_SetTriage{SetTriage: &frontlinev1.SetTriageOp{TicketId: tk.GetId(), Field: frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY, Value: "Gardening"}}},
		{Id: 3, Op: &frontlinev1.Mutation_SetPriority{SetPriority: &frontlinev1.SetPriorityOp{TicketId: tk.GetId(), Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH}}},
	}}))(t)
	if r := res.GetResults(); len(r) != 3 || r[0].GetRejected() || !r[1].GetRejected() || r[2].GetRejected() {
		t.Fatalf("push results = %v; want the unknown category rejected only", r)
	}
	got := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: tk.GetId()}))(t).GetTicket()
	if got.GetTriage().GetCategory().GetLabel() != "Billing" || !slices.Equal(got.GetTriage().GetCorrected(), []string{"category", "priority"}) {
		t.Errorf("triage after push = %v; want Billing, corrected category and priority", got.GetTriage())
	}

	// Settings reach desk replicas through the change log.
	pull := must(ten.Clients.Sync.Pull(ctx, &frontlinev1.PullRequest{ClientId: client, PageSize: 500}))(t)
	n := 0
	for _, c := range pull.GetChanges() {
		if c.GetSetting().GetCategory() != nil {
			n++
		}
	}
	if n != 3 {
		t.Errorf("pull carried %d categories; want 3", n)
	}
}

func TestTriage_SentimentLearnsTheTenantsCorrections(t *testing.T) {
	base := sentiment.New(sentiment.Lexicon{"good": 1.9, "bad": -2.5, "great": 3.1, "awful": -2.0})
	if err := base.Train([]sentiment.Example{
		{Text: "this is good", Label: sentiment.Positive}, {Text: "great service", Label: sentiment.Positive},
		{Text: "this is bad", Label: sentiment.Negative}, {Text: "awful service", Label: sentiment.Negative},
	}); err != nil {
		t.Fatal(err)
	}
	env := servertest.New(t, server.WithBotModels(nil, base))
	ten := env.RegisterCompany(t, "Slang Co")
	other := env.RegisterCompany(t, "Plain Co")
	ctx := t.Context()
	sentimentOf := func(c servertest.Clients, body string) *frontlinev1.ScoredLabel {
		return must(c.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{Subject: "Hello", Body: body,
			Customer: &frontlinev1.Customer{Name: "Casey", Email: "casey@example.com"}}))(t).GetTicket().GetTriage().GetSentiment()
	}
	const probe = "those wheels are sick"
	before := sentimentOf(ten.Clients, probe)
	if before.GetLabel() == "positive" {
		t.Fatalf("before any correction %q is already positive: %v", probe, before)
	}
	for _, body := range []string{"the paint job is sick", "sick ride yesterday", "that saddle is sick"} {
		tk := must(ten.Clients.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{Subject: "Hello", Body: body,
			Customer: &frontlinev1.Customer{Name: "Casey", Email: "casey@example.com"}}))(t).GetTicket()
		must(ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tk.GetId(), Sentiment: new("positive")}))(t)
	}
	if got := sentimentOf(ten.Clients, probe); got.GetLabel() != "positive" {
		t.Errorf("after three corrections %q reads %v; want positive", probe, got)
	}
	if got := sentimentOf(other.Clients, probe); got.GetLabel() != before.GetLabel() {
		t.Errorf("the other tenant's sentiment changed: %v; want %v", got, before)
	}
}

func TestSettings_SLAPoliciesAndBusinessHours(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "SLA Co")
	ctx := t.Context()
	put := func(v *frontlinev1.Setting) (*frontlinev1.Setting, error) {
		res, err := ten.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: v})
		return res.GetSetting(), err
	}
	policy := func(p frontlinev1.TicketPriority, fr, res int32) *frontlinev1.Setting {
		return &frontlinev1.Setting{Value: &frontlinev1.Setting_SlaPolicy{SlaPolicy: &frontlinev1.SLAPolicy{
			Priority: p, FirstResponseMinutes: fr, ResolutionMinutes: res, BusinessHours: true}}}
	}
	for name, tc := range map[string]struct {
		v     *frontlinev1.Setting
		field string
	}{
		"no priority":       {policy(0, 60, 240), "setting.sla_policy.priority"},
		"no target":         {policy(frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, 0, 0), "setting.sla_policy.first_response_minutes"},
		"negative":          {policy(frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, -5, 0), "setting.sla_policy.first_response_minutes"},
		"resolve before FR": {policy(frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, 240, 60), "setting.sla_policy.resolution_minutes"},
		"bad holiday": {&frontlinev1.Setting{Value: &frontlinev1.Setting_BusinessHours{BusinessHours: &frontlinev1.BusinessHours{
			Holidays: []string{"25/12/2026"}}}}, "setting.business_hours.holidays"},
		"bad zone": {&frontlinev1.Setting{Value: &frontlinev1.Setting_BusinessHours{BusinessHours: &frontlinev1.BusinessHours{
			TimeZone: "Mars/Base"}}}, "setting.business_hours.time_zone"},
		"bad close": {&frontlinev1.Setting{Value: &frontlinev1.Setting_BusinessHours{BusinessHours: &frontlinev1.BusinessHours{
			Days: []*frontlinev1.OpeningHours{{Weekday: 1, Open: "17:00", Close: "09:00"}}}}}, "setting.business_hours.days[0].close"},
	} {
		_, err := put(tc.v)
		wantCode(t, name, err, connect.CodeInvalidArgument)
		if err != nil && !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: error %q does not name %s", name, err, tc.field)
		}
	}
	// One policy per priority: a second put for high replaces the first.
	a := must(put(policy(frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, 60, 480)))(t)
	b := must(put(policy(frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, 30, 240)))(t)
	c := must(put(policy(frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL, 240, 0)))(t)
	if a.GetId() != b.GetId() || c.GetId() == a.GetId() {
		t.Errorf("policy ids %s, %s, %s; want high replaced and normal separate", a.GetId(), b.GetId(), c.GetId())
	}
	bh := must(put(&frontlinev1.Setting{Value: &frontlinev1.Setting_BusinessHours{BusinessHours: &frontlinev1.BusinessHours{
		TimeZone: "Europe/Berlin", Days: []*frontlinev1.OpeningHours{{Weekday: 1, Open: "09:00", Close: "17:00"}},
		Holidays: []string{"2026-12-25", "2026-12-24", "2026-12-25"}}}}))(t)
	if got := bh.GetBusinessHours().GetHolidays(); !slices.Equal(got, []string{"2026-12-24", "2026-12-25"}) {
		t.Errorf("holidays = %v; want sorted and deduplicated", got)
	}
}

func TestTicketTimes_FirstResponseAndResolution(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Times Co")
	ctx := t.Context()
	tk := env.CreateTicket(t, ten.Clients, "Help")
	if tk.GetFirstResponseTime() != nil || tk.GetResolveTime() != nil {
		t.Fatalf("new ticket has times: %v", tk)
	}
	must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: tk.GetId(), Body: "note", Internal: true}))(t)
	got := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: tk.GetId()}))(t).GetTicket()
	if got.GetFirstResponseTime() != nil {
		t.Errorf("an internal note set the first response time")
	}
	reply := must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: tk.GetId(), Body: "On it"}))(t)
	must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: tk.GetId(), Body: "Second reply"}))(t)
	resolved := must(ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tk.GetId(),
		Status: frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED.Enum()}))(t).GetTicket()
	if !resolved.GetFirstResponseTime().AsTime().Equal(reply.GetMessage().GetCreateTime().AsTime()) {
		t.Errorf("first response %v; want the first public reply's time %v", resolved.GetFirstResponseTime(), reply.GetMessage().GetCreateTime())
	}
	if resolved.GetResolveTime() == nil {
		t.Errorf("resolved ticket has no resolve time")
	}
	reopened := must(ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tk.GetId(),
		Status: frontlinev1.TicketStatus_TICKET_STATUS_OPEN.Enum()}))(t).GetTicket()
	if reopened.GetResolveTime() != nil {
		t.Errorf("reopened ticket keeps resolve time %v", reopened.GetResolveTime())
	}
}

func TestTriage_SLARuleRaisesPriorityNearTheDueTime(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	env := servertest.New(t, server.WithClock(clock))
	ten := env.RegisterCompany(t, "Due Co")
	ctx := t.Context()
	for _, v := range []*frontlinev1.Setting{
		{Value: &frontlinev1.Setting_SlaPolicy{SlaPolicy: &frontlinev1.SLAPolicy{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL, FirstResponseMinutes: 240}}},
		{Value: &frontlinev1.Setting_PriorityRules{PriorityRules: &frontlinev1.PriorityRules{SlaWindowMinutes: 60, SlaPriority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH}}},
	} {
		must(ten.Clients.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: v}))(t)
	}
	conv := env.StartConversation(t, ten, "Where is my order?")
	tk := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv.Conversation.GetId()}))(t).GetTicket()
	if tk.GetPriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL {
		t.Fatalf("fresh ticket priority %v; want normal", tk.GetPriority())
	}
	// Three and a half hours later the customer writes again: 30 minutes
	// are left of the 4-hour first-response target.
	mu.Lock()
	now = now.Add(210 * time.Minute)
	mu.Unlock()
	must(conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "Hello? Anyone there?"}))(t)
	tk = must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv.Conversation.GetId()}))(t).GetTicket()
	if tk.GetPriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH || !slices.Contains(tk.GetTriage().GetPriorityReasons(), "sla") {
		t.Errorf("near the due time: priority %v reasons %v; want high by sla", tk.GetPriority(), tk.GetTriage().GetPriorityReasons())
	}
}
