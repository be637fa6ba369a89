package server_test

import (
	"context"
	"slices"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// fixture is one tenant's objects, used as call targets.
type fixture struct {
	ten     servertest.Tenant
	agent   servertest.Member
	ticket  *frontlinev1.Ticket
	article *frontlinev1.Article
	conv    servertest.Conversation
}

func newFixture(t *testing.T, env *servertest.Env, name string) fixture {
	t.Helper()
	ten := env.RegisterCompany(t, name)
	f := fixture{ten: ten, agent: env.AddAgent(t, ten, name+" Agent", frontlinev1.Role_ROLE_AGENT)}
	f.ticket = env.CreateTicket(t, ten.Clients, "Chain keeps slipping")
	f.article = must(ten.Clients.Knowledge.CreateArticle(t.Context(), &frontlinev1.CreateArticleRequest{
		Title: "Chain care", Body: "Clean and lube the chain every 300 km.",
	}))(t).GetArticle()
	f.conv = env.StartConversation(t, ten, "My order has not arrived")
	return f
}

// drain reads a server stream to its end and returns its error.
func drain[T any](s *connect.ServerStreamForClient[T], err error) error {
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Receive() {
	}
	return s.Err()
}

// ids are the object ids a call acts on.
type ids struct {
	ticket, article, user, widgetKey string
}

// calls makes one well-formed call per procedure, acting on the given ids.
var calls = map[string]func(ctx context.Context, c servertest.Clients, x ids) error{
	frontlinev1connect.IdentityServiceRegisterCompanyProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.RegisterCompany(ctx, &frontlinev1.RegisterCompanyRequest{CompanyName: "Fresh " + desk.NewToken(""), AdminName: "A", Email: "a@example.com", Password: servertest.Password})
		return err
	},
	frontlinev1connect.IdentityServiceLoginProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.Login(ctx, &frontlinev1.LoginRequest{CompanyName: "nobody", Email: "a@example.com", Password: "x"})
		return err
	},
	frontlinev1connect.IdentityServiceLogoutProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.Logout(ctx, &frontlinev1.LogoutRequest{})
		return err
	},
	frontlinev1connect.IdentityServiceWhoAmIProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.WhoAmI(ctx, &frontlinev1.WhoAmIRequest{})
		return err
	},
	frontlinev1connect.IdentityServiceInviteAgentProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: "invitee@example.com"})
		return err
	},
	frontlinev1connect.IdentityServiceAcceptInviteProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.AcceptInvite(ctx, &frontlinev1.AcceptInviteRequest{InviteToken: desk.NewToken(desk.InviteTokenPrefix), Name: "N", Password: servertest.Password})
		return err
	},
	frontlinev1connect.IdentityServiceListUsersProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.ListUsers(ctx, &frontlinev1.ListUsersRequest{})
		return err
	},
	frontlinev1connect.IdentityServiceSetRoleProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: x.user, Role: frontlinev1.Role_ROLE_AGENT})
		return err
	},
	frontlinev1connect.IdentityServiceDeactivateUserProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Identity.DeactivateUser(ctx, &frontlinev1.DeactivateUserRequest{UserId: x.user})
		return err
	},
	frontlinev1connect.TicketServiceCreateTicketProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: &frontlinev1.Customer{Name: "n", Email: "n@example.com"}})
		return err
	},
	frontlinev1connect.TicketServiceGetTicketProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: x.ticket})
		return err
	},
	frontlinev1connect.TicketServiceListTicketsProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Tickets.ListTickets(ctx, &frontlinev1.ListTicketsRequest{})
		return err
	},
	frontlinev1connect.TicketServiceUpdateTicketProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: x.ticket, Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH.Enum()})
		return err
	},
	frontlinev1connect.TicketServiceAddMessageProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: x.ticket, Body: "hello"})
		return err
	},
	frontlinev1connect.KnowledgeServiceCreateArticleProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: "t", Body: "b"})
		return err
	},
	frontlinev1connect.KnowledgeServiceGetArticleProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Knowledge.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: x.article})
		return err
	},
	frontlinev1connect.KnowledgeServiceListArticlesProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Knowledge.ListArticles(ctx, &frontlinev1.ListArticlesRequest{})
		return err
	},
	frontlinev1connect.KnowledgeServiceUpdateArticleProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Knowledge.UpdateArticle(ctx, &frontlinev1.UpdateArticleRequest{Id: x.article, BaseRevision: 1, Title: "t2", Body: "b2"})
		return err
	},
	frontlinev1connect.KnowledgeServiceDeleteArticleProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Knowledge.DeleteArticle(ctx, &frontlinev1.DeleteArticleRequest{Id: x.article})
		return err
	},
	frontlinev1connect.WidgetServiceGetWidgetConfigProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Widget.GetWidgetConfig(ctx, &frontlinev1.GetWidgetConfigRequest{WidgetKey: x.widgetKey})
		return err
	},
	frontlinev1connect.WidgetServiceStartConversationProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Widget.StartConversation(ctx, &frontlinev1.StartConversationRequest{WidgetKey: x.widgetKey, Name: "n", Email: "n@example.com", Description: "d"})
		return err
	},
	frontlinev1connect.WidgetServiceSendMessageProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "hi"})
		return err
	},
	frontlinev1connect.WidgetServiceGetConversationProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{})
		return err
	},
	frontlinev1connect.WidgetServiceWatchConversationProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		return drain(c.Widget.WatchConversation(ctx, &frontlinev1.WatchConversationRequest{}))
	},
	frontlinev1connect.WidgetServiceSetTypingProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.SetTyping(ctx, &frontlinev1.SetTypingRequest{Active: true})
		return err
	},
	frontlinev1connect.WidgetServiceUploadAttachmentProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.UploadAttachment(ctx, &frontlinev1.UploadAttachmentRequest{Filename: "doc.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")})
		return err
	},
	frontlinev1connect.WidgetServiceGetAttachmentProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.GetAttachment(ctx, &frontlinev1.GetAttachmentRequest{AttachmentId: absentAttachment})
		if connect.CodeOf(err) == connect.CodeNotFound {
			return nil // authorised; there is simply no such attachment
		}
		return err
	},
	frontlinev1connect.WidgetServiceRateConversationProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.RateConversation(ctx, &frontlinev1.RateConversationRequest{Rating: 5})
		if connect.CodeOf(err) == connect.CodeFailedPrecondition {
			return nil // authorised; the conversation is not resolved yet
		}
		return err
	},
	frontlinev1connect.WidgetServiceEmailTranscriptProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.EmailTranscript(ctx, &frontlinev1.EmailTranscriptRequest{})
		if connect.CodeOf(err) == connect.CodeFailedPrecondition {
			return nil // authorised; this server has no SMTP
		}
		return err
	},
	frontlinev1connect.WidgetServiceRequestHumanProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Widget.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{})
		return err
	},
	frontlinev1connect.WidgetAdminServiceGetWidgetSettingsProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.WidgetAdmin.GetWidgetSettings(ctx, &frontlinev1.GetWidgetSettingsRequest{})
		return err
	},
	frontlinev1connect.WidgetAdminServiceUpdateWidgetSettingsProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{Greeting: "Hello"}})
		return err
	},
	frontlinev1connect.TicketServiceSetAgentTypingProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Tickets.SetAgentTyping(ctx, &frontlinev1.SetAgentTypingRequest{TicketId: x.ticket, Active: true})
		return err
	},
	frontlinev1connect.TicketServiceGetTicketAttachmentProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Tickets.GetTicketAttachment(ctx, &frontlinev1.GetTicketAttachmentRequest{TicketId: x.ticket, AttachmentId: absentAttachment})
		return err
	},
	frontlinev1connect.AIAdminServiceGetAISettingsProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.AIAdmin.GetAISettings(ctx, &frontlinev1.GetAISettingsRequest{})
		return err
	},
	frontlinev1connect.AIAdminServiceUpdateAISettingsProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.AIAdmin.UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{Settings: &frontlinev1.AISettings{Provider: "ollama", Model: "llama3.2", BaseUrl: "http://127.0.0.1:9"}})
		return err
	},
	frontlinev1connect.AIAdminServiceTestAIProviderProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.AIAdmin.TestAIProvider(ctx, &frontlinev1.TestAIProviderRequest{})
		if connect.CodeOf(err) == connect.CodeFailedPrecondition {
			return nil // authorised; no provider is configured
		}
		return err
	},
	frontlinev1connect.CopilotServiceSummarizeTicketProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Copilot.SummarizeTicket(ctx, &frontlinev1.SummarizeTicketRequest{TicketId: x.ticket})
		return err
	},
	frontlinev1connect.CopilotServiceDraftReplyProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Copilot.DraftReply(ctx, &frontlinev1.DraftReplyRequest{TicketId: x.ticket})
		return err
	},
	frontlinev1connect.CopilotServiceSuggestArticlesProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Copilot.SuggestArticles(ctx, &frontlinev1.SuggestArticlesRequest{TicketId: x.ticket})
		return err
	},
	frontlinev1connect.CopilotServiceTriageTextProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Copilot.TriageText(ctx, &frontlinev1.TriageTextRequest{Text: "My brakes squeal"})
		return err
	},
	frontlinev1connect.IdentityServiceSetAvailabilityProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Identity.SetAvailability(ctx, &frontlinev1.SetAvailabilityRequest{Availability: frontlinev1.Availability_AVAILABILITY_AVAILABLE})
		return err
	},
	frontlinev1connect.IdentityServiceUpdateAgentProfileProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Identity.UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{UserId: x.user, Capacity: proto.Int32(10)})
		return err
	},
	frontlinev1connect.TicketServicePresenceProcedure: func(ctx context.Context, c servertest.Clients, x ids) error {
		_, err := c.Tickets.Presence(ctx, &frontlinev1.PresenceRequest{TicketId: x.ticket})
		return err
	},
	frontlinev1connect.SettingsServiceListSettingsProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Settings.ListSettings(ctx, &frontlinev1.ListSettingsRequest{})
		return err
	},
	frontlinev1connect.SettingsServicePutSettingProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
			Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{Name: "Cat " + desk.NewToken("")[:12]}}}})
		return err
	},
	frontlinev1connect.SettingsServiceDeleteSettingProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		// Deletes a macro it makes first, so an admin's call succeeds and
		// anyone else is stopped at the first call.
		res, err := c.Settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
			Value: &frontlinev1.Setting_Macro{Macro: &frontlinev1.Macro{Title: "Macro " + desk.NewToken("")[:12], Body: "Hi"}}}})
		if err != nil {
			return err
		}
		_, err = c.Settings.DeleteSetting(ctx, &frontlinev1.DeleteSettingRequest{Id: res.GetSetting().GetId()})
		return err
	},
	frontlinev1connect.SyncServicePushProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Sync.Push(ctx, &frontlinev1.PushRequest{})
		return err
	},
	frontlinev1connect.SyncServicePullProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		_, err := c.Sync.Pull(ctx, &frontlinev1.PullRequest{})
		return err
	},
	frontlinev1connect.SyncServiceSubscribeProcedure: func(ctx context.Context, c servertest.Clients, _ ids) error {
		return drain(c.Sync.Subscribe(ctx, &frontlinev1.SubscribeRequest{}))
	},
}

