package replica

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var (
	exTicket = mustRaw("0123456789abcdef0123456789abcdef")
	exOther  = mustRaw("fedcba9876543210fedcba9876543210")
)

func mustRaw(s string) []byte {
	b, ok := rawID(s)
	if !ok {
		panic(s)
	}
	return b
}

// TestKeys_Golden pins the byte layout: stored replicas must stay readable.
func TestKeys_Golden(t *testing.T) {
	keys := []struct {
		name string
		key  []byte
	}{
		{"meta_seq", metaKey(metaSeq)},
		{"ticket", rowKey(7, rowTicket, exTicket)},
		{"message", rowKey(7, rowMessage, exTicket, exOther)},
		{"article", rowKey(7, rowArticle, exOther)},
		{"user", rowKey(7, rowUser, exOther)},
		{"draft", rowKey(7, rowDraft, exTicket)},
		{"conflict", rowKey(7, rowConflict, exOther)},
		{"mark", rowKey(7, rowMark, exTicket)},
		{"rejection", rowKey(7, rowRejection, exOther, u64(42))},
		{"outbox", outboxKey(42)},
	}
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%-10s %s\n", k.name, hex.EncodeToString(k.key))
	}
	path := filepath.Join("testdata", "keys.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("key layout changed (-golden +got):\n%s", diff)
	}
}

func TestKeys_RoundTrip(t *testing.T) {
	gen, kind, rest, err := parseRowKey(rowKey(9, rowMessage, exTicket, exOther))
	if err != nil || gen != 9 || kind != rowMessage || !bytes.Equal(rest, append(bytes.Clone(exTicket), exOther...)) {
		t.Fatalf("parseRowKey = %d %d %x %v", gen, kind, rest, err)
	}
	for _, id := range []int64{0, 1, 1 << 40} {
		got, err := parseOutboxKey(outboxKey(id))
		if err != nil || got != id {
			t.Fatalf("parseOutboxKey(outboxKey(%d)) = %d, %v", id, got, err)
		}
	}
	if bytes.Compare(outboxKey(2), outboxKey(10)) >= 0 {
		t.Fatal("outbox keys do not sort numerically")
	}
}

func FuzzParseRowKey(f *testing.F) {
	f.Add(rowKey(1, rowTicket, exTicket))
	f.Add([]byte{kRow})
	f.Fuzz(func(t *testing.T, k []byte) {
		gen, kind, rest, err := parseRowKey(k)
		if err != nil {
			return
		}
		if !bytes.Equal(rowKey(gen, kind, rest), k) {
			t.Fatalf("round trip of %x changed it", k)
		}
	})
}
