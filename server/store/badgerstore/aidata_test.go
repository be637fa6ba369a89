package badgerstore_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/frontlinedesk/frontline/internal/desk"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

func TestStore_AISettings_roundTripAndNeverLogged(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ten := storetest.CreateTenant(t, s, "AI")
	other := storetest.CreateTenant(t, s, "Other AI")
	ctx := t.Context()
	tenant := ten.Company.GetId()
	if _, err := s.AISettings(ctx, tenant); !errors.Is(err, desk.ErrNotFound) {
		t.Fatalf("unset settings: %v; want ErrNotFound", err)
	}
	before, err := s.LogState(ctx, tenant, "")
	if err != nil {
		t.Fatal(err)
	}
	want := store.AISettings{
		Provider: "openai", Model: "gpt-4o-mini", BaseURL: "http://127.0.0.1:1/v1",
		SealedKey: "v1.abcd.SEALED-SECRET-BYTES", KeyMask: "sk-…1234", TimeoutSeconds: 9,
		Prices:     []store.AIPrice{{Model: "gpt-4o-mini", PromptPerMillion: 0.15, CompletionPerMillion: 0.6}},
		UpdateTime: time.Unix(1700000000, 0).UTC(),
	}
	if err := s.PutAISettings(ctx, tenant, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.AISettings(ctx, tenant)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AISettings round trip (-want +got):\n%s", diff)
	}
	if _, err := s.AISettings(ctx, other.Company.GetId()); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("other tenant's settings: %v; want ErrNotFound", err)
	}
	after, err := s.LogState(ctx, tenant, "")
	if err != nil {
		t.Fatal(err)
	}
	if after.Head != before.Head {
		t.Errorf("change log head moved %d -> %d; AI settings must stay server-only", before.Head, after.Head)
	}
	// No snapshot row, even an admin's, carries the sealed key.
	pos := store.SnapshotPos{}
	for {
		rows, next, done, err := s.Snapshot(ctx, tenant, store.SnapshotScope{UserID: ten.Admin.GetId(), Admin: true}, pos, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if b, _ := protojson.Marshal(r); strings.Contains(string(b), "SEALED-SECRET") {
				t.Fatalf("snapshot row carries the sealed key: %s", b)
			}
		}
		if done {
			break
		}
		pos = next
	}
	if err := s.PutAISettings(ctx, desk.NewID(time.Now()), want); err == nil {
		t.Errorf("PutAISettings for a missing tenant succeeded")
	}
}
