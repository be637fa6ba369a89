package triageeval

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// countingEmbedder embeds a text as (length, vowels, 1) and counts texts.
type countingEmbedder struct{ texts atomic.Int64 }

func (c *countingEmbedder) Embed(texts []string) ([][]float32, error) {
	c.texts.Add(int64(len(texts)))
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = []float32{float32(len(t)), float32(strings.Count(t, "a")), 1}
	}
	return out, nil
}

func TestEmbedCached(t *testing.T) {
	dir := t.TempDir()
	texts := make([]string, 600) // more than one chunk of work
	for i := range texts {
		texts[i] = strings.Repeat("a", i%7) + strings.Repeat("b", i)
	}
	e := &countingEmbedder{}
	first, err := EmbedCached(e, texts, "model-1", dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.texts.Load(); got != int64(len(texts)) {
		t.Fatalf("first call embedded %d texts; want %d", got, len(texts))
	}
	want, _ := (&countingEmbedder{}).Embed(texts)
	if diff := cmp.Diff(want, first); diff != "" {
		t.Fatalf("embeddings mismatch (-want +got):\n%s", diff)
	}
	second, err := EmbedCached(e, texts, "model-1", dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.texts.Load(); got != int64(len(texts)) {
		t.Errorf("second call embedded %d more texts; want the cache to answer", got-int64(len(texts)))
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("cached embeddings mismatch (-want +got):\n%s", diff)
	}
	// Another model is another cache entry.
	if _, err := EmbedCached(e, texts, "model-2", dir, 1); err != nil {
		t.Fatal(err)
	}
	if got := e.texts.Load(); got != 2*int64(len(texts)) {
		t.Errorf("a new model key embedded %d texts in all; want %d", got, 2*len(texts))
	}
	// A damaged file is rebuilt.
	files, err := filepath.Glob(filepath.Join(dir, "emb-*.bin"))
	if err != nil || len(files) != 2 {
		t.Fatalf("cache files = %v (%v); want 2", files, err)
	}
	for _, f := range files {
		if err := os.WriteFile(f, []byte("FLEMB001garbage"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	third, err := EmbedCached(e, texts, "model-1", dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, third); diff != "" {
		t.Errorf("rebuilt embeddings mismatch (-want +got):\n%s", diff)
	}
}

func TestCachedEmbedder(t *testing.T) {
	modelDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(modelDir, "weights"), []byte("w"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &countingEmbedder{}
	ce, err := NewCachedEmbedder(e, modelDir, t.TempDir(), []string{"alpha", "beta", "alpha"})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.texts.Load(); got != 2 {
		t.Fatalf("embedded %d texts; want the 2 distinct ones", got)
	}
	got, err := ce.Embed([]string{"beta", "gamma", "alpha"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float32{{4, 1, 1}, {5, 2, 1}, {5, 2, 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Embed mismatch (-want +got):\n%s", diff)
	}
	if n := e.texts.Load(); n != 3 {
		t.Errorf("embedder saw %d texts in all; want 3 (only gamma missed the cache)", n)
	}
	ce.SetBypass(true)
	if _, err := ce.Embed([]string{"alpha"}); err != nil {
		t.Fatal(err)
	}
	if n := e.texts.Load(); n != 4 {
		t.Errorf("with bypass the embedder saw %d texts in all; want 4", n)
	}
}
