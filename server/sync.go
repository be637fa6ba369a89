package server

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/hub"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/sync/changelog"
)

// Sync limits.
const (
	maxPushBatch        = 500
	defaultPullPage     = 500
	maxPullPage         = 5000
	defaultStreamLimit  = 5 * time.Minute
	maxResumeTokenBytes = 4096
)

// syncService serves Push, Pull and Subscribe over the store's change log.
type syncService struct{ s *Server }

var _ frontlinev1connect.SyncServiceHandler = (*syncService)(nil)

// errRoleChanged ends a stream whose user's role changed.
var errRoleChanged = errors.New("role changed")

// errHeld marks a reply held for review (a permanent outcome of a push).
var errHeld = errors.New("reply held for review")

// Push applies the mutations in id order, each at most once.
func (ss *syncService) Push(ctx context.Context, req *frontlinev1.PushRequest) (*frontlinev1.PushResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("client_id", req.GetClientId()); err != nil {
		return nil, err
	}
	if len(req.GetMutations()) > maxPushBatch {
		return nil, desk.Invalid("mutations", fmt.Sprintf("at most %d per push", maxPushBatch))
	}
	st := ss.s.st
	rec, err := st.ClaimClient(ctx, c.TenantID, c.User.GetId(), req.GetClientId())
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	last := rec.LastMutationID
	res := &frontlinev1.PushResponse{}
loop:
	for _, m := range req.GetMutations() {
		if m.GetId() <= last {
			res.Results = append(res.Results, &frontlinev1.MutationResult{MutationId: m.GetId(), Duplicate: true})
			continue
		}
		if m.GetId() != last+1 {
			break
		}
		var after []hub.Event
		var edited *frontlinev1.Article
		err := st.ApplyMutation(ctx, c.TenantID, c.User.GetId(), req.GetClientId(), m.GetId(), func(tx store.MutationTx) error {
			after = after[:0]
			edited = nil
			var err error
			after, err = ss.apply(c, tx, m, after)
			if err == nil && m.GetEditArticle() != nil {
				// The bot's index follows the committed article, read
				// back inside the transaction (a clash leaves it as is).
				edited, err = tx.Article(m.GetEditArticle().GetArticleId())
			}
			return err
		})
		switch {
		case err == nil:
			last = m.GetId()
			res.Results = append(res.Results, &frontlinev1.MutationResult{MutationId: m.GetId()})
			for _, e := range after {
				ss.s.hub.Publish(e)
			}
			if edited != nil {
				ss.s.articleChanged(c.TenantID, edited)
			}
			if o := m.GetSetTriage(); o.GetField() == frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY || o.GetField() == frontlinev1.TriageField_TRIAGE_FIELD_SENTIMENT {
				if tk, err := st.Ticket(ctx, c.TenantID, o.GetTicketId()); err == nil {
					ss.s.learnCorrection(ctx, c.TenantID, tk)
				}
			}
		case errors.Is(err, store.ErrDuplicate), errors.Is(err, store.ErrOutOfOrder):
			// Another push of this client got there first; the client learns
			// the outcome from the log.
			break loop
		case permanent(err):
			reason := safeReason(err)
			r := &frontlinev1.Rejection{
				ClientId: req.GetClientId(), MutationId: m.GetId(), Reason: reason, Mutation: m,
				Held: errors.Is(err, errHeld), CreateTime: timestamppb.New(ss.s.now()),
			}
			rerr := st.RejectMutation(ctx, c.TenantID, c.User.GetId(), r)
			if rerr != nil {
				if len(res.Results) == 0 && !errors.Is(rerr, store.ErrDuplicate) && !errors.Is(rerr, store.ErrOutOfOrder) {
					return nil, fmt.Errorf("push: reject: %w", rerr)
				}
				break loop
			}
			last = m.GetId()
			res.Results = append(res.Results, &frontlinev1.MutationResult{MutationId: m.GetId(), Rejected: true, Reason: reason})
		default:
			// Temporary: stop without advancing; the client retries.
			if len(res.Results) == 0 {
				return nil, fmt.Errorf("push: %w", err)
			}
			break loop
		}
	}
	ls, err := st.LogState(ctx, c.TenantID, req.GetClientId())
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	res.LastMutationId, res.HeadSeq = ls.LastMutationID, ls.Head
	return res, nil
}

