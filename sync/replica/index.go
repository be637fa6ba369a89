package replica

// The ticket index keeps the active generation's ticket and mark rows in
// memory, so the inbox does not decode every ticket per call. A ticket is
// kept as the fields the inbox sorts and filters on (read from the encoded
// row without decoding it) and its encoded row, decoded on first use.
//
// It is caught up at read time rather than hooked into the writers: every
// read opens a badger snapshot, and the rows written since the snapshot the
// index last reflected (versions above its read timestamp) are found with
// an iterator bounded by SinceTs, which skips the tables older than that
// timestamp. A generation switch (initial sync, purge) rebuilds it. The
// snapshot of the last catch-up stays open (the pin) so that badger keeps
// the tombstones written after it until the next catch-up has seen them.
//
// Tickets in the index are never modified: a changed row replaces its
// entry. ListTickets hands them out shared, so callers must not modify the
// tickets it returns.

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"weak"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// mergeAbove is the number of changed tickets in one catch-up above which
// the order is rebuilt by one merge instead of by binary insertions.
const mergeAbove = 32

// ticketEntry is one confirmed ticket row: the fields the inbox sorts and
// filters on, read straight from the encoded row, and the row itself,
// decoded in full only when the ticket is handed out (then kept).
type ticketEntry struct {
	raw      string // the 16 id bytes of its row key
	id       string // Ticket.id
	sec      int64  // update time
	nsec     int
	status   frontlinev1.TicketStatus
	priority frontlinev1.TicketPriority
	assignee string
	tags     []string
	email    string // the customer's

	dead bool // replaced or deleted (during a catch-up's merge)

	val []byte              // the encoded row until t is decoded
	t   *frontlinev1.Ticket // never modified once set
}

// ticket returns the decoded ticket; the caller holds the index's mu.
func (e *ticketEntry) ticket() (*frontlinev1.Ticket, error) {
	if e.t == nil {
		t := new(frontlinev1.Ticket)
		if err := proto.Unmarshal(e.val, t); err != nil {
			return nil, err
		}
		e.t, e.val = t, nil
	}
	return e.t, nil
}

// Field numbers of the summary fields, from the generated descriptor.
var ticketFields = func() (n struct{ id, status, priority, assignee, tags, update, customer, email protowire.Number }) {
	fs := (&frontlinev1.Ticket{}).ProtoReflect().Descriptor().Fields()
	num := func(name protoreflect.Name) protowire.Number { return fs.ByName(name).Number() }
	n.id, n.status, n.priority, n.assignee = num("id"), num("status"), num("priority"), num("assignee_id")
	n.tags, n.update, n.customer = num("tags"), num("update_time"), num("customer")
	n.email = (&frontlinev1.Customer{}).ProtoReflect().Descriptor().Fields().ByName("email").Number()
	return n
}()

// newEntry reads the summary fields of an encoded ticket row (val is kept,
// so it must not be reused by the caller). Like proto.Unmarshal, the last
// value of a scalar wins and repeated fields accumulate.
func newEntry(raw string, val []byte) (*ticketEntry, error) {
	e := &ticketEntry{raw: raw, val: val}
	var usec, unsec int64
	b := val
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		b = b[n:]
		switch {
		case num == ticketFields.id && typ == protowire.BytesType:
			e.id = string(v)
		case num == ticketFields.status && typ == protowire.VarintType:
			e.status = frontlinev1.TicketStatus(int32(x))
		case num == ticketFields.priority && typ == protowire.VarintType:
			e.priority = frontlinev1.TicketPriority(int32(x))
		case num == ticketFields.assignee && typ == protowire.BytesType:
			e.assignee = string(v)
		case num == ticketFields.tags && typ == protowire.BytesType:
			e.tags = append(e.tags, string(v))
		case num == ticketFields.customer && typ == protowire.BytesType:
			// Customer: its email; a repeated message field merges.
			for len(v) > 0 {
				cn, ct, m := protowire.ConsumeTag(v)
				if m < 0 {
					return nil, protowire.ParseError(m)
				}
				v = v[m:]
				if cn == ticketFields.email && ct == protowire.BytesType {
					s, m := protowire.ConsumeBytes(v)
					if m < 0 {
						return nil, protowire.ParseError(m)
					}
					e.email, v = string(s), v[m:]
					continue
				}
				if m = protowire.ConsumeFieldValue(cn, ct, v); m < 0 {
					return nil, protowire.ParseError(m)
				}
				v = v[m:]
			}
		case num == ticketFields.update && typ == protowire.BytesType:
			// google.protobuf.Timestamp: seconds = 1, nanos = 2; a repeated
			// message field merges.
			for len(v) > 0 {
				tn, tt, m := protowire.ConsumeTag(v)
				if m < 0 {
					return nil, protowire.ParseError(m)
				}
				v = v[m:]
				if tt != protowire.VarintType {
					if m = protowire.ConsumeFieldValue(tn, tt, v); m < 0 {
						return nil, protowire.ParseError(m)
					}
					v = v[m:]
					continue
				}
				y, m := protowire.ConsumeVarint(v)
				if m < 0 {
					return nil, protowire.ParseError(m)
				}
				v = v[m:]
				switch tn {
				case 1:
					usec = int64(y)
				case 2:
					unsec = int64(int32(y))
				}
			}
		}
	}
	u := (&timestamppb.Timestamp{Seconds: usec, Nanos: int32(unsec)}).AsTime()
	e.sec, e.nsec = u.Unix(), u.Nanosecond()
	return e, nil
}

