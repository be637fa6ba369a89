package server_test

import (
	"testing"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func setAssignment(t *testing.T, c servertest.Clients, mode frontlinev1.AssignmentMode) {
	t.Helper()
	must(c.Settings.PutSetting(t.Context(), &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
		Value: &frontlinev1.Setting_AssignmentRules{AssignmentRules: &frontlinev1.AssignmentRules{Mode: mode}}}}))(t)
}

func setAway(t *testing.T, c servertest.Clients, away bool) {
	t.Helper()
	a := frontlinev1.Availability_AVAILABILITY_AVAILABLE
	if away {
		a = frontlinev1.Availability_AVAILABILITY_AWAY
	}
	must(c.Identity.SetAvailability(t.Context(), &frontlinev1.SetAvailabilityRequest{Availability: a}))(t)
}

func newTicket(t *testing.T, c servertest.Clients, body string) *frontlinev1.Ticket {
	t.Helper()
	return must(c.Tickets.CreateTicket(t.Context(), &frontlinev1.CreateTicketRequest{Subject: "Help", Body: body,
		Customer: &frontlinev1.Customer{Name: "Casey", Email: "casey@example.com"}}))(t).GetTicket()
}

func TestAssign_RoundRobinCapacitySkillsAndAvailability(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Assign Co")
	ada := env.AddAgent(t, ten, "Ada Agent", frontlinev1.Role_ROLE_AGENT)
	bo := env.AddAgent(t, ten, "Bo Agent", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	shopCategories(t, ten.Clients)
	setAway(t, ten.Clients, true) // the admin does not take tickets

	// Off by default.
	if tk := newTicket(t, ten.Clients, "Where is my parcel?"); tk.GetAssigneeId() != "" {
		t.Fatalf("assigned with assignment off: %v", tk.GetAssigneeId())
	}

	setAssignment(t, ten.Clients, frontlinev1.AssignmentMode_ASSIGNMENT_MODE_ROUND_ROBIN)
	var got []string
	for range 4 {
		got = append(got, newTicket(t, ten.Clients, "Where is my parcel?").GetAssigneeId())
	}
	if got[0] == got[1] || got[0] != got[2] || got[1] != got[3] || got[0] == "" || got[1] == "" {
		t.Errorf("round robin gave %v; want the two agents in turn", got)
	}

	// Capacity: Ada holds at most her current load; Bo takes the rest.
	adaLoad := 0
	for _, id := range got {
		if id == ada.User.GetId() {
			adaLoad++
		}
	}
	must(ten.Clients.Identity.UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{UserId: ada.User.GetId(), Capacity: new(int32(adaLoad))}))(t)
	for range 3 {
		if id := newTicket(t, ten.Clients, "Where is my parcel?").GetAssigneeId(); id != bo.User.GetId() {
			t.Errorf("with Ada full, a ticket went to %q; want Bo", id)
		}
	}

	// Skills: Bo handles only Billing, so a repairs ticket waits.
	must(ten.Clients.Identity.UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{UserId: bo.User.GetId(),
		Skills: []string{"billing"}, SetSkills: true}))(t)
	if tk := newTicket(t, ten.Clients, "My brakes squeal and there is a crack in the frame"); tk.GetAssigneeId() != "" {
		t.Errorf("repairs ticket went to %q; want it unassigned (Ada full, Bo billing only)", tk.GetAssigneeId())
	}
	if tk := newTicket(t, ten.Clients, "I was charged twice, please send an invoice"); tk.GetAssigneeId() != bo.User.GetId() {
		t.Errorf("billing ticket went to %q; want Bo", tk.GetAssigneeId())
	}

	// Away agents get nothing; coming back picks up the waiting ticket.
	must(ten.Clients.Identity.UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{UserId: ada.User.GetId(), Capacity: new(int32(0))}))(t)
	setAway(t, ada.Clients, true)
	waiting := newTicket(t, ten.Clients, "The chain keeps falling off")
	if waiting.GetAssigneeId() != "" {
		t.Fatalf("ticket assigned to %q while the only repairs agent is away", waiting.GetAssigneeId())
	}
	setAway(t, ada.Clients, false)
	after := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: waiting.GetId()}))(t).GetTicket()
	if after.GetAssigneeId() != ada.User.GetId() {
		t.Errorf("after Ada came back the waiting ticket is assigned to %q; want Ada", after.GetAssigneeId())
	}
}

