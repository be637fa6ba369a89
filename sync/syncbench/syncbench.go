// Package syncbench measures the sync engine for `make bench`: initial sync
// of a 100,000-ticket / 1,000,000-message tenant over loopback (time and the
// client process's peak memory), the client's steady memory with that
// replica open, push-to-replica propagation across 50 subscribed clients,
// and push throughput on one tenant.
package syncbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	"github.com/frontlinedesk/frontline/internal/figures"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/store/badgerstore"
	"github.com/frontlinedesk/frontline/sync/replica"
	"github.com/frontlinedesk/frontline/sync/synctest"
)

// Sizes of the large tenant.
const (
	bigTickets        = 100_000
	messagesPerTicket = 10
	propagationPeers  = 50
)

// Bench runs every sync benchmark with its files under scratchDir and
// returns the figures. It needs the go command (it builds the client
// helper binary).
func Bench(ctx context.Context, scratchDir string) ([]figures.Figure, error) {
	root := filepath.Join(scratchDir, "syncbench")
	_ = os.RemoveAll(root)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(root)
	bin := filepath.Join(root, "syncbench-client")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/frontlinedesk/frontline/sync/syncbench/client").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("syncbench: build client: %v: %s", err, out)
	}
	st, err := badgerstore.Open(filepath.Join(root, "server"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	srv := server.New(st, server.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	hs := httptest.NewServer(srv)
	defer hs.Close()
	hs.Config.RegisterOnShutdown(srv.CloseStreams)
	defer srv.CloseStreams()

	var out []figures.Figure
	pf, err := benchPropagation(ctx, st, hs)
	if err != nil {
		return nil, fmt.Errorf("syncbench: propagation: %w", err)
	}
	out = append(out, pf...)
	tp, err := benchPush(ctx, st, hs)
	if err != nil {
		return nil, fmt.Errorf("syncbench: push: %w", err)
	}
	out = append(out, tp)
	big, err := benchInitialSync(ctx, st, hs, bin, root)
	if err != nil {
		return nil, fmt.Errorf("syncbench: initial sync: %w", err)
	}
	return append(out, big...), nil
}

// loadBig writes the large tenant straight into the store, through the
// store's change-log code, a few hundred rows per transaction.
func loadBig(ctx context.Context, st *badgerstore.Store, tenantID string) error {
	base := time.Now().Add(-90 * 24 * time.Hour)
	const batch = 20
	for i := 0; i < bigTickets; i += batch {
		var ts []*frontlinev1.Ticket
		var ms [][]*frontlinev1.Message
		for j := i; j < min(i+batch, bigTickets); j++ {
			at := base.Add(time.Duration(j) * time.Minute)
			tk := &frontlinev1.Ticket{Id: desk.NewID(at), Subject: fmt.Sprintf("Order %d arrived with a bent wheel", j),
				Status: frontlinev1.TicketStatus(1 + j%6), Priority: frontlinev1.TicketPriority(1 + j%4),
				Customer: &frontlinev1.Customer{Name: "Customer", Email: fmt.Sprintf("c%d@example.com", j)},
				Channel:  frontlinev1.Channel_CHANNEL_WIDGET, MessageCount: messagesPerTicket,
				CreateTime: timestamppb.New(at), UpdateTime: timestamppb.New(at.Add(time.Hour)), LastCustomerMessageTime: timestamppb.New(at)}
			var thread []*frontlinev1.Message
			for k := range messagesPerTicket {
				kind := frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER
				if k%2 == 1 {
					kind = frontlinev1.AuthorKind_AUTHOR_KIND_AGENT
				}
				mt := at.Add(time.Duration(k) * time.Minute)
				thread = append(thread, &frontlinev1.Message{Id: desk.NewID(mt), TicketId: tk.GetId(), AuthorKind: kind, AuthorName: "Someone",
					Body:       fmt.Sprintf("Message %d on ticket %d: the wheel wobbles after about ten kilometres, please advise on a replacement.", k, j),
					CreateTime: timestamppb.New(mt)})
			}
			ts, ms = append(ts, tk), append(ms, thread)
		}
		if err := st.ImportTickets(ctx, tenantID, ts, ms); err != nil {
			return err
		}
	}
	return nil
}

type clientResult struct {
	Seconds float64 `json:"seconds"`
	PeakMiB float64 `json:"peak_rss_mib"`
	RSSMiB  float64 `json:"rss_mib"`
	AnonMiB float64 `json:"anon_mib"`
	FileMiB float64 `json:"file_mib"`
	Tickets int     `json:"tickets"`
	Seq     int64   `json:"seq"`
}

func runClient(ctx context.Context, bin string, args ...string) (clientResult, error) {
	var res clientResult
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return res, fmt.Errorf("client %v: %w: %s", args, err, stderr.String())
	}
	return res, json.Unmarshal(b, &res)
}

func benchInitialSync(ctx context.Context, st *badgerstore.Store, hs *httptest.Server, bin, root string) ([]figures.Figure, error) {
	tn, err := synctest.NewTenant(ctx, st, "Big Bench", frontlinev1.Role_ROLE_AGENT)
	if err != nil {
		return nil, err
	}
	loadStart := time.Now()
	if err := loadBig(ctx, st, tn.ID); err != nil {
		return nil, err
	}
	load := time.Since(loadStart)
	m := tn.Members[0]
	dir := filepath.Join(root, "client")
	ini, err := runClient(ctx, bin, "-mode", "initial", "-url", hs.URL, "-token", m.Token, "-dir", dir, "-user", m.User.GetId())
	if err != nil {
		return nil, err
	}
	steady, err := runClient(ctx, bin, "-mode", "steady", "-dir", dir, "-user", m.User.GetId())
	if err != nil {
		return nil, err
	}
	note := fmt.Sprintf("%d tickets, %d messages; load %.0fs", bigTickets, bigTickets*messagesPerTicket, load.Seconds())
	return []figures.Figure{
		{Name: "sync.initial_sync_seconds", Value: ini.Seconds, Unit: "s", Goal: "< 60", Note: note},
		{Name: "sync.initial_sync_peak_rss_mib", Value: ini.PeakMiB, Unit: "MiB", Goal: "< 300",
			Note: fmt.Sprintf("client process VmHWM; at the end anon %.0f + file-backed %.0f MiB", ini.AnonMiB, ini.FileMiB)},
		{Name: "sync.client_steady_rss_mib", Value: steady.RSSMiB, Unit: "MiB", Goal: "< 150",
			Note: fmt.Sprintf("replica reopened, lists and threads read; anon %.0f + file-backed (mmap) %.0f MiB", steady.AnonMiB, steady.FileMiB)},
	}, nil
}

// benchPropagation: one client pushes, 49 others subscribed via Run see it.
func benchPropagation(ctx context.Context, st *badgerstore.Store, hs *httptest.Server) ([]figures.Figure, error) {
	roles := slices.Repeat([]frontlinev1.Role{frontlinev1.Role_ROLE_AGENT}, propagationPeers)
	tn, err := synctest.NewTenant(ctx, st, "Propagation Bench", roles...)
	if err != nil {
		return nil, err
	}
	tk, err := synctest.NewTicket(ctx, st, tn.ID, "shared ticket", time.Now())
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4 * propagationPeers, MaxConnsPerHost: 0}}
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stop(); wg.Wait() }()
	reps := make([]*replica.Replica, len(tn.Members))
	for i, m := range tn.Members {
		db, err := synctest.OpenMemDB()
		if err != nil {
			return nil, err
		}
		defer db.Close()
		r, err := replica.New(db, replica.Config{UserID: m.User.GetId(), Heartbeat: 30 * time.Second})
		if err != nil {
			return nil, err
		}
		reps[i] = r
		tr := replica.ConnectTransport(synctest.SyncClient(hc, hs.URL, m.Token))
		if err := r.SyncOnce(ctx, tr); err != nil {
			return nil, err
		}
		wg.Add(1)
		go func() { defer wg.Done(); _ = r.Run(runCtx, tr) }()
	}
	time.Sleep(300 * time.Millisecond) // streams open
	var lat []time.Duration
	for round := range 30 {
		writer := reps[round%len(reps)]
		// Each peer waits until it sees the new message.
		var got sync.WaitGroup
		var mu sync.Mutex
		var msgID atomic.Value
		start := time.Now()
		for i, r := range reps {
			if r == writer {
				continue
			}
			got.Add(1)
			go func() {
				defer got.Done()
				deadline := time.After(10 * time.Second)
				for {
					ch := r.Changed()
					if id, ok := msgID.Load().(string); ok {
						if th, err := r.Ticket(ctx, tk.GetId()); err == nil && hasMessage(th, id) {
							mu.Lock()
							lat = append(lat, time.Since(start))
							mu.Unlock()
							return
						}
					}
					select {
					case <-ch:
					case <-deadline:
						return
					case <-time.After(5 * time.Millisecond):
					}
				}
			}()
			_ = i
		}
		id, _, err := writer.AddReply(ctx, tk.GetId(), fmt.Sprintf("note %d", round), true)
		if err != nil {
			return nil, err
		}
		msgID.Store(id)
		got.Wait()
	}
	if len(lat) == 0 {
		return nil, fmt.Errorf("no propagation observed")
	}
	ms := make([]float64, len(lat))
	for i, d := range lat {
		ms[i] = float64(d.Microseconds()) / 1000
	}
	note := fmt.Sprintf("%d clients, %d samples, HTTP/1.1 loopback", propagationPeers, len(ms))
	return []figures.Figure{
		{Name: "sync.propagation_p50_ms", Value: figures.Percentile(ms, 0.50), Unit: "ms", Goal: "< 20", Note: note},
		{Name: "sync.propagation_p99_ms", Value: figures.Percentile(ms, 0.99), Unit: "ms", Goal: "< 100", Note: note},
	}, nil
}

