package hnsw

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// File format, version 1, all integers little-endian:
//
//	header (72 bytes)
//	  magic      [8]byte  "FLHNSW\r\n"
//	  version    u32      1
//	  dim        u32
//	  metric     u32      1 cosine, 2 l2
//	  m, m0      u32, u32 link capacity above / on layer 0 (m0 = 2m)
//	  efC, efS   u32, u32
//	  slots      u32      number of node slots n
//	  live       u32      slots in state live
//	  tombstones u32
//	  freeCount  u32
//	  entry      u32      entry slot, 0xFFFFFFFF when empty
//	  maxLevel   u32
//	  repair     f64      repair ratio
//	  crc        u32      CRC-32C of the 68 bytes above
//	body
//	  ids        n × u64
//	  state      n × u8   0 live, 1 tombstone, 2 free
//	  levels     n × u8
//	  vectors    n × dim × f32 (normalised under cosine)
//	  links0     n × (m0+1) × u32   count, then neighbour slots
//	  upper      for each slot with level L > 0: L × (m+1) × u32
//	  free       freeCount × u32
//	  crc        u32      CRC-32C of the body bytes above
const (
	formatVersion = 1
	headerSize    = 72
	maxDim        = 1 << 16
	maxM          = 1 << 12
	maxSlots      = 1 << 31
)

var (
	magic     = [8]byte{'F', 'L', 'H', 'N', 'S', 'W', '\r', '\n'}
	castagnoi = crc32.MakeTable(crc32.Castagnoli)
)

// WriteTo writes the index to w in the versioned binary format. It holds the
// read lock while writing, so searches continue and writers wait.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<16)

	n := len(x.ids)
	var h [headerSize]byte
	copy(h[:8], magic[:])
	le := binary.LittleEndian
	entry := x.entry
	for i, v := range []uint32{formatVersion, uint32(x.dim), uint32(x.metric), uint32(x.m), uint32(x.m0),
		uint32(x.efC), uint32(x.EfSearch()), uint32(n), uint32(len(x.byID)), uint32(x.tombstones),
		uint32(len(x.freeSlots)), entry, uint32(x.maxLevel)} {
		le.PutUint32(h[8+4*i:], v)
	}
	le.PutUint64(h[60:], math.Float64bits(x.repair))
	le.PutUint32(h[68:], crc32.Checksum(h[:68], castagnoi))
	if _, err := bw.Write(h[:]); err != nil {
		return cw.n, fmt.Errorf("hnsw: write header: %w", err)
	}

	e := &encoder{w: bw, crc: crc32.New(castagnoi)}
	for _, id := range x.ids {
		e.u64(id)
	}
	e.bytes(x.state)
	e.bytes(x.levels)
	for _, f := range x.vecs {
		e.u32(math.Float32bits(f))
	}
	e.u32s(x.links0)
	for _, u := range x.upper {
		e.u32s(u)
	}
	e.u32s(x.freeSlots)
	e.flush()
	if e.err == nil {
		var t [4]byte
		le.PutUint32(t[:], e.crc.Sum32())
		_, e.err = bw.Write(t[:])
	}
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err != nil {
		return cw.n, fmt.Errorf("hnsw: write index: %w", e.err)
	}
	return cw.n, nil
}

// ReadFrom replaces the contents and settings of x with an index read from
// r. Damaged data gives an error wrapping ErrCorrupt (ErrVersion for an
// unknown format version) and leaves x unchanged.
func (x *Index) ReadFrom(r io.Reader) (int64, error) {
	cr := &countReader{r: r}
	y, err := decode(bufio.NewReaderSize(cr, 1<<16))
	if err != nil {
		return cr.n, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.dim, x.hdim, x.useHalf, x.metric, x.m, x.m0, x.efC = y.dim, y.hdim, y.useHalf, y.metric, y.m, y.m0, y.efC
	x.efSearch.Store(y.efSearch.Load())
	x.levelMult, x.repair = y.levelMult, y.repair
	x.vecs, x.half, x.ids, x.levels, x.state, x.links0, x.upper = y.vecs, y.half, y.ids, y.levels, y.state, y.links0, y.upper
	x.byID, x.freeSlots, x.entry, x.maxLevel, x.tombstones = y.byID, y.freeSlots, y.entry, y.maxLevel, y.tombstones
	x.generation++
	return cr.n, nil
}

// Load reads an index written by WriteTo.
func Load(r io.Reader) (*Index, error) {
	return decode(bufio.NewReaderSize(r, 1<<16))
}

// SaveFile writes the index to path atomically (a temporary file in the same
// directory, synced, then renamed over path).
func (x *Index) SaveFile(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("hnsw: save: %w", err)
	}
	tmp := f.Name()
	_, err = x.WriteTo(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("hnsw: save %s: %w", path, err)
	}
	return nil
}

