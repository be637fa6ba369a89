// Package hnsw is an approximate nearest-neighbour index over float32
// vectors: a Hierarchical Navigable Small World graph (Malkov and Yashunin,
// "Efficient and robust approximate nearest neighbor search using
// Hierarchical Navigable Small World graphs", 2016/2018).
//
// Every vector is a node on layer 0; each node also appears on the layers
// above it up to a level drawn from an exponential distribution, so the upper
// layers are ever sparser "express lanes". A search walks greedily down the
// upper layers and then runs a best-first beam search of width ef on layer 0.
// Neighbours are chosen with the paper's heuristic (its Algorithm 4), which
// keeps a candidate only when it is closer to the base node than to every
// neighbour kept so far; that spreads the links over directions and is what
// makes clustered data searchable.
//
// Storage is contiguous: all vectors live in one []float32 and the layer-0
// adjacency lists in one []uint32 with a fixed stride, addressed by a dense
// internal slot number. Searches take a read lock and reuse pooled scratch
// (an epoch-stamped visited array and two binary heaps), so a search hop
// allocates nothing.
//
// A search is bound by memory latency, not arithmetic: nearly every
// neighbour scored is a cache miss. So under the cosine metric, on amd64
// with AVX2, FMA and F16C, the index also keeps each vector rounded to IEEE
// half precision (zero-padded to a multiple of 8 components), and the graph
// walk scores neighbours against those rows: 4 cache lines per neighbour
// instead of 7 for 100 dimensions. The rounding error of a distance is about
// 1e-4, far below the gaps the beam search acts on; the best results are
// then ranked again with the float32 vectors, so returned distances are
// exact and neighbour selection at insert time uses exact distances. The
// half rows are derived data: they are rebuilt on load, not persisted.
// Elsewhere (L2, or other CPUs) the walk reads the float32 vectors.
//
// Expanding a node first collects its unvisited neighbours and prefetches
// the rows they will be scored on, then computes the distances; at the end
// of a hop it prefetches the link list of the next node to expand (few
// scored neighbours are ever expanded, so their link lists are not
// prefetched). The distance kernels are Go assembly on amd64
// (distance_amd64.s, no cgo), unrolled Go elsewhere. Add does its expensive
// graph search under the read lock too and takes the write lock only to
// link the new node, so several writers and any number of readers proceed
// together.
//
// Delete tombstones a node at once: it is never returned again, but searches
// still pass through it so the graph stays connected. When tombstones make up
// a configurable share of the graph, the index repairs the neighbour lists
// that point at them (each affected list is rebuilt from its live neighbours
// and the deleted neighbours' live neighbours, with the same heuristic) and
// frees their slots for reuse.
//
// WriteTo and ReadFrom persist the index in a versioned little-endian format
// protected by CRC-32C checksums; a damaged or truncated file gives an error
// wrapping ErrCorrupt, never a panic.
package hnsw

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// Metric selects the distance between vectors.
type Metric uint8

const (
	// Cosine distance, 1 - cos(a, b), in [0, 2]. Vectors are normalised when
	// added, so the index computes it as one dot product.
	Cosine Metric = 1
	// L2 is the Euclidean distance.
	L2 Metric = 2
)

func (m Metric) String() string {
	switch m {
	case Cosine:
		return "cosine"
	case L2:
		return "l2"
	default:
		return fmt.Sprintf("metric(%d)", uint8(m))
	}
}

// Errors returned by the index. They are wrapped with detail; test them with
// errors.Is.
var (
	// ErrDimension means a vector's length differs from the index's.
	ErrDimension = errors.New("hnsw: vector dimension mismatch")
	// ErrInvalidVector means a vector holds NaN or infinity, or is zero
	// under the cosine metric.
	ErrInvalidVector = errors.New("hnsw: invalid vector")
	// ErrCorrupt means persisted index data failed a check.
	ErrCorrupt = errors.New("hnsw: corrupt index data")
	// ErrVersion means persisted index data has a format version this code
	// does not read.
	ErrVersion = errors.New("hnsw: unsupported index format version")
)

