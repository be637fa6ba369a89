package server_test

import (
	"context"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/mailer"
	"github.com/frontlinedesk/frontline/server/mailer/mailertest"
)

// mailBody returns a received mail's subject and decoded body.
func mailBody(t *testing.T, m mailertest.Mail) (string, string) {
	t.Helper()
	head, enc, _ := strings.Cut(m.Data, "\n\n")
	dec, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(enc)))
	if err != nil {
		t.Fatal(err)
	}
	subject := ""
	for l := range strings.Lines(head) {
		if s, ok := strings.CutPrefix(strings.TrimSpace(l), "Subject: "); ok {
			subject = s
		}
	}
	return subject, strings.ReplaceAll(string(dec), "\r\n", "\n")
}

func nextMail(t *testing.T, srv *mailertest.Server) mailertest.Mail {
	t.Helper()
	select {
	case m := <-srv.Mail():
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no mail arrived")
	}
	return mailertest.Mail{}
}

// referer makes a client send the page its widget runs on.
func referer(page string) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Referer", page)
			return next(ctx, req)
		}
	}))
}

func TestWidget_EmailsAgentRepliesOutOfHours(t *testing.T) {
	t.Parallel()
	smtpd := mailertest.New(t)
	// Sunday 03:00 UTC, moving with real time; the team works Monday to
	// Friday 09:00-17:00 UTC.
	base, start := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC), time.Now()
	const delay = 150 * time.Millisecond
	env := newBotEnv(t,
		server.WithClock(func() time.Time { return base.Add(time.Since(start)) }),
		server.WithMailer(&mailer.SMTP{Addr: smtpd.Addr, From: "Northwind <support@northwind.test>", Timeout: 5 * time.Second}),
		server.WithReplyMailDelay(delay),
		server.WithHeartbeat(time.Hour),
	)
	ctx := t.Context()
	var days []*frontlinev1.OpeningHours
	for wd := int32(1); wd <= 5; wd++ {
		days = append(days, &frontlinev1.OpeningHours{Weekday: wd, Open: "09:00", Close: "17:00"})
	}
	away := env.RegisterCompany(t, "Away")
	must(away.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{
		BotEnabled: true, BotName: "Away bot", BusinessHours: &frontlinev1.BusinessHours{TimeZone: "UTC", Days: days},
	}}))(t)
	open, _ := botTenant(t, env, "Always open", nil) // no business hours: always open

	conv := env.StartConversation(t, away, "My rear derailleur skips gears")
	must(conv.Clients.Widget.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{}))(t)
	c, _ := thread(t, conv)
	if !c.GetQueue().GetOutsideHours() || !strings.Contains(c.GetQueue().GetNotice(), "We will email you at wendy@example.com") {
		t.Fatalf("queue = %v; want the out-of-hours notice promising an email", c.GetQueue())
	}
	// A page the tenant does not allow is never linked; the server's own
	// demo page is.
	evil := env.Clients(conv.Token, referer("https://phish.example/login"))
	must(evil.Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{}))(t)

	// Two replies in a row and an internal note: one mail with both replies.
	id := conv.Conversation.GetId()
	must(away.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: "Hi Wendy, the cable may be stretched."}))(t)
	must(away.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: "SECRET note: check stock", Internal: true}))(t)
	must(away.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: "Turn the barrel adjuster a quarter turn."}))(t)
	m := nextMail(t, smtpd)
	subject, body := mailBody(t, m)
	if len(m.To) != 1 || m.To[0] != "wendy@example.com" || !strings.HasPrefix(subject, away.Company.GetName()+" replied to your conversation") {
		t.Errorf("mail to %v, subject %q; want the customer and a reply subject", m.To, subject)
	}
	for _, want := range []string{"the cable may be stretched", "barrel adjuster"} {
		if !strings.Contains(body, want) {
			t.Errorf("mail lacks %q:\n%s", want, body)
		}
	}
	for _, bad := range []string{"SECRET", "phish.example", "derailleur"} {
		if strings.Contains(body, bad) {
			t.Errorf("mail contains %q:\n%s", bad, body)
		}
	}

	// While the customer watches, replies are seen live and not mailed.
	wctx, stopWatch := context.WithCancel(ctx)
	stream, err := conv.Clients.Widget.WatchConversation(wctx, &frontlinev1.WatchConversationRequest{})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *frontlinev1.WatchConversationResponse, 64)
	go func() {
		defer close(events)
		for stream.Receive() {
			events <- stream.Msg()
		}
	}()
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetConversation() != nil })
	must(away.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: "Are you there? (seen live)"}))(t)
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool {
		return strings.Contains(e.GetMessage().GetBody(), "seen live")
	})
	// A conversation handed over in business hours is not mailed either.
	conv2 := env.StartConversation(t, open, "My saddle is loose")
	must(conv2.Clients.Widget.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{}))(t)
	must(open.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: conv2.Conversation.GetId(), Body: "Tighten the seat clamp."}))(t)
	time.Sleep(4 * delay)
	stopWatch()
	_ = stream.Close()
	for range events { // wait for the stream to end
	}

	// The customer left: the next reply is mailed, alone, with the link
	// to the page they used.
	page := env.URL + "/demo/" + away.Company.GetWidgetKey()
	must(env.Clients(conv.Token, referer(page)).Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{}))(t)
	must(away.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: "Fixed it? Tell us!"}))(t)
	m = nextMail(t, smtpd)
	_, body = mailBody(t, m)
	if !strings.Contains(body, "Fixed it? Tell us!") || !strings.Contains(body, page) {
		t.Errorf("second mail = %q; want the new reply and a link to %s", body, page)
	}
	for _, bad := range []string{"seen live", "barrel adjuster", "seat clamp"} {
		if strings.Contains(body, bad) {
			t.Errorf("second mail repeats %q:\n%s", bad, body)
		}
	}
	select {
	case m := <-smtpd.Mail():
		t.Errorf("unexpected extra mail to %v", m.To)
	case <-time.After(2 * delay):
	}
}