// permanent reports whether err refuses a mutation for good (validation,
// permission, missing entity) rather than a temporary failure.
func permanent(err error) bool {
	for _, s := range []error{desk.ErrNotFound, desk.ErrExists, desk.ErrInvalid, desk.ErrPermission,
		desk.ErrFailedPrecondition, desk.ErrConflict, errHeld} {
		if errors.Is(err, s) && !(s == desk.ErrConflict && !isSafe(err)) {
			return true
		}
	}
	return false
}

func isSafe(err error) bool { se := new(safeError); return errors.As(err, &se) }

// safeReason is the text shown to the user for a permanent failure.
func safeReason(err error) string {
	if fe := new(desk.FieldError); errors.As(err, &fe) {
		return fe.Error()
	}
	if se := new(safeError); errors.As(err, &se) {
		return se.msg
	}
	if errors.Is(err, errHeld) {
		return "the customer wrote again after you last read the thread: review the reply and send it again"
	}
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.msg
		}
	}
	return "refused"
}

// apply runs one mutation inside the store transaction with the same
// validation and status rules as the ticket and knowledge handlers.
func (ss *syncService) apply(c caller, tx store.MutationTx, m *frontlinev1.Mutation, after []hub.Event) ([]hub.Event, error) {
	now := ss.s.now()
	uid := c.User.GetId()
	loadTicket := func(id string) (*frontlinev1.Ticket, error) {
		if err := checkID("ticket_id", id); err != nil {
			return nil, err
		}
		return tx.Ticket(id)
	}
	mark := func(tk *frontlinev1.Ticket, f frontlinev1.TicketField, old string) error {
		return tx.PutFieldMark(&frontlinev1.FieldMark{TicketId: tk.GetId(), Field: f, Overwritten: old, ByUserId: uid, CreateTime: timestamppb.New(now)})
	}
	switch op := m.GetOp().(type) {
	case *frontlinev1.Mutation_SetStatus:
		o := op.SetStatus
		if err := checkStatus("status", o.GetStatus()); err != nil {
			return after, err
		}
		tk, err := loadTicket(o.GetTicketId())
		if err != nil || tk.GetStatus() == o.GetStatus() {
			return after, err
		}
		if err := desk.CheckTransition(tk.GetStatus(), o.GetStatus()); err != nil {
			return after, withMessage(fmt.Sprintf("status: a %s ticket cannot become %s",
				desk.StatusName(tk.GetStatus()), desk.StatusName(o.GetStatus())), err)
		}
		if resolving(o.GetStatus()) {
			all, err := tx.Settings()
			if err != nil {
				return after, err
			}
			if err := checkRequiredFields(tk, o.GetStatus(), desk.CustomFields(all)); err != nil {
				return after, err
			}
		}
		if b := o.GetBaseStatus(); b != frontlinev1.TicketStatus_TICKET_STATUS_UNSPECIFIED && b != tk.GetStatus() {
			if err := mark(tk, frontlinev1.TicketField_TICKET_FIELD_STATUS, desk.StatusName(tk.GetStatus())); err != nil {
				return after, err
			}
		}
		tk.Status, tk.UpdateTime = o.GetStatus(), timestamppb.New(now)
		desk.StampTimes(tk, false, tk.UpdateTime)
		after = append(after, hub.Event{TenantID: c.TenantID, TicketID: tk.GetId(), Ticket: tk})
		return after, tx.PutTicket(tk)
	case *frontlinev1.Mutation_SetPriority:
		o := op.SetPriority
		if err := checkPriority("priority", o.GetPriority()); err != nil {
			return after, err
		}
		tk, err := loadTicket(o.GetTicketId())
		if err != nil || tk.GetPriority() == o.GetPriority() {
			return after, err
		}
		if b := o.GetBasePriority(); b != frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED && b != tk.GetPriority() {
			if err := mark(tk, frontlinev1.TicketField_TICKET_FIELD_PRIORITY, tk.GetPriority().String()); err != nil {
				return after, err
			}
		}
		tk.Priority, tk.UpdateTime = o.GetPriority(), timestamppb.New(now)
		if tk.Triage == nil {
			tk.Triage = &frontlinev1.TicketTriage{}
		}
		desk.MarkCorrected(tk.Triage, desk.TriagePriority, uid)
		return after, tx.PutTicket(tk)
	case *frontlinev1.Mutation_SetCustomField:
		o := op.SetCustomField
		all, err := tx.Settings()
		if err != nil {
			return after, err
		}
		def, ok := desk.CustomFields(all)[o.GetKey()]
		if !ok {
			return after, desk.Invalid("custom_fields."+o.GetKey(), "is not one of the company's custom fields")
		}
		v, err := desk.CheckFieldValue(def, o.GetValue())
		if err != nil {
			return after, err
		}
		tk, err := loadTicket(o.GetTicketId())
		if err != nil {
			return after, err
		}
		if !setCustomFields(tk, map[string]string{o.GetKey(): v}) {
			return after, nil
		}
		tk.UpdateTime = timestamppb.New(now)
		return after, tx.PutTicket(tk)
	case *frontlinev1.Mutation_SetTriage:
		o := op.SetTriage
		var cats []string
		if o.GetField() == frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY {
			all, err := tx.Settings()
			if err != nil {
				return after, err
			}
			cats = categoryNames(all)
		}
		v, err := desk.CheckTriageValue(o.GetField(), o.GetValue(), cats)
		if err != nil {
			return after, err
		}
		tk, err := loadTicket(o.GetTicketId())
		if err != nil {
			return after, err
		}
		tk.Triage = desk.CorrectTriage(tk.GetTriage(), o.GetField(), v, uid)
		tk.UpdateTime = timestamppb.New(now)
		return after, tx.PutTicket(tk)
	case *frontlinev1.Mutation_Assign:
		o := op.Assign
		if o.GetAssigneeId() != "" {
			if err := checkID("assignee_id", o.GetAssigneeId()); err != nil {
				return after, err
			}
			u, err := tx.User(o.GetAssigneeId())
			if errors.Is(err, desk.ErrNotFound) || (err == nil && !u.GetActive()) {
				return after, desk.Invalid("assignee_id", "must be an active user of your company")
			}
			if err != nil {
				return after, err
			}
		}
		tk, err := loadTicket(o.GetTicketId())
		if err != nil || tk.GetAssigneeId() == o.GetAssigneeId() {
			return after, err
		}
		if o.GetBaseAssigneeId() != tk.GetAssigneeId() {
			if err := mark(tk, frontlinev1.TicketField_TICKET_FIELD_ASSIGNEE, tk.GetAssigneeId()); err != nil {
				return after, err
			}
		}
		tk.AssigneeId, tk.UpdateTime = o.GetAssigneeId(), timestamppb.New(now)
		return after, tx.PutTicket(tk)
	case *frontlinev1.Mutation_UpdateTags:
		o := op.UpdateTags
		add, err := normTags("add", o.GetAdd())
		if err != nil {
			return after, err
		}
		remove, err := normTags("remove", o.GetRemove())
		if err != nil {
			return after, err
		}
		tk, err := loadTicket(o.GetTicketId())
		if err != nil {
			return after, err
		}
		remove = slices.DeleteFunc(remove, func(t string) bool { return slices.Contains(add, t) })
		next := mergeTags(tk.GetTags(), add, remove)
		if len(next) > maxTags {
			return after, desk.Invalid("add", fmt.Sprintf("a ticket has at most %d tags", maxTags))
		}
		if slices.Equal(next, tk.GetTags()) {
			return after, nil
		}
		tk.Tags, tk.UpdateTime = next, timestamppb.New(now)
		return after, tx.PutTicket(tk)
	case *frontlinev1.Mutation_AddMessage:
		o := op.AddMessage
		if err := checkID("message_id", o.GetMessageId()); err != nil {
			return after, err
		}
		if err := checkText("body", o.GetBody(), 1, maxTicketBody); err != nil {
			return after, err
		}
		tk, err := loadTicket(o.GetTicketId())
		if err != nil {
			return after, err
		}
		if !o.GetInternal() && !o.GetConfirmed() && o.GetSeenCustomerTime() != nil &&
			tk.GetLastCustomerMessageTime().AsTime().After(o.GetSeenCustomerTime().AsTime()) {
			return after, errHeld
		}
		msg := &frontlinev1.Message{
			Id: o.GetMessageId(), TicketId: tk.GetId(), AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_AGENT,
			AuthorId: uid, AuthorName: c.User.GetName(), Body: o.GetBody(), Internal: o.GetInternal(),
			CreateTime: timestamppb.New(now),
		}
		if err := tx.AddMessage(msg); err != nil {
			return after, err
		}
		tk.MessageCount++
		tk.UpdateTime = msg.GetCreateTime()
		if !msg.GetInternal() {
			tk.Status = desk.StatusAfterAgentReply(tk.GetStatus())
			desk.StampTimes(tk, true, msg.GetCreateTime())
			// Sending a reply consumes the user's draft on the ticket.
			if err := tx.PutDraft(&frontlinev1.Draft{TicketId: tk.GetId(), UserId: uid}); err != nil {
				return after, err
			}
		}
		after = append(after, hub.Event{TenantID: c.TenantID, TicketID: tk.GetId(), Message: msg, Ticket: tk})
		return after, tx.PutTicket(tk)
	case *frontlinev1.Mutation_SaveDraft:
		o := op.SaveDraft
		if err := checkText("body", o.GetBody(), 0, maxTicketBody); err != nil {
			return after, err
		}
		if _, err := loadTicket(o.GetTicketId()); err != nil {
			return after, err
		}
		return after, tx.PutDraft(&frontlinev1.Draft{TicketId: o.GetTicketId(), UserId: uid, Body: o.GetBody(), UpdateTime: timestamppb.New(now)})
	case *frontlinev1.Mutation_EditArticle:
		o := op.EditArticle
		if c.User.GetRole() != frontlinev1.Role_ROLE_ADMIN {
			return after, withMessage("only admins may edit articles", desk.ErrPermission)
		}
		if err := checkID("article_id", o.GetArticleId()); err != nil {
			return after, err
		}
		title, err := checkLine("title", o.GetTitle(), 1, maxTitle)
		if err != nil {
			return after, err
		}
		if err := checkText("body", o.GetBody(), 1, maxArticleBody); err != nil {
			return after, err
		}
		a, err := tx.Article(o.GetArticleId())
		if err != nil {
			return after, err
		}
		if a.GetRevision() != o.GetBaseRevision() {
			// Keep the clashing edit as a conflict branch for an editor.
			return after, tx.PutArticleConflict(&frontlinev1.ArticleConflict{
				Id: desk.NewID(now), ArticleId: a.GetId(), BaseRevision: o.GetBaseRevision(),
				Title: title, Body: o.GetBody(), AuthorId: uid, CreateTime: timestamppb.New(now),
			})
		}
		a.Title, a.Body = title, o.GetBody()
		a.Revision++
		a.AuthorId, a.UpdateTime = uid, timestamppb.New(now)
		return after, tx.PutArticle(a)
	case *frontlinev1.Mutation_DismissConflict:
		if c.User.GetRole() != frontlinev1.Role_ROLE_ADMIN {
			return after, withMessage("only admins may resolve article conflicts", desk.ErrPermission)
		}
		if err := checkID("conflict_id", op.DismissConflict.GetConflictId()); err != nil {
			return after, err
		}
		// Already gone (another admin resolved it): nothing to do.
		_, err := tx.DeleteArticleConflict(op.DismissConflict.GetConflictId())
		return after, err
	}
	return after, desk.Invalid("op", "unknown mutation; update the app")
}

