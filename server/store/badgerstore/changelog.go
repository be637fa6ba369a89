package badgerstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// The change log: every write method of the store runs in logUpdate, which
// reads the tenant's log head inside the transaction, lets the method add
// records for the rows it changed, and writes them at head+1, head+2, ...
// together with the new head before the transaction commits. Two
// transactions of one tenant both read and write the head key, so badger's
// conflict detection fails the later one and it retries: seqs are gapless
// and in commit order. (A per-tenant lock in updateLocked keeps writers in
// this process from conflicting at all; the conflict check is the safety
// net.) GetSequence is not used: it leases ranges and loses numbers.

// clientV1 is the stored form of store.ClientRecord.
type clientV1 struct {
	UserID         string `json:"user_id"`
	LastMutationID int64  `json:"last_mutation_id"`
}

// logw collects one transaction's log records.
type logw struct {
	txn        *badger.Txn
	tenant     id
	head       uint64
	recs       []*frontlinev1.Change
	clientID   string
	mutationID int64
}

// add appends a record for bucket; c's entity must already be a copy.
func (l *logw) add(bucket string, c *frontlinev1.Change) {
	c.Bucket = bucket
	c.ClientId = l.clientID
	c.MutationId = l.mutationID
	l.recs = append(l.recs, c)
}

func (l *logw) ticket(t *frontlinev1.Ticket) {
	l.add(store.BucketTenant, &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: proto.Clone(t).(*frontlinev1.Ticket)}})
}

func (l *logw) message(m *frontlinev1.Message) {
	l.add(store.BucketTenant, &frontlinev1.Change{Entity: &frontlinev1.Change_Message{Message: proto.Clone(m).(*frontlinev1.Message)}})
}

func (l *logw) article(a *frontlinev1.Article) {
	l.add(store.BucketTenant, &frontlinev1.Change{Entity: &frontlinev1.Change_Article{Article: proto.Clone(a).(*frontlinev1.Article)}})
}

func (l *logw) user(u *frontlinev1.User) {
	l.add(store.BucketTenant, &frontlinev1.Change{Entity: &frontlinev1.Change_User{User: proto.Clone(u).(*frontlinev1.User)}})
}

func (l *logw) deletion(bucket string, kind frontlinev1.EntityKind, objectID string) {
	l.add(bucket, &frontlinev1.Change{Entity: &frontlinev1.Change_Deletion{Deletion: &frontlinev1.Deletion{Kind: kind, Id: objectID}}})
}

// flush writes the records and the new head.
func (l *logw) flush() error {
	if len(l.recs) == 0 {
		return nil
	}
	for i, c := range l.recs {
		l.head++
		c.Seq = int64(l.head)
		c.TxnEnd = i == len(l.recs)-1
		e, err := protoEntry(logKey(l.tenant, l.head), c)
		if err != nil {
			return err
		}
		if err := l.txn.SetEntry(e); err != nil {
			return err
		}
	}
	return l.txn.SetEntry(uintEntry(logHeadKey(l.tenant), l.head))
}

// readUint returns the uint64 at k, or 0 when absent.
func readUint(txn *badger.Txn, k []byte) (uint64, error) {
	item, err := get(txn, k)
	if isNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return decodeUint(item)
}

// logUpdate runs fn in a read-write transaction of tenant with a log writer,
// holding the tenant's write lock, and wakes LogChanged waiters after a
// commit that logged something.
func (s *Store) logUpdate(ctx context.Context, op string, tenant id, fn func(txn *badger.Txn, lw *logw) error) error {
	wrote := false
	err := s.updateLocked(ctx, op, logHeadKey(tenant), func(txn *badger.Txn) error {
		head, err := readUint(txn, logHeadKey(tenant))
		if err != nil {
			return err
		}
		lw := &logw{txn: txn, tenant: tenant, head: head}
		if err := fn(txn, lw); err != nil {
			return err
		}
		wrote = len(lw.recs) > 0
		return lw.flush()
	})
	if err == nil && wrote {
		s.notify(tenant)
	}
	return err
}

