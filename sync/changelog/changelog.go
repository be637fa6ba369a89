// Package changelog holds what the server and the client replica must agree
// on about the change log besides the wire types: how a row is hashed into
// its bucket's checksum, and the shape of an initial sync's resume token.
//
// A bucket checksum is the sum, modulo 2^64, of the FNV-1a hashes of the
// deterministic proto encoding of each row's entity, plus the row count.
// Sums commute, so the server can accumulate them page by page in the resume
// token and the client page by page in its staging area, and both arrive at
// the same figure for the same set of rows whatever the page boundaries.
package changelog

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash/fnv"

	"google.golang.org/protobuf/proto"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Sum is a running bucket checksum.
type Sum struct {
	Sum   uint64 `json:"s"`
	Count int64  `json:"n"`
}

// Add folds one row hash in.
func (s *Sum) Add(h uint64) {
	s.Sum += h
	s.Count++
}

// entity returns the row message of a change, or nil.
func entity(c *frontlinev1.Change) proto.Message {
	switch e := c.GetEntity().(type) {
	case *frontlinev1.Change_Ticket:
		return e.Ticket
	case *frontlinev1.Change_Message:
		return e.Message
	case *frontlinev1.Change_Article:
		return e.Article
	case *frontlinev1.Change_User:
		return e.User
	case *frontlinev1.Change_Draft:
		return e.Draft
	case *frontlinev1.Change_Rejection:
		return e.Rejection
	case *frontlinev1.Change_ArticleConflict:
		return e.ArticleConflict
	case *frontlinev1.Change_FieldMark:
		return e.FieldMark
	}
	return nil
}

// RowHash hashes a snapshot row's entity.
func RowHash(c *frontlinev1.Change) uint64 {
	return HashMessage(entity(c))
}

// HashMessage hashes one row message.
func HashMessage(m proto.Message) uint64 {
	h := fnv.New64a()
	if m != nil {
		b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		_, _ = h.Write(b)
	}
	return h.Sum64()
}

// ResumeToken is where an initial sync stands. The server hands it out
// base64url-encoded and takes it back unchanged.
type ResumeToken struct {
	Epoch          string         `json:"e"`
	UserID         string         `json:"u"`
	ClientID       string         `json:"c"`
	Admin          bool           `json:"a,omitempty"`
	Seq            int64          `json:"q"` // the snapshot's log seq
	LastMutationID int64          `json:"m,omitempty"`
	Kind           int            `json:"k"`
	After          []byte         `json:"k2,omitempty"`
	Sums           map[string]Sum `json:"s,omitempty"`
}

// encode returns the token's wire form.
func (t *ResumeToken) encode() string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Encode returns the token's wire form.
func Encode(t *ResumeToken) string { return t.encode() }

// DecodeResumeToken parses the JSON form of a token.
func DecodeResumeToken(b []byte) (*ResumeToken, error) {
	t := new(ResumeToken)
	if err := json.Unmarshal(b, t); err != nil {
		return nil, errors.New("malformed resume token")
	}
	if t.Sums == nil {
		t.Sums = map[string]Sum{}
	}
	if t.Kind < 0 || t.Seq < 0 {
		return nil, errors.New("malformed resume token")
	}
	return t, nil
}

// b64 decodes a token's wire form (for tests and the server).
func b64(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }
