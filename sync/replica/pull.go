package replica

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"connectrpc.com/connect"
	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/changelog"
)

// Transport is the SyncService as the replica uses it; Connect gives one
// (ConnectTransport) and tests wrap it to inject faults.
type Transport interface {
	Push(ctx context.Context, req *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error)
	Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error)
	Subscribe(ctx context.Context, req *frontlinev1.SubscribeRequest) (Stream, error)
}

// Stream is a Subscribe stream.
type Stream interface {
	Receive() bool
	Msg() *frontlinev1.SubscribeResponse
	Err() error
	Close() error
}

// SyncClient is the generated Connect client's method set.
type SyncClient interface {
	Push(context.Context, *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error)
	Pull(context.Context, *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error)
	Subscribe(context.Context, *frontlinev1.SubscribeRequest) (*connect.ServerStreamForClient[frontlinev1.SubscribeResponse], error)
}

// ConnectTransport adapts the generated Connect SyncService client.
func ConnectTransport(c SyncClient) Transport { return connectTransport{c} }

type connectTransport struct{ c SyncClient }

func (t connectTransport) Push(ctx context.Context, req *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	return t.c.Push(ctx, req)
}

func (t connectTransport) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	return t.c.Pull(ctx, req)
}

func (t connectTransport) Subscribe(ctx context.Context, req *frontlinev1.SubscribeRequest) (Stream, error) {
	s, err := t.c.Subscribe(ctx, req)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ErrSignedOut is returned by Run when the server refused the session; the
// replica's data has been purged (the outbox is kept).
var ErrSignedOut = errors.New("replica: signed out")

// errGap is a page that does not follow the cursor.
var errGap = errors.New("replica: page does not follow the cursor")

// stage is the state of a running initial sync (meta "stage").
type stage struct {
	Gen            uint32                   `json:"gen"`
	Phase          string                   `json:"phase"` // "snapshot" or "tail"
	Token          string                   `json:"token,omitempty"`
	Sums           map[string]changelog.Sum `json:"sums,omitempty"`
	Epoch          string                   `json:"epoch,omitempty"`
	Seq            int64                    `json:"seq,omitempty"`
	LastMutationID int64                    `json:"lmid,omitempty"`
	Buckets        []string                 `json:"buckets,omitempty"`
}

// state is the replica's sync position.
type state struct {
	gen      uint32
	seq      int64
	epoch    string
	clientID string
	stage    *stage
	buckets  []string
}

func readState(txn *badger.Txn) (state, error) {
	var s state
	var err error
	if s.gen, err = activeGen(txn); err != nil {
		return s, err
	}
	seq, err := getUint(txn, metaSeq)
	if err != nil {
		return s, err
	}
	s.seq = int64(seq)
	if b, err := getMeta(txn, metaEpoch); err == nil {
		s.epoch = string(b)
	}
	b, err := getMeta(txn, metaClient)
	if err != nil {
		return s, err
	}
	s.clientID = string(b)
	st := new(stage)
	if ok, err := getJSON(txn, metaStage, st); err != nil {
		return s, err
	} else if ok {
		s.stage = st
	}
	if _, err := getJSON(txn, metaBuckets, &s.buckets); err != nil {
		return s, err
	}
	return s, nil
}

func (r *Replica) state() (state, error) {
	var s state
	err := r.db.View(func(txn *badger.Txn) error {
		var err error
		s, err = readState(txn)
		return err
	})
	return s, err
}

// PullOnce asks for one page and applies it; more is true while the
// replica is not caught up with what the server had.
func (r *Replica) PullOnce(ctx context.Context, t Transport) (more bool, err error) {
	st, err := r.state()
	if err != nil {
		return false, err
	}
	if st.stage == nil && st.seq == 0 {
		if err := r.startStage(st.epoch, st.epoch); err != nil {
			return false, err
		}
		if st, err = r.state(); err != nil {
			return false, err
		}
	}
	req := &frontlinev1.PullRequest{ClientId: st.clientID, PageSize: int32(r.pageSize)}
	switch {
	case st.stage != nil && st.stage.Phase == "snapshot":
		req.ResumeToken = st.stage.Token
	case st.stage != nil:
		req.Cursor = &frontlinev1.Cursor{Epoch: st.stage.Epoch, Seq: st.stage.Seq}
	default:
		req.Cursor = &frontlinev1.Cursor{Epoch: st.epoch, Seq: st.seq}
	}
	res, err := t.Pull(ctx, req)
	if err != nil {
		return false, r.transportError(err)
	}
	more, err = r.ApplyPage(st, req, res)
	if errors.Is(err, badger.ErrTxnTooBig) && r.pageSize > 10 {
		r.pageSize /= 2
		return true, nil
	}
	return more, err
}

// transportError purges the replica when the server refused the session.
func (r *Replica) transportError(err error) error {
	switch connect.CodeOf(err) {
	case connect.CodeUnauthenticated:
		if perr := r.Purge(); perr != nil {
			return perr
		}
		r.stMu.Lock()
		r.status.SignedOut = true
		r.stMu.Unlock()
		r.broadcast()
		return fmt.Errorf("%w: %w", ErrSignedOut, err)
	}
	return err
}

// ApplyPage applies one pull response obtained for req in state st.
func (r *Replica) ApplyPage(st state, req *frontlinev1.PullRequest, res *frontlinev1.PullResponse) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer r.refreshStatus()
	// The state may have moved while the request was in flight.
	cur, err := r.state()
	if err != nil {
		return false, err
	}
	if !sameState(cur, st) {
		return true, nil
	}
	if res.GetMustRefetch() {
		return true, r.startStageLocked(st.epoch, res.GetEpoch())
	}
	gained, err := r.syncBuckets(st, res.GetBuckets())
	if err != nil {
		return false, err
	}
	if gained {
		// Rows of a newly granted bucket predate the cursor: resync.
		return true, r.startStageLocked(st.epoch, res.GetEpoch())
	}
	if st.stage != nil {
		return r.applyStage(st, res)
	}
	if res.GetSnapshot() || res.GetEpoch() != st.epoch {
		return true, r.startStageLocked(st.epoch, res.GetEpoch())
	}
	if res.GetPrevSeq() != st.seq || res.GetLastSeq() < st.seq {
		return false, errGap
	}
	err = r.db.Update(func(txn *badger.Txn) error {
		for _, c := range res.GetChanges() {
			if err := applyChange(txn, st.gen, c); err != nil {
				return err
			}
		}
		if err := dropAcked(txn, res.GetLastMutationId()); err != nil {
			return err
		}
		return txn.Set(metaKey(metaSeq), u64(uint64(res.GetLastSeq())))
	})
	if err != nil {
		return false, fmt.Errorf("replica: apply page: %w", err)
	}
	return res.GetMore(), nil
}

