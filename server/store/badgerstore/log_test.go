package badgerstore_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/frontlinedesk/frontline/server/store/badgerstore"
)

// recorder is a slog.Handler that keeps every record.
type recorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recs = append(r.recs, rec)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func TestOpen_LogsThroughSlog(t *testing.T) {
	rec := &recorder{}
	s, err := badgerstore.Open(t.TempDir(), badgerstore.WithLogger(slog.New(rec)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.recs) == 0 {
		t.Fatal("badger logged nothing through the injected logger")
	}
	for _, r := range rec.recs {
		var component string
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "component" {
				component = a.Value.String()
			}
			return true
		})
		if component != "badger" {
			t.Errorf("record %q has component %q; want badger", r.Message, component)
		}
		if r.Level > slog.LevelDebug && r.Level < slog.LevelWarn {
			t.Errorf("record %q at %v; badger's info lines belong at debug", r.Message, r.Level)
		}
		if n := len(r.Message); n > 0 && r.Message[n-1] == '\n' {
			t.Errorf("record %q ends in a newline", r.Message)
		}
	}
}
