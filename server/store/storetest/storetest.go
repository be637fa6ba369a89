// Package storetest gives tests a real badger store (in memory or in a
// directory) that is closed by tb.Cleanup, plus small fixtures for tenants.
package storetest

import (
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/badgerstore"
)

// New opens an in-memory store that is closed when the test ends.
func New(tb testing.TB, opts ...badgerstore.Option) *badgerstore.Store {
	tb.Helper()
	s, err := badgerstore.OpenInMemory(opts...)
	if err != nil {
		tb.Fatalf("storetest: open in memory: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("storetest: close: %v", err)
		}
	})
	return s
}

// OpenDir opens the on-disk store in dir (usually tb.TempDir()). The store is
// closed when the test ends unless the test closed it first, which it may do
// to reopen the same dir.
func OpenDir(tb testing.TB, dir string, opts ...badgerstore.Option) *badgerstore.Store {
	tb.Helper()
	s, err := badgerstore.Open(dir, opts...)
	if err != nil {
		tb.Fatalf("storetest: open %s: %v", dir, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("storetest: close: %v", err)
		}
	})
	return s
}

// Tenant is a company created by CreateTenant with its admin.
type Tenant struct {
	Company *frontlinev1.Company
	Admin   *frontlinev1.User
}

// CreateTenant registers a company called name with an admin whose email is
// admin@<id>.test and password hash "hash", and returns both.
func CreateTenant(tb testing.TB, s store.Store, name string) Tenant {
	tb.Helper()
	now := time.Now()
	c := &frontlinev1.Company{
		Id:         desk.NewID(now),
		Name:       name,
		WidgetKey:  desk.NewToken(desk.WidgetKeyPrefix),
		CreateTime: timestamppb.New(now),
	}
	admin := &frontlinev1.User{
		Id:         desk.NewID(now),
		Email:      "admin@" + c.Id + ".test",
		Name:       name + " Admin",
		Role:       frontlinev1.Role_ROLE_ADMIN,
		Active:     true,
		CreateTime: timestamppb.New(now),
	}
	if err := s.CreateCompany(tb.Context(), c, admin, store.Credential{PasswordHash: "hash"}); err != nil {
		tb.Fatalf("storetest: create company %q: %v", name, err)
	}
	return Tenant{Company: c, Admin: admin}
}