// notify closes the tenant's LogChanged channel.
func (s *Store) notify(tenant id) {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	if ch, ok := s.watch[tenant]; ok {
		close(ch)
		delete(s.watch, tenant)
	}
}

// LogChanged returns a channel closed at the next commit to tenantID's log.
func (s *Store) LogChanged(tenantID string) <-chan struct{} {
	tenant, _ := parseID(tenantID)
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	ch, ok := s.watch[tenant]
	if !ok {
		ch = make(chan struct{})
		s.watch[tenant] = ch
	}
	return ch
}

// Epoch is the store's incarnation id.
func (s *Store) Epoch() string { return s.epoch }

// loadEpoch reads the incarnation id, making one at first open.
func loadEpoch(db *badger.DB) (string, error) {
	var epoch string
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(epochKey())
		if err == nil {
			b, err := item.ValueCopy(nil)
			epoch = string(b)
			return err
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		epoch = desk.NewID(time.Now())
		return txn.Set(epochKey(), []byte(epoch))
	})
	return epoch, err
}

// readClient returns a client record, ok=false when absent.
func readClient(txn *badger.Txn, tenant, client id) (clientV1, bool, error) {
	var c clientV1
	item, err := get(txn, clientKey(tenant, client))
	if isNotFound(err) {
		return c, false, nil
	}
	if err != nil {
		return c, false, err
	}
	return c, true, decodeJSON(item, &c)
}

// claim returns the client record, creating it for userID on first use.
func claim(txn *badger.Txn, tenant, client id, userID string) (clientV1, error) {
	c, ok, err := readClient(txn, tenant, client)
	if err != nil {
		return c, err
	}
	if !ok {
		c = clientV1{UserID: userID}
		e, err := jsonEntry(clientKey(tenant, client), c)
		if err != nil {
			return c, err
		}
		return c, txn.SetEntry(e)
	}
	if c.UserID != userID {
		return c, fmt.Errorf("client id belongs to another user: %w", desk.ErrPermission)
	}
	return c, nil
}

func writeClient(txn *badger.Txn, tenant, client id, c clientV1) error {
	e, err := jsonEntry(clientKey(tenant, client), c)
	if err != nil {
		return err
	}
	return txn.SetEntry(e)
}

func parseIDs(names []string, vals ...string) ([]id, error) {
	out := make([]id, len(vals))
	for i, v := range vals {
		p, ok := parseID(v)
		if !ok {
			return nil, invalid(names[i])
		}
		out[i] = p
	}
	return out, nil
}

