package replica

// This file owns every byte of the replica's key layout.
//
// Ids are desk.NewID's 32 hex digits stored as 16 raw bytes; integers are
// fixed-width big-endian so byte order equals numeric order.
//
//	0x01 <name>                                   = meta value (see meta* names)
//	0x10 <gen:4> <kind:1> <row id>                = confirmed row (proto), in generation gen
//	     kind 0x01 ticket    <ticketID:16>                       frontlinev1.Ticket
//	     kind 0x02 message   <ticketID:16> <messageID:16>        frontlinev1.Message
//	     kind 0x03 article   <articleID:16>                      frontlinev1.Article
//	     kind 0x04 user      <userID:16>                         frontlinev1.User
//	     kind 0x05 draft     <ticketID:16>                       frontlinev1.Draft (own)
//	     kind 0x06 conflict  <conflictID:16>                     frontlinev1.ArticleConflict
//	     kind 0x07 mark      <ticketID:16>                       frontlinev1.FieldMark
//	     kind 0x08 rejection <clientID:16> <mutationID:8>        frontlinev1.Rejection (own)
//	0x30 <mutationID:8>                           = frontlinev1.Mutation (outbox, pending push)
//
// Confirmed rows live under a generation number. Readers use the active
// generation (meta "gen"); an initial sync fills the next generation and
// makes it active with one small write, so a half-synced copy is never seen
// and a purge is a generation switch followed by a background delete.

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
)

const (
	kMeta   byte = 0x01
	kRow    byte = 0x10
	kOutbox byte = 0x30
)

// Row kinds (the EntityKind numbers where one exists).
const (
	rowTicket    byte = 0x01
	rowMessage   byte = 0x02
	rowArticle   byte = 0x03
	rowUser      byte = 0x04
	rowDraft     byte = 0x05
	rowConflict  byte = 0x06
	rowMark      byte = 0x07
	rowRejection byte = 0x08
	rowSetting   byte = 0x09
	rowAudit     byte = 0x0a
)

// Meta names.
const (
	metaEpoch    = "epoch"    // server incarnation of the active data
	metaSeq      = "seq"      // cursor: last applied log seq (uint64)
	metaGen      = "gen"      // active generation (uint64)
	metaClient   = "client"   // this replica's client id
	metaNextMut  = "next_mut" // next mutation id to hand out (uint64)
	metaBuckets  = "buckets"  // JSON list of buckets last granted
	metaStage    = "stage"    // JSON stage state while an initial sync runs
	metaDropGens = "drop"     // JSON list of generations to delete
)

var errKey = errors.New("replica: malformed key")

func metaKey(name string) []byte { return append([]byte{kMeta}, name...) }

func u32(v uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return b[:]
}

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

// rawID converts a 32-hex id to 16 bytes; ok is false for another shape.
func rawID(s string) ([]byte, bool) {
	if len(s) != 32 {
		return nil, false
	}
	b, err := hex.DecodeString(s)
	return b, err == nil
}

// genPrefix is 0x10 <gen:4>.
func genPrefix(gen uint32) []byte { return append([]byte{kRow}, u32(gen)...) }

// kindPrefix is 0x10 <gen:4> <kind>.
func kindPrefix(gen uint32, kind byte) []byte { return append(genPrefix(gen), kind) }

// rowKey is 0x10 <gen:4> <kind> <parts...>; parts are ids or raw bytes.
func rowKey(gen uint32, kind byte, parts ...[]byte) []byte {
	k := kindPrefix(gen, kind)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

// parseRowKey splits a row key into generation, kind and id bytes.
func parseRowKey(k []byte) (gen uint32, kind byte, rest []byte, err error) {
	if len(k) < 6 || k[0] != kRow {
		return 0, 0, nil, errKey
	}
	return binary.BigEndian.Uint32(k[1:5]), k[5], k[6:], nil
}

// outboxKey is 0x30 <mutationID:8>.
func outboxKey(id int64) []byte { return append([]byte{kOutbox}, u64(uint64(id))...) }

func parseOutboxKey(k []byte) (int64, error) {
	if len(k) != 9 || k[0] != kOutbox {
		return 0, errKey
	}
	return int64(binary.BigEndian.Uint64(k[1:])), nil
}