func sameState(a, b state) bool {
	if a.gen != b.gen || a.seq != b.seq || a.epoch != b.epoch || (a.stage == nil) != (b.stage == nil) {
		return false
	}
	if a.stage == nil {
		return true
	}
	return a.stage.Gen == b.stage.Gen && a.stage.Phase == b.stage.Phase && a.stage.Token == b.stage.Token && a.stage.Seq == b.stage.Seq
}

// startStage begins an initial sync into a fresh generation; the outbox is kept.
func (r *Replica) startStage(oldEpoch, newEpoch string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.startStageLocked(oldEpoch, newEpoch)
}

func (r *Replica) startStageLocked(oldEpoch, newEpoch string) error {
	var drop []uint32
	err := r.db.Update(func(txn *badger.Txn) error {
		gen, err := activeGen(txn)
		if err != nil {
			return err
		}
		old := new(stage)
		if ok, err := getJSON(txn, metaStage, old); err != nil {
			return err
		} else if ok {
			drop = append(drop, old.Gen)
		}
		next := max(gen, maxGen(drop)) + 1
		if oldEpoch != "" && newEpoch != "" && oldEpoch != newEpoch {
			// The server's data was replaced: it no longer knows this
			// client, so start a new client id and renumber the outbox.
			if err := renumberOutbox(txn, desk.NewID(r.cfg.Now())); err != nil {
				return err
			}
		}
		if err := addDropGens(txn, drop); err != nil {
			return err
		}
		return setJSON(txn, metaStage, &stage{Gen: next, Phase: "snapshot", Sums: map[string]changelog.Sum{}})
	})
	if err != nil {
		return fmt.Errorf("replica: start initial sync: %w", err)
	}
	return r.dropOldGensLocked()
}

