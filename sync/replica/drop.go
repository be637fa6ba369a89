package replica

import "github.com/dgraph-io/badger/v4"

// deletePrefix removes every key under prefix in batches. Badger's
// DropPrefix is not used: keys written under a dropped prefix soon after
// the drop were seen to vanish, which a resync cannot tolerate.
func deletePrefix(db *badger.DB, prefix []byte) error {
	for {
		var keys [][]byte
		err := db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
			defer it.Close()
			for it.Rewind(); it.Valid() && len(keys) < 10000; it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
			return nil
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		wb := db.NewWriteBatch()
		for _, k := range keys {
			if err := wb.Delete(k); err != nil {
				wb.Cancel()
				return err
			}
		}
		if err := wb.Flush(); err != nil {
			return err
		}
	}
}
