// Command seed stores the stored-XSS corpus (build/e2e/xss/payloads.txt) on
// a running Frontline server for build/e2e/xss.sh: as a widget customer
// (name, first message, messages), as an agent (public replies and internal
// notes through the TicketService API) and as a desk ticket's subject,
// customer name and thread. It prints a JSON report on stdout that the
// browser check and the desktop check read.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

// Canary is what %CANARY% in the corpus becomes: it marks the page
// (top.__xss) and keeps setting the document and window titles to
// "XSS-FIRED", which the tests watch. The halves are joined at run time.
const Canary = `top.__xss=1;setInterval(function(){top.document.title='XSS'+'-FIRED';top.runtime&&top.runtime.WindowSetTitle('XSS'+'-FIRED')},50)`

// shortCanary fits the 100-character name and product fields.
const shortCanary = `top.__xss=1;top.document.title='XSS'+'-FIRED'`

// Report is what the seed prints.
type Report struct {
	Payloads []string `json:"payloads"`
	// Widget is the conversation with customer messages, agent replies and
	// notes; Waiting is one handed over to a person and left waiting.
	Widget  Conv `json:"widget"`
	Waiting Conv `json:"waiting"`
	// Desk is the desk ticket whose subject and customer name are payloads.
	Desk Conv `json:"desk"`
	// Refused lists what the server refused to store (validation), which
	// is not a failure of the test; everything else was stored.
	Refused []string `json:"refused"`
	Stored  int      `json:"stored"`
}

// Conv is one seeded ticket.
type Conv struct {
	ID      string `json:"id"`
	Number  int64  `json:"number"`
	Subject string `json:"subject"`
	Token   string `json:"token,omitempty"`
}

func main() {
	server := flag.String("server", "http://127.0.0.1:8080", "server URL")
	company := flag.String("company", "Northwind Bikes", "company name")
	email := flag.String("email", "maya@northwind.test", "agent email")
	password := flag.String("password", "frontline-demo", "agent password")
	widgetKey := flag.String("widget-key", "flw_demo_northwind_bikes", "public widget key")
	corpus := flag.String("payloads", "build/e2e/xss/payloads.txt", "payload file")
	handover := flag.Bool("handover", false, "instead: start one conversation with a question the demo KB answers, ask for a person, and print it")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if *handover {
		c, err := handOver(ctx, &http.Client{Timeout: 20 * time.Second}, *server, *widgetKey)
		if err != nil {
			fail(err)
		}
		if err := json.NewEncoder(os.Stdout).Encode(c); err != nil {
			fail(err)
		}
		return
	}
	payloads, err := readPayloads(*corpus)
	if err != nil {
		fail(err)
	}
	s := &seeder{server: *server, hc: &http.Client{Timeout: 20 * time.Second}, rep: &Report{Payloads: payloads, Refused: []string{}}}
	if err := s.run(ctx, *company, *email, *password, *widgetKey); err != nil {
		fail(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s.rep); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "xss seed:", err)
	os.Exit(1)
}

// readPayloads reads the corpus and expands %CANARY%.
func readPayloads(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "# ") || line == "#" {
			continue
		}
		out = append(out, strings.ReplaceAll(line, "%CANARY%", Canary))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no payloads in " + path)
	}
	return out, nil
}

type seeder struct {
	server string
	hc     *http.Client
	rep    *Report
}

func bearer(token string) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}))
}

