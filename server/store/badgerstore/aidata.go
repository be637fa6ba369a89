package badgerstore

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/frontlinedesk/frontline/internal/desk"
	"github.com/frontlinedesk/frontline/server/store"
)

// This file holds the store.AIData methods. The AI settings row is
// server-only, like the widget settings: it is not written to the change
// log, and Snapshot never reads its key type, so the sealed provider key
// never reaches a desktop replica.

// AISettings returns the tenant's stored AI settings.
func (s *Store) AISettings(ctx context.Context, tenantID string) (store.AISettings, error) {
	const op = "ai settings"
	var out store.AISettings
	tenant, ok := parseID(tenantID)
	if !ok {
		return out, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		item, err := get(txn, aiSettingsKey(tenant))
		if err != nil {
			return err
		}
		return decodeJSON(item, &out)
	})
	return out, err
}

// PutAISettings replaces the tenant's AI settings.
func (s *Store) PutAISettings(ctx context.Context, tenantID string, v store.AISettings) error {
	const op = "put ai settings"
	tenant, ok := parseID(tenantID)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	e, err := jsonEntry(aiSettingsKey(tenant), v)
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