// compareEntries orders by update time, newest first, then by id.
func compareEntries(a, b *ticketEntry) int {
	switch {
	case a.sec != b.sec:
		return cmp.Compare(b.sec, a.sec)
	case a.nsec != b.nsec:
		return cmp.Compare(b.nsec, a.nsec)
	}
	return strings.Compare(a.id, b.id)
}

// compareViews is the same order over views (overlaid tickets included).
func compareViews(a, b TicketView) int {
	return cmp.Or(b.Ticket.GetUpdateTime().AsTime().Compare(a.Ticket.GetUpdateTime().AsTime()), cmp.Compare(a.Ticket.GetId(), b.Ticket.GetId()))
}

type ticketIndex struct {
	db *badger.DB

	mu     sync.Mutex
	built  bool
	gen    uint32
	ts     uint64      // read timestamp the index reflects
	pin    *badger.Txn // the snapshot at ts, kept open
	byID   map[string]*ticketEntry
	sorted []*ticketEntry // compareEntries order
	counts map[frontlinev1.TicketStatus]int
	marks  map[string]*frontlinev1.FieldMark // by raw ticket id
}

// indexes holds each replica's index without keeping the replica alive.
var indexes = struct {
	sync.Mutex
	m map[weak.Pointer[Replica]]*ticketIndex
}{m: map[weak.Pointer[Replica]]*ticketIndex{}}

// index returns r's ticket index, creating it (empty) on first use.
func (r *Replica) index() *ticketIndex {
	wp := weak.Make(r)
	indexes.Lock()
	defer indexes.Unlock()
	if x, ok := indexes.m[wp]; ok {
		return x
	}
	x := &ticketIndex{db: r.db}
	indexes.m[wp] = x
	runtime.AddCleanup(r, func(wp weak.Pointer[Replica]) {
		indexes.Lock()
		delete(indexes.m, wp)
		indexes.Unlock()
		x.mu.Lock()
		x.reset()
		x.mu.Unlock()
	}, wp)
	return x
}

// reset drops the contents and the pin; the caller holds mu.
func (x *ticketIndex) reset() {
	if x.pin != nil && !x.db.IsClosed() {
		x.pin.Discard()
	}
	x.pin, x.built, x.byID, x.sorted, x.counts, x.marks = nil, false, nil, nil, nil, nil
}

// with runs fn on a fresh snapshot with the index caught up to it.
func (x *ticketIndex) with(ctx context.Context, fn func(txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) error) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.db.IsClosed() {
		x.reset()
		return badger.ErrDBClosed
	}
	txn := x.db.NewTransaction(false)
	keep := false
	defer func() {
		if !keep {
			txn.Discard()
		}
	}()
	gen, err := activeGen(txn)
	if err != nil {
		return err
	}
	if err := x.catchUp(ctx, txn, gen); err != nil {
		x.reset()
		return err
	}
	pending, err := readOutbox(txn)
	if err != nil {
		return err
	}
	if err := fn(txn, gen, pending); err != nil {
		return err
	}
	if x.pin != nil {
		x.pin.Discard()
	}
	x.pin, keep = txn, true
	return nil
}

