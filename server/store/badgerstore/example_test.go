package badgerstore_test

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/server/store/badgerstore"
)

func Example() {
	ctx := context.Background()
	s, err := badgerstore.OpenInMemory() // badgerstore.Open(dir, badgerstore.WithLogger(log)) on disk
	if err != nil {
		panic(err)
	}
	defer s.Close()

	now := time.Now()
	company := &frontlinev1.Company{Id: desk.NewID(now), Name: "Northwind Bikes", WidgetKey: "flw_demo_northwind_bikes"}
	admin := &frontlinev1.User{Id: desk.NewID(now), Email: "ada@northwind.test", Name: "Ada Park", Role: frontlinev1.Role_ROLE_ADMIN, Active: true}
	if err := s.CreateCompany(ctx, company, admin, store.Credential{PasswordHash: "$argon2id$..."}); err != nil {
		panic(err)
	}
	for _, subject := range []string{"Flat tyre", "Bell is too quiet"} {
		t := &frontlinev1.Ticket{Id: desk.NewID(now), Subject: subject, UpdateTime: timestamppb.New(now)}
		if _, err := s.CreateTicket(ctx, company.Id, t, nil); err != nil {
			panic(err)
		}
		now = now.Add(time.Minute)
	}
	tickets, next, err := s.ListTickets(ctx, company.Id, store.TicketFilter{}, store.Page{Size: 10})
	if err != nil {
		panic(err)
	}
	for _, t := range tickets {
		fmt.Printf("#%d %s\n", t.Number, t.Subject)
	}
	fmt.Printf("next page: %q\n", next)
	// Output:
	// #2 Bell is too quiet
	// #1 Flat tyre
	// next page: ""
}
