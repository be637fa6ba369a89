package synctest_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/dgraph-io/badger/v4"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/demo"
	"github.com/frontlinedesk/frontline/sync/replica"
	"github.com/frontlinedesk/frontline/sync/synctest"
)

// buildServer builds the frontline-server binary into a temp dir.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "frontline-server")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/frontlinedesk/frontline/server/cmd/frontline-server")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build server: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// serverProc is a running frontline-server process.
type serverProc struct {
	cmd *exec.Cmd
}

func startServer(t *testing.T, bin, dir, addr string) *serverProc {
	t.Helper()
	for attempt := 0; ; attempt++ {
		cmd := exec.Command(bin, "--data", dir, "--addr", addr, "--demo")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = nil
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan bool, 1)
		go func() {
			sc := bufio.NewScanner(stdout)
			ok := false
			for sc.Scan() {
				if strings.Contains(sc.Text(), "listening on") && !ok {
					ok = true
					ready <- true
				}
			}
			if !ok {
				ready <- false
			}
		}()
		select {
		case ok := <-ready:
			if ok {
				return &serverProc{cmd: cmd}
			}
		case <-time.After(30 * time.Second):
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if attempt == 20 {
			t.Fatalf("server did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *serverProc) kill() {
	_ = p.cmd.Process.Kill() // SIGKILL
	_ = p.cmd.Wait()
}

// ackTracker wraps a transport and remembers the highest mutation id the
// server acknowledged.
type ackTracker struct {
	replica.Transport
	mu    sync.Mutex
	acked int64
}

func (a *ackTracker) Push(ctx context.Context, req *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	res, err := a.Transport.Push(ctx, req)
	if err == nil {
		a.mu.Lock()
		a.acked = max(a.acked, res.GetLastMutationId())
		a.mu.Unlock()
	}
	return res, err
}

// TestKillServer kills the real server process with SIGKILL while several
// clients push, many rounds, and checks that nothing the server
// acknowledged is lost, nothing is applied twice, and everyone converges.
func TestKillServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the server binary; runs in the long pass")
	}
	bin := buildServer(t)
	dir, addr := t.TempDir(), freeAddr(t)
	base := "http://" + addr
	proc := startServer(t, bin, dir, addr)
	defer func() { proc.kill() }()
	ctx := t.Context()
	hc := &http.Client{Timeout: 5 * time.Second}

	type client struct {
		name  string
		rep   *replica.Replica
		tr    *ackTracker
		sc    frontlinev1connect.SyncServiceClient
		msgs  []string
		enqed int64
	}
	var clients []*client
	for _, l := range demo.Logins {
		id := frontlinev1connect.NewIdentityServiceClient(hc, base)
		res, err := id.Login(ctx, &frontlinev1.LoginRequest{CompanyName: demo.CompanyName, Email: l.Email, Password: demo.Password})
		if err != nil {
			t.Fatal(err)
		}
		db, err := badger.Open(replica.DesktopOptions(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		rep, err := replica.New(db, replica.Config{UserID: res.GetUser().GetId(), UserName: res.GetUser().GetName(), PageSize: 200})
		if err != nil {
			t.Fatal(err)
		}
		sc := synctest.SyncClient(hc, base, res.GetSession().GetToken())
		clients = append(clients, &client{name: l.Name, rep: rep, sc: sc, tr: &ackTracker{Transport: replica.ConnectTransport(sc)}})
	}
	for _, c := range clients {
		if err := c.rep.SyncOnce(ctx, c.tr); err != nil {
			t.Fatalf("initial sync %s: %v", c.name, err)
		}
	}
	tickets, err := clients[0].rep.ListTickets(ctx, replica.Filter{})
	if err != nil || len(tickets) == 0 {
		t.Fatalf("no tickets after initial sync: %v", err)
	}
	rounds := 12
	rnd := rand.New(rand.NewPCG(7, 7))
	for round := 0; round < rounds; round++ {
		roundCtx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(round), uint64(i)))
				for j := 0; roundCtx.Err() == nil; j++ {
					tk := tickets[r.IntN(len(tickets))].Ticket.GetId()
					mid, _, err := c.rep.AddReply(roundCtx, tk, fmt.Sprintf("%s round %d reply %d", c.name, round, j), true)
					if err != nil {
						return
					}
					c.msgs = append(c.msgs, mid)
					c.enqed++
					_ = c.rep.SyncOnce(roundCtx, c.tr)
				}
			}()
		}
		time.Sleep(time.Duration(50+rnd.IntN(400)) * time.Millisecond)
		proc.kill()
		cancel()
		wg.Wait()
		proc = startServer(t, bin, dir, addr)
		// Nothing the server acknowledged before the kill is lost.
		for _, c := range clients {
			res, err := c.sc.Push(ctx, &frontlinev1.PushRequest{ClientId: c.rep.ClientID()})
			if err != nil {
				t.Fatalf("round %d: empty push: %v", round, err)
			}
			if res.GetLastMutationId() < c.tr.acked {
				t.Fatalf("round %d: %s: server acknowledged mutation %d but has only %d after kill -9", round, c.name, c.tr.acked, res.GetLastMutationId())
			}
		}
	}
	// Quiesce and check exactly-once and convergence.
	for range 3 {
		for _, c := range clients {
			if err := c.rep.SyncOnce(ctx, c.tr); err != nil {
				t.Fatalf("final sync %s: %v", c.name, err)
			}
		}
	}
	ts := frontlinev1connect.NewTicketServiceClient(hc, base, connect.WithInterceptors(synctest.Bearer(loginToken(t, hc, base))))
	seen := map[string]int{}
	for _, tv := range tickets {
		res, err := ts.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: tv.Ticket.GetId()})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.GetMessages() {
			seen[m.GetId()]++
		}
	}
	total := 0
	for _, c := range clients {
		ob, _ := c.rep.Outbox()
		if len(ob) != 0 {
			t.Errorf("%s: %d mutations still pending", c.name, len(ob))
		}
		for _, id := range c.msgs {
			total++
			if seen[id] != 1 {
				t.Errorf("%s: reply %s stored %d times, want exactly once", c.name, id, seen[id])
			}
		}
	}
	ref, _ := clients[0].rep.Dump()
	for _, c := range clients[1:] {
		got, _ := c.rep.Dump()
		for k, v := range ref {
			if strings.HasPrefix(k, "01") || strings.HasPrefix(k, "02") || strings.HasPrefix(k, "03") || strings.HasPrefix(k, "04") {
				if got[k] != v {
					t.Fatalf("%s differs from %s at row %s", c.name, clients[0].name, k)
				}
			}
		}
	}
	t.Logf("kill-server: rounds=%d replies=%d lost=0 duplicated=0", rounds, total)
}

func loginToken(t *testing.T, hc *http.Client, base string) string {
	t.Helper()
	id := frontlinev1connect.NewIdentityServiceClient(hc, base)
	res, err := id.Login(t.Context(), &frontlinev1.LoginRequest{CompanyName: demo.CompanyName, Email: "ada@northwind.test", Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetSession().GetToken()
}

var _ = os.Getenv