// LoadFile reads an index saved with SaveFile.
func LoadFile(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("hnsw: load: %w", err)
	}
	defer f.Close()
	x, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("hnsw: load %s: %w", path, err)
	}
	return x, nil
}

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

func decode(r io.Reader) (*Index, error) {
	var h [headerSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, corrupt("read header: %v", err)
	}
	if [8]byte(h[:8]) != magic {
		return nil, corrupt("not an hnsw index file")
	}
	le := binary.LittleEndian
	if got, want := le.Uint32(h[68:]), crc32.Checksum(h[:68], castagnoi); got != want {
		return nil, corrupt("header checksum %08x, want %08x", got, want)
	}
	u := func(i int) uint32 { return le.Uint32(h[8+4*i:]) }
	if v := u(0); v != formatVersion {
		return nil, fmt.Errorf("%w: %d", ErrVersion, v)
	}
	dim, metric, m, m0, efC, efS := u(1), Metric(u(2)), u(3), u(4), u(5), u(6)
	n, nLive, nTomb, nFree, entry, maxLevel := u(7), u(8), u(9), u(10), u(11), u(12)
	repair := math.Float64frombits(le.Uint64(h[60:]))
	switch {
	case dim == 0 || dim > maxDim:
		return nil, corrupt("dimension %d", dim)
	case metric != Cosine && metric != L2:
		return nil, corrupt("metric %d", metric)
	case m < 2 || m > maxM || m0 != 2*m:
		return nil, corrupt("link capacities %d/%d", m, m0)
	case efC == 0 || efS == 0 || efC > 1<<20 || efS > 1<<20:
		return nil, corrupt("beam widths %d/%d", efC, efS)
	case n > maxSlots || uint64(nLive)+uint64(nTomb)+uint64(nFree) != uint64(n):
		return nil, corrupt("slot counts %d = %d+%d+%d", n, nLive, nTomb, nFree)
	case maxLevel > maxLevelCap || (entry == noNode) != (nLive+nTomb == 0):
		return nil, corrupt("entry %d at level %d", entry, maxLevel)
	case entry != noNode && entry >= n:
		return nil, corrupt("entry %d of %d slots", entry, n)
	case math.IsNaN(repair) || math.IsInf(repair, 0):
		return nil, corrupt("repair ratio")
	}

	x := New(int(dim), Options{M: int(m), EfConstruction: int(efC), EfSearch: int(efS), Metric: metric, RepairRatio: repair})
	x.rng = rand.New(rand.NewPCG(uint64(n), 0x9e3779b97f4a7c15))
	d := &decoder{r: r, crc: crc32.New(castagnoi)}
	x.ids = readN(d, int(n), 8, binary.LittleEndian.Uint64)
	x.state = d.bytes(int(n))
	x.levels = d.bytes(int(n))
	x.vecs = readN(d, int(n)*int(dim), 4, func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) })
	x.links0 = readN(d, int(n)*(int(m0)+1), 4, binary.LittleEndian.Uint32)
	if d.err == nil {
		x.upper = make([][]uint32, n)
		for s, l := range x.levels {
			if l > maxLevelCap {
				return nil, corrupt("slot %d level %d", s, l)
			}
			if l > 0 && d.err == nil {
				x.upper[s] = readN(d, int(l)*(int(m)+1), 4, binary.LittleEndian.Uint32)
			}
		}
	}
	x.freeSlots = readN(d, int(nFree), 4, binary.LittleEndian.Uint32)
	if d.err != nil {
		return nil, corrupt("read body: %v", d.err)
	}
	sum := d.crc.Sum32()
	var t [4]byte
	if _, err := io.ReadFull(r, t[:]); err != nil {
		return nil, corrupt("read body checksum: %v", err)
	}
	if got := le.Uint32(t[:]); got != sum {
		return nil, corrupt("body checksum %08x, want %08x", got, sum)
	}
	if err := x.validate(int(nLive), int(nTomb), entry, int(maxLevel)); err != nil {
		return nil, err
	}
	x.entry, x.maxLevel, x.tombstones = entry, int(maxLevel), int(nTomb)
	x.buildHalf()
	if x.entry == noNode {
		x.maxLevel = 0
	}
	return x, nil
}

