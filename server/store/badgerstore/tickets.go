package badgerstore

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// CreateTicket stores a new ticket, its update-time index entry and its first
// message (if any), and gives it the tenant's next display number, all in one
// transaction. Concurrent creates conflict on the counter key and retry, so
// no number is handed out twice. The number is set on t and on the returned
// copy.
func (s *Store) CreateTicket(ctx context.Context, tenantID string, t *frontlinev1.Ticket, first *frontlinev1.Message) (*frontlinev1.Ticket, error) {
	const op = "create ticket"
	tenant, ok := parseID(tenantID)
	if !ok {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	if t == nil {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, invalid("nil ticket"))
	}
	tid, ok := parseID(t.GetId())
	if !ok {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, invalid("ticket id"))
	}
	var firstEntry *badger.Entry
	if first != nil {
		m := proto.Clone(first).(*frontlinev1.Message)
		m.TicketId = t.GetId()
		e, err := protoEntry(messageKey(tenant, tid, 1), m)
		if err != nil {
			return nil, fmt.Errorf("badgerstore: %s: %w", op, err)
		}
		firstEntry = e
	}
	var out *frontlinev1.Ticket
	err := s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		if err := requireTenant(txn, tenant); err != nil {
			return err
		}
		if ok, err := exists(txn, ticketKey(tenant, tid)); err != nil || ok {
			return cmp.Or(err, fmt.Errorf("ticket: %w", desk.ErrExists))
		}
		var n uint64
		switch item, err := get(txn, ticketNumberKey(tenant)); {
		case err == nil:
			if n, err = decodeUint(item); err != nil {
				return err
			}
		case !isNotFound(err):
			return err
		}
		n++
		nt := proto.Clone(t).(*frontlinev1.Ticket)
		nt.Number = int64(n)
		te, err := protoEntry(ticketKey(tenant, tid), nt)
		if err != nil {
			return err
		}
		es := []*badger.Entry{
			uintEntry(ticketNumberKey(tenant), n),
			te,
			indexEntry(ticketByUpdateKey(tenant, nt.GetUpdateTime().AsTime(), tid)),
		}
		lw.ticket(nt)
		if firstEntry != nil {
			es = append(es, firstEntry)
			m := new(frontlinev1.Message)
			if err := proto.Unmarshal(firstEntry.Value, m); err != nil {
				return err
			}
			lw.message(m)
		}
		out = nt
		return setAll(txn, es...)
	})
	if err != nil {
		return nil, err
	}
	t.Number = out.Number
	return out, nil
}

