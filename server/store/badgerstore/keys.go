package badgerstore

// This file owns every byte of the store's key layout. Nothing else in the
// package builds or parses a key by hand.
//
// Identifiers (tenant, user, ticket, article ids) are desk.NewID's 32 hex
// digits, stored as their 16 raw bytes. Token hashes are desk.HashToken's 64
// hex digits, stored as 32 raw bytes. Integers are fixed-width big-endian, so
// byte order equals numeric order. A variable-length component only ever
// comes last, or is followed by a fixed-width id that a parser takes from the
// end of the key.
//
// Global keys (no tenant prefix) exist only for look-ups that happen before
// the caller's tenant is known:
//
//	0x01 <lower(company name)>               = tenantID:16          company-name index
//	0x02 <widget key>                         = tenantID:16          widget-key index
//	0x03 <tokenHash:32>                       = session (JSON)       desk session or conversation token
//	0x04 <tokenHash:32>                       = invite (JSON)        pending invitation
//	0x05                                      = epoch (raw string)   store incarnation id, made at first open
//	0x06 <due:8> <tenantID:16> <ticketID:16>  = nil                  inactivity closes by due time (unix ns)
//
// Every other key starts with the tenant prefix 't' <tenantID:16>, so a key
// built from one tenant's id can never reach another tenant's data:
//
//	t<tenant:16> 0x10                                  = frontlinev1.Company
//	t<tenant:16> 0x20 <userID:16>                      = frontlinev1.User
//	t<tenant:16> 0x21 <userID:16>                      = credential (JSON)
//	t<tenant:16> 0x22 <lower(email)>                   = userID:16          email index
//	t<tenant:16> 0x23 <userID:16> <tokenHash:32>       = nil                a user's desk sessions
//	t<tenant:16> 0x30                                  = uint64             last ticket display number
//	t<tenant:16> 0x31 <ticketID:16>                    = frontlinev1.Ticket
//	t<tenant:16> 0x32 <^updateTime:8> <ticketID:16>    = nil                tickets by update time, newest first
//	t<tenant:16> 0x33 <ticketID:16> <seq:8>            = frontlinev1.Message (seq counts from 1 per ticket)
//	t<tenant:16> 0x40 <articleID:16>                   = frontlinev1.Article
//	t<tenant:16> 0x41 <titleKey> 0x00 <articleID:16>   = nil                articles by folded title, then id
//	t<tenant:16> 0x50                                  = uint64             change log head (last seq written)
//	t<tenant:16> 0x51 <seq:8>                          = frontlinev1.Change change log record
//	t<tenant:16> 0x52                                  = uint64             change log floor (seqs <= it trimmed)
//	t<tenant:16> 0x53 <clientID:16>                    = client (JSON)      replica owner and last mutation id
//	t<tenant:16> 0x54 <userID:16> <ticketID:16>        = frontlinev1.Draft  a user's private reply draft
//	t<tenant:16> 0x55 <userID:16> <clientID:16> <mutationID:8> = frontlinev1.Rejection
//	t<tenant:16> 0x56 <conflictID:16>                  = frontlinev1.ArticleConflict
//	t<tenant:16> 0x57 <ticketID:16>                    = frontlinev1.FieldMark (latest overwrite)
//	t<tenant:16> 0x60 <ticketID:16>                    = uint64             the ticket's close due time (unix ns)
//	t<tenant:16> 0x61 <ticketID:16> <attachmentID:16>  = frontlinev1.Attachment (written after its chunks)
//	t<tenant:16> 0x62 <ticketID:16> <attachmentID:16> <chunk:4> = raw bytes attachment data in chunks
//	t<tenant:16> 0x63                                  = frontlinev1.WidgetSettings
//	t<tenant:16> 0x64                                  = AI settings (JSON) server-only; API key sealed

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/internal/desk"
)

