package hnsw

import (
	"slices"
)

// Add inserts vec under id, replacing the vector already stored under id.
// The vector is copied (and normalised under the cosine metric).
//
// The search for the new node's neighbours runs under the read lock, so it
// overlaps with searches and with other Adds; only the linking step takes
// the write lock. If the graph changed shape in between (a new top layer, or
// slots freed by a repair), the search is redone under the write lock.
func (x *Index) Add(id uint64, vec []float32) error {
	s := x.getScratch()
	defer x.putScratch(s)
	q, err := x.prepare(vec, nil)
	if err != nil {
		return err
	}
	level := x.randomLevel()

	x.mu.RLock()
	snapEntry, snapMax, snapGen := x.entry, x.maxLevel, x.generation
	if snapEntry != noNode {
		x.findNeighbours(s, q, level)
	}
	x.mu.RUnlock()

	x.mu.Lock()
	defer x.mu.Unlock()
	stale := x.generation != snapGen || (snapEntry == noNode) != (x.entry == noNode) ||
		(x.entry != snapEntry && level > snapMax)
	if stale && x.entry != noNode {
		x.findNeighbours(s, q, level)
	}
	x.insertLocked(s, id, q, level)
	x.maybeRepairLocked()
	return nil
}

// findNeighbours fills s.layers[l] with the efConstruction closest live
// slots to q on each layer l <= min(level, maxLevel). The caller holds a lock
// and the graph is not empty.
func (x *Index) findNeighbours(s *scratch, q []float32, level int) {
	top := min(level, x.maxLevel)
	for len(s.layers) <= maxLevelCap {
		s.layers = append(s.layers, nil)
	}
	for l := range s.layers {
		s.layers[l] = s.layers[l][:0]
	}
	ep := x.descend(q, top)
	eps := append(s.pick[:0], ep)
	for l := top; l >= 0; l-- {
		x.searchLayer(s, q, eps, x.efC, l)
		x.rerank(s, q, len(s.sorted))
		s.layers[l] = append(s.layers[l], s.sorted...)
		eps = append(eps[:0], s.sorted...)
		if len(eps) == 0 { // only tombstones on this layer: keep walking from ep
			eps = append(eps, ep)
		}
	}
	s.pick = eps[:0]
}

// insertLocked stores the node and links it, using the candidates that
// findNeighbours left in s.layers. The caller holds the write lock.
func (x *Index) insertLocked(s *scratch, id uint64, q []float32, level int) {
	if old, ok := x.byID[id]; ok {
		x.state[old] = tombstone
		x.tombstones++
	}
	slot := x.allocSlot(level)
	copy(x.vec(slot), q)
	if x.useHalf {
		x.setHalf(slot, q)
	}
	x.ids[slot] = id
	x.byID[id] = slot

	if x.entry == noNode {
		x.entry, x.maxLevel = slot, level
		return
	}
	for l := min(level, x.maxLevel); l >= 0; l-- {
		cands := s.layers[l]
		if len(cands) == 0 {
			continue
		}
		sel := x.selectNeighbours(s, cands, x.m)
		ln := x.links(slot, l)
		ln[0] = uint32(len(sel))
		for i, it := range sel {
			ln[1+i] = it.s
		}
		// Copy the selection out before linkBack reuses the scratch.
		picked := append(s.pick[:0], sel...)
		for _, it := range picked {
			x.linkBack(s, it.s, slot, it.d, l)
		}
		s.pick = picked[:0]
	}
	if level > x.maxLevel {
		x.entry, x.maxLevel = slot, level
	}
}

// allocSlot returns an empty slot for a node of the given level, reusing a
// freed one when there is one.
func (x *Index) allocSlot(level int) uint32 {
	var slot uint32
	if n := len(x.freeSlots); n > 0 {
		slot = x.freeSlots[n-1]
		x.freeSlots = x.freeSlots[:n-1]
		clear(x.links(slot, 0))
	} else {
		slot = uint32(len(x.ids))
		x.ids = append(x.ids, 0)
		x.levels = append(x.levels, 0)
		x.state = append(x.state, live)
		x.upper = append(x.upper, nil)
		x.vecs = slices.Grow(x.vecs, x.dim)[:len(x.vecs)+x.dim]
		if x.useHalf {
			x.half = slices.Grow(x.half, x.hdim)[:len(x.half)+x.hdim]
		}
		x.links0 = slices.Grow(x.links0, x.m0+1)[:len(x.links0)+x.m0+1]
	}
	x.levels[slot] = uint8(level)
	x.state[slot] = live
	if level > 0 {
		x.upper[slot] = make([]uint32, level*(x.m+1))
	} else {
		x.upper[slot] = nil
	}
	return slot
}

// selectNeighbours applies the heuristic of the paper's Algorithm 4 to
// cands (sorted closest first by distance to the base node): a candidate is
// kept only if it is closer to the base than to every candidate already
// kept, up to m of them. The result aliases s.sel.
func (x *Index) selectNeighbours(s *scratch, cands []item, m int) []item {
	sel := s.sel[:0]
	if len(cands) <= m {
		sel = append(sel, cands...)
		s.sel = sel
		return sel
	}
	for _, c := range cands {
		if len(sel) >= m {
			break
		}
		cv := x.vec(c.s)
		ok := true
		for _, r := range sel {
			if x.dist(cv, r.s) < c.d {
				ok = false
				break
			}
		}
		if ok {
			sel = append(sel, c)
		}
	}
	s.sel = sel
	return sel
}

// linkBack adds newSlot (at distance d) to the layer-l list of slot. A full
// list is re-selected with the heuristic over its members plus the newcomer.
func (x *Index) linkBack(s *scratch, slot, newSlot uint32, d float32, l int) {
	ln := x.links(slot, l)
	n := int(ln[0])
	for _, nb := range ln[1 : 1+n] {
		if nb == newSlot {
			return
		}
	}
	if mx := x.maxLinks(l); n < mx {
		ln[1+n] = newSlot
		ln[0]++
		return
	}
	base := x.vec(slot)
	cands := s.sorted[:0]
	cands = append(cands, item{d, newSlot})
	for _, nb := range ln[1 : 1+n] {
		cands = append(cands, item{x.dist(base, nb), nb})
	}
	s.sorted = cands
	slices.SortFunc(cands, cmpItem)
	sel := x.selectNeighbours(s, cands, x.maxLinks(l))
	ln[0] = uint32(len(sel))
	for i, it := range sel {
		ln[1+i] = it.s
	}
}

func cmpItem(a, b item) int {
	switch {
	case a.d < b.d:
		return -1
	case a.d > b.d:
		return 1
	default:
		return int(a.s) - int(b.s)
	}
}
