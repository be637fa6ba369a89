package badgerstore

import (
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/frontlinedesk/frontline/internal/desk"
)

// TestStore_UpdateRetriesOnConflict makes another transaction commit a
// write to the key that fn has read, so the first commit conflicts; update
// must run fn again and succeed, and give up with ErrConflict when every
// attempt conflicts.
func TestStore_UpdateRetriesOnConflict(t *testing.T) {
	s, err := OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	k := []byte("counter")
	bump := func(txn *badger.Txn) error {
		var n uint64
		if item, err := txn.Get(k); err == nil {
			if n, err = decodeUint(item); err != nil {
				return err
			}
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		return txn.SetEntry(uintEntry(k, n+1))
	}
	interfere := func(txn *badger.Txn) error {
		if err := bump(txn); err != nil {
			return err
		}
		return s.db.Update(bump) // commits before txn does
	}

	calls := 0
	err = s.update(t.Context(), "test", func(txn *badger.Txn) error {
		calls++
		if calls == 1 {
			return interfere(txn)
		}
		return bump(txn)
	})
	if err != nil || calls != 2 {
		t.Fatalf("update() = %v after %d calls; want success after 2", err, calls)
	}
	var got uint64
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(k)
		if err != nil {
			return err
		}
		got, err = decodeUint(item)
		return err
	}); err != nil || got != 2 {
		t.Fatalf("counter = %d, %v; want 2 (one interfering bump, one retried bump)", got, err)
	}

	calls = 0
	err = s.update(t.Context(), "test", func(txn *badger.Txn) error { calls++; return interfere(txn) })
	if !errors.Is(err, desk.ErrConflict) || calls != maxAttempts {
		t.Errorf("update() always conflicting = %v after %d calls; want ErrConflict after %d", err, calls, maxAttempts)
	}
}
