package demo_test

import (
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/password"
	"github.com/frontlinedesk/frontline/server/demo"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

func TestLoad_IdempotentAndComplete(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	now := time.Now()
	created, err := demo.Load(ctx, st, now)
	if err != nil || !created {
		t.Fatalf("Load() = %v, %v; want true, nil", created, err)
	}
	again, err := demo.Load(ctx, st, now)
	if err != nil || again {
		t.Fatalf("second Load() = %v, %v; want false, nil", again, err)
	}

	c, err := st.CompanyByWidgetKey(ctx, demo.WidgetKey)
	if err != nil || c.GetName() != demo.CompanyName {
		t.Fatalf("CompanyByWidgetKey(%q) = %v, %v", demo.WidgetKey, c, err)
	}
	for _, l := range demo.Logins {
		u, cred, err := st.UserByEmail(ctx, c.GetId(), l.Email)
		if err != nil {
			t.Fatalf("UserByEmail(%s): %v", l.Email, err)
		}
		if u.GetRole() != l.Role || !u.GetActive() {
			t.Errorf("%s = %v; want active %v", l.Email, u, l.Role)
		}
		if ok, err := password.Verify(cred.PasswordHash, demo.Password); !ok || err != nil {
			t.Errorf("demo password does not verify for %s: %v", l.Email, err)
		}
	}

	arts, _, err := st.ListArticles(ctx, c.GetId(), frontlinev1.ArticleStatus_ARTICLE_STATUS_PUBLISHED, store.Page{Size: 200})
	if err != nil || len(arts) < 12 {
		t.Errorf("published articles = %d, %v; want at least 12", len(arts), err)
	}

	tks, next, err := st.ListTickets(ctx, c.GetId(), store.TicketFilter{}, store.Page{Size: 200})
	if err != nil || next != "" {
		t.Fatalf("ListTickets: %v (next %q)", err, next)
	}
	if len(tks) < 30 {
		t.Errorf("tickets = %d; want a few dozen", len(tks))
	}
	byStatus := map[frontlinev1.TicketStatus]int{}
	notes := 0
	for _, tk := range tks {
		byStatus[tk.GetStatus()]++
		msgs, err := st.Messages(ctx, c.GetId(), tk.GetId())
		if err != nil {
			t.Fatal(err)
		}
		if int(tk.GetMessageCount()) != len(msgs) {
			t.Errorf("ticket %q count %d; has %d messages", tk.GetSubject(), tk.GetMessageCount(), len(msgs))
		}
		for _, m := range msgs {
			if m.GetInternal() {
				notes++
			}
		}
	}
	for s := frontlinev1.TicketStatus_TICKET_STATUS_NEW; s <= frontlinev1.TicketStatus_TICKET_STATUS_CLOSED; s++ {
		if byStatus[s] == 0 {
			t.Errorf("no demo ticket is %v", s)
		}
	}
	if notes == 0 {
		t.Error("demo threads have no internal notes")
	}
}
