// Command annbench runs the ANN benchmark of internal/search/annbench and
// prints its figures:
//
//	go run ./internal/search/annbench/cmd/annbench [-models DIR] [-m 20] [-efc 200] [-nocoder]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/internal/search/annbench"
)

func main() {
	models := flag.String("models", defaultModels(), "directory of unpacked npm model packages")
	m := flag.Int("m", 0, "HNSW M (0: the benchmark's default, 20)")
	efc := flag.Int("efc", 200, "HNSW efConstruction")
	workers := flag.Int("workers", 0, "build goroutines (0: all CPUs)")
	target := flag.Float64("target", 0.955, "recall@10 to reach on the tuning queries")
	noCoder := flag.Bool("nocoder", false, "skip github.com/coder/hnsw")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	figs, err := annbench.Run(ctx, *models, annbench.Config{
		M: *m, EfConstruction: *efc, BuildWorkers: *workers, TargetRecall: *target, SkipCoder: *noCoder, Log: os.Stderr,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "annbench:", err)
		os.Exit(1)
	}
	var set figures.Set
	for _, f := range figs {
		set.Add(f)
	}
	if err := set.WriteTable(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "annbench:", err)
		os.Exit(1)
	}
}

// defaultModels is $FRONTLINE_MODELS or .cache/models under the module root.
func defaultModels() string {
	if v := os.Getenv("FRONTLINE_MODELS"); v != "" {
		return v
	}
	dir, err := os.Getwd()
	if err != nil {
		return ".cache/models"
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, ".cache", "models")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ".cache/models"
		}
		dir = parent
	}
}
