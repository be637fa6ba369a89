package server

import (
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

// policy says who may call a procedure.
type policy int

const (
	// policyPublic needs no token (registration, sign-in).
	policyPublic policy = iota + 1
	// policyDesk needs an active desk user's session, any role.
	policyDesk
	// policyAdmin needs an active admin's session.
	policyAdmin
	// policyConversation needs a widget conversation token; the handler
	// reaches only that token's ticket.
	policyConversation
	// policyWidgetKey needs no token; the request names the tenant by its
	// public widget key and the handler looks it up.
	policyWidgetKey
)

func (p policy) String() string {
	switch p {
	case policyPublic:
		return "public"
	case policyDesk:
		return "desk-any-role"
	case policyAdmin:
		return "admin-only"
	case policyConversation:
		return "widget-conversation"
	case policyWidgetKey:
		return "widget-public-key"
	}
	return "none"
}

// policies is the one table of who may call what. A procedure missing here
// is refused by the interceptor, and a test fails when a generated
// procedure has no entry.
var policies = map[string]policy{
	frontlinev1connect.IdentityServiceRegisterCompanyProcedure: policyPublic,
	frontlinev1connect.IdentityServiceLoginProcedure:           policyPublic,
	frontlinev1connect.IdentityServiceAcceptInviteProcedure:    policyPublic,
	frontlinev1connect.IdentityServiceLogoutProcedure:          policyDesk,
	frontlinev1connect.IdentityServiceWhoAmIProcedure:          policyDesk,
	frontlinev1connect.IdentityServiceListUsersProcedure:       policyDesk,
	frontlinev1connect.IdentityServiceInviteAgentProcedure:     policyAdmin,
	frontlinev1connect.IdentityServiceSetRoleProcedure:         policyAdmin,
	frontlinev1connect.IdentityServiceDeactivateUserProcedure:  policyAdmin,

	frontlinev1connect.TicketServiceCreateTicketProcedure: policyDesk,
	frontlinev1connect.TicketServiceGetTicketProcedure:    policyDesk,
	frontlinev1connect.TicketServiceListTicketsProcedure:  policyDesk,
	frontlinev1connect.TicketServiceUpdateTicketProcedure: policyDesk,
	frontlinev1connect.TicketServiceAddMessageProcedure:   policyDesk,

	frontlinev1connect.KnowledgeServiceCreateArticleProcedure: policyAdmin,
	frontlinev1connect.KnowledgeServiceGetArticleProcedure:    policyDesk,
	frontlinev1connect.KnowledgeServiceListArticlesProcedure:  policyDesk,
	frontlinev1connect.KnowledgeServiceUpdateArticleProcedure: policyAdmin,
	frontlinev1connect.KnowledgeServiceDeleteArticleProcedure: policyAdmin,

	frontlinev1connect.WidgetServiceGetWidgetConfigProcedure:   policyWidgetKey,
	frontlinev1connect.WidgetServiceStartConversationProcedure: policyWidgetKey,
	frontlinev1connect.WidgetServiceSendMessageProcedure:       policyConversation,
	frontlinev1connect.WidgetServiceGetConversationProcedure:   policyConversation,
	frontlinev1connect.WidgetServiceWatchConversationProcedure: policyConversation,
	frontlinev1connect.WidgetServiceSetTypingProcedure:         policyConversation,
	frontlinev1connect.WidgetServiceUploadAttachmentProcedure:  policyConversation,
	frontlinev1connect.WidgetServiceGetAttachmentProcedure:     policyConversation,
	frontlinev1connect.WidgetServiceRateConversationProcedure:  policyConversation,
	frontlinev1connect.WidgetServiceEmailTranscriptProcedure:   policyConversation,
	frontlinev1connect.WidgetServiceRequestHumanProcedure:      policyConversation,

	frontlinev1connect.WidgetAdminServiceGetWidgetSettingsProcedure:    policyAdmin,
	frontlinev1connect.WidgetAdminServiceUpdateWidgetSettingsProcedure: policyAdmin,
	frontlinev1connect.TicketServiceSetAgentTypingProcedure:            policyDesk,
	frontlinev1connect.TicketServicePresenceProcedure:                  policyDesk,
	frontlinev1connect.TicketServiceGetTicketAttachmentProcedure:       policyDesk,

	frontlinev1connect.AIAdminServiceGetAISettingsProcedure:    policyAdmin,
	frontlinev1connect.AIAdminServiceUpdateAISettingsProcedure: policyAdmin,
	frontlinev1connect.AIAdminServiceTestAIProviderProcedure:   policyAdmin,

	frontlinev1connect.CopilotServiceSummarizeTicketProcedure: policyDesk,
	frontlinev1connect.CopilotServiceDraftReplyProcedure:      policyDesk,
	frontlinev1connect.CopilotServiceSuggestArticlesProcedure: policyDesk,
	frontlinev1connect.CopilotServiceTriageTextProcedure:      policyDesk,

	frontlinev1connect.IdentityServiceSetAvailabilityProcedure:    policyDesk,
	frontlinev1connect.IdentityServiceUpdateAgentProfileProcedure: policyAdmin,

	frontlinev1connect.SettingsServiceListSettingsProcedure:  policyDesk,
	frontlinev1connect.SettingsServicePutSettingProcedure:    policyAdmin,
	frontlinev1connect.SettingsServiceDeleteSettingProcedure: policyAdmin,

	frontlinev1connect.SyncServicePushProcedure:      policyDesk,
	frontlinev1connect.SyncServicePullProcedure:      policyDesk,
	frontlinev1connect.SyncServiceSubscribeProcedure: policyDesk,
}
