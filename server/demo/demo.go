// Package demo loads the Northwind Bikes demo tenant: an admin, two agents,
// a knowledge base and a few dozen tickets in every status with realistic
// threads. Loading is idempotent: it does nothing when the company exists.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/password"
	"github.com/frontlinedesk/frontline/server/store"
)

// The demo tenant's fixed values (shared with the widget demo page and the
// desktop app's tests).
const (
	CompanyName = "Northwind Bikes"
	WidgetKey   = "flw_demo_northwind_bikes"
	Password    = "frontline-demo"
)

// Login is a demo user's sign-in.
type Login struct {
	Name, Email string
	Role        frontlinev1.Role
}

// Logins are the demo users; all share Password.
var Logins = []Login{
	{"Ada Park", "ada@northwind.test", frontlinev1.Role_ROLE_ADMIN},
	{"Maya Chen", "maya@northwind.test", frontlinev1.Role_ROLE_AGENT},
	{"Sam Ortiz", "sam@northwind.test", frontlinev1.Role_ROLE_AGENT},
}

// Load creates the demo tenant in st unless a company of that name exists.
// It reports whether it created it. Ticket times are spread over the two
// weeks before now.
func Load(ctx context.Context, st store.Store, now time.Time) (bool, error) {
	switch _, err := st.CompanyByName(ctx, CompanyName); {
	case err == nil:
		return false, nil
	case !errors.Is(err, desk.ErrNotFound):
		return false, fmt.Errorf("demo: find company: %w", err)
	}
	start := now.Add(-14 * 24 * time.Hour)
	company := &frontlinev1.Company{
		Id:         desk.NewID(start),
		Name:       CompanyName,
		WidgetKey:  WidgetKey,
		CreateTime: timestamppb.New(start),
	}
	users := make(map[string]*frontlinev1.User, len(Logins)) // by first name
	for i, l := range Logins {
		hash, err := password.Hash(Password)
		if err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
		u := &frontlinev1.User{
			Id:         desk.NewID(start),
			Email:      l.Email,
			Name:       l.Name,
			Role:       l.Role,
			Active:     true,
			CreateTime: timestamppb.New(start.Add(time.Duration(i) * time.Hour)),
		}
		cred := store.Credential{PasswordHash: hash}
		if i == 0 {
			if err := st.CreateCompany(ctx, company, u, cred); err != nil {
				return false, fmt.Errorf("demo: create company: %w", err)
			}
		} else if err := st.CreateUser(ctx, company.GetId(), u, cred); err != nil {
			return false, fmt.Errorf("demo: create user %s: %w", l.Email, err)
		}
		users[firstName(l.Name)] = u
	}
	ada := users["Ada"]
	for i, a := range articles {
		at := start.Add(time.Duration(2+i) * time.Hour)
		art := &frontlinev1.Article{
			Id:         desk.NewID(at),
			Title:      a.title,
			Body:       a.body,
			Tags:       a.tags,
			Status:     frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED,
			Revision:   1,
			AuthorId:   ada.GetId(),
			CreateTime: timestamppb.New(at),
			UpdateTime: timestamppb.New(at),
		}
		if a.draft {
			art.Status = frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT
		}
		if err := st.CreateArticle(ctx, company.GetId(), art); err != nil {
			return false, fmt.Errorf("demo: create article %q: %w", a.title, err)
		}
	}
	for _, v := range settings(func() string { return desk.NewID(start) }) {
		v.UpdateTime, v.UpdateUserId = timestamppb.New(start.Add(time.Hour)), ada.GetId()
		if err := st.PutSetting(ctx, company.GetId(), v); err != nil {
			return false, fmt.Errorf("demo: setting: %w", err)
		}
	}
	for i, tk := range tickets {
		// Spread tickets over the fortnight, oldest first, so display
		// numbers follow creation time.
		opened := start.Add(time.Duration(i) * (13 * 24 * time.Hour) / time.Duration(len(tickets))).Add(6 * time.Hour)
		if err := loadTicket(ctx, st, company.GetId(), users, tk, opened); err != nil {
			return false, err
		}
	}
	// The demo tenant's bot answers from the knowledge base above.
	if err := st.PutWidgetSettings(ctx, company.GetId(), &frontlinev1.WidgetSettings{BotEnabled: true}); err != nil {
		return false, fmt.Errorf("demo: widget settings: %w", err)
	}
	return true, nil
}

