package main

import (
	"context"
	"path/filepath"

	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/server/widgetbench"
)

// benchWidget runs the widget load benchmark (server/widgetbench).
func benchWidget(ctx context.Context, e env) ([]figures.Figure, error) {
	return widgetbench.Bench(ctx, filepath.Join(e.scratch))
}
