package server_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/mailer"
	"github.com/frontlinedesk/frontline/server/mailer/mailertest"
	"github.com/frontlinedesk/frontline/server/ratelimit"
	"github.com/frontlinedesk/frontline/server/servertest"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

// fakeClock is a settable clock shared by the server and the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// monday10 is the next Monday 10:00 UTC from now (the store checks session
// expiry against the real clock, so test clocks start near it).
var monday10 = func() time.Time {
	t := time.Now().UTC().Truncate(24 * time.Hour).Add(10 * time.Hour)
	for t.Weekday() != time.Monday || t.Before(time.Now()) {
		t = t.Add(24 * time.Hour)
	}
	return t
}()

// watch opens a WatchConversation stream and feeds its events to a channel
// that closes when the stream ends; the stream's error is sent on errc.
func watch(t *testing.T, c servertest.Clients) (<-chan *frontlinev1.WatchConversationResponse, <-chan error) {
	t.Helper()
	stream, err := c.Widget.WatchConversation(t.Context(), &frontlinev1.WatchConversationRequest{})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *frontlinev1.WatchConversationResponse, 64)
	errc := make(chan error, 1)
	go func() {
		defer close(events)
		for stream.Receive() {
			events <- stream.Msg()
		}
		errc <- stream.Err()
		stream.Close()
	}()
	return events, errc
}

func TestWidgetSettings_Validation(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Settings")
	tests := []struct {
		name      string
		settings  *frontlinev1.WidgetSettings
		wantField string
	}{
		{"origin_with_path", &frontlinev1.WidgetSettings{AllowedOrigins: []string{"https://shop.example/path"}}, "settings.allowed_origins[0]"},
		{"origin_not_http", &frontlinev1.WidgetSettings{AllowedOrigins: []string{"https://ok.example", "ftp://files.example"}}, "settings.allowed_origins[1]"},
		{"colour_name", &frontlinev1.WidgetSettings{AccentColor: "red"}, "settings.accent_color"},
		{"colour_css_injection", &frontlinev1.WidgetSettings{AccentColor: "#fff;}body{x:y"}, "settings.accent_color"},
		{"bot_name_two_lines", &frontlinev1.WidgetSettings{BotName: "Bot\nName"}, "settings.bot_name"},
		{"greeting_too_long", &frontlinev1.WidgetSettings{Greeting: strings.Repeat("g", 301)}, "settings.greeting"},
		{"timeout_too_short", &frontlinev1.WidgetSettings{InactivityTimeoutMinutes: 2}, "settings.inactivity_timeout_minutes"},
		{"unknown_time_zone", &frontlinev1.WidgetSettings{BusinessHours: &frontlinev1.BusinessHours{TimeZone: "Mars/Olympus"}}, "settings.business_hours.time_zone"},
		{"bad_weekday", &frontlinev1.WidgetSettings{BusinessHours: &frontlinev1.BusinessHours{Days: []*frontlinev1.OpeningHours{{Weekday: 7, Open: "09:00", Close: "17:00"}}}}, "settings.business_hours.days[0].weekday"},
		{"close_before_open", &frontlinev1.WidgetSettings{BusinessHours: &frontlinev1.BusinessHours{Days: []*frontlinev1.OpeningHours{{Weekday: 1, Open: "17:00", Close: "09:00"}}}}, "settings.business_hours.days[0].close"},
		{"bad_time", &frontlinev1.WidgetSettings{BusinessHours: &frontlinev1.BusinessHours{Days: []*frontlinev1.OpeningHours{{Weekday: 1, Open: "9am", Close: "17:00"}}}}, "settings.business_hours.days[0].open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ten.Clients.WidgetAdmin.UpdateWidgetSettings(t.Context(), &frontlinev1.UpdateWidgetSettingsRequest{Settings: tt.settings})
			wantCode(t, tt.name, err, connect.CodeInvalidArgument)
			var ce *connect.Error
			if errorAs(err, &ce) && !strings.HasPrefix(ce.Message(), tt.wantField+": ") {
				t.Errorf("message = %q; want it to name %s", ce.Message(), tt.wantField)
			}
		})
	}
}

