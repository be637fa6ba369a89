// Command ticketbench runs the ticket search benchmark of
// internal/search/ticketbench and prints its figures:
//
//	go run ./internal/search/ticketbench/cmd/ticketbench [-scratch DIR] [-tickets N] [-messages N] [-nobleve] [-nofts5]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/internal/search/ticketbench"
)

func main() {
	scratch := flag.String("scratch", os.TempDir(), "directory for the on-disk indexes of bleve and FTS5")
	tickets := flag.Int("tickets", 100_000, "tickets in the replica")
	messages := flag.Int("messages", 1_000_000, "messages in the replica")
	reps := flag.Int("reps", 5, "timed passes over the query set")
	noBleve := flag.Bool("nobleve", false, "skip bleve")
	noFTS := flag.Bool("nofts5", false, "skip SQLite FTS5")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	figs, err := ticketbench.Run(ctx, *scratch, ticketbench.Config{
		Tickets: *tickets, Messages: *messages, Reps: *reps, SkipBleve: *noBleve, SkipFTS5: *noFTS, Log: os.Stderr,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ticketbench:", err)
		os.Exit(1)
	}
	var set figures.Set
	for _, f := range figs {
		set.Add(f)
	}
	if err := set.WriteTable(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ticketbench:", err)
		os.Exit(1)
	}
}
