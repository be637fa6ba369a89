package server_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/dgraph-io/badger/v4"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/servertest"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/sync/replica"
)

func newReplica(t *testing.T, u *frontlinev1.User) *replica.Replica {
	t.Helper()
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil).WithMemTableSize(4 << 20).WithBlockCacheSize(1 << 20).WithValueThreshold(64 << 10))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	r, err := replica.New(db, replica.Config{UserID: u.GetId(), UserName: u.GetName(), PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func syncOf(c servertest.Clients) replica.Transport { return replica.ConnectTransport(c.Sync) }

// changeIDs collects every id a pulled change carries.
func changeIDs(c *frontlinev1.Change) []string {
	switch e := c.GetEntity().(type) {
	case *frontlinev1.Change_Ticket:
		return []string{e.Ticket.GetId()}
	case *frontlinev1.Change_Message:
		return []string{e.Message.GetId(), e.Message.GetTicketId()}
	case *frontlinev1.Change_Article:
		return []string{e.Article.GetId()}
	case *frontlinev1.Change_User:
		return []string{e.User.GetId()}
	case *frontlinev1.Change_Draft:
		return []string{e.Draft.GetTicketId(), e.Draft.GetUserId()}
	case *frontlinev1.Change_ArticleConflict:
		return []string{e.ArticleConflict.GetArticleId()}
	case *frontlinev1.Change_Rejection:
		return []string{e.Rejection.GetClientId()}
	}
	return nil
}

// TestSync_FeedIsolation checks that no tenant receives another tenant's
// change, and that private and admin buckets reach only their users, both
// in the initial snapshot and in the change feed.
func TestSync_FeedIsolation(t *testing.T) {
	env := servertest.New(t)
	ctx := t.Context()
	a := env.RegisterCompany(t, "Alpha")
	b := env.RegisterCompany(t, "Beta")
	agentA := env.AddAgent(t, a, "Alice Agent", frontlinev1.Role_ROLE_AGENT)
	// Beta writes in every bucket: tickets, messages, a draft, an article
	// conflict and a rejection.
	bTicket := env.CreateTicket(t, b.Clients, "beta secret")
	art, err := b.Clients.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: "Beta KB", Body: "beta body"})
	if err != nil {
		t.Fatal(err)
	}
	bRep := newReplica(t, b.Admin)
	if err := bRep.SyncOnce(ctx, syncOf(b.Clients)); err != nil {
		t.Fatal(err)
	}
	_, _ = bRep.SaveDraft(ctx, bTicket.GetId(), "beta draft")
	_, _ = bRep.EditArticle(ctx, art.GetArticle().GetId(), 99, "clash", "clash body")
	_, _ = bRep.SetStatus(ctx, bTicket.GetId(), frontlinev1.TicketStatus_TICKET_STATUS_NEW+10)
	if err := bRep.SyncOnce(ctx, syncOf(b.Clients)); err != nil {
		t.Fatal(err)
	}
	forbidden := []string{b.Company.GetId(), b.Admin.GetId(), bTicket.GetId(), art.GetArticle().GetId(), bRep.ClientID()}
	// Alpha's users pull everything (snapshot and feed) with tiny pages.
	aTicket := env.CreateTicket(t, a.Clients, "alpha")
	adminRep := newReplica(t, a.Admin)
	if err := adminRep.SyncOnce(ctx, syncOf(a.Clients)); err != nil {
		t.Fatal(err)
	}
	_, _ = adminRep.SaveDraft(ctx, aTicket.GetId(), "admin's private draft")
	if err := adminRep.SyncOnce(ctx, syncOf(a.Clients)); err != nil {
		t.Fatal(err)
	}
	env.CreateTicket(t, b.Clients, "beta later")
	check := func(name string, c servertest.Clients, clientID string, admin bool) {
		t.Helper()
		cur := &frontlinev1.Cursor{}
		tok := ""
		for range 1000 {
			res, err := c.Sync.Pull(ctx, &frontlinev1.PullRequest{ClientId: clientID, Cursor: cur, ResumeToken: tok, PageSize: 3})
			if err != nil {
				t.Fatalf("%s: pull: %v", name, err)
			}
			for _, ch := range res.GetChanges() {
				for _, id := range changeIDs(ch) {
					if slices.Contains(forbidden, id) {
						t.Fatalf("%s received another tenant's row %s in bucket %q", name, id, ch.GetBucket())
					}
				}
				if ch.GetBucket() == store.BucketAdmin && !admin {
					t.Fatalf("%s (agent) received an admin-only row", name)
				}
				if d := ch.GetDraft(); d != nil && d.GetUserId() != clientUser(name, a, agentA) {
					t.Fatalf("%s received another user's draft", name)
				}
			}
			tok = res.GetResumeToken()
			if tok == "" {
				cur = &frontlinev1.Cursor{Epoch: res.GetEpoch(), Seq: res.GetLastSeq()}
				if !res.GetSnapshot() && !res.GetMore() {
					return
				}
			}
		}
		t.Fatalf("%s: pull did not finish", name)
	}
	check("alpha-admin", a.Clients, desk.NewID(time.Now()), true)
	check("alpha-agent", agentA.Clients, desk.NewID(time.Now()), false)
}

