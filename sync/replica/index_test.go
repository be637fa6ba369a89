package replica

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	gocmp "github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// scanTickets is ListTickets as it was before the index: decode every row.
func scanTickets(t *testing.T, r *Replica, f Filter) []TicketView {
	t.Helper()
	var out []TicketView
	err := r.view(func(txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) error {
		touched := pendingTickets(pending)
		marks, err := r.marks(txn, gen)
		if err != nil {
			return err
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: kindPrefix(gen, rowTicket), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			tk, err := decodeRow(it.Item(), new(frontlinev1.Ticket))
			if err != nil {
				return err
			}
			tv := TicketView{Ticket: tk, Mark: marks[tk.GetId()]}
			if touched[tk.GetId()] {
				tv.Pending = r.overlayTicket(tk, pending, messageExists(txn, gen, tk.GetId()))
			}
			if match(tk, f) {
				out = append(out, tv)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b TicketView) int {
		return cmp.Or(b.Ticket.GetUpdateTime().AsTime().Compare(a.Ticket.GetUpdateTime().AsTime()), cmp.Compare(a.Ticket.GetId(), b.Ticket.GetId()))
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

func scanCounts(t *testing.T, r *Replica) map[frontlinev1.TicketStatus]int {
	out := map[frontlinev1.TicketStatus]int{}
	for _, tv := range scanTickets(t, r, Filter{}) {
		out[tv.Ticket.GetStatus()]++
	}
	return out
}

// indexWorld makes random rows and outbox entries for one replica.
type indexWorld struct {
	t    *testing.T
	r    *Replica
	rnd  *rand.Rand
	ids  []string // ticket ids (some never written)
	msgs []string // message ids of queued replies
	base time.Time
}

func (w *indexWorld) id() string { return w.ids[w.rnd.IntN(len(w.ids))] }

func (w *indexWorld) ts() *timestamppb.Timestamp {
	// Few distinct times, so ties on update time are common.
	d := time.Duration(w.rnd.IntN(40))*time.Minute + time.Duration(w.rnd.IntN(2))*500*time.Millisecond + time.Duration(w.rnd.IntN(2))*3
	return timestamppb.New(w.base.Add(d))
}

func (w *indexWorld) apply(cs ...*frontlinev1.Change) {
	w.t.Helper()
	err := w.r.db.Update(func(txn *badger.Txn) error {
		gen, err := activeGen(txn)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := applyChange(txn, gen, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

var (
	allStatuses = []frontlinev1.TicketStatus{
		frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
		frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF, frontlinev1.TicketStatus_TICKET_STATUS_PENDING,
		frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED,
	}
	allPriorities = []frontlinev1.TicketPriority{
		frontlinev1.TicketPriority_TICKET_PRIORITY_LOW, frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL,
		frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT,
	}
	someUsers  = []string{"", "u1", "u2"}
	someTags   = []string{"billing", "bug", "vip"}
	someEmails = []string{"ann@example.test", "bo@example.test", "cy@example.test"}
)

func pick[T any](rnd *rand.Rand, xs []T) T { return xs[rnd.IntN(len(xs))] }

func (w *indexWorld) ticket(id string) *frontlinev1.Ticket {
	var tags []string
	for _, tg := range someTags {
		if w.rnd.IntN(3) == 0 {
			tags = append(tags, tg)
		}
	}
	return &frontlinev1.Ticket{
		Id: id, Subject: "subject " + id[:4], Status: pick(w.rnd, allStatuses), Priority: pick(w.rnd, allPriorities),
		AssigneeId: pick(w.rnd, someUsers), Tags: tags, UpdateTime: w.ts(), CreateTime: timestamppb.New(w.base),
		MessageCount: int32(w.rnd.IntN(5)), Customer: &frontlinev1.Customer{Name: "Ann", Email: pick(w.rnd, someEmails)},
		Channel: frontlinev1.Channel_CHANNEL_WIDGET, LastCustomerMessageTime: w.ts(),
	}
}

// step makes one random change to rows or the outbox.
func (w *indexWorld) step(ctx context.Context) {
	w.t.Helper()
	r, rnd := w.r, w.rnd
	var err error
	switch k := rnd.IntN(100); {
	case k < 35: // a batch of ticket rows
		var cs []*frontlinev1.Change
		for range 1 + rnd.IntN(4) {
			cs = append(cs, &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: w.ticket(w.id())}})
		}
		w.apply(cs...)
	case k < 40:
		w.apply(&frontlinev1.Change{Entity: &frontlinev1.Change_Deletion{Deletion: &frontlinev1.Deletion{
			Kind: frontlinev1.EntityKind_ENTITY_KIND_TICKET, Id: w.id()}}})
	case k < 45:
		w.apply(&frontlinev1.Change{Entity: &frontlinev1.Change_FieldMark{FieldMark: &frontlinev1.FieldMark{
			TicketId: w.id(), Overwritten: fmt.Sprint("v", rnd.IntN(9))}}})
	case k < 50:
		w.apply(&frontlinev1.Change{Entity: &frontlinev1.Change_Deletion{Deletion: &frontlinev1.Deletion{
			Kind: frontlinev1.EntityKind_ENTITY_KIND_FIELD_MARK, Id: w.id()}}})
	case k < 58:
		_, err = r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_SetStatus{SetStatus: &frontlinev1.SetStatusOp{
			TicketId: w.id(), Status: pick(rnd, allStatuses)}}})
	case k < 63:
		_, err = r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_SetPriority{SetPriority: &frontlinev1.SetPriorityOp{
			TicketId: w.id(), Priority: pick(rnd, allPriorities)}}})
	case k < 68:
		_, err = r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_Assign{Assign: &frontlinev1.AssignOp{
			TicketId: w.id(), AssigneeId: pick(rnd, someUsers)}}})
	case k < 72:
		_, err = r.UpdateTags(ctx, w.id(), []string{pick(rnd, someTags)}, []string{pick(rnd, someTags)})
	case k < 80: // a reply, later confirmed by its message row
		id := w.id()
		mid := fmt.Sprintf("%032x", 1<<40+len(w.msgs))
		w.msgs = append(w.msgs, id+mid)
		_, err = r.Enqueue(ctx, &frontlinev1.Mutation{CreateTime: w.ts(), Op: &frontlinev1.Mutation_AddMessage{AddMessage: &frontlinev1.AddMessageOp{
			MessageId: mid, TicketId: id, Body: "hi", Internal: rnd.IntN(3) == 0}}})
	case k < 85 && len(w.msgs) > 0:
		tm := w.msgs[rnd.IntN(len(w.msgs))]
		w.apply(&frontlinev1.Change{Entity: &frontlinev1.Change_Message{Message: &frontlinev1.Message{
			Id: tm[32:], TicketId: tm[:32], Body: "hi", CreateTime: w.ts()}}})
	case k < 93: // the server confirmed part of the outbox
		var upTo int64
		if ms, _ := r.Outbox(); len(ms) > 0 {
			upTo = ms[rnd.IntN(len(ms))].GetId()
		}
		err = r.db.Update(func(txn *badger.Txn) error { return dropAcked(txn, upTo) })
	case k < 94: // a generation switch
		err = r.Purge()
	case k < 95: // a lost bucket: its rows are deleted in the active generation
		var gen uint32
		if err = r.db.View(func(txn *badger.Txn) error { gen, err = activeGen(txn); return err }); err == nil {
			err = deletePrefix(r.db, kindPrefix(gen, rowTicket))
		}
	default: // compact, so catch-up also reads from tables
		err = r.db.Flatten(1)
	}
	if err != nil {
		w.t.Fatal(err)
	}
}

func TestIndexMatchesFullScan(t *testing.T) {
	ctx := context.Background()
	filters := []Filter{
		{},
		{Limit: 5},
		{Statuses: []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
			frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF, frontlinev1.TicketStatus_TICKET_STATUS_PENDING}, Limit: 7},
		{Statuses: []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED}},
		{AssigneeID: "u1", Statuses: []frontlinev1.TicketStatus{frontlinev1.TicketStatus_TICKET_STATUS_OPEN}},
		{Unassigned: true, Limit: 3},
		{Tag: "vip", Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH},
		{Tag: "billing"},
		{Tag: "bug", Limit: 4},
		{CustomerEmail: "bo@example.test"},
		{CustomerEmail: "cy@example.test", Limit: 2},
	}
	steps := 400
	if testing.Short() {
		steps = 90
	}
	for seed := range uint64(2) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r, err := OpenInMemory(Config{UserID: "u1", UserName: "Maya"})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			w := &indexWorld{t: t, r: r, rnd: rand.New(rand.NewPCG(seed, 7)), base: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
			for i := range 12 {
				w.ids = append(w.ids, fmt.Sprintf("%032x", 0xabc000+i))
			}
			for i := range steps {
				w.step(ctx)
				if i%3 != 0 { // several changes between reads, too
					continue
				}
				for _, f := range filters {
					got, err := r.ListTickets(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if diff := gocmp.Diff(scanTickets(t, r, f), got, protocmp.Transform()); diff != "" {
						t.Fatalf("step %d filter %+v: index differs from a full scan (-scan +index):\n%s", i, f, diff)
					}
				}
				got, err := r.Counts(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if diff := gocmp.Diff(scanCounts(t, r), got); diff != "" {
					t.Fatalf("step %d: counts differ (-scan +index):\n%s", i, diff)
				}
			}
		})
	}
}

