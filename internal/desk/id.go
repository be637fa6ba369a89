package desk

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"time"
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewID returns a new unguessable identifier: 16 bytes whose first 6 are the
// current Unix time in milliseconds (so ids sort roughly by creation, like
// UUIDv7) and whose last 10 are random, as 32 lower-case hex digits.
func NewID(now time.Time) string {
	var b [16]byte
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(now.UnixMilli()))
	copy(b[:6], ms[2:])
	if _, err := rand.Read(b[6:]); err != nil {
		panic("desk: crypto/rand failed: " + err.Error()) // never happens on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// ValidID reports whether s has the shape NewID produces. Handlers check it
// before any look-up so malformed ids fail as InvalidArgument.
func ValidID(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Token prefixes tell the kinds of bearer token apart at a glance.
const (
	SessionTokenPrefix      = "fls_" // a desk user's session
	ConversationTokenPrefix = "flc_" // a widget customer's conversation
	InviteTokenPrefix       = "fli_" // a single-use invitation
	WidgetKeyPrefix         = "flw_" // a tenant's public widget key
)

// NewToken returns prefix followed by 32 random bytes in base32: a secret
// that is stored only as its hash (see HashToken).
func NewToken(prefix string) string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("desk: crypto/rand failed: " + err.Error())
	}
	return prefix + b32.EncodeToString(b[:])
}

// HashToken returns the hex SHA-256 of a token, the only form stored.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