func clientUser(name string, a servertest.Tenant, agent servertest.Member) string {
	if strings.HasSuffix(name, "admin") {
		return a.Admin.GetId()
	}
	return agent.User.GetId()
}

// TestSync_ClientIDBelongsToCaller refuses a client id another user registered.
func TestSync_ClientIDBelongsToCaller(t *testing.T) {
	env := servertest.New(t)
	a := env.RegisterCompany(t, "Owner")
	agent := env.AddAgent(t, a, "Other Agent", frontlinev1.Role_ROLE_AGENT)
	id := desk.NewID(time.Now())
	if _, err := a.Clients.Sync.Push(t.Context(), &frontlinev1.PushRequest{ClientId: id}); err != nil {
		t.Fatal(err)
	}
	_, err := agent.Clients.Sync.Push(t.Context(), &frontlinev1.PushRequest{ClientId: id})
	if got := connect.CodeOf(err); got != connect.CodePermissionDenied {
		t.Fatalf("push with another user's client id: code %v, want %v", got, connect.CodePermissionDenied)
	}
	_, err = agent.Clients.Sync.Pull(t.Context(), &frontlinev1.PullRequest{ClientId: id})
	if got := connect.CodeOf(err); got != connect.CodePermissionDenied {
		t.Fatalf("pull with another user's client id: code %v, want %v", got, connect.CodePermissionDenied)
	}
}