// ClaimClient registers clientID for userID on first use.
func (s *Store) ClaimClient(ctx context.Context, tenantID, userID, clientID string) (store.ClientRecord, error) {
	const op = "claim client"
	ids, err := parseIDs([]string{"tenant id", "user id", "client id"}, tenantID, userID, clientID)
	if err != nil {
		return store.ClientRecord{}, fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	tenant, client := ids[0], ids[2]
	var c clientV1
	var found bool
	err = s.view(ctx, op, func(txn *badger.Txn) error {
		var err error
		c, found, err = readClient(txn, tenant, client)
		return err
	})
	if err != nil {
		return store.ClientRecord{}, err
	}
	if !found {
		err = s.updateLocked(ctx, op, logHeadKey(tenant), func(txn *badger.Txn) error {
			var err error
			c, err = claim(txn, tenant, client, userID)
			return err
		})
		if err != nil {
			return store.ClientRecord{}, err
		}
	}
	if c.UserID != userID {
		return store.ClientRecord{}, fmt.Errorf("badgerstore: %s: client id belongs to another user: %w", op, desk.ErrPermission)
	}
	return store.ClientRecord{UserID: c.UserID, LastMutationID: c.LastMutationID}, nil
}

func (s *Store) logState(txn *badger.Txn, tenant id, clientID string) (store.LogState, error) {
	st := store.LogState{Epoch: s.epoch}
	head, err := readUint(txn, logHeadKey(tenant))
	if err != nil {
		return st, err
	}
	floor, err := readUint(txn, logFloorKey(tenant))
	if err != nil {
		return st, err
	}
	st.Head, st.Floor = int64(head), int64(floor)
	if client, ok := parseID(clientID); ok {
		c, _, err := readClient(txn, tenant, client)
		if err != nil {
			return st, err
		}
		st.LastMutationID = c.LastMutationID
	}
	return st, nil
}

// LogState returns the log bounds and clientID's last mutation id.
func (s *Store) LogState(ctx context.Context, tenantID, clientID string) (store.LogState, error) {
	var st store.LogState
	err := s.view(ctx, "log state", func(txn *badger.Txn) error {
		tenant, ok := parseID(tenantID)
		if !ok {
			return desk.ErrNotFound
		}
		var err error
		st, err = s.logState(txn, tenant, clientID)
		return err
	})
	return st, err
}

// Changes returns log records after seq after, about limit of them, never
// splitting a transaction's records across calls.
func (s *Store) Changes(ctx context.Context, tenantID string, after int64, limit int) ([]*frontlinev1.Change, store.LogState, error) {
	const op = "changes"
	var (
		out []*frontlinev1.Change
		st  store.LogState
	)
	limit = max(limit, 1)
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		tenant, ok := parseID(tenantID)
		if !ok {
			return desk.ErrNotFound
		}
		var err error
		if st, err = s.logState(txn, tenant, ""); err != nil {
			return err
		}
		if after < st.Floor {
			return store.ErrLogTrimmed
		}
		if after >= st.Head {
			return nil
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: typePrefix(tenant, tLog), PrefetchValues: true, PrefetchSize: min(limit, 256)})
		defer it.Close()
		for it.Seek(logKey(tenant, uint64(after)+1)); it.Valid(); it.Next() {
			c := new(frontlinev1.Change)
			if err := decodeProto(it.Item(), c); err != nil {
				return err
			}
			out = append(out, c)
			if len(out) >= limit && c.GetTxnEnd() {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, st, fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	return out, st, nil
}

// snapshotKind is one kind of row a snapshot walks, in order.
type snapshotKind struct {
	typ    byte
	byUser bool // keys continue with the user id; only the scope user's
	admin  bool // only for admins
	bucket func(scope store.SnapshotScope) string
	decode func(item *badger.Item) (*frontlinev1.Change, error)
}

func tenantBucket(store.SnapshotScope) string { return store.BucketTenant }

func decodeAs[T proto.Message](mk func() T, wrap func(T) *frontlinev1.Change) func(*badger.Item) (*frontlinev1.Change, error) {
	return func(item *badger.Item) (*frontlinev1.Change, error) {
		m := mk()
		if err := decodeProto(item, m); err != nil {
			return nil, err
		}
		return wrap(m), nil
	}
}

var snapshotKinds = []snapshotKind{
	{typ: tUser, bucket: tenantBucket, decode: decodeAs(func() *frontlinev1.User { return new(frontlinev1.User) },
		func(m *frontlinev1.User) *frontlinev1.Change {
			return &frontlinev1.Change{Entity: &frontlinev1.Change_User{User: m}}
		})},
	{typ: tArticle, bucket: tenantBucket, decode: decodeAs(func() *frontlinev1.Article { return new(frontlinev1.Article) },
		func(m *frontlinev1.Article) *frontlinev1.Change {
			return &frontlinev1.Change{Entity: &frontlinev1.Change_Article{Article: m}}
		})},
	{typ: tTicket, bucket: tenantBucket, decode: decodeAs(func() *frontlinev1.Ticket { return new(frontlinev1.Ticket) },
		func(m *frontlinev1.Ticket) *frontlinev1.Change {
			return &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: m}}
		})},
	{typ: tMessage, bucket: tenantBucket, decode: decodeAs(func() *frontlinev1.Message { return new(frontlinev1.Message) },
		func(m *frontlinev1.Message) *frontlinev1.Change {
			return &frontlinev1.Change{Entity: &frontlinev1.Change_Message{Message: m}}
		})},
	{typ: tFieldMark, bucket: tenantBucket, decode: decodeAs(func() *frontlinev1.FieldMark { return new(frontlinev1.FieldMark) },
		func(m *frontlinev1.FieldMark) *frontlinev1.Change {
			return &frontlinev1.Change{Entity: &frontlinev1.Change_FieldMark{FieldMark: m}}
		})},
	{typ: tDraft, byUser: true, bucket: func(sc store.SnapshotScope) string { return store.UserBucket(sc.UserID) },
		decode: decodeAs(func() *frontlinev1.Draft { return new(frontlinev1.Draft) },
			func(m *frontlinev1.Draft) *frontlinev1.Change {
				return &frontlinev1.Change{Entity: &frontlinev1.Change_Draft{Draft: m}}
			})},
	{typ: tRejection, byUser: true, bucket: func(sc store.SnapshotScope) string { return store.UserBucket(sc.UserID) },
		decode: decodeAs(func() *frontlinev1.Rejection { return new(frontlinev1.Rejection) },
			func(m *frontlinev1.Rejection) *frontlinev1.Change {
				return &frontlinev1.Change{Entity: &frontlinev1.Change_Rejection{Rejection: m}}
			})},
	{typ: tConflict, admin: true, bucket: func(store.SnapshotScope) string { return store.BucketAdmin },
		decode: decodeAs(func() *frontlinev1.ArticleConflict { return new(frontlinev1.ArticleConflict) },
			func(m *frontlinev1.ArticleConflict) *frontlinev1.Change {
				return &frontlinev1.Change{Entity: &frontlinev1.Change_ArticleConflict{ArticleConflict: m}}
			})},
	// Settings come last so that resume positions of older servers stay valid.
	{typ: tSetting, bucket: tenantBucket, decode: decodeAs(func() *frontlinev1.Setting { return new(frontlinev1.Setting) },
		func(m *frontlinev1.Setting) *frontlinev1.Change {
			return &frontlinev1.Change{Entity: &frontlinev1.Change_Setting{Setting: m}}
		})},
	{typ: tAudit, admin: true, bucket: func(store.SnapshotScope) string { return store.BucketAdmin },
		decode: decodeAs(func() *frontlinev1.AuditEntry { return new(frontlinev1.AuditEntry) },
			func(m *frontlinev1.AuditEntry) *frontlinev1.Change {
				return &frontlinev1.Change{Entity: &frontlinev1.Change_AuditEntry{AuditEntry: m}}
			})},
}

