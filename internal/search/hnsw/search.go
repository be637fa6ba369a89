package hnsw

import (
	"math"
	"slices"
)

// item is a slot with its distance to the current query.
type item struct {
	d float32
	s uint32
}

// minHeap pops the closest item first.
type minHeap []item

func (h *minHeap) push(it item) {
	a := append(*h, it)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].d <= it.d {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = it
	*h = a
}

func (h *minHeap) pop() item {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	n := len(a)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].d < a[c].d {
			c++
		}
		if last.d <= a[c].d {
			break
		}
		a[i] = a[c]
		i = c
	}
	if n > 0 {
		a[i] = last
	}
	*h = a
	return top
}

// maxHeap keeps the farthest item on top, so a bounded result set can drop
// it when a closer one arrives.
type maxHeap []item

func (h *maxHeap) push(it item) {
	a := append(*h, it)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].d >= it.d {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = it
	*h = a
}

func (h *maxHeap) pop() item {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	n := len(a)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].d > a[c].d {
			c++
		}
		if last.d >= a[c].d {
			break
		}
		a[i] = a[c]
		i = c
	}
	if n > 0 {
		a[i] = last
	}
	*h = a
	return top
}

// scratch is the per-goroutine working memory of a search or an insert,
// pooled so that steady-state searches allocate only their result slice.
type scratch struct {
	visited []uint32 // epoch stamp per slot
	epoch   uint32
	cand    minHeap
	res     maxHeap
	q       []float32
	sorted  []item   // results of the current layer, closest first
	batch   []uint32 // unvisited neighbours of the node being expanded
	layers  [][]item // insert: candidates per layer
	sel     []item   // neighbour selection buffer
	pick    []item
}

