package badgerstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/badgerstore"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

var t0 = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)

// clock is a settable time source for expiry tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

func newID() string { return desk.NewID(time.Now()) }

func ticket(subject string, updated time.Time) *frontlinev1.Ticket {
	return &frontlinev1.Ticket{
		Id:         newID(),
		Subject:    subject,
		Status:     frontlinev1.TicketStatus_TICKET_STATUS_NEW,
		Priority:   frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL,
		Customer:   &frontlinev1.Customer{Name: "Lee", Email: "lee@example.test"},
		Channel:    frontlinev1.Channel_CHANNEL_WIDGET,
		CreateTime: timestamppb.New(updated),
		UpdateTime: timestamppb.New(updated),
	}
}

func message(ticketID, body string) *frontlinev1.Message {
	return &frontlinev1.Message{
		Id:         newID(),
		TicketId:   ticketID,
		AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		AuthorName: "Lee",
		Body:       body,
		CreateTime: timestamppb.New(t0),
	}
}

func user(name, email string) *frontlinev1.User {
	return &frontlinev1.User{Id: newID(), Name: name, Email: email, Role: frontlinev1.Role_ROLE_AGENT, Active: true, CreateTime: timestamppb.New(t0)}
}

func article(title string, status frontlinev1.ArticleStatus) *frontlinev1.Article {
	return &frontlinev1.Article{Id: newID(), Title: title, Body: "Body of " + title, Status: status, Revision: 1, CreateTime: timestamppb.New(t0), UpdateTime: timestamppb.New(t0)}
}

func diffProto(want, got any) string { return cmp.Diff(want, got, protocmp.Transform()) }

func TestStore_Companies(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	c := &frontlinev1.Company{Id: newID(), Name: "Northwind Bikes", WidgetKey: "flw_demo_northwind_bikes", CreateTime: timestamppb.New(t0)}
	admin := user("Ada Park", "ada@northwind.test")
	if err := s.CreateCompany(ctx, c, admin, store.Credential{PasswordHash: "$argon2id$x"}); err != nil {
		t.Fatalf("CreateCompany: %v", err)
	}
	for name, get := range map[string]func() (*frontlinev1.Company, error){
		"by_id":         func() (*frontlinev1.Company, error) { return s.Company(ctx, c.Id) },
		"by_name":       func() (*frontlinev1.Company, error) { return s.CompanyByName(ctx, "Northwind Bikes") },
		"by_name_case":  func() (*frontlinev1.Company, error) { return s.CompanyByName(ctx, "NORTHWIND bikes") },
		"by_widget_key": func() (*frontlinev1.Company, error) { return s.CompanyByWidgetKey(ctx, c.WidgetKey) },
	} {
		got, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := diffProto(c, got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
		}
	}
	gotAdmin, cred, err := s.UserByEmail(ctx, c.Id, "ada@northwind.test")
	if err != nil || cred.PasswordHash != "$argon2id$x" {
		t.Fatalf("UserByEmail(admin) = %v, %v", cred, err)
	}
	if diff := diffProto(admin, gotAdmin); diff != "" {
		t.Errorf("admin mismatch (-want +got):\n%s", diff)
	}

	tests := []struct {
		name    string
		c       *frontlinev1.Company
		admin   *frontlinev1.User
		wantErr error
	}{
		{"name_taken_ignoring_case", &frontlinev1.Company{Id: newID(), Name: "NORTHWIND BIKES"}, user("B", "b@x.test"), desk.ErrExists},
		{"widget_key_taken", &frontlinev1.Company{Id: newID(), Name: "Other", WidgetKey: c.WidgetKey}, user("B", "b@x.test"), desk.ErrExists},
		{"id_taken", &frontlinev1.Company{Id: c.Id, Name: "Other"}, user("B", "b@x.test"), desk.ErrExists},
		{"bad_id", &frontlinev1.Company{Id: "nope", Name: "Other"}, user("B", "b@x.test"), desk.ErrInvalid},
		{"empty_name", &frontlinev1.Company{Id: newID()}, user("B", "b@x.test"), desk.ErrInvalid},
		{"nil_admin", &frontlinev1.Company{Id: newID(), Name: "Other"}, nil, desk.ErrInvalid},
		{"bad_admin_id", &frontlinev1.Company{Id: newID(), Name: "Other"}, &frontlinev1.User{Id: "x", Email: "b@x.test"}, desk.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.CreateCompany(ctx, tt.c, tt.admin, store.Credential{}); !errors.Is(err, tt.wantErr) {
				t.Errorf("CreateCompany() error = %v; want %v", err, tt.wantErr)
			}
		})
	}
	// A failed create leaves nothing behind.
	if _, err := s.CompanyByName(ctx, "Other"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("CompanyByName(Other) after failed creates: %v; want ErrNotFound", err)
	}
	for name, err := range map[string]error{
		"missing_id":      second(s.Company(ctx, newID())),
		"malformed_id":    second(s.Company(ctx, "zz")),
		"missing_name":    second(s.CompanyByName(ctx, "nobody")),
		"missing_widget":  second(s.CompanyByWidgetKey(ctx, "flw_nothing")),
		"missing_email":   third(s.UserByEmail(ctx, c.Id, "nobody@northwind.test")),
		"create_user_bad": s.CreateUser(ctx, newID(), user("X", "x@x.test"), store.Credential{}),
	} {
		if !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("%s: error = %v; want ErrNotFound", name, err)
		}
	}
}

