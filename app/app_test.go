package app_test

import (
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/app"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// quiet drops the App's failure logs; tests assert on the errors instead.
var quiet = slog.New(slog.DiscardHandler)

// recorder is an Emitter that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []event
}

type event struct {
	Name string
	Data any
}

func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event{name, data})
}

// names lists the events sent, leaving out the sync loop's own.
func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		if e.Name != app.EventSyncStatus && e.Name != app.EventReplicaChanged && e.Name != app.EventQueueChanged {
			out = append(out, e.Name)
		}
	}
	return out
}

func (r *recorder) last(name string) any {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.events) - 1; i >= 0; i-- {
		if r.events[i].Name == name {
			return r.events[i].Data
		}
	}
	return nil
}

// rig is a running server with one company, an agent and a few tickets.
type rig struct {
	env     *servertest.Env
	tenant  servertest.Tenant
	agent   servertest.Member
	tickets []*frontlinev1.Ticket
}

func newRig(t *testing.T) rig {
	t.Helper()
	env := servertest.New(t)
	tenant := env.RegisterCompany(t, "Desk Bikes")
	agent := env.AddAgent(t, tenant, "Maya Chen", frontlinev1.Role_ROLE_AGENT)
	r := rig{env: env, tenant: tenant, agent: agent}
	for _, s := range []string{"Brake squeals on descents", "Order 5521 has not shipped", "Chain keeps slipping"} {
		r.tickets = append(r.tickets, env.CreateTicket(t, tenant.Clients, s))
	}
	return r
}

func (r rig) newApp(t *testing.T, rec *recorder) *app.App {
	t.Helper()
	a := app.New(app.Config{
		DefaultServerURL: r.env.URL,
		ConfigDir:        t.TempDir(),
		DataDir:          t.TempDir(),
		Connector:        app.RemoteConnector{HTTPClient: r.env.HTTPClient},
		Emitter:          rec,
		Logger:           quiet,
		CallTimeout:      10 * time.Second,
	})
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	return a
}

func (r rig) signIn(t *testing.T, a *app.App) app.SessionDTO {
	t.Helper()
	s, err := a.Session.Login(r.env.URL, r.tenant.Company.GetName(), r.agent.User.GetEmail(), servertest.Password, false)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	return s
}

// uiError asserts err is a UIError and returns it.
func uiError(t *testing.T, err error) *app.UIError {
	t.Helper()
	ue, ok := err.(*app.UIError)
	if !ok {
		t.Fatalf("error %T %v, want *app.UIError", err, err)
	}
	return ue
}

