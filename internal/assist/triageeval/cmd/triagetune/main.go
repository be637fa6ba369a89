// Command triagetune compares the triage classifier's settings on validation
// splits carved from Banking77's train.csv only (test.csv is never read):
//
//	go run ./internal/assist/triageeval/cmd/triagetune -mode full|shot|selftrain
//
// full holds out 20% of train.csv; shot trains on 10 per intent and scores
// the rest of train.csv; selftrain compares self-training settings (shots
// and an unlabelled pool from train.csv, scored on other train.csv rows).
// Run it from the module root.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
	"github.com/frontlinedesk/frontline/internal/assist/triageeval"
	"github.com/frontlinedesk/frontline/internal/search/encoder"
)

func main() {
	root, _ := os.Getwd()
	models := flag.String("models", filepath.Join(root, ".cache", "models"), "models directory")
	data := flag.String("data", filepath.Join(root, "..", "shared", "data"), "data directory")
	mode := flag.String("mode", "full", "full or shot")
	flag.Parse()
	ctx := context.Background()
	train, err := triageeval.ReadBanking77(filepath.Join(*data, "banking77", "train.csv"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enc, err := encoder.Load(filepath.Join(*models, triageeval.EmbeddingModel))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	texts := make([]string, len(train))
	for i, e := range train {
		texts[i] = e.Text
	}
	t0 := time.Now()
	emb, err := triageeval.NewCachedEmbedder(enc, filepath.Join(*models, triageeval.EmbeddingModel), filepath.Join(*models, "..", "triage-embeddings"), texts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("embedded in", time.Since(t0))
	run := func(name string, tr, va []classify.Example, opt classify.Options) {
		t := time.Now()
		c, err := triageeval.TrainBanking77(ctx, tr, opt)
		if err != nil {
			fmt.Println(name, err)
			return
		}
		a, err := triageeval.Accuracy(c, va)
		if err != nil {
			fmt.Println(name, err)
			return
		}
		fmt.Printf("%-40s %.4f  (%v)\n", name, a, time.Since(t).Round(time.Millisecond))
	}
	heads := []float64{-1, 0, 0.1, 0.25, 0.5}
	switch *mode {
	case "full":
		tr, va := triageeval.SplitFraction(train, 0.2, 5)
		run("lexical", tr, va, classify.Options{Seed: 1})
		for _, h := range heads {
			run(fmt.Sprintf("embeddings head=%g", h), tr, va, classify.Options{Seed: 1, Embedder: emb, Head: classify.HeadOptions{Weight: h}})
		}
	case "shot":
		for _, seed := range []uint64{101, 102} {
			tr, va := triageeval.SampleShots(train, 10, seed)
			lex := classify.LexicalOptions{Stems: true}
			run(fmt.Sprintf("lexical s=%d", seed), tr, va, classify.Options{Seed: 1, Lexical: lex})
			for _, h := range heads {
				run(fmt.Sprintf("embeddings head=%g s=%d", h, seed), tr, va, classify.Options{Seed: 1, Lexical: lex, Embedder: emb, Head: classify.HeadOptions{Weight: h}})
			}
		}
	case "selftrain":
		// Shots from train.csv, scored on 3000 held-out train rows; the
		// unlabelled pool is the rest of train.csv (labels dropped).
		for _, seed := range []uint64{101, 102} {
			shots, rest := triageeval.SampleShots(train, 10, seed)
			pool, va := triageeval.SplitFraction(rest, 3000/float64(len(rest)), seed)
			texts := make([]string, len(pool))
			for i, e := range pool {
				texts[i] = e.Text
			}
			copt := classify.Options{Seed: 1, Lexical: classify.LexicalOptions{Stems: true}, Embedder: emb}
			run(fmt.Sprintf("no self-training s=%d", seed), shots, va, copt)
			for _, st := range []triageeval.SelfTrainOptions{
				{Rounds: 1, PerLabel: 30}, {Rounds: 1, PerLabel: 60}, {Rounds: 1, PerLabel: 60, PinWeights: true},
				{Rounds: 2, PerLabel: 60, PinWeights: true}, {Rounds: 1, PerLabel: 100, PinWeights: true},
			} {
				t := time.Now()
				c, err := triageeval.SelfTrain(ctx, shots, texts, copt, st)
				if err != nil {
					fmt.Println(err)
					continue
				}
				a, err := triageeval.Accuracy(c, va)
				if err != nil {
					fmt.Println(err)
					continue
				}
				fmt.Printf("%-40s %.4f  (%v)\n", fmt.Sprintf("selftrain r=%d n=%d pin=%v s=%d", st.Rounds, st.PerLabel, st.PinWeights, seed), a, time.Since(t).Round(time.Millisecond))
			}
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown -mode", *mode)
		os.Exit(2)
	}
}