// Procedures by who may call them, mirroring the server's policy table.
var (
	publicProcs = []string{
		frontlinev1connect.IdentityServiceRegisterCompanyProcedure,
		frontlinev1connect.IdentityServiceLoginProcedure,
		frontlinev1connect.IdentityServiceAcceptInviteProcedure,
		frontlinev1connect.WidgetServiceGetWidgetConfigProcedure,
		frontlinev1connect.WidgetServiceStartConversationProcedure,
	}
	adminProcs = []string{
		frontlinev1connect.IdentityServiceInviteAgentProcedure,
		frontlinev1connect.IdentityServiceSetRoleProcedure,
		frontlinev1connect.IdentityServiceDeactivateUserProcedure,
		frontlinev1connect.KnowledgeServiceCreateArticleProcedure,
		frontlinev1connect.KnowledgeServiceUpdateArticleProcedure,
		frontlinev1connect.KnowledgeServiceDeleteArticleProcedure,
		frontlinev1connect.WidgetAdminServiceGetWidgetSettingsProcedure,
		frontlinev1connect.WidgetAdminServiceUpdateWidgetSettingsProcedure,
		frontlinev1connect.AIAdminServiceGetAISettingsProcedure,
		frontlinev1connect.AIAdminServiceUpdateAISettingsProcedure,
		frontlinev1connect.AIAdminServiceTestAIProviderProcedure,
		frontlinev1connect.SettingsServicePutSettingProcedure,
		frontlinev1connect.SettingsServiceDeleteSettingProcedure,
		frontlinev1connect.IdentityServiceUpdateAgentProfileProcedure,
	}
	conversationProcs = []string{
		frontlinev1connect.WidgetServiceSendMessageProcedure,
		frontlinev1connect.WidgetServiceGetConversationProcedure,
		frontlinev1connect.WidgetServiceWatchConversationProcedure,
		frontlinev1connect.WidgetServiceSetTypingProcedure,
		frontlinev1connect.WidgetServiceUploadAttachmentProcedure,
		frontlinev1connect.WidgetServiceGetAttachmentProcedure,
		frontlinev1connect.WidgetServiceRateConversationProcedure,
		frontlinev1connect.WidgetServiceEmailTranscriptProcedure,
		frontlinev1connect.WidgetServiceRequestHumanProcedure,
	}
	// idProcs take the id of an object of the caller's tenant.
	idProcs = []string{
		frontlinev1connect.TicketServiceGetTicketProcedure,
		frontlinev1connect.TicketServiceUpdateTicketProcedure,
		frontlinev1connect.TicketServiceAddMessageProcedure,
		frontlinev1connect.KnowledgeServiceGetArticleProcedure,
		frontlinev1connect.KnowledgeServiceUpdateArticleProcedure,
		frontlinev1connect.KnowledgeServiceDeleteArticleProcedure,
		frontlinev1connect.IdentityServiceSetRoleProcedure,
		frontlinev1connect.IdentityServiceDeactivateUserProcedure,
		frontlinev1connect.IdentityServiceUpdateAgentProfileProcedure,
		frontlinev1connect.TicketServiceSetAgentTypingProcedure,
		frontlinev1connect.TicketServicePresenceProcedure,
		frontlinev1connect.TicketServiceGetTicketAttachmentProcedure,
		frontlinev1connect.CopilotServiceSummarizeTicketProcedure,
		frontlinev1connect.CopilotServiceDraftReplyProcedure,
		frontlinev1connect.CopilotServiceSuggestArticlesProcedure,
	}
)