// catchUp brings the index to txn's snapshot.
func (x *ticketIndex) catchUp(ctx context.Context, txn *badger.Txn, gen uint32) error {
	if !x.built || x.gen != gen {
		return x.rebuild(ctx, txn, gen)
	}
	if txn.ReadTs() == x.ts {
		return nil
	}
	var changed []*ticketEntry // rows written since x.ts
	var removed []string
	err := changedRows(txn, kindPrefix(gen, rowTicket), x.ts, func(raw string, item *badger.Item) error {
		if item == nil {
			removed = append(removed, raw)
			return nil
		}
		val, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		e, err := newEntry(raw, val)
		if err != nil {
			return err
		}
		changed = append(changed, e)
		return nil
	})
	if err != nil {
		return err
	}
	err = changedRows(txn, kindPrefix(gen, rowMark), x.ts, func(raw string, item *badger.Item) error {
		if item == nil {
			delete(x.marks, raw)
			return nil
		}
		m, err := decodeRow(item, new(frontlinev1.FieldMark))
		if err != nil {
			return err
		}
		x.marks[raw] = m
		return nil
	})
	if err != nil {
		return err
	}
	merge := len(changed)+len(removed) > mergeAbove
	drop := func(raw string) {
		old, ok := x.byID[raw]
		if !ok {
			return
		}
		delete(x.byID, raw)
		x.count(old.status, -1)
		if merge {
			old.dead = true
		} else if i, found := slices.BinarySearchFunc(x.sorted, old, compareEntries); found {
			x.sorted = slices.Delete(x.sorted, i, i+1)
		}
	}
	for _, raw := range removed {
		drop(raw)
	}
	for _, e := range changed {
		drop(e.raw)
		x.byID[e.raw] = e
		x.count(e.status, 1)
		if !merge {
			i, _ := slices.BinarySearchFunc(x.sorted, e, compareEntries)
			x.sorted = slices.Insert(x.sorted, i, e)
		}
	}
	if merge {
		// Sort the new entries and merge them with the survivors.
		slices.SortFunc(changed, compareEntries)
		out := make([]*ticketEntry, 0, len(x.byID))
		i := 0
		for _, e := range x.sorted {
			if e.dead {
				continue
			}
			for ; i < len(changed) && compareEntries(changed[i], e) < 0; i++ {
				out = append(out, changed[i])
			}
			out = append(out, e)
		}
		x.sorted = append(out, changed[i:]...)
	}
	x.ts = txn.ReadTs()
	return nil
}

func (x *ticketIndex) count(s frontlinev1.TicketStatus, d int) {
	if x.counts[s] += d; x.counts[s] == 0 {
		delete(x.counts, s)
	}
}

// changedRows calls fn with each row under prefix written after sinceTs in
// txn's snapshot: the current value, or nil when the row was deleted.
func changedRows(txn *badger.Txn, prefix []byte, sinceTs uint64, fn func(raw string, item *badger.Item) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, SinceTs: sinceTs, AllVersions: true})
	defer it.Close()
	var last []byte
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		k := item.Key()
		if last != nil && bytes.Equal(k, last) {
			continue // an older version of a row already seen
		}
		last = append(last[:0], k...)
		raw := string(k[len(prefix):])
		if item.IsDeletedOrExpired() {
			item = nil
		}
		if err := fn(raw, item); err != nil {
			return err
		}
	}
	return nil
}

// rebuild reads every ticket and mark row of gen.
func (x *ticketIndex) rebuild(ctx context.Context, txn *badger.Txn, gen uint32) error {
	x.built = false
	x.byID = make(map[string]*ticketEntry, len(x.byID))
	x.counts = map[frontlinev1.TicketStatus]int{}
	x.marks = map[string]*frontlinev1.FieldMark{}
	x.sorted = x.sorted[:0]
	// One goroutine reads the rows, this one parses them.
	type row struct {
		raw string
		val []byte
	}
	rows := make(chan []row, 8)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var readErr error
	go func() {
		defer close(rows)
		prefix := kindPrefix(gen, rowTicket)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		batch := make([]row, 0, 512)
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			val, err := item.ValueCopy(nil)
			if err != nil {
				readErr = err
				return
			}
			batch = append(batch, row{string(item.Key()[len(prefix):]), val})
			if len(batch) == cap(batch) {
				if readErr = ctx.Err(); readErr != nil {
					return
				}
				select {
				case rows <- batch:
				case <-ctx.Done():
					readErr = ctx.Err()
					return
				}
				batch = make([]row, 0, 512)
			}
		}
		rows <- batch
	}()
	var parseErr error
	for batch := range rows {
		if parseErr != nil {
			continue
		}
		for _, rw := range batch {
			e, err := newEntry(rw.raw, rw.val)
			if err != nil {
				parseErr = err
				cancel()
				break
			}
			x.byID[e.raw] = e
			x.sorted = append(x.sorted, e)
			x.count(e.status, 1)
		}
	}
	if err := cmp.Or(parseErr, readErr); err != nil {
		return err
	}
	slices.SortFunc(x.sorted, compareEntries)
	mprefix := kindPrefix(gen, rowMark)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: mprefix, PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		m, err := decodeRow(it.Item(), new(frontlinev1.FieldMark))
		if err != nil {
			return err
		}
		x.marks[string(it.Item().Key()[len(mprefix):])] = m
	}
	x.built, x.gen, x.ts = true, gen, txn.ReadTs()
	return nil
}

