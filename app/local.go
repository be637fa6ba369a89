package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/frontlinedesk/frontline/sync/replica"
)

// local is one signed-in session's replica with the goroutines that keep it
// in sync and tell the UI about changes. The App owns it: startLocal starts
// it and stop ends it (on logout, shutdown or when the server refuses the
// session).
type local struct {
	rep    *replica.Replica
	server Server
	dir    string // session directory (dismissed list); "" when in memory
	key    string
	// signIn is how the agent signed in, to find the stored session.
	serverURL, company, email string

	rw     sync.RWMutex // closed is set under the write lock
	closed bool
	closer func() error

	loopMu    sync.Mutex
	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once

	dismissMu sync.Mutex
	dismissed map[string]bool
}

// replicaKey names the replica of one user of one tenant on one server.
func replicaKey(serverURL, companyID, userID string) string {
	h := sha256.Sum256([]byte(strings.ToLower(serverURL) + "\x00" + companyID + "\x00" + userID))
	return hex.EncodeToString(h[:12])
}

// openLocal opens (creating) the replica for key under dataDir, or in
// memory when dataDir is empty.
func openLocal(dataDir, key string, srv Server, cfg replica.Config) (*local, error) {
	l := &local{server: srv, key: key, dismissed: map[string]bool{}}
	if dataDir == "" {
		rep, err := replica.OpenInMemory(cfg)
		if err != nil {
			return nil, err
		}
		l.rep, l.closer = rep, rep.Close
		return l, nil
	}
	l.dir = filepath.Join(dataDir, key)
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create replica dir: %w", err)
	}
	rep, err := replica.Open(filepath.Join(l.dir, "replica"), cfg)
	if err != nil {
		return nil, err
	}
	l.rep, l.closer = rep, rep.Close
	l.loadDismissed()
	return l, nil
}

// do runs fn on the replica unless it was closed.
func (l *local) do(fn func(r *replica.Replica) error) error {
	l.rw.RLock()
	defer l.rw.RUnlock()
	if l.closed {
		return errNotSignedIn
	}
	return fn(l.rep)
}

// start runs the sync loop and the change watcher until stop (or until the
// server refuses the session, when onSignedOut is called first).
func (l *local) start(a *App, onSignedOut func()) {
	ctx, cancel := context.WithCancel(a.base)
	l.loopMu.Lock()
	l.cancel, l.done = cancel, make(chan struct{})
	done := l.done
	l.loopMu.Unlock()
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); a.watch(ctx, l) }()
		wg.Add(1)
		go func() { defer wg.Done(); a.Search.run(ctx, l) }() // search indexes (search.go)
		signedOut := a.runSync(ctx, l)
		cancel()
		wg.Wait()
		if signedOut {
			onSignedOut()
			l.closeDB()
		}
	}()
}

// restart stops the loop and starts it again at once (the "Retry now"
// button): the back-off after a long outage is forgotten.
func (l *local) restart(a *App, onSignedOut func()) {
	l.loopMu.Lock()
	cancel, done := l.cancel, l.done
	l.loopMu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
	l.rw.RLock()
	closed := l.closed
	l.rw.RUnlock()
	if !closed {
		l.start(a, onSignedOut)
	}
}

// stopLoop ends the goroutines; it must not be called from them.
func (l *local) stopLoop() {
	l.loopMu.Lock()
	cancel, done := l.cancel, l.done
	l.loopMu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// closeDB closes the replica once; reads after it fail as signed out.
func (l *local) closeDB() {
	l.closeOnce.Do(func() {
		l.rw.Lock()
		l.closed = true
		l.rw.Unlock()
		_ = l.closer()
	})
}

// stop ends the goroutines and closes the replica; it is idempotent and
// must not be called from the loop's own goroutines.
func (l *local) stop() {
	l.stopLoop()
	l.closeDB()
}

// runSync keeps the replica in sync until ctx ends; it reports whether the
// server refused the session.
func (a *App) runSync(ctx context.Context, l *local) bool {
	for {
		err := l.rep.Run(ctx, l.server.Sync())
		if ctx.Err() != nil {
			return false
		}
		if errors.Is(err, replica.ErrSignedOut) {
			a.log.Info("sync: the server refused the session", "err", err)
			return true
		}
		a.log.Warn("sync loop ended; restarting", "err", err)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(time.Second):
		}
	}
}

// watch emits sync:status whenever the status line would change and
// replica:changed whenever the data the UI shows may have changed.
func (a *App) watch(ctx context.Context, l *local) {
	var last SyncStatusDTO
	var queue queueWatch // the live queue (queue.go)
	first := true
	for {
		ch := l.rep.Changed()
		st := a.syncStatus(l)
		if first || st != last {
			a.emit(EventSyncStatus, st)
		}
		if !first && (st.SyncedUpTo != last.SyncedUpTo || st.Pending != last.Pending ||
			st.Rejected != last.Rejected || st.Held != last.Held || st.InitialSync != last.InitialSync) {
			a.emit(EventReplicaChanged, st)
		}
		if first || st.SyncedUpTo != last.SyncedUpTo || st.Pending != last.Pending || st.InitialSync != last.InitialSync {
			a.checkQueue(ctx, l, &queue, st.InitialSync, time.Now())
		}
		first, last = false, st
		select {
		case <-ctx.Done():
			return
		case <-ch:
		}
		// Coalesce a burst (a pull of many pages) into one refresh.
		select {
		case <-ctx.Done():
			return
		case <-time.After(a.cfg.ChangeDebounce):
		}
	}
}