func TestWidgetSettings_ConfigAndBusinessHours(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, server.WithClock(func() time.Time { return monday10 }))
	ten := env.RegisterCompany(t, "Hours")
	ctx := t.Context()
	key := &frontlinev1.GetWidgetConfigRequest{WidgetKey: ten.Company.GetWidgetKey()}

	def := must(ten.Clients.WidgetAdmin.GetWidgetSettings(ctx, &frontlinev1.GetWidgetSettingsRequest{}))(t).GetSettings()
	if def.GetInactivityTimeoutMinutes() != 30 || def.GetAccentColor() == "" || len(def.GetAllowedOrigins()) != 0 {
		t.Errorf("default settings = %v; want 30 min, a colour, any origin", def)
	}
	cfg := must(env.Clients("").Widget.GetWidgetConfig(ctx, key))(t)
	if !cfg.GetOpenNow() || cfg.GetTranscriptEmail() || cfg.GetMaxAttachmentBytes() != 5<<20 {
		t.Errorf("default config = %v; want open, no transcript, 5 MiB attachments", cfg)
	}

	for _, tt := range []struct {
		name string
		days []*frontlinev1.OpeningHours
		tz   string
		open bool
	}{
		{"monday_utc_open", []*frontlinev1.OpeningHours{{Weekday: 1, Open: "09:00", Close: "17:00"}}, "", true},
		{"tuesday_only_closed", []*frontlinev1.OpeningHours{{Weekday: 2, Open: "00:00", Close: "24:00"}}, "UTC", false},
		// 10:00 UTC is 19:00 in Tokyo: after closing.
		{"tokyo_evening_closed", []*frontlinev1.OpeningHours{{Weekday: 1, Open: "09:00", Close: "17:00"}}, "Asia/Tokyo", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{
				AllowedOrigins:           []string{"HTTPS://Shop.Example:443"},
				AccentColor:              "#0F766E",
				Greeting:                 "Welcome to Hours!",
				BotName:                  "Spoke",
				InactivityTimeoutMinutes: 45,
				BusinessHours:            &frontlinev1.BusinessHours{TimeZone: tt.tz, Days: tt.days},
			}}))(t).GetSettings()
			if got := res.GetAllowedOrigins(); len(got) != 1 || got[0] != "https://shop.example" {
				t.Errorf("stored origins = %q; want [https://shop.example]", got)
			}
			cfg := must(env.Clients("").Widget.GetWidgetConfig(ctx, key))(t)
			if cfg.GetGreeting() != "Welcome to Hours!" || cfg.GetBotName() != "Spoke" || cfg.GetAccentColor() != "#0f766e" {
				t.Errorf("config = %v; want the new greeting, bot name and colour", cfg)
			}
			if cfg.GetOpenNow() != tt.open {
				t.Errorf("open_now = %v; want %v", cfg.GetOpenNow(), tt.open)
			}
		})
	}
}

// post calls a unary WidgetService procedure with JSON and an Origin header.
func post(t *testing.T, env *servertest.Env, proc, origin, body string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL+"/frontline.v1.WidgetService/"+proc, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	res, err := env.HTTPClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func TestWidget_AllowedOrigins(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Origins")
	other := env.RegisterCompany(t, "Anywhere")
	ctx := t.Context()
	conv := env.StartConversation(t, ten, "Where is my order?")
	must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{
		AllowedOrigins: []string{"https://shop.example", "http://localhost:3000"},
	}}))(t)
	cfgBody := `{"widgetKey":"` + ten.Company.GetWidgetKey() + `"}`

	for _, tt := range []struct {
		name, origin string
		want         int
	}{
		{"allowed", "https://shop.example", http.StatusOK},
		{"allowed_with_port", "http://localhost:3000", http.StatusOK},
		{"other_site", "https://evil.example", http.StatusForbidden},
		{"scheme_differs", "http://shop.example", http.StatusForbidden},
		{"no_origin_not_a_browser", "", http.StatusOK},
		{"same_origin_demo_page", env.URL, http.StatusOK},
	} {
		if got := post(t, env, "GetWidgetConfig", tt.origin, cfgBody); got != tt.want {
			t.Errorf("%s: GetWidgetConfig from %q = %d; want %d", tt.name, tt.origin, got, tt.want)
		}
	}
	// Conversation calls are checked against the token's tenant.
	for _, origin := range []string{"https://evil.example", "https://shop.example"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, env.URL+"/frontline.v1.WidgetService/GetConversation", strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		req.Header.Set("Authorization", "Bearer "+conv.Token)
		res, err := env.HTTPClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		want := map[bool]int{true: http.StatusOK, false: http.StatusForbidden}[origin == "https://shop.example"]
		if res.StatusCode != want {
			t.Errorf("GetConversation from %s = %d; want %d", origin, res.StatusCode, want)
		}
	}
	// A tenant with an empty list accepts any origin.
	if got := post(t, env, "GetWidgetConfig", "https://evil.example", `{"widgetKey":"`+other.Company.GetWidgetKey()+`"}`); got != http.StatusOK {
		t.Errorf("empty allow-list: status %d; want 200", got)
	}
	// The browser's preflight passes; the refusal comes with CORS headers
	// so that the widget can read and show it.
	req, _ := http.NewRequestWithContext(ctx, http.MethodOptions, env.URL+"/frontline.v1.WidgetService/GetWidgetConfig", nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	res, err := env.HTTPClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Access-Control-Allow-Origin") == "" {
		t.Errorf("preflight has no Access-Control-Allow-Origin")
	}
}

