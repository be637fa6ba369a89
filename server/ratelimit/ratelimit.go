// Package ratelimit is a set of keyed token buckets: each key (an IP
// address, a tenant) gets its own bucket that holds up to Burst tokens and
// refills at Rate tokens per second. Idle buckets are forgotten, so memory
// stays bounded by the keys active within the idle window.
package ratelimit

import (
	"sync"
	"time"
)

// Limit is a bucket's shape. A zero Rate disables limiting.
type Limit struct {
	Rate  float64 // tokens per second
	Burst float64 // bucket size
}

// Limiter holds one token bucket per key. It is safe for concurrent use.
type Limiter struct {
	limit Limit
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New returns a limiter; now is its clock (time.Now when nil).
func New(l Limit, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{limit: l, now: now, buckets: make(map[string]*bucket)}
}

// Allow takes one token from key's bucket and reports whether there was one.
// When there was not, it also returns how long until the next token.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	if l == nil || l.limit.Rate <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.limit.Burst, last: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(l.limit.Burst, b.tokens+el*l.limit.Rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.limit.Rate * float64(time.Second))
	return false, wait
}

// sweep drops, at most once per idle window, the buckets that have been
// full long enough that forgetting them changes nothing.
func (l *Limiter) sweep(now time.Time) {
	full := time.Duration(l.limit.Burst / l.limit.Rate * float64(time.Second))
	idle := max(full, time.Minute)
	if now.Sub(l.swept) < idle {
		return
	}
	l.swept = now
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
}

// Len returns how many buckets are held (for tests and metrics).
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
