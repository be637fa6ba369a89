// Package badgerstore is the server's embedded store.Store on badger v4.
//
// keys.go owns the whole key layout: every tenant-owned key starts with the
// tenant's prefix, so a look-up with another tenant's id finds nothing and
// returns desk.ErrNotFound. Values are proto-encoded wire types (or JSON for
// sessions, invites and credentials) with an encoding byte in UserMeta.
//
// Writes are acknowledged once badger has committed them to its write-ahead
// memtable file, which survives a crash of the process (not a power loss);
// Close flushes everything to disk. Mutating transactions retry on
// badger.ErrConflict, so a mutator func passed to an Update method may run
// more than once and must not have side effects outside the value it edits.
package badgerstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	"github.com/frontlinedesk/frontline/server/store"
)

var _ store.Store = (*Store)(nil)

// maxAttempts bounds the retries of a transaction that hits badger.ErrConflict.
const maxAttempts = 10

// Store is a store.Store on a badger database. It is safe for concurrent use.
type Store struct {
	db  *badger.DB
	log *slog.Logger
	now func() time.Time

	stopGC    context.CancelFunc
	gcDone    chan struct{}
	closeOnce sync.Once
	closeErr  error

	stripes [64]sync.Mutex // see updateLocked

	epoch   string
	watchMu sync.Mutex
	watch   map[id]chan struct{}
}

// stripe picks the lock of a hot key (FNV-1a).
func stripe(k []byte) int {
	h := uint32(2166136261)
	for _, c := range k {
		h = (h ^ uint32(c)) * 16777619
	}
	return int(h % 64)
}

type config struct {
	log        *slog.Logger
	inMemory   bool
	gcInterval time.Duration
	now        func() time.Time
	memTable   int64
	blockCache int64
}

// Option configures Open.
type Option func(*config)

// WithLogger sends badger's and the store's logs to l. Badger's routine
// Infof lines are logged at slog.LevelDebug. Without it nothing is logged.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.log = l } }

// WithInMemory keeps everything in memory (dir is ignored); for tests.
func WithInMemory() Option { return func(c *config) { c.inMemory = true } }

// WithGCInterval sets how often the value-log GC loop runs (default 5 min).
func WithGCInterval(d time.Duration) Option { return func(c *config) { c.gcInterval = d } }

// WithClock replaces time.Now for expiry checks of sessions and invites.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithMemTableSize sets badger's memtable size in bytes (default 16 MiB).
func WithMemTableSize(n int64) Option { return func(c *config) { c.memTable = n } }

// WithBlockCacheSize sets badger's block cache size in bytes (default 16 MiB).
func WithBlockCacheSize(n int64) Option { return func(c *config) { c.blockCache = n } }

// Open opens (creating if needed) the store in dir.
func Open(dir string, opts ...Option) (*Store, error) {
	c := config{
		log:        slog.New(slog.DiscardHandler),
		gcInterval: 5 * time.Minute,
		now:        time.Now,
		memTable:   16 << 20,
		blockCache: 16 << 20,
	}
	for _, o := range opts {
		o(&c)
	}
	if c.memTable < 1<<20 {
		c.memTable = 1 << 20
	}
	if c.blockCache < 1<<20 {
		c.blockCache = 1 << 20 // zero with Snappy compression panics in badger
	}
	if c.inMemory {
		dir = ""
	}
	// Sized for a small server rather than badger's defaults (256 MiB block
	// cache, 5 x 64 MiB memtables, 1 GiB value-log files); see toolchain.md §7.
	bo := badger.DefaultOptions(dir).
		WithInMemory(c.inMemory).
		WithLogger(slogAdapter{c.log}).
		WithMemTableSize(c.memTable).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(6).
		WithNumCompactors(2).
		WithBlockCacheSize(c.blockCache).
		WithIndexCacheSize(16 << 20).
		WithValueLogFileSize(64 << 20).
		WithValueThreshold(min(64<<10, c.memTable*15/100)).
		WithMetricsEnabled(false).
		WithSyncWrites(false)
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("badgerstore: open %q: %w", dir, err)
	}
	epoch, err := loadEpoch(db)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("badgerstore: open %q: epoch: %w", dir, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Store{db: db, log: c.log, now: c.now, stopGC: cancel, gcDone: make(chan struct{}), epoch: epoch, watch: map[id]chan struct{}{}}
	if c.inMemory {
		close(s.gcDone) // value-log GC does not apply in memory
	} else {
		go s.gcLoop(ctx, c.gcInterval)
	}
	return s, nil
}

// OpenInMemory opens a store that lives in memory only; for tests.
func OpenInMemory(opts ...Option) (*Store, error) {
	return Open("", append([]Option{WithInMemory(), WithMemTableSize(4 << 20), WithBlockCacheSize(2 << 20)}, opts...)...)
}

// Close stops the GC loop and flushes and closes the database. Acknowledged
// writes are on disk when it returns. Later calls return the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.stopGC()
		<-s.gcDone
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("badgerstore: close: %w", err)
		}
	})
	return s.closeErr
}

