// Command replicacheck is the desktop offline test's second client: it
// signs in as another agent, syncs a fresh replica (sync/replica, the
// engine the desktop uses) from the server, and checks that the ticket with
// -number has an agent reply containing -marker and the status -status. It
// retries until -wait has passed and exits 0 when both hold.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/app"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

func main() {
	server := flag.String("server", "http://127.0.0.1:8080", "server URL")
	company := flag.String("company", "Northwind Bikes", "company name")
	email := flag.String("email", "sam@northwind.test", "the second agent's email")
	pw := flag.String("password", "frontline-demo", "password")
	number := flag.Int64("number", 0, "ticket display number (required)")
	marker := flag.String("marker", "", "text the reply must contain (required)")
	status := flag.String("status", "", "status the ticket must have, e.g. pending")
	wait := flag.Duration("wait", 30*time.Second, "how long to keep trying")
	flag.Parse()
	if *number == 0 || *marker == "" {
		fmt.Fprintln(os.Stderr, "replicacheck: -number and -marker are required")
		os.Exit(2)
	}
	if err := run(*server, *company, *email, *pw, *number, *marker, *status, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "replicacheck:", err)
		os.Exit(1)
	}
}

func run(server, company, email, pw string, number int64, marker, status string, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), wait+15*time.Second)
	defer cancel()
	conn := app.RemoteConnector{HTTPClient: &http.Client{Timeout: 15 * time.Second}}
	res, srv, err := conn.Login(ctx, server, &frontlinev1.LoginRequest{CompanyName: company, Email: email, Password: pw})
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	defer func() { _ = srv.Logout(context.WithoutCancel(ctx)) }()
	rep, err := replica.OpenInMemory(replica.Config{UserID: res.GetUser().GetId(), UserName: res.GetUser().GetName()})
	if err != nil {
		return err
	}
	defer rep.Close()
	deadline := time.Now().Add(wait)
	for {
		err := check(ctx, rep, srv.Sync(), number, marker, status)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func check(ctx context.Context, rep *replica.Replica, t replica.Transport, number int64, marker, status string) error {
	if err := rep.SyncOnce(ctx, t); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	_, seq, _ := rep.Cursor()
	ts, err := rep.ListTickets(ctx, replica.Filter{})
	if err != nil {
		return err
	}
	for _, tv := range ts {
		if tv.Ticket.GetNumber() != number {
			continue
		}
		th, err := rep.Ticket(ctx, tv.Ticket.GetId())
		if err != nil {
			return err
		}
		found := false
		for _, m := range th.Messages {
			if strings.Contains(m.Message.GetBody(), marker) && m.Message.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_AGENT && !m.Pending {
				found = true
			}
		}
		got := strings.ToLower(strings.TrimPrefix(th.Ticket.GetStatus().String(), "TICKET_STATUS_"))
		switch {
		case !found:
			return fmt.Errorf("ticket #%d has no agent reply with %q in the second replica (synced up to change %d)", number, marker, seq)
		case status != "" && got != status:
			return fmt.Errorf("ticket #%d is %s in the second replica, want %s", number, got, status)
		}
		fmt.Printf("second replica (synced up to change %d): ticket #%d is %s and has the reply\n", seq, number, got)
		return nil
	}
	return errors.New("ticket not in the second replica")
}
