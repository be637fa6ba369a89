package hnsw

import (
	"context"
	"fmt"
	"iter"
	"sync"
)

// Build creates an index from every (id, vector) pair of vectors, inserting
// with the given number of goroutines (at least one). It is how an index is
// rebuilt from the documents of record, e.g. after a file failed its checksum
// or when the repair of many deletes is better done from scratch. It stops
// early with ctx's error, and with the first invalid vector's error.
func Build(ctx context.Context, dim int, opts Options, vectors iter.Seq2[uint64, []float32], workers int) (*Index, error) {
	x := New(dim, opts)
	if err := x.AddAll(ctx, vectors, workers); err != nil {
		return nil, err
	}
	return x, nil
}

// AddAll adds every (id, vector) pair of vectors with the given number of
// goroutines. Searches may run meanwhile.
func (x *Index) AddAll(ctx context.Context, vectors iter.Seq2[uint64, []float32], workers int) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	type pair struct {
		id  uint64
		vec []float32
	}
	work := make(chan pair, 64)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for p := range work {
				if ctx.Err() != nil {
					continue // drain
				}
				if err := x.Add(p.id, p.vec); err != nil {
					cancel(fmt.Errorf("hnsw: add %d: %w", p.id, err))
				}
			}
		})
	}
	for id, vec := range vectors {
		if ctx.Err() != nil {
			break
		}
		// Copy: iterators commonly reuse their buffer between pairs.
		work <- pair{id, append([]float32(nil), vec...)}
	}
	close(work)
	wg.Wait()
	return context.Cause(ctx)
}