// Snapshot returns the current rows of scope from pos in key order.
func (s *Store) Snapshot(ctx context.Context, tenantID string, scope store.SnapshotScope, pos store.SnapshotPos, limit int) ([]*frontlinev1.Change, store.SnapshotPos, bool, error) {
	const op = "snapshot"
	tenant, ok1 := parseID(tenantID)
	user, ok2 := parseID(scope.UserID)
	if !ok1 || !ok2 || pos.Kind < 0 || pos.Kind > len(snapshotKinds) {
		return nil, pos, false, fmt.Errorf("badgerstore: %s: %w", op, invalid("snapshot position"))
	}
	limit = max(limit, 1)
	var out []*frontlinev1.Change
	next := pos
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		for next.Kind < len(snapshotKinds) {
			k := snapshotKinds[next.Kind]
			if k.admin && !scope.Admin {
				next = store.SnapshotPos{Kind: next.Kind + 1}
				continue
			}
			prefix := typePrefix(tenant, k.typ)
			if k.byUser {
				prefix = tenantKey(tenant, k.typ, user[:])
			}
			start := prefix
			if next.After != nil {
				full := append(tenantPrefix(tenant), next.After...)
				if !bytes.HasPrefix(full, prefix) {
					return invalid("snapshot position")
				}
				start = after(full)
			}
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: min(limit, 256)})
			for it.Seek(start); it.Valid(); it.Next() {
				if len(out) == limit {
					it.Close()
					return nil
				}
				item := it.Item()
				c, err := k.decode(item)
				if err != nil {
					it.Close()
					return err
				}
				c.Bucket = k.bucket(scope)
				out = append(out, c)
				next.After = bytes.Clone(item.Key()[tenantLen:])
			}
			it.Close()
			next = store.SnapshotPos{Kind: next.Kind + 1}
		}
		return nil
	})
	if err != nil {
		return nil, pos, false, fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	return out, next, next.Kind >= len(snapshotKinds), nil
}