// bucketsFor is what a desk user may see.
func bucketsFor(u *frontlinev1.User) []string {
	b := []string{store.BucketTenant, store.UserBucket(u.GetId())}
	if u.GetRole() == frontlinev1.Role_ROLE_ADMIN {
		b = append(b, store.BucketAdmin)
	}
	slices.Sort(b)
	return b
}

// Pull returns one page of an initial sync or of changes after the cursor.
func (ss *syncService) Pull(ctx context.Context, req *frontlinev1.PullRequest) (*frontlinev1.PullResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("client_id", req.GetClientId()); err != nil {
		return nil, err
	}
	size := int(req.GetPageSize())
	switch {
	case size == 0:
		size = defaultPullPage
	case size < 0 || size > maxPullPage:
		return nil, desk.Invalid("page_size", fmt.Sprintf("must be between 1 and %d", maxPullPage))
	}
	if len(req.GetResumeToken()) > maxResumeTokenBytes {
		return nil, desk.Invalid("resume_token", "is not a valid resume token")
	}
	st := ss.s.st
	if _, err := st.ClaimClient(ctx, c.TenantID, c.User.GetId(), req.GetClientId()); err != nil {
		return nil, fmt.Errorf("pull: %w", err)
	}
	buckets := bucketsFor(c.User)
	epoch := st.Epoch()
	if req.GetResumeToken() != "" {
		tok, err := decodeResume(req.GetResumeToken())
		if err != nil || tok.UserID != c.User.GetId() || tok.Epoch != epoch || tok.ClientID != req.GetClientId() {
			// A token of another incarnation or user: start over.
			return &frontlinev1.PullResponse{Epoch: epoch, MustRefetch: true, Buckets: buckets}, nil
		}
		return ss.snapshotPage(ctx, c, tok, size, buckets)
	}
	cur := req.GetCursor()
	if cur.GetSeq() == 0 || cur.GetEpoch() != epoch {
		if cur.GetSeq() != 0 {
			return &frontlinev1.PullResponse{Epoch: epoch, MustRefetch: true, Buckets: buckets}, nil
		}
		ls, err := st.LogState(ctx, c.TenantID, req.GetClientId())
		if err != nil {
			return nil, fmt.Errorf("pull: %w", err)
		}
		tok := &resumeToken{Epoch: epoch, UserID: c.User.GetId(), ClientID: req.GetClientId(), Seq: ls.Head,
			LastMutationID: ls.LastMutationID, Admin: c.User.GetRole() == frontlinev1.Role_ROLE_ADMIN, Sums: map[string]changelog.Sum{}}
		return ss.snapshotPage(ctx, c, tok, size, buckets)
	}
	changes, ls, err := st.Changes(ctx, c.TenantID, cur.GetSeq(), size)
	if errors.Is(err, store.ErrLogTrimmed) {
		return &frontlinev1.PullResponse{Epoch: epoch, MustRefetch: true, Buckets: buckets}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pull: %w", err)
	}
	if cur.GetSeq() > ls.Head {
		return &frontlinev1.PullResponse{Epoch: epoch, MustRefetch: true, Buckets: buckets}, nil
	}
	res := &frontlinev1.PullResponse{Epoch: epoch, PrevSeq: cur.GetSeq(), LastSeq: cur.GetSeq(), Buckets: buckets, HeadSeq: ls.Head}
	for _, ch := range changes {
		res.LastSeq = ch.GetSeq()
		if ch.GetClientId() == req.GetClientId() {
			res.LastMutationId = max(res.LastMutationId, ch.GetMutationId())
		}
		if !slices.Contains(buckets, ch.GetBucket()) {
			continue
		}
		if ch.GetClientId() != req.GetClientId() {
			ch.ClientId, ch.MutationId = "", 0 // other replicas' ids are not the caller's business
		}
		res.Changes = append(res.Changes, ch)
	}
	res.More = res.LastSeq < ls.Head
	return res, nil
}

