package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/frontlinedesk/frontline/internal/assist/sentiment"
	"github.com/frontlinedesk/frontline/internal/search/encoder"
	"github.com/frontlinedesk/frontline/internal/search/stackfaq"
	"github.com/frontlinedesk/frontline/server"
)

// defaultModelsDir is <dir of the binary>/../../.cache/models when that
// exists (a binary built into the repository's bin/ or build/ tree), else
// empty: the bot then searches lexically and has no sentiment rule.
func defaultModelsDir() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	dir := filepath.Join(filepath.Dir(exe), "..", "..", ".cache", "models")
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return filepath.Clean(dir)
	}
	return ""
}

// botModels loads the bot's offline models from dir once at start: the
// USE-lite encoder for hybrid KB search and the trained sentiment model.
// A model that is missing is logged and left out; one that is present but
// unreadable is an error.
func botModels(dir string, log *slog.Logger) (server.Option, error) {
	if dir == "" {
		log.Info("bot models: none (--models not set); KB search is lexical only, sentiment off")
		return server.WithBotModels(nil, nil), nil
	}
	start := time.Now()
	var emb *encoder.Encoder
	encDir := filepath.Join(dir, stackfaq.ModelPackage)
	switch _, err := os.Stat(encDir); {
	case err == nil:
		if emb, err = encoder.Load(encDir); err != nil {
			return nil, fmt.Errorf("--models: %w", err)
		}
	case errors.Is(err, os.ErrNotExist):
		log.Warn("bot models: no USE-lite encoder; KB search is lexical only", "looked_in", encDir)
	default:
		return nil, fmt.Errorf("--models: %w", err)
	}
	var sent *sentiment.Model
	if _, err := os.Stat(filepath.Join(dir, sentiment.LexiconFile)); err == nil {
		if sent, err = sentiment.LoadTrained(dir); err != nil {
			return nil, fmt.Errorf("--models: %w", err)
		}
	} else {
		log.Warn("bot models: no sentiment lexicon; the negative-sentiment handover is off", "looked_in", dir)
	}
	log.Info("bot models loaded", "dir", dir, "took", time.Since(start).Round(time.Millisecond))
	opt := server.WithBotModels(nil, nil)
	switch {
	case emb != nil && sent != nil:
		opt = server.WithBotModels(emb, sent)
	case emb != nil:
		opt = server.WithBotModels(emb, nil)
	case sent != nil:
		opt = server.WithBotModels(nil, sent)
	}
	return opt, nil
}