// Key type bytes. Global types are the first byte of a key; tenant types are
// the byte after the tenant prefix.
const (
	kCompanyName byte = 0x01 // 0x01 <lower(name)> = tenantID:16
	kWidgetKey   byte = 0x02 // 0x02 <widget key> = tenantID:16
	kSession     byte = 0x03 // 0x03 <tokenHash:32> = session
	kInvite      byte = 0x04 // 0x04 <tokenHash:32> = invite
	kEpoch       byte = 0x05 // 0x05 = epoch
	kCloseDue    byte = 0x06 // 0x06 <due:8><tenantID:16><ticketID:16> = nil
	kTenant      byte = 't'  // 't' <tenantID:16> <tenant type> ...

	tCompany        byte = 0x10 // t<tenant> 0x10 = Company
	tUser           byte = 0x20 // t<tenant> 0x20 <userID:16> = User
	tCredential     byte = 0x21 // t<tenant> 0x21 <userID:16> = credential
	tUserEmail      byte = 0x22 // t<tenant> 0x22 <lower(email)> = userID:16
	tUserSession    byte = 0x23 // t<tenant> 0x23 <userID:16><tokenHash:32> = nil
	tTicketNumber   byte = 0x30 // t<tenant> 0x30 = uint64 last display number
	tTicket         byte = 0x31 // t<tenant> 0x31 <ticketID:16> = Ticket
	tTicketByUpdate byte = 0x32 // t<tenant> 0x32 <^updateTime:8><ticketID:16> = nil
	tMessage        byte = 0x33 // t<tenant> 0x33 <ticketID:16><seq:8> = Message
	tArticle        byte = 0x40 // t<tenant> 0x40 <articleID:16> = Article
	tArticleByTitle byte = 0x41 // t<tenant> 0x41 <titleKey>0x00<articleID:16> = nil
	tLogHead        byte = 0x50 // t<tenant> 0x50 = uint64 last seq
	tLog            byte = 0x51 // t<tenant> 0x51 <seq:8> = Change
	tLogFloor       byte = 0x52 // t<tenant> 0x52 = uint64 trimmed up to
	tClient         byte = 0x53 // t<tenant> 0x53 <clientID:16> = client
	tDraft          byte = 0x54 // t<tenant> 0x54 <userID:16><ticketID:16> = Draft
	tRejection      byte = 0x55 // t<tenant> 0x55 <userID:16><clientID:16><mutationID:8> = Rejection
	tConflict       byte = 0x56 // t<tenant> 0x56 <conflictID:16> = ArticleConflict
	tFieldMark      byte = 0x57 // t<tenant> 0x57 <ticketID:16> = FieldMark
	tTicketCloseDue byte = 0x60 // t<tenant> 0x60 <ticketID:16> = uint64 due (unix ns)
	tAttachment     byte = 0x61 // t<tenant> 0x61 <ticketID:16><attachmentID:16> = Attachment
	tAttachChunk    byte = 0x62 // t<tenant> 0x62 <ticketID:16><attachmentID:16><chunk:4> = bytes
	tWidgetSettings byte = 0x63 // t<tenant> 0x63 = WidgetSettings
	tAISettings     byte = 0x64 // t<tenant> 0x64 = AI settings (JSON, key sealed)
	tSetting        byte = 0x70 // t<tenant> 0x70 <settingID:16> = Setting (replicated)
	tTriageExample  byte = 0x71 // t<tenant> 0x71 <ticketID:16> = triage example (JSON, server-only)
	tAudit          byte = 0x72 // t<tenant> 0x72 <entryID:16> = AuditEntry (replicated to admins)
)

const (
	idLen     = 16            // raw bytes of a desk.NewID id
	hashLen   = 32            // raw bytes of a desk.HashToken hash
	tenantLen = 1 + idLen     // 't' <tenantID:16>
	typeLen   = tenantLen + 1 // tenant prefix and type byte
	maxTitle  = 256           // bytes of a folded title kept in the sort key
	titleSep  = byte(0x00)    // ends the title in an article title key
	maxSeq    = uint64(math.MaxUint64)
)

// errKey is returned by parsers for a key of the wrong shape.
var errKey = errors.New("malformed key")

// id is a 16-byte identifier as stored in keys.
type id [idLen]byte

// hash is a 32-byte token hash as stored in keys.
type hash [hashLen]byte

