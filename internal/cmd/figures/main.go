// Command figures runs the project's benchmarks (`figures bench`) or quality
// evaluations (`figures eval`), prints a table and writes each figure as one
// JSON line to -out. The Makefile's bench and eval targets call it; figures
// are measurements, never pass/fail tests.
//
//	go run ./internal/cmd/figures bench [-out out/bench.jsonl] [-only api,ann]
//	go run ./internal/cmd/figures eval  [-out out/eval.jsonl]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/internal/figures"
)

// suite is one group of figures.
type suite struct {
	name string
	run  func(ctx context.Context, env env) ([]figures.Figure, error)
}

// env says where the inputs of suites are.
type env struct {
	root    string // module root
	models  string // unpacked npm model packages (build/fetch-models.sh)
	data    string // public evaluation sets (../shared/data)
	scratch string // a temporary directory, removed afterwards
}

var benchSuites = []suite{
	{"api", benchAPI},
	{"sync", benchSync},
	{"widget", benchWidget},
	{"embed", benchEmbed},
	{"ann", benchANN},
	{"ticketsearch", benchTicketSearch},
	{"desk", benchDesk},
	{"desk_analytics", benchDeskAnalytics},
}

var evalSuites = []suite{
	{"stackfaq", evalStackFAQ},
	{"triage", evalTriage},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "figures:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "bench" && args[0] != "eval") {
		return fmt.Errorf("usage: figures bench|eval [-out FILE] [-only a,b]")
	}
	kind := args[0]
	fs := flag.NewFlagSet(kind, flag.ContinueOnError)
	out := fs.String("out", filepath.Join("out", kind+".jsonl"), "JSON lines output file")
	only := fs.String("only", "", "comma-separated suite names to run (default all)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	suites := benchSuites
	if kind == "eval" {
		suites = evalSuites
	}
	if *only != "" {
		want := strings.Split(*only, ",")
		suites = slices.DeleteFunc(slices.Clone(suites), func(s suite) bool { return !slices.Contains(want, s.name) })
	}

	e, cleanup, err := newEnv()
	if err != nil {
		return err
	}
	defer cleanup()

	var set figures.Set
	var failed []string
	for _, s := range suites {
		start := time.Now()
		fmt.Fprintf(os.Stderr, "figures: %s %s ...\n", kind, s.name)
		figs, err := s.run(ctx, e)
		if err != nil {
			fmt.Fprintf(os.Stderr, "figures: %s %s failed: %v\n", kind, s.name, err)
			failed = append(failed, s.name)
			continue
		}
		for _, f := range figs {
			set.Add(f)
		}
		fmt.Fprintf(os.Stderr, "figures: %s %s done in %s\n", kind, s.name, time.Since(start).Round(time.Millisecond))
	}
	if len(suites) == 0 {
		fmt.Fprintf(stdout, "no %s suites yet\n", kind)
	}
	if err := set.WriteTable(stdout); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := set.WriteFile(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d figures to %s\n", len(set.Figures()), *out)
	if len(failed) > 0 {
		return fmt.Errorf("suites failed: %s", strings.Join(failed, ", "))
	}
	return nil
}

func newEnv() (env, func(), error) {
	root, err := moduleRoot()
	if err != nil {
		return env{}, nil, err
	}
	scratch, err := os.MkdirTemp("", "frontline-figures-")
	if err != nil {
		return env{}, nil, err
	}
	e := env{
		root:    root,
		models:  envOr("FRONTLINE_MODELS", filepath.Join(root, ".cache", "models")),
		data:    envOr("FRONTLINE_DATA", filepath.Join(root, "..", "shared", "data")),
		scratch: scratch,
	}
	return e, func() { os.RemoveAll(scratch) }, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