// retry calls fn again while the server rate-limits (the widget allows a
// burst, then 10 requests a second per address).
func retry[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	for {
		v, err := fn()
		if connect.CodeOf(err) != connect.CodeResourceExhausted {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// stored counts a stored payload, or notes a refusal (invalid argument).
func (s *seeder) stored(what string, err error) error {
	switch {
	case err == nil:
		s.rep.Stored++
		return nil
	case connect.CodeOf(err) == connect.CodeInvalidArgument:
		s.rep.Refused = append(s.rep.Refused, fmt.Sprintf("%s: %v", what, err))
		return nil
	default:
		return fmt.Errorf("%s: %w", what, err)
	}
}

func (s *seeder) run(ctx context.Context, company, email, password, widgetKey string) error {
	p := s.rep.Payloads
	anon := frontlinev1connect.NewWidgetServiceClient(s.hc, s.server)
	shortName := `"><img src=x onerror="` + shortCanary + `">`

	// 1. A widget conversation: payload name, first message, then every
	// payload as a customer message; then a handover.
	conv, err := s.start(ctx, anon, widgetKey, shortName, p[0])
	if err != nil {
		return err
	}
	s.rep.Widget = conv
	widget := frontlinev1connect.NewWidgetServiceClient(s.hc, s.server, bearer(conv.Token))
	for i, body := range p[1:] {
		_, err := retry(ctx, func() (*frontlinev1.SendMessageResponse, error) {
			return widget.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: body})
		})
		if err := s.stored(fmt.Sprintf("customer message %d", i+2), err); err != nil {
			return err
		}
	}
	if _, err := retry(ctx, func() (*frontlinev1.RequestHumanResponse, error) {
		return widget.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{})
	}); err != nil {
		return fmt.Errorf("request a person: %w", err)
	}

	// 2. The agent answers with every payload, as replies and as notes.
	login, err := frontlinev1connect.NewIdentityServiceClient(s.hc, s.server).Login(ctx, &frontlinev1.LoginRequest{CompanyName: company, Email: email, Password: password})
	if err != nil {
		return fmt.Errorf("agent login: %w", err)
	}
	auth := bearer(login.GetSession().GetToken())
	tickets := frontlinev1connect.NewTicketServiceClient(s.hc, s.server, auth)
	defer func() {
		_, _ = frontlinev1connect.NewIdentityServiceClient(s.hc, s.server, auth).Logout(context.WithoutCancel(ctx), &frontlinev1.LogoutRequest{})
	}()
	if err := s.answer(ctx, tickets, conv.ID, p); err != nil {
		return err
	}

	// 3. A conversation left waiting for a person, so the desktop's
	// "Handed over" view shows a payload subject and reason.
	waiting, err := s.start(ctx, anon, widgetKey, shortName, p[1])
	if err != nil {
		return err
	}
	wc := frontlinev1connect.NewWidgetServiceClient(s.hc, s.server, bearer(waiting.Token))
	for _, body := range p[2:5] {
		_, err := retry(ctx, func() (*frontlinev1.SendMessageResponse, error) {
			return wc.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: body})
		})
		if err := s.stored("waiting customer message", err); err != nil {
			return err
		}
	}
	if _, err := retry(ctx, func() (*frontlinev1.RequestHumanResponse, error) {
		return wc.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{})
	}); err != nil {
		return fmt.Errorf("request a person: %w", err)
	}
	s.rep.Waiting = waiting

	// 4. A desk ticket (created last, so it heads the inbox) whose subject,
	// customer name, first message and thread are payloads.
	subject := firstFitting(p, 200)
	created, err := tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
		Subject:  subject,
		Body:     p[0],
		Customer: &frontlinev1.Customer{Name: shortName, Email: "xss.desk@example.com"},
		Product:  `<svg onload="` + shortCanary + `">`,
	})
	if err != nil {
		if serr := s.stored("desk ticket", err); serr != nil {
			return serr
		}
		// Refused with the payload name: keep the rest of the test going.
		created, err = tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
			Subject: subject, Body: p[0], Customer: &frontlinev1.Customer{Name: "XSS Desk", Email: "xss.desk@example.com"},
		})
		if err != nil {
			return fmt.Errorf("create the desk ticket: %w", err)
		}
	} else {
		s.rep.Stored++
	}
	tk := created.GetTicket()
	s.rep.Desk = Conv{ID: tk.GetId(), Number: tk.GetNumber(), Subject: tk.GetSubject()}
	return s.answer(ctx, tickets, tk.GetId(), p)
}

