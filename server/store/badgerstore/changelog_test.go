package badgerstore_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

func newTenant(t *testing.T, st store.Store) (string, *frontlinev1.User) {
	t.Helper()
	now := time.Now()
	c := &frontlinev1.Company{Id: desk.NewID(now), Name: "Log " + desk.NewID(now)}
	u := &frontlinev1.User{Id: desk.NewID(now), Email: "a@log.test", Name: "A", Role: frontlinev1.Role_ROLE_ADMIN, Active: true}
	if err := st.CreateCompany(t.Context(), c, u, store.Credential{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	return c.GetId(), u
}

func ticketFor(at time.Time) (*frontlinev1.Ticket, *frontlinev1.Message) {
	tk := &frontlinev1.Ticket{Id: desk.NewID(at), Subject: "s", Status: frontlinev1.TicketStatus_TICKET_STATUS_NEW,
		UpdateTime: timestamppb.New(at), CreateTime: timestamppb.New(at)}
	return tk, &frontlinev1.Message{Id: desk.NewID(at), TicketId: tk.GetId(), Body: "b", CreateTime: timestamppb.New(at)}
}

// TestChangeLog_GaplessUnderConcurrency: concurrent writers of one tenant
// get seqs 1..N with no gap, each transaction's records contiguous and
// ending with txn_end, and Changes pages never split a transaction.
func TestChangeLog_GaplessUnderConcurrency(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	tenant, _ := newTenant(t, st)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				tk, m := ticketFor(time.Now())
				if _, err := st.CreateTicket(ctx, tenant, tk, m); err != nil {
					t.Errorf("writer %d create %d: %v", w, i, err)
					return
				}
				if _, err := st.UpdateTicket(ctx, tenant, tk.GetId(), func(t *frontlinev1.Ticket) error {
					t.Priority = frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH
					return nil
				}); err != nil {
					t.Errorf("writer %d update %d: %v", w, i, err)
				}
			}
		}()
	}
	wg.Wait()
	ls, err := st.LogState(ctx, tenant, "")
	if err != nil {
		t.Fatal(err)
	}
	want := int64(1 + 8*25*3) // the admin user, then ticket+message and an update per ticket
	if ls.Head != want {
		t.Fatalf("head = %d, want %d", ls.Head, want)
	}
	after := int64(0)
	for after < ls.Head {
		page, _, err := st.Changes(ctx, tenant, after, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 || !page[len(page)-1].GetTxnEnd() {
			t.Fatalf("page after %d splits a transaction", after)
		}
		for _, c := range page {
			if c.GetSeq() != after+1 {
				t.Fatalf("seq %d follows %d: gap", c.GetSeq(), after)
			}
			after = c.GetSeq()
		}
	}
}

// TestChangeLog_EveryWriteLogged: each write method of the store logs the
// rows it changed, in the tenant's bucket.
func TestChangeLog_EveryWriteLogged(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	tenant, admin := newTenant(t, st)
	now := time.Now()
	tk, m := ticketFor(now)
	a := &frontlinev1.Article{Id: desk.NewID(now), Title: "A", Body: "b", Revision: 1}
	steps := []struct {
		name string
		do   func() error
		want []string
	}{
		{"create_ticket", func() error { _, err := st.CreateTicket(ctx, tenant, tk, m); return err }, []string{"ticket", "message"}},
		{"add_message", func() error {
			_, err := st.AddMessage(ctx, tenant, &frontlinev1.Message{Id: desk.NewID(now), TicketId: tk.GetId(), Body: "x"}, func(*frontlinev1.Ticket) error { return nil })
			return err
		}, []string{"message", "ticket"}},
		{"update_ticket", func() error {
			_, err := st.UpdateTicket(ctx, tenant, tk.GetId(), func(*frontlinev1.Ticket) error { return nil })
			return err
		}, []string{"ticket"}},
		{"create_article", func() error { return st.CreateArticle(ctx, tenant, a) }, []string{"article"}},
		{"update_article", func() error {
			_, err := st.UpdateArticle(ctx, tenant, a.GetId(), func(a *frontlinev1.Article) error { a.Title = "B"; return nil })
			return err
		}, []string{"article"}},
		{"delete_article", func() error { return st.DeleteArticle(ctx, tenant, a.GetId()) }, []string{"deletion"}},
		{"update_user", func() error {
			_, err := st.UpdateUser(ctx, tenant, admin.GetId(), func(u *frontlinev1.User) error { u.Name = "Z"; return nil })
			return err
		}, []string{"user"}},
		{"create_user", func() error {
			return st.CreateUser(ctx, tenant, &frontlinev1.User{Id: desk.NewID(now), Email: "b@log.test", Active: true}, store.Credential{})
		}, []string{"user"}},
	}
	for _, s := range steps {
		before, _ := st.LogState(ctx, tenant, "")
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		recs, _, err := st.Changes(ctx, tenant, before.Head, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range recs {
			got = append(got, kindOf(c))
			if c.GetBucket() != store.BucketTenant {
				t.Errorf("%s: bucket %q", s.name, c.GetBucket())
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(s.want) {
			t.Errorf("%s logged %v, want %v", s.name, got, s.want)
		}
	}
}

func kindOf(c *frontlinev1.Change) string {
	switch c.GetEntity().(type) {
	case *frontlinev1.Change_Ticket:
		return "ticket"
	case *frontlinev1.Change_Message:
		return "message"
	case *frontlinev1.Change_Article:
		return "article"
	case *frontlinev1.Change_User:
		return "user"
	case *frontlinev1.Change_Deletion:
		return "deletion"
	}
	return "other"
}

// TestChangeLog_TrimAndEpoch: a cursor older than the retained log is
// refused, and the epoch survives a reopen.
func TestChangeLog_TrimAndEpoch(t *testing.T) {
	dir := t.TempDir()
	st := storetest.OpenDir(t, dir)
	ctx := t.Context()
	tenant, _ := newTenant(t, st)
	for range 5 {
		tk, m := ticketFor(time.Now())
		if _, err := st.CreateTicket(ctx, tenant, tk, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.TrimLog(ctx, tenant, 4); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Changes(ctx, tenant, 3, 10); !errors.Is(err, store.ErrLogTrimmed) {
		t.Fatalf("changes after a trimmed seq: %v, want ErrLogTrimmed", err)
	}
	if recs, _, err := st.Changes(ctx, tenant, 4, 100); err != nil || len(recs) != 7 {
		t.Fatalf("changes after the floor: %d records, %v; want 7", len(recs), err)
	}
	epoch := st.Epoch()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2 := storetest.OpenDir(t, dir)
	if st2.Epoch() != epoch || epoch == "" {
		t.Fatalf("epoch %q after reopen, want %q", st2.Epoch(), epoch)
	}
}
