package badgerstore

import (
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

// This file holds the store.WidgetData methods: widget settings, attachment
// bytes and the inactivity close schedule. These rows are server-only and
// are not written to the change log.

const (
	// encRaw1 marks an attachment chunk: raw file bytes.
	encRaw1 byte = 0x20
	// attachChunkSize is how much of an attachment one chunk holds: below
	// the value threshold (64 KiB), which an in-memory store also enforces
	// as its largest value.
	attachChunkSize = 48 << 10
	// chunksPerTxn keeps one transaction under the batch limit of the
	// smallest memtable (15% of 4 MiB).
	chunksPerTxn = 8
)

// WidgetSettings returns the tenant's stored widget settings.
func (s *Store) WidgetSettings(ctx context.Context, tenantID string) (*frontlinev1.WidgetSettings, error) {
	const op = "widget settings"
	tenant, ok := parseID(tenantID)
	if !ok {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	ws := new(frontlinev1.WidgetSettings)
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		return getProto(txn, widgetSettingsKey(tenant), ws)
	})
	if err != nil {
		return nil, err
	}
	return ws, nil
}

// PutWidgetSettings replaces the tenant's widget settings.
func (s *Store) PutWidgetSettings(ctx context.Context, tenantID string, ws *frontlinev1.WidgetSettings) error {
	const op = "put widget settings"
	tenant, ok := parseID(tenantID)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	e, err := protoEntry(widgetSettingsKey(tenant), ws)
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	return s.update(ctx, op, func(txn *badger.Txn) error {
		if err := requireTenant(txn, tenant); err != nil {
			return err
		}
		return txn.SetEntry(e)
	})
}

// attachmentIDs parses the ids of an attachment look-up; a malformed id is
// simply not found.
func attachmentIDs(tenantID, ticketID, attachmentID string) (tenant, ticket, att id, ok bool) {
	var ok1, ok2, ok3 bool
	tenant, ok1 = parseID(tenantID)
	ticket, ok2 = parseID(ticketID)
	att, ok3 = parseID(attachmentID)
	return tenant, ticket, att, ok1 && ok2 && ok3
}

