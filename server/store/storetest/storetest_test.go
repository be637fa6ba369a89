package storetest_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/frontlinedesk/frontline/server/store/badgerstore"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

func TestCreateTenant(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *badgerstore.Store{
		"in_memory": func(tb testing.TB) *badgerstore.Store { return storetest.New(tb) },
		"on_disk":   func(tb testing.TB) *badgerstore.Store { return storetest.OpenDir(tb, tb.TempDir()) },
	} {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ten := storetest.CreateTenant(t, s, "Acme")
			got, err := s.CompanyByWidgetKey(t.Context(), ten.Company.WidgetKey)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ten.Company, got, protocmp.Transform()); diff != "" {
				t.Errorf("company (-want +got):\n%s", diff)
			}
			admin, err := s.User(t.Context(), ten.Company.Id, ten.Admin.Id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ten.Admin, admin, protocmp.Transform()); diff != "" {
				t.Errorf("admin (-want +got):\n%s", diff)
			}
		})
	}
}