// parseID converts a desk.NewID string to its key form.
func parseID(s string) (id, bool) {
	var v id
	if !desk.ValidID(s) {
		return v, false
	}
	if _, err := hex.Decode(v[:], []byte(s)); err != nil {
		return v, false
	}
	return v, true
}

// String returns the id as 32 lower-case hex digits.
func (v id) String() string { return hex.EncodeToString(v[:]) }

// parseHash converts a desk.HashToken string to its key form.
func parseHash(s string) (hash, bool) {
	var h hash
	if len(s) != 2*hashLen {
		return h, false
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, false
	}
	return h, true
}

// String returns the hash as 64 lower-case hex digits.
func (h hash) String() string { return hex.EncodeToString(h[:]) }

// foldName is the form of a company name or email used in unique indexes.
func foldName(s string) string { return strings.ToLower(s) }

// titleKey is the sort form of an article title: lower-cased, with NUL bytes
// (the separator) replaced, and cut to maxTitle bytes.
func titleKey(title string) string {
	t := strings.ReplaceAll(strings.ToLower(title), "\x00", "\x01")
	if len(t) > maxTitle {
		t = t[:maxTitle]
	}
	return t
}

// updateOrder maps an update time to 8 bytes that sort newest first.
func updateOrder(t time.Time) uint64 {
	// Flip the sign bit so negative times sort before positive ones, then
	// invert so that later times get smaller numbers.
	return ^(uint64(t.UnixNano()) ^ (1 << 63))
}

// updateTime is the inverse of updateOrder.
func updateTime(o uint64) time.Time {
	return time.Unix(0, int64((^o)^(1<<63))).UTC()
}

func globalKey(kind byte, rest ...[]byte) []byte {
	n := 1
	for _, r := range rest {
		n += len(r)
	}
	k := make([]byte, 0, n)
	k = append(k, kind)
	for _, r := range rest {
		k = append(k, r...)
	}
	return k
}

// tenantKey builds t<tenant:16><kind><rest...>.
func tenantKey(tenant id, kind byte, rest ...[]byte) []byte {
	n := typeLen
	for _, r := range rest {
		n += len(r)
	}
	k := make([]byte, 0, n)
	k = append(k, kTenant)
	k = append(k, tenant[:]...)
	k = append(k, kind)
	for _, r := range rest {
		k = append(k, r...)
	}
	return k
}

// parseTenantKey checks the tenant prefix and type byte and returns the
// tenant and the rest of the key.
func parseTenantKey(k []byte, kind byte) (id, []byte, error) {
	var t id
	if len(k) < typeLen || k[0] != kTenant || k[tenantLen] != kind {
		return t, nil, errKey
	}
	copy(t[:], k[1:tenantLen])
	return t, k[typeLen:], nil
}

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

// --- global keys ---

// companyNameKey is 0x01 <lower(name)>; name must already be folded.
func companyNameKey(folded string) []byte { return globalKey(kCompanyName, []byte(folded)) }

func parseCompanyNameKey(k []byte) (string, error) {
	if len(k) < 1 || k[0] != kCompanyName {
		return "", errKey
	}
	return string(k[1:]), nil
}

// widgetKeyKey is 0x02 <widget key>.
func widgetKeyKey(key string) []byte { return globalKey(kWidgetKey, []byte(key)) }

func parseWidgetKeyKey(k []byte) (string, error) {
	if len(k) < 1 || k[0] != kWidgetKey {
		return "", errKey
	}
	return string(k[1:]), nil
}

// sessionKey is 0x03 <tokenHash:32>.
func sessionKey(h hash) []byte { return globalKey(kSession, h[:]) }

func parseSessionKey(k []byte) (hash, error) {
	var h hash
	if len(k) != 1+hashLen || k[0] != kSession {
		return h, errKey
	}
	copy(h[:], k[1:])
	return h, nil
}

// inviteKey is 0x04 <tokenHash:32>.
func inviteKey(h hash) []byte { return globalKey(kInvite, h[:]) }

func parseInviteKey(k []byte) (hash, error) {
	var h hash
	if len(k) != 1+hashLen || k[0] != kInvite {
		return h, errKey
	}
	copy(h[:], k[1:])
	return h, nil
}

// --- tenant keys ---

