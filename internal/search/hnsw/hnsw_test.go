package hnsw

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// dataset is a synthetic clustered collection: points scattered around
// random centres, which is harder for HNSW than isotropic noise because the
// graph must keep links between clusters.
type dataset struct {
	dim     int
	vecs    [][]float32 // indexed; id = position
	queries [][]float32 // not indexed
}

// spread is the noise around each centre relative to the spread of the
// centres: large enough that clusters touch, so the search must get the
// order inside a crowded neighbourhood right.
var spread float32 = 1.0

func clustered(seed uint64, n, nq, dim, clusters int) dataset {
	r := rand.New(rand.NewPCG(seed, 1))
	centres := make([][]float32, clusters)
	for i := range centres {
		centres[i] = make([]float32, dim)
		for j := range centres[i] {
			centres[i][j] = float32(r.NormFloat64())
		}
	}
	point := func() []float32 {
		c := centres[r.IntN(clusters)]
		v := make([]float32, dim)
		for j := range v {
			v[j] = c[j] + spread*float32(r.NormFloat64())
		}
		return v
	}
	d := dataset{dim: dim}
	for range n {
		d.vecs = append(d.vecs, point())
	}
	for range nq {
		d.queries = append(d.queries, point())
	}
	return d
}

// exact returns the ids of the k nearest stored vectors by brute force,
// skipping ids for which skip reports true. It is exempt from race
// instrumentation (it only reads test data) to keep -race runs fast.
//
//go:norace
func exact(metric Metric, vecs [][]float32, q []float32, k int, skip func(uint64) bool) []uint64 {
	type cand struct {
		d  float32
		id uint64
	}
	qn := slices.Clone(q)
	if metric == Cosine {
		normalize(qn)
	}
	cs := make([]cand, 0, len(vecs))
	for i, v := range vecs {
		if skip != nil && skip(uint64(i)) {
			continue
		}
		var d float32
		if metric == Cosine {
			d = 1 - dot(qn, v)/float32(math.Sqrt(float64(dot(v, v))))
		} else {
			d = l2sq(qn, v)
		}
		cs = append(cs, cand{d, uint64(i)})
	}
	slices.SortFunc(cs, func(a, b cand) int { return cmp.Compare(a.d, b.d) })
	ids := make([]uint64, 0, k)
	for _, c := range cs[:min(k, len(cs))] {
		ids = append(ids, c.id)
	}
	return ids
}

func recall(tb testing.TB, x *Index, metric Metric, vecs [][]float32, queries [][]float32, k int, skip func(uint64) bool) float64 {
	tb.Helper()
	hit, total := 0, 0
	for _, q := range queries {
		got, err := x.Search(q, k)
		if err != nil {
			tb.Fatalf("Search: %v", err)
		}
		want := exact(metric, vecs, q, k, skip)
		for _, r := range got {
			if slices.Contains(want, r.ID) {
				hit++
			}
		}
		total += len(want)
	}
	return float64(hit) / float64(total)
}

func buildIndex(tb testing.TB, d dataset, opts Options) *Index {
	tb.Helper()
	x := New(d.dim, opts)
	for i, v := range d.vecs {
		if err := x.Add(uint64(i), v); err != nil {
			tb.Fatalf("Add(%d): %v", i, err)
		}
	}
	return x
}

var testOpts = Options{M: 16, EfConstruction: 100, EfSearch: 64, Seed: 7}