// snapshotPage serves one page of an initial sync.
func (ss *syncService) snapshotPage(ctx context.Context, c caller, tok *resumeToken, size int, buckets []string) (*frontlinev1.PullResponse, error) {
	admin := c.User.GetRole() == frontlinev1.Role_ROLE_ADMIN
	if tok.Admin != admin {
		return &frontlinev1.PullResponse{Epoch: tok.Epoch, MustRefetch: true, Buckets: buckets}, nil
	}
	rows, next, done, err := ss.s.st.Snapshot(ctx, c.TenantID, store.SnapshotScope{UserID: c.User.GetId(), Admin: admin},
		store.SnapshotPos{Kind: tok.Kind, After: tok.After}, size)
	if errors.Is(err, desk.ErrInvalid) {
		return &frontlinev1.PullResponse{Epoch: tok.Epoch, MustRefetch: true, Buckets: buckets}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pull snapshot: %w", err)
	}
	for _, r := range rows {
		s := tok.Sums[r.GetBucket()]
		s.Add(changelog.RowHash(r))
		tok.Sums[r.GetBucket()] = s
	}
	res := &frontlinev1.PullResponse{Epoch: tok.Epoch, Snapshot: true, Changes: rows, Buckets: buckets, LastSeq: tok.Seq, HeadSeq: tok.Seq}
	if !done {
		tok.Kind, tok.After = next.Kind, next.After
		res.ResumeToken = changelog.Encode(tok)
		return res, nil
	}
	res.LastMutationId = tok.LastMutationID
	for _, b := range buckets {
		s := tok.Sums[b]
		res.Checksums = append(res.Checksums, &frontlinev1.BucketChecksum{Bucket: b, Sum: s.Sum, Count: s.Count})
	}
	return res, nil
}