// A large catch-up merges instead of inserting one by one.
func TestIndexLargeCatchUp(t *testing.T) {
	ctx := context.Background()
	r, err := OpenInMemory(Config{UserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w := &indexWorld{t: t, r: r, rnd: rand.New(rand.NewPCG(42, 1)), base: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	id := func(i int) string { return fmt.Sprintf("%032x", 0xdef000+i) }
	batch := func(from, to int) {
		var cs []*frontlinev1.Change
		for i := from; i < to; i++ {
			cs = append(cs, &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: w.ticket(id(i))}})
		}
		w.apply(cs...)
	}
	batch(0, 300)
	for round := range 3 {
		if _, err := r.ListTickets(ctx, Filter{}); err != nil { // build, then catch up
			t.Fatal(err)
		}
		batch(250-100*round, 250-100*round+2*mergeAbove) // rewrite old ones and add new ones
		for i := range 5 {
			w.apply(&frontlinev1.Change{Entity: &frontlinev1.Change_Deletion{Deletion: &frontlinev1.Deletion{
				Kind: frontlinev1.EntityKind_ENTITY_KIND_TICKET, Id: id(7*i + round)}}})
		}
		got, err := r.ListTickets(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(scanTickets(t, r, Filter{}), got, protocmp.Transform()); diff != "" {
			t.Fatalf("round %d: index differs from a full scan (-scan +index):\n%s", round, diff)
		}
	}
}

// A closed replica reports it instead of serving stale rows.
func TestIndexClosed(t *testing.T) {
	r, err := OpenInMemory(Config{UserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ListTickets(context.Background(), Filter{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ListTickets(context.Background(), Filter{}); err == nil {
		t.Fatal("ListTickets after Close: want an error")
	}
}

// The first listing of many tickets decodes them on several goroutines.
func TestIndexFirstFullListing(t *testing.T) {
	ctx := context.Background()
	r, err := OpenInMemory(Config{UserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w := &indexWorld{t: t, r: r, rnd: rand.New(rand.NewPCG(5, 5)), base: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	var cs []*frontlinev1.Change
	for i := range 2100 {
		cs = append(cs, &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: w.ticket(fmt.Sprintf("%032x", 0x77000+i))}})
	}
	w.apply(cs...)
	if _, err := r.ListTickets(ctx, Filter{Limit: 10}); err != nil { // build; decode only ten
		t.Fatal(err)
	}
	got, err := r.ListTickets(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := scanTickets(t, r, Filter{})
	if len(got) != len(want) {
		t.Fatalf("got %d tickets, want %d", len(got), len(want))
	}
	for i := range want {
		if !proto.Equal(got[i].Ticket, want[i].Ticket) || got[i].Pending != want[i].Pending || !proto.Equal(got[i].Mark, want[i].Mark) {
			t.Fatalf("ticket %d: got %v, want %v", i, got[i], want[i])
		}
	}
}
