package app_test

import (
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/app"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
	"github.com/frontlinedesk/frontline/sync/synctest"
)

// offlineRig is a rig whose desk reaches the server through a proxy the
// test can cut and restore on the same address.
type offlineRig struct {
	rig
	addr  string
	proxy *tcpProxy
}

func newOfflineRig(t *testing.T) *offlineRig {
	t.Helper()
	r := newRig(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o := &offlineRig{rig: r, addr: ln.Addr().String()}
	o.proxy = newTCPProxy(t, ln, strings.TrimPrefix(r.env.URL, "http://"))
	return o
}

func (o *offlineRig) cut() { o.proxy.stop() }

func (o *offlineRig) restore(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", o.addr, err)
	}
	o.proxy = newTCPProxy(t, ln, strings.TrimPrefix(o.env.URL, "http://"))
}

func (o *offlineRig) app(t *testing.T, cfgDir, dataDir string, rec *recorder) *app.App {
	t.Helper()
	a := app.New(app.Config{
		DefaultServerURL: "http://" + o.addr,
		ConfigDir:        cfgDir,
		DataDir:          dataDir,
		// Its own connections, so cutting the proxy cuts them.
		Connector:   app.RemoteConnector{HTTPClient: app.NewHTTPClient(), StreamClient: app.NewStreamClient(), CallTimeout: 5 * time.Second},
		Emitter:     rec,
		Logger:      quiet,
		CallTimeout: 10 * time.Second,
	})
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	return a
}

func syncStatus(t *testing.T, a *app.App) app.SyncStatusDTO {
	t.Helper()
	st, err := a.Sync.Status()
	if err != nil {
		t.Fatalf("Sync.Status: %v", err)
	}
	return st
}

// serverThread reads a ticket through the API, as a second client would.
func serverThread(t *testing.T, c servertest.Clients, id string) *frontlinev1.GetTicketResponse {
	t.Helper()
	res, err := c.Tickets.GetTicket(t.Context(), &frontlinev1.GetTicketRequest{Id: id})
	if err != nil {
		t.Fatalf("GetTicket: %v", err)
	}
	return res
}

func TestOfflineWorkSyncs(t *testing.T) {
	t.Parallel()
	o := newOfflineRig(t)
	rec := &recorder{}
	a := o.app(t, t.TempDir(), t.TempDir(), rec)
	if _, err := a.Session.Login("http://"+o.addr, o.tenant.Company.GetName(), o.agent.User.GetEmail(), servertest.Password, true); err != nil {
		t.Fatalf("Login: %v", err)
	}
	// The first sync ran before Login returned: the inbox is local.
	st := syncStatus(t, a)
	if st.SyncedUpTo == 0 || st.InitialSync || st.Pending != 0 {
		t.Errorf("status after login = %+v, want synced with nothing pending", st)
	}
	eventually(t, 5*time.Second, func() bool { return syncStatus(t, a).Online })
	if ts, err := a.Tickets.List(app.TicketFilter{View: app.ViewUnassigned}); err != nil || len(ts) != 3 {
		t.Fatalf("List(unassigned) = %d, %v; want 3", len(ts), err)
	}
	if arts, err := a.Tickets.Articles(); err != nil || arts == nil {
		t.Errorf("Articles = %v, %v", arts, err)
	}

	target := o.tickets[2]
	o.cut()
	reply, err := a.Tickets.Reply(target.GetId(), "Written offline: try a new chain")
	if err != nil {
		t.Fatalf("Reply offline: %v", err)
	}
	if !reply.Pending || reply.AuthorName != "Maya Chen" {
		t.Errorf("Reply offline = %+v, want a pending message by Maya Chen", reply)
	}
	tk, err := a.Tickets.SetStatus(target.GetId(), "pending")
	if err != nil || tk.Status != "pending" || !tk.Pending {
		t.Fatalf("SetStatus offline = %+v, %v; want pending, marked pending", tk, err)
	}
	if err := a.Tickets.SaveDraft(o.tickets[0].GetId(), "half a thought"); err != nil {
		t.Fatalf("SaveDraft offline: %v", err)
	}
	eventually(t, 10*time.Second, func() bool { st := syncStatus(t, a); return !st.Online && st.Pending == 3 })
	// The optimistic view: the inbox and the thread show the changes now.
	pend, err := a.Tickets.List(app.TicketFilter{View: app.ViewPending})
	if err != nil || len(pend) != 1 || pend[0].ID != target.GetId() {
		t.Errorf("List(pending) offline = %+v, %v", pend, err)
	}
	d, err := a.Tickets.Get(target.GetId())
	if err != nil || len(d.Messages) != 2 || !d.Messages[1].Pending || d.Messages[1].Body != "Written offline: try a new chain" {
		t.Errorf("Get offline = %+v, %v", d, err)
	}
	if d, _ := a.Tickets.Get(o.tickets[0].GetId()); d.Draft != "half a thought" {
		t.Errorf("draft offline = %q", d.Draft)
	}
	if got := serverThread(t, o.tenant.Clients, target.GetId()); len(got.GetMessages()) != 1 {
		t.Fatalf("server has %d messages while the desk is offline, want 1", len(got.GetMessages()))
	}

	// Back online: the outbox drains and the server has everything.
	o.restore(t)
	if err := a.Sync.Reconnect(); err != nil {
		t.Fatalf("Reconnect: %v", err)
	}
	eventually(t, 15*time.Second, func() bool { st := syncStatus(t, a); return st.Online && st.Pending == 0 })
	got := serverThread(t, o.tenant.Clients, target.GetId())
	if got.GetTicket().GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_PENDING {
		t.Errorf("server status = %v, want pending", got.GetTicket().GetStatus())
	}
	if n := len(got.GetMessages()); n != 2 || got.GetMessages()[1].GetBody() != "Written offline: try a new chain" || got.GetMessages()[1].GetId() != reply.ID {
		t.Errorf("server thread = %v, want the offline reply with the desk's id", got.GetMessages())
	}
	d, err = a.Tickets.Get(target.GetId())
	if err != nil || d.Ticket.Pending || d.Messages[1].Pending {
		t.Errorf("Get after sync = %+v, %v; want nothing pending", d, err)
	}
	names := rec.names()
	if !slices.Contains(names, app.EventMessageAdded) || !slices.Contains(names, app.EventTicketUpdated) {
		t.Errorf("events = %v", names)
	}

	// A second desk (the admin's own replica) sees it.
	b := o.rig.newApp(t, &recorder{})
	if _, err := b.Session.Login(o.env.URL, o.tenant.Company.GetName(), "admin@example.com", servertest.Password, false); err != nil {
		t.Fatalf("second desk login: %v", err)
	}
	d2, err := b.Tickets.Get(target.GetId())
	if err != nil || d2.Ticket.Status != "pending" || len(d2.Messages) != 2 || d2.Messages[1].AuthorName != "Maya Chen" || d2.Messages[1].Pending {
		t.Errorf("second desk Get = %+v, %v", d2, err)
	}
	// And its changes reach the first desk live.
	if _, err := b.Tickets.SetPriority(target.GetId(), "urgent"); err != nil {
		t.Fatalf("second desk SetPriority: %v", err)
	}
	eventually(t, 10*time.Second, func() bool {
		d, err := a.Tickets.Get(target.GetId())
		return err == nil && d.Ticket.Priority == "urgent"
	})
}

