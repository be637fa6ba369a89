package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/figures"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/store/badgerstore"
)

// benchAPI measures the desk API over loopback HTTP against a real badger
// directory: sign-in cost (argon2id), ticket writes and reads, and listing.
func benchAPI(ctx context.Context, e env) ([]figures.Figure, error) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badgerstore.Open(filepath.Join(e.scratch, "api"), badgerstore.WithLogger(log))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	srv := server.New(st, server.WithLogger(log))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	identity := frontlinev1connect.NewIdentityServiceClient(hc, base)
	reg, err := identity.RegisterCompany(ctx, &frontlinev1.RegisterCompanyRequest{
		CompanyName: "Bench Cycles", AdminName: "Bea Bench", Email: "bea@bench.test", Password: "bench-password-1",
	})
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	tickets := frontlinev1connect.NewTicketServiceClient(hc, base, connect.WithInterceptors(bearer(reg.GetSession().GetToken())))

	var logins []float64
	for range 10 {
		start := time.Now()
		if _, err := identity.Login(ctx, &frontlinev1.LoginRequest{CompanyName: "Bench Cycles", Email: "bea@bench.test", Password: "bench-password-1"}); err != nil {
			return nil, fmt.Errorf("login: %w", err)
		}
		logins = append(logins, ms(time.Since(start)))
	}

	const n = 2000
	ids := make([]string, 0, n)
	var creates []float64
	for i := range n {
		start := time.Now()
		res, err := tickets.CreateTicket(ctx, &frontlinev1.CreateTicketRequest{
			Subject:  fmt.Sprintf("Gear %d slips under load", i),
			Body:     "The chain jumps when I pedal hard uphill; it started after the last service.",
			Customer: &frontlinev1.Customer{Name: "Rider", Email: fmt.Sprintf("rider%d@example.com", i)},
		})
		if err != nil {
			return nil, fmt.Errorf("create ticket: %w", err)
		}
		creates = append(creates, ms(time.Since(start)))
		ids = append(ids, res.GetTicket().GetId())
	}

	var gets, replies, lists []float64
	for i := range 1000 {
		id := ids[(i*7919)%len(ids)]
		start := time.Now()
		if _, err := tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: id}); err != nil {
			return nil, fmt.Errorf("get ticket: %w", err)
		}
		gets = append(gets, ms(time.Since(start)))
		start = time.Now()
		if _, err := tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: "Thanks, we are sending a new chain today."}); err != nil {
			return nil, fmt.Errorf("add message: %w", err)
		}
		replies = append(replies, ms(time.Since(start)))
	}
	for range 300 {
		start := time.Now()
		if _, err := tickets.ListTickets(ctx, &frontlinev1.ListTicketsRequest{
			Statuses: []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_NEW}, PageSize: 50,
		}); err != nil {
			return nil, fmt.Errorf("list tickets: %w", err)
		}
		lists = append(lists, ms(time.Since(start)))
	}

	// Throughput: 16 concurrent clients replying for two seconds.
	var mu sync.Mutex
	count := 0
	deadline := time.Now().Add(2 * time.Second)
	var wg sync.WaitGroup
	errc := make(chan error, 16)
	for w := range 16 {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				id := ids[(w*131+i)%len(ids)]
				if _, err := tickets.AddMessage(ctx, &frontlinev1.AddMessageRequest{TicketId: id, Body: "Following up on this."}); err != nil {
					errc <- err
					return
				}
				mu.Lock()
				count++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return nil, fmt.Errorf("concurrent replies: %w", err)
	}

	return []figures.Figure{
		{Name: "api.login_p50_ms", Value: figures.Percentile(logins, 0.5), Unit: "ms", Note: "argon2id m=19MiB t=2 p=1, loopback"},
		{Name: "api.create_ticket_p50_ms", Value: figures.Percentile(creates, 0.5), Unit: "ms", Note: "2,000 tickets, on-disk badger"},
		{Name: "api.create_ticket_p99_ms", Value: figures.Percentile(creates, 0.99), Unit: "ms"},
		{Name: "api.get_ticket_p99_ms", Value: figures.Percentile(gets, 0.99), Unit: "ms", Note: "ticket with its thread"},
		{Name: "api.add_message_p99_ms", Value: figures.Percentile(replies, 0.99), Unit: "ms"},
		{Name: "api.list_tickets_p99_ms", Value: figures.Percentile(lists, 0.99), Unit: "ms", Note: "status filter, page of 50"},
		{Name: "api.add_message_per_second", Value: float64(count) / 2, Unit: "per_second", Note: "16 concurrent clients"},
	}, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// bearer adds a session token to every request.
type bearer string

func (b bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		req.Header().Set("Authorization", "Bearer "+string(b))
		return next(ctx, req)
	}
}

func (b bearer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set("Authorization", "Bearer "+string(b))
		return conn
	}
}

func (b bearer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
