package main

import (
	"os"
	"path/filepath"
)

// defaultModelsDir is <dir of the binary>/../../.cache/models when that
// exists (a binary built into the repository's build/bin), else empty: the
// copilot then triages sentiment by rules only and searches lexically.
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
