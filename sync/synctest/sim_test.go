package synctest_test

import (
	"flag"
	"fmt"
	"github.com/dgraph-io/badger/v4"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/server"
	"github.com/frontlinedesk/frontline/server/store/storetest"
	"github.com/frontlinedesk/frontline/sync/synctest"
)

var (
	seeds   = flag.Int("sim.seeds", 0, "number of simulation seeds (0: 40 in -short, 300 otherwise)")
	first   = flag.Uint64("sim.seed", 1, "first seed")
	trace   = flag.Bool("sim.trace", false, "debug: trace steps")
	nofault = flag.String("sim.nofault", "", "debug: disable a fault (drop,dup,delay,stale,all)")
	steps   = flag.Int("sim.steps", 0, "steps per seed (0: 30 in -short, 120 otherwise)")
)

// TestSim runs the deterministic simulation (sync.md T1) for many seeds:
// three replicas (an admin and two agents) of one tenant against the real
// handler, with dropped, duplicated, delayed and reordered pushes, stale
// pull responses, offline periods, crashes and role changes, and checks
// convergence, exactly-once, per-client order and cursor invariants.
func TestSim(t *testing.T) {
	st := storetest.New(t)
	srv := server.New(st, server.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	n, nseeds := *steps, *seeds
	if n == 0 {
		n = 120
		if testing.Short() {
			n = 30
		}
	}
	if nseeds == 0 {
		// The -race -short pass keeps to seconds; the long pass runs 300.
		nseeds = 300
		if testing.Short() {
			nseeds = 40
		}
	}
	faults := synctest.Faults{DropRequest: 0.1, DropResponse: 0.1, Duplicate: 0.1, Delay: 0.15, Stale: 0.05}
	switch *nofault {
	case "drop":
		faults.DropRequest, faults.DropResponse = 0, 0
	case "dup":
		faults.Duplicate = 0
	case "delay":
		faults.Delay = 0
	case "stale":
		faults.Stale = 0
	case "all":
		faults = synctest.Faults{}
	}
	start := time.Now()
	var (
		mu    sync.Mutex
		total synctest.SimReport
		next  = *first
		fail  error
		wg    sync.WaitGroup
	)
	// Seeds are independent tenants on one server; two workers use both cores.
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dbs []*badger.DB
			for range 3 {
				db, err := synctest.OpenMemDB()
				if err != nil {
					t.Error(err)
					return
				}
				defer db.Close()
				dbs = append(dbs, db)
			}
			for {
				mu.Lock()
				seed := next
				next++
				stop := seed >= *first+uint64(nseeds) || fail != nil
				mu.Unlock()
				if stop {
					return
				}
				rep, err := synctest.RunSim(t.Context(), st, srv, synctest.SimConfig{Seed: seed, Clients: 3, Steps: n, Tickets: 4, Faults: faults, Trace: tracer(t), DBs: dbs})
				mu.Lock()
				if err != nil && fail == nil {
					fail = fmt.Errorf("simulation failed (rerun with -sim.seed=%d -sim.seeds=1): %w", seed, err)
				}
				total.Enqueued += rep.Enqueued
				total.Rejected += rep.Rejected
				total.Crashes += rep.Crashes
				total.Syncs += rep.Syncs
				total.SyncErrors += rep.SyncErrors
				total.RoleChanges += rep.RoleChanges
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if fail != nil {
		t.Fatal(fail)
	}
	if total.Enqueued == 0 || total.Syncs == 0 {
		t.Fatalf("simulation did nothing: %+v", total)
	}
	t.Logf("sim: seeds=%d steps=%d enqueued=%d rejected=%d crashes=%d syncs=%d sync_errors=%d role_changes=%d in %v",
		nseeds, n, total.Enqueued, total.Rejected, total.Crashes, total.Syncs, total.SyncErrors, total.RoleChanges, time.Since(start).Round(time.Millisecond))
}

func tracer(t *testing.T) func(string, ...any) {
	if !*trace {
		return nil
	}
	return t.Logf
}
