package replica

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/dgraph-io/badger/v4"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// maxPushBatch is the most mutations sent in one Push.
const maxPushBatch = 200

// PushOnce sends pending mutations the server has not reported seen, in id
// order; it returns whether anything was sent. The outbox entries stay
// until a pull shows their effect (see ApplyPage).
func (r *Replica) PushOnce(ctx context.Context, t Transport) (bool, error) {
	var (
		ms       []*frontlinev1.Mutation
		clientID string
	)
	err := r.db.View(func(txn *badger.Txn) error {
		all, err := readOutbox(txn)
		if err != nil {
			return err
		}
		b, err := getMeta(txn, metaClient)
		clientID = string(b)
		r.mu.Lock()
		for _, m := range all {
			if m.GetId() > r.pushedUpTo && len(ms) < maxPushBatch {
				ms = append(ms, m)
			}
		}
		r.mu.Unlock()
		return err
	})
	if err != nil || len(ms) == 0 {
		return false, err
	}
	res, err := t.Push(ctx, &frontlinev1.PushRequest{ClientId: clientID, Mutations: ms})
	if err != nil {
		return false, r.transportError(err)
	}
	r.mu.Lock()
	advanced := res.GetLastMutationId() > r.pushedUpTo
	r.pushedUpTo = max(r.pushedUpTo, res.GetLastMutationId())
	r.mu.Unlock()
	return advanced, nil
}

// SyncOnce pushes the outbox and pulls until caught up.
func (r *Replica) SyncOnce(ctx context.Context, t Transport) error {
	for {
		sent, err := r.PushOnce(ctx, t)
		if err != nil {
			return err
		}
		if !sent {
			break
		}
	}
	for {
		more, err := r.PullOnce(ctx, t)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}

// resetPushed forgets what the server reported seen (after a restart or a
// new client id), so the next push resends from the oldest pending entry;
// the server skips what it has already applied.
func (r *Replica) resetPushed() {
	r.mu.Lock()
	r.pushedUpTo = 0
	r.mu.Unlock()
}

// Run keeps the replica in sync until ctx ends: push, pull, then wait on a
// Subscribe poke, a local write or the heartbeat interval; failures retry
// with jittered exponential back-off and mark the replica offline. It
// returns ctx's error, or ErrSignedOut when the server refused the session.
func (r *Replica) Run(ctx context.Context, t Transport) error {
	pokes := make(chan int64, 1)
	subCtx, stopSub := context.WithCancel(ctx)
	defer stopSub()
	subDone := make(chan error, 1)
	go func() { subDone <- r.subscribe(subCtx, t, pokes) }()
	backoff := 100 * time.Millisecond
	for {
		err := r.SyncOnce(ctx, t)
		if errors.Is(err, ErrSignedOut) {
			r.setOnline(false, err)
			return err
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.setOnline(false, err)
			r.resetPushed()
			d := backoff/2 + rand.N(backoff/2+1)
			backoff = min(backoff*2, 30*time.Second)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
			case <-r.wake:
			}
			continue
		}
		backoff = 100 * time.Millisecond
		r.setOnline(true, nil)
		timer := time.NewTimer(r.cfg.Heartbeat)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case err := <-subDone:
			timer.Stop()
			if errors.Is(err, ErrSignedOut) {
				r.setOnline(false, err)
				return err
			}
			return ctx.Err()
		case <-pokes:
		case <-r.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// subscribe keeps a Subscribe stream open, forwarding pokes newer than the
// cursor, and reconnects with back-off.
func (r *Replica) subscribe(ctx context.Context, t Transport, pokes chan<- int64) error {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		st, err := r.state()
		if err != nil {
			return err
		}
		s, err := t.Subscribe(ctx, &frontlinev1.SubscribeRequest{Cursor: &frontlinev1.Cursor{Epoch: st.epoch, Seq: st.seq}})
		if err == nil {
			for s.Receive() {
				backoff = 100 * time.Millisecond
				m := s.Msg()
				if m.GetHeartbeat() {
					continue
				}
				if cur, _ := r.state(); m.GetLatestSeq() > cur.seq || cur.stage != nil {
					select {
					case pokes <- m.GetLatestSeq():
					default:
					}
				}
			}
			err = s.Err()
			_ = s.Close()
		}
		if err != nil {
			if terr := r.transportError(err); errors.Is(terr, ErrSignedOut) {
				return terr
			}
		}
		d := backoff/2 + rand.N(backoff/2+1)
		backoff = min(backoff*2, 30*time.Second)
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
	return ctx.Err()
}