// tenantPrefix is t<tenant:16>, the prefix of all of a tenant's keys.
func tenantPrefix(tenant id) []byte {
	k := make([]byte, 0, tenantLen)
	k = append(k, kTenant)
	return append(k, tenant[:]...)
}

// typePrefix is t<tenant:16><kind>, the prefix of one key type of a tenant.
func typePrefix(tenant id, kind byte) []byte { return tenantKey(tenant, kind) }

// companyKey is t<tenant:16> 0x10.
func companyKey(tenant id) []byte { return tenantKey(tenant, tCompany) }

func parseCompanyKey(k []byte) (id, error) {
	t, rest, err := parseTenantKey(k, tCompany)
	if err != nil || len(rest) != 0 {
		return id{}, errKey
	}
	return t, nil
}

// userKey is t<tenant:16> 0x20 <userID:16>.
func userKey(tenant, user id) []byte { return tenantKey(tenant, tUser, user[:]) }

func parseUserKey(k []byte) (tenant, user id, err error) {
	return parseTenantID(k, tUser)
}

// credentialKey is t<tenant:16> 0x21 <userID:16>.
func credentialKey(tenant, user id) []byte { return tenantKey(tenant, tCredential, user[:]) }

func parseCredentialKey(k []byte) (tenant, user id, err error) {
	return parseTenantID(k, tCredential)
}

// userEmailKey is t<tenant:16> 0x22 <lower(email)>; email must already be folded.
func userEmailKey(tenant id, folded string) []byte {
	return tenantKey(tenant, tUserEmail, []byte(folded))
}

func parseUserEmailKey(k []byte) (id, string, error) {
	t, rest, err := parseTenantKey(k, tUserEmail)
	if err != nil {
		return id{}, "", err
	}
	return t, string(rest), nil
}

// userSessionKey is t<tenant:16> 0x23 <userID:16> <tokenHash:32>.
func userSessionKey(tenant, user id, h hash) []byte {
	return tenantKey(tenant, tUserSession, user[:], h[:])
}

// userSessionPrefix is t<tenant:16> 0x23 <userID:16>, all of a user's sessions.
func userSessionPrefix(tenant, user id) []byte { return tenantKey(tenant, tUserSession, user[:]) }

func parseUserSessionKey(k []byte) (tenant, user id, h hash, err error) {
	t, rest, err := parseTenantKey(k, tUserSession)
	if err != nil || len(rest) != idLen+hashLen {
		return id{}, id{}, hash{}, errKey
	}
	copy(user[:], rest[:idLen])
	copy(h[:], rest[idLen:])
	return t, user, h, nil
}

// ticketNumberKey is t<tenant:16> 0x30.
func ticketNumberKey(tenant id) []byte { return tenantKey(tenant, tTicketNumber) }

func parseTicketNumberKey(k []byte) (id, error) {
	t, rest, err := parseTenantKey(k, tTicketNumber)
	if err != nil || len(rest) != 0 {
		return id{}, errKey
	}
	return t, nil
}

// ticketKey is t<tenant:16> 0x31 <ticketID:16>.
func ticketKey(tenant, ticket id) []byte { return tenantKey(tenant, tTicket, ticket[:]) }

func parseTicketKey(k []byte) (tenant, ticket id, err error) {
	return parseTenantID(k, tTicket)
}

// ticketByUpdateKey is t<tenant:16> 0x32 <^updateTime:8> <ticketID:16>; see updateOrder.
func ticketByUpdateKey(tenant id, updated time.Time, ticket id) []byte {
	return tenantKey(tenant, tTicketByUpdate, u64(updateOrder(updated)), ticket[:])
}

func parseTicketByUpdateKey(k []byte) (tenant id, updated time.Time, ticket id, err error) {
	t, rest, err := parseTenantKey(k, tTicketByUpdate)
	if err != nil || len(rest) != 8+idLen {
		return id{}, time.Time{}, id{}, errKey
	}
	copy(ticket[:], rest[8:])
	return t, updateTime(binary.BigEndian.Uint64(rest[:8])), ticket, nil
}

// messageKey is t<tenant:16> 0x33 <ticketID:16> <seq:8>.
func messageKey(tenant, ticket id, seq uint64) []byte {
	return tenantKey(tenant, tMessage, ticket[:], u64(seq))
}

