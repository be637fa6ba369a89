package encoder

import (
	"context"
	"path/filepath"
	"testing"
)

func TestBenchSentencesAreFixed(t *testing.T) {
	a, b := BenchSentences(), BenchSentences()
	if len(a) != 500 {
		t.Fatalf("BenchSentences returned %d sentences, want 500", len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("sentence %d differs between calls: %q vs %q", i, a[i], b[i])
		}
	}
}

func BenchmarkEmbed(b *testing.B) {
	e := testEncoder(b)
	s := BenchSentences()[:benchBatch]
	b.ReportAllocs()
	startCPU := cpuTime()
	for b.Loop() {
		if _, err := e.Embed(s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(s))/(cpuTime()-startCPU).Seconds(), "sentences/cpu-s")
}

func TestBenchReferenceUnavailable(t *testing.T) {
	ctx := context.Background()
	for _, dir := range []string{"", t.TempDir()} {
		if _, err := benchReference(ctx, dir, []string{"hi"}); err == nil {
			t.Errorf("benchReference(%q) succeeded without a reference install", dir)
		}
	}
}

// modelDirParent is the models directory holding the model package.
func modelDirParent(t testing.TB) string {
	t.Helper()
	return filepath.Dir(modelDir(t))
}
