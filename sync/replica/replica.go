// Package replica is the desktop's local copy of what its user may see of a
// tenant: a badger database holding the confirmed rows the server sent, a
// durable outbox of the user's pending mutations, and the sync loop that
// pushes the outbox and pulls the tenant's change log.
//
// Guarantees:
//   - A mutation is in the outbox, fsynced, before Enqueue returns: nothing
//     the UI reported as saved is lost by a crash.
//   - Each pull page is applied in one transaction together with the cursor
//     and the removal of the outbox entries the server has confirmed in it,
//     and every page ends at a server transaction boundary, so readers only
//     ever see a server checkpoint plus their own pending mutations, which
//     are re-applied on top at read time (the optimistic view).
//   - An initial sync fills a fresh generation of rows, resumable from the
//     server's token after a crash, and is made visible in one write once it
//     has caught up with the log.
package replica

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Config describes the signed-in user and tuning.
type Config struct {
	UserID   string // the signed-in user (author of optimistic messages)
	UserName string
	Now      func() time.Time
	PageSize int // rows per pull page (default 1000)
	Logger   *slog.Logger
	// Heartbeat bounds how long Run waits without a poke before pulling anyway.
	Heartbeat time.Duration
}

// Replica is one user's copy of a tenant. It is safe for concurrent use.
type Replica struct {
	db     *badger.DB
	cfg    Config
	ownsDB bool

	mu         sync.Mutex // serialises writers
	pushedUpTo int64      // highest mutation id the server reported seen
	pageSize   int

	stMu   sync.Mutex
	status Status
	change chan struct{} // closed and replaced on every visible change
	wake   chan struct{} // a local write asks the loop to push
}

// Status is what the status line shows.
type Status struct {
	Online      bool
	InitialSync bool // an initial sync is running (data may be missing)
	SignedOut   bool // the server refused the session; data was purged
	Pending     int
	SyncedUpTo  int64
	LastError   string
}

// DesktopOptions are badger options sized for a desktop (toolchain.md §7).
func DesktopOptions(dir string) badger.Options {
	return badger.DefaultOptions(dir).
		WithLogger(nil).
		WithMemTableSize(16 << 20).WithNumMemtables(2).
		WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(6).WithNumCompactors(2).
		WithBlockCacheSize(16 << 20).WithIndexCacheSize(16 << 20).
		WithValueLogFileSize(64 << 20).WithValueThreshold(64 << 10).
		WithMetricsEnabled(false).WithSyncWrites(false)
}

// Open opens (creating) the replica in dir with desktop options.
func Open(dir string, cfg Config) (*Replica, error) {
	db, err := badger.Open(DesktopOptions(dir))
	if err != nil {
		return nil, fmt.Errorf("replica: open %s: %w", dir, err)
	}
	r, err := New(db, cfg)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	r.ownsDB = true
	return r, nil
}

// OpenInMemory opens a replica that lives only in memory, for a session
// that must leave nothing on disk and for tools that check a server.
func OpenInMemory(cfg Config) (*Replica, error) {
	db, err := badger.Open(DesktopOptions("").WithInMemory(true))
	if err != nil {
		return nil, fmt.Errorf("replica: open in memory: %w", err)
	}
	r, err := New(db, cfg)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	r.ownsDB = true
	return r, nil
}

// New uses an open badger database (which the caller closes unless Open made it).
func New(db *badger.DB, cfg Config) (*Replica, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 1000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 30 * time.Second
	}
	r := &Replica{db: db, cfg: cfg, pageSize: cfg.PageSize, change: make(chan struct{}), wake: make(chan struct{}, 1)}
	err := db.Update(func(txn *badger.Txn) error {
		if _, err := getMeta(txn, metaClient); errors.Is(err, badger.ErrKeyNotFound) {
			if err := txn.Set(metaKey(metaClient), []byte(desk.NewID(cfg.Now()))); err != nil {
				return err
			}
			return txn.Set(metaKey(metaGen), u64(1))
		} else if err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("replica: init: %w", err)
	}
	if err := r.dropOldGens(); err != nil {
		return nil, err
	}
	r.refreshStatus()
	return r, nil
}

// Close closes the database if Open made it.
func (r *Replica) Close() error {
	if r.ownsDB {
		return r.db.Close()
	}
	return nil
}

// DB exposes the database to tests in this module.
func (r *Replica) DB() *badger.DB { return r.db }

// ClientID is this replica's client id.
func (r *Replica) ClientID() string {
	var id string
	_ = r.db.View(func(txn *badger.Txn) error {
		b, err := getMeta(txn, metaClient)
		id = string(b)
		return err
	})
	return id
}

