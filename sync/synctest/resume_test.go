package synctest_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
	"github.com/frontlinedesk/frontline/sync/replica"
	"github.com/frontlinedesk/frontline/sync/synctest"
)

// cutTransport fails every pull after a number of successful ones.
type cutTransport struct {
	replica.Transport
	left, pulls int
}

func (c *cutTransport) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	if c.left == 0 {
		return nil, synctest.ErrInjected
	}
	c.left--
	c.pulls++
	return c.Transport.Pull(ctx, req)
}

// TestInitialSync_ResumesAfterCuts cuts an initial sync at random pages
// (with writes in between) and checks that each resume continues from its
// token, re-fetching at most one page per cut, and ends equal to the server.
func TestInitialSync_ResumesAfterCuts(t *testing.T) {
	st := storetest.New(t)
	srv := server.New(st, server.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	ctx := t.Context()
	tn, err := synctest.NewTenant(ctx, st, "Resume", frontlinev1.Role_ROLE_AGENT)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		if _, err := synctest.NewTicket(ctx, st, tn.ID, fmt.Sprintf("t%d", i), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	me := tn.Members[0]
	inner := replica.ConnectTransport(synctest.SyncClient(synctest.InProcessClient(srv), "http://resume", me.Token))
	full := &cutTransport{Transport: inner, left: -1}
	{
		db, _ := synctest.OpenMemDB()
		r, _ := replica.New(db, replica.Config{UserID: me.User.GetId(), PageSize: 8})
		if err := r.SyncOnce(ctx, full); err != nil {
			t.Fatal(err)
		}
		_ = db.Close()
	}
	rnd := rand.New(rand.NewPCG(11, 11))
	for round := range 10 {
		db, err := synctest.OpenMemDB()
		if err != nil {
			t.Fatal(err)
		}
		r, _ := replica.New(db, replica.Config{UserID: me.User.GetId(), PageSize: 8})
		cuts, total := 0, 0
		for {
			ct := &cutTransport{Transport: inner, left: 1 + rnd.IntN(5)}
			err := r.SyncOnce(ctx, ct)
			total += ct.pulls
			if err == nil {
				break
			}
			cuts++
			r, _ = replica.New(db, replica.Config{UserID: me.User.GetId(), PageSize: 8}) // restart
		}
		// Tail pages may grow with the log; allow the extra tail plus one page per cut.
		if limit := full.pulls + cuts + 2; total > limit {
			t.Fatalf("round %d: %d pulls with %d cuts; an uncut sync takes %d", round, total, cuts, full.pulls)
		}
		want, _ := synctest.ServerRows(ctx, st, tn.ID, store.SnapshotScope{UserID: me.User.GetId()}, replica.RowName, replica.RowValue)
		got, _ := r.Dump()
		if !maps.Equal(want, got) {
			t.Fatalf("round %d: resumed replica differs from the server", round)
		}
		_ = db.Close()
	}
}
