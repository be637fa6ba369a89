package main

import (
	"context"
	"path/filepath"

	"github.com/frontlinedesk/frontline/internal/assist/triageeval"
	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/internal/search/annbench"
	"github.com/frontlinedesk/frontline/internal/search/encoder"
	"github.com/frontlinedesk/frontline/internal/search/stackfaq"
	"github.com/frontlinedesk/frontline/internal/search/ticketbench"
	"github.com/frontlinedesk/frontline/sync/syncbench"
)

func evalTriage(ctx context.Context, e env) ([]figures.Figure, error) {
	return triageeval.Eval(ctx, e.models, e.data)
}

func evalStackFAQ(ctx context.Context, e env) ([]figures.Figure, error) {
	return stackfaq.Eval(ctx, e.data, e.models)
}

// benchEmbed compares the Go encoder with the JavaScript reference that
// build/fetch-models.sh bench installs into .cache/useref.
func benchEmbed(ctx context.Context, e env) ([]figures.Figure, error) {
	return encoder.Bench(ctx, e.models, filepath.Join(e.root, ".cache", "useref"))
}

// benchANN compares the project's HNSW with exact search and coder/hnsw on
// 100,000 GloVe vectors (build/fetch-models.sh all).
func benchANN(ctx context.Context, e env) ([]figures.Figure, error) {
	return annbench.Bench(ctx, e.models)
}

// benchTicketSearch measures ticket search on a 100,000-ticket, 1,000,000
// message replica beside bleve and SQLite FTS5 on the same data.
func benchTicketSearch(ctx context.Context, e env) ([]figures.Figure, error) {
	return ticketbench.Bench(ctx, filepath.Join(e.scratch, "ticketsearch"))
}

// benchSync measures initial sync, propagation and push throughput on a
// 100,000-ticket, 1,000,000-message tenant, with client memory measured in
// a separate process.
func benchSync(ctx context.Context, e env) ([]figures.Figure, error) {
	return syncbench.Bench(ctx, filepath.Join(e.scratch, "sync"))
}
