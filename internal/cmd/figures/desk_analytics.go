package main

import (
	"context"

	"github.com/frontlinedesk/frontline/internal/analytics"
	"github.com/frontlinedesk/frontline/internal/figures"
)

// benchDeskAnalytics times the desk's 90-day analytics dashboard over
// 100,000 tickets and about 1,000,000 messages (internal/analytics).
func benchDeskAnalytics(ctx context.Context, _ env) ([]figures.Figure, error) {
	return analytics.Bench(ctx)
}
