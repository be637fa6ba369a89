package badgerstore

import (
	"bytes"
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// This file holds the store.SettingsData methods. Settings are tenant rows
// that every desk user replicates, so each write is logged like a ticket's;
// triage examples are server-only (never logged, never in a snapshot).

// Settings returns every setting of the tenant, in id order.
func (s *Store) Settings(ctx context.Context, tenantID string) ([]*frontlinev1.Setting, error) {
	const op = "settings"
	tenant, ok := parseID(tenantID)
	if !ok {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	var out []*frontlinev1.Setting
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: typePrefix(tenant, tSetting), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			m := new(frontlinev1.Setting)
			if err := decodeProto(it.Item(), m); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// PutSetting creates or replaces a setting by id and logs it.
func (s *Store) PutSetting(ctx context.Context, tenantID string, v *frontlinev1.Setting) error {
	const op = "put setting"
	tenant, ok1 := parseID(tenantID)
	sid, ok2 := parseID(v.GetId())
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("setting id"))
	}
	e, err := protoEntry(settingKey(tenant, sid), v)
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		if err := requireTenant(txn, tenant); err != nil {
			return err
		}
		lw.add(store.BucketTenant, &frontlinev1.Change{Entity: &frontlinev1.Change_Setting{Setting: proto.Clone(v).(*frontlinev1.Setting)}})
		return txn.SetEntry(e)
	})
}

// DeleteSetting removes a setting and logs the deletion.
func (s *Store) DeleteSetting(ctx context.Context, tenantID, settingID string) error {
	const op = "delete setting"
	tenant, ok1 := parseID(tenantID)
	sid, ok2 := parseID(settingID)
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		if _, err := get(txn, settingKey(tenant, sid)); err != nil {
			return err
		}
		lw.deletion(store.BucketTenant, frontlinev1.EntityKind_ENTITY_KIND_SETTING, settingID)
		return txn.Delete(settingKey(tenant, sid))
	})
}

// PutTriageExample stores or replaces the example of its ticket.
func (s *Store) PutTriageExample(ctx context.Context, tenantID string, ex store.TriageExample) error {
	const op = "put triage example"
	tenant, ok1 := parseID(tenantID)
	tid, ok2 := parseID(ex.TicketID)
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("ticket id"))
	}
	e, err := jsonEntry(triageExampleKey(tenant, tid), ex)
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

// DeleteTriageExample removes the example of a ticket, if any.
func (s *Store) DeleteTriageExample(ctx context.Context, tenantID, ticketID string) error {
	const op = "delete triage example"
	tenant, ok1 := parseID(tenantID)
	tid, ok2 := parseID(ticketID)
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("ticket id"))
	}
	return s.update(ctx, op, func(txn *badger.Txn) error { return txn.Delete(triageExampleKey(tenant, tid)) })
}

// TriageExamples returns the tenant's examples in ticket id order.
func (s *Store) TriageExamples(ctx context.Context, tenantID string) ([]store.TriageExample, error) {
	const op = "triage examples"
	tenant, ok := parseID(tenantID)
	if !ok {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	var out []store.TriageExample
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: typePrefix(tenant, tTriageExample), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var ex store.TriageExample
			if err := decodeJSON(it.Item(), &ex); err != nil {
				return err
			}
			out = append(out, ex)
		}
		return nil
	})
	return out, err
}

// Settings returns the tenant's settings inside the mutation's transaction.
func (m *mutationTx) Settings() ([]*frontlinev1.Setting, error) {
	var out []*frontlinev1.Setting
	it := m.txn.NewIterator(badger.IteratorOptions{Prefix: typePrefix(m.tenant, tSetting), PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		v := new(frontlinev1.Setting)
		if err := decodeProto(it.Item(), v); err != nil {
			return nil, fmt.Errorf("settings: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}

// AppendAudit records an admin action and logs it to the admin bucket.
func (s *Store) AppendAudit(ctx context.Context, tenantID string, e *frontlinev1.AuditEntry) error {
	const op = "append audit"
	tenant, ok1 := parseID(tenantID)
	eid, ok2 := parseID(e.GetId())
	if !ok1 || !ok2 {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("audit entry id"))
	}
	ent, err := protoEntry(auditKey(tenant, eid), e)
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		if err := requireTenant(txn, tenant); err != nil {
			return err
		}
		lw.add(store.BucketAdmin, &frontlinev1.Change{Entity: &frontlinev1.Change_AuditEntry{AuditEntry: proto.Clone(e).(*frontlinev1.AuditEntry)}})
		return txn.SetEntry(ent)
	})
}

// AuditLog returns up to limit entries, newest first.
func (s *Store) AuditLog(ctx context.Context, tenantID string, limit int) ([]*frontlinev1.AuditEntry, error) {
	const op = "audit log"
	tenant, ok := parseID(tenantID)
	if !ok {
		return nil, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	var out []*frontlinev1.AuditEntry
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		prefix := typePrefix(tenant, tAudit)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, Reverse: true})
		defer it.Close()
		for it.Seek(append(bytes.Clone(prefix), 0xff)); it.Valid() && len(out) < limit; it.Next() {
			e := new(frontlinev1.AuditEntry)
			if err := decodeProto(it.Item(), e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
