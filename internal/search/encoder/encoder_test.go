package encoder

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// modelPackage is the npm package whose unpacked copy the tests load.
const modelPackage = "@energetic-ai__model-embeddings-en"

// modelDir finds the unpacked model: $FRONTLINE_MODELS/<pkg>, else
// <module root>/.cache/models/<pkg>. A missing model fails the test.
func modelDir(t testing.TB) string {
	t.Helper()
	var dir string
	if env := os.Getenv("FRONTLINE_MODELS"); env != "" {
		dir = filepath.Join(env, modelPackage)
	} else {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, ".cache", "models", modelPackage)
				break
			}
			if filepath.Dir(d) == d {
				t.Fatalf("no go.mod above %s", wd)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "dist", "model.json")); err != nil {
		t.Fatalf("USE-lite model not found at %s (%v): run build/fetch-models.sh test", dir, err)
	}
	return dir
}

var (
	loadOnce sync.Once
	loaded   *Encoder
	loadErr  error
)

func testEncoder(t testing.TB) *Encoder {
	t.Helper()
	dir := modelDir(t)
	loadOnce.Do(func() { loaded, loadErr = Load(dir) })
	if loadErr != nil {
		t.Fatalf("Load: %v", loadErr)
	}
	return loaded
}

type golden struct {
	Sentence string    `json:"sentence"`
	IDs      []int     `json:"ids"`
	Vector   []float32 `json:"vector"`
}

func readGolden(t *testing.T) []golden {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g []golden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatalf("parse golden.json: %v", err)
	}
	if len(g) < 60 {
		t.Fatalf("golden.json has %d sentences, want at least 60", len(g))
	}
	return g
}

func TestTokenizerMatchesReference(t *testing.T) {
	e := testEncoder(t)
	for _, g := range readGolden(t) {
		got := e.Tokenizer().Encode(g.Sentence)
		if diff := cmp.Diff(g.IDs, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Encode(%q) ids differ from the reference (-want +got):\n%s", g.Sentence, diff)
		}
	}
}

func TestEmbedMatchesReference(t *testing.T) {
	e := testEncoder(t)
	gs := readGolden(t)
	texts := make([]string, len(gs))
	for i, g := range gs {
		texts[i] = g.Sentence
	}
	// One call for all texts (batched forward pass) and one call per text
	// must both match the reference.
	batched, err := e.Embed(texts)
	if err != nil {
		t.Fatal(err)
	}
	minCos, sum := 1.0, 0.0
	for i, g := range gs {
		one, err := e.EmbedOne(g.Sentence)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range [][]float32{batched[i], one} {
			if len(got) != Dim {
				t.Fatalf("embedding of %q has %d dimensions, want %d", g.Sentence, len(got), Dim)
			}
			c := Cosine(got, g.Vector)
			if c < 0.999 {
				t.Errorf("cosine(Go, reference) for %q = %.6f, want >= 0.999", g.Sentence, c)
			}
			minCos = math.Min(minCos, c)
		}
		sum += Cosine(one, g.Vector)
		if norm := math.Sqrt(Cosine(one, one) * dot(one, one)); math.Abs(norm-1) > 1e-4 {
			t.Errorf("embedding of %q has norm %.6f, want 1", g.Sentence, norm)
		}
	}
	t.Logf("cosine(Go, reference) over %d sentences: min %.7f, mean %.7f", len(gs), minCos, sum/float64(len(gs)))
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestEmbedIsIndependentOfBatch(t *testing.T) {
	e := testEncoder(t)
	texts := []string{"short", "a somewhat longer sentence about bike brakes", "", "refund please"}
	all, err := e.Embed(texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		one, err := e.EmbedOne(text)
		if err != nil {
			t.Fatal(err)
		}
		if c := Cosine(all[i], one); c < 0.99999 {
			t.Errorf("%q: batched vs single cosine %.7f", text, c)
		}
	}
}

func TestEmbedConcurrent(t *testing.T) {
	e := testEncoder(t)
	want, err := e.EmbedOne("my order is late")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			got, err := e.Embed([]string{"my order is late", "where is my parcel"})
			if err != nil {
				errs <- err.Error()
				return
			}
			if c := Cosine(got[0], want); c < 0.99999 {
				errs <- "concurrent embedding differs"
			}
		})
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}

