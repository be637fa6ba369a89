package ratelimit

import (
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLimiter_Allow(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_000_000, 0)}
	l := New(Limit{Rate: 2, Burst: 3}, c.now)
	for i := range 3 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("Allow #%d in burst = false; want true", i)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("Allow after burst = %v, %v; want false, 500ms", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("other key shares the bucket")
	}
	c.t = c.t.Add(500 * time.Millisecond)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("Allow after refill = false; want true")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("Allow with half a token = true; want false")
	}
}

func TestLimiter_Disabled(t *testing.T) {
	t.Parallel()
	l := New(Limit{}, nil)
	for range 1000 {
		if ok, _ := l.Allow("x"); !ok {
			t.Fatal("disabled limiter refused")
		}
	}
	var nilL *Limiter
	if ok, _ := nilL.Allow("x"); !ok {
		t.Fatal("nil limiter refused")
	}
}

func TestLimiter_SweepForgetsIdleKeys(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_000_000, 0)}
	l := New(Limit{Rate: 10, Burst: 10}, c.now)
	for i := range 100 {
		l.Allow(string(rune('a' + i%26)))
	}
	c.t = c.t.Add(2 * time.Minute)
	l.Allow("new")
	if got := l.Len(); got != 1 {
		t.Fatalf("Len after idle sweep = %d; want 1", got)
	}
}