// TestSync_RevokedWhileOffline: an agent deactivated while its replica was
// offline loses the tenant's data at the next sync; its outbox is kept.
func TestSync_RevokedWhileOffline(t *testing.T) {
	env := servertest.New(t)
	ctx := t.Context()
	a := env.RegisterCompany(t, "Revoke")
	agent := env.AddAgent(t, a, "Gone Agent", frontlinev1.Role_ROLE_AGENT)
	tk := env.CreateTicket(t, a.Clients, "still here")
	rep := newReplica(t, agent.User)
	if err := rep.SyncOnce(ctx, syncOf(agent.Clients)); err != nil {
		t.Fatal(err)
	}
	if rows, _ := rep.Dump(); len(rows) == 0 {
		t.Fatal("replica empty after initial sync")
	}
	// Offline: a note is queued, then the admin deactivates the agent.
	if _, _, err := rep.AddReply(ctx, tk.GetId(), "written offline", true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Clients.Identity.DeactivateUser(ctx, &frontlinev1.DeactivateUserRequest{UserId: agent.User.GetId()}); err != nil {
		t.Fatal(err)
	}
	err := rep.SyncOnce(ctx, syncOf(agent.Clients))
	if !errors.Is(err, replica.ErrSignedOut) {
		t.Fatalf("sync after deactivation: %v, want ErrSignedOut", err)
	}
	if rows, _ := rep.Dump(); len(rows) != 0 {
		t.Fatalf("replica keeps %d rows after revocation", len(rows))
	}
	if ts, _ := rep.ListTickets(ctx, replica.Filter{}); len(ts) != 0 {
		t.Fatalf("revoked replica still lists %d tickets", len(ts))
	}
	if ob, _ := rep.Outbox(); len(ob) != 1 {
		t.Fatalf("outbox has %d entries, want the 1 queued offline kept", len(ob))
	}
	if !rep.Status().SignedOut {
		t.Fatal("status does not say signed out")
	}
}

// TestSync_DemotionPurgesAdminBucket: a demoted admin's replica drops
// admin-only rows at the next sync.
func TestSync_DemotionPurgesAdminBucket(t *testing.T) {
	env := servertest.New(t)
	ctx := t.Context()
	a := env.RegisterCompany(t, "Demote")
	second := env.AddAgent(t, a, "Second Admin", frontlinev1.Role_ROLE_ADMIN)
	art, err := a.Clients.Knowledge.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: "Guide", Body: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	rep := newReplica(t, second.User)
	tr := syncOf(second.Clients)
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, err := rep.EditArticle(ctx, art.GetArticle().GetId(), 7, "Guide", "stale edit"); err != nil {
		t.Fatal(err)
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if cs, _ := rep.ArticleConflicts(ctx); len(cs) != 1 {
		t.Fatalf("admin sees %d conflict branches, want 1", len(cs))
	}
	if _, err := a.Clients.Identity.SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: second.User.GetId(), Role: frontlinev1.Role_ROLE_AGENT}); err != nil {
		t.Fatal(err)
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if cs, _ := rep.ArticleConflicts(ctx); len(cs) != 0 {
		t.Fatalf("demoted user still holds %d admin-only rows", len(cs))
	}
}

// TestSync_HeldReplyAndMark covers Help Scout's rule (a reply queued before
// the customer wrote again is held, not sent) and the overwrite mark.
func TestSync_HeldReplyAndMark(t *testing.T) {
	env := servertest.New(t)
	ctx := t.Context()
	a := env.RegisterCompany(t, "Held")
	agent := env.AddAgent(t, a, "Off Line", frontlinev1.Role_ROLE_AGENT)
	conv := env.StartConversation(t, a, "my bike squeaks")
	rep := newReplica(t, agent.User)
	tr := syncOf(agent.Clients)
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	tid := conv.Conversation.GetId()
	ts, _ := rep.ListTickets(ctx, replica.Filter{})
	if len(ts) != 1 {
		t.Fatalf("replica lists %d tickets, want 1", len(ts))
	}
	tid = ts[0].Ticket.GetId()
	// Offline: a reply and a priority change are queued.
	if _, _, err := rep.AddReply(ctx, tid, "try oiling it", false); err != nil {
		t.Fatal(err)
	}
	if _, err := rep.SetPriority(ctx, tid, frontlinev1.TicketPriority_TICKET_PRIORITY_LOW); err != nil {
		t.Fatal(err)
	}
	// Meanwhile the customer writes again and the admin changes the priority.
	time.Sleep(5 * time.Millisecond)
	if _, err := conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "it also clicks"}); err != nil {
		t.Fatal(err)
	}
	high := frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH
	if _, err := a.Clients.Tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: tid, Priority: &high}); err != nil {
		t.Fatal(err)
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	rs, _ := rep.Rejections(ctx)
	if len(rs) != 1 || !rs[0].GetHeld() {
		t.Fatalf("rejections %v, want the reply held for review", rs)
	}
	th, err := rep.Ticket(ctx, tid)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range th.Messages {
		if m.Message.GetBody() == "try oiling it" {
			t.Fatal("held reply was sent")
		}
	}
	if th.Mark == nil || th.Mark.GetField() != frontlinev1.TicketField_TICKET_FIELD_PRIORITY || th.Ticket.GetPriority() != frontlinev1.TicketPriority_TICKET_PRIORITY_LOW {
		t.Fatalf("ticket %v mark %v: want priority low with a changed-while-offline mark", th.Ticket.GetPriority(), th.Mark)
	}
	// The agent reviews and sends it anyway.
	if _, err := rep.ConfirmHeld(ctx, rs[0]); err != nil {
		t.Fatal(err)
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	th, _ = rep.Ticket(ctx, tid)
	if last := th.Messages[len(th.Messages)-1]; last.Message.GetBody() != "try oiling it" || last.Pending {
		t.Fatalf("last message %q pending=%v, want the confirmed reply", last.Message.GetBody(), last.Pending)
	}
}

// TestSync_Subscribe: pokes after writes, heartbeats, logout ends the stream,
// over HTTP/1.1.
func TestSync_Subscribe(t *testing.T) {
	env := servertest.New(t, server.WithHeartbeat(50*time.Millisecond))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	a := env.RegisterCompany(t, "Pokes")
	agent := env.AddAgent(t, a, "Stream Agent", frontlinev1.Role_ROLE_AGENT)
	s, err := agent.Clients.Sync.Subscribe(ctx, &frontlinev1.SubscribeRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Receive() {
		t.Fatalf("no first poke: %v", s.Err())
	}
	first := s.Msg().GetLatestSeq()
	env.CreateTicket(t, a.Clients, "poke me")
	var beats int
	for s.Receive() {
		if s.Msg().GetHeartbeat() {
			beats++
			continue
		}
		if s.Msg().GetLatestSeq() > first {
			break
		}
	}
	// Wait for a heartbeat (the session is re-checked at each).
	for beats == 0 && s.Receive() {
		if s.Msg().GetHeartbeat() {
			beats++
		}
	}
	if _, err := agent.Clients.Identity.Logout(ctx, &frontlinev1.LogoutRequest{}); err != nil {
		t.Fatal(err)
	}
	for s.Receive() {
	}
	if got := connect.CodeOf(s.Err()); got != connect.CodeUnauthenticated {
		t.Fatalf("stream after logout ended with %v (%v), want unauthenticated", got, s.Err())
	}
}

// TestSync_TooOldCursorResyncs: a cursor older than the retained log gets
// must_refetch; the replica resyncs and keeps its outbox.
func TestSync_TooOldCursorResyncs(t *testing.T) {
	env := servertest.New(t)
	ctx := t.Context()
	a := env.RegisterCompany(t, "Trim")
	tk := env.CreateTicket(t, a.Clients, "first")
	rep := newReplica(t, a.Admin)
	tr := syncOf(a.Clients)
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	env.CreateTicket(t, a.Clients, "second")
	env.CreateTicket(t, a.Clients, "third")
	ls, err := env.Store.LogState(ctx, a.Company.GetId(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.TrimLog(ctx, a.Company.GetId(), ls.Head-1); err != nil {
		t.Fatal(err)
	}
	if _, err := rep.SetStatus(ctx, tk.GetId(), frontlinev1.TicketStatus_TICKET_STATUS_OPEN); err != nil {
		t.Fatal(err)
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	ts, err := rep.ListTickets(ctx, replica.Filter{})
	if err != nil || len(ts) != 3 {
		t.Fatalf("after resync: %d tickets (%v), want 3", len(ts), err)
	}
	th, _ := rep.Ticket(ctx, tk.GetId())
	if th.Ticket.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_OPEN {
		t.Fatalf("status %v, want the queued change applied", th.Ticket.GetStatus())
	}
	if ob, _ := rep.Outbox(); len(ob) != 0 {
		t.Fatalf("%d pending after sync", len(ob))
	}
}

// TestSync_RunPropagates: two replicas running their sync loops over
// HTTP/1.1; a note written on one appears on the other through a poke.
func TestSync_RunPropagates(t *testing.T) {
	env := servertest.New(t)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	a := env.RegisterCompany(t, "Run")
	agent := env.AddAgent(t, a, "Run Agent", frontlinev1.Role_ROLE_AGENT)
	tk := env.CreateTicket(t, a.Clients, "shared")
	one, two := newReplica(t, a.Admin), newReplica(t, agent.User)
	done := make(chan error, 2)
	go func() { done <- one.Run(ctx, syncOf(a.Clients)) }()
	go func() { done <- two.Run(ctx, syncOf(agent.Clients)) }()
	waitFor := func(r *replica.Replica, ok func() bool) {
		t.Helper()
		for !ok() {
			select {
			case <-r.Changed():
			case <-time.After(50 * time.Millisecond):
			case <-ctx.Done():
				t.Fatal("timed out waiting for the replica")
			}
		}
	}
	waitFor(one, func() bool { th, err := one.Ticket(ctx, tk.GetId()); return err == nil && th != nil })
	id, _, err := one.AddReply(ctx, tk.GetId(), "seen on both", true)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(two, func() bool {
		th, err := two.Ticket(ctx, tk.GetId())
		return err == nil && slices.ContainsFunc(th.Messages, func(m replica.MessageView) bool { return m.Message.GetId() == id })
	})
	waitFor(one, func() bool { return one.Status().Pending == 0 && one.Status().Online })
	cancel()
	for range 2 {
		if err := <-done; !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Run returned %v", err)
		}
	}
}

// TestSync_ArticleEditReachesBot checks that an article edited on a
// desktop replica and pushed through sync changes what the bot answers,
// without a server restart.
func TestSync_ArticleEditReachesBot(t *testing.T) {
	env := newBotEnv(t)
	ctx := t.Context()
	ten, ids := botTenant(t, env, "Edits", bikeKB)
	rep := newReplica(t, ten.Admin)
	tr := syncOf(ten.Clients)
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	// The first question builds the tenant's bot index from the old text.
	_, before := thread(t, env.StartConversation(t, ten, "How long do brake pads last?"))
	if bot := lastOf(before, frontlinev1.AuthorKind_AUTHOR_KIND_BOT); bot == nil || !strings.Contains(bot.GetBody(), "1500 km") {
		t.Fatalf("bot answer before the edit = %v; want the original text", bot)
	}
	id := ids["Brake pads"]
	body := "# Brake pads\n\nReplace the pads when the groove is gone. Ceramic pads from the workshop last about 4000 km."
	if _, err := rep.EditArticle(ctx, id, 1, "Brake pads", body); err != nil {
		t.Fatal(err)
	}
	if err := rep.SyncOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	conv := env.StartConversation(t, ten, "How long do ceramic brake pads last?")
	_, msgs := thread(t, conv)
	bot := lastOf(msgs, frontlinev1.AuthorKind_AUTHOR_KIND_BOT)
	if bot == nil || !strings.Contains(bot.GetBody(), "4000 km") {
		t.Fatalf("bot answer = %v; want the edited article's text", bot)
	}
	if len(bot.GetCitations()) == 0 || bot.GetCitations()[0].GetArticleId() != id {
		t.Errorf("citations = %v; want the edited article", bot.GetCitations())
	}
}