func hasMessage(th *replica.Thread, id string) bool {
	for _, m := range th.Messages {
		if m.Message.GetId() == id && !m.Pending {
			return true
		}
	}
	return false
}

// benchPush: several clients push batches of mutations to one tenant.
func benchPush(ctx context.Context, st *badgerstore.Store, hs *httptest.Server) (figures.Figure, error) {
	const clients, batch, dur = 8, 100, 5 * time.Second
	roles := slices.Repeat([]frontlinev1.Role{frontlinev1.Role_ROLE_AGENT}, clients)
	tn, err := synctest.NewTenant(ctx, st, "Push Bench", roles...)
	if err != nil {
		return figures.Figure{}, err
	}
	var tickets []string
	for i := range 100 {
		tk, err := synctest.NewTicket(ctx, st, tn.ID, fmt.Sprintf("push %d", i), time.Now())
		if err != nil {
			return figures.Figure{}, err
		}
		tickets = append(tickets, tk.GetId())
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * clients}}
	var applied atomic.Int64
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	start := time.Now()
	for i, m := range tn.Members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := synctest.SyncClient(hc, hs.URL, m.Token)
			cid := desk.NewID(time.Now())
			next := int64(1)
			for time.Now().Before(deadline) {
				req := &frontlinev1.PushRequest{ClientId: cid}
				for range batch {
					tid := tickets[(int(next)+i)%len(tickets)]
					req.Mutations = append(req.Mutations, &frontlinev1.Mutation{Id: next, Op: &frontlinev1.Mutation_UpdateTags{
						UpdateTags: &frontlinev1.UpdateTagsOp{TicketId: tid, Add: []string{fmt.Sprintf("t%d", next%5)}, Remove: []string{fmt.Sprintf("t%d", (next+2)%5)}}}})
					next++
				}
				res, err := c.Push(ctx, req)
				if err != nil {
					errs <- err
					return
				}
				applied.Add(int64(len(res.GetResults())))
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return figures.Figure{}, err
	}
	rate := float64(applied.Load()) / time.Since(start).Seconds()
	return figures.Figure{Name: "sync.push_per_second", Value: rate, Unit: "per_second", Goal: "> 2000",
		Note: fmt.Sprintf("%d clients x batches of %d, one tenant", clients, batch)}, nil
}