// Options configure an index. Zero fields take the defaults below.
type Options struct {
	// M is the number of neighbours a new node links to on each layer
	// (default 16). Layer 0 keeps up to 2*M links per node.
	M int
	// EfConstruction is the beam width used while inserting (default 200).
	EfConstruction int
	// EfSearch is the default beam width of Search (default 96); a search
	// always uses at least k.
	EfSearch int
	// Metric is Cosine (the default) or L2.
	Metric Metric
	// Seed seeds the level generator; equal seeds and equal single-threaded
	// insertion orders give identical graphs.
	Seed uint64
	// RepairRatio is the share of tombstoned nodes at which Delete repairs
	// the graph and frees their slots (default 0.1). Negative disables
	// automatic repair; call Repair explicitly then.
	RepairRatio float64
}

const (
	defaultM        = 16
	defaultEfC      = 200
	defaultEfSearch = 96
	defaultRepair   = 0.1
	maxLevelCap     = 31
	noNode          = math.MaxUint32
	minRepair       = 32 // tombstones below this never trigger an automatic repair
)

func (o Options) withDefaults() Options {
	if o.M <= 0 {
		o.M = defaultM
	}
	o.M = max(o.M, 2)
	if o.EfConstruction <= 0 {
		o.EfConstruction = defaultEfC
	}
	o.EfConstruction = max(o.EfConstruction, o.M)
	if o.EfSearch <= 0 {
		o.EfSearch = defaultEfSearch
	}
	if o.Metric == 0 {
		o.Metric = Cosine
	}
	if o.RepairRatio == 0 {
		o.RepairRatio = defaultRepair
	}
	return o
}

// Result is one neighbour found by Search.
type Result struct {
	ID       uint64
	Distance float32 // cosine distance or Euclidean distance
}

// slot states
const (
	live      uint8 = 0
	tombstone uint8 = 1 // deleted, still linked into the graph
	free      uint8 = 2 // unlinked, waiting for reuse
)

// Index is an HNSW graph. All methods are safe for concurrent use.
type Index struct {
	dim       int
	hdim      int  // dim rounded up to a multiple of 8: the padded length of half rows and queries
	useHalf   bool // keep half, and walk the graph over it
	metric    Metric
	m, m0     int // link capacity above layer 0 and on layer 0
	efC       int
	efSearch  atomic.Int64
	levelMult float64
	repair    float64

	rngMu sync.Mutex
	rng   *rand.Rand

	mu sync.RWMutex
	// Per slot:
	vecs   []float32 // dim floats per slot
	half   []uint16  // hdim binary16 values per slot (cosine with halfKernel only), else nil
	ids    []uint64
	levels []uint8
	state  []uint8
	links0 []uint32   // (m0+1) per slot: count, then neighbours
	upper  [][]uint32 // per slot with level > 0: (m+1) per layer 1..level
	// Graph-wide:
	byID       map[uint64]uint32
	freeSlots  []uint32
	entry      uint32 // noNode when the graph is empty
	maxLevel   int
	tombstones int
	generation uint64 // bumped whenever slots are freed

	pool sync.Pool // *scratch
}

// New returns an empty index for vectors of dim components.
func New(dim int, opts Options) *Index {
	if dim <= 0 {
		dim = 1
	}
	o := opts.withDefaults()
	x := &Index{
		dim:       dim,
		hdim:      (dim + 7) &^ 7,
		useHalf:   halfKernel && o.Metric == Cosine,
		metric:    o.Metric,
		m:         o.M,
		m0:        2 * o.M,
		efC:       o.EfConstruction,
		levelMult: 1 / math.Log(float64(o.M)),
		repair:    o.RepairRatio,
		rng:       rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15)),
		byID:      make(map[uint64]uint32),
		entry:     noNode,
	}
	x.efSearch.Store(int64(o.EfSearch))
	return x
}

// Dim returns the vector length the index accepts.
func (x *Index) Dim() int { return x.dim }

// Metric returns the distance the index uses.
func (x *Index) Metric() Metric { return x.metric }

// SetEfSearch changes the default beam width of Search.
func (x *Index) SetEfSearch(ef int) { x.efSearch.Store(int64(max(ef, 1))) }

// EfSearch returns the default beam width of Search.
func (x *Index) EfSearch() int { return int(x.efSearch.Load()) }

// Len returns the number of vectors that can be found (deleted ones excluded).
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

// Contains reports whether id is in the index.
func (x *Index) Contains(id uint64) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	_, ok := x.byID[id]
	return ok
}

// Vector returns a copy of the stored vector for id (normalised under the
// cosine metric).
func (x *Index) Vector(id uint64) ([]float32, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	s, ok := x.byID[id]
	if !ok {
		return nil, false
	}
	return append([]float32(nil), x.vec(s)...), true
}

