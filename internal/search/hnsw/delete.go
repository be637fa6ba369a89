package hnsw

import "slices"

// Delete removes id and reports whether it was present. The node becomes a
// tombstone at once: no search returns it afterwards. When tombstones reach
// the repair ratio, Delete also repairs the graph (see Repair).
func (x *Index) Delete(id uint64) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	slot, ok := x.byID[id]
	if !ok {
		return false
	}
	delete(x.byID, id)
	x.state[slot] = tombstone
	x.tombstones++
	x.maybeRepairLocked()
	return true
}

// Tombstones returns the number of deleted nodes still linked into the graph.
func (x *Index) Tombstones() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.tombstones
}

func (x *Index) maybeRepairLocked() {
	if x.repair < 0 || x.tombstones < minRepair {
		return
	}
	if float64(x.tombstones) >= x.repair*float64(len(x.ids)-len(x.freeSlots)) {
		x.repairLocked()
	}
}

// Repair unlinks every tombstoned node and frees its slot. Each live node
// that linked to a tombstone gets its list on that layer chosen again, with
// the neighbour heuristic, from its live neighbours and the live neighbours
// of its deleted ones, so paths that ran through deleted nodes survive.
func (x *Index) Repair() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.repairLocked()
}

func (x *Index) repairLocked() {
	if x.tombstones == 0 {
		return
	}
	s := x.getScratch()
	defer x.putScratch(s)
	n := len(x.ids)
	for slot := range uint32(n) {
		if x.state[slot] != live {
			continue
		}
		for l := 0; l <= int(x.levels[slot]); l++ {
			ln := x.links(slot, l)
			if !slices.ContainsFunc(ln[1:1+ln[0]], func(nb uint32) bool { return x.state[nb] != live }) {
				continue
			}
			x.relink(s, slot, l)
		}
	}
	for slot := range uint32(n) {
		if x.state[slot] != tombstone {
			continue
		}
		x.state[slot] = free
		x.ids[slot] = 0
		x.levels[slot] = 0
		x.upper[slot] = nil
		clear(x.links(slot, 0))
		clear(x.vec(slot))
		if x.half != nil {
			clear(x.halfRow(slot))
		}
		x.freeSlots = append(x.freeSlots, slot)
	}
	x.tombstones = 0
	x.generation++
	if x.entry != noNode && x.state[x.entry] != live {
		x.entry, x.maxLevel = noNode, 0
		for slot := range uint32(n) {
			if x.state[slot] == live && (x.entry == noNode || int(x.levels[slot]) > x.maxLevel) {
				x.entry, x.maxLevel = slot, int(x.levels[slot])
			}
		}
	}
	if x.entry == noNode { // nothing live: start over and give the memory back
		x.vecs, x.half, x.ids, x.levels, x.state, x.links0, x.upper, x.freeSlots = nil, nil, nil, nil, nil, nil, nil, nil
		x.maxLevel = 0
	}
}

// relink chooses the layer-l list of slot again, replacing its deleted
// neighbours by their live neighbours.
func (x *Index) relink(s *scratch, slot uint32, l int) {
	s.resetVisited(len(x.ids))
	vis, epoch := s.visited, s.epoch
	vis[slot] = epoch
	base := x.vec(slot)
	cands := s.sorted[:0]
	add := func(nb uint32) {
		if vis[nb] == epoch || x.state[nb] != live {
			return
		}
		vis[nb] = epoch
		cands = append(cands, item{x.dist(base, nb), nb})
	}
	ln := x.links(slot, l)
	for _, nb := range ln[1 : 1+ln[0]] {
		if x.state[nb] == live {
			add(nb)
			continue
		}
		dl := x.links(nb, l)
		for _, nb2 := range dl[1 : 1+dl[0]] {
			add(nb2)
		}
	}
	s.sorted = cands
	slices.SortFunc(cands, cmpItem)
	sel := x.selectNeighbours(s, cands, x.maxLinks(l))
	ln[0] = uint32(len(sel))
	for i, it := range sel {
		ln[1+i] = it.s
	}
}