func TestAssign_LeastLoaded(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Load Co")
	ada := env.AddAgent(t, ten, "Ada Agent", frontlinev1.Role_ROLE_AGENT)
	bo := env.AddAgent(t, ten, "Bo Agent", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	setAway(t, ten.Clients, true)
	// Ada already holds two tickets.
	for range 2 {
		tk := newTicket(t, ten.Clients, "Hello")
		must(ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tk.GetId(), AssigneeId: new(ada.User.GetId())}))(t)
	}
	setAssignment(t, ten.Clients, frontlinev1.AssignmentMode_ASSIGNMENT_MODE_LEAST_LOADED)
	var got []string
	for range 3 {
		got = append(got, newTicket(t, ten.Clients, "Hello").GetAssigneeId())
	}
	want := []string{bo.User.GetId(), bo.User.GetId()}
	if got[0] != want[0] || got[1] != want[1] || got[2] == "" {
		t.Errorf("least loaded gave %v; want Bo twice to even out, then anyone", got)
	}
}

func TestAssign_ProfileValidationAndAccess(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Profile Co")
	agent := env.AddAgent(t, ten, "Avery Agent", frontlinev1.Role_ROLE_AGENT)
	other := env.RegisterCompany(t, "Other Co")
	ctx := t.Context()
	shopCategories(t, ten.Clients)
	for name, tc := range map[string]struct {
		req  *frontlinev1.UpdateAgentProfileRequest
		code connect.Code
	}{
		"negative capacity": {&frontlinev1.UpdateAgentProfileRequest{UserId: agent.User.GetId(), Capacity: new(int32(-1))}, connect.CodeInvalidArgument},
		"huge capacity":     {&frontlinev1.UpdateAgentProfileRequest{UserId: agent.User.GetId(), Capacity: new(int32(5000))}, connect.CodeInvalidArgument},
		"unknown skill":     {&frontlinev1.UpdateAgentProfileRequest{UserId: agent.User.GetId(), Skills: []string{"Knitting"}, SetSkills: true}, connect.CodeInvalidArgument},
		"other tenant user": {&frontlinev1.UpdateAgentProfileRequest{UserId: other.Admin.GetId(), Capacity: new(int32(3))}, connect.CodeNotFound},
	} {
		_, err := ten.Clients.Identity.UpdateAgentProfile(ctx, tc.req)
		wantCode(t, name, err, tc.code)
	}
	_, err := agent.Clients.Identity.UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{UserId: agent.User.GetId(), Capacity: new(int32(3))})
	wantCode(t, "agent sets own capacity", err, connect.CodePermissionDenied)
	_, err = agent.Clients.Identity.SetAvailability(ctx, &frontlinev1.SetAvailabilityRequest{})
	wantCode(t, "unspecified availability", err, connect.CodeInvalidArgument)
	u := must(ten.Clients.Identity.UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{UserId: agent.User.GetId(),
		Capacity: new(int32(5)), Skills: []string{"shipping", "Billing", "billing"}, SetSkills: true}))(t).GetUser()
	if u.GetCapacity() != 5 || len(u.GetSkills()) != 2 || u.GetSkills()[0] != "Billing" || u.GetSkills()[1] != "Shipping" {
		t.Errorf("profile = capacity %d skills %v; want 5 and [Billing Shipping]", u.GetCapacity(), u.GetSkills())
	}
}