func maxGen(gs []uint32) uint32 {
	var m uint32
	for _, g := range gs {
		m = max(m, g)
	}
	return m
}

// renumberOutbox gives the pending mutations ids 1.. under a new client id.
func renumberOutbox(txn *badger.Txn, clientID string) error {
	ms, err := readOutbox(txn)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := txn.Delete(outboxKey(m.GetId())); err != nil {
			return err
		}
	}
	for i, m := range ms {
		m.Id = int64(i + 1)
		b, err := proto.Marshal(m)
		if err != nil {
			return err
		}
		if err := txn.Set(outboxKey(m.Id), b); err != nil {
			return err
		}
	}
	if err := txn.Set(metaKey(metaClient), []byte(clientID)); err != nil {
		return err
	}
	return txn.Set(metaKey(metaNextMut), u64(uint64(len(ms)+1)))
}

// applyStage applies a page of a running initial sync.
func (r *Replica) applyStage(st state, res *frontlinev1.PullResponse) (bool, error) {
	sg := st.stage
	if sg.Sums == nil {
		sg.Sums = map[string]changelog.Sum{}
	}
	if sg.Phase == "snapshot" {
		if !res.GetSnapshot() {
			return true, r.startStageLocked(st.epoch, res.GetEpoch())
		}
		if sg.Token == "" {
			// A snapshot starts from scratch: clear rows of an attempt
			// whose first page was written but not its token.
			if err := deletePrefix(r.db, genPrefix(sg.Gen)); err != nil {
				return false, err
			}
		}
		// Rows first (they are invisible), then the token with the sums
		// that include them: a crash in between re-fetches the page.
		wb := r.db.NewWriteBatch()
		for _, c := range res.GetChanges() {
			if err := batchChange(wb, sg.Gen, c); err != nil {
				wb.Cancel()
				return false, err
			}
			s := sg.Sums[c.GetBucket()]
			s.Add(changelog.RowHash(c))
			sg.Sums[c.GetBucket()] = s
		}
		if err := wb.Flush(); err != nil {
			return false, fmt.Errorf("replica: write snapshot page: %w", err)
		}
		if res.GetResumeToken() != "" {
			sg.Token = res.GetResumeToken()
			return true, r.db.Update(func(txn *badger.Txn) error { return setJSON(txn, metaStage, sg) })
		}
		for _, want := range res.GetChecksums() {
			if got := sg.Sums[want.GetBucket()]; got.Sum != want.GetSum() || got.Count != want.GetCount() {
				r.cfg.Logger.Warn("replica: snapshot checksum mismatch; starting over", "bucket", want.GetBucket())
				return true, r.startStageLocked(st.epoch, res.GetEpoch())
			}
		}
		sg.Phase, sg.Token, sg.Epoch, sg.Seq = "tail", "", res.GetEpoch(), res.GetLastSeq()
		sg.LastMutationID, sg.Buckets = res.GetLastMutationId(), res.GetBuckets()
		return true, r.db.Update(func(txn *badger.Txn) error { return setJSON(txn, metaStage, sg) })
	}
	// Tail: replay the log from the snapshot's seq into the staged rows.
	if res.GetSnapshot() || res.GetEpoch() != sg.Epoch {
		return true, r.startStageLocked(st.epoch, res.GetEpoch())
	}
	if res.GetPrevSeq() != sg.Seq {
		return false, errGap
	}
	flip := !res.GetMore()
	err := r.db.Update(func(txn *badger.Txn) error {
		for _, c := range res.GetChanges() {
			if err := applyChange(txn, sg.Gen, c); err != nil {
				return err
			}
		}
		sg.Seq = res.GetLastSeq()
		sg.LastMutationID = max(sg.LastMutationID, res.GetLastMutationId())
		if !flip {
			return setJSON(txn, metaStage, sg)
		}
		// Caught up: make the staged generation the visible one.
		old, err := activeGen(txn)
		if err != nil {
			return err
		}
		if err := addDropGens(txn, []uint32{old}); err != nil {
			return err
		}
		if err := dropAcked(txn, sg.LastMutationID); err != nil {
			return err
		}
		for k, v := range map[string][]byte{metaGen: u64(uint64(sg.Gen)), metaSeq: u64(uint64(sg.Seq)), metaEpoch: []byte(sg.Epoch)} {
			if err := txn.Set(metaKey(k), v); err != nil {
				return err
			}
		}
		return txn.Delete(metaKey(metaStage))
	})
	if err != nil {
		return false, fmt.Errorf("replica: apply tail page: %w", err)
	}
	if flip {
		return false, r.dropOldGensLocked()
	}
	return true, nil
}