func second[T any](_ T, err error) error            { return err }
func third[T, U any](_ T, _ U, err error) error     { return err }
func secondOf3[T, U any](_ T, _ U, err error) error { return err }

func TestStore_Users(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	ten := storetest.CreateTenant(t, s, "Acme")
	tid := ten.Company.Id
	maya := user("maya Chen", "maya@acme.test")
	sam := user("Sam Ortiz", "sam@acme.test")
	for _, u := range []*frontlinev1.User{sam, maya} {
		if err := s.CreateUser(ctx, tid, u, store.Credential{PasswordHash: "h-" + u.Email}); err != nil {
			t.Fatalf("CreateUser(%s): %v", u.Email, err)
		}
	}
	got, err := s.User(ctx, tid, maya.Id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffProto(maya, got); diff != "" {
		t.Errorf("User mismatch (-want +got):\n%s", diff)
	}
	got, cred, err := s.UserByEmail(ctx, tid, "SAM@acme.test")
	if err != nil || cred.PasswordHash != "h-sam@acme.test" {
		t.Fatalf("UserByEmail(SAM@) = %v, %v", cred, err)
	}
	if diff := diffProto(sam, got); diff != "" {
		t.Errorf("UserByEmail mismatch (-want +got):\n%s", diff)
	}

	list, err := s.ListUsers(ctx, tid)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffProto([]*frontlinev1.User{ten.Admin, maya, sam}, list); diff != "" {
		t.Errorf("ListUsers mismatch (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		name    string
		u       *frontlinev1.User
		wantErr error
	}{
		{"email_taken", user("Other", "maya@acme.test"), desk.ErrExists},
		{"email_taken_ignoring_case", user("Other", "Maya@ACME.test"), desk.ErrExists},
		{"id_taken", &frontlinev1.User{Id: maya.Id, Email: "new@acme.test"}, desk.ErrExists},
		{"bad_id", &frontlinev1.User{Id: "1", Email: "new@acme.test"}, desk.ErrInvalid},
		{"empty_email", &frontlinev1.User{Id: newID()}, desk.ErrInvalid},
		{"nil", nil, desk.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.CreateUser(ctx, tid, tt.u, store.Credential{}); !errors.Is(err, tt.wantErr) {
				t.Errorf("CreateUser() error = %v; want %v", err, tt.wantErr)
			}
		})
	}

	t.Run("update", func(t *testing.T) {
		got, err := s.UpdateUser(ctx, tid, maya.Id, func(u *frontlinev1.User) error {
			u.Role = frontlinev1.Role_ROLE_ADMIN
			u.Email = "maya.chen@acme.test"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := proto.Clone(maya).(*frontlinev1.User)
		want.Role, want.Email = frontlinev1.Role_ROLE_ADMIN, "maya.chen@acme.test"
		if diff := diffProto(want, got); diff != "" {
			t.Errorf("UpdateUser mismatch (-want +got):\n%s", diff)
		}
		if _, _, err := s.UserByEmail(ctx, tid, "maya@acme.test"); !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("old email still indexed: %v", err)
		}
		if u, cred, err := s.UserByEmail(ctx, tid, "maya.chen@acme.test"); err != nil || u.Id != maya.Id || cred.PasswordHash != "h-maya@acme.test" {
			t.Errorf("UserByEmail(new email) = %v, %v, %v", u, cred, err)
		}
		// The freed email can be taken again.
		if err := s.CreateUser(ctx, tid, user("New Maya", "maya@acme.test"), store.Credential{}); err != nil {
			t.Errorf("CreateUser with freed email: %v", err)
		}
	})
	t.Run("update_errors", func(t *testing.T) {
		errFn := errors.New("fn says no")
		for _, tt := range []struct {
			name    string
			id      string
			fn      func(*frontlinev1.User) error
			wantErr error
		}{
			{"fn_error", sam.Id, func(u *frontlinev1.User) error { u.Name = "changed"; return errFn }, errFn},
			{"email_taken", sam.Id, func(u *frontlinev1.User) error { u.Email = "maya.chen@acme.test"; return nil }, desk.ErrExists},
			{"id_changed", sam.Id, func(u *frontlinev1.User) error { u.Id = newID(); return nil }, desk.ErrInvalid},
			{"missing", newID(), func(*frontlinev1.User) error { return nil }, desk.ErrNotFound},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := s.UpdateUser(ctx, tid, tt.id, tt.fn); !errors.Is(err, tt.wantErr) {
					t.Errorf("UpdateUser() error = %v; want %v", err, tt.wantErr)
				}
			})
		}
		got, err := s.User(ctx, tid, sam.Id)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffProto(sam, got); diff != "" {
			t.Errorf("failed updates changed the user (-want +got):\n%s", diff)
		}
	})
}