func TestEmbedEmpty(t *testing.T) {
	e := testEncoder(t)
	got, err := e.Embed(nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("Embed(nil) = %d vectors, %v; want none", len(got), err)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of an empty directory succeeded")
	}
	// A model whose graph uses an op the forward pass does not implement.
	dir := t.TempDir()
	src := filepath.Join(modelDir(t), "dist")
	vocab, err := os.ReadFile(filepath.Join(src, "vocab.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vocab.json"), vocab, 0o644); err != nil {
		t.Fatal(err)
	}
	model := `{"modelTopology":{"node":[{"name":"x","op":"Erf"}]},"weightsManifest":[]}`
	if err := os.WriteFile(filepath.Join(dir, "model.json"), []byte(model), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("Load of a graph with an unknown op succeeded")
	}
}

// naiveGemm is the reference for gemm: C = [C +] A·W [+ bias] [max 0] over
// m rows, with W row-major k×n.
func naiveGemm(c []float32, ldc int, a []float32, lda, m int, w []float32, k, n int, ep epilogue) {
	for i := range m {
		for j := range n {
			var sum float32
			if ep.accumulate {
				sum = c[i*ldc+j]
			}
			if ep.bias != nil {
				sum += ep.bias[j]
			}
			for kk := range k {
				sum += a[i*lda+kk] * w[kk*n+j]
			}
			if ep.relu {
				sum = max(sum, 0)
			}
			c[i*ldc+j] = sum
		}
	}
}

func TestGemmMatchesNaive(t *testing.T) {
	// k above depthBlock exercises the split of the shared dimension, m above
	// rowBlock the row blocks; A and C are wider than the product (lda, ldc).
	const m, k, n, lda, ldc = rowBlock + gemmRows, depthBlock + 44, 3 * gemmCols, depthBlock + 50, 3*gemmCols + 5
	a := make([]float32, m*lda)
	w := make([]float32, k*n)
	bias := make([]float32, n)
	for i := range a {
		a[i] = float32(i%7) - 3
	}
	for i := range w {
		w[i] = float32(i%11)/5 - 1
	}
	for i := range bias {
		bias[i] = float32(i%5) - 2
	}
	pm := packMatrix(w, k, n)
	filled := func(rows int) []float32 {
		c := make([]float32, rows*ldc)
		for i := range c {
			c[i] = float32(i%3) - 0.5
		}
		return c
	}
	approx := cmpopts.EquateApprox(0, 1e-3)
	for _, ep := range []epilogue{{}, {accumulate: true}, {bias: bias}, {relu: true}, {accumulate: true, bias: bias, relu: true}} {
		want, got := filled(m), filled(m)
		naiveGemm(want, ldc, a, lda, m, w, k, n, ep)
		gemm(got, ldc, a, lda, m, pm, ep)
		if diff := cmp.Diff(want, got, approx); diff != "" {
			t.Errorf("gemm %+v (-want +got):\n%s", ep, diff)
		}

		// The portable kernel, which the assembly one replaces on amd64, on
		// the first tile (its first gemmCols columns of W are panel 0).
		flags := 0
		if ep.accumulate {
			flags |= kernelLoad
		}
		if ep.bias != nil {
			flags |= kernelBias
		}
		if ep.relu {
			flags |= kernelReLU
		}
		wantTile, gotTile := filled(gemmRows), filled(gemmRows)
		naiveGemm(wantTile, ldc, a, lda, gemmRows, w, k, n, ep)
		kernel6x16Generic(k, a, lda, pm.panels, gotTile, ldc, bias, flags)
		for i := range gemmRows {
			row := wantTile[i*ldc : i*ldc+gemmCols]
			if diff := cmp.Diff(row, gotTile[i*ldc:i*ldc+gemmCols], approx); diff != "" {
				t.Errorf("portable kernel, flags %03b, row %d (-want +got):\n%s", flags, i, diff)
			}
		}
	}
}

func TestExpNonPositive(t *testing.T) {
	for i := 0; i <= 100000; i++ {
		x := -float32(i) * 87 / 100000
		want := math.Exp(float64(x))
		if got := float64(expNonPositive(x)); math.Abs(got-want) > 1e-6*want {
			t.Fatalf("expNonPositive(%g) = %g, want %g", x, got, want)
		}
	}
	for _, x := range []float32{-88, -1000, float32(math.Inf(-1))} {
		if got := expNonPositive(x); got != 0 {
			t.Errorf("expNonPositive(%g) = %g, want 0", x, got)
		}
	}
}