func firstName(full string) string {
	for i, r := range full {
		if r == ' ' {
			return full[:i]
		}
	}
	return full
}

func loadTicket(ctx context.Context, st store.Store, tenantID string, users map[string]*frontlinev1.User, d ticket, opened time.Time) error {
	at := opened
	t := &frontlinev1.Ticket{
		Id:       desk.NewID(at),
		Subject:  d.subject,
		Status:   frontlinev1.TicketStatus_TICKET_STATUS_NEW,
		Priority: d.priority,
		Tags:     d.tags,
		Customer: &frontlinev1.Customer{Name: d.customer, Email: d.email},
		Product:  d.product,
		Channel:  d.channel,
		// Counted by CreateTicket's first message and each AddMessage below.
		MessageCount:            1,
		CreateTime:              timestamppb.New(at),
		UpdateTime:              timestamppb.New(at),
		LastCustomerMessageTime: timestamppb.New(at),
	}
	if d.assignee != "" {
		t.AssigneeId = users[d.assignee].GetId()
	}
	if t.Priority == frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED {
		t.Priority = frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL
	} else {
		// An agent chose this priority; the server's triage keeps it.
		t.Triage = &frontlinev1.TicketTriage{Corrected: []string{desk.TriagePriority}}
	}
	if t.Channel == frontlinev1.Channel_CHANNEL_UNSPECIFIED {
		t.Channel = frontlinev1.Channel_CHANNEL_WIDGET
	}
	first := &frontlinev1.Message{
		Id:         desk.NewID(at),
		TicketId:   t.GetId(),
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		AuthorName: d.customer,
		Body:       d.thread[0].body,
		CreateTime: timestamppb.New(at),
	}
	if _, err := st.CreateTicket(ctx, tenantID, t, first); err != nil {
		return fmt.Errorf("demo: create ticket %q: %w", d.subject, err)
	}
	for _, l := range d.thread[1:] {
		at = at.Add(l.after)
		m := &frontlinev1.Message{
			Id:         desk.NewID(at),
			TicketId:   t.GetId(),
			Body:       l.body,
			Internal:   l.note,
			CreateTime: timestamppb.New(at),
		}
		if l.who == "" {
			m.AuthorKind = frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER
			m.AuthorName = d.customer
		} else {
			u := users[l.who]
			m.AuthorKind = frontlinev1.AuthorKind_AUTHOR_KIND_AGENT
			m.AuthorId, m.AuthorName = u.GetId(), u.GetName()
		}
		_, err := st.AddMessage(ctx, tenantID, m, func(t *frontlinev1.Ticket) error {
			t.MessageCount++
			t.UpdateTime = m.GetCreateTime()
			switch {
			case m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER:
				t.LastCustomerMessageTime = m.GetCreateTime()
				t.Status = desk.StatusAfterCustomerMessage(t.GetStatus())
			case !m.GetInternal():
				t.Status = desk.StatusAfterAgentReply(t.GetStatus())
				desk.StampTimes(t, true, m.GetCreateTime())
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: add message to %q: %w", d.subject, err)
		}
	}
	if d.status == frontlinev1.TicketStatus_TICKET_STATUS_UNSPECIFIED {
		return nil
	}
	_, err := st.UpdateTicket(ctx, tenantID, t.GetId(), func(t *frontlinev1.Ticket) error {
		t.Status = d.status
		t.UpdateTime = timestamppb.New(at.Add(10 * time.Minute))
		desk.StampTimes(t, false, t.GetUpdateTime())
		return nil
	})
	if err != nil {
		return fmt.Errorf("demo: set status of %q: %w", d.subject, err)
	}
	return nil
}