// ApplyMutation runs apply for one pushed mutation; see store.ChangeLog.
func (s *Store) ApplyMutation(ctx context.Context, tenantID, userID, clientID string, mutationID int64, apply func(store.MutationTx) error) error {
	const op = "apply mutation"
	ids, err := parseIDs([]string{"tenant id", "user id", "client id"}, tenantID, userID, clientID)
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	tenant, client := ids[0], ids[2]
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		c, err := claim(txn, tenant, client, userID)
		if err != nil {
			return err
		}
		switch {
		case mutationID <= c.LastMutationID:
			return store.ErrDuplicate
		case mutationID != c.LastMutationID+1:
			return store.ErrOutOfOrder
		}
		lw.clientID, lw.mutationID = clientID, mutationID
		if err := apply(&mutationTx{txn: txn, tenant: tenant, lw: lw}); err != nil {
			return err
		}
		if len(lw.recs) == 0 {
			lw.add(store.UserBucket(userID), &frontlinev1.Change{Entity: &frontlinev1.Change_Ack{Ack: &frontlinev1.MutationAck{}}})
		}
		c.LastMutationID = mutationID
		return writeClient(txn, tenant, client, c)
	})
}

// RejectMutation records a refused mutation and advances the client.
func (s *Store) RejectMutation(ctx context.Context, tenantID, userID string, r *frontlinev1.Rejection) error {
	const op = "reject mutation"
	ids, err := parseIDs([]string{"tenant id", "user id", "client id"}, tenantID, userID, r.GetClientId())
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	tenant, user, client := ids[0], ids[1], ids[2]
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		c, err := claim(txn, tenant, client, userID)
		if err != nil {
			return err
		}
		switch {
		case r.GetMutationId() <= c.LastMutationID:
			return store.ErrDuplicate
		case r.GetMutationId() != c.LastMutationID+1:
			return store.ErrOutOfOrder
		}
		e, err := protoEntry(rejectionKey(tenant, user, client, uint64(r.GetMutationId())), r)
		if err != nil {
			return err
		}
		if err := txn.SetEntry(e); err != nil {
			return err
		}
		lw.clientID, lw.mutationID = r.GetClientId(), r.GetMutationId()
		lw.add(store.UserBucket(userID), &frontlinev1.Change{Entity: &frontlinev1.Change_Rejection{Rejection: proto.Clone(r).(*frontlinev1.Rejection)}})
		c.LastMutationID = r.GetMutationId()
		return writeClient(txn, tenant, client, c)
	})
}

// TrimLog drops log records with seq <= upTo, in batches.
func (s *Store) TrimLog(ctx context.Context, tenantID string, upTo int64) error {
	const op = "trim log"
	tenant, ok := parseID(tenantID)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	for {
		done := false
		err := s.updateLocked(ctx, op, logHeadKey(tenant), func(txn *badger.Txn) error {
			floor, err := readUint(txn, logFloorKey(tenant))
			if err != nil {
				return err
			}
			head, err := readUint(txn, logHeadKey(tenant))
			if err != nil {
				return err
			}
			target := min(uint64(max(upTo, 0)), head)
			if floor >= target {
				done = true
				return nil
			}
			end := min(floor+1000, target)
			for seq := floor + 1; seq <= end; seq++ {
				if err := txn.Delete(logKey(tenant, seq)); err != nil {
					return err
				}
			}
			done = end == target
			return txn.SetEntry(uintEntry(logFloorKey(tenant), end))
		})
		if err != nil || done {
			return err
		}
	}
}

// mutationTx is store.MutationTx inside ApplyMutation's transaction.
type mutationTx struct {
	txn    *badger.Txn
	tenant id
	lw     *logw
}

var _ store.MutationTx = (*mutationTx)(nil)