// Changed returns a channel closed at the next visible change.
func (r *Replica) Changed() <-chan struct{} {
	r.stMu.Lock()
	defer r.stMu.Unlock()
	return r.change
}

// Status returns the current sync status.
func (r *Replica) Status() Status {
	r.stMu.Lock()
	defer r.stMu.Unlock()
	return r.status
}

func (r *Replica) setOnline(online bool, err error) {
	r.stMu.Lock()
	changed := r.status.Online != online
	r.status.Online = online
	if err != nil {
		r.status.LastError = err.Error()
	} else {
		r.status.LastError = ""
	}
	r.stMu.Unlock()
	if changed {
		r.broadcast()
	}
}

// refreshStatus recomputes the stored parts of the status and notifies.
func (r *Replica) refreshStatus() {
	var pending int
	var seq int64
	var staging bool
	_ = r.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{kOutbox}})
		for it.Rewind(); it.Valid(); it.Next() {
			pending++
		}
		it.Close()
		s, _ := getUint(txn, metaSeq)
		seq = int64(s)
		_, err := getMeta(txn, metaStage)
		staging = err == nil
		return nil
	})
	r.stMu.Lock()
	r.status.Pending, r.status.SyncedUpTo, r.status.InitialSync = pending, seq, staging
	r.stMu.Unlock()
	r.broadcast()
}

func (r *Replica) broadcast() {
	r.stMu.Lock()
	close(r.change)
	r.change = make(chan struct{})
	r.stMu.Unlock()
}

// --- meta helpers ---

func getMeta(txn *badger.Txn, name string) ([]byte, error) {
	item, err := txn.Get(metaKey(name))
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

func getUint(txn *badger.Txn, name string) (uint64, error) {
	b, err := getMeta(txn, name)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("replica: meta %s: bad length", name)
	}
	return uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7]), nil
}

func getJSON(txn *badger.Txn, name string, v any) (bool, error) {
	b, err := getMeta(txn, name)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(b, v)
}

func setJSON(txn *badger.Txn, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(metaKey(name), b)
}

// activeGen returns the generation readers use.
func activeGen(txn *badger.Txn) (uint32, error) {
	g, err := getUint(txn, metaGen)
	return uint32(g), err
}

// --- outbox ---

// Enqueue stores a mutation in the outbox, durably, and returns its id.
// The op's base fields (what the user saw) should already be set.
func (r *Replica) Enqueue(ctx context.Context, m *frontlinev1.Mutation) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	m = proto.Clone(m).(*frontlinev1.Mutation)
	r.mu.Lock()
	err := r.db.Update(func(txn *badger.Txn) error {
		next, err := getUint(txn, metaNextMut)
		if err != nil {
			return err
		}
		if next == 0 {
			next = 1
		}
		m.Id = int64(next)
		if m.CreateTime == nil {
			m.CreateTime = timestamppb.New(r.cfg.Now())
		}
		b, err := proto.Marshal(m)
		if err != nil {
			return err
		}
		if err := txn.Set(outboxKey(m.Id), b); err != nil {
			return err
		}
		return txn.Set(metaKey(metaNextMut), u64(next+1))
	})
	r.mu.Unlock()
	if err != nil {
		return 0, fmt.Errorf("replica: enqueue: %w", err)
	}
	// Durable before the UI says "saved".
	if err := r.db.Sync(); err != nil {
		return 0, fmt.Errorf("replica: enqueue: sync: %w", err)
	}
	r.refreshStatus()
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return m.Id, nil
}

// Outbox returns the pending mutations in id order.
func (r *Replica) Outbox() ([]*frontlinev1.Mutation, error) {
	var out []*frontlinev1.Mutation
	err := r.db.View(func(txn *badger.Txn) error {
		var err error
		out, err = readOutbox(txn)
		return err
	})
	return out, err
}

func readOutbox(txn *badger.Txn) ([]*frontlinev1.Mutation, error) {
	var out []*frontlinev1.Mutation
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{kOutbox}, PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		m := new(frontlinev1.Mutation)
		if err := it.Item().Value(func(b []byte) error { return proto.Unmarshal(b, m) }); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// dropAcked deletes outbox entries with id <= upTo.
func dropAcked(txn *badger.Txn, upTo int64) error {
	if upTo <= 0 {
		return nil
	}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{kOutbox}})
	var keys [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		id, err := parseOutboxKey(it.Item().Key())
		if err != nil || id > upTo {
			break
		}
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