func TestContinueOffline(t *testing.T) {
	t.Parallel()
	o := newOfflineRig(t)
	cfgDir, dataDir := t.TempDir(), t.TempDir()
	company, email := o.tenant.Company.GetName(), o.agent.User.GetEmail()
	first := o.app(t, cfgDir, dataDir, &recorder{})
	if _, err := first.Session.Login("http://"+o.addr, company, email, servertest.Password, true); err != nil {
		t.Fatalf("Login: %v", err)
	}
	first.Shutdown(t.Context()) // quit without logging out
	o.cut()

	a := o.app(t, cfgDir, dataDir, &recorder{})
	_, err := a.Session.Login("", company, email, servertest.Password, true)
	if ue := uiError(t, err); ue.Kind != app.KindOffline {
		t.Fatalf("Login with the server gone = %+v, want offline", ue)
	}
	if !a.Session.Status().OfflineAvailable {
		t.Fatal("OfflineAvailable = false for the remembered account")
	}
	tests := []struct {
		name, email, pw, want string
	}{
		{"wrong_password", email, "nope", app.MsgOfflineWrongPwd},
		{"unknown_account", "sam@example.com", servertest.Password, app.MsgNoOfflineCopy},
	}
	for _, tt := range tests {
		_, err := a.Session.ContinueOffline("", company, tt.email, tt.pw)
		if ue := uiError(t, err); ue.Message != tt.want || ue.Kind != app.KindAuth {
			t.Errorf("%s: ContinueOffline = %+v, want %q", tt.name, ue, tt.want)
		}
	}
	s, err := a.Session.ContinueOffline("", strings.ToUpper(company), email, servertest.Password)
	if err != nil || s.User.ID != o.agent.User.GetId() {
		t.Fatalf("ContinueOffline = %+v, %v", s, err)
	}
	ts, err := a.Tickets.List(app.TicketFilter{})
	if err != nil || len(ts) != 3 {
		t.Fatalf("List offline after restart = %d, %v; want 3 from the replica on disk", len(ts), err)
	}
	if _, err := a.Tickets.AddNote(o.tickets[0].GetId(), "noted offline"); err != nil {
		t.Fatalf("AddNote offline: %v", err)
	}
	if st := syncStatus(t, a); st.Online || st.Pending != 1 {
		t.Errorf("status offline = %+v", st)
	}
	o.restore(t)
	if err := a.Sync.Reconnect(); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, func() bool { st := syncStatus(t, a); return st.Online && st.Pending == 0 })
	msgs := serverThread(t, o.tenant.Clients, o.tickets[0].GetId()).GetMessages()
	if last := msgs[len(msgs)-1]; last.GetBody() != "noted offline" || !last.GetInternal() {
		t.Errorf("server's last message = %v, want the offline note", last)
	}
}

