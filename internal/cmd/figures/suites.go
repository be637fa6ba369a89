package main

import (
	"context"

	"github.com/frontlinedesk/frontline/internal/assist/triageeval"
	"github.com/frontlinedesk/frontline/internal/figures"
)

func evalTriage(ctx context.Context, e env) ([]figures.Figure, error) {
	return triageeval.Eval(ctx, e.models, e.data)
}
