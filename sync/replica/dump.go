package replica

import (
	"encoding/hex"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// RowName names the row a change writes (kind and id, independent of the
// generation), or ok=false for a change that writes no row (an ack).
func RowName(c *frontlinev1.Change) (name string, ok bool) {
	k, v, ok := changeRow(0, c)
	if !ok || v == nil {
		return "", false
	}
	return hex.EncodeToString(k[5:]), true
}

// RowValue is the canonical encoding of the row a change writes.
func RowValue(c *frontlinev1.Change) string {
	_, v, _ := changeRow(0, c)
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(v)
	return string(b)
}

// Dump returns every confirmed row of the visible generation, by RowName.
// It is for tests and support tooling.
func (r *Replica) Dump() (map[string]string, error) {
	out := map[string]string{}
	err := r.db.View(func(txn *badger.Txn) error {
		gen, err := activeGen(txn)
		if err != nil {
			return err
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: genPrefix(gen), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[hex.EncodeToString(it.Item().Key()[5:])] = string(v)
		}
		return nil
	})
	return out, err
}

// Cursor returns the visible data's epoch and log seq.
func (r *Replica) Cursor() (epoch string, seq int64, err error) {
	st, err := r.state()
	return st.epoch, st.seq, err
}
