package server_test

import (
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func putField(t *testing.T, c servertest.Clients, f *frontlinev1.CustomField) (*frontlinev1.Setting, error) {
	t.Helper()
	res, err := c.Settings.PutSetting(t.Context(), &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
		Value: &frontlinev1.Setting_CustomField{CustomField: f}}})
	return res.GetSetting(), err
}

func TestCustomFields_DefinitionsValuesAndRequiredToResolve(t *testing.T) {
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Fields Co")
	ctx := t.Context()
	sel := &frontlinev1.CustomField{Key: "order_type", Label: " Order  type ", Type: frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_SELECT,
		Options: []string{"Online", "Shop", "online"}, RequiredToResolve: true}
	def := must(putField(t, ten.Clients, sel))(t)
	if f := def.GetCustomField(); f.GetLabel() != "Order type" || len(f.GetOptions()) != 2 {
		t.Errorf("stored field = %v; want tidy label and deduplicated options", f)
	}
	must(putField(t, ten.Clients, &frontlinev1.CustomField{Key: "frame_no", Label: "Frame number", Type: frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_TEXT}))(t)
	must(putField(t, ten.Clients, &frontlinev1.CustomField{Key: "refund", Label: "Refund", Type: frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_NUMBER}))(t)
	for name, tc := range map[string]struct {
		f     *frontlinev1.CustomField
		field string
	}{
		"bad key":         {&frontlinev1.CustomField{Key: "Order Type", Label: "X", Type: frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_TEXT}, "setting.custom_field.key"},
		"duplicate key":   {&frontlinev1.CustomField{Key: "frame_no", Label: "X", Type: frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_TEXT}, "setting.custom_field.key"},
		"no type":         {&frontlinev1.CustomField{Key: "x", Label: "X"}, "setting.custom_field.type"},
		"select, no opts": {&frontlinev1.CustomField{Key: "y", Label: "Y", Type: frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_SELECT}, "setting.custom_field.options"},
	} {
		_, err := putField(t, ten.Clients, tc.f)
		wantCode(t, name, err, connect.CodeInvalidArgument)
		if err != nil && !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %q does not name %s", name, err, tc.field)
		}
	}

	tk := env.CreateTicket(t, ten.Clients, "Frame question")
	for name, fields := range map[string]map[string]string{
		"unknown key":   {"colour": "red"},
		"not an option": {"order_type": "Phone"},
		"not a number":  {"refund": "ten euros"},
		"two lines":     {"frame_no": "A\nB"},
	} {
		_, err := ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tk.GetId(), CustomFields: fields})
		wantCode(t, name, err, connect.CodeInvalidArgument)
	}
	// Resolving without the required field is refused, with what to fill in.
	_, err := ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tk.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED.Enum()})
	wantCode(t, "resolve without order type", err, connect.CodeFailedPrecondition)
	if err != nil && !strings.Contains(err.Error(), "Order type") {
		t.Errorf("error %q does not name the missing field", err)
	}
	got := must(ten.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tk.GetId(),
		CustomFields: map[string]string{"order_type": "ONLINE", "refund": "12.50", "frame_no": " WN-1234 "},
		Status:       frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED.Enum()}))(t).GetTicket()
	want := map[string]string{"order_type": "Online", "refund": "12.5", "frame_no": "WN-1234"}
	for k, v := range want {
		if got.GetCustomFields()[k] != v {
			t.Errorf("custom_fields[%s] = %q; want %q", k, got.GetCustomFields()[k], v)
		}
	}
	if got.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED {
		t.Errorf("status %v; want resolved once the field is set", got.GetStatus())
	}

	// Through sync: a field set offline, a bad value rejected, and a
	// resolve without the required field rejected with its reason.
	tk2 := env.CreateTicket(t, ten.Clients, "Another")
	client := desk.NewID(time.Now())
	res := must(ten.Clients.Sync.Push(ctx, &frontlinev1.PushRequest{ClientId: client, Mutations: []*frontlinev1.Mutation{
		{Id: 1, Op: &frontlinev1.Mutation_SetStatus{SetStatus: &frontlinev1.SetStatusOp{TicketId: tk2.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED}}},
		{Id: 2, Op: &frontlinev1.Mutation_SetCustomField{SetCustomField: &frontlinev1.SetCustomFieldOp{TicketId: tk2.GetId(), Key: "refund", Value: "lots"}}},
		{Id: 3, Op: &frontlinev1.Mutation_SetCustomField{SetCustomField: &frontlinev1.SetCustomFieldOp{TicketId: tk2.GetId(), Key: "order_type", Value: "shop"}}},
		{Id: 4, Op: &frontlinev1.Mutation_SetStatus{SetStatus: &frontlinev1.SetStatusOp{TicketId: tk2.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED}}},
	}}))(t)
	r := res.GetResults()
	if len(r) != 4 || !r[0].GetRejected() || !strings.Contains(r[0].GetReason(), "Order type") || !r[1].GetRejected() || r[2].GetRejected() || r[3].GetRejected() {
		t.Fatalf("push results = %v; want the early resolve and the bad number rejected", r)
	}
	got = must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: tk2.GetId()}))(t).GetTicket()
	if got.GetCustomFields()["order_type"] != "Shop" || got.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED {
		t.Errorf("after push: fields %v status %v; want Shop and resolved", got.GetCustomFields(), got.GetStatus())
	}
}