func TestIndex_RecallAgainstExact(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		metric Metric
		n      int
		fp32   bool // walk the graph over float32 vectors even where the half kernel exists
	}{
		{"cosine_5000x64", Cosine, 5000, false},
		{"cosine_fp32_walk_2000x64", Cosine, 2000, true},
		{"l2_2000x64", L2, 2000, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := clustered(uint64(tt.n), tt.n, 200, 64, 40)
			opts := testOpts
			opts.Metric = tt.metric
			opts.EfSearch = 20 // narrow beam: the graph itself must be good
			x := New(d.dim, opts)
			if tt.fp32 {
				x.useHalf = false
			}
			if want := halfKernel && tt.metric == Cosine && !tt.fp32; x.useHalf != want {
				t.Fatalf("useHalf = %v; want %v", x.useHalf, want)
			}
			for i, v := range d.vecs {
				if err := x.Add(uint64(i), v); err != nil {
					t.Fatalf("Add(%d): %v", i, err)
				}
			}
			if (x.half != nil) != x.useHalf {
				t.Fatalf("half rows kept = %v; want %v", x.half != nil, x.useHalf)
			}
			if got := x.Len(); got != tt.n {
				t.Fatalf("Len() = %d; want %d", got, tt.n)
			}
			for _, q := range d.queries[:20] {
				got, err := x.SearchExact(q, 10)
				if err != nil {
					t.Fatal(err)
				}
				var ids []uint64
				for _, r := range got {
					ids = append(ids, r.ID)
				}
				if diff := gocmp.Diff(exact(tt.metric, d.vecs, q, 10, nil), ids); diff != "" {
					t.Fatalf("SearchExact mismatch (-want +got):\n%s", diff)
				}
			}
			if r := recall(t, x, tt.metric, d.vecs, d.queries, 10, nil); r < 0.95 {
				t.Errorf("recall@10 = %.3f; want >= 0.95", r)
			} else {
				t.Logf("recall@10 = %.3f", r)
			}
		})
	}
}