func (m *mutationTx) Ticket(ticketID string) (*frontlinev1.Ticket, error) {
	tid, ok := parseID(ticketID)
	if !ok {
		return nil, fmt.Errorf("ticket: %w", desk.ErrNotFound)
	}
	t := new(frontlinev1.Ticket)
	if err := getProto(m.txn, ticketKey(m.tenant, tid), t); err != nil {
		return nil, fmt.Errorf("ticket: %w", err)
	}
	return t, nil
}

func (m *mutationTx) PutTicket(t *frontlinev1.Ticket) error {
	tid, ok := parseID(t.GetId())
	if !ok {
		return invalid("ticket id")
	}
	_, err := updateTicket(m.txn, m.tenant, tid, func(cur *frontlinev1.Ticket) error {
		proto.Reset(cur)
		proto.Merge(cur, t)
		return nil
	})
	if err != nil {
		return err
	}
	m.lw.ticket(t)
	return nil
}

func (m *mutationTx) AddMessage(msg *frontlinev1.Message) error {
	tid, ok1 := parseID(msg.GetTicketId())
	_, ok2 := parseID(msg.GetId())
	if !ok1 || !ok2 {
		return invalid("message id")
	}
	it := m.txn.NewIterator(badger.IteratorOptions{Prefix: messagePrefix(m.tenant, tid)})
	var last uint64
	for it.Rewind(); it.Valid(); it.Next() {
		old := new(frontlinev1.Message)
		if err := decodeProto(it.Item(), old); err != nil {
			it.Close()
			return err
		}
		if old.GetId() == msg.GetId() {
			it.Close()
			return fmt.Errorf("message id: %w", desk.ErrExists)
		}
		_, _, last, _ = parseMessageKey(it.Item().Key())
	}
	it.Close()
	e, err := protoEntry(messageKey(m.tenant, tid, last+1), msg)
	if err != nil {
		return err
	}
	if err := m.txn.SetEntry(e); err != nil {
		return err
	}
	m.lw.message(msg)
	return nil
}

func (m *mutationTx) User(userID string) (*frontlinev1.User, error) {
	uid, ok := parseID(userID)
	if !ok {
		return nil, fmt.Errorf("user: %w", desk.ErrNotFound)
	}
	u := new(frontlinev1.User)
	if err := getProto(m.txn, userKey(m.tenant, uid), u); err != nil {
		return nil, fmt.Errorf("user: %w", err)
	}
	return u, nil
}

func (m *mutationTx) Article(articleID string) (*frontlinev1.Article, error) {
	aid, ok := parseID(articleID)
	if !ok {
		return nil, fmt.Errorf("article: %w", desk.ErrNotFound)
	}
	a := new(frontlinev1.Article)
	if err := getProto(m.txn, articleKey(m.tenant, aid), a); err != nil {
		return nil, fmt.Errorf("article: %w", err)
	}
	return a, nil
}

func (m *mutationTx) PutArticle(a *frontlinev1.Article) error {
	aid, ok := parseID(a.GetId())
	if !ok {
		return invalid("article id")
	}
	old := new(frontlinev1.Article)
	if err := getProto(m.txn, articleKey(m.tenant, aid), old); err != nil {
		return fmt.Errorf("article: %w", err)
	}
	e, err := protoEntry(articleKey(m.tenant, aid), a)
	if err != nil {
		return err
	}
	if err := m.txn.SetEntry(e); err != nil {
		return err
	}
	oldIdx := articleByTitleKey(m.tenant, titleKey(old.GetTitle()), aid)
	if newIdx := articleByTitleKey(m.tenant, titleKey(a.GetTitle()), aid); !bytes.Equal(oldIdx, newIdx) {
		if err := m.txn.Delete(oldIdx); err != nil {
			return err
		}
		if err := m.txn.SetEntry(indexEntry(newIdx)); err != nil {
			return err
		}
	}
	m.lw.article(a)
	return nil
}

