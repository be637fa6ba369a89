package server_test

import (
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

func TestTickets_Lifecycle(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Tickets")
	agent := env.AddAgent(t, ten, "Tia Agent", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	c := agent.Clients

	created := must(c.Tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
		Subject:  "Wrong size frame",
		Body:     "I ordered a medium and got a large.",
		Customer: &frontlinev1.Customer{Name: "Lee", Email: "Lee@Example.com"},
		Tags:     []string{"Orders", "sizing", "orders"},
	}))(t).GetTicket()
	want := &frontlinev1.Ticket{
		Subject:      "Wrong size frame",
		Status:       frontlinev1.TicketStatus_TICKET_STATUS_NEW,
		Priority:     frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL,
		Tags:         []string{"orders", "sizing"},
		Customer:     &frontlinev1.Customer{Name: "Lee", Email: "lee@example.com"},
		Channel:      frontlinev1.Channel_CHANNEL_DESK,
		MessageCount: 1,
		Number:       created.GetNumber(),
	}
	got := proto.Clone(created).(*frontlinev1.Ticket)
	got.Id, got.CreateTime, got.UpdateTime, got.LastCustomerMessageTime = "", nil, nil, nil
	// Triage is checked in triage_test.go; here only that it ran.
	if got.GetTriage().GetTriageTime() == nil || got.GetTriage().GetLanguage().GetLabel() != "en" {
		t.Errorf("CreateTicket triage = %v; want a triaged English ticket", got.GetTriage())
	}
	got.Triage = nil
	if diff := cmp.Diff(want, got, cmpProto()); diff != "" {
		t.Errorf("CreateTicket mismatch (-want +got):\n%s", diff)
	}
	if created.GetNumber() < 1 {
		t.Errorf("number = %d; want a display number", created.GetNumber())
	}

	upd := must(c.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{
		Id:         created.GetId(),
		Priority:   frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT.Enum(),
		AssigneeId: proto.String(agent.User.GetId()),
		AddTags:    []string{"Refund"},
		RemoveTags: []string{"sizing"},
	}))(t).GetTicket()
	if diff := cmp.Diff([]string{"orders", "refund"}, upd.GetTags()); diff != "" {
		t.Errorf("tags mismatch (-want +got):\n%s", diff)
	}
	if upd.GetAssigneeId() != agent.User.GetId() || upd.GetPriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT {
		t.Errorf("update = %v", upd)
	}

	note := must(c.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: created.GetId(), Body: "check stock", Internal: true}))(t)
	if note.GetTicket().GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_NEW {
		t.Errorf("status after note = %v; want new", note.GetTicket().GetStatus())
	}
	if note.GetMessage().GetAuthorId() != agent.User.GetId() || note.GetMessage().GetAuthorName() != "Tia Agent" {
		t.Errorf("note author = %v", note.GetMessage())
	}
	reply := must(c.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: created.GetId(), Body: "We'll swap it."}))(t)
	if reply.GetTicket().GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_OPEN || reply.GetTicket().GetMessageCount() != 3 {
		t.Errorf("after reply = %v; want open with 3 messages", reply.GetTicket())
	}

	must(c.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: created.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_CLOSED.Enum()}))(t)
	_, err := c.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: created.GetId(), Status: frontlinev1.TicketStatus_TICKET_STATUS_OPEN.Enum()})
	wantCode(t, "reopen closed", err, connect.CodeFailedPrecondition)

	// Unassign.
	un := must(c.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: created.GetId(), AssigneeId: proto.String("")}))(t)
	if un.GetTicket().GetAssigneeId() != "" {
		t.Errorf("assignee = %q; want none", un.GetTicket().GetAssigneeId())
	}
}

func TestTickets_ListFiltersAndPages(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Paging")
	ctx := t.Context()
	c := ten.Clients
	var ids []string
	for _, s := range []string{"one", "two", "three", "four", "five"} {
		ids = append(ids, env.CreateTicket(t, c, s).GetId())
	}
	must(c.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: ids[0], Status: frontlinev1.TicketStatus_TICKET_STATUS_PENDING.Enum(), AddTags: []string{"vip"}}))(t)

	seen := map[string]bool{}
	tok := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		res := must(c.Tickets.ListTickets(ctx, &frontlinev1.ListTicketsRequest{PageSize: 2, PageToken: tok}))(t)
		if len(res.GetTickets()) > 2 {
			t.Errorf("page has %d tickets; want at most 2", len(res.GetTickets()))
		}
		for _, tk := range res.GetTickets() {
			if seen[tk.GetId()] {
				t.Errorf("ticket %s listed twice", tk.GetId())
			}
			seen[tk.GetId()] = true
		}
		if tok = res.GetNextPageToken(); tok == "" {
			break
		}
	}
	if len(seen) != 5 {
		t.Errorf("listed %d tickets; want 5", len(seen))
	}
	pending := must(c.Tickets.ListTickets(ctx, &frontlinev1.ListTicketsRequest{Statuses: []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_PENDING}}))(t)
	if len(pending.GetTickets()) != 1 || pending.GetTickets()[0].GetId() != ids[0] {
		t.Errorf("pending filter = %v; want only %s", pending.GetTickets(), ids[0])
	}
	vip := must(c.Tickets.ListTickets(ctx, &frontlinev1.ListTicketsRequest{Tag: "VIP"}))(t)
	if len(vip.GetTickets()) != 1 {
		t.Errorf("tag filter found %d; want 1", len(vip.GetTickets()))
	}
}

func TestKnowledge_CRUDAndStaleRevision(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "KB")
	agent := env.AddAgent(t, ten, "Kim Agent", frontlinev1.Role_ROLE_AGENT)
	ctx := t.Context()
	a := must(ten.Clients.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: "Returns", Body: "30 days.", Tags: []string{"Returns"}}))(t).GetArticle()
	if a.GetStatus() != frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT || a.GetRevision() != 1 {
		t.Errorf("new article = %v; want a draft at revision 1", a)
	}
	// Agents read.
	got := must(agent.Clients.Knowledge.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: a.GetId()}))(t).GetArticle()
	if diff := cmp.Diff(a, got, cmpProto()); diff != "" {
		t.Errorf("GetArticle mismatch (-want +got):\n%s", diff)
	}
	up := must(ten.Clients.Knowledge.UpdateArticle(ctx, &frontlinev1.UpdateArticleRequest{
		Id: a.GetId(), BaseRevision: 1, Title: "Returns policy", Body: "30 days, unused.", Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
	}))(t).GetArticle()
	if up.GetRevision() != 2 || up.GetStatus() != frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED {
		t.Errorf("updated = %v; want published revision 2", up)
	}
	_, err := ten.Clients.Knowledge.UpdateArticle(ctx, &frontlinev1.UpdateArticleRequest{Id: a.GetId(), BaseRevision: 1, Title: "Stale", Body: "x"})
	wantCode(t, "stale revision", err, connect.CodeAborted)

	list := must(agent.Clients.Knowledge.ListArticles(ctx, &frontlinev1.ListArticlesRequest{Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED}))(t)
	if len(list.GetArticles()) != 1 {
		t.Errorf("published list has %d; want 1", len(list.GetArticles()))
	}
	must(ten.Clients.Knowledge.DeleteArticle(ctx, &frontlinev1.DeleteArticleRequest{Id: a.GetId()}))(t)
	_, err = ten.Clients.Knowledge.GetArticle(ctx, &frontlinev1.GetArticleRequest{Id: a.GetId()})
	wantCode(t, "get deleted", err, connect.CodeNotFound)
}