// messagePrefix is t<tenant:16> 0x33 <ticketID:16>, all of a ticket's messages.
func messagePrefix(tenant, ticket id) []byte { return tenantKey(tenant, tMessage, ticket[:]) }

func parseMessageKey(k []byte) (tenant, ticket id, seq uint64, err error) {
	t, rest, err := parseTenantKey(k, tMessage)
	if err != nil || len(rest) != idLen+8 {
		return id{}, id{}, 0, errKey
	}
	copy(ticket[:], rest[:idLen])
	return t, ticket, binary.BigEndian.Uint64(rest[idLen:]), nil
}

// articleKey is t<tenant:16> 0x40 <articleID:16>.
func articleKey(tenant, article id) []byte { return tenantKey(tenant, tArticle, article[:]) }

func parseArticleKey(k []byte) (tenant, article id, err error) {
	return parseTenantID(k, tArticle)
}

// articleByTitleKey is t<tenant:16> 0x41 <titleKey> 0x00 <articleID:16>;
// tk must come from titleKey.
func articleByTitleKey(tenant id, tk string, article id) []byte {
	return tenantKey(tenant, tArticleByTitle, []byte(tk), []byte{titleSep}, article[:])
}

func parseArticleByTitleKey(k []byte) (tenant id, tk string, article id, err error) {
	t, rest, err := parseTenantKey(k, tArticleByTitle)
	if err != nil || len(rest) < 1+idLen || rest[len(rest)-idLen-1] != titleSep {
		return id{}, "", id{}, errKey
	}
	copy(article[:], rest[len(rest)-idLen:])
	return t, string(rest[:len(rest)-idLen-1]), article, nil
}

// parseTenantID parses t<tenant:16><kind><id:16>.
func parseTenantID(k []byte, kind byte) (tenant, v id, err error) {
	t, rest, err := parseTenantKey(k, kind)
	if err != nil || len(rest) != idLen {
		return id{}, id{}, errKey
	}
	copy(v[:], rest)
	return t, v, nil
}

// --- change log and sync keys ---

// epochKey is 0x05.
func epochKey() []byte { return []byte{kEpoch} }

// logHeadKey is t<tenant:16> 0x50.
func logHeadKey(tenant id) []byte { return tenantKey(tenant, tLogHead) }

// logFloorKey is t<tenant:16> 0x52.
func logFloorKey(tenant id) []byte { return tenantKey(tenant, tLogFloor) }

// logKey is t<tenant:16> 0x51 <seq:8>.
func logKey(tenant id, seq uint64) []byte { return tenantKey(tenant, tLog, u64(seq)) }

func parseLogKey(k []byte) (tenant id, seq uint64, err error) {
	t, rest, err := parseTenantKey(k, tLog)
	if err != nil || len(rest) != 8 {
		return id{}, 0, errKey
	}
	return t, binary.BigEndian.Uint64(rest), nil
}

// clientKey is t<tenant:16> 0x53 <clientID:16>.
func clientKey(tenant, client id) []byte { return tenantKey(tenant, tClient, client[:]) }

// draftKey is t<tenant:16> 0x54 <userID:16> <ticketID:16>.
func draftKey(tenant, user, ticket id) []byte { return tenantKey(tenant, tDraft, user[:], ticket[:]) }

// rejectionKey is t<tenant:16> 0x55 <userID:16> <clientID:16> <mutationID:8>.
func rejectionKey(tenant, user, client id, mutation uint64) []byte {
	return tenantKey(tenant, tRejection, user[:], client[:], u64(mutation))
}

// conflictKey is t<tenant:16> 0x56 <conflictID:16>.
func conflictKey(tenant, c id) []byte { return tenantKey(tenant, tConflict, c[:]) }

// fieldMarkKey is t<tenant:16> 0x57 <ticketID:16>.
func fieldMarkKey(tenant, ticket id) []byte { return tenantKey(tenant, tFieldMark, ticket[:]) }

// --- widget keys (close schedule, attachments, settings) ---

