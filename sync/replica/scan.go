package replica

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// EachMessage calls fn for every replicated message of every ticket in one
// pass over the store (tickets in id order, each ticket's messages in key
// order; not sorted by time). It is for whole-replica computations such as
// analytics, where reading threads one by one would cost a seek each.
// Pending local replies are not included. fn must not keep m past the
// call unless it clones it; returning an error stops the scan.
func (r *Replica) EachMessage(ctx context.Context, fn func(m *frontlinev1.Message) error) error {
	err := r.view(func(txn *badger.Txn, gen uint32, _ []*frontlinev1.Mutation) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: kindPrefix(gen, rowMessage), PrefetchValues: true, PrefetchSize: 512})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			m, err := decodeRow(it.Item(), new(frontlinev1.Message))
			if err != nil {
				return err
			}
			if err := fn(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replica: each message: %w", err)
	}
	return nil
}
