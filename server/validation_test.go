package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// badInput is one malformed request and the field its error must name.
type badInput struct {
	name  string
	field string
	call  func(ctx context.Context) error
}

func TestValidation_BadInputs(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	f := newFixture(t, env, "Valid")
	admin, anon, conv := f.ten.Clients, env.Clients(""), f.conv.Clients
	tk, art, user := f.ticket.GetId(), f.article.GetId(), f.agent.User.GetId()
	key := f.ten.Company.GetWidgetKey()
	long := func(n int) string { return strings.Repeat("x", n) }
	manyTags := make([]string, 21)
	for i := range manyTags {
		manyTags[i] = "tag" + long(i)
	}
	cust := &frontlinev1.Customer{Name: "Nia", Email: "nia@example.com"}
	const badStatus = frontlinev1.TicketStatus(99)
	const badPrio = frontlinev1.TicketPriority(99)

	reg := func(name, admin, mail, pw string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := anon.Identity.RegisterCompany(ctx, &frontlinev1.RegisterCompanyRequest{CompanyName: name, AdminName: admin, Email: mail, Password: pw})
			return err
		}
	}
	login := func(co, mail, pw string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := anon.Identity.Login(ctx, &frontlinev1.LoginRequest{CompanyName: co, Email: mail, Password: pw})
			return err
		}
	}
	accept := func(tok, name, pw string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := anon.Identity.AcceptInvite(ctx, &frontlinev1.AcceptInviteRequest{InviteToken: tok, Name: name, Password: pw})
			return err
		}
	}
	createTicket := func(r *frontlinev1.CreateTicketRequest) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := admin.Tickets.CreateTicket(ctx, r); return err }
	}
	listTickets := func(r *frontlinev1.ListTicketsRequest) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := admin.Tickets.ListTickets(ctx, r); return err }
	}
	updateTicket := func(r *frontlinev1.UpdateTicketRequest) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := admin.Tickets.UpdateTicket(ctx, r); return err }
	}
	addMessage := func(id, body string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := admin.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: body})
			return err
		}
	}
	createArticle := func(r *frontlinev1.CreateArticleRequest) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := admin.Knowledge.CreateArticle(ctx, r); return err }
	}
	updateArticle := func(r *frontlinev1.UpdateArticleRequest) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := admin.Knowledge.UpdateArticle(ctx, r); return err }
	}
	start := func(r *frontlinev1.StartConversationRequest) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := anon.Widget.StartConversation(ctx, r); return err }
	}
	startReq := func(mod func(r *frontlinev1.StartConversationRequest)) *frontlinev1.StartConversationRequest {
		r := &frontlinev1.StartConversationRequest{WidgetKey: key, Name: "Nia", Email: "nia@example.com", Description: "Help"}
		mod(r)
		return r
	}

	tests := []badInput{
		{"register_empty_company", "company_name", reg("", "A", "a@example.com", servertest.Password)},
		{"register_short_company", "company_name", reg("A", "A", "a@example.com", servertest.Password)},
		{"register_long_company", "company_name", reg(long(81), "A", "a@example.com", servertest.Password)},
		{"register_multiline_company", "company_name", reg("Two\nLines", "A", "a@example.com", servertest.Password)},
		{"register_empty_admin", "admin_name", reg("Good Co", "  ", "a@example.com", servertest.Password)},
		{"register_bad_email", "email", reg("Good Co", "A", "not-an-email", servertest.Password)},
		{"register_named_email", "email", reg("Good Co", "A", "A <a@example.com>", servertest.Password)},
		{"register_short_password", "password", reg("Good Co", "A", "a@example.com", "short")},
		{"register_long_password", "password", reg("Good Co", "A", "a@example.com", long(201))},
		{"login_empty_company", "company_name", login("", "a@example.com", "pw")},
		{"login_empty_email", "email", login("Co", "", "pw")},
		{"login_long_email", "email", login("Co", long(300), "pw")},
		{"login_empty_password", "password", login("Co", "a@example.com", "")},
		{"invite_bad_email", "email", func(ctx context.Context) error {
			_, err := admin.Identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: "@example.com"})
			return err
		}},
		{"invite_bad_role", "role", func(ctx context.Context) error {
			_, err := admin.Identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: "b@example.com", Role: 99})
			return err
		}},
		{"accept_empty_token", "invite_token", accept("", "N", servertest.Password)},
		{"accept_wrong_prefix", "invite_token", accept("fls_abc", "N", servertest.Password)},
		{"accept_long_token", "invite_token", accept("fli_"+long(300), "N", servertest.Password)},
		{"accept_empty_name", "name", accept("fli_abc", "", servertest.Password)},
		{"accept_short_password", "password", accept("fli_abc", "N", "short")},
		{"set_role_empty_id", "user_id", func(ctx context.Context) error {
			_, err := admin.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{Role: frontlinev1.Role_ROLE_AGENT})
			return err
		}},
		{"set_role_bad_id", "user_id", func(ctx context.Context) error {
			_, err := admin.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: "../../etc", Role: frontlinev1.Role_ROLE_AGENT})
			return err
		}},
		{"set_role_unspecified", "role", func(ctx context.Context) error {
			_, err := admin.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: user})
			return err
		}},
		{"set_role_99", "role", func(ctx context.Context) error {
			_, err := admin.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: user, Role: 99})
			return err
		}},
		{"deactivate_bad_id", "user_id", func(ctx context.Context) error {
			_, err := admin.Identity.DeactivateUser(ctx, &frontlinev1.DeactivateUserRequest{UserId: tk + "0"})
			return err
		}},
		{"create_ticket_empty_subject", "subject", createTicket(&frontlinev1.CreateTicketRequest{Body: "b", Customer: cust})},
		{"create_ticket_long_subject", "subject", createTicket(&frontlinev1.CreateTicketRequest{Subject: long(201), Body: "b", Customer: cust})},
		{"create_ticket_empty_body", "body", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Customer: cust})},
		{"create_ticket_long_body", "body", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: long(20001), Customer: cust})},
		{"create_ticket_no_customer", "customer", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b"})},
		{"create_ticket_no_customer_name", "customer.name", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: &frontlinev1.Customer{Email: "c@example.com"}})},
		{"create_ticket_bad_email", "customer.email", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: &frontlinev1.Customer{Name: "C", Email: "c@"}})},
		{"create_ticket_bad_priority", "priority", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: cust, Priority: badPrio})},
		{"create_ticket_too_many_tags", "tags", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: cust, Tags: manyTags})},
		{"create_ticket_long_tag", "tags", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: cust, Tags: []string{long(41)}})},
		{"create_ticket_empty_tag", "tags", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: cust, Tags: []string{" "}})},
		{"create_ticket_spaced_tag", "tags", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: cust, Tags: []string{"two words"}})},
		{"create_ticket_long_product", "product", createTicket(&frontlinev1.CreateTicketRequest{Subject: "s", Body: "b", Customer: cust, Product: long(101)})},
		{"get_ticket_empty_id", "id", func(ctx context.Context) error {
			_, err := admin.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{})
			return err
		}},
		{"get_ticket_bad_id", "id", func(ctx context.Context) error {
			_, err := admin.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: "1042"})
			return err
		}},
		{"list_tickets_bad_status", "statuses", listTickets(&frontlinev1.ListTicketsRequest{Statuses: []frontlinev1.TicketStatus{badStatus}})},
		{"list_tickets_unspecified_status", "statuses", listTickets(&frontlinev1.ListTicketsRequest{Statuses: []frontlinev1.TicketStatus{0}})},
		{"list_tickets_bad_priority", "priority", listTickets(&frontlinev1.ListTicketsRequest{Priority: badPrio})},
		{"list_tickets_page_size_500", "page_size", listTickets(&frontlinev1.ListTicketsRequest{PageSize: 500})},
		{"list_tickets_page_size_negative", "page_size", listTickets(&frontlinev1.ListTicketsRequest{PageSize: -1})},
		{"list_tickets_bad_page_token", "page_token", listTickets(&frontlinev1.ListTicketsRequest{PageToken: "!!not a token!!"})},
		{"list_tickets_long_page_token", "page_token", listTickets(&frontlinev1.ListTicketsRequest{PageToken: long(600)})},
		{"list_tickets_bad_assignee", "assignee_id", listTickets(&frontlinev1.ListTicketsRequest{AssigneeId: "me"})},
		{"list_tickets_assignee_and_unassigned", "unassigned", listTickets(&frontlinev1.ListTicketsRequest{AssigneeId: user, Unassigned: true})},
		{"list_tickets_long_tag", "tag", listTickets(&frontlinev1.ListTicketsRequest{Tag: long(41)})},
		{"update_ticket_bad_id", "id", updateTicket(&frontlinev1.UpdateTicketRequest{Id: "zz"})},
		{"update_ticket_status_99", "status", updateTicket(&frontlinev1.UpdateTicketRequest{Id: tk, Status: badStatus.Enum()})},
		{"update_ticket_status_unspecified", "status", updateTicket(&frontlinev1.UpdateTicketRequest{Id: tk, Status: frontlinev1.TicketStatus_TICKET_STATUS_UNSPECIFIED.Enum()})},
		{"update_ticket_priority_99", "priority", updateTicket(&frontlinev1.UpdateTicketRequest{Id: tk, Priority: badPrio.Enum()})},
		{"update_ticket_bad_assignee", "assignee_id", updateTicket(&frontlinev1.UpdateTicketRequest{Id: tk, AssigneeId: proto.String("nobody")})},
		{"update_ticket_long_tag", "add_tags", updateTicket(&frontlinev1.UpdateTicketRequest{Id: tk, AddTags: []string{long(41)}})},
		{"update_ticket_too_many_tags", "add_tags", updateTicket(&frontlinev1.UpdateTicketRequest{Id: tk, AddTags: manyTags})},
		{"update_ticket_bad_remove_tag", "remove_tags", updateTicket(&frontlinev1.UpdateTicketRequest{Id: tk, RemoveTags: []string{""}})},
		{"add_message_bad_id", "ticket_id", addMessage("x", "hello")},
		{"add_message_empty_body", "body", addMessage(tk, "")},
		{"add_message_blank_body", "body", addMessage(tk, " \n\t ")},
		{"add_message_long_body", "body", addMessage(tk, long(20001))},
		{"create_article_empty_title", "title", createArticle(&frontlinev1.CreateArticleRequest{Body: "b"})},
		{"create_article_long_title", "title", createArticle(&frontlinev1.CreateArticleRequest{Title: long(201), Body: "b"})},
		{"create_article_empty_body", "body", createArticle(&frontlinev1.CreateArticleRequest{Title: "t"})},
		{"create_article_long_body", "body", createArticle(&frontlinev1.CreateArticleRequest{Title: "t", Body: long(200001)})},
		{"create_article_bad_status", "status", createArticle(&frontlinev1.CreateArticleRequest{Title: "t", Body: "b", Status: 99})},
		{"create_article_too_many_tags", "tags", createArticle(&frontlinev1.CreateArticleRequest{Title: "t", Body: "b", Tags: manyTags})},
		{"get_article_bad_id", "id", func(ctx context.Context) error {
			_, err := admin.Knowledge.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: strings.ToUpper(art) + "g"})
			return err
		}},
		{"list_articles_bad_status", "status", func(ctx context.Context) error {
			_, err := admin.Knowledge.ListArticles(ctx, &frontlinev1.ListArticlesRequest{Status: 99})
			return err
		}},
		{"list_articles_page_size_500", "page_size", func(ctx context.Context) error {
			_, err := admin.Knowledge.ListArticles(ctx, &frontlinev1.ListArticlesRequest{PageSize: 500})
			return err
		}},
		{"list_articles_bad_page_token", "page_token", func(ctx context.Context) error {
			_, err := admin.Knowledge.ListArticles(ctx, &frontlinev1.ListArticlesRequest{PageToken: "AAAA"})
			return err
		}},
		{"update_article_bad_id", "id", updateArticle(&frontlinev1.UpdateArticleRequest{Id: "", BaseRevision: 1, Title: "t", Body: "b"})},
		{"update_article_no_base", "base_revision", updateArticle(&frontlinev1.UpdateArticleRequest{Id: art, Title: "t", Body: "b"})},
		{"update_article_empty_title", "title", updateArticle(&frontlinev1.UpdateArticleRequest{Id: art, BaseRevision: 1, Body: "b"})},
		{"update_article_bad_status", "status", updateArticle(&frontlinev1.UpdateArticleRequest{Id: art, BaseRevision: 1, Title: "t", Body: "b", Status: 99})},
		{"delete_article_bad_id", "id", func(ctx context.Context) error {
			_, err := admin.Knowledge.DeleteArticle(ctx, &frontlinev1.DeleteArticleRequest{Id: "abc"})
			return err
		}},
		{"widget_config_empty_key", "widget_key", func(ctx context.Context) error {
			_, err := anon.Widget.GetWidgetConfig(ctx, &frontlinev1.GetWidgetConfigRequest{})
			return err
		}},
		{"widget_config_wrong_prefix", "widget_key", func(ctx context.Context) error {
			_, err := anon.Widget.GetWidgetConfig(ctx, &frontlinev1.GetWidgetConfigRequest{WidgetKey: "fls_session"})
			return err
		}},
		{"start_bad_key", "widget_key", start(startReq(func(r *frontlinev1.StartConversationRequest) { r.WidgetKey = "x" }))},
		{"start_empty_name", "name", start(startReq(func(r *frontlinev1.StartConversationRequest) { r.Name = "" }))},
		{"start_long_name", "name", start(startReq(func(r *frontlinev1.StartConversationRequest) { r.Name = long(101) }))},
		{"start_bad_email", "email", start(startReq(func(r *frontlinev1.StartConversationRequest) { r.Email = "nia at example" }))},
		{"start_long_product", "product", start(startReq(func(r *frontlinev1.StartConversationRequest) { r.Product = long(101) }))},
		{"start_empty_description", "description", start(startReq(func(r *frontlinev1.StartConversationRequest) { r.Description = "" }))},
		{"start_long_description", "description", start(startReq(func(r *frontlinev1.StartConversationRequest) { r.Description = long(5001) }))},
		{"send_empty_body", "body", func(ctx context.Context) error {
			_, err := conv.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{})
			return err
		}},
		{"send_long_body", "body", func(ctx context.Context) error {
			_, err := conv.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: long(5001)})
			return err
		}},
		{"watch_bad_after_id", "after_message_id", func(ctx context.Context) error {
			return drain(conv.Widget.WatchConversation(ctx, &frontlinev1.WatchConversationRequest{AfterMessageId: "last"}))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(t.Context())
			wantCode(t, tt.name, err, connect.CodeInvalidArgument)
			if ce := new(connect.Error); errorAs(err, &ce) && !strings.HasPrefix(ce.Message(), tt.field+":") {
				t.Errorf("message %q does not name field %q", ce.Message(), tt.field)
			}
		})
	}
}