func TestLogin(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	rec := &recorder{}
	cfgDir := t.TempDir()
	a := app.New(app.Config{
		DefaultServerURL: r.env.URL,
		ConfigDir:        cfgDir,
		Connector:        app.RemoteConnector{HTTPClient: r.env.HTTPClient},
		Emitter:          rec,
		Logger:           quiet,
	})
	t.Cleanup(func() { a.Shutdown(t.Context()) })

	if st := a.Session.Status(); st.SignedIn || st.Remembered.ServerURL != r.env.URL {
		t.Fatalf("Status before login = %+v, want signed out with the default server", st)
	}
	// Mixed case and a trailing slash are accepted.
	got, err := a.Session.Login(" "+r.env.URL+"/ ", strings.ToUpper(r.tenant.Company.GetName()), "Maya.Chen@example.com", servertest.Password, true)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	want := app.SessionDTO{
		ServerURL: r.env.URL,
		Company:   app.CompanyDTO{ID: r.tenant.Company.GetId(), Name: r.tenant.Company.GetName(), WidgetKey: r.tenant.Company.GetWidgetKey()},
		User:      app.UserDTO{ID: r.agent.User.GetId(), Name: "Maya Chen", Email: "maya.chen@example.com", Role: "agent", Active: true},
	}
	if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".ExpiresAt" }, cmp.Ignore())); diff != "" {
		t.Errorf("Login (-want +got):\n%s", diff)
	}
	if got.ExpiresAt == "" {
		t.Error("Login: ExpiresAt is empty")
	}

	st := a.Session.Status()
	if !st.SignedIn || st.Session == nil || st.Session.User.ID != r.agent.User.GetId() {
		t.Errorf("Status after login = %+v", st)
	}
	if ev, ok := rec.last(app.EventSessionChanged).(app.StatusDTO); !ok || !ev.SignedIn {
		t.Errorf("session:changed event = %#v, want a signed-in StatusDTO", rec.last(app.EventSessionChanged))
	}

	me, err := a.Session.Me()
	if err != nil || me.User.Email != "maya.chen@example.com" || me.Company.Name != r.tenant.Company.GetName() {
		t.Errorf("Me = %+v, %v", me, err)
	}

	// Remembered: server, company and email, never the password.
	b, err := os.ReadFile(filepath.Join(cfgDir, "desk-login.json"))
	if err != nil {
		t.Fatalf("remembered file: %v", err)
	}
	if strings.Contains(string(b), servertest.Password) {
		t.Errorf("remembered file contains the password: %s", b)
	}
	wantRem := app.RememberedDTO{ServerURL: r.env.URL, Company: strings.ToUpper(r.tenant.Company.GetName()), Email: "Maya.Chen@example.com"}
	if diff := cmp.Diff(wantRem, a.Session.Status().Remembered); diff != "" {
		t.Errorf("Remembered (-want +got):\n%s", diff)
	}
	// The session is stored for offline sign-in, owner-only, without the password.
	stored, err := filepath.Glob(filepath.Join(cfgDir, "sessions", "*.json"))
	if err != nil || len(stored) != 1 {
		t.Fatalf("stored sessions = %v, %v; want one", stored, err)
	}
	if fi, err := os.Stat(stored[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("stored session mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(filepath.Dir(stored[0])); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("sessions dir mode = %v, %v; want 0700", fi.Mode().Perm(), err)
	}
	if b, _ := os.ReadFile(stored[0]); strings.Contains(string(b), servertest.Password) {
		t.Errorf("stored session contains the password")
	}
	if !a.Session.Status().OfflineAvailable {
		t.Error("Status().OfflineAvailable = false after a remembered login")
	}

	if err := a.Session.Logout(); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if a.Session.Status().SignedIn {
		t.Error("Status after logout: still signed in")
	}
	if stored, _ := filepath.Glob(filepath.Join(cfgDir, "sessions", "*.json")); len(stored) != 0 {
		t.Errorf("stored session left after logout: %v", stored)
	}
	// The token was revoked on the server.
	if _, err := r.env.Clients(r.agent.Token).Identity.WhoAmI(t.Context(), &frontlinev1.WhoAmIRequest{}); err != nil {
		t.Errorf("agent's other session stopped working after this one logged out: %v", err)
	}
	if _, err := a.Tickets.List(app.TicketFilter{}); uiError(t, err).Message != app.MsgNotSignedIn {
		t.Errorf("List after logout: %v, want %q", err, app.MsgNotSignedIn)
	}
	if err := a.Session.Forget(); err != nil {
		t.Fatalf("Forget: %v", err)
	}
	if rem := a.Session.Status().Remembered; rem.Company != "" || rem.Email != "" {
		t.Errorf("Remembered after Forget = %+v", rem)
	}
	if diff := cmp.Diff([]string{app.EventSessionChanged, app.EventSessionChanged}, rec.names()); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestLoginErrors(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	company, email := r.tenant.Company.GetName(), r.agent.User.GetEmail()

	// An address nothing listens on: bind a port, then free it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + ln.Addr().String()
	ln.Close()

	tests := []struct {
		name                       string
		url, company, email, pass  string
		wantMsg, wantField, wantKd string
	}{
		{"wrong_password", r.env.URL, company, email, "not-the-password", app.MsgWrongCredentials, "", app.KindAuth},
		{"unknown_company", r.env.URL, "No Such Company", email, servertest.Password, app.MsgWrongCredentials, "", app.KindAuth},
		{"unknown_email", r.env.URL, company, "nobody@example.com", servertest.Password, app.MsgWrongCredentials, "", app.KindAuth},
		{"unreachable_server", deadURL, company, email, servertest.Password, app.MsgOffline, "", app.KindOffline},
		{"empty_company", r.env.URL, "  ", email, servertest.Password, "Enter your company name", "company", app.KindInvalid},
		{"empty_email", r.env.URL, company, "", servertest.Password, "Enter your email", "email", app.KindInvalid},
		{"bad_email", r.env.URL, company, "maya", servertest.Password, "Enter a valid email address", "email", app.KindInvalid},
		{"empty_password", r.env.URL, company, email, "", "Enter your password", "password", app.KindInvalid},
		{"bad_server_url", "ftp://example.com", company, email, servertest.Password, "Enter the server address, like http://127.0.0.1:8080", "serverURL", app.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := r.newApp(t, &recorder{})
			_, err := a.Session.Login(tt.url, tt.company, tt.email, tt.pass, false)
			ue := uiError(t, err)
			got := [3]string{ue.Message, ue.Field, ue.Kind}
			if want := [3]string{tt.wantMsg, tt.wantField, tt.wantKd}; got != want {
				t.Errorf("Login error = %q, want %q", got, want)
			}
			if a.Session.Status().SignedIn {
				t.Error("signed in after a failed login")
			}
		})
	}
}

func TestTickets(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	rec := &recorder{}
	a := r.newApp(t, rec)
	me := r.signIn(t, a)

	subjects := func(ts []app.TicketDTO) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Subject)
		}
		return out
	}
	list := func(view string) []app.TicketDTO {
		t.Helper()
		ts, err := a.Tickets.List(app.TicketFilter{View: view})
		if err != nil {
			t.Fatalf("List(%q): %v", view, err)
		}
		return ts
	}

	open := list(app.ViewOpen)
	if diff := cmp.Diff([]string{"Brake squeals on descents", "Chain keeps slipping", "Order 5521 has not shipped"}, subjects(open),
		cmp.Transformer("sort", func(in []string) []string { out := append([]string(nil), in...); sortStrings(out); return out })); diff != "" {
		t.Errorf("List(open) subjects (-want +got):\n%s", diff)
	}
	first := open[0]
	if first.Status != "new" || first.Priority != "normal" || first.CustomerName != "Casey Customer" || first.Number == 0 || first.UpdatedAt == "" || first.Channel != "desk" {
		t.Errorf("List(open)[0] = %+v", first)
	}
	if got := list(app.ViewMine); len(got) != 0 {
		t.Errorf("List(mine) before assigning = %v, want none", subjects(got))
	}
	if got := list(app.ViewUnassigned); len(got) != 3 {
		t.Errorf("List(unassigned) = %v, want 3", subjects(got))
	}

	target := r.tickets[1] // "Order 5521 has not shipped"
	d, err := a.Tickets.Get(target.GetId())
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d.Ticket.Subject != target.GetSubject() || len(d.Messages) != 1 || d.Messages[0].AuthorKind != "customer" ||
		d.Messages[0].Body != "Please help with: Order 5521 has not shipped" || d.Messages[0].Internal {
		t.Errorf("Get = %+v", d)
	}

	assigned, err := a.Tickets.AssignToMe(target.GetId())
	if err != nil {
		t.Fatalf("AssignToMe: %v", err)
	}
	if assigned.AssigneeID != me.User.ID || assigned.AssigneeName != "Maya Chen" {
		t.Errorf("AssignToMe = assignee %q %q", assigned.AssigneeID, assigned.AssigneeName)
	}
	if got := subjects(list(app.ViewMine)); !cmp.Equal(got, []string{target.GetSubject()}) {
		t.Errorf("List(mine) = %v", got)
	}

	reply, err := a.Tickets.Reply(target.GetId(), "It left the warehouse this morning <b>tracking</b> 1Z999")
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if reply.AuthorKind != "agent" || reply.Internal || reply.AuthorName != "Maya Chen" || reply.TicketID != target.GetId() {
		t.Errorf("Reply = %+v", reply)
	}
	if ev, ok := rec.last(app.EventTicketUpdated).(app.TicketDTO); !ok || ev.ID != target.GetId() || ev.Status != "open" {
		t.Errorf("ticket:updated after reply = %#v, want the ticket, now open", rec.last(app.EventTicketUpdated))
	}
	if ev, ok := rec.last(app.EventMessageAdded).(app.MessageDTO); !ok || ev.ID != reply.ID {
		t.Errorf("message:added after reply = %#v", rec.last(app.EventMessageAdded))
	}

	note, err := a.Tickets.AddNote(target.GetId(), "Customer asked twice already; be kind.")
	if err != nil {
		t.Fatalf("AddNote: %v", err)
	}
	if !note.Internal || note.AuthorKind != "agent" {
		t.Errorf("AddNote = %+v", note)
	}

	d, err = a.Tickets.Get(target.GetId())
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	type msg struct {
		Kind, Body string
		Internal   bool
	}
	var thread []msg
	for _, m := range d.Messages {
		thread = append(thread, msg{m.AuthorKind, m.Body, m.Internal})
	}
	wantThread := []msg{
		{"customer", "Please help with: Order 5521 has not shipped", false},
		{"agent", "It left the warehouse this morning <b>tracking</b> 1Z999", false},
		{"agent", "Customer asked twice already; be kind.", true},
	}
	if diff := cmp.Diff(wantThread, thread); diff != "" {
		t.Errorf("thread (-want +got):\n%s", diff)
	}
	if d.Ticket.Status != "open" || d.Ticket.MessageCount != 3 || d.Ticket.AssigneeName != "Maya Chen" {
		t.Errorf("ticket after reply and note = %+v", d.Ticket)
	}

	pending, err := a.Tickets.SetStatus(target.GetId(), "pending")
	if err != nil || pending.Status != "pending" {
		t.Fatalf("SetStatus(pending) = %+v, %v", pending, err)
	}
	if got := subjects(list(app.ViewPending)); !cmp.Equal(got, []string{target.GetSubject()}) {
		t.Errorf("List(pending) = %v", got)
	}
	high, err := a.Tickets.SetPriority(target.GetId(), "high")
	if err != nil || high.Priority != "high" {
		t.Fatalf("SetPriority(high) = %+v, %v", high, err)
	}
	unassigned, err := a.Tickets.Assign(target.GetId(), "")
	if err != nil || unassigned.AssigneeID != "" || unassigned.AssigneeName != "" {
		t.Fatalf("Assign(\"\") = %+v, %v", unassigned, err)
	}
	if _, err := a.Tickets.SetStatus(target.GetId(), "closed"); err != nil {
		t.Fatalf("SetStatus(closed): %v", err)
	}
	if got := subjects(list(app.ViewResolved)); !cmp.Equal(got, []string{target.GetSubject()}) {
		t.Errorf("List(resolved) = %v", got)
	}
	if got := list(app.ViewAll); len(got) != 3 {
		t.Errorf("List(all) = %v, want 3", subjects(got))
	}

	agents, err := a.Tickets.Agents()
	if err != nil {
		t.Fatalf("Agents: %v", err)
	}
	var names []string
	for _, u := range agents {
		names = append(names, u.Name)
	}
	sortStrings(names)
	if diff := cmp.Diff([]string{"Desk Bikes Admin", "Maya Chen"}, names); diff != "" {
		t.Errorf("Agents (-want +got):\n%s", diff)
	}

	// Failures the UI must explain.
	errTests := []struct {
		name               string
		call               func() error
		wantMsg, wantField string
		wantKind           string
	}{
		{"reopen_closed", func() error { _, err := a.Tickets.SetStatus(target.GetId(), "open"); return err }, "A closed ticket cannot become open", "status", app.KindInvalid},
		{"unknown_status", func() error { _, err := a.Tickets.SetStatus(target.GetId(), "sleeping"); return err }, "Unknown status", "status", app.KindInvalid},
		{"unknown_priority", func() error { _, err := a.Tickets.SetPriority(target.GetId(), "meh"); return err }, "Unknown priority", "priority", app.KindInvalid},
		{"empty_reply", func() error { _, err := a.Tickets.Reply(target.GetId(), " \n "); return err }, "Write something first", "body", app.KindInvalid},
		{"long_reply", func() error { _, err := a.Tickets.Reply(target.GetId(), strings.Repeat("x", 20001)); return err }, "That message is too long (20,000 characters at most)", "body", app.KindInvalid},
		{"missing_ticket", func() error { _, err := a.Tickets.Get(desk.NewID(time.Now())); return err }, app.MsgNotFound, "", app.KindNotFound},
		{"unknown_view", func() error { _, err := a.Tickets.List(app.TicketFilter{View: "later"}); return err }, "Unknown inbox view", "view", app.KindInvalid},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			ue := uiError(t, tt.call())
			if ue.Kind != tt.wantKind || ue.Field != tt.wantField {
				t.Errorf("error = %+v, want kind %q field %q", ue, tt.wantKind, tt.wantField)
			}
			if ue.Message != tt.wantMsg {
				t.Errorf("message = %q, want %q", ue.Message, tt.wantMsg)
			}
		})
	}
}

