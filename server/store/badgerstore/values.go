package badgerstore

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// Value encodings, stored in Entry.UserMeta so that a later format can be
// told apart from this one. Index entries with nil values use encNone.
const (
	encNone   byte = 0x00 // nil value (index entry)
	encProto1 byte = 0x01 // proto wire encoding of an internal/gen message
	encJSON1  byte = 0x02 // JSON of sessionV1, inviteV1 or credentialV1
	encID1    byte = 0x03 // 16 raw id bytes
	encUint1  byte = 0x04 // 8-byte big-endian unsigned integer
)

// sessionV1 is the stored form of store.Session (the token hash is the key).
type sessionV1 struct {
	Kind       int       `json:"kind"`
	TenantID   string    `json:"tenant_id"`
	UserID     string    `json:"user_id,omitempty"`
	TicketID   string    `json:"ticket_id,omitempty"`
	CreateTime time.Time `json:"create_time"`
	ExpireTime time.Time `json:"expire_time"`
}

// inviteV1 is the stored form of store.Invite (the token hash is the key).
type inviteV1 struct {
	TenantID   string    `json:"tenant_id"`
	Email      string    `json:"email"`
	Role       int32     `json:"role"`
	InvitedBy  string    `json:"invited_by"`
	CreateTime time.Time `json:"create_time"`
	ExpireTime time.Time `json:"expire_time"`
}

// credentialV1 is the stored form of store.Credential.
type credentialV1 struct {
	PasswordHash string `json:"password_hash"`
}

// expiresAt is badger's TTL for a record that expires at t (zero: never).
// It rounds up so that badger never hides a record before the store would.
func expiresAt(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	if s <= 0 {
		return 1
	}
	return uint64(s)
}

func protoEntry(k []byte, m proto.Message) (*badger.Entry, error) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return badger.NewEntry(k, b).WithMeta(encProto1), nil
}

func jsonEntry(k []byte, v any) (*badger.Entry, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return badger.NewEntry(k, b).WithMeta(encJSON1), nil
}

func idEntry(k []byte, v id) *badger.Entry {
	return badger.NewEntry(k, append([]byte(nil), v[:]...)).WithMeta(encID1)
}

func uintEntry(k []byte, v uint64) *badger.Entry {
	return badger.NewEntry(k, u64(v)).WithMeta(encUint1)
}

func indexEntry(k []byte) *badger.Entry {
	return badger.NewEntry(k, nil).WithMeta(encNone)
}

func checkEnc(item *badger.Item, want byte) error {
	if got := item.UserMeta(); got != want {
		return fmt.Errorf("key %x: unknown value encoding %#x, want %#x", item.Key(), got, want)
	}
	return nil
}

func decodeProto(item *badger.Item, m proto.Message) error {
	if err := checkEnc(item, encProto1); err != nil {
		return err
	}
	return item.Value(func(b []byte) error {
		if err := proto.Unmarshal(b, m); err != nil {
			return fmt.Errorf("decode %x: %w", item.Key(), err)
		}
		return nil
	})
}

func decodeJSON(item *badger.Item, v any) error {
	if err := checkEnc(item, encJSON1); err != nil {
		return err
	}
	return item.Value(func(b []byte) error {
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("decode %x: %w", item.Key(), err)
		}
		return nil
	})
}

func decodeID(item *badger.Item) (id, error) {
	var v id
	if err := checkEnc(item, encID1); err != nil {
		return v, err
	}
	err := item.Value(func(b []byte) error {
		if len(b) != idLen {
			return fmt.Errorf("decode %x: id of %d bytes", item.Key(), len(b))
		}
		copy(v[:], b)
		return nil
	})
	return v, err
}

func decodeUint(item *badger.Item) (uint64, error) {
	var v uint64
	if err := checkEnc(item, encUint1); err != nil {
		return 0, err
	}
	err := item.Value(func(b []byte) error {
		if len(b) != 8 {
			return fmt.Errorf("decode %x: integer of %d bytes", item.Key(), len(b))
		}
		v = binary.BigEndian.Uint64(b)
		return nil
	})
	return v, err
}

func sessionToV1(s store.Session) sessionV1 {
	return sessionV1{
		Kind: int(s.Kind), TenantID: s.TenantID, UserID: s.UserID, TicketID: s.TicketID,
		CreateTime: s.CreateTime.UTC(), ExpireTime: s.ExpireTime.UTC(),
	}
}

func (v sessionV1) session(h hash) store.Session {
	return store.Session{
		TokenHash: h.String(), Kind: store.SessionKind(v.Kind), TenantID: v.TenantID,
		UserID: v.UserID, TicketID: v.TicketID, CreateTime: v.CreateTime, ExpireTime: v.ExpireTime,
	}
}

func inviteToV1(inv store.Invite) inviteV1 {
	return inviteV1{
		TenantID: inv.TenantID, Email: inv.Email, Role: int32(inv.Role), InvitedBy: inv.InvitedBy,
		CreateTime: inv.CreateTime.UTC(), ExpireTime: inv.ExpireTime.UTC(),
	}
}

func (v inviteV1) invite(h hash) store.Invite {
	return store.Invite{
		TokenHash: h.String(), TenantID: v.TenantID, Email: v.Email, Role: frontlinev1.Role(v.Role),
		InvitedBy: v.InvitedBy, CreateTime: v.CreateTime, ExpireTime: v.ExpireTime,
	}
}
