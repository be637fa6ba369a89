package scheduler_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/server/scheduler"
	"github.com/frontlinedesk/frontline/server/store"
)

// fakeStore is an in-memory due index.
type fakeStore struct {
	mu  sync.Mutex
	due []store.CloseDue
}

func (f *fakeStore) DueCloses(_ context.Context, upTo time.Time, limit int) ([]store.CloseDue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []store.CloseDue
	for _, d := range f.due {
		if !d.Due.After(upTo) && len(out) < limit {
			out = append(out, d)
		}
	}
	return out, nil
}

func (f *fakeStore) NextClose(context.Context) (store.CloseDue, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.due) == 0 {
		return store.CloseDue{}, false, nil
	}
	return f.due[0], true, nil
}

func (f *fakeStore) remove(ticket string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.due = slices.DeleteFunc(f.due, func(d store.CloseDue) bool { return d.TicketID == ticket })
}

func TestScheduler_RunOnce(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	st := &fakeStore{due: []store.CloseDue{
		{TenantID: "t", TicketID: "a", Due: now.Add(-time.Minute)},
		{TenantID: "t", TicketID: "bad", Due: now.Add(-time.Second)},
		{TenantID: "t", TicketID: "later", Due: now.Add(time.Hour)},
	}}
	var handled []string
	s := scheduler.New(st, func(_ context.Context, d store.CloseDue) error {
		handled = append(handled, d.TicketID)
		if d.TicketID == "bad" {
			return errors.New("transient")
		}
		st.remove(d.TicketID)
		return nil
	}, scheduler.WithClock(func() time.Time { return now }))
	n, err := s.RunOnce(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("RunOnce = %d, %v; want 1, nil", n, err)
	}
	// The failing job is tried once per pass, not in a loop; the later one waits.
	if want := []string{"a", "bad"}; !slices.Equal(handled, want) {
		t.Errorf("handled %q; want %q", handled, want)
	}
}

func TestScheduler_RunWakesForDueEntries(t *testing.T) {
	t.Parallel()
	st := &fakeStore{}
	done := make(chan string, 1)
	s := scheduler.New(st, func(_ context.Context, d store.CloseDue) error {
		st.remove(d.TicketID)
		done <- d.TicketID
		return nil
	}, scheduler.WithPoll(time.Hour))
	ctx, cancel := context.WithCancel(t.Context())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	st.mu.Lock()
	st.due = append(st.due, store.CloseDue{TenantID: "t", TicketID: "x", Due: time.Now()})
	st.mu.Unlock()
	s.Wake()
	select {
	case id := <-done:
		if id != "x" {
			t.Errorf("handled %q; want x", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wake did not trigger a pass")
	}
	cancel()
	if err := <-ran; err != nil {
		t.Errorf("Run = %v; want nil after cancel", err)
	}
}