// resumeToken is an initial sync's position. It is bound to the user,
// client and store incarnation; the tenant comes from the caller, so a
// token can only ever seek within the caller's own tenant.
type resumeToken = changelog.ResumeToken

func decodeResume(s string) (*resumeToken, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	return changelog.DecodeResumeToken(b)
}

// Subscribe sends a poke whenever the tenant's log moves past what the
// caller was last told, and a heartbeat when idle. The server ends the
// stream after the stream limit; logout, deactivation or a role change end
// it at once (and the session is re-checked at each heartbeat).
func (ss *syncService) Subscribe(ctx context.Context, req *frontlinev1.SubscribeRequest, stream *connect.ServerStream[frontlinev1.SubscribeResponse]) error {
	c, err := callerFrom(ctx)
	if err != nil {
		return err
	}
	s := ss.s
	kick := s.streams.add(c.TenantID, c.User.GetId(), c.TokenHash)
	defer s.streams.remove(c.TenantID, c.User.GetId(), kick)
	limit := time.NewTimer(s.streamLimit)
	defer limit.Stop()
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	told := req.GetCursor().GetSeq()
	if req.GetCursor().GetEpoch() != s.st.Epoch() {
		told = -1 // make the first poke say where the log is
	}
	for {
		changed := s.st.LogChanged(c.TenantID)
		ls, err := s.st.LogState(ctx, c.TenantID, "")
		if err != nil {
			return fmt.Errorf("subscribe: %w", err)
		}
		if ls.Head != told {
			if err := stream.Send(&frontlinev1.SubscribeResponse{LatestSeq: ls.Head}); err != nil {
				return fmt.Errorf("subscribe: send: %w", err)
			}
			told = ls.Head
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.closing:
			return nil
		case <-limit.C:
			return nil
		case <-kick.ch:
			if kick.revoked {
				return unauthenticated("signed out")
			}
			return nil // access changed: the client pulls again and gets its new buckets
		case <-changed:
		case <-beat.C:
			if err := ss.stillValid(ctx, c); errors.Is(err, errRoleChanged) {
				return nil
			} else if err != nil {
				return err
			}
			if err := stream.Send(&frontlinev1.SubscribeResponse{LatestSeq: told, Heartbeat: true}); err != nil {
				return fmt.Errorf("subscribe: send: %w", err)
			}
		}
	}
}