func addDropGens(txn *badger.Txn, gens []uint32) error {
	if len(gens) == 0 {
		return nil
	}
	var cur []uint32
	if _, err := getJSON(txn, metaDropGens, &cur); err != nil {
		return err
	}
	return setJSON(txn, metaDropGens, append(cur, gens...))
}

// dropOldGens deletes generations no longer used (after a switch or a crash).
func (r *Replica) dropOldGens() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dropOldGensLocked()
}

func (r *Replica) dropOldGensLocked() error {
	var gens []uint32
	if err := r.db.View(func(txn *badger.Txn) error { _, err := getJSON(txn, metaDropGens, &gens); return err }); err != nil {
		return err
	}
	if len(gens) == 0 {
		return nil
	}
	for _, g := range gens {
		if err := deletePrefix(r.db, genPrefix(g)); err != nil {
			return fmt.Errorf("replica: drop generation %d: %w", g, err)
		}
	}
	return r.db.Update(func(txn *badger.Txn) error { return txn.Delete(metaKey(metaDropGens)) })
}

// Purge drops every confirmed row (a switch to an empty generation) and
// the cursor, keeping the outbox and the client id.
func (r *Replica) Purge() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.db.Update(func(txn *badger.Txn) error {
		gen, err := activeGen(txn)
		if err != nil {
			return err
		}
		drop := []uint32{gen}
		sg := new(stage)
		if ok, err := getJSON(txn, metaStage, sg); err != nil {
			return err
		} else if ok {
			drop = append(drop, sg.Gen)
		}
		if err := addDropGens(txn, drop); err != nil {
			return err
		}
		for _, k := range []string{metaStage, metaSeq, metaEpoch, metaBuckets} {
			if err := txn.Delete(metaKey(k)); err != nil {
				return err
			}
		}
		return txn.Set(metaKey(metaGen), u64(uint64(maxGen(drop)+1)))
	})
	if err != nil {
		return fmt.Errorf("replica: purge: %w", err)
	}
	if err := r.dropOldGensLocked(); err != nil {
		return err
	}
	r.refreshStatus()
	return nil
}

// bucketKinds are the row kinds of each bucket class.
func bucketKinds(bucket string) []byte {
	switch {
	case bucket == "tenant":
		return []byte{rowTicket, rowMessage, rowArticle, rowUser, rowMark, rowSetting}
	case bucket == "admin":
		return []byte{rowConflict, rowAudit}
	default:
		return []byte{rowDraft, rowRejection}
	}
}

// syncBuckets purges rows of buckets the user lost, records the granted
// set and reports whether a bucket was gained after the first page.
func (r *Replica) syncBuckets(st state, granted []string) (bool, error) {
	if len(granted) == 0 {
		return false, nil
	}
	var lost []string
	for _, b := range st.buckets {
		if !slices.Contains(granted, b) {
			lost = append(lost, b)
		}
	}
	gained := false
	for _, b := range granted {
		if len(st.buckets) > 0 && !slices.Contains(st.buckets, b) {
			gained = true
		}
	}
	gens := []uint32{st.gen}
	if st.stage != nil {
		gens = append(gens, st.stage.Gen)
	}
	for _, b := range lost {
		for _, g := range gens {
			for _, kind := range bucketKinds(b) {
				if err := deletePrefix(r.db, kindPrefix(g, kind)); err != nil {
					return false, fmt.Errorf("replica: purge bucket %s: %w", b, err)
				}
			}
		}
	}
	if slices.Equal(st.buckets, granted) {
		return false, nil
	}
	return gained, r.db.Update(func(txn *badger.Txn) error { return setJSON(txn, metaBuckets, granted) })
}