// validate checks that the decoded arrays form a well-formed graph, so a
// file that passes the checksums but was written by a buggy or hostile
// writer still cannot make a search index out of range. It fills byID.
func (x *Index) validate(nLive, nTomb int, entry uint32, maxLevel int) error {
	n := len(x.ids)
	var nl, nt int
	for s, st := range x.state {
		switch st {
		case live:
			nl++
			if _, dup := x.byID[x.ids[s]]; dup {
				return corrupt("id %d stored twice", x.ids[s])
			}
			x.byID[x.ids[s]] = uint32(s)
		case tombstone:
			nt++
		case free:
			if x.levels[s] != 0 {
				return corrupt("free slot %d has level %d", s, x.levels[s])
			}
		default:
			return corrupt("slot %d state %d", s, st)
		}
	}
	if nl != nLive || nt != nTomb {
		return corrupt("counted %d live, %d deleted; header says %d, %d", nl, nt, nLive, nTomb)
	}
	for _, f := range x.freeSlots {
		if int(f) >= n || x.state[f] != free {
			return corrupt("free list names slot %d", f)
		}
	}
	for s := range uint32(n) {
		for l := 0; l <= int(x.levels[s]); l++ {
			ln := x.links(s, l)
			if int(ln[0]) > x.maxLinks(l) {
				return corrupt("slot %d layer %d has %d links", s, l, ln[0])
			}
			if x.state[s] == free && ln[0] != 0 {
				return corrupt("free slot %d has links", s)
			}
			for _, nb := range ln[1 : 1+ln[0]] {
				if int(nb) >= n || x.state[nb] == free || int(x.levels[nb]) < l {
					return corrupt("slot %d layer %d links to %d", s, l, nb)
				}
			}
		}
	}
	if nl+nt > 0 {
		if entry == noNode || x.state[entry] == free || int(x.levels[entry]) != maxLevel {
			return corrupt("entry %d", entry)
		}
		for s := range x.levels {
			if int(x.levels[s]) > maxLevel {
				return corrupt("slot %d above the top layer", s)
			}
		}
	}
	for _, v := range x.vecs {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return corrupt("non-finite vector component")
		}
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// encoder writes little-endian values through a buffer into w and the
// running checksum; the first error sticks.
type encoder struct {
	w   io.Writer
	crc hash.Hash32
	buf [1 << 14]byte
	n   int
	err error
}

func (e *encoder) room(k int) []byte {
	if e.n+k > len(e.buf) {
		e.flush()
	}
	b := e.buf[e.n : e.n+k]
	e.n += k
	return b
}

func (e *encoder) flush() {
	if e.n == 0 || e.err != nil {
		e.n = 0
		return
	}
	e.crc.Write(e.buf[:e.n])
	_, e.err = e.w.Write(e.buf[:e.n])
	e.n = 0
}

func (e *encoder) u64(v uint64) { binary.LittleEndian.PutUint64(e.room(8), v) }
func (e *encoder) u32(v uint32) { binary.LittleEndian.PutUint32(e.room(4), v) }

func (e *encoder) u32s(vs []uint32) {
	for _, v := range vs {
		e.u32(v)
	}
}

func (e *encoder) bytes(b []byte) {
	for len(b) > 0 {
		k := min(len(b), len(e.buf)-e.n)
		if k == 0 {
			e.flush()
			continue
		}
		copy(e.room(k), b[:k])
		b = b[k:]
	}
}

// decoder reads little-endian values and feeds the checksum; the first
// error sticks and later reads return zeros.
type decoder struct {
	r   io.Reader
	crc hash.Hash32
	err error
}

func (d *decoder) read(p []byte) {
	if d.err != nil {
		clear(p)
		return
	}
	if _, err := io.ReadFull(d.r, p); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
		clear(p)
		return
	}
	d.crc.Write(p)
}

// bytes reads n bytes, growing the result as data arrives so that a bogus
// length in a damaged file cannot force a huge allocation up front.
func (d *decoder) bytes(n int) []byte {
	const chunk = 1 << 20
	out := make([]byte, 0, min(n, chunk))
	for len(out) < n && d.err == nil {
		k := min(n-len(out), chunk)
		start := len(out)
		out = append(out, make([]byte, k)...)
		d.read(out[start:])
	}
	return out
}

// readN reads n values of size bytes each, decoding them with conv, and
// grows the slice as data arrives.
func readN[T any](d *decoder, n, size int, conv func([]byte) T) []T {
	const chunk = 1 << 14
	out := make([]T, 0, min(n, chunk))
	buf := make([]byte, min(n, chunk)*size)
	for len(out) < n && d.err == nil {
		k := min(n-len(out), chunk)
		b := buf[:k*size]
		d.read(b)
		for i := 0; i < len(b); i += size {
			out = append(out, conv(b[i:i+size]))
		}
	}
	return out
}