func TestStore_Sessions(t *testing.T) {
	ctx := t.Context()
	clk := &clock{now: t0}
	s := storetest.New(t, badgerstore.WithClock(clk.Now))
	ten := storetest.CreateTenant(t, s, "Acme")
	tid, uid := ten.Company.Id, ten.Admin.Id
	other := user("Other", "other@acme.test")
	if err := s.CreateUser(ctx, tid, other, store.Credential{}); err != nil {
		t.Fatal(err)
	}
	// Expiry far in the future in real time, so badger's TTL never hides
	// them; the store's clock decides.
	exp := time.Now().Add(24 * time.Hour).Truncate(time.Millisecond).UTC()
	sess := func(user string) store.Session {
		return store.Session{
			TokenHash: desk.HashToken(desk.NewToken(desk.SessionTokenPrefix)), Kind: store.SessionDesk,
			TenantID: tid, UserID: user, CreateTime: t0, ExpireTime: exp,
		}
	}
	a1, a2, o1 := sess(uid), sess(uid), sess(other.Id)
	conv := store.Session{
		TokenHash: desk.HashToken(desk.NewToken(desk.ConversationTokenPrefix)), Kind: store.SessionConversation,
		TenantID: tid, TicketID: newID(), CreateTime: t0, ExpireTime: exp,
	}
	for _, x := range []store.Session{a1, a2, o1, conv} {
		if err := s.CreateSession(ctx, x); err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
	}
	for _, x := range []store.Session{a1, conv} {
		got, err := s.Session(ctx, x.TokenHash)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(x, got); diff != "" {
			t.Errorf("Session mismatch (-want +got):\n%s", diff)
		}
	}

	for _, tt := range []struct {
		name    string
		s       store.Session
		wantErr error
	}{
		{"duplicate", a1, desk.ErrExists},
		{"bad_hash", store.Session{TokenHash: "abc", Kind: store.SessionDesk, TenantID: tid, UserID: uid}, desk.ErrInvalid},
		{"bad_tenant", store.Session{TokenHash: desk.HashToken("x"), Kind: store.SessionDesk, TenantID: "t", UserID: uid}, desk.ErrInvalid},
		{"bad_kind", store.Session{TokenHash: desk.HashToken("x"), TenantID: tid, UserID: uid}, desk.ErrInvalid},
		{"desk_without_user", store.Session{TokenHash: desk.HashToken("x"), Kind: store.SessionDesk, TenantID: tid}, desk.ErrInvalid},
		{"conversation_without_ticket", store.Session{TokenHash: desk.HashToken("x"), Kind: store.SessionConversation, TenantID: tid}, desk.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.CreateSession(ctx, tt.s); !errors.Is(err, tt.wantErr) {
				t.Errorf("CreateSession() error = %v; want %v", err, tt.wantErr)
			}
		})
	}

	if _, err := s.Session(ctx, desk.HashToken("never issued")); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Session(unknown) error = %v; want ErrNotFound", err)
	}
	if _, err := s.Session(ctx, "not a hash"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Session(malformed) error = %v; want ErrNotFound", err)
	}

	if err := s.DeleteSession(ctx, a2.TokenHash); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, a2.TokenHash); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Session after DeleteSession: %v; want ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, a2.TokenHash); err != nil {
		t.Errorf("second DeleteSession: %v; want nil", err)
	}

	if err := s.DeleteUserSessions(ctx, tid, uid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, a1.TokenHash); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Session after DeleteUserSessions: %v; want ErrNotFound", err)
	}
	for _, x := range []store.Session{o1, conv} {
		if _, err := s.Session(ctx, x.TokenHash); err != nil {
			t.Errorf("DeleteUserSessions removed another session: %v", err)
		}
	}

	clk.Set(exp)
	if _, err := s.Session(ctx, o1.TokenHash); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Session at expiry: %v; want ErrNotFound", err)
	}
	clk.Set(exp.Add(-time.Nanosecond))
	if _, err := s.Session(ctx, o1.TokenHash); err != nil {
		t.Errorf("Session just before expiry: %v", err)
	}
}

func TestStore_Invites(t *testing.T) {
	ctx := t.Context()
	clk := &clock{now: t0}
	s := storetest.New(t, badgerstore.WithClock(clk.Now))
	exp := time.Now().Add(24 * time.Hour).Truncate(time.Millisecond).UTC()
	inv := store.Invite{
		TokenHash: desk.HashToken(desk.NewToken(desk.InviteTokenPrefix)), TenantID: newID(), Email: "maya@acme.test",
		Role: frontlinev1.Role_ROLE_AGENT, InvitedBy: newID(), CreateTime: t0, ExpireTime: exp,
	}
	if err := s.CreateInvite(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateInvite(ctx, inv); !errors.Is(err, desk.ErrExists) {
		t.Errorf("CreateInvite twice: %v; want ErrExists", err)
	}
	if err := s.CreateInvite(ctx, store.Invite{TokenHash: "x", TenantID: inv.TenantID}); !errors.Is(err, desk.ErrInvalid) {
		t.Errorf("CreateInvite(bad hash): %v; want ErrInvalid", err)
	}
	got, err := s.TakeInvite(ctx, inv.TokenHash)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(inv, got); diff != "" {
		t.Errorf("TakeInvite mismatch (-want +got):\n%s", diff)
	}
	if _, err := s.TakeInvite(ctx, inv.TokenHash); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("second TakeInvite: %v; want ErrNotFound", err)
	}

	inv.TokenHash = desk.HashToken(desk.NewToken(desk.InviteTokenPrefix))
	if err := s.CreateInvite(ctx, inv); err != nil {
		t.Fatal(err)
	}
	clk.Set(exp.Add(time.Second))
	if _, err := s.TakeInvite(ctx, inv.TokenHash); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("TakeInvite(expired): %v; want ErrNotFound", err)
	}
	clk.Set(t0)
	if _, err := s.TakeInvite(ctx, inv.TokenHash); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("expired invite was not deleted: %v", err)
	}

	// Concurrent takes of one invite: exactly one wins.
	inv.TokenHash = desk.HashToken(desk.NewToken(desk.InviteTokenPrefix))
	if err := s.CreateInvite(ctx, inv); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { _, errs[i] = s.TakeInvite(ctx, inv.TokenHash) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, desk.ErrNotFound):
			t.Errorf("concurrent TakeInvite: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d concurrent takes succeeded; want 1", won)
	}
}

