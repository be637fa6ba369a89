// Command triageeval prints the triage figures of `make eval`:
//
//	go run ./internal/assist/triageeval/cmd/triageeval [-models DIR] [-data DIR]
//
// By default the models are in <module root>/.cache/models (or
// $FRONTLINE_MODELS) and the data sets in <module root>/../shared/data (or
// $FRONTLINE_DATA).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/frontlinedesk/frontline/internal/assist/triageeval"
	"github.com/frontlinedesk/frontline/internal/figures"
)

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
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func main() {
	models := flag.String("models", os.Getenv("FRONTLINE_MODELS"), "models directory")
	data := flag.String("data", os.Getenv("FRONTLINE_DATA"), "evaluation data directory")
	flag.Parse()
	if *models == "" || *data == "" {
		root, err := moduleRoot()
		if err != nil {
			fmt.Fprintln(os.Stderr, "triageeval:", err)
			os.Exit(1)
		}
		if *models == "" {
			*models = filepath.Join(root, ".cache", "models")
		}
		if *data == "" {
			*data = filepath.Join(root, "..", "shared", "data")
		}
	}
	figs, err := triageeval.Eval(context.Background(), *models, *data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "triageeval:", err)
		os.Exit(1)
	}
	var set figures.Set
	for _, f := range figs {
		set.Add(f)
	}
	if err := set.WriteTable(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "triageeval:", err)
		os.Exit(1)
	}
}