// stillValid re-checks the session and the user's role behind a stream.
func (ss *syncService) stillValid(ctx context.Context, c caller) error {
	sess, err := ss.s.st.Session(ctx, c.TokenHash)
	if errors.Is(err, desk.ErrNotFound) || (err == nil && !ss.s.now().Before(sess.ExpireTime)) {
		return unauthenticated("invalid or expired token")
	}
	if err != nil {
		return err
	}
	u, err := ss.s.st.User(ctx, c.TenantID, c.User.GetId())
	if errors.Is(err, desk.ErrNotFound) || (err == nil && !u.GetActive()) {
		return unauthenticated("invalid or expired token")
	}
	if err != nil {
		return err
	}
	if u.GetRole() != c.User.GetRole() {
		return errRoleChanged
	}
	return nil
}

// streamSet tracks open sync streams so that logout, deactivation and role
// changes can end them.
type streamSet struct {
	mu sync.Mutex
	m  map[string]map[*streamKick]struct{} // tenant/user -> streams
}

type streamKick struct {
	token   string
	ch      chan struct{}
	once    sync.Once
	revoked bool // set before ch closes: the session is gone
}

func (k *streamKick) fire(revoked bool) {
	k.once.Do(func() {
		k.revoked = revoked
		close(k.ch)
	})
}

func (ss *streamSet) add(tenant, user, token string) *streamKick {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.m == nil {
		ss.m = map[string]map[*streamKick]struct{}{}
	}
	k := &streamKick{token: token, ch: make(chan struct{})}
	key := tenant + "/" + user
	if ss.m[key] == nil {
		ss.m[key] = map[*streamKick]struct{}{}
	}
	ss.m[key][k] = struct{}{}
	return k
}

func (ss *streamSet) remove(tenant, user string, k *streamKick) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	key := tenant + "/" + user
	delete(ss.m[key], k)
	if len(ss.m[key]) == 0 {
		delete(ss.m, key)
	}
}

// kick ends a user's streams; with token set, only those of that
// session. revoked says the session is gone (logout, deactivation) rather
// than the user's access changed (role).
func (ss *streamSet) kick(tenant, user, token string, revoked bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k := range ss.m[tenant+"/"+user] {
		if token == "" || k.token == token {
			k.fire(revoked)
		}
	}
}
