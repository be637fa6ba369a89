// Package triageeval measures the offline triage models (classify,
// sentiment, language) for `make eval`: Banking77 intent accuracy with full
// data and 10 examples per intent, sentiment accuracy on the UCI labelled
// sentences (leave-one-domain-out), language accuracy on held-out sentences,
// and the latency and memory of triaging one ticket.
//
// Nothing is tuned on test.csv: the classifier's settings were chosen on
// validation splits carved from train.csv (80/20 for the full model; 10
// shots per intent drawn with seeds 101 and 102, other train.csv rows
// scored, for the few-shot model), see cmd/triagetune. The few-shot figure
// uses each intent's label in words as its category description, as an
// admin's category name would be. Self-training on unlabelled texts is a
// different setting from the published few-shot one and gets a figure of
// its own (triage.banking77_10shot_selftrain_accuracy), never the headline.
package triageeval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
	"github.com/frontlinedesk/frontline/internal/assist/language"
	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/internal/search/encoder"
)

// ShotSeeds are the seeds of the 10-shot samples; the reported figure is the
// mean over them.
var ShotSeeds = []uint64{1, 2, 3}

// Eval runs every measurement. modelsDir holds the unpacked npm models
// (.cache/models), dataDir the shared evaluation sets (../shared/data).
// When the USE-lite encoder is in modelsDir the headline Banking77 figures
// use sentence embeddings (cached under modelsDir/../triage-embeddings) and
// the lexical-only figures are reported beside them under *_lexical names.
func Eval(ctx context.Context, modelsDir, dataDir string) ([]figures.Figure, error) {
	var set figures.Set
	train, test, err := LoadBanking77(dataDir)
	if err != nil {
		return nil, err
	}
	emb, encBytes, err := loadEmbedder(modelsDir, train, test)
	if err != nil {
		return nil, err
	}

	type variant struct {
		suffix string
		emb    classify.Embedder
		what   string
	}
	variants := []variant{{suffix: "_lexical", what: "hashed TF-IDF word 1-2 + char 3-5-grams"}}
	if emb != nil {
		// The headline figures come first.
		variants = append([]variant{{emb: emb, what: "TF-IDF + USE-lite embeddings"}}, variants...)
	} else {
		variants[0].suffix = ""
	}
	var full *classify.Classifier
	for _, v := range variants {
		c, err := TrainBanking77(ctx, train, classify.Options{Seed: 1, Embedder: v.emb})
		if err != nil {
			return nil, err
		}
		acc, err := Accuracy(c, test)
		if err != nil {
			return nil, err
		}
		if full == nil {
			full = c
		}
		f := figures.Figure{Name: "triage.banking77_full_accuracy" + v.suffix, Value: acc, Unit: "fraction",
			Note: v.what + ", OvR linear SVM + centroids" + headNote(v.emb) + "; train.csv -> test.csv (TF-IDF SVM 0.8987, USE+ConveRT 0.9336)"}
		if v.suffix == "" {
			f.Goal = ">= 0.92"
		}
		set.Add(f)

		var shotSum float64
		var perSeed []float64
		for _, seed := range ShotSeeds {
			shots, _ := SampleShots(train, 10, seed)
			// Stemmed unigrams helped 10-shot on a validation split of train.csv
			// (+0.6 points) and not the full model, so only few-shot uses them.
			c, err := TrainBanking77(ctx, shots, classify.Options{Seed: 1, Embedder: v.emb, Lexical: classify.LexicalOptions{Stems: true}})
			if err != nil {
				return nil, err
			}
			a, err := Accuracy(c, test)
			if err != nil {
				return nil, err
			}
			shotSum += a
			perSeed = append(perSeed, a)
		}
		f = figures.Figure{Name: "triage.banking77_10shot_accuracy" + v.suffix, Value: shotSum / float64(len(ShotSeeds)), Unit: "fraction",
			Note: fmt.Sprintf("10 per intent from train.csv, mean of %d seeds (%s), %s; each intent's label in words (card_arrival -> \"card arrival\") is its description; "+
				"settings tuned on 10-shot samples of train.csv (seeds 101, 102) scored on other train.csv rows (TF-IDF 0.7566, USE+ConveRT 0.8519)", len(ShotSeeds), seedNote(perSeed), v.what+headNote(v.emb))}
		if v.suffix == "" {
			f.Goal = ">= 0.85"
		}
		set.Add(f)
		if v.suffix != "" {
			continue
		}
		stAcc, stSeeds, err := shotSelfTrain(ctx, train, test, v.emb)
		if err != nil {
			return nil, err
		}
		set.Add(figures.Figure{Name: "triage.banking77_10shot_selftrain_accuracy", Value: stAcc, Unit: "fraction",
			Note: fmt.Sprintf("NOT the published setting: the 10-shot model (mean of %d seeds) self-trained once on the rest of train.csv as UNLABELLED texts, "+
				"adding its %d most confident texts per predicted intent (%s); settings tuned on train.csv only (seeds 101, 102, other rows scored)",
				len(ShotSeeds), SelfTrainOptions{}.withDefaults().PerLabel, seedNote(stSeeds))})
	}

	sent, err := SentimentLODO(modelsDir)
	if err != nil {
		return nil, err
	}
	for _, r := range sent {
		set.Add(figures.Figure{Name: "sentiment." + r.Domain + "_accuracy", Value: r.Learned, Unit: "fraction", Goal: ">= 0.80",
			Note: fmt.Sprintf("learned layer trained on the other two domains; rules alone %.3f", r.Rules)})
	}

	det, err := language.New()
	if err != nil {
		return nil, err
	}
	held, err := language.HeldOut()
	if err != nil {
		return nil, err
	}
	set.Add(figures.Figure{Name: "language.accuracy", Value: det.Accuracy(held), Unit: "fraction",
		Note: fmt.Sprintf("%d held-out sentences, %d languages", len(held), len(det.Languages()))})

	sm, err := sentiment.LoadTrained(modelsDir)
	if err != nil {
		return nil, err
	}
	if emb != nil {
		// Time the encoder itself, not the cache of the evaluation texts.
		emb.SetBypass(true)
		defer emb.SetBypass(false)
	}
	lat := Latency(full, sm, det, test)
	latNote := "mean per ticket on one core (GOMAXPROCS=1): sentiment + language + classify (77 intents)"
	if emb != nil {
		latNote += ", including the USE-lite embedding"
	}
	set.Add(figures.Figure{Name: "triage.latency_ms", Value: lat, Unit: "ms", Note: latNote})
	mib := float64(full.Size()+sm.Size()+det.Size()+encBytes) / (1 << 20)
	mibNote := "full Banking77 classifier + sentiment lexicon and layer + language profiles"
	if emb != nil {
		mibNote += fmt.Sprintf(" + USE-lite weights (%.1f MiB)", float64(encBytes)/(1<<20))
	}
	set.Add(figures.Figure{Name: "triage.model_mib", Value: mib, Unit: "MiB", Note: mibNote})
	return set.Figures(), nil
}