// PutAttachment stores the chunks of data, one transaction each, then the
// metadata; a crash part-way leaves chunks no reader can reach.
func (s *Store) PutAttachment(ctx context.Context, tenantID, ticketID string, a *frontlinev1.Attachment, data []byte) error {
	const op = "put attachment"
	tenant, ticket, att, ok := attachmentIDs(tenantID, ticketID, a.GetId())
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("id"))
	}
	meta := proto.Clone(a).(*frontlinev1.Attachment)
	meta.Size = int64(len(data))
	me, err := protoEntry(attachmentKey(tenant, ticket, att), meta)
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	err = s.view(ctx, op, func(txn *badger.Txn) error {
		if _, err := get(txn, ticketKey(tenant, ticket)); err != nil {
			return fmt.Errorf("ticket: %w", err)
		}
		if ok, err := exists(txn, attachmentKey(tenant, ticket, att)); err != nil || ok {
			return errors.Join(err, fmt.Errorf("attachment: %w", desk.ErrExists))
		}
		return nil
	})
	if err != nil {
		return err
	}
	var batch []*badger.Entry
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.update(ctx, op, func(txn *badger.Txn) error { return setAll(txn, batch...) })
		batch = batch[:0]
		return err
	}
	for i := 0; i*attachChunkSize < len(data); i++ {
		chunk := data[i*attachChunkSize : min(len(data), (i+1)*attachChunkSize)]
		batch = append(batch, badger.NewEntry(attachChunkKey(tenant, ticket, att, uint32(i)), chunk).WithMeta(encRaw1))
		if len(batch) == chunksPerTxn {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return s.update(ctx, op, func(txn *badger.Txn) error { return txn.SetEntry(me) })
}

// Attachment returns an attachment's metadata and bytes.
func (s *Store) Attachment(ctx context.Context, tenantID, ticketID, attachmentID string) (*frontlinev1.Attachment, []byte, error) {
	const op = "attachment"
	tenant, ticket, att, ok := attachmentIDs(tenantID, ticketID, attachmentID)
	if !ok {
		return nil, nil, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	meta := new(frontlinev1.Attachment)
	var data []byte
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		if err := getProto(txn, attachmentKey(tenant, ticket, att), meta); err != nil {
			return err
		}
		data = make([]byte, 0, meta.GetSize())
		for i := uint32(0); int64(len(data)) < meta.GetSize(); i++ {
			item, err := get(txn, attachChunkKey(tenant, ticket, att, i))
			if err != nil {
				return fmt.Errorf("attachment chunk %d: %w", i, err)
			}
			if err := checkEnc(item, encRaw1); err != nil {
				return err
			}
			if err := item.Value(func(v []byte) error {
				data = append(data, v...)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return meta, data, nil
}

// DeleteAttachment removes an attachment's metadata, then its chunks.
func (s *Store) DeleteAttachment(ctx context.Context, tenantID, ticketID, attachmentID string) error {
	const op = "delete attachment"
	tenant, ticket, att, ok := attachmentIDs(tenantID, ticketID, attachmentID)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	if err := s.update(ctx, op, func(txn *badger.Txn) error {
		return txn.Delete(attachmentKey(tenant, ticket, att))
	}); err != nil {
		return err
	}
	prefix := tenantKey(tenant, tAttachChunk, ticket[:], att[:])
	for {
		var keys [][]byte
		if err := s.view(ctx, op, func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
			defer it.Close()
			for it.Rewind(); it.Valid() && len(keys) < 64; it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
			return nil
		}); err != nil {
			return err
		}
		if len(keys) == 0 {
			return nil
		}
		if err := s.update(ctx, op, func(txn *badger.Txn) error {
			for _, k := range keys {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
}

// ScheduleClose replaces the ticket's close entry in one transaction.
func (s *Store) ScheduleClose(ctx context.Context, tenantID, ticketID string, due time.Time) error {
	const op = "schedule close"
	tenant, ok1 := parseID(tenantID)
	ticket, ok2 := parseID(ticketID)
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("id"))
	}
	ns := due.UnixNano()
	return s.updateLocked(ctx, op, hotKey("close", tenantID, ticketID), func(txn *badger.Txn) error {
		if err := dropClose(txn, tenant, ticket); err != nil {
			return err
		}
		return setAll(txn,
			indexEntry(closeDueKey(ns, tenant, ticket)),
			uintEntry(ticketCloseDueKey(tenant, ticket), uint64(max(ns, 0))),
		)
	})
}

// CancelClose removes the ticket's close entry, if any.
func (s *Store) CancelClose(ctx context.Context, tenantID, ticketID string) error {
	const op = "cancel close"
	tenant, ok1 := parseID(tenantID)
	ticket, ok2 := parseID(ticketID)
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("id"))
	}
	return s.updateLocked(ctx, op, hotKey("close", tenantID, ticketID), func(txn *badger.Txn) error {
		return dropClose(txn, tenant, ticket)
	})
}

// dropClose deletes a ticket's close entry and its index key.
func dropClose(txn *badger.Txn, tenant, ticket id) error {
	item, err := get(txn, ticketCloseDueKey(tenant, ticket))
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	old, err := decodeUint(item)
	if err != nil {
		return err
	}
	if err := txn.Delete(closeDueKey(int64(old), tenant, ticket)); err != nil {
		return err
	}
	return txn.Delete(ticketCloseDueKey(tenant, ticket))
}

// DueCloses scans the global due index from the start.
func (s *Store) DueCloses(ctx context.Context, upTo time.Time, limit int) ([]store.CloseDue, error) {
	var out []store.CloseDue
	err := s.view(ctx, "due closes", func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{kCloseDue}})
		defer it.Close()
		end := upTo.UnixNano()
		for it.Rewind(); it.Valid() && len(out) < limit; it.Next() {
			due, tenant, ticket, err := parseCloseDueKey(it.Item().Key())
			if err != nil {
				return err
			}
			if due > end {
				break
			}
			out = append(out, store.CloseDue{TenantID: tenant.String(), TicketID: ticket.String(), Due: time.Unix(0, due)})
		}
		return nil
	})
	return out, err
}

// NextClose returns the first entry of the global due index.
func (s *Store) NextClose(ctx context.Context) (store.CloseDue, bool, error) {
	var (
		out   store.CloseDue
		found bool
	)
	err := s.view(ctx, "next close", func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{kCloseDue}, PrefetchValues: false})
		defer it.Close()
		it.Rewind()
		if !it.Valid() {
			return nil
		}
		due, tenant, ticket, err := parseCloseDueKey(it.Item().Key())
		if err != nil {
			return err
		}
		out, found = store.CloseDue{TenantID: tenant.String(), TicketID: ticket.String(), Due: time.Unix(0, due)}, true
		return nil
	})
	return out, found, err
}