func TestSessionEndedOnServer(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.newApp(t, &recorder{})
	me := r.signIn(t, a)
	if _, err := r.tenant.Clients.Identity.DeactivateUser(t.Context(), &frontlinev1.DeactivateUserRequest{UserId: me.User.ID}); err != nil {
		t.Fatalf("DeactivateUser: %v", err)
	}
	// The sync loop hears it (the server ends the stream) and signs out.
	var err error
	eventually(t, 10*time.Second, func() bool { _, err = a.Tickets.List(app.TicketFilter{}); return err != nil })
	if ue := uiError(t, err); ue.Message != app.MsgSessionExpired || ue.Kind != app.KindAuth {
		t.Errorf("List after deactivation = %+v, want %q", ue, app.MsgSessionExpired)
	}
	if st := a.Session.Status(); st.SignedIn || st.Notice != app.MsgSessionExpired {
		t.Errorf("Status after deactivation = %+v, want signed out with a notice", st)
	}
}

func TestServerGoesAway(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	// A private client, so closing its connections does not disturb others.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, ln, strings.TrimPrefix(r.env.URL, "http://"))
	a := app.New(app.Config{Connector: app.RemoteConnector{HTTPClient: app.NewHTTPClient()}, Emitter: &recorder{}, ConfigDir: t.TempDir(), Logger: quiet})
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	if _, err := a.Session.Login("http://"+ln.Addr().String(), r.tenant.Company.GetName(), r.agent.User.GetEmail(), servertest.Password, false); err != nil {
		t.Fatalf("Login through proxy: %v", err)
	}
	if ts, err := a.Tickets.List(app.TicketFilter{}); err != nil || len(ts) != 3 {
		t.Fatalf("List through proxy = %d tickets, %v", len(ts), err)
	}
	proxy.stop()
	// Reads come from the replica: the desk keeps working.
	if ts, err := a.Tickets.List(app.TicketFilter{}); err != nil || len(ts) != 3 {
		t.Errorf("List with the server gone = %d tickets, %v; want 3 from the replica", len(ts), err)
	}
	if _, err := a.Tickets.Get(r.tickets[0].GetId()); err != nil {
		t.Errorf("Get with the server gone: %v", err)
	}
	// Me needs the server.
	if _, err := a.Session.Me(); uiError(t, err).Kind != app.KindOffline {
		t.Errorf("Me with the server gone = %v, want kind offline", err)
	}
}