// decodeAll decodes the entries not decoded yet, on every CPU when there
// are many (the first full listing); the caller holds the index's mu.
func decodeAll(es []*ticketEntry) error {
	var todo []*ticketEntry
	for _, e := range es {
		if e.t == nil {
			todo = append(todo, e)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo)/1024)
	if workers < 2 {
		for _, e := range todo {
			if _, err := e.ticket(); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(todo); i += workers {
				if _, err := todo[i].ticket(); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// overlaid returns the indexed tickets the outbox touches, each a copy with
// the pending mutations applied, keyed by raw id.
func (r *Replica) overlaid(x *ticketIndex, txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) (map[string]TicketView, error) {
	out := map[string]TicketView{}
	for id := range pendingTickets(pending) {
		raw, ok := rawID(id)
		if !ok {
			continue
		}
		e, ok := x.byID[string(raw)]
		if !ok || e.id != id {
			continue
		}
		cur, err := e.ticket()
		if err != nil {
			return nil, err
		}
		t := proto.Clone(cur).(*frontlinev1.Ticket)
		tv := TicketView{Ticket: t, Mark: x.marks[e.raw]}
		tv.Pending = r.overlayTicket(t, pending, messageExists(txn, gen, id))
		out[e.raw] = tv
	}
	return out, nil
}

// listIndexed is ListTickets over the index; the caller holds x.mu.
func (r *Replica) listIndexed(ctx context.Context, x *ticketIndex, txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation, f Filter) ([]TicketView, error) {
	over, err := r.overlaid(x, txn, gen, pending)
	if err != nil {
		return nil, err
	}
	var extra []TicketView // overlaid tickets that match, in order
	for _, tv := range over {
		if match(tv.Ticket, f) {
			extra = append(extra, tv)
		}
	}
	slices.SortFunc(extra, compareViews)
	var base []TicketView
	// Pick candidates by the kept fields, decode them (in parallel when
	// many are new), then check them in full; repeat while a limit is not
	// reached because match refused some.
	for pos := 0; pos < len(x.sorted) && (f.Limit <= 0 || len(base) < f.Limit); {
		var cand []*ticketEntry
		for ; pos < len(x.sorted) && (f.Limit <= 0 || len(cand) < f.Limit-len(base)); pos++ {
			if pos%4096 == 4095 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			e := x.sorted[pos]
			if _, ok := over[e.raw]; ok || !matchFields(e.status, e.priority, e.assignee, e.tags, f) ||
				(f.CustomerEmail != "" && e.email != f.CustomerEmail) {
				continue
			}
			cand = append(cand, e)
		}
		if err := decodeAll(cand); err != nil {
			return nil, err
		}
		for _, e := range cand {
			if match(e.t, f) { // conditions match has beyond matchFields
				base = append(base, TicketView{Ticket: e.t, Mark: x.marks[e.raw]})
			}
		}
	}
	if len(extra) == 0 {
		return base, nil
	}
	out := make([]TicketView, 0, len(base)+len(extra))
	i, j := 0, 0
	for i < len(base) || j < len(extra) {
		if j == len(extra) || (i < len(base) && compareViews(base[i], extra[j]) < 0) {
			out = append(out, base[i])
			i++
		} else {
			out = append(out, extra[j])
			j++
		}
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// countsIndexed is Counts over the index; the caller holds x.mu.
func (r *Replica) countsIndexed(x *ticketIndex, txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) (map[frontlinev1.TicketStatus]int, error) {
	out := maps.Clone(x.counts)
	over, err := r.overlaid(x, txn, gen, pending)
	if err != nil {
		return nil, err
	}
	for raw, tv := range over {
		if was, now := x.byID[raw].status, tv.Ticket.GetStatus(); was != now {
			out[was]--
			if out[was] == 0 {
				delete(out, was)
			}
			out[now]++
		}
	}
	return out, nil
}