// gcLoop runs value-log GC every interval until ctx is done.
func (s *Store) gcLoop(ctx context.Context, every time.Duration) {
	defer close(s.gcDone)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Each successful run rewrites one value-log file; repeat until
		// nothing is left to reclaim.
		for ctx.Err() == nil {
			err := s.db.RunValueLogGC(0.5)
			if err == nil {
				continue
			}
			if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
				s.log.Warn("badgerstore: value log gc", "err", err)
			}
			break
		}
	}
}

// update runs fn in a read-write transaction, retrying on badger.ErrConflict
// with a short random back-off. Errors are wrapped "badgerstore: op: ...".
func (s *Store) update(ctx context.Context, op string, fn func(txn *badger.Txn) error) error {
	return s.updateLocked(ctx, op, nil, fn)
}

// updateLocked is update holding the stripe lock of the hot key it will read
// and write (a ticket, a user, an article, a tenant's ticket counter). Badger
// detects the conflicts either way; the lock only keeps writers of one key in
// this process from starving each other through repeated conflicts.
func (s *Store) updateLocked(ctx context.Context, op string, hot []byte, fn func(txn *badger.Txn) error) error {
	if hot != nil {
		mu := &s.stripes[stripe(hot)]
		mu.Lock()
		defer mu.Unlock()
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("badgerstore: %s: %w", op, err)
		}
		err := s.db.Update(fn)
		if err == nil {
			return nil
		}
		if !errors.Is(err, badger.ErrConflict) {
			return fmt.Errorf("badgerstore: %s: %w", op, err)
		}
		if attempt == maxAttempts {
			return fmt.Errorf("badgerstore: %s: gave up after %d conflicts: %w", op, attempt, desk.ErrConflict)
		}
		// Back off 0..(100µs << attempt) so that contenders spread out.
		time.Sleep(time.Duration(rand.Int64N(int64(100 * time.Microsecond << attempt))))
	}
}

// view runs fn in a read-only transaction.
func (s *Store) view(ctx context.Context, op string, fn func(txn *badger.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	if err := s.db.View(fn); err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	return nil
}

// slogAdapter is a badger.Logger writing to a *slog.Logger.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Errorf(f string, args ...any) { a.logf(slog.LevelError, f, args) }
func (a slogAdapter) Warningf(f string, args ...any) {
	a.logf(slog.LevelWarn, f, args)
}
func (a slogAdapter) Infof(f string, args ...any)  { a.logf(slog.LevelDebug, f, args) }
func (a slogAdapter) Debugf(f string, args ...any) { a.logf(slog.LevelDebug, f, args) }

func (a slogAdapter) logf(level slog.Level, f string, args []any) {
	ctx := context.Background()
	if !a.l.Enabled(ctx, level) {
		return
	}
	msg := fmt.Sprintf(f, args...)
	for len(msg) > 0 && (msg[len(msg)-1] == '\n' || msg[len(msg)-1] == ' ') {
		msg = msg[:len(msg)-1]
	}
	a.l.Log(ctx, level, msg, "component", "badger")
}

// get returns the item at k, or desk.ErrNotFound.
func get(txn *badger.Txn, k []byte) (*badger.Item, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, desk.ErrNotFound
	}
	return item, err
}

// exists reports whether k is present.
func exists(txn *badger.Txn, k []byte) (bool, error) {
	_, err := txn.Get(k)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, badger.ErrKeyNotFound):
		return false, nil
	default:
		return false, err
	}
}

// getProto decodes the proto at k into m, or returns desk.ErrNotFound.
func getProto(txn *badger.Txn, k []byte, m proto.Message) error {
	item, err := get(txn, k)
	if err != nil {
		return err
	}
	return decodeProto(item, m)
}

// setAll sets every entry in txn.
func setAll(txn *badger.Txn, es ...*badger.Entry) error {
	for _, e := range es {
		if err := txn.SetEntry(e); err != nil {
			return err
		}
	}
	return nil
}

// scanPage walks the index under prefix from start, calls load for each key
// and keeps the values it accepts, up to size of them. The returned token
// names the last kept key when another accepted key follows, else "".
func scanPage[T any](txn *badger.Txn, prefix, start []byte, size int, load func(k []byte) (T, bool, error)) ([]T, string, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	out := make([]T, 0, min(size, 64))
	var last []byte
	for it.Seek(start); it.Valid(); it.Next() {
		k := it.Item().KeyCopy(nil)
		v, ok, err := load(k)
		if err != nil {
			return nil, "", err
		}
		if !ok {
			continue
		}
		if len(out) == size {
			return out, pageToken(last), nil
		}
		out = append(out, v)
		last = k
	}
	return out, "", nil
}

// pageSize clamps a requested page size; callers validate, this only guards.
func pageSize(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 1000:
		return 1000
	default:
		return n
	}
}

func invalid(what string) error { return fmt.Errorf("%s: %w", what, desk.ErrInvalid) }

func isNotFound(err error) bool { return errors.Is(err, desk.ErrNotFound) }

// hotKey names an object for updateLocked.
func hotKey(kind, tenantID, objectID string) []byte {
	return []byte(kind + "/" + tenantID + "/" + objectID)
}