// absentAttachment is a well-formed attachment id that names nothing.
const absentAttachment = "0123456789abcdef0123456789abcdef"

// allProcedures lists every generated procedure from the file descriptors.
func allProcedures(t *testing.T) []string {
	t.Helper()
	var out []string
	protoregistry.GlobalFiles.RangeFilesByPackage("frontline.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			sd := fd.Services().Get(i)
			for j := range sd.Methods().Len() {
				out = append(out, "/"+string(sd.FullName())+"/"+string(sd.Methods().Get(j).Name()))
			}
		}
		return true
	})
	if len(out) == 0 {
		t.Fatal("no procedures found")
	}
	return out
}

func TestAccess_TableCoversEveryProcedure(t *testing.T) {
	for _, p := range allProcedures(t) {
		if calls[p] == nil {
			t.Errorf("no call for %s in the access tests", p)
		}
	}
}

func TestAccess_Matrix(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	a := newFixture(t, env, "Alpha")
	b := newFixture(t, env, "Bravo")
	ctx := t.Context()
	own := ids{ticket: a.ticket.GetId(), article: a.article.GetId(), user: a.agent.User.GetId(), widgetKey: a.ten.Company.GetWidgetKey()}
	other := ids{ticket: b.ticket.GetId(), article: b.article.GetId(), user: b.agent.User.GetId(), widgetKey: b.ten.Company.GetWidgetKey()}
	missing := ids{ticket: desk.NewID(a.ticket.GetCreateTime().AsTime()), article: desk.NewID(a.ticket.GetCreateTime().AsTime()), user: desk.NewID(a.ticket.GetCreateTime().AsTime()), widgetKey: desk.NewToken(desk.WidgetKeyPrefix)}

	t.Run("other_tenant_like_missing", func(t *testing.T) {
		for _, p := range idProcs {
			errOther := calls[p](ctx, a.ten.Clients, other)
			errMissing := calls[p](ctx, a.ten.Clients, missing)
			wantCode(t, p+" on other tenant's id", errOther, connect.CodeNotFound)
			wantCode(t, p+" on missing id", errMissing, connect.CodeNotFound)
			if errOther != nil && errMissing != nil && errOther.Error() != errMissing.Error() {
				t.Errorf("%s: other tenant %q differs from missing %q", p, errOther, errMissing)
			}
		}
		// An assignee of another tenant is refused exactly like a missing one.
		assign := func(user string) error {
			_, err := a.ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: own.ticket, AssigneeId: proto.String(user)})
			return err
		}
		errOther, errMissing := assign(other.user), assign(missing.user)
		wantCode(t, "assign other tenant's user", errOther, connect.CodeInvalidArgument)
		if errOther == nil || errMissing == nil || errOther.Error() != errMissing.Error() {
			t.Errorf("assign: other tenant %v differs from missing %v", errOther, errMissing)
		}
		// Bravo's objects are untouched.
		got := must(b.ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: other.ticket}))(t)
		if got.GetTicket().GetPriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL || len(got.GetMessages()) != 1 {
			t.Errorf("Bravo's ticket changed: %v", got)
		}
		must(b.ten.Clients.Knowledge.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: other.article}))(t)
	})

	t.Run("agent_on_admin_procedures", func(t *testing.T) {
		for _, p := range adminProcs {
			wantCode(t, p, calls[p](ctx, a.agent.Clients, own), connect.CodePermissionDenied)
		}
	})

	t.Run("no_token", func(t *testing.T) {
		anon := env.Clients("")
		for _, p := range allProcedures(t) {
			if slices.Contains(publicProcs, p) {
				continue
			}
			wantCode(t, p, calls[p](ctx, anon, own), connect.CodeUnauthenticated)
		}
	})

	t.Run("garbage_token", func(t *testing.T) {
		bad := env.Clients(desk.NewToken(desk.SessionTokenPrefix))
		for _, p := range allProcedures(t) {
			if slices.Contains(publicProcs, p) {
				continue
			}
			wantCode(t, p, calls[p](ctx, bad, own), connect.CodeUnauthenticated)
		}
	})

	t.Run("conversation_token_on_desk_procedures", func(t *testing.T) {
		for _, p := range allProcedures(t) {
			if slices.Contains(publicProcs, p) || slices.Contains(conversationProcs, p) {
				continue
			}
			wantCode(t, p, calls[p](ctx, a.conv.Clients, own), connect.CodePermissionDenied)
		}
	})

	t.Run("desk_token_on_conversation_procedures", func(t *testing.T) {
		for _, p := range conversationProcs {
			wantCode(t, p, calls[p](ctx, a.ten.Clients, own), connect.CodePermissionDenied)
		}
	})

	t.Run("conversation_reaches_only_its_ticket", func(t *testing.T) {
		got := must(a.conv.Clients.Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{}))(t)
		if got.GetConversation().GetId() != a.conv.Conversation.GetId() {
			t.Errorf("conversation = %s; want %s", got.GetConversation().GetId(), a.conv.Conversation.GetId())
		}
		sent := must(a.conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "any news?"}))(t)
		if sent.GetMessage().GetTicketId() != a.conv.Conversation.GetId() {
			t.Errorf("message went to %s; want %s", sent.GetMessage().GetTicketId(), a.conv.Conversation.GetId())
		}
		// Bravo's conversation did not change.
		bconv := must(b.conv.Clients.Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{}))(t)
		if len(bconv.GetMessages()) != 1 {
			t.Errorf("Bravo's conversation has %d messages; want 1", len(bconv.GetMessages()))
		}
	})

	t.Run("unknown_widget_key", func(t *testing.T) {
		anon := env.Clients("")
		for _, p := range []string{frontlinev1connect.WidgetServiceGetWidgetConfigProcedure, frontlinev1connect.WidgetServiceStartConversationProcedure} {
			wantCode(t, p, calls[p](ctx, anon, missing), connect.CodeNotFound)
		}
	})
}