// seedNote lists per-seed accuracies in the order of ShotSeeds.
func seedNote(accs []float64) string {
	parts := make([]string, len(accs))
	for i, a := range accs {
		parts[i] = fmt.Sprintf("seed %d: %.3f", ShotSeeds[i], a)
	}
	return strings.Join(parts, ", ")
}

// shotSelfTrain is the mean test accuracy over ShotSeeds of SelfTrain from
// 10 shots per intent with the rest of train (labels dropped) as the pool,
// and the accuracy of each seed.
func shotSelfTrain(ctx context.Context, train, test []classify.Example, emb classify.Embedder) (float64, []float64, error) {
	var sum float64
	var per []float64
	for _, seed := range ShotSeeds {
		shots, rest := SampleShots(train, 10, seed)
		pool := make([]string, len(rest))
		for i, e := range rest {
			pool[i] = e.Text
		}
		c, err := SelfTrain(ctx, shots, pool, classify.Options{Seed: 1, Embedder: emb, Lexical: classify.LexicalOptions{Stems: true}}, SelfTrainOptions{})
		if err != nil {
			return 0, nil, err
		}
		a, err := Accuracy(c, test)
		if err != nil {
			return 0, nil, err
		}
		sum += a
		per = append(per, a)
	}
	return sum / float64(len(ShotSeeds)), per, nil
}

func headNote(e classify.Embedder) string {
	if e == nil {
		return ""
	}
	return " + LDA head on the embeddings"
}

// loadEmbedder loads the USE-lite encoder from modelsDir and embeds the
// Banking77 texts (through the on-disk cache). It returns nil when the model
// is not there, and the size of the encoder's weight files.
func loadEmbedder(modelsDir string, train, test []classify.Example) (*CachedEmbedder, int, error) {
	dir := filepath.Join(modelsDir, EmbeddingModel)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	enc, err := encoder.Load(dir)
	if err != nil {
		return nil, 0, fmt.Errorf("triageeval: %w", err)
	}
	texts := make([]string, 0, len(train)+len(test))
	for _, e := range train {
		texts = append(texts, e.Text)
	}
	for _, e := range test {
		texts = append(texts, e.Text)
	}
	ce, err := NewCachedEmbedder(enc, dir, filepath.Join(modelsDir, "..", "triage-embeddings"), texts)
	if err != nil {
		return nil, 0, err
	}
	n, err := dirBytes(dir)
	if err != nil {
		return nil, 0, err
	}
	return ce, n, nil
}

// dirBytes is the size of the model's weight shards and vocabulary.
func dirBytes(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := d.Name()
		if !strings.HasPrefix(name, "group") && name != "vocab.json" {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		n += int(info.Size())
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("triageeval: %w", err)
	}
	return n, nil
}

// TrainBanking77 fits a classifier on examples with the labels as categories.
func TrainBanking77(ctx context.Context, examples []classify.Example, opt classify.Options) (*classify.Classifier, error) {
	c := classify.New(categoriesOf(examples), opt)
	if err := c.Train(ctx, examples); err != nil {
		return nil, fmt.Errorf("triageeval: train: %w", err)
	}
	return c, nil
}

// Accuracy is the share of examples c labels correctly.
func Accuracy(c *classify.Classifier, examples []classify.Example) (float64, error) {
	texts := make([]string, len(examples))
	for i, e := range examples {
		texts[i] = e.Text
	}
	ps, err := c.PredictBatch(texts)
	if err != nil {
		return 0, err
	}
	ok := 0
	for i, p := range ps {
		if p.Label == examples[i].Label {
			ok++
		}
	}
	return float64(ok) / float64(len(examples)), nil
}

// Latency is the mean time in milliseconds to triage one ticket (sentiment,
// language and category, one after the other on one goroutine, with
// GOMAXPROCS set to 1 while it runs).
func Latency(c *classify.Classifier, sm *sentiment.Model, det *language.Detector, examples []classify.Example) float64 {
	n := min(len(examples), 1000)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runtime.GC()
	start := time.Now()
	for _, e := range examples[:n] {
		sm.Analyze(e.Text)
		det.Detect(e.Text)
		if _, err := c.Predict(e.Text); err != nil {
			return 0
		}
	}
	return float64(time.Since(start).Microseconds()) / 1000 / float64(n)
}
