package badgerstore_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestStore_AttachmentRoundTrip(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ten := storetest.CreateTenant(t, s, "Attach")
	ctx := t.Context()
	now := time.Now()
	tk := &frontlinev1.Ticket{Id: desk.NewID(now), Subject: "s", Status: frontlinev1.TicketStatus_TICKET_STATUS_NEW, CreateTime: timestamppb.New(now), UpdateTime: timestamppb.New(now)}
	if _, err := s.CreateTicket(ctx, ten.Company.GetId(), tk, nil); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1, 256 << 10, 256<<10 + 1, 5 << 20} {
		data := bytes.Repeat([]byte{byte(size)}, size)
		a := &frontlinev1.Attachment{Id: desk.NewID(now), Filename: "f", ContentType: "image/png"}
		if err := s.PutAttachment(ctx, ten.Company.GetId(), tk.GetId(), a, data); err != nil {
			t.Fatalf("PutAttachment(%d bytes): %v", size, err)
		}
		meta, got, err := s.Attachment(ctx, ten.Company.GetId(), tk.GetId(), a.GetId())
		if err != nil {
			t.Fatalf("Attachment(%d bytes): %v", size, err)
		}
		if meta.GetSize() != int64(size) || !bytes.Equal(got, data) {
			t.Errorf("read back %d bytes (meta %d); want %d", len(got), meta.GetSize(), size)
		}
		if err := s.DeleteAttachment(ctx, ten.Company.GetId(), tk.GetId(), a.GetId()); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Attachment(ctx, ten.Company.GetId(), tk.GetId(), a.GetId()); !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("after delete: %v; want ErrNotFound", err)
		}
	}
}

func TestStore_WidgetSettings(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ten := storetest.CreateTenant(t, s, "Settings")
	ctx := t.Context()
	if _, err := s.WidgetSettings(ctx, ten.Company.GetId()); !errors.Is(err, desk.ErrNotFound) {
		t.Fatalf("unset settings: %v; want ErrNotFound", err)
	}
	want := &frontlinev1.WidgetSettings{Greeting: "Hi", AllowedOrigins: []string{"https://a.example"}}
	if err := s.PutWidgetSettings(ctx, ten.Company.GetId(), want); err != nil {
		t.Fatal(err)
	}
	got, err := s.WidgetSettings(ctx, ten.Company.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("settings mismatch (-want +got):\n%s", diff)
	}
}

func TestStore_CloseSchedule(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := t.Context()
	base := time.Unix(1_800_000_000, 0)
	a, b, c := desk.NewID(base), desk.NewID(base), desk.NewID(base)
	ten := desk.NewID(base)
	for _, x := range []struct {
		id  string
		due time.Time
	}{{a, base.Add(3 * time.Minute)}, {b, base.Add(time.Minute)}, {c, base.Add(2 * time.Minute)}} {
		if err := s.ScheduleClose(ctx, ten, x.id, x.due); err != nil {
			t.Fatal(err)
		}
	}
	// Moving a's entry replaces it rather than adding one.
	if err := s.ScheduleClose(ctx, ten, a, base.Add(90*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.CancelClose(ctx, ten, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.DueCloses(ctx, base.Add(time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.CloseDue{{TenantID: ten, TicketID: b, Due: base.Add(time.Minute)}, {TenantID: ten, TicketID: a, Due: base.Add(90 * time.Second)}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DueCloses mismatch (-want +got):\n%s", diff)
	}
	if got, _ := s.DueCloses(ctx, base.Add(time.Minute), 10); len(got) != 1 {
		t.Errorf("DueCloses up to b's due = %v; want only b", got)
	}
	next, ok, err := s.NextClose(ctx)
	if err != nil || !ok || next.TicketID != b {
		t.Errorf("NextClose = %v, %v, %v; want b", next, ok, err)
	}
}
