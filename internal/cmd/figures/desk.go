package main

import (
	"context"

	"github.com/frontlinedesk/frontline/app/deskbench"
	"github.com/frontlinedesk/frontline/internal/figures"
)

// benchDesk runs the desktop inbox benchmark (app/deskbench) on a replica of
// 100,000 tickets and 1,000,000 messages, cached under .cache/deskbench.
func benchDesk(ctx context.Context, e env) ([]figures.Figure, error) {
	return deskbench.Bench(ctx, e.root)
}
