package synctest_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
	"github.com/frontlinedesk/frontline/sync/replica"
	"github.com/frontlinedesk/frontline/sync/synctest"
)

const helperEnv = "FRONTLINE_SYNC_CLIENT_HELPER"

// TestMain lets the test binary double as the client process that
// TestKillClient kills with SIGKILL.
func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		if err := clientHelper(mode); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// clientHelper runs a replica in $DIR against $URL until killed, printing
// "acked <id>" after each durable local write and "page" after each pull page.
func clientHelper(mode string) error {
	ctx := context.Background()
	rep, err := replica.Open(os.Getenv("DIR"), replica.Config{UserID: os.Getenv("USER_ID"), PageSize: 10})
	if err != nil {
		return err
	}
	tr := replica.ConnectTransport(synctest.SyncClient(http.DefaultClient, os.Getenv("URL"), os.Getenv("TOKEN")))
	out := bufio.NewWriter(os.Stdout)
	say := func(s string) { _, _ = out.WriteString(s + "\n"); _ = out.Flush() }
	switch mode {
	case "write":
		ticket := os.Getenv("TICKET")
		for i := 0; ; i++ {
			id, err := rep.UpdateTags(ctx, ticket, []string{fmt.Sprintf("t%d", i%7)}, nil)
			if err != nil {
				return err
			}
			say(fmt.Sprintf("acked %d", id))
		}
	default: // "pull": initial sync, then keep pulling
		for {
			more, err := rep.PullOnce(ctx, tr)
			if err != nil {
				return err
			}
			say("page")
			if !more {
				say("caught-up")
				time.Sleep(2 * time.Millisecond)
			}
		}
	}
}

// countingTransport counts pull pages.
type countingTransport struct {
	replica.Transport
	pulls atomic.Int64
}

func (c *countingTransport) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	c.pulls.Add(1)
	return c.Transport.Pull(ctx, req)
}

// TestKillClient kills the client process with SIGKILL during local writes,
// during the initial sync and during later pull pages: every write it
// acknowledged is still in the outbox, the replica reopens consistent, an
// interrupted initial sync resumes from its token instead of starting over,
// and the replica then converges with the server.
func TestKillClient(t *testing.T) {
	rounds := 3
	if !testing.Short() {
		rounds = 15
	}
	st := storetest.New(t)
	srv := server.New(st, server.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	ctx := t.Context()
	tn, err := synctest.NewTenant(ctx, st, "Kill Client", frontlinev1.Role_ROLE_ADMIN)
	if err != nil {
		t.Fatal(err)
	}
	var ticket string
	for i := range 150 {
		tk, err := synctest.NewTicket(ctx, st, tn.ID, fmt.Sprintf("ticket %d", i), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ticket = tk.GetId()
	}
	me := tn.Members[0]
	hc := &http.Client{}
	full := fullSyncPages(t, hs.URL, me)
	rnd := rand.New(rand.NewPCG(3, 3))
	for _, mode := range []string{"write", "pull"} {
		for round := range rounds {
			dir := t.TempDir()
			if mode == "pull" && round%2 == 1 {
				// Start from a finished initial sync so the kill lands in tail pages.
				rep, err := replica.Open(dir, replica.Config{UserID: me.User.GetId(), PageSize: 10})
				if err != nil {
					t.Fatal(err)
				}
				if err := rep.SyncOnce(ctx, replica.ConnectTransport(synctest.SyncClient(hc, hs.URL, me.Token))); err != nil {
					t.Fatal(err)
				}
				_ = rep.Close()
				for i := range 30 {
					if err := synctest.CustomerMessage(ctx, st, tn.ID, ticket, fmt.Sprintf("more %d", i), time.Now()); err != nil {
						t.Fatal(err)
					}
				}
			}
			if mode == "pull" && round%2 == 0 {
				// Odd rounds add messages on the server, so a full initial
				// sync grows; measure it again before judging a resume.
				full = fullSyncPages(t, hs.URL, me)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperEnv+"="+mode, "DIR="+dir, "URL="+hs.URL, "TOKEN="+me.Token,
				"USER_ID="+me.User.GetId(), "TICKET="+ticket)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			killAfter := 1 + rnd.IntN(max(2, full-2)) // lines (acks or pages)
			var acked []int64
			pages := 0
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				line := sc.Text()
				if id, ok := strings.CutPrefix(line, "acked "); ok {
					n, _ := strconv.ParseInt(id, 10, 64)
					acked = append(acked, n)
				} else if line == "page" {
					pages++
				}
				if len(acked)+pages >= killAfter {
					break
				}
			}
			_ = cmd.Process.Kill() // SIGKILL, mid-write or mid-page
			_, _ = io.Copy(io.Discard, stdout)
			_ = cmd.Wait()

			rep, err := replica.Open(dir, replica.Config{UserID: me.User.GetId(), PageSize: 10})
			if err != nil {
				t.Fatalf("%s round %d: reopen after kill -9: %v", mode, round, err)
			}
			ob, err := rep.Outbox()
			if err != nil {
				t.Fatal(err)
			}
			have := map[int64]bool{}
			for _, m := range ob {
				have[m.GetId()] = true
			}
			for _, id := range acked {
				if !have[id] {
					t.Fatalf("%s round %d: acknowledged mutation %d missing from the outbox after kill -9", mode, round, id)
				}
			}
			resuming := rep.Status().InitialSync
			ct := &countingTransport{Transport: replica.ConnectTransport(synctest.SyncClient(hc, hs.URL, me.Token))}
			if err := rep.SyncOnce(ctx, ct); err != nil {
				t.Fatalf("%s round %d: sync after reopen: %v", mode, round, err)
			}
			if mode == "pull" && round%2 == 0 && resuming && pages > 2 && ct.pulls.Load() >= int64(full) {
				t.Fatalf("pull round %d: resumed initial sync took %d pages after %d were done; a full one takes %d", round, ct.pulls.Load(), pages, full)
			}
			want, err := synctest.ServerRows(ctx, st, tn.ID, store.SnapshotScope{UserID: me.User.GetId(), Admin: true}, replica.RowName, replica.RowValue)
			if err != nil {
				t.Fatal(err)
			}
			got, err := rep.Dump()
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(want, got) {
				t.Fatalf("%s round %d: replica differs from the server after resume (%d vs %d rows)", mode, round, len(got), len(want))
			}
			_ = rep.Close()
		}
	}
}

// fullSyncPages is how many pulls an uninterrupted initial sync takes.
func fullSyncPages(t *testing.T, url string, me synctest.Member) int {
	t.Helper()
	rep, err := replica.Open(t.TempDir(), replica.Config{UserID: me.User.GetId(), PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	ct := &countingTransport{Transport: replica.ConnectTransport(synctest.SyncClient(&http.Client{}, url, me.Token))}
	if err := rep.SyncOnce(t.Context(), ct); err != nil {
		t.Fatal(err)
	}
	return int(ct.pulls.Load())
}
