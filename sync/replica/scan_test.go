package replica

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// EachMessage sees exactly the messages the per-ticket reads see.
func TestEachMessageMatchesThreads(t *testing.T) {
	ctx := context.Background()
	r, err := OpenInMemory(Config{UserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w := &indexWorld{t: t, r: r, rnd: rand.New(rand.NewPCG(3, 9)), base: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	want := map[string]int{}
	for i := range 30 {
		tk := w.ticket(desk.NewID(w.base.Add(time.Duration(i) * time.Minute)))
		w.apply(&frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: tk}})
		for j := range i % 4 {
			m := &frontlinev1.Message{Id: desk.NewID(w.base.Add(time.Duration(j) * time.Second)), TicketId: tk.GetId(),
				Body: "hello", CreateTime: timestamppb.New(w.base)}
			w.apply(&frontlinev1.Change{Entity: &frontlinev1.Change_Message{Message: m}})
			want[tk.GetId()]++
		}
	}
	got := map[string]int{}
	if err := r.EachMessage(ctx, func(m *frontlinev1.Message) error { got[m.GetTicketId()]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages per ticket (-threads +scan):\n%s", diff)
	}
	for id, n := range want {
		th, err := r.Ticket(ctx, id)
		if err != nil || len(th.Messages) != n {
			t.Fatalf("thread %s: %d messages, err %v; want %d", id, len(th.Messages), err, n)
		}
	}
	stop := errors.New("stop")
	calls := 0
	if err := r.EachMessage(ctx, func(*frontlinev1.Message) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("stopping: err %v after %d calls; want stop after 1", err, calls)
	}
}
