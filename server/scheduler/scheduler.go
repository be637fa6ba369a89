// Package scheduler runs persisted, time-due jobs: the inactivity closes of
// widget conversations. Due times live in the store's due index, so a
// restart loses nothing: Run rescans the index when it starts and after
// every pass, and sleeps until the earliest due time (at most a poll
// interval, so entries written by another process are picked up too).
//
// The scheduler only decides when; what happens to a due entry is the
// caller's Func, which must remove or move the entry (closing the ticket,
// or rescheduling it when the customer wrote in the meantime).
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/frontlinedesk/frontline/server/store"
)

// Store is the part of the store the scheduler reads.
type Store interface {
	DueCloses(ctx context.Context, upTo time.Time, limit int) ([]store.CloseDue, error)
	NextClose(ctx context.Context) (store.CloseDue, bool, error)
}

// Func handles one due entry. It must remove or move the entry; an error
// leaves it for the next pass.
type Func func(ctx context.Context, d store.CloseDue) error

// batch is how many due entries one store read returns.
const batch = 100

// Scheduler runs Func for due entries. Create it with New.
type Scheduler struct {
	st   Store
	fn   Func
	now  func() time.Time
	log  *slog.Logger
	poll time.Duration
	wake chan struct{}
}

// Option configures a Scheduler.
type Option func(*Scheduler)

// WithClock replaces time.Now.
func WithClock(now func() time.Time) Option { return func(s *Scheduler) { s.now = now } }

// WithLogger sets the logger for failed jobs (default: discard).
func WithLogger(l *slog.Logger) Option { return func(s *Scheduler) { s.log = l } }

// WithPoll sets the longest sleep between passes (default 1 minute).
func WithPoll(d time.Duration) Option { return func(s *Scheduler) { s.poll = d } }

// New returns a scheduler over st that hands due entries to fn.
func New(st Store, fn Func, opts ...Option) *Scheduler {
	s := &Scheduler{
		st:   st,
		fn:   fn,
		now:  time.Now,
		log:  slog.New(slog.DiscardHandler),
		poll: time.Minute,
		wake: make(chan struct{}, 1),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Wake makes a running Run re-read the index now, e.g. after an entry was
// scheduled earlier than anything before. It never blocks.
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// RunOnce hands every entry due now to Func and returns how many it
// handled without error. Entries whose Func failed are left for later.
func (s *Scheduler) RunOnce(ctx context.Context) (int, error) {
	done := 0
	failed := make(map[store.CloseDue]bool)
	for {
		due, err := s.st.DueCloses(ctx, s.now(), batch+len(failed))
		if err != nil {
			return done, fmt.Errorf("scheduler: read due entries: %w", err)
		}
		progress := false
		for _, d := range due {
			if failed[d] {
				continue
			}
			if err := s.fn(ctx, d); err != nil {
				if ctx.Err() != nil {
					return done, ctx.Err()
				}
				s.log.Warn("scheduler: job failed; will retry", "tenant", d.TenantID, "ticket", d.TicketID, "err", err)
				failed[d] = true
				continue
			}
			done++
			progress = true
		}
		if !progress || len(due) < batch+len(failed) {
			return done, nil
		}
	}
}

// Run makes passes until ctx is done, sleeping until the next due entry,
// a Wake, or the poll interval. It returns nil when ctx is cancelled.
func (s *Scheduler) Run(ctx context.Context) error {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-s.wake:
		}
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduler: pass failed", "err", err)
		}
		wait := s.poll
		if next, ok, err := s.st.NextClose(ctx); err == nil && ok {
			d := next.Due.Sub(s.now())
			if d <= 0 {
				// Left over from a failed job: retry later, not in a spin.
				d = min(s.poll, 5*time.Second)
			}
			wait = min(wait, d)
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(wait)
	}
}
