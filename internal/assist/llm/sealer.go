package llm

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// KeySize is the size of a Sealer's server key (AES-256).
const KeySize = 32

// ErrSealed is wrapped by every failure to open a sealed value: wrong
// server key, another tenant's value, or tampering.
var ErrSealed = errors.New("llm: cannot open sealed value")

// Sealer encrypts provider API keys at rest with AES-256-GCM under a server
// key. A sealed value is bound to its tenant (additional data), so it cannot
// be copied to another tenant. Format: "v1.<key id>.<base64url(nonce|ciphertext)>".
type Sealer struct {
	aead  cipher.AEAD
	keyID string
}

// NewSealer returns a Sealer for a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("%w: server key: need %d bytes, got %d", ErrInvalidConfig, KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("llm: new cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("llm: new gcm: %w", err)
	}
	sum := sha256.Sum256(append([]byte("frontline-sealer-key-id:"), key...))
	return &Sealer{aead: aead, keyID: hex.EncodeToString(sum[:4])}, nil
}

// ParseKey decodes a server key written as 64 hex digits or as base64
// (standard or URL alphabet, padded or not) of 32 bytes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if k, err := hex.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil && len(k) == KeySize {
			return k, nil
		}
	}
	return nil, fmt.Errorf("%w: server key: want 32 bytes as hex or base64", ErrInvalidConfig)
}

// LoadSealer reads the server key from the environment variable env when it
// is set, else from the file path. With create, a missing file is created
// with a fresh random key (mode 0600).
func LoadSealer(env, path string, create bool) (*Sealer, error) {
	if env != "" {
		if v, ok := os.LookupEnv(env); ok {
			k, err := ParseKey(v)
			if err != nil {
				return nil, fmt.Errorf("llm: key from $%s: %w", env, err)
			}
			return NewSealer(k)
		}
	}
	if path == "" {
		return nil, fmt.Errorf("%w: no server key (set $%s or a key file)", ErrInvalidConfig, env)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		k := make([]byte, KeySize)
		if _, err := rand.Read(k); err != nil {
			return nil, fmt.Errorf("llm: generate server key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("llm: create key file: %w", err)
		}
		_, werr := f.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, fmt.Errorf("llm: write key file: %w", werr)
		}
		return NewSealer(k)
	}
	if err != nil {
		return nil, fmt.Errorf("llm: read key file: %w", err)
	}
	k, err := ParseKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("llm: key file %s: %w", path, err)
	}
	return NewSealer(k)
}

func aad(tenant string) []byte { return []byte("frontline-llm-key\x00" + tenant) }

// Seal encrypts plaintext for tenant.
func (s *Sealer) Seal(tenant, plaintext string) (string, error) {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("llm: nonce: %w", err)
	}
	ct := s.aead.Seal(nonce, nonce, []byte(plaintext), aad(tenant))
	return "v1." + s.keyID + "." + base64.RawURLEncoding.EncodeToString(ct), nil
}

// Open decrypts a value sealed for tenant.
func (s *Sealer) Open(tenant, sealed string) (string, error) {
	parts := strings.Split(sealed, ".")
	if len(parts) != 3 || parts[0] != "v1" {
		return "", fmt.Errorf("%w: unknown format", ErrSealed)
	}
	if parts[1] != s.keyID {
		return "", fmt.Errorf("%w: sealed under key %s, server key is %s", ErrSealed, parts[1], s.keyID)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() {
		return "", fmt.Errorf("%w: malformed", ErrSealed)
	}
	n := s.aead.NonceSize()
	pt, err := s.aead.Open(nil, raw[:n], raw[n:], aad(tenant))
	if err != nil {
		return "", fmt.Errorf("%w: authentication failed", ErrSealed)
	}
	return string(pt), nil
}

// Mask shows the shape of an API key without revealing it, for admin UIs
// and logs: "sk-…1234".
func Mask(key string) string {
	r := []rune(key)
	if len(r) <= 8 {
		return strings.Repeat("•", len(r))
	}
	return string(r[:3]) + "…" + string(r[len(r)-4:])
}