func TestIndex_SearchSortedWithDistances(t *testing.T) {
	t.Parallel()
	d := clustered(3, 500, 20, 16, 5)
	x := buildIndex(t, d, Options{Metric: L2, Seed: 1})
	for _, q := range d.queries {
		got, err := x.Search(q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 10 {
			t.Fatalf("len(Search) = %d; want 10", len(got))
		}
		for i, r := range got {
			want := math.Sqrt(float64(l2sq(q, d.vecs[r.ID])))
			if math.Abs(float64(r.Distance)-want) > 1e-3*max(1, want) {
				t.Errorf("result %d distance %v; want %v", i, r.Distance, want)
			}
			if i > 0 && got[i-1].Distance > r.Distance {
				t.Errorf("results not sorted at %d: %v > %v", i, got[i-1].Distance, r.Distance)
			}
		}
	}
	// A stored vector finds itself first.
	for i := range 50 {
		got, err := x.Search(d.vecs[i], 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != uint64(i) || got[0].Distance > 1e-3 {
			t.Errorf("Search(vec %d, 1) = %v; want itself at distance 0", i, got)
		}
	}
}

func TestIndex_DeleteThirtyPercent(t *testing.T) {
	t.Parallel()
	d := clustered(11, 3000, 200, 64, 30)
	x := buildIndex(t, d, testOpts)
	r := rand.New(rand.NewPCG(5, 5))
	deleted := map[uint64]bool{}
	for _, i := range r.Perm(len(d.vecs))[:len(d.vecs)*3/10] {
		if !x.Delete(uint64(i)) {
			t.Fatalf("Delete(%d) = false; want true", i)
		}
		deleted[uint64(i)] = true
		// Interleave searches with the deletes, across automatic repairs.
		if len(deleted)%97 == 0 {
			got, err := x.Search(d.queries[len(deleted)%len(d.queries)], 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, res := range got {
				if deleted[res.ID] {
					t.Fatalf("Search returned deleted id %d", res.ID)
				}
			}
		}
	}
	if got, want := x.Len(), len(d.vecs)-len(deleted); got != want {
		t.Fatalf("Len() = %d; want %d", got, want)
	}
	check := func(stage string) {
		t.Helper()
		for _, q := range d.queries {
			got, err := x.Search(q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 10 {
				t.Fatalf("%s: len(Search) = %d; want 10", stage, len(got))
			}
			for _, res := range got {
				if deleted[res.ID] {
					t.Fatalf("%s: Search returned deleted id %d", stage, res.ID)
				}
			}
		}
		rc := recall(t, x, Cosine, d.vecs, d.queries, 10, func(id uint64) bool { return deleted[id] })
		if rc < 0.95 {
			t.Errorf("%s: recall@10 after deletes = %.3f; want >= 0.95", stage, rc)
		}
		t.Logf("%s: recall@10 = %.3f, tombstones %d", stage, rc, x.Tombstones())
	}
	check("auto_repair")
	x.Repair()
	if x.Tombstones() != 0 {
		t.Errorf("Tombstones() after Repair = %d; want 0", x.Tombstones())
	}
	check("after_repair")

	// Freed slots are reused by new vectors, which are then found.
	for i := range 200 {
		id := uint64(100000 + i)
		if err := x.Add(id, d.queries[i]); err != nil {
			t.Fatal(err)
		}
		got, err := x.Search(d.queries[i], 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != id {
			t.Fatalf("Search(just added %d) = %v", id, got)
		}
	}
}

func TestIndex_DeleteWithoutRepairNeverReturnsDeleted(t *testing.T) {
	t.Parallel()
	d := clustered(12, 1500, 50, 32, 10)
	opts := testOpts
	opts.RepairRatio = -1
	x := buildIndex(t, d, opts)
	deleted := map[uint64]bool{}
	for i := 0; i < len(d.vecs); i += 2 {
		x.Delete(uint64(i))
		deleted[uint64(i)] = true
	}
	if x.Tombstones() != len(deleted) {
		t.Fatalf("Tombstones() = %d; want %d", x.Tombstones(), len(deleted))
	}
	for _, q := range append(d.queries, d.vecs[:50]...) {
		got, err := x.Search(q, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if deleted[r.ID] {
				t.Fatalf("Search returned deleted id %d", r.ID)
			}
		}
	}
	if rc := recall(t, x, Cosine, d.vecs, d.queries, 10, func(id uint64) bool { return deleted[id] }); rc < 0.9 {
		t.Errorf("recall@10 with 50%% tombstones = %.3f; want >= 0.9", rc)
	}
}

func TestIndex_DeleteEverythingThenReuse(t *testing.T) {
	t.Parallel()
	d := clustered(13, 300, 5, 8, 3)
	x := buildIndex(t, d, Options{Seed: 2})
	for i := range d.vecs {
		x.Delete(uint64(i))
	}
	x.Repair()
	if x.Len() != 0 {
		t.Fatalf("Len() = %d; want 0", x.Len())
	}
	got, err := x.Search(d.queries[0], 5)
	if err != nil || len(got) != 0 {
		t.Fatalf("Search on emptied index = %v, %v; want no results", got, err)
	}
	if x.Delete(1) {
		t.Error("Delete(1) on empty index = true")
	}
	if err := x.Add(42, d.vecs[0]); err != nil {
		t.Fatal(err)
	}
	got, err = x.Search(d.vecs[0], 5)
	if err != nil || len(got) != 1 || got[0].ID != 42 {
		t.Fatalf("Search after re-add = %v, %v; want [42]", got, err)
	}
}

func TestIndex_AddReplacesVector(t *testing.T) {
	t.Parallel()
	d := clustered(14, 400, 5, 16, 4)
	x := buildIndex(t, d, Options{Seed: 3})
	far := make([]float32, 16)
	for i := range far {
		far[i] = -d.vecs[7][i]
	}
	if err := x.Add(7, far); err != nil {
		t.Fatal(err)
	}
	if x.Len() != 400 {
		t.Fatalf("Len() = %d; want 400", x.Len())
	}
	got, err := x.Search(far, 1)
	if err != nil || len(got) != 1 || got[0].ID != 7 {
		t.Fatalf("Search(new vector) = %v, %v; want id 7", got, err)
	}
	res, err := x.Search(d.vecs[7], 400)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range res {
		if r.ID == 7 {
			seen++
		}
	}
	if seen > 1 {
		t.Errorf("id 7 returned %d times", seen)
	}
	v, ok := x.Vector(7)
	if !ok || dot(v, far)/float32(math.Sqrt(float64(dot(far, far)))) < 0.999 {
		t.Errorf("Vector(7) = %v, %v; want the replacement", v, ok)
	}
}

func TestIndex_InvalidInput(t *testing.T) {
	t.Parallel()
	x := New(4, Options{})
	if err := x.Add(1, []float32{1, 0, 0, 0}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		op   func() error
		want error
	}{
		{"add_short", func() error { return x.Add(2, []float32{1, 2, 3}) }, ErrDimension},
		{"add_long", func() error { return x.Add(2, []float32{1, 2, 3, 4, 5}) }, ErrDimension},
		{"add_nan", func() error { return x.Add(2, []float32{1, float32(math.NaN()), 0, 0}) }, ErrInvalidVector},
		{"add_inf", func() error { return x.Add(2, []float32{float32(math.Inf(1)), 0, 0, 0}) }, ErrInvalidVector},
		{"add_zero_cosine", func() error { return x.Add(2, []float32{0, 0, 0, 0}) }, ErrInvalidVector},
		{"search_short", func() error { _, err := x.Search([]float32{1}, 3); return err }, ErrDimension},
		{"search_nan", func() error { _, err := x.Search([]float32{float32(math.NaN()), 0, 0, 0}, 3); return err }, ErrInvalidVector},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.op(); !errors.Is(err, tt.want) {
				t.Errorf("error = %v; want %v", err, tt.want)
			}
		})
	}
	if x.Len() != 1 {
		t.Errorf("Len() after rejected adds = %d; want 1", x.Len())
	}
	if err := New(4, Options{Metric: L2}).Add(1, []float32{0, 0, 0, 0}); err != nil {
		t.Errorf("L2 Add(zero vector) = %v; want nil", err)
	}
	if got, err := New(4, Options{}).Search([]float32{1, 0, 0, 0}, 3); err != nil || len(got) != 0 {
		t.Errorf("Search(empty index) = %v, %v; want none", got, err)
	}
	if got, err := x.Search([]float32{1, 0, 0, 0}, 0); err != nil || len(got) != 0 {
		t.Errorf("Search(k=0) = %v, %v; want none", got, err)
	}
}

func TestIndex_ConcurrentAddSearchDelete(t *testing.T) {
	t.Parallel()
	d := clustered(21, 2000, 100, 32, 20)
	x := New(d.dim, testOpts)
	for i := range 500 {
		if err := x.Add(uint64(i), d.vecs[i]); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	deleted := map[uint64]bool{}
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for w := range 2 { // writers over disjoint ranges
		wg.Go(func() {
			for i := 500 + w; i < len(d.vecs); i += 2 {
				if err := x.Add(uint64(i), d.vecs[i]); err != nil {
					errc <- err
					return
				}
			}
		})
	}
	wg.Go(func() { // deleter: ids below 500 divisible by 3
		for i := 0; i < 500; i += 3 {
			mu.Lock()
			deleted[uint64(i)] = true // mark before: a search may see it gone from then on
			mu.Unlock()
			x.Delete(uint64(i))
		}
	})
	for range 3 { // readers
		wg.Go(func() {
			for j := range 300 {
				got, err := x.Search(d.queries[j%len(d.queries)], 10)
				if err != nil {
					errc <- err
					return
				}
				_ = got
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	if want := len(d.vecs) - len(deleted); x.Len() != want {
		t.Fatalf("Len() = %d; want %d", x.Len(), want)
	}
	skip := func(id uint64) bool { return deleted[id] }
	for _, q := range d.queries {
		got, _ := x.Search(q, 10)
		for _, r := range got {
			if deleted[r.ID] {
				t.Fatalf("Search returned deleted id %d", r.ID)
			}
		}
	}
	if rc := recall(t, x, Cosine, d.vecs, d.queries, 10, skip); rc < 0.95 {
		t.Errorf("recall@10 after concurrent build = %.3f; want >= 0.95", rc)
	}
}

func TestBuild_FromIterator(t *testing.T) {
	t.Parallel()
	d := clustered(31, 2000, 100, 32, 20)
	seq := func(yield func(uint64, []float32) bool) {
		buf := make([]float32, d.dim) // reused on purpose: Build must copy
		for i, v := range d.vecs {
			copy(buf, v)
			if !yield(uint64(i), buf) {
				return
			}
		}
	}
	x, err := Build(t.Context(), d.dim, testOpts, seq, 2)
	if err != nil {
		t.Fatal(err)
	}
	if x.Len() != len(d.vecs) {
		t.Fatalf("Len() = %d; want %d", x.Len(), len(d.vecs))
	}
	if rc := recall(t, x, Cosine, d.vecs, d.queries, 10, nil); rc < 0.95 {
		t.Errorf("recall@10 = %.3f; want >= 0.95", rc)
	}

	bad := func(yield func(uint64, []float32) bool) {
		for i := range 100 {
			v := []float32{1, 2}
			if i == 50 {
				v = []float32{1}
			}
			if !yield(uint64(i), v) {
				return
			}
		}
	}
	if _, err := Build(t.Context(), 2, Options{}, bad, 2); !errors.Is(err, ErrDimension) {
		t.Errorf("Build(bad vector) error = %v; want ErrDimension", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Build(ctx, d.dim, testOpts, seq, 2); !errors.Is(err, context.Canceled) {
		t.Errorf("Build(cancelled) error = %v; want context.Canceled", err)
	}
}

func TestIndex_SameSeedSameGraph(t *testing.T) {
	t.Parallel()
	d := clustered(41, 800, 1, 16, 8)
	var a, b bytes.Buffer
	if _, err := buildIndex(t, d, Options{Seed: 9}).WriteTo(&a); err != nil {
		t.Fatal(err)
	}
	if _, err := buildIndex(t, d, Options{Seed: 9}).WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two single-threaded builds with the same seed differ")
	}
}

func TestIndex_SaveLoadRoundTrip(t *testing.T) {
	t.Parallel()
	for _, metric := range []Metric{Cosine, L2} {
		t.Run(metric.String(), func(t *testing.T) {
			t.Parallel()
			d := clustered(51, 1500, 50, 24, 12)
			opts := testOpts
			opts.Metric = metric
			opts.RepairRatio = 0.2
			x := buildIndex(t, d, opts)
			for i := 0; i < 600; i += 3 { // some repaired, some still tombstones
				x.Delete(uint64(i))
			}
			if x.Tombstones() == 0 {
				t.Fatal("test wants tombstones in the saved file")
			}
			path := filepath.Join(t.TempDir(), "index.hnsw")
			if err := x.SaveFile(path); err != nil {
				t.Fatal(err)
			}
			y, err := LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if y.Len() != x.Len() || y.Dim() != x.Dim() || y.Metric() != metric || y.Tombstones() != x.Tombstones() {
				t.Fatalf("loaded Len/Dim/Metric/Tombstones = %d/%d/%v/%d; want %d/%d/%v/%d",
					y.Len(), y.Dim(), y.Metric(), y.Tombstones(), x.Len(), x.Dim(), metric, x.Tombstones())
			}
			for _, q := range append(d.queries, d.vecs[:20]...) {
				want, err1 := x.Search(q, 10)
				got, err2 := y.Search(q, 10)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if diff := gocmp.Diff(want, got); diff != "" {
					t.Fatalf("Search after load mismatch (-want +got):\n%s", diff)
				}
			}
			// The loaded index keeps working: adds, deletes and a re-save.
			if err := y.Add(999999, d.queries[0]); err != nil {
				t.Fatal(err)
			}
			if !y.Delete(999999) || !y.Delete(1) {
				t.Fatal("Delete on loaded index failed")
			}
			var buf bytes.Buffer
			if _, err := y.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			z := New(1, Options{})
			if _, err := z.ReadFrom(&buf); err != nil {
				t.Fatal(err)
			}
			if z.Len() != y.Len() || z.Dim() != d.dim {
				t.Errorf("ReadFrom: Len %d Dim %d; want %d %d", z.Len(), z.Dim(), y.Len(), d.dim)
			}
		})
	}
}

func TestLoad_CorruptData(t *testing.T) {
	t.Parallel()
	d := clustered(61, 300, 1, 8, 4)
	x := buildIndex(t, d, Options{Seed: 4, M: 4})
	for i := range 40 {
		x.Delete(uint64(i * 5))
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if _, err := Load(bytes.NewReader(good)); err != nil {
		t.Fatalf("Load(good) = %v", err)
	}

	// Every truncation, and a flipped bit at every byte offset of the
	// header plus a spread of offsets through the body, must fail cleanly.
	for n := 0; n < len(good); n += max(1, len(good)/211) {
		if _, err := Load(bytes.NewReader(good[:n])); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Load(truncated to %d of %d) error = %v; want ErrCorrupt", n, len(good), err)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		off := i
		if i >= headerSize {
			off = r.IntN(len(good))
		}
		bad := bytes.Clone(good)
		bad[off] ^= 1 << r.IntN(8)
		_, err := Load(bytes.NewReader(bad))
		if err == nil {
			t.Fatalf("Load(bit flipped at %d) succeeded; want an error", off)
		}
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrVersion) {
			t.Fatalf("Load(bit flipped at %d) error = %v; want ErrCorrupt", off, err)
		}
	}

	// A version this code does not know.
	bad := bytes.Clone(good)
	bad[8] = 99
	fixHeaderCRC(bad)
	if _, err := Load(bytes.NewReader(bad)); !errors.Is(err, ErrVersion) {
		t.Errorf("Load(version 99) error = %v; want ErrVersion", err)
	}
	// A checksum-valid header that lies about its sizes.
	bad = bytes.Clone(good)
	bad[8+4*7] = 0xff // slots
	bad[8+4*7+3] = 0x7f
	fixHeaderCRC(bad)
	if _, err := Load(bytes.NewReader(bad)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load(huge slot count) error = %v; want ErrCorrupt", err)
	}

	// ReadFrom leaves the index unchanged on error.
	before := x.Len()
	if _, err := x.ReadFrom(bytes.NewReader(good[:100])); !errors.Is(err, ErrCorrupt) {
		t.Errorf("ReadFrom(truncated) error = %v; want ErrCorrupt", err)
	}
	if x.Len() != before {
		t.Errorf("Len() after failed ReadFrom = %d; want %d", x.Len(), before)
	}
}

func fixHeaderCRC(b []byte) {
	sum := crc32.Checksum(b[:68], castagnoi)
	b[68], b[69], b[70], b[71] = byte(sum), byte(sum>>8), byte(sum>>16), byte(sum>>24)
}

func TestDistanceKernels(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{1, 7, 8, 9, 16, 63, 64, 100, 384} {
		a, b := make([]float32, n), make([]float32, n)
		var wd, wl float64
		for i := range a {
			a[i], b[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
			wd += float64(a[i]) * float64(b[i])
			wl += (float64(a[i]) - float64(b[i])) * (float64(a[i]) - float64(b[i]))
		}
		if got := float64(dot(a, b)); math.Abs(got-wd) > 1e-4*float64(n) {
			t.Errorf("dot(n=%d) = %v; want %v", n, got, wd)
		}
		if got := float64(l2sq(a, b)); math.Abs(got-wl) > 1e-4*float64(n) {
			t.Errorf("l2sq(n=%d) = %v; want %v", n, got, wl)
		}
	}
}

func TestDotHalf(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{8, 16, 24, 32, 40, 64, 104, 384} {
		q, v := make([]float32, n), make([]float32, n)
		h := make([]uint16, n)
		var want float64
		for i := range q {
			q[i], v[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
			h[i] = floatToHalf(v[i])
			want += float64(q[i]) * float64(halfToFloat(h[i]))
		}
		if got := float64(dotHalf(q, h)); math.Abs(got-want) > 1e-4*float64(n) {
			t.Errorf("dotHalf(n=%d) = %v; want %v", n, got, want)
		}
		if got := float64(dotHalfGeneric(q, h)); math.Abs(got-want) > 1e-4*float64(n) {
			t.Errorf("dotHalfGeneric(n=%d) = %v; want %v", n, got, want)
		}
		// Against the float32 vector the error is the rounding to half:
		// at most 2^-11 relative per component.
		var exactDot, bound float64
		for i := range q {
			exactDot += float64(q[i]) * float64(v[i])
			bound += math.Abs(float64(q[i]) * float64(v[i]))
		}
		if got := float64(dotHalf(q, h)); math.Abs(got-exactDot) > bound/2048+1e-4*float64(n) {
			t.Errorf("dotHalf(n=%d) = %v; float32 dot %v differs by more than half rounding", n, got, exactDot)
		}
	}
}

func TestHalfConversion(t *testing.T) {
	t.Parallel()
	// Every half value widens exactly and narrows back to itself.
	for h := range 1 << 16 {
		f := halfToFloat(uint16(h))
		if h&0x7c00 == 0x7c00 && h&0x3ff != 0 {
			if !math.IsNaN(float64(f)) || floatToHalf(f)&0x7c00 != 0x7c00 || floatToHalf(f)&0x3ff == 0 {
				t.Fatalf("NaN %#04x -> %v -> %#04x", h, f, floatToHalf(f))
			}
			continue
		}
		if back := floatToHalf(f); back != uint16(h) {
			t.Fatalf("half %#04x -> %v -> %#04x", h, f, back)
		}
	}
	for _, tt := range []struct {
		f    float32
		want uint16
	}{
		{0, 0},
		{float32(math.Copysign(0, -1)), 0x8000},
		{1, 0x3c00},
		{-2, 0xc000},
		{65504, 0x7bff},
		{65519, 0x7bff},   // below the midpoint to 65536
		{65520, 0x7c00},   // the midpoint rounds to even: infinity
		{1e9, 0x7c00},     // overflow
		{0x1p-14, 0x0400}, // smallest normal
		{0x1p-24, 0x0001}, // smallest subnormal
		{0x1p-25, 0x0000}, // halfway to the smallest subnormal: ties to even (zero)
		{0x1.8p-25, 0x0001},
		{0x1p-30, 0x0000},
		{1 + 0x1p-11, 0x3c00},           // tie between 1 and its successor: even
		{1 + 0x3p-11, 0x3c02},           // tie between 0x3c01 and 0x3c02: even
		{1 + 0x1p-11 + 0x1p-20, 0x3c01}, // just above the tie
		{float32(math.Inf(-1)), 0xfc00},
	} {
		if got := floatToHalf(tt.f); got != tt.want {
			t.Errorf("floatToHalf(%v) = %#04x; want %#04x", tt.f, got, tt.want)
		}
	}
	// Random values round to a nearest half.
	r := rand.New(rand.NewPCG(10, 10))
	for range 100000 {
		f := float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-28)))
		h := floatToHalf(f)
		got := math.Abs(float64(halfToFloat(h)) - float64(f))
		for _, nb := range []uint16{h - 1, h + 1} {
			if nb&0x7c00 == 0x7c00 || (nb^h)&0x8000 != 0 {
				continue
			}
			if alt := math.Abs(float64(halfToFloat(nb)) - float64(f)); alt < got {
				t.Fatalf("floatToHalf(%v) = %#04x (%v); %#04x (%v) is nearer", f, h, halfToFloat(h), nb, halfToFloat(nb))
			}
		}
	}
}

func BenchmarkIndex_Search(b *testing.B) {
	d := clustered(71, 20000, 500, 100, 100)
	x := buildIndex(b, d, Options{Seed: 1})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := x.Search(d.queries[i%len(d.queries)], 10); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDot100(b *testing.B) {
	x, y := make([]float32, 100), make([]float32, 100)
	for i := range x {
		x[i], y[i] = float32(i), float32(100-i)
	}
	var s float32
	for b.Loop() {
		s += dot(x, y)
	}
	_ = s
}

func BenchmarkDot100Generic(b *testing.B) {
	x, y := make([]float32, 100), make([]float32, 100)
	for i := range x {
		x[i], y[i] = float32(i), float32(100-i)
	}
	var s float32
	for b.Loop() {
		s += dotGeneric(x, y)
	}
	_ = s
}
