// Command verify checks, through the server's public API, what the desktop
// test did in the window: that an agent's public reply containing a marker
// arrived on a ticket. It signs in as the given user, looks through every
// ticket (or only -number), and exits 0 when the reply is found, printing
// the ticket number; it retries until -wait has passed. With -internal it
// expects an internal note instead; with -status the ticket must also have
// that status (e.g. pending).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

func main() {
	server := flag.String("server", "http://127.0.0.1:8080", "server URL")
	company := flag.String("company", "Northwind Bikes", "company name")
	email := flag.String("email", "maya@northwind.test", "user email")
	password := flag.String("password", "frontline-demo", "user password")
	marker := flag.String("marker", "", "text the reply must contain (required)")
	number := flag.Int64("number", 0, "only look at the ticket with this display number")
	wait := flag.Duration("wait", 15*time.Second, "how long to keep looking")
	internal := flag.Bool("internal", false, "expect an internal note instead of a public reply")
	flag.StringVar(&wantStatus, "status", "", "status the ticket must have too (e.g. pending)")
	flag.StringVar(&wantTag, "tag", "", "tag the ticket must have too (e.g. one a macro added)")
	flag.StringVar(&wantCorrected, "corrected", "", "triage field an agent must have corrected on the ticket too (e.g. category)")
	flag.Parse()
	if *doFlag != "" {
		os.Exit(runDo(*server, *company, *email, *password, *wait, flag.Args()))
	}
	if *marker == "" {
		fmt.Fprintln(os.Stderr, "verify: -marker is required")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *wait+10*time.Second)
	defer cancel()
	n, err := find(ctx, *server, *company, *email, *password, *marker, *number, *internal, *wait)
	if err != nil {
		fmt.Fprintln(os.Stderr, "verify:", err)
		os.Exit(1)
	}
	fmt.Println(n)
}

var errNotYet = errors.New("no agent reply with the marker yet")

// wantStatus is the -status flag.
var wantStatus string

// wantTag and wantCorrected are the -tag and -corrected flags.
var wantTag, wantCorrected string

func find(ctx context.Context, server, company, email, password, marker string, number int64, internal bool, wait time.Duration) (int64, error) {
	hc := &http.Client{Timeout: 10 * time.Second}
	identity := frontlinev1connect.NewIdentityServiceClient(hc, server)
	login, err := identity.Login(ctx, &frontlinev1.LoginRequest{CompanyName: company, Email: email, Password: password})
	if err != nil {
		return 0, fmt.Errorf("login: %w", err)
	}
	token := login.GetSession().GetToken()
	auth := connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}))
	tickets := frontlinev1connect.NewTicketServiceClient(hc, server, auth)
	defer func() {
		_, _ = frontlinev1connect.NewIdentityServiceClient(hc, server, auth).Logout(context.WithoutCancel(ctx), &frontlinev1.LogoutRequest{})
	}()

	deadline := time.Now().Add(wait)
	for {
		n, err := scan(ctx, tickets, login.GetUser().GetId(), marker, number, internal)
		if !errors.Is(err, errNotYet) || !time.Now().Before(deadline) {
			return n, err
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func scan(ctx context.Context, tickets frontlinev1connect.TicketServiceClient, userID, marker string, number int64, internal bool) (int64, error) {
	req := &frontlinev1.ListTicketsRequest{PageSize: 200}
	for {
		page, err := tickets.ListTickets(ctx, req)
		if err != nil {
			return 0, fmt.Errorf("list tickets: %w", err)
		}
		for _, t := range page.GetTickets() {
			if number != 0 && t.GetNumber() != number {
				continue
			}
			got, err := tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: t.GetId()})
			if err != nil {
				return 0, fmt.Errorf("get ticket #%d: %w", t.GetNumber(), err)
			}
			for _, m := range got.GetMessages() {
				if strings.Contains(m.GetBody(), marker) {
					if m.GetAuthorKind() != frontlinev1.AuthorKind_AUTHOR_KIND_AGENT || m.GetInternal() != internal || m.GetAuthorId() != userID {
						return 0, fmt.Errorf("ticket #%d: message with the marker is %s internal=%v by %q, want an agent message internal=%v by the signed-in user",
							t.GetNumber(), m.GetAuthorKind(), m.GetInternal(), m.GetAuthorId(), internal)
					}
					if got := strings.ToLower(strings.TrimPrefix(got.GetTicket().GetStatus().String(), "TICKET_STATUS_")); wantStatus != "" && got != wantStatus {
						return 0, fmt.Errorf("ticket #%d is %s, want %s: %w", t.GetNumber(), got, wantStatus, errNotYet)
					}
					if wantTag != "" && !slices.Contains(got.GetTicket().GetTags(), wantTag) {
						return 0, fmt.Errorf("ticket #%d has tags %q, want %q: %w", t.GetNumber(), got.GetTicket().GetTags(), wantTag, errNotYet)
					}
					if tr := got.GetTicket().GetTriage(); wantCorrected != "" && !slices.Contains(tr.GetCorrected(), wantCorrected) {
						return 0, fmt.Errorf("ticket #%d: triage corrected %q, want %q: %w", t.GetNumber(), tr.GetCorrected(), wantCorrected, errNotYet)
					}
					return t.GetNumber(), nil
				}
			}
		}
		if page.GetNextPageToken() == "" {
			return 0, errNotYet
		}
		req.PageToken = page.GetNextPageToken()
	}
}