// TestSync_RequiresClientID: Push and Pull name the caller's replica.
func TestSync_RequiresClientID(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Sync")
	ctx := t.Context()
	_, errPush := ten.Clients.Sync.Push(ctx, &frontlinev1.PushRequest{})
	_, errPull := ten.Clients.Sync.Pull(ctx, &frontlinev1.PullRequest{})
	for name, err := range map[string]error{"push": errPush, "pull": errPull} {
		wantCode(t, name, err, connect.CodeInvalidArgument)
	}
}

// TestValidation_MalformedBodies posts broken JSON and protobuf bodies to
// every unary procedure and expects invalid_argument, never internal.
func TestValidation_MalformedBodies(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Bodies")
	conv := env.StartConversation(t, ten, "Broken bodies")
	tokenFor := func(proc string) string {
		if slices.Contains(conversationProcs, proc) {
			return conv.Token
		}
		return ten.AdminToken
	}
	bodies := []struct {
		name, contentType string
		body              []byte
	}{
		{"json_truncated", "application/json", []byte(`{"subject": "x`)},
		{"json_array", "application/json", []byte(`[1,2,3]`)},
		{"json_string", "application/json", []byte(`"hello"`)},
		{"json_missing_value", "application/json", []byte(`{"a":}`)},
		{"proto_garbage", "application/proto", []byte{0xff, 0xff, 0xff, 0xff, 0x0f}},
		{"proto_truncated_field", "application/proto", []byte{0x0a, 0x20, 'a'}},
	}
	for _, proc := range allProcedures(t) {
		if slices.Contains([]string{"/frontline.v1.WidgetService/WatchConversation", "/frontline.v1.SyncService/Subscribe"}, proc) {
			continue // streams: see TestValidation_MalformedStreamBody
		}
		for _, b := range bodies {
			t.Run(strings.ReplaceAll(strings.TrimPrefix(proc, "/frontline.v1."), "/", "_")+"_"+b.name, func(t *testing.T) {
				req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL+proc, bytes.NewReader(b.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", b.contentType)
				req.Header.Set("Authorization", "Bearer "+tokenFor(proc))
				res, err := env.HTTPClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				raw, _ := io.ReadAll(res.Body)
				var got struct{ Code string }
				_ = json.Unmarshal(raw, &got)
				if got.Code != "invalid_argument" {
					t.Errorf("POST %s %s: status %d body %s; want invalid_argument", proc, b.name, res.StatusCode, raw)
				}
			})
		}
	}
}

func TestValidation_OversizedBody(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Big")
	_, err := ten.Clients.Knowledge.CreateArticle(t.Context(), &frontlinev1.CreateArticleRequest{Title: "t", Body: strings.Repeat("x", 2<<20)})
	wantCode(t, "2 MiB article", err, connect.CodeResourceExhausted)
}

// TestValidation_WrongJSONTypes posts well-formed JSON whose values have the
// wrong type or name no enum value.
func TestValidation_WrongJSONTypes(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Types")
	for _, tt := range []struct {
		name, proc, body string
		proto            bool
	}{
		{"id_number", "/frontline.v1.TicketService/GetTicket", `{"id": 12}`, false},
		{"role_unknown", "/frontline.v1.IdentityService/SetRole", `{"userId": "00000000000000000000000000000000", "role": "ROLE_EMPEROR"}`, false},
		{"status_unknown", "/frontline.v1.TicketService/ListTickets", `{"statuses": [99]}`, false},
		{"body_bad_utf8_proto", "/frontline.v1.TicketService/AddMessage", "\x0a\x20" + strings.Repeat("0", 32) + "\x12\x02\xff\xfe", true},
		{"page_size_string", "/frontline.v1.TicketService/ListTickets", `{"pageSize": "big"}`, false},
		{"page_size_overflow", "/frontline.v1.KnowledgeService/ListArticles", `{"pageSize": 99999999999}`, false},
		{"tags_object", "/frontline.v1.TicketService/CreateTicket", `{"tags": {"a": 1}}`, false},
		{"internal_string", "/frontline.v1.TicketService/AddMessage", `{"internal": "yes"}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL+tt.proc, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tt.proto {
				req.Header.Set("Content-Type", "application/proto")
			}
			req.Header.Set("Authorization", "Bearer "+ten.AdminToken)
			res, err := env.HTTPClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			var got struct{ Code string }
			_ = json.Unmarshal(raw, &got)
			if got.Code != "invalid_argument" {
				t.Errorf("POST %s %q: status %d body %s; want invalid_argument", tt.proc, tt.body, res.StatusCode, raw)
			}
		})
	}
}