// closeDueKey is 0x06 <due:8> <tenantID:16> <ticketID:16>; due is unix
// nanoseconds, clamped at 0, so keys sort by due time.
func closeDueKey(due int64, tenant, ticket id) []byte {
	k := make([]byte, 0, 1+8+2*idLen)
	k = append(k, kCloseDue)
	k = binary.BigEndian.AppendUint64(k, uint64(max(due, 0)))
	k = append(k, tenant[:]...)
	return append(k, ticket[:]...)
}

func parseCloseDueKey(k []byte) (due int64, tenant, ticket id, err error) {
	if len(k) != 1+8+2*idLen || k[0] != kCloseDue {
		return 0, id{}, id{}, errKey
	}
	due = int64(binary.BigEndian.Uint64(k[1:9]))
	copy(tenant[:], k[9:9+idLen])
	copy(ticket[:], k[9+idLen:])
	return due, tenant, ticket, nil
}

// ticketCloseDueKey is t<tenant:16> 0x60 <ticketID:16>.
func ticketCloseDueKey(tenant, ticket id) []byte {
	return tenantKey(tenant, tTicketCloseDue, ticket[:])
}

// attachmentKey is t<tenant:16> 0x61 <ticketID:16> <attachmentID:16>.
func attachmentKey(tenant, ticket, att id) []byte {
	return tenantKey(tenant, tAttachment, ticket[:], att[:])
}

// attachChunkKey is t<tenant:16> 0x62 <ticketID:16> <attachmentID:16> <chunk:4>.
func attachChunkKey(tenant, ticket, att id, chunk uint32) []byte {
	return tenantKey(tenant, tAttachChunk, ticket[:], att[:], binary.BigEndian.AppendUint32(nil, chunk))
}

// widgetSettingsKey is t<tenant:16> 0x63.
func widgetSettingsKey(tenant id) []byte { return tenantKey(tenant, tWidgetSettings) }

// aiSettingsKey is t<tenant:16> 0x64.
func aiSettingsKey(tenant id) []byte { return tenantKey(tenant, tAISettings) }

// settingKey is t<tenant:16> 0x70 <settingID:16>.
func settingKey(tenant, setting id) []byte { return tenantKey(tenant, tSetting, setting[:]) }

// auditKey is t<tenant:16> 0x72 <entryID:16>; entry ids are time-ordered.
func auditKey(tenant, entry id) []byte { return tenantKey(tenant, tAudit, entry[:]) }

// triageExampleKey is t<tenant:16> 0x71 <ticketID:16>.
func triageExampleKey(tenant, ticket id) []byte { return tenantKey(tenant, tTriageExample, ticket[:]) }

// --- page tokens ---

// A page token is base64url (no padding) of the index type byte followed by
// the last returned index key with its t<tenant:16><type> prefix removed.
// The tenant is left out so a token can only ever seek inside the caller's
// own index; the type byte keeps a ticket token from being used for articles.

// pageToken encodes the index key k (which has the given type) as a token.
func pageToken(k []byte) string {
	b := make([]byte, 0, 1+len(k)-tenantLen)
	b = append(b, k[tenantLen])
	b = append(b, k[typeLen:]...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parsePageToken decodes a token for the index type kind into the index key
// of tenant it stands for. A token of the wrong shape wraps desk.ErrInvalid.
func parsePageToken(tok string, tenant id, kind byte) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) < 1 || b[0] != kind {
		return nil, fmt.Errorf("malformed page token: %w", desk.ErrInvalid)
	}
	k := tenantKey(tenant, kind, b[1:])
	var perr error
	switch kind {
	case tTicketByUpdate:
		_, _, _, perr = parseTicketByUpdateKey(k)
	case tArticleByTitle:
		_, _, _, perr = parseArticleByTitleKey(k)
	default:
		perr = errKey
	}
	if perr != nil {
		return nil, fmt.Errorf("malformed page token: %w", desk.ErrInvalid)
	}
	return k, nil
}

// after returns the smallest key greater than k.
func after(k []byte) []byte {
	return append(bytes.Clone(k), 0x00)
}

// sameID reports whether s is the id v.
func sameID(s string, v id) bool {
	p, ok := parseID(s)
	return ok && p == v
}