func TestStore_Tickets(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	tid := storetest.CreateTenant(t, s, "Acme").Company.Id

	tk := ticket("Chain keeps slipping", t0)
	first := message(tk.Id, "My chain slips on the third gear.")
	got, err := s.CreateTicket(ctx, tid, tk, first)
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != 1 || tk.Number != 1 {
		t.Errorf("first ticket number: returned %d, set on input %d; want 1", got.Number, tk.Number)
	}
	if diff := diffProto(tk, got); diff != "" {
		t.Errorf("CreateTicket result mismatch (-want +got):\n%s", diff)
	}
	got.Subject = "aliased"
	if stored, err := s.Ticket(ctx, tid, tk.Id); err != nil || stored.Subject != tk.Subject {
		t.Errorf("Ticket after changing the returned copy = %v, %v", stored, err)
	}
	tk2, err := s.CreateTicket(ctx, tid, ticket("Second", t0), nil)
	if err != nil || tk2.Number != 2 {
		t.Fatalf("second CreateTicket = %v, %v; want number 2", tk2, err)
	}
	if msgs, err := s.Messages(ctx, tid, tk2.Id); err != nil || len(msgs) != 0 {
		t.Errorf("Messages of a ticket made without one = %v, %v", msgs, err)
	}

	for _, tt := range []struct {
		name    string
		tenant  string
		t       *frontlinev1.Ticket
		wantErr error
	}{
		{"id_taken", tid, tk, desk.ErrExists},
		{"bad_id", tid, &frontlinev1.Ticket{Id: "x"}, desk.ErrInvalid},
		{"nil", tid, nil, desk.ErrInvalid},
		{"bad_tenant", "x", ticket("x", t0), desk.ErrInvalid},
		{"unknown_tenant", newID(), ticket("x", t0), desk.ErrNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.CreateTicket(ctx, tt.tenant, tt.t, nil); !errors.Is(err, tt.wantErr) {
				t.Errorf("CreateTicket() error = %v; want %v", err, tt.wantErr)
			}
		})
	}

	// Append two more messages, counting them in the ticket.
	want := []*frontlinev1.Message{first}
	for i, body := range []string{"Have you tried oiling it?", "internal: check warranty"} {
		m := message(tk.Id, body)
		m.AuthorKind = frontlinev1.AuthorKind_AUTHOR_KIND_AGENT
		m.Internal = i == 1
		after, err := s.AddMessage(ctx, tid, m, func(t *frontlinev1.Ticket) error {
			t.MessageCount++
			t.Status = frontlinev1.TicketStatus_TICKET_STATUS_OPEN
			t.UpdateTime = timestamppb.New(t0.Add(time.Duration(i+1) * time.Minute))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if after.MessageCount != int32(i+1) || after.Status != frontlinev1.TicketStatus_TICKET_STATUS_OPEN {
			t.Errorf("AddMessage returned %v", after)
		}
		want = append(want, m)
	}
	errFn := errors.New("rejected")
	if _, err := s.AddMessage(ctx, tid, message(tk.Id, "dropped"), func(*frontlinev1.Ticket) error { return errFn }); !errors.Is(err, errFn) {
		t.Errorf("AddMessage with failing fn: %v; want %v", err, errFn)
	}
	for name, m := range map[string]*frontlinev1.Message{"unknown_ticket": message(newID(), "x"), "bad_ticket": message("x", "x")} {
		if _, err := s.AddMessage(ctx, tid, m, func(*frontlinev1.Ticket) error { return nil }); !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("AddMessage(%s): %v; want ErrNotFound", name, err)
		}
	}
	msgs, err := s.Messages(ctx, tid, tk.Id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffProto(want, msgs); diff != "" {
		t.Errorf("Messages mismatch (-want +got):\n%s", diff)
	}

	upd, err := s.UpdateTicket(ctx, tid, tk.Id, func(t *frontlinev1.Ticket) error {
		t.Priority = frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT
		t.Tags = []string{"chain", "gears"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.Ticket(ctx, tid, tk.Id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffProto(upd, stored); diff != "" {
		t.Errorf("Ticket after UpdateTicket (-returned +stored):\n%s", diff)
	}
	if stored.Priority != frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT || stored.MessageCount != 2 || stored.Number != 1 {
		t.Errorf("stored ticket = %v", stored)
	}
	for _, tt := range []struct {
		name    string
		id      string
		fn      func(*frontlinev1.Ticket) error
		wantErr error
	}{
		{"fn_error", tk.Id, func(t *frontlinev1.Ticket) error { t.Subject = "x"; return errFn }, errFn},
		{"id_changed", tk.Id, func(t *frontlinev1.Ticket) error { t.Id = newID(); return nil }, desk.ErrInvalid},
		{"missing", newID(), func(*frontlinev1.Ticket) error { return nil }, desk.ErrNotFound},
		{"malformed", "x", func(*frontlinev1.Ticket) error { return nil }, desk.ErrNotFound},
	} {
		t.Run("update_"+tt.name, func(t *testing.T) {
			if _, err := s.UpdateTicket(ctx, tid, tt.id, tt.fn); !errors.Is(err, tt.wantErr) {
				t.Errorf("UpdateTicket() error = %v; want %v", err, tt.wantErr)
			}
		})
	}
	if _, err := s.Ticket(ctx, tid, newID()); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Ticket(missing): %v; want ErrNotFound", err)
	}
	if _, err := s.Messages(ctx, tid, newID()); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Messages(missing): %v; want ErrNotFound", err)
	}
}

// TestStore_AddMessageConcurrent appends to one ticket from many goroutines:
// the mutator runs inside the transaction, so every append is counted once
// and no message overwrites another.
func TestStore_AddMessageConcurrent(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	tid := storetest.CreateTenant(t, s, "Acme").Company.Id
	tk, err := s.CreateTicket(ctx, tid, ticket("busy", t0), nil)
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 4, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				_, err := s.AddMessage(ctx, tid, message(tk.Id, fmt.Sprintf("w%d-%02d", w, i)), func(t *frontlinev1.Ticket) error {
					t.MessageCount++
					return nil
				})
				if err != nil {
					t.Errorf("AddMessage: %v", err)
				}
			}
		})
	}
	wg.Wait()
	msgs, err := s.Messages(ctx, tid, tk.Id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Ticket(ctx, tid, tk.Id)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != workers*each || got.MessageCount != workers*each {
		t.Fatalf("%d messages, count %d; want %d", len(msgs), got.MessageCount, workers*each)
	}
	// Each worker's messages appear in the order it sent them.
	next := make(map[string]int)
	for _, m := range msgs {
		w, i, _ := strings.Cut(m.Body, "-")
		if want := fmt.Sprintf("%02d", next[w]); i != want {
			t.Fatalf("worker %s: message %s out of order; want %s", w, i, want)
		}
		next[w]++
	}
}