func TestWidget_RateLimits(t *testing.T) {
	t.Parallel()
	clk := newClock(monday10)
	t.Run("per_ip", func(t *testing.T) {
		env := servertest.New(t, server.WithClock(clk.Now), server.WithRateLimits(ratelimit.Limit{Rate: 1, Burst: 3}, ratelimit.Limit{}))
		ten := env.RegisterCompany(t, "IPLimit")
		req := &frontlinev1.GetWidgetConfigRequest{WidgetKey: ten.Company.GetWidgetKey()}
		for i := range 3 {
			if _, err := env.Clients("").Widget.GetWidgetConfig(t.Context(), req); err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
		}
		_, err := env.Clients("").Widget.GetWidgetConfig(t.Context(), req)
		wantCode(t, "fourth call", err, connect.CodeResourceExhausted)
		var ce *connect.Error
		if errorAs(err, &ce) && !strings.Contains(ce.Message(), "please wait 1 second") {
			t.Errorf("message = %q; want a readable wait", ce.Message())
		}
		// Desk calls are not limited by the widget's limits.
		must(ten.Clients.Identity.WhoAmI(t.Context(), &frontlinev1.WhoAmIRequest{}))(t)
	})
	t.Run("per_widget_key", func(t *testing.T) {
		env := servertest.New(t, server.WithClock(clk.Now), server.WithRateLimits(ratelimit.Limit{}, ratelimit.Limit{Rate: 1, Burst: 2}))
		a := env.RegisterCompany(t, "KeyA")
		b := env.RegisterCompany(t, "KeyB")
		conv := env.StartConversation(t, a, "hello") // one token of A's bucket
		must(conv.Clients.Widget.SendMessage(t.Context(), &frontlinev1.SendMessageRequest{Body: "again"}))(t)
		_, err := conv.Clients.Widget.SendMessage(t.Context(), &frontlinev1.SendMessageRequest{Body: "and again"})
		wantCode(t, "third call on key A", err, connect.CodeResourceExhausted)
		// Tenant B has its own bucket.
		must(env.Clients("").Widget.GetWidgetConfig(t.Context(), &frontlinev1.GetWidgetConfigRequest{WidgetKey: b.Company.GetWidgetKey()}))(t)
	})
}

var (
	pngBytes  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 64)...)
	pdfBytes  = []byte("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")
	webpBytes = append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{1}, 32)...)
)