// changeRow maps a change to its row key and value (nil value: delete).
func changeRow(gen uint32, c *frontlinev1.Change) (key []byte, val proto.Message, ok bool) {
	id := func(s string) []byte { b, _ := rawID(s); return b }
	valid := func(ss ...string) bool {
		for _, s := range ss {
			if _, ok := rawID(s); !ok {
				return false
			}
		}
		return true
	}
	switch e := c.GetEntity().(type) {
	case *frontlinev1.Change_Ticket:
		return rowKey(gen, rowTicket, id(e.Ticket.GetId())), e.Ticket, valid(e.Ticket.GetId())
	case *frontlinev1.Change_Message:
		m := e.Message
		return rowKey(gen, rowMessage, id(m.GetTicketId()), id(m.GetId())), m, valid(m.GetTicketId(), m.GetId())
	case *frontlinev1.Change_Article:
		return rowKey(gen, rowArticle, id(e.Article.GetId())), e.Article, valid(e.Article.GetId())
	case *frontlinev1.Change_User:
		return rowKey(gen, rowUser, id(e.User.GetId())), e.User, valid(e.User.GetId())
	case *frontlinev1.Change_Draft:
		return rowKey(gen, rowDraft, id(e.Draft.GetTicketId())), e.Draft, valid(e.Draft.GetTicketId())
	case *frontlinev1.Change_ArticleConflict:
		return rowKey(gen, rowConflict, id(e.ArticleConflict.GetId())), e.ArticleConflict, valid(e.ArticleConflict.GetId())
	case *frontlinev1.Change_FieldMark:
		return rowKey(gen, rowMark, id(e.FieldMark.GetTicketId())), e.FieldMark, valid(e.FieldMark.GetTicketId())
	case *frontlinev1.Change_AuditEntry:
		return rowKey(gen, rowAudit, id(e.AuditEntry.GetId())), e.AuditEntry, valid(e.AuditEntry.GetId())
	case *frontlinev1.Change_Setting:
		return rowKey(gen, rowSetting, id(e.Setting.GetId())), e.Setting, valid(e.Setting.GetId())
	case *frontlinev1.Change_Rejection:
		rj := e.Rejection
		return rowKey(gen, rowRejection, id(rj.GetClientId()), u64(uint64(rj.GetMutationId()))), rj, valid(rj.GetClientId())
	case *frontlinev1.Change_Deletion:
		d := e.Deletion
		kinds := map[frontlinev1.EntityKind]byte{
			frontlinev1.EntityKind_ENTITY_KIND_TICKET: rowTicket, frontlinev1.EntityKind_ENTITY_KIND_ARTICLE: rowArticle,
			frontlinev1.EntityKind_ENTITY_KIND_USER: rowUser, frontlinev1.EntityKind_ENTITY_KIND_DRAFT: rowDraft,
			frontlinev1.EntityKind_ENTITY_KIND_ARTICLE_CONFLICT: rowConflict, frontlinev1.EntityKind_ENTITY_KIND_FIELD_MARK: rowMark,
			frontlinev1.EntityKind_ENTITY_KIND_SETTING: rowSetting,
		}
		k, ok := kinds[d.GetKind()]
		return rowKey(gen, k, id(d.GetId())), nil, ok && valid(d.GetId())
	}
	return nil, nil, false
}

func applyChange(txn *badger.Txn, gen uint32, c *frontlinev1.Change) error {
	k, v, ok := changeRow(gen, c)
	if !ok {
		return nil
	}
	if v == nil {
		return txn.Delete(k)
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(k, b)
}

func batchChange(wb *badger.WriteBatch, gen uint32, c *frontlinev1.Change) error {
	k, v, ok := changeRow(gen, c)
	if !ok {
		return nil
	}
	if v == nil {
		return wb.Delete(k)
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(v)
	if err != nil {
		return err
	}
	return wb.Set(k, b)
}