func (x *Index) getScratch() *scratch {
	if s, ok := x.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

func (x *Index) putScratch(s *scratch) { x.pool.Put(s) }

// resetVisited starts a new visited set sized for n slots. Instead of
// clearing the array, each search gets a fresh epoch number; a slot counts as
// visited when its stamp equals the current epoch.
func (s *scratch) resetVisited(n int) {
	if len(s.visited) < n {
		s.visited = make([]uint32, n+n/4+64)
		s.epoch = 0
	}
	s.epoch++
	if s.epoch == 0 { // wrapped: stale stamps could collide
		clear(s.visited)
		s.epoch = 1
	}
}

// greedy walks layer l from ep towards q, one best neighbour at a time, and
// returns the closest slot reached.
func (x *Index) greedy(q []float32, ep item, l int) item {
	for changed := true; changed; {
		changed = false
		ln := x.links(ep.s, l)
		for _, nb := range ln[1 : 1+ln[0]] {
			if d := x.walkDist(q, nb); d < ep.d {
				ep = item{d, nb}
				changed = true
			}
		}
	}
	return ep
}

// searchLayer runs the beam search of width ef on layer l from the entry
// points eps, leaving the best live slots in s.sorted, closest first by
// walkDist (see rerank). Tombstoned slots are expanded (they keep the graph
// connected) but never enter the results.
//
// Each hop collects the unvisited neighbours of the expanded node,
// prefetches their rows and then scores them. Only the row the distance
// needs is prefetched; the link list of the node most likely expanded next
// (the top of the candidate heap) is prefetched at the end of the hop, since
// few scored neighbours are ever expanded.
func (x *Index) searchLayer(s *scratch, q []float32, eps []item, ef, l int) {
	s.resetVisited(len(x.ids))
	vis, epoch := s.visited, s.epoch
	s.cand = s.cand[:0]
	s.res = s.res[:0]
	state := x.state
	for _, ep := range eps {
		if vis[ep.s] == epoch {
			continue
		}
		vis[ep.s] = epoch
		s.cand.push(ep)
		if state[ep.s] == live {
			s.res.push(ep)
		}
	}
	for len(s.res) > ef {
		s.res.pop()
	}
	worst := float32(math.Inf(1))
	if len(s.res) >= ef {
		worst = s.res[0].d
	}
	for len(s.cand) > 0 {
		c := s.cand.pop()
		if c.d > worst {
			break
		}
		ln := x.links(c.s, l)
		batch := s.batch[:0]
		for _, nb := range ln[1 : 1+ln[0]] {
			if vis[nb] != epoch {
				vis[nb] = epoch
				batch = append(batch, nb)
			}
		}
		s.batch = batch
		x.prefetchWalk(batch)
		for _, nb := range batch {
			d := x.walkDist(q, nb)
			if d >= worst {
				continue
			}
			s.cand.push(item{d, nb})
			if state[nb] != live {
				continue
			}
			s.res.push(item{d, nb})
			if len(s.res) > ef {
				s.res.pop()
			}
			if len(s.res) >= ef {
				worst = s.res[0].d
			}
		}
		if l == 0 && len(s.cand) > 0 {
			x.prefetchLinks0(s.cand[0].s)
		}
	}
	s.sorted = s.sorted[:0]
	for len(s.res) > 0 {
		s.sorted = append(s.sorted, s.res.pop())
	}
	slices.Reverse(s.sorted)
}

// rerank replaces the walk distances of the first n items of s.sorted by
// exact ones (dist over the float32 vectors) and sorts that prefix again.
// Without a half-precision copy the walk distances are already exact.
func (x *Index) rerank(s *scratch, q []float32, n int) {
	if x.half == nil {
		return
	}
	items := s.sorted[:min(n, len(s.sorted))]
	batch := s.batch[:0]
	for _, it := range items {
		batch = append(batch, it.s)
	}
	s.batch = batch
	x.prefetchVecs(batch)
	for i := range items {
		items[i].d = x.dist(q, items[i].s)
	}
	slices.SortFunc(items, cmpItem)
}

// descend walks from the entry point down to layer stop+1 greedily and
// returns the entry item for layer stop. The caller holds a lock and the
// graph is not empty.
func (x *Index) descend(q []float32, stop int) item {
	ep := item{x.walkDist(q, x.entry), x.entry}
	for l := x.maxLevel; l > stop; l-- {
		ep = x.greedy(q, ep, l)
	}
	return ep
}

// Search returns up to k nearest live vectors to q, closest first, using the
// index's default beam width (raised to k when smaller).
func (x *Index) Search(q []float32, k int) ([]Result, error) {
	return x.SearchEf(q, k, x.EfSearch())
}

// SearchEf is Search with an explicit beam width ef. Larger ef gives better
// recall at a lower speed.
func (x *Index) SearchEf(q []float32, k, ef int) ([]Result, error) {
	s := x.getScratch()
	defer x.putScratch(s)
	qv, err := x.prepare(q, s.q)
	if err != nil {
		return nil, err
	}
	s.q = qv
	if k <= 0 {
		return nil, nil
	}
	ef = max(ef, k)

	x.mu.RLock()
	if x.entry == noNode {
		x.mu.RUnlock()
		return nil, nil
	}
	ep := x.descend(qv, 0)
	x.searchLayer(s, qv, []item{ep}, ef, 0)
	x.rerank(s, qv, rerankDepth(k, ef))
	n := min(k, len(s.sorted))
	out := make([]Result, n)
	for i, it := range s.sorted[:n] {
		out[i] = Result{ID: x.ids[it.s], Distance: it.d}
	}
	x.mu.RUnlock()

	if x.metric == L2 {
		for i := range out {
			out[i].Distance = float32(math.Sqrt(float64(out[i].Distance)))
		}
	}
	return out, nil
}

// rerankDepth is how many of the ef walk results Search ranks again with
// exact distances to return the best k. Half-precision errors (about 1e-4)
// only swap neighbours whose distances nearly tie, so a margin past k is
// enough; ranking all ef of them would cost as many extra row reads.
func rerankDepth(k, ef int) int {
	return min(ef, 2*k+16)
}

// SearchExact returns the k nearest live vectors to q by comparing q with
// every stored vector, closest first. It is exact and costs O(Len·dim) per
// query: the reference for recall checks, and a fine choice for small
// collections.
func (x *Index) SearchExact(q []float32, k int) ([]Result, error) {
	s := x.getScratch()
	defer x.putScratch(s)
	qv, err := x.prepare(q, s.q)
	if err != nil {
		return nil, err
	}
	s.q = qv
	if k <= 0 {
		return nil, nil
	}
	x.mu.RLock()
	s.res = s.res[:0]
	for slot, st := range x.state {
		if st != live {
			continue
		}
		d := x.dist(qv, uint32(slot))
		if len(s.res) < k {
			s.res.push(item{d, uint32(slot)})
		} else if d < s.res[0].d {
			s.res.pop()
			s.res.push(item{d, uint32(slot)})
		}
	}
	out := make([]Result, len(s.res))
	for i := len(out) - 1; i >= 0; i-- {
		it := s.res.pop()
		out[i] = Result{ID: x.ids[it.s], Distance: it.d}
	}
	x.mu.RUnlock()
	if x.metric == L2 {
		for i := range out {
			out[i].Distance = float32(math.Sqrt(float64(out[i].Distance)))
		}
	}
	return out, nil
}