func TestHeldReplyNeedsConfirmation(t *testing.T) {
	t.Parallel()
	o := newOfflineRig(t)
	a := o.app(t, t.TempDir(), t.TempDir(), &recorder{})
	if _, err := a.Session.Login("http://"+o.addr, o.tenant.Company.GetName(), o.agent.User.GetEmail(), servertest.Password, false); err != nil {
		t.Fatalf("Login: %v", err)
	}
	target := o.tickets[1]
	o.cut()
	if _, err := a.Tickets.Reply(target.GetId(), "Shipped yesterday"); err != nil {
		t.Fatalf("Reply offline: %v", err)
	}
	// Meanwhile the customer writes again.
	if err := synctest.CustomerMessage(t.Context(), o.env.Store, o.tenant.Company.GetId(), target.GetId(), "Actually, cancel it", time.Now()); err != nil {
		t.Fatalf("customer message: %v", err)
	}
	o.restore(t)
	if err := a.Sync.Reconnect(); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, func() bool { st := syncStatus(t, a); return st.Held == 1 && st.Pending == 0 })
	items, err := a.Sync.Attention()
	if err != nil || len(items) != 1 {
		t.Fatalf("Attention = %+v, %v; want one held reply", items, err)
	}
	it := items[0]
	if !it.Held || it.Kind != "reply" || it.Summary != "Shipped yesterday" || it.TicketNumber != target.GetNumber() || it.Reason == "" {
		t.Errorf("Attention[0] = %+v", it)
	}
	for _, m := range serverThread(t, o.tenant.Clients, target.GetId()).GetMessages() {
		if m.GetBody() == "Shipped yesterday" {
			t.Fatal("the held reply reached the customer before it was confirmed")
		}
	}
	if err := a.Sync.Confirm(it.ID); err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	eventually(t, 15*time.Second, func() bool {
		msgs := serverThread(t, o.tenant.Clients, target.GetId()).GetMessages()
		return msgs[len(msgs)-1].GetBody() == "Shipped yesterday"
	})
	if st := syncStatus(t, a); st.Held != 0 {
		t.Errorf("status after confirm = %+v, want nothing held", st)
	}
	if err := a.Sync.Dismiss(it.ID); uiError(t, err).Kind != app.KindNotFound {
		t.Errorf("Dismiss after Confirm = %v, want notfound", err)
	}
}

func TestRejectedChangeIsShown(t *testing.T) {
	t.Parallel()
	o := newOfflineRig(t)
	a := o.app(t, t.TempDir(), t.TempDir(), &recorder{})
	if _, err := a.Session.Login("http://"+o.addr, o.tenant.Company.GetName(), o.agent.User.GetEmail(), servertest.Password, false); err != nil {
		t.Fatalf("Login: %v", err)
	}
	target := o.tickets[0]
	o.cut()
	if _, err := a.Tickets.SetStatus(target.GetId(), "resolved"); err != nil {
		t.Fatalf("SetStatus offline: %v", err)
	}
	// Meanwhile someone closes it on the server; resolved cannot follow closed.
	closed := frontlinev1.TicketStatus_TICKET_STATUS_CLOSED
	if _, err := o.tenant.Clients.Tickets.UpdateTicket(t.Context(), &frontlinev1.UpdateTicketRequest{Id: target.GetId(), Status: &closed}); err != nil {
		t.Fatalf("close on the server: %v", err)
	}
	o.restore(t)
	if err := a.Sync.Reconnect(); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, func() bool { st := syncStatus(t, a); return st.Rejected == 1 && st.Pending == 0 })
	items, err := a.Sync.Attention()
	if err != nil || len(items) != 1 || items[0].Held || items[0].Kind != "status" || items[0].Reason == "" {
		t.Fatalf("Attention = %+v, %v; want one refused status change with a reason", items, err)
	}
	if d, _ := a.Tickets.Get(target.GetId()); d.Ticket.Status != "closed" {
		t.Errorf("ticket status after the refusal = %q, want closed (the server's)", d.Ticket.Status)
	}
	if err := a.Sync.Dismiss(items[0].ID); err != nil {
		t.Fatalf("Dismiss: %v", err)
	}
	if st := syncStatus(t, a); st.Rejected != 0 {
		t.Errorf("status after dismiss = %+v", st)
	}
}