func TestStore_ConcurrentCreateTicket(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	tid := storetest.CreateTenant(t, s, "Acme").Company.Id
	const workers, each = 8, 50
	nums := make(chan int64, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				tk, err := s.CreateTicket(ctx, tid, ticket("x", t0), nil)
				if err != nil {
					t.Errorf("CreateTicket: %v", err)
					return
				}
				nums <- tk.Number
			}
		})
	}
	wg.Wait()
	close(nums)
	var got []int64
	for n := range nums {
		got = append(got, n)
	}
	slices.Sort(got)
	want := make([]int64, workers*each)
	for i := range want {
		want[i] = int64(i + 1)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ticket numbers (-want +got):\n%s", diff)
	}
}

func TestStore_ListTickets(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	tid := storetest.CreateTenant(t, s, "Acme").Company.Id
	agent := newID()
	statuses := []frontlinev1.TicketStatus{
		frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
		frontlinev1.TicketStatus_TICKET_STATUS_PENDING, frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF,
		frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED,
	}
	var all []*frontlinev1.Ticket
	for i := range 120 {
		// Pairs of tickets share an update time, so the id breaks ties.
		tk := ticket(fmt.Sprintf("ticket %d", i), t0.Add(time.Duration(i/2)*time.Second))
		tk.Status = statuses[i%len(statuses)]
		tk.Priority = frontlinev1.TicketPriority(1 + i%4)
		if i%3 == 0 {
			tk.AssigneeId = agent
		}
		if i%5 == 0 {
			tk.Tags = []string{"brakes"}
		}
		got, err := s.CreateTicket(ctx, tid, tk, nil)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, got)
	}
	newestFirst := func(ts []*frontlinev1.Ticket) []*frontlinev1.Ticket {
		out := slices.Clone(ts)
		slices.SortFunc(out, func(a, b *frontlinev1.Ticket) int {
			if c := b.UpdateTime.AsTime().Compare(a.UpdateTime.AsTime()); c != 0 {
				return c
			}
			return strings.Compare(a.Id, b.Id)
		})
		return out
	}
	collect := func(t *testing.T, f store.TicketFilter, size int) []*frontlinev1.Ticket {
		t.Helper()
		got := []*frontlinev1.Ticket{}
		tok := ""
		for pages := 0; ; pages++ {
			if pages > 200 {
				t.Fatal("ListTickets does not end")
			}
			page, next, err := s.ListTickets(ctx, tid, f, store.Page{Size: size, Token: tok})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > size || (next != "" && len(page) != size) {
				t.Fatalf("page of %d with next %q for size %d", len(page), next, size)
			}
			got = append(got, page...)
			if next == "" {
				return got
			}
			tok = next
		}
	}
	tests := []struct {
		name  string
		f     store.TicketFilter
		match func(*frontlinev1.Ticket) bool
	}{
		{"all", store.TicketFilter{}, func(*frontlinev1.Ticket) bool { return true }},
		{"open_or_pending", store.TicketFilter{Statuses: []frontlinev1.TicketStatus{statuses[1], statuses[2]}},
			func(t *frontlinev1.Ticket) bool { return t.Status == statuses[1] || t.Status == statuses[2] }},
		{"urgent", store.TicketFilter{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT},
			func(t *frontlinev1.Ticket) bool {
				return t.Priority == frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT
			}},
		{"assignee", store.TicketFilter{AssigneeID: agent}, func(t *frontlinev1.Ticket) bool { return t.AssigneeId == agent }},
		{"unassigned", store.TicketFilter{Unassigned: true}, func(t *frontlinev1.Ticket) bool { return t.AssigneeId == "" }},
		{"tag", store.TicketFilter{Tag: "brakes"}, func(t *frontlinev1.Ticket) bool { return slices.Contains(t.Tags, "brakes") }},
		{"tag_and_status", store.TicketFilter{Tag: "brakes", Statuses: []frontlinev1.TicketStatus{statuses[0]}},
			func(t *frontlinev1.Ticket) bool { return slices.Contains(t.Tags, "brakes") && t.Status == statuses[0] }},
		{"none_match", store.TicketFilter{Tag: "nothing"}, func(*frontlinev1.Ticket) bool { return false }},
	}
	for _, tt := range tests {
		for _, size := range []int{50, 7} {
			t.Run(fmt.Sprintf("%s_size_%d", tt.name, size), func(t *testing.T) {
				want := []*frontlinev1.Ticket{}
				for _, tk := range newestFirst(all) {
					if tt.match(tk) {
						want = append(want, tk)
					}
				}
				got := collect(t, tt.f, size)
				if diff := diffProto(want, got); diff != "" {
					t.Errorf("ListTickets mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}

	t.Run("page_sizes", func(t *testing.T) {
		var sizes []int
		tok := ""
		for {
			page, next, err := s.ListTickets(ctx, tid, store.TicketFilter{}, store.Page{Size: 50, Token: tok})
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(page))
			if next == "" {
				break
			}
			tok = next
		}
		if diff := cmp.Diff([]int{50, 50, 20}, sizes); diff != "" {
			t.Errorf("page sizes (-want +got):\n%s", diff)
		}
	})

	t.Run("update_moves_to_front", func(t *testing.T) {
		oldest := newestFirst(all)[len(all)-1]
		if _, err := s.UpdateTicket(ctx, tid, oldest.Id, func(t *frontlinev1.Ticket) error {
			t.UpdateTime = timestamppb.New(t0.Add(time.Hour))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got := collect(t, store.TicketFilter{}, 50)
		if len(got) != len(all) || got[0].Id != oldest.Id {
			t.Fatalf("after update: %d tickets, first %s; want %d, first %s", len(got), got[0].Id, len(all), oldest.Id)
		}
		seen := make(map[string]bool)
		for _, tk := range got {
			if seen[tk.Id] {
				t.Errorf("ticket %s listed twice", tk.Id)
			}
			seen[tk.Id] = true
		}
	})

	t.Run("malformed_token", func(t *testing.T) {
		for _, tok := range []string{"%%%", "AAAA", "bm90IGEgdG9rZW4"} {
			if _, _, err := s.ListTickets(ctx, tid, store.TicketFilter{}, store.Page{Size: 10, Token: tok}); !errors.Is(err, desk.ErrInvalid) {
				t.Errorf("ListTickets(token %q) error = %v; want ErrInvalid", tok, err)
			}
		}
	})
}

func TestStore_Articles(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	tid := storetest.CreateTenant(t, s, "Acme").Company.Id
	pub, draft := frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED, frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT
	arts := []*frontlinev1.Article{
		article("brakes", pub), article("Adjusting Gears", pub), article("Warranty", draft),
		article("chains", pub), article("Brakes", draft), article("returns", pub),
	}
	for _, a := range arts {
		if err := s.CreateArticle(ctx, tid, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Article(ctx, tid, arts[0].Id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffProto(arts[0], got); diff != "" {
		t.Errorf("Article mismatch (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		name    string
		tenant  string
		a       *frontlinev1.Article
		wantErr error
	}{
		{"id_taken", tid, arts[0], desk.ErrExists},
		{"bad_id", tid, &frontlinev1.Article{Id: "1"}, desk.ErrInvalid},
		{"nil", tid, nil, desk.ErrInvalid},
		{"unknown_tenant", newID(), article("x", pub), desk.ErrNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.CreateArticle(ctx, tt.tenant, tt.a); !errors.Is(err, tt.wantErr) {
				t.Errorf("CreateArticle() error = %v; want %v", err, tt.wantErr)
			}
		})
	}

	byTitle := func(status frontlinev1.ArticleStatus) []*frontlinev1.Article {
		var out []*frontlinev1.Article
		for _, a := range arts {
			if status == 0 || a.Status == status {
				out = append(out, a)
			}
		}
		slices.SortFunc(out, func(a, b *frontlinev1.Article) int {
			if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
				return c
			}
			return strings.Compare(a.Id, b.Id)
		})
		return out
	}
	list := func(t *testing.T, status frontlinev1.ArticleStatus, size int) []*frontlinev1.Article {
		t.Helper()
		out := []*frontlinev1.Article{}
		tok := ""
		for range 20 {
			page, next, err := s.ListArticles(ctx, tid, status, store.Page{Size: size, Token: tok})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, page...)
			if next == "" {
				return out
			}
			tok = next
		}
		t.Fatal("ListArticles does not end")
		return nil
	}
	for _, status := range []frontlinev1.ArticleStatus{0, pub, draft} {
		for _, size := range []int{2, 50} {
			t.Run(fmt.Sprintf("list_%s_%d", status, size), func(t *testing.T) {
				if diff := diffProto(byTitle(status), list(t, status, size)); diff != "" {
					t.Errorf("ListArticles mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
	for _, tok := range []string{"!", "QQ", "MQ"} {
		if _, _, err := s.ListArticles(ctx, tid, 0, store.Page{Size: 2, Token: tok}); !errors.Is(err, desk.ErrInvalid) {
			t.Errorf("ListArticles(token %q) error = %v; want ErrInvalid", tok, err)
		}
	}
	// A ticket token is not an article token.
	if _, next, err := s.ListTickets(ctx, tid, store.TicketFilter{}, store.Page{Size: 1}); err == nil {
		if _, _, err := s.ListArticles(ctx, tid, 0, store.Page{Size: 2, Token: next}); next != "" && !errors.Is(err, desk.ErrInvalid) {
			t.Errorf("ListArticles(ticket token) error = %v; want ErrInvalid", err)
		}
	}

	upd, err := s.UpdateArticle(ctx, tid, arts[5].Id, func(a *frontlinev1.Article) error {
		a.Title = "A Returns Policy"
		a.Revision++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	arts[5] = upd
	if diff := diffProto(byTitle(0), list(t, 0, 3)); diff != "" {
		t.Errorf("ListArticles after retitle (-want +got):\n%s", diff)
	}
	if list(t, 0, 50)[0].Id != upd.Id {
		t.Errorf("retitled article is not first")
	}
	errFn := errors.New("stale revision")
	for _, tt := range []struct {
		name    string
		id      string
		fn      func(*frontlinev1.Article) error
		wantErr error
	}{
		{"fn_error", arts[0].Id, func(a *frontlinev1.Article) error { a.Title = "zzz"; return errFn }, errFn},
		{"id_changed", arts[0].Id, func(a *frontlinev1.Article) error { a.Id = newID(); return nil }, desk.ErrInvalid},
		{"missing", newID(), func(*frontlinev1.Article) error { return nil }, desk.ErrNotFound},
	} {
		t.Run("update_"+tt.name, func(t *testing.T) {
			if _, err := s.UpdateArticle(ctx, tid, tt.id, tt.fn); !errors.Is(err, tt.wantErr) {
				t.Errorf("UpdateArticle() error = %v; want %v", err, tt.wantErr)
			}
		})
	}

	if err := s.DeleteArticle(ctx, tid, arts[1].Id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Article(ctx, tid, arts[1].Id); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("Article after delete: %v; want ErrNotFound", err)
	}
	if err := s.DeleteArticle(ctx, tid, arts[1].Id); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("DeleteArticle twice: %v; want ErrNotFound", err)
	}
	arts = slices.Delete(arts, 1, 2)
	if diff := diffProto(byTitle(0), list(t, 0, 50)); diff != "" {
		t.Errorf("ListArticles after delete (-want +got):\n%s", diff)
	}
}

// TestStore_TenantIsolation calls every method that takes an id with tenant
// B's id on tenant A's objects: each must answer exactly as for a missing
// object, and B's lists must never show A's rows.
func TestStore_TenantIsolation(t *testing.T) {
	ctx := t.Context()
	s := storetest.New(t)
	a := storetest.CreateTenant(t, s, "Alpha")
	b := storetest.CreateTenant(t, s, "Beta")
	ta, tb := a.Company.Id, b.Company.Id

	tk, err := s.CreateTicket(ctx, ta, ticket("alpha's", t0), message("", "hello"))
	if err != nil {
		t.Fatal(err)
	}
	art := article("Alpha secrets", frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED)
	if err := s.CreateArticle(ctx, ta, art); err != nil {
		t.Fatal(err)
	}
	sess := store.Session{TokenHash: desk.HashToken("alpha admin"), Kind: store.SessionDesk, TenantID: ta, UserID: a.Admin.Id, CreateTime: t0, ExpireTime: time.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	fail := errors.New("fn must not run")

	calls := map[string]func() error{
		"User":        func() error { return second(s.User(ctx, tb, a.Admin.Id)) },
		"UserByEmail": func() error { return secondOf3(s.UserByEmail(ctx, tb, a.Admin.Email)) },
		"UpdateUser": func() error {
			return second(s.UpdateUser(ctx, tb, a.Admin.Id, func(*frontlinev1.User) error { return fail }))
		},
		"Ticket": func() error { return second(s.Ticket(ctx, tb, tk.Id)) },
		"UpdateTicket": func() error {
			return second(s.UpdateTicket(ctx, tb, tk.Id, func(*frontlinev1.Ticket) error { return fail }))
		},
		"AddMessage": func() error {
			return second(s.AddMessage(ctx, tb, message(tk.Id, "x"), func(*frontlinev1.Ticket) error { return fail }))
		},
		"Messages": func() error { return second(s.Messages(ctx, tb, tk.Id)) },
		"Article":  func() error { return second(s.Article(ctx, tb, art.Id)) },
		"UpdateArticle": func() error {
			return second(s.UpdateArticle(ctx, tb, art.Id, func(*frontlinev1.Article) error { return fail }))
		},
		"DeleteArticle": func() error { return s.DeleteArticle(ctx, tb, art.Id) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if err := call(); !errors.Is(err, desk.ErrNotFound) {
				t.Errorf("%s with another tenant's id: error = %v; want ErrNotFound", name, err)
			}
		})
	}

	// DeleteUserSessions of B with A's user id leaves A's session alone.
	if err := s.DeleteUserSessions(ctx, tb, a.Admin.Id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, sess.TokenHash); err != nil {
		t.Errorf("A's session after B's DeleteUserSessions: %v", err)
	}

	users, err := s.ListUsers(ctx, tb)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffProto([]*frontlinev1.User{b.Admin}, users); diff != "" {
		t.Errorf("ListUsers(B) (-want +got):\n%s", diff)
	}
	tickets, next, err := s.ListTickets(ctx, tb, store.TicketFilter{}, store.Page{Size: 50})
	if err != nil || len(tickets) != 0 || next != "" {
		t.Errorf("ListTickets(B) = %v, %q, %v; want nothing", tickets, next, err)
	}
	articles, next, err := s.ListArticles(ctx, tb, 0, store.Page{Size: 50})
	if err != nil || len(articles) != 0 || next != "" {
		t.Errorf("ListArticles(B) = %v, %q, %v; want nothing", articles, next, err)
	}

	// A page token from A's list only seeks inside B's index.
	for range 3 {
		if _, err := s.CreateTicket(ctx, ta, ticket("more", t0), nil); err != nil {
			t.Fatal(err)
		}
	}
	_, tokA, err := s.ListTickets(ctx, ta, store.TicketFilter{}, store.Page{Size: 1})
	if err != nil || tokA == "" {
		t.Fatalf("ListTickets(A) token = %q, %v", tokA, err)
	}
	tickets, _, err = s.ListTickets(ctx, tb, store.TicketFilter{}, store.Page{Size: 50, Token: tokA})
	if err != nil || len(tickets) != 0 {
		t.Errorf("ListTickets(B, A's token) = %v, %v; want nothing", tickets, err)
	}

	// A's objects are untouched.
	if got, err := s.Ticket(ctx, ta, tk.Id); err != nil || got.Subject != "alpha's" {
		t.Errorf("Ticket(A) = %v, %v", got, err)
	}
	if msgs, err := s.Messages(ctx, ta, tk.Id); err != nil || len(msgs) != 1 {
		t.Errorf("Messages(A) = %v, %v; want the first message only", msgs, err)
	}
	if _, err := s.Article(ctx, ta, art.Id); err != nil {
		t.Errorf("Article(A): %v", err)
	}
}

func TestStore_Durability(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	s, err := badgerstore.Open(dir, badgerstore.WithGCInterval(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ten := storetest.CreateTenant(t, s, "Durable")
	tid := ten.Company.Id
	tk, err := s.CreateTicket(ctx, tid, ticket("kept", t0), message("", "first"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMessage(ctx, tid, message(tk.Id, "second"), func(t *frontlinev1.Ticket) error { t.MessageCount++; return nil }); err != nil {
		t.Fatal(err)
	}
	art := article("Kept article", frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT)
	if err := s.CreateArticle(ctx, tid, art); err != nil {
		t.Fatal(err)
	}
	sess := store.Session{TokenHash: desk.HashToken("t"), Kind: store.SessionDesk, TenantID: tid, UserID: ten.Admin.Id, CreateTime: t0, ExpireTime: time.Now().Add(time.Hour).UTC().Truncate(time.Second)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond) // let the GC loop run at least once
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	r := storetest.OpenDir(t, dir)
	if got, err := r.CompanyByName(ctx, "durable"); err != nil || got.Id != tid {
		t.Errorf("CompanyByName after reopen = %v, %v", got, err)
	}
	got, err := r.Ticket(ctx, tid, tk.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != 1 || got.MessageCount != 1 {
		t.Errorf("ticket after reopen = %v", got)
	}
	msgs, err := r.Messages(ctx, tid, tk.Id)
	if err != nil || len(msgs) != 2 || msgs[1].Body != "second" {
		t.Errorf("Messages after reopen = %v, %v", msgs, err)
	}
	if gotArt, err := r.Article(ctx, tid, art.Id); err != nil || diffProto(art, gotArt) != "" {
		t.Errorf("Article after reopen = %v, %v", gotArt, err)
	}
	if gotSess, err := r.Session(ctx, sess.TokenHash); err != nil || !cmp.Equal(sess, gotSess) {
		t.Errorf("Session after reopen = %v, %v", gotSess, err)
	}
	// The counter survived too: the next number follows on.
	if tk2, err := r.CreateTicket(ctx, tid, ticket("next", t0), nil); err != nil || tk2.Number != 2 {
		t.Errorf("CreateTicket after reopen = %v, %v; want number 2", tk2, err)
	}
}

func TestStore_ContextCanceled(t *testing.T) {
	s := storetest.New(t)
	ten := storetest.CreateTenant(t, s, "Acme")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, err := range map[string]error{
		"Company":      second(s.Company(ctx, ten.Company.Id)),
		"CreateTicket": second(s.CreateTicket(ctx, ten.Company.Id, ticket("x", t0), nil)),
	} {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with canceled ctx: %v; want context.Canceled", name, err)
		}
	}
}