// MemoryBytes estimates the heap the index holds: vectors, links, ids and
// the id map.
func (x *Index) MemoryBytes() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	b := int64(cap(x.vecs))*4 + int64(cap(x.half))*2 + int64(cap(x.links0))*4 + int64(cap(x.ids))*8 +
		int64(cap(x.levels)) + int64(cap(x.state)) + int64(cap(x.upper))*24 + int64(cap(x.freeSlots))*4
	for _, u := range x.upper {
		b += int64(cap(u)) * 4
	}
	// A Go map entry of uint64 -> uint32 costs about 16 bytes of slots plus
	// control bytes and load-factor slack.
	b += int64(len(x.byID)) * 24
	return b
}

func (x *Index) vec(s uint32) []float32 {
	o := int(s) * x.dim
	return x.vecs[o : o+x.dim : o+x.dim]
}

// halfRow returns the half-precision copy of slot s (hdim values, the tail
// zero). Only valid when x.half != nil.
func (x *Index) halfRow(s uint32) []uint16 {
	o := int(s) * x.hdim
	return x.half[o : o+x.hdim : o+x.hdim]
}

// setHalf stores the half-precision copy of v in slot s.
func (x *Index) setHalf(s uint32, v []float32) {
	h := x.halfRow(s)
	for i, f := range v {
		h[i] = floatToHalf(f)
	}
	clear(h[len(v):])
}

// buildHalf derives the half-precision rows from vecs, after a load.
func (x *Index) buildHalf() {
	if !x.useHalf {
		x.half = nil
		return
	}
	n := len(x.vecs) / x.dim
	x.half = make([]uint16, n*x.hdim)
	for s := range uint32(n) {
		x.setHalf(s, x.vec(s))
	}
}

// links returns the adjacency list of slot s on layer l: element 0 is the
// count and the rest is the capacity.
func (x *Index) links(s uint32, l int) []uint32 {
	if l == 0 {
		o := int(s) * (x.m0 + 1)
		return x.links0[o : o+x.m0+1 : o+x.m0+1]
	}
	o := (l - 1) * (x.m + 1)
	return x.upper[s][o : o+x.m+1 : o+x.m+1]
}

func (x *Index) maxLinks(l int) int {
	if l == 0 {
		return x.m0
	}
	return x.m
}

// dist returns the distance between a prepared query and slot s. For cosine
// it is 1 - dot; for L2 it is the squared distance (the square root is taken
// only for returned results).
func (x *Index) dist(q []float32, s uint32) float32 {
	if x.metric == L2 {
		return l2sq(q, x.vec(s))
	}
	return 1 - dot(q, x.vec(s))
}

// walkDist is the distance the graph walk uses: over the half-precision row
// when the index keeps one (q must then be a prepared query, zero-padded to
// hdim within its capacity), else dist. Its error is about 1e-4 on unit
// vectors; results are ranked again with dist before they are used.
func (x *Index) walkDist(q []float32, s uint32) float32 {
	if x.half != nil {
		return 1 - dotHalf(q[:x.hdim], x.halfRow(s))
	}
	return x.dist(q, s)
}

func (x *Index) randomLevel() int {
	x.rngMu.Lock()
	u := x.rng.Float64()
	x.rngMu.Unlock()
	l := int(-math.Log(1-u) * x.levelMult)
	return min(l, maxLevelCap)
}

// prepare checks v and returns a copy ready for distance computations
// (normalised under the cosine metric). The copy has dim elements and a
// capacity of at least hdim, with zeros past dim, as walkDist needs.
func (x *Index) prepare(v []float32, dst []float32) ([]float32, error) {
	if len(v) != x.dim {
		return nil, fmt.Errorf("%w: got %d, index has %d", ErrDimension, len(v), x.dim)
	}
	if !finite(v) {
		return nil, fmt.Errorf("%w: NaN or infinite component", ErrInvalidVector)
	}
	if cap(dst) < x.hdim {
		dst = make([]float32, x.hdim)
	}
	dst = dst[:x.hdim]
	copy(dst, v)
	clear(dst[x.dim:])
	dst = dst[:x.dim]
	if x.metric == Cosine && !normalize(dst) {
		return nil, fmt.Errorf("%w: zero vector has no cosine direction", ErrInvalidVector)
	}
	return dst, nil
}
