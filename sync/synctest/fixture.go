package synctest

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// Member is a user with a desk session token.
type Member struct {
	User  *frontlinev1.User
	Token string
}

// Tenant is a company written straight into a store (no password hashing,
// so fixtures are fast), with users signed in.
type Tenant struct {
	ID      string
	Members []Member
}

// NewTenant creates a company with an admin and agents (roles[0] is the
// first user's role) and a session for each.
func NewTenant(ctx context.Context, st store.Store, name string, roles ...frontlinev1.Role) (Tenant, error) {
	now := time.Now()
	c := &frontlinev1.Company{Id: desk.NewID(now), Name: name, CreateTime: timestamppb.New(now)}
	t := Tenant{ID: c.GetId()}
	for i, r := range roles {
		u := &frontlinev1.User{Id: desk.NewID(now), Email: fmt.Sprintf("user%d@%s.test", i, c.GetId()[:8]),
			Name: fmt.Sprintf("User %d", i), Role: r, Active: true, CreateTime: timestamppb.New(now)}
		cred := store.Credential{PasswordHash: "x"}
		var err error
		if i == 0 {
			err = st.CreateCompany(ctx, c, u, cred)
		} else {
			err = st.CreateUser(ctx, c.GetId(), u, cred)
		}
		if err != nil {
			return t, fmt.Errorf("synctest: create user: %w", err)
		}
		tok := desk.NewToken("fls_")
		err = st.CreateSession(ctx, store.Session{TokenHash: desk.HashToken(tok), Kind: store.SessionDesk,
			TenantID: c.GetId(), UserID: u.GetId(), CreateTime: now, ExpireTime: now.Add(24 * time.Hour)})
		if err != nil {
			return t, fmt.Errorf("synctest: create session: %w", err)
		}
		t.Members = append(t.Members, Member{User: u, Token: tok})
	}
	return t, nil
}

// NewTicket writes a ticket with a customer's first message into the store.
func NewTicket(ctx context.Context, st store.Store, tenantID, subject string, at time.Time) (*frontlinev1.Ticket, error) {
	ts := timestamppb.New(at)
	t := &frontlinev1.Ticket{Id: desk.NewID(at), Subject: subject, Status: frontlinev1.TicketStatus_TICKET_STATUS_NEW,
		Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL, Customer: &frontlinev1.Customer{Name: "Casey", Email: "casey@example.com"},
		Channel: frontlinev1.Channel_CHANNEL_DESK, MessageCount: 1, CreateTime: ts, UpdateTime: ts, LastCustomerMessageTime: ts}
	m := &frontlinev1.Message{Id: desk.NewID(at), TicketId: t.GetId(), AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		AuthorName: "Casey", Body: "Help with " + subject, CreateTime: ts}
	return st.CreateTicket(ctx, tenantID, t, m)
}

// CustomerMessage appends a customer message as the widget would.
func CustomerMessage(ctx context.Context, st store.Store, tenantID, ticketID, body string, at time.Time) error {
	ts := timestamppb.New(at)
	m := &frontlinev1.Message{Id: desk.NewID(at), TicketId: ticketID, AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		AuthorName: "Casey", Body: body, CreateTime: ts}
	_, err := st.AddMessage(ctx, tenantID, m, func(t *frontlinev1.Ticket) error {
		t.MessageCount++
		t.UpdateTime, t.LastCustomerMessageTime = ts, ts
		t.Status = desk.StatusAfterCustomerMessage(t.GetStatus())
		return nil
	})
	return err
}

// NewArticle writes a published article.
func NewArticle(ctx context.Context, st store.Store, tenantID, title string, at time.Time) (*frontlinev1.Article, error) {
	a := &frontlinev1.Article{Id: desk.NewID(at), Title: title, Body: "Body of " + title, Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
		Revision: 1, CreateTime: timestamppb.New(at), UpdateTime: timestamppb.New(at)}
	return a, st.CreateArticle(ctx, tenantID, a)
}

// ServerRows returns what a user may see of a tenant, by replica.RowName.
func ServerRows(ctx context.Context, st store.Store, tenantID string, scope store.SnapshotScope, name func(*frontlinev1.Change) (string, bool), value func(*frontlinev1.Change) string) (map[string]string, error) {
	out := map[string]string{}
	pos := store.SnapshotPos{}
	for {
		rows, next, done, err := st.Snapshot(ctx, tenantID, scope, pos, 1000)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if n, ok := name(r); ok {
				out[n] = value(r)
			}
		}
		if done {
			return out, nil
		}
		pos = next
	}
}