// start opens a widget conversation; a refused payload name is replaced by
// a plain one (and noted).
func (s *seeder) start(ctx context.Context, w frontlinev1connect.WidgetServiceClient, key, name, first string) (Conv, error) {
	req := &frontlinev1.StartConversationRequest{
		WidgetKey: key, Name: name, Email: "xss.customer@example.com",
		Product: `<svg onload="` + shortCanary + `">`, Description: first,
	}
	res, err := retry(ctx, func() (*frontlinev1.StartConversationResponse, error) { return w.StartConversation(ctx, req) })
	if err != nil {
		if serr := s.stored("widget name and product", err); serr != nil {
			return Conv{}, serr
		}
		req.Name, req.Product = "XSS Customer", ""
		res, err = retry(ctx, func() (*frontlinev1.StartConversationResponse, error) { return w.StartConversation(ctx, req) })
		if err != nil {
			return Conv{}, fmt.Errorf("start a conversation: %w", err)
		}
	} else {
		s.rep.Stored++
	}
	c := res.GetConversation()
	return Conv{ID: c.GetId(), Number: c.GetNumber(), Token: res.GetToken()}, nil
}

// answer adds every payload to a ticket as a public reply and as a note.
func (s *seeder) answer(ctx context.Context, tickets frontlinev1connect.TicketServiceClient, id string, payloads []string) error {
	for i, body := range payloads {
		for _, internal := range []bool{false, true} {
			_, err := tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: body, Internal: internal})
			if err := s.stored(fmt.Sprintf("agent message %d (internal %v)", i+1, internal), err); err != nil {
				return err
			}
		}
	}
	return nil
}

func firstFitting(p []string, n int) string {
	for _, s := range p {
		if utf8.RuneCountInString(s) <= n && !strings.Contains(s, "\n") {
			return s
		}
	}
	return p[0][:n]
}

// Handover is a conversation the bot answered and then handed to a person.
type Handover struct {
	ID     string `json:"id"`
	Number int64  `json:"number"`
	Reason string `json:"reason"`
	// BotAnswer is the bot's last answer before the handover.
	BotAnswer string `json:"botAnswer"`
}

// handOver plays a customer who asks the demo KB a question and then asks
// for a person: the live-handover step of build/e2e/xss.sh.
func handOver(ctx context.Context, hc *http.Client, server, key string) (Handover, error) {
	anon := frontlinev1connect.NewWidgetServiceClient(hc, server)
	res, err := retry(ctx, func() (*frontlinev1.StartConversationResponse, error) {
		return anon.StartConversation(ctx, &frontlinev1.StartConversationRequest{
			WidgetKey: key, Name: "Hana Handover", Email: "hana.handover@example.com",
			Product: "Larkspur 29 trail bike", Description: "How long does shipping take?",
		})
	})
	if err != nil {
		return Handover{}, fmt.Errorf("start a conversation: %w", err)
	}
	w := frontlinev1connect.NewWidgetServiceClient(hc, server, bearer(res.GetToken()))
	h, err := retry(ctx, func() (*frontlinev1.RequestHumanResponse, error) {
		return w.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{})
	})
	if err != nil {
		return Handover{}, fmt.Errorf("request a person: %w", err)
	}
	c := h.GetConversation()
	out := Handover{ID: c.GetId(), Number: c.GetNumber(), Reason: c.GetHandoverReason()}
	th, err := w.GetConversation(ctx, &frontlinev1.GetConversationRequest{})
	if err != nil {
		return Handover{}, fmt.Errorf("read the conversation: %w", err)
	}
	for _, m := range th.GetMessages() {
		if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_BOT {
			out.BotAnswer = m.GetBody()
		}
	}
	if c.GetStatus() != frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF {
		return out, fmt.Errorf("conversation #%d is %v after asking for a person, want HANDOFF", c.GetNumber(), c.GetStatus())
	}
	return out, nil
}
