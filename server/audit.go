package server

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// This file keeps the audit log: every change an admin makes to the
// company's setup (users, settings, knowledge base, widget, AI provider)
// is recorded after it succeeds, with who, what and when. Entries reach
// admins' desktops through the admin bucket of the change log. A failure
// to record is logged, not returned: the change itself has happened.

// audit records an action of the caller.
func (s *Server) audit(ctx context.Context, c caller, action, targetID, summary string) {
	now := s.now()
	e := &frontlinev1.AuditEntry{
		Id: desk.NewID(now), CreateTime: timestamppb.New(now),
		ActorId: c.User.GetId(), ActorName: c.User.GetName(),
		Action: action, TargetId: targetID, Summary: summary,
	}
	if err := s.st.AppendAudit(context.WithoutCancel(ctx), c.TenantID, e); err != nil {
		s.log.Error("audit: record failed", "tenant", c.TenantID, "action", action, "err", err)
	}
}

// settingSummary describes a setting in words for the audit log.
func settingSummary(v *frontlinev1.Setting, verb string) string {
	switch x := v.GetValue().(type) {
	case *frontlinev1.Setting_Category:
		return fmt.Sprintf("Category %q %s", x.Category.GetName(), verb)
	case *frontlinev1.Setting_Macro:
		return fmt.Sprintf("Macro %q %s", x.Macro.GetTitle(), verb)
	case *frontlinev1.Setting_PriorityRules:
		return "Priority rules " + verb
	case *frontlinev1.Setting_SlaPolicy:
		p := x.SlaPolicy
		return fmt.Sprintf("SLA policy for %s priority %s (first response %d min, resolution %d min)", priorityWord(p.GetPriority()), verb,
			p.GetFirstResponseMinutes(), p.GetResolutionMinutes())
	case *frontlinev1.Setting_BusinessHours:
		return "Business hours " + verb
	case *frontlinev1.Setting_AssignmentRules:
		return "Automatic assignment " + verb + ": " + assignmentWord(x.AssignmentRules.GetMode())
	case *frontlinev1.Setting_CustomField:
		return fmt.Sprintf("Custom field %q %s", x.CustomField.GetLabel(), verb)
	case *frontlinev1.Setting_Tag:
		return fmt.Sprintf("Tag %q %s", x.Tag.GetName(), verb)
	}
	return "Setting " + verb
}

func priorityWord(p frontlinev1.TicketPriority) string {
	return strings.ToLower(strings.TrimPrefix(p.String(), "TICKET_PRIORITY_"))
}

func assignmentWord(m frontlinev1.AssignmentMode) string {
	switch m {
	case frontlinev1.AssignmentMode_ASSIGNMENT_MODE_ROUND_ROBIN:
		return "round robin"
	case frontlinev1.AssignmentMode_ASSIGNMENT_MODE_LEAST_LOADED:
		return "least loaded"
	}
	return "off"
}

func roleWord(r frontlinev1.Role) string {
	return strings.ToLower(strings.TrimPrefix(r.String(), "ROLE_"))
}
