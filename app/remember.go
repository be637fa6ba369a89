package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

const rememberFile = "desk-login.json"

// loadRemembered reads the last sign-in; a missing or unreadable file yields
// the zero value, because remembering is only a convenience.
func loadRemembered(dir string) RememberedDTO {
	var r RememberedDTO
	if dir == "" {
		return r
	}
	b, err := os.ReadFile(filepath.Join(dir, rememberFile))
	if err != nil {
		return r
	}
	if json.Unmarshal(b, &r) != nil {
		return RememberedDTO{}
	}
	return r
}

// saveRemembered writes r atomically with owner-only permissions.
func saveRemembered(dir string, r RememberedDTO) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create config dir: %w", err)
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode remembered login: %w", err)
	}
	tmp, err := os.CreateTemp(dir, rememberFile+".*")
	if err != nil {
		return fmt.Errorf("write remembered login: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("write remembered login: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write remembered login: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, rememberFile)); err != nil {
		return fmt.Errorf("write remembered login: %w", err)
	}
	return nil
}

// forgetRemembered deletes the remembered sign-in.
func forgetRemembered(dir string) error {
	if dir == "" {
		return nil
	}
	err := os.Remove(filepath.Join(dir, rememberFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
