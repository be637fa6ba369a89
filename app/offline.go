package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/internal/password"
)

// Offline sign-in.
//
// When the agent ticks "remember me", the session token is stored so the
// desk can open the local replica later with the server out of reach
// ("Continue offline"). The file is <ConfigDir>/sessions/<key>.json, mode
// 0600 in a 0700 directory (on Linux ~/.config/frontline/sessions/), and
// holds the server URL, company, user, token, its expiry and an argon2id
// hash of the password. Continue offline asks for the password again and
// checks it against that hash, so it is a real sign-in, not a button. The
// file is deleted at logout, when "remember me" is unticked, and as soon as
// the server refuses the token (the replica's data is then purged too).
//
// The token is as sensitive as the replica itself, which holds the whole
// tenant on the same disk under the same OS account; both rely on the OS
// account's file permissions (use full-disk encryption). It expires on the
// server's schedule and cannot outlive a logout made from this desk.

type storedSession struct {
	ServerURL    string     `json:"serverURL"`
	Company      string     `json:"company"` // as typed, compared case-insensitively
	Email        string     `json:"email"`
	Token        string     `json:"token"`
	PasswordHash string     `json:"passwordHash"`
	ExpiresAt    time.Time  `json:"expiresAt"`
	Session      SessionDTO `json:"session"`
}

func storedKey(serverURL, company, email string) string {
	h := sha256.Sum256([]byte(strings.ToLower(serverURL) + "\x00" + strings.ToLower(strings.TrimSpace(company)) + "\x00" + strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(h[:12])
}

func storedPath(configDir, serverURL, company, email string) string {
	return filepath.Join(configDir, "sessions", storedKey(serverURL, company, email)+".json")
}

func saveStoredSession(configDir string, s storedSession) error {
	if configDir == "" {
		return nil
	}
	dir := filepath.Join(configDir, "sessions")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create sessions dir: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("protect sessions dir: %w", err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "session-*.tmp") // CreateTemp makes it 0600
	if err != nil {
		return fmt.Errorf("store session: %w", err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("store session: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("store session: %w", err)
	}
	if err := os.Rename(tmp.Name(), storedPath(configDir, s.ServerURL, s.Company, s.Email)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("store session: %w", err)
	}
	return nil
}

func loadStoredSession(configDir, serverURL, company, email string) (storedSession, bool) {
	var s storedSession
	if configDir == "" {
		return s, false
	}
	b, err := os.ReadFile(storedPath(configDir, serverURL, company, email))
	if err != nil || json.Unmarshal(b, &s) != nil || s.Token == "" {
		return storedSession{}, false
	}
	return s, true
}

func deleteStoredSession(configDir, serverURL, company, email string) error {
	if configDir == "" {
		return nil
	}
	err := os.Remove(storedPath(configDir, serverURL, company, email))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Messages of offline sign-in.
const (
	MsgNoOfflineCopy   = "This computer has no saved session for that account — connect to the server to sign in"
	MsgOfflineExpired  = "The saved session has expired — connect to the server to sign in"
	MsgOfflineWrongPwd = "Wrong password"
)

// checkStored verifies pw against the stored session.
func checkStored(s storedSession, pw string, now time.Time) *UIError {
	ok, err := password.Verify(s.PasswordHash, pw)
	switch {
	case err != nil || !ok:
		return &UIError{Message: MsgOfflineWrongPwd, Field: "password", Kind: KindAuth, err: err}
	case !s.ExpiresAt.IsZero() && !now.Before(s.ExpiresAt):
		return &UIError{Message: MsgOfflineExpired, Kind: KindAuth}
	}
	return nil
}