func TestWidget_Attachments(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Files")
	ctx := t.Context()
	conv := env.StartConversation(t, ten, "Photo of the damage")
	other := env.StartConversation(t, ten, "Someone else")

	tests := []struct {
		name, filename string
		data           []byte
		wantType       string
		wantCode       connect.Code
	}{
		{"png", "damage.png", pngBytes, "image/png", 0},
		{"type_from_bytes_not_name", "invoice.pdf", pngBytes, "image/png", 0},
		{"pdf_with_directory", `C:\Users\w\receipt.pdf`, pdfBytes, "application/pdf", 0},
		{"webp", "a.webp", webpBytes, "image/webp", 0},
		{"jpeg_big_chunked", "big.jpg", append([]byte{0xff, 0xd8, 0xff, 0xe0}, bytes.Repeat([]byte("j"), 700<<10)...), "image/jpeg", 0},
		{"html_named_png", "cat.png", []byte("<html><script>alert(1)</script>"), "", connect.CodeInvalidArgument},
		{"svg_refused", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "", connect.CodeInvalidArgument},
		{"empty", "e.png", nil, "", connect.CodeInvalidArgument},
		{"too_big", "huge.pdf", append([]byte("%PDF-"), make([]byte, 5<<20)...), "", connect.CodeInvalidArgument},
		{"no_name", "", pngBytes, "", connect.CodeInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := conv.Clients.Widget.UploadAttachment(ctx, &frontlinev1.UploadAttachmentRequest{Filename: tt.filename, Data: tt.data})
			if tt.wantCode != 0 {
				wantCode(t, tt.name, err, tt.wantCode)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			atts := res.GetMessage().GetAttachments()
			if len(atts) != 1 || atts[0].GetContentType() != tt.wantType || atts[0].GetSize() != int64(len(tt.data)) || strings.ContainsAny(atts[0].GetFilename(), `/\`) {
				t.Fatalf("attachments = %v; want one %s of %d bytes without directories", atts, tt.wantType, len(tt.data))
			}
			got := must(conv.Clients.Widget.GetAttachment(ctx, &frontlinev1.GetAttachmentRequest{AttachmentId: atts[0].GetId()}))(t)
			if !bytes.Equal(got.GetData(), tt.data) {
				t.Errorf("widget read %d bytes; want the %d uploaded", len(got.GetData()), len(tt.data))
			}
			desk := must(ten.Clients.Tickets.GetTicketAttachment(ctx, &frontlinev1.GetTicketAttachmentRequest{TicketId: conv.Conversation.GetId(), AttachmentId: atts[0].GetId()}))(t)
			if !bytes.Equal(desk.GetData(), tt.data) || desk.GetAttachment().GetContentType() != tt.wantType {
				t.Errorf("desk read %d bytes of %s", len(desk.GetData()), desk.GetAttachment().GetContentType())
			}
			// Another conversation's token cannot reach it.
			_, err = other.Clients.Widget.GetAttachment(ctx, &frontlinev1.GetAttachmentRequest{AttachmentId: atts[0].GetId()})
			wantCode(t, "other conversation", err, connect.CodeNotFound)
		})
	}
	// The message is in the thread the agent sees.
	tk := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv.Conversation.GetId()}))(t)
	n := 0
	for _, m := range tk.GetMessages() {
		n += len(m.GetAttachments())
	}
	if n != 5 {
		t.Errorf("ticket has %d attachments; want 5", n)
	}
}

func TestWidget_Typing(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	ten := env.RegisterCompany(t, "Typing")
	ctx := t.Context()
	conv := env.StartConversation(t, ten, "Typing test")
	events, _ := watch(t, conv.Clients)
	receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetConversation() != nil })

	// The customer's own typing is not echoed to them; the agent's arrives once per throttle window.
	must(conv.Clients.Widget.SetTyping(ctx, &frontlinev1.SetTypingRequest{Active: true}))(t)
	typing := func(active bool) {
		must(ten.Clients.Tickets.SetAgentTyping(ctx, &frontlinev1.SetAgentTypingRequest{TicketId: conv.Conversation.GetId(), Active: active}))(t)
	}
	typing(true)
	typing(true) // throttled
	typing(false)
	var got []*frontlinev1.Typing
	for len(got) < 2 {
		e := receive(t, events, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetTyping() != nil })
		got = append(got, e.GetTyping())
	}
	if got[0].GetAuthorKind() != frontlinev1.AuthorKind_AUTHOR_KIND_AGENT || !got[0].GetActive() || got[0].GetAuthorName() != ten.Admin.GetName() {
		t.Errorf("first typing event = %v; want the agent typing", got[0])
	}
	if got[1].GetActive() {
		t.Errorf("second typing event = %v; want the agent stopping (the repeat is throttled)", got[1])
	}
}

func TestWidget_StreamsPerConversationBounded(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, server.WithStreamsPerConversation(2))
	ten := env.RegisterCompany(t, "Streams")
	conv := env.StartConversation(t, ten, "Many tabs")
	first, firstErr := watch(t, conv.Clients)
	receive(t, first, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetConversation() != nil })
	second, _ := watch(t, conv.Clients)
	receive(t, second, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetConversation() != nil })
	third, _ := watch(t, conv.Clients)
	receive(t, third, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetConversation() != nil })
	select {
	case err := <-firstErr:
		wantCode(t, "oldest stream", err, connect.CodeResourceExhausted)
	case <-time.After(5 * time.Second):
		t.Fatal("the oldest stream was not ended")
	}
	// The newer streams still get messages.
	must(conv.Clients.Widget.SendMessage(t.Context(), &frontlinev1.SendMessageRequest{Body: "still here"}))(t)
	for _, ev := range []<-chan *frontlinev1.WatchConversationResponse{second, third} {
		receive(t, ev, func(e *frontlinev1.WatchConversationResponse) bool { return e.GetMessage().GetBody() == "still here" })
	}
}

func TestScheduler_ClosesAfterRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	clk := newClock(monday10)
	st1 := storetest.OpenDir(t, dir)
	env := servertest.NewOver(t, st1, server.WithClock(clk.Now))
	ten := env.RegisterCompany(t, "Restart")
	idle := env.StartConversation(t, ten, "I will go quiet")
	busy := env.StartConversation(t, ten, "I keep writing")
	clk.Add(20 * time.Minute)
	must(busy.Clients.Widget.SendMessage(t.Context(), &frontlinev1.SendMessageRequest{Body: "still there?"}))(t)
	if err := st1.Close(); err != nil {
		t.Fatal(err)
	}

	// A new process, 31 minutes after the idle conversation's last message.
	clk.Add(11 * time.Minute)
	st2 := storetest.OpenDir(t, dir)
	srv := server.New(st2, server.WithClock(clk.Now), server.WithLogger(slog.New(slog.DiscardHandler)))
	n, err := srv.CloseIdleConversations(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("CloseIdleConversations = %d, %v; want 1, nil", n, err)
	}
	tk, err := st2.Ticket(t.Context(), ten.Company.GetId(), idle.Conversation.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if tk.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_CLOSED || tk.GetCloseTime() == nil {
		t.Errorf("idle ticket status = %v, close time %v; want closed with a time", tk.GetStatus(), tk.GetCloseTime())
	}
	msgs, err := st2.Messages(t.Context(), ten.Company.GetId(), idle.Conversation.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if last := msgs[len(msgs)-1]; last.GetAuthorKind() != frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM || !strings.Contains(last.GetBody(), "30 minutes") {
		t.Errorf("last message = %v; want a system notice of the close", last)
	}
	busyTk, err := st2.Ticket(t.Context(), ten.Company.GetId(), busy.Conversation.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if busyTk.GetStatus() == frontlinev1.TicketStatus_TICKET_STATUS_CLOSED {
		t.Error("the conversation with a recent message was closed")
	}
	// Nothing more is due until the busy one's timeout.
	if n, err := srv.CloseIdleConversations(t.Context()); err != nil || n != 0 {
		t.Errorf("second pass = %d, %v; want 0, nil", n, err)
	}
	clk.Add(20 * time.Minute)
	if n, err := srv.CloseIdleConversations(t.Context()); err != nil || n != 1 {
		t.Errorf("pass after the busy one's timeout = %d, %v; want 1, nil", n, err)
	}
}

func TestWidget_ReopenWithinGraceThenRate(t *testing.T) {
	t.Parallel()
	clk := newClock(monday10)
	env := servertest.New(t, server.WithClock(clk.Now), server.WithReopenGrace(24*time.Hour))
	ten := env.RegisterCompany(t, "Reopen")
	ctx := t.Context()
	must(ten.Clients.WidgetAdmin.UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: &frontlinev1.WidgetSettings{InactivityTimeoutMinutes: 10}}))(t)
	conv := env.StartConversation(t, ten, "Closing test")

	_, err := conv.Clients.Widget.RateConversation(ctx, &frontlinev1.RateConversationRequest{Rating: 5})
	wantCode(t, "rate an open conversation", err, connect.CodeFailedPrecondition)

	clk.Add(11 * time.Minute)
	if n, err := env.Server.CloseIdleConversations(ctx); err != nil || n != 1 {
		t.Fatalf("CloseIdleConversations = %d, %v; want 1, nil", n, err)
	}
	got := must(conv.Clients.Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{}))(t).GetConversation()
	if got.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_CLOSED || !got.GetReopenUntil().AsTime().Equal(clk.Now().Add(24*time.Hour)) {
		t.Errorf("conversation = %v; want closed, reopenable for 24 h", got)
	}

	for _, tt := range []struct {
		name   string
		rating int32
		code   connect.Code
	}{{"zero", 0, connect.CodeInvalidArgument}, {"six", 6, connect.CodeInvalidArgument}} {
		_, err := conv.Clients.Widget.RateConversation(ctx, &frontlinev1.RateConversationRequest{Rating: tt.rating})
		wantCode(t, tt.name, err, tt.code)
	}
	rated := must(conv.Clients.Widget.RateConversation(ctx, &frontlinev1.RateConversationRequest{Rating: 4, Comment: "Quick, thanks"}))(t)
	if rated.GetConversation().GetRating() != 4 {
		t.Errorf("rating = %d; want 4", rated.GetConversation().GetRating())
	}
	tk := must(ten.Clients.Tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: conv.Conversation.GetId()}))(t).GetTicket()
	if tk.GetRating() != 4 || tk.GetRatingComment() != "Quick, thanks" {
		t.Errorf("ticket rating = %d %q; want 4 %q", tk.GetRating(), tk.GetRatingComment(), "Quick, thanks")
	}

	// Within the grace period a message reopens the conversation.
	clk.Add(time.Hour)
	must(conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "Actually, one more thing"}))(t)
	got = must(conv.Clients.Widget.GetConversation(ctx, &frontlinev1.GetConversationRequest{}))(t).GetConversation()
	if got.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_OPEN {
		t.Errorf("status after reopening = %v; want open", got.GetStatus())
	}
	// It closes again when idle; after the grace period a message is refused.
	clk.Add(11 * time.Minute)
	if n, err := env.Server.CloseIdleConversations(ctx); err != nil || n != 1 {
		t.Fatalf("second close = %d, %v; want 1, nil", n, err)
	}
	clk.Add(25 * time.Hour)
	_, err = conv.Clients.Widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: "hello?"})
	wantCode(t, "message after the grace period", err, connect.CodeFailedPrecondition)
}

func TestWidget_EmailTranscript(t *testing.T) {
	t.Parallel()
	t.Run("smtp_configured", func(t *testing.T) {
		smtpd := mailertest.New(t)
		env := servertest.New(t, server.WithMailer(&mailer.SMTP{Addr: smtpd.Addr, From: "Frontline <noreply@frontline.test>", Timeout: 5 * time.Second}))
		ten := env.RegisterCompany(t, "Mail")
		ctx := t.Context()
		cfg := must(env.Clients("").Widget.GetWidgetConfig(ctx, &frontlinev1.GetWidgetConfigRequest{WidgetKey: ten.Company.GetWidgetKey()}))(t)
		if !cfg.GetTranscriptEmail() {
			t.Error("transcript_email = false with SMTP configured")
		}
		conv := env.StartConversation(t, ten, "My pedal creaks")
		must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: conv.Conversation.GetId(), Body: "Grease the thread."}))(t)
		must(ten.Clients.Tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: conv.Conversation.GetId(), Body: "SECRET internal note", Internal: true}))(t)
		res := must(conv.Clients.Widget.EmailTranscript(ctx, &frontlinev1.EmailTranscriptRequest{}))(t)
		if res.GetEmail() != "wendy@example.com" {
			t.Errorf("sent to %q; want the customer's address", res.GetEmail())
		}
		select {
		case m := <-smtpd.Mail():
			if len(m.To) != 1 || m.To[0] != "wendy@example.com" {
				t.Errorf("recipients = %q", m.To)
			}
			for _, want := range []string{"My pedal creaks", "Grease the thread."} {
				if !strings.Contains(m.Data, want) {
					t.Errorf("transcript lacks %q:\n%s", want, m.Data)
				}
			}
			if strings.Contains(m.Data, "SECRET") {
				t.Error("transcript contains an internal note")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no mail arrived")
		}
	})
	t.Run("no_smtp", func(t *testing.T) {
		env := servertest.New(t)
		ten := env.RegisterCompany(t, "NoMail")
		conv := env.StartConversation(t, ten, "hi")
		_, err := conv.Clients.Widget.EmailTranscript(t.Context(), &frontlinev1.EmailTranscriptRequest{})
		wantCode(t, "without SMTP", err, connect.CodeFailedPrecondition)
	})
}