// Ticket returns a ticket by id.
func (s *Store) Ticket(ctx context.Context, tenantID, ticketID string) (*frontlinev1.Ticket, error) {
	t := new(frontlinev1.Ticket)
	err := s.view(ctx, "get ticket", func(txn *badger.Txn) error {
		tenant, ok1 := parseID(tenantID)
		tid, ok2 := parseID(ticketID)
		if !ok1 || !ok2 {
			return desk.ErrNotFound
		}
		return getProto(txn, ticketKey(tenant, tid), t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// ListTickets walks the update-time index, newest first and then by id,
// applying f to each ticket, and returns up to p.Size matches and the token
// of the next page ("" on the last page). A malformed token is ErrInvalid.
func (s *Store) ListTickets(ctx context.Context, tenantID string, f store.TicketFilter, p store.Page) ([]*frontlinev1.Ticket, string, error) {
	const op = "list tickets"
	tenant, ok := parseID(tenantID)
	if !ok {
		if _, err := parsePageToken(p.Token, id{}, tTicketByUpdate); p.Token != "" && err != nil {
			return nil, "", fmt.Errorf("badgerstore: %s: %w", op, err)
		}
		return []*frontlinev1.Ticket{}, "", nil
	}
	prefix := typePrefix(tenant, tTicketByUpdate)
	start := prefix
	if p.Token != "" {
		k, err := parsePageToken(p.Token, tenant, tTicketByUpdate)
		if err != nil {
			return nil, "", fmt.Errorf("badgerstore: %s: %w", op, err)
		}
		start = after(k)
	}
	var (
		out  []*frontlinev1.Ticket
		next string
	)
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		var err error
		out, next, err = scanPage(txn, prefix, start, pageSize(p.Size), func(k []byte) (*frontlinev1.Ticket, bool, error) {
			_, _, tid, err := parseTicketByUpdateKey(k)
			if err != nil {
				return nil, false, err
			}
			t := new(frontlinev1.Ticket)
			if err := getProto(txn, ticketKey(tenant, tid), t); err != nil {
				return nil, false, fmt.Errorf("index entry %x: %w", k, err)
			}
			return t, matchTicket(t, f), nil
		})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// matchTicket reports whether t passes f; zero fields of f match anything.
func matchTicket(t *frontlinev1.Ticket, f store.TicketFilter) bool {
	switch {
	case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, t.GetStatus()):
		return false
	case f.Priority != frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED && t.GetPriority() != f.Priority:
		return false
	case f.AssigneeID != "" && t.GetAssigneeId() != f.AssigneeID:
		return false
	case f.Unassigned && t.GetAssigneeId() != "":
		return false
	case f.Tag != "" && !slices.Contains(t.GetTags(), f.Tag):
		return false
	}
	return true
}

// UpdateTicket applies fn to the stored ticket in one transaction and moves
// its index entry when the update time changed.
func (s *Store) UpdateTicket(ctx context.Context, tenantID, ticketID string, fn func(*frontlinev1.Ticket) error) (*frontlinev1.Ticket, error) {
	var out *frontlinev1.Ticket
	tenant, ok1 := parseID(tenantID)
	tid, ok2 := parseID(ticketID)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("badgerstore: update ticket: %w", desk.ErrNotFound)
	}
	err := s.logUpdate(ctx, "update ticket", tenant, func(txn *badger.Txn, lw *logw) error {
		t, err := updateTicket(txn, tenant, tid, fn)
		if err != nil {
			return err
		}
		out = t
		lw.ticket(t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return proto.Clone(out).(*frontlinev1.Ticket), nil
}

// updateTicket reads a ticket, applies fn and writes it back with its index.
func updateTicket(txn *badger.Txn, tenant, tid id, fn func(*frontlinev1.Ticket) error) (*frontlinev1.Ticket, error) {
	t := new(frontlinev1.Ticket)
	if err := getProto(txn, ticketKey(tenant, tid), t); err != nil {
		return nil, err
	}
	oldIdx := ticketByUpdateKey(tenant, t.GetUpdateTime().AsTime(), tid)
	if err := fn(t); err != nil {
		return nil, err
	}
	if !sameID(t.GetId(), tid) {
		return nil, invalid("ticket id changed")
	}
	e, err := protoEntry(ticketKey(tenant, tid), t)
	if err != nil {
		return nil, err
	}
	if err := txn.SetEntry(e); err != nil {
		return nil, err
	}
	if newIdx := ticketByUpdateKey(tenant, t.GetUpdateTime().AsTime(), tid); !bytes.Equal(oldIdx, newIdx) {
		if err := txn.Delete(oldIdx); err != nil {
			return nil, err
		}
		if err := txn.SetEntry(indexEntry(newIdx)); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// AddMessage appends m after the ticket's last message and applies fn to the
// ticket in the same transaction. The ticket key is read and written by every
// append, so two concurrent appends to one ticket conflict and one retries;
// that is what makes the next sequence number safe to take from the last key.
func (s *Store) AddMessage(ctx context.Context, tenantID string, m *frontlinev1.Message, fn func(*frontlinev1.Ticket) error) (*frontlinev1.Ticket, error) {
	const op = "add message"
	if m == nil {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, invalid("nil message"))
	}
	var out *frontlinev1.Ticket
	tenant, ok1 := parseID(tenantID)
	tid, ok2 := parseID(m.GetTicketId())
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	err := s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		t, err := updateTicket(txn, tenant, tid, fn)
		if err != nil {
			return err
		}
		seq, err := lastMessageSeq(txn, tenant, tid)
		if err != nil {
			return err
		}
		e, err := protoEntry(messageKey(tenant, tid, seq+1), m)
		if err != nil {
			return err
		}
		out = t
		lw.message(m)
		lw.ticket(t)
		return txn.SetEntry(e)
	})
	if err != nil {
		return nil, err
	}
	return proto.Clone(out).(*frontlinev1.Ticket), nil
}

// lastMessageSeq returns the sequence number of a ticket's last message, or 0.
func lastMessageSeq(txn *badger.Txn, tenant, tid id) (uint64, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: messagePrefix(tenant, tid), Reverse: true})
	defer it.Close()
	it.Seek(messageKey(tenant, tid, maxSeq))
	if !it.Valid() {
		return 0, nil
	}
	_, _, seq, err := parseMessageKey(it.Item().Key())
	return seq, err
}

// Messages returns a ticket's messages in the order they were added.
func (s *Store) Messages(ctx context.Context, tenantID, ticketID string) ([]*frontlinev1.Message, error) {
	msgs := []*frontlinev1.Message{}
	err := s.view(ctx, "list messages", func(txn *badger.Txn) error {
		tenant, ok1 := parseID(tenantID)
		tid, ok2 := parseID(ticketID)
		if !ok1 || !ok2 {
			return desk.ErrNotFound
		}
		if ok, err := exists(txn, ticketKey(tenant, tid)); err != nil || !ok {
			return cmp.Or(err, desk.ErrNotFound)
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: messagePrefix(tenant, tid), PrefetchValues: true, PrefetchSize: 32})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			m := new(frontlinev1.Message)
			if err := decodeProto(it.Item(), m); err != nil {
				return err
			}
			msgs = append(msgs, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return msgs, nil
}
