package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// snapshot serves changes as one initial sync page.
type snapshot struct{ changes []*frontlinev1.Change }

func (s snapshot) Pull(_ context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	if req.GetCursor() != nil {
		return &frontlinev1.PullResponse{Epoch: "e1", PrevSeq: 1, LastSeq: 1}, nil
	}
	return &frontlinev1.PullResponse{Epoch: "e1", Snapshot: true, Changes: s.changes, LastSeq: 1}, nil
}

func (snapshot) Push(context.Context, *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	return nil, errors.New("push is not served")
}

func (snapshot) Subscribe(context.Context, *frontlinev1.SubscribeRequest) (replica.Stream, error) {
	return nil, errors.New("subscribe is not served")
}

// TestAnalyticsWarmUp: a replica with more unread threads than one call
// reads makes the dashboard report progress while a background warm-up
// reads them, then the figures, the same as reading everything at once.
func TestAnalyticsWarmUp(t *testing.T) {
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var changes []*frontlinev1.Change
	const n = 1234
	for i := range n {
		id := fmt.Sprintf("%032x", i+1)
		created := base.Add(time.Duration(i) * time.Minute)
		changes = append(changes, &frontlinev1.Change{Entity: &frontlinev1.Change_Ticket{Ticket: &frontlinev1.Ticket{
			Id: id, Number: int64(i + 1), Status: frontlinev1.TicketStatus_TICKET_STATUS_OPEN, MessageCount: 2,
			CreateTime: timestamppb.New(created), UpdateTime: timestamppb.New(created.Add(time.Duration(i%7) * time.Minute)),
		}}})
		for k, kind := range []frontlinev1.AuthorKind{frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER, frontlinev1.AuthorKind_AUTHOR_KIND_AGENT} {
			changes = append(changes, &frontlinev1.Change{Entity: &frontlinev1.Change_Message{Message: &frontlinev1.Message{
				Id: fmt.Sprintf("%031x%d", i+1, k), TicketId: id, AuthorKind: kind, AuthorId: "u1", Body: "hi",
				CreateTime: timestamppb.New(created.Add(time.Duration(k*(i%7)) * time.Minute)),
			}}})
		}
	}
	rep, err := replica.OpenInMemory(replica.Config{UserID: "u1", UserName: "Maya", PageSize: 100000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rep.Close() })
	for {
		more, err := rep.PullOnce(t.Context(), snapshot{changes})
		if err != nil {
			t.Fatalf("PullOnce: %v", err)
		}
		if !more {
			break
		}
	}

	a := New(Config{Logger: slog.New(slog.DiscardHandler), Emitter: nopEmitter{}})
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	an := a.Analytics
	an.inline = 100
	l := &local{rep: rep}

	facts, prep, err := an.facts(t.Context(), l)
	if err != nil || facts != nil || prep == nil || prep.total != n {
		t.Fatalf("first facts = %d facts, progress %+v, %v; want progress over %d tickets", len(facts), prep, err, n)
	}
	deadline := time.Now().Add(20 * time.Second)
	for prep != nil {
		if time.Now().After(deadline) {
			t.Fatalf("warm-up still at %+v", prep)
		}
		time.Sleep(20 * time.Millisecond)
		if facts, prep, err = an.facts(t.Context(), l); err != nil {
			t.Fatal(err)
		}
	}
	views, err := rep.ListTickets(t.Context(), replica.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := readFacts(t.Context(), rep, views, make([]*cachedMessages, len(views)), map[string]cachedMessages{})
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != n {
		t.Fatalf("got %d facts; want %d", len(facts), n)
	}
	if diff := cmp.Diff(want, facts); diff != "" {
		t.Errorf("facts after the warm-up differ from a full read (-want +got):\n%s", diff)
	}
	// Ticket i was answered i%7 minutes after it was created.
	if f := facts[0]; f.FirstReply-f.Created != int64(60*(int(f.Created-base.Unix())/60%7)) {
		t.Errorf("first reply of %s after %d s; want %d min", f.ID, f.FirstReply-f.Created, int(f.Created-base.Unix())/60%7)
	}
}

type nopEmitter struct{}

func (nopEmitter) Emit(string, any) {}