func (m *mutationTx) PutDraft(d *frontlinev1.Draft) error {
	uid, ok1 := parseID(d.GetUserId())
	tid, ok2 := parseID(d.GetTicketId())
	if !ok1 || !ok2 {
		return invalid("draft ids")
	}
	k := draftKey(m.tenant, uid, tid)
	bucket := store.UserBucket(d.GetUserId())
	if d.GetBody() == "" {
		ok, err := exists(m.txn, k)
		if err != nil || !ok {
			return err
		}
		if err := m.txn.Delete(k); err != nil {
			return err
		}
		m.lw.deletion(bucket, frontlinev1.EntityKind_ENTITY_KIND_DRAFT, d.GetTicketId())
		return nil
	}
	e, err := protoEntry(k, d)
	if err != nil {
		return err
	}
	if err := m.txn.SetEntry(e); err != nil {
		return err
	}
	m.lw.add(bucket, &frontlinev1.Change{Entity: &frontlinev1.Change_Draft{Draft: proto.Clone(d).(*frontlinev1.Draft)}})
	return nil
}

func (m *mutationTx) PutArticleConflict(c *frontlinev1.ArticleConflict) error {
	cid, ok := parseID(c.GetId())
	if !ok {
		return invalid("conflict id")
	}
	e, err := protoEntry(conflictKey(m.tenant, cid), c)
	if err != nil {
		return err
	}
	if err := m.txn.SetEntry(e); err != nil {
		return err
	}
	m.lw.add(store.BucketAdmin, &frontlinev1.Change{Entity: &frontlinev1.Change_ArticleConflict{ArticleConflict: proto.Clone(c).(*frontlinev1.ArticleConflict)}})
	return nil
}

func (m *mutationTx) DeleteArticleConflict(conflictID string) (bool, error) {
	cid, ok := parseID(conflictID)
	if !ok {
		return false, nil
	}
	k := conflictKey(m.tenant, cid)
	if ok, err := exists(m.txn, k); err != nil || !ok {
		return false, err
	}
	if err := m.txn.Delete(k); err != nil {
		return false, err
	}
	m.lw.deletion(store.BucketAdmin, frontlinev1.EntityKind_ENTITY_KIND_ARTICLE_CONFLICT, conflictID)
	return true, nil
}

func (m *mutationTx) PutFieldMark(f *frontlinev1.FieldMark) error {
	tid, ok := parseID(f.GetTicketId())
	if !ok {
		return invalid("ticket id")
	}
	e, err := protoEntry(fieldMarkKey(m.tenant, tid), f)
	if err != nil {
		return err
	}
	if err := m.txn.SetEntry(e); err != nil {
		return err
	}
	m.lw.add(store.BucketTenant, &frontlinev1.Change{Entity: &frontlinev1.Change_FieldMark{FieldMark: proto.Clone(f).(*frontlinev1.FieldMark)}})
	return nil
}

// ImportTickets stores tickets with their messages in one transaction per
// call, through the same change-log code as every other write (each row is
// logged). It is for bulk loads (benchmarks, imports); callers keep a call
// well under badger's transaction size (a few hundred rows).
func (s *Store) ImportTickets(ctx context.Context, tenantID string, tickets []*frontlinev1.Ticket, messages [][]*frontlinev1.Message) error {
	const op = "import tickets"
	tenant, ok := parseID(tenantID)
	if !ok || len(tickets) != len(messages) {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("arguments"))
	}
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		n, err := readUint(txn, ticketNumberKey(tenant))
		if err != nil {
			return err
		}
		for i, t := range tickets {
			tid, ok := parseID(t.GetId())
			if !ok {
				return invalid("ticket id")
			}
			n++
			nt := proto.Clone(t).(*frontlinev1.Ticket)
			nt.Number = int64(n)
			te, err := protoEntry(ticketKey(tenant, tid), nt)
			if err != nil {
				return err
			}
			if err := setAll(txn, te, indexEntry(ticketByUpdateKey(tenant, nt.GetUpdateTime().AsTime(), tid))); err != nil {
				return err
			}
			lw.ticket(nt)
			for j, m := range messages[i] {
				me, err := protoEntry(messageKey(tenant, tid, uint64(j+1)), m)
				if err != nil {
					return err
				}
				if err := txn.SetEntry(me); err != nil {
					return err
				}
				lw.message(m)
			}
		}
		return txn.SetEntry(uintEntry(ticketNumberKey(tenant), n))
	})
}
