package replica

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Reads see one badger snapshot: the confirmed rows of the active
// generation (a whole server checkpoint) with the outbox re-applied on top.

// TicketView is a ticket as the user should see it.
type TicketView struct {
	Ticket  *frontlinev1.Ticket
	Pending bool                   // unconfirmed local changes
	Mark    *frontlinev1.FieldMark // "changed while you were offline", if any
}

// MessageView is a message and whether it is still only local.
type MessageView struct {
	Message *frontlinev1.Message
	Pending bool
}

// Thread is a ticket with its messages and the user's draft.
type Thread struct {
	TicketView
	Messages []MessageView
	Draft    *frontlinev1.Draft
}

// Filter selects tickets; zero values match anything.
type Filter struct {
	Statuses   []frontlinev1.TicketStatus
	Priority   frontlinev1.TicketPriority
	AssigneeID string
	Unassigned bool
	Tag        string
	// CustomerEmail keeps the tickets of one customer (lower-case email).
	CustomerEmail string
	Limit         int // 0: all
}

func decodeRow[T proto.Message](item *badger.Item, m T) (T, error) {
	err := item.Value(func(b []byte) error { return proto.Unmarshal(b, m) })
	return m, err
}

// view runs fn over a read snapshot with the active generation and outbox.
func (r *Replica) view(fn func(txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) error) error {
	return r.db.View(func(txn *badger.Txn) error {
		gen, err := activeGen(txn)
		if err != nil {
			return err
		}
		pending, err := readOutbox(txn)
		if err != nil {
			return err
		}
		return fn(txn, gen, pending)
	})
}

// overlayTicket applies pending mutations for t (a copy) and reports whether any did.
func (r *Replica) overlayTicket(t *frontlinev1.Ticket, pending []*frontlinev1.Mutation, hasMsg func(string) bool) bool {
	touched := false
	for _, m := range pending {
		switch op := m.GetOp().(type) {
		case *frontlinev1.Mutation_SetStatus:
			if op.SetStatus.GetTicketId() == t.GetId() {
				if t.GetStatus() == op.SetStatus.GetStatus() || desk.CanTransition(t.GetStatus(), op.SetStatus.GetStatus()) {
					t.Status = op.SetStatus.GetStatus()
				}
				touched = true
			}
		case *frontlinev1.Mutation_SetPriority:
			if op.SetPriority.GetTicketId() == t.GetId() {
				t.Priority, touched = op.SetPriority.GetPriority(), true
			}
		case *frontlinev1.Mutation_Assign:
			if op.Assign.GetTicketId() == t.GetId() {
				t.AssigneeId, touched = op.Assign.GetAssigneeId(), true
			}
		case *frontlinev1.Mutation_UpdateTags:
			if op.UpdateTags.GetTicketId() == t.GetId() {
				t.Tags, touched = mergeTags(t.GetTags(), op.UpdateTags.GetAdd(), op.UpdateTags.GetRemove()), true
			}
		case *frontlinev1.Mutation_SetCustomField:
			if o := op.SetCustomField; o.GetTicketId() == t.GetId() {
				if o.GetValue() == "" {
					delete(t.CustomFields, o.GetKey())
				} else {
					if t.CustomFields == nil {
						t.CustomFields = map[string]string{}
					}
					t.CustomFields[o.GetKey()] = o.GetValue()
				}
				touched = true
			}
		case *frontlinev1.Mutation_SetTriage:
			if op.SetTriage.GetTicketId() == t.GetId() {
				t.Triage, touched = desk.CorrectTriage(t.GetTriage(), op.SetTriage.GetField(), op.SetTriage.GetValue(), ""), true
			}
		case *frontlinev1.Mutation_AddMessage:
			o := op.AddMessage
			if o.GetTicketId() == t.GetId() && !hasMsg(o.GetMessageId()) {
				t.MessageCount++
				t.UpdateTime = m.GetCreateTime()
				if !o.GetInternal() {
					t.Status = desk.StatusAfterAgentReply(t.GetStatus())
				}
				touched = true
			}
		}
	}
	return touched
}

func mergeTags(cur, add, remove []string) []string {
	out := make([]string, 0, len(cur)+len(add))
	for _, t := range slices.Concat(cur, add) {
		if !slices.Contains(remove, t) || slices.Contains(add, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// pendingTickets is the set of tickets the outbox touches.
func pendingTickets(pending []*frontlinev1.Mutation) map[string]bool {
	out := map[string]bool{}
	for _, m := range pending {
		if id := mutationTicket(m); id != "" {
			out[id] = true
		}
	}
	return out
}

func mutationTicket(m *frontlinev1.Mutation) string {
	switch op := m.GetOp().(type) {
	case *frontlinev1.Mutation_SetStatus:
		return op.SetStatus.GetTicketId()
	case *frontlinev1.Mutation_SetPriority:
		return op.SetPriority.GetTicketId()
	case *frontlinev1.Mutation_Assign:
		return op.Assign.GetTicketId()
	case *frontlinev1.Mutation_UpdateTags:
		return op.UpdateTags.GetTicketId()
	case *frontlinev1.Mutation_AddMessage:
		return op.AddMessage.GetTicketId()
	case *frontlinev1.Mutation_SaveDraft:
		return op.SaveDraft.GetTicketId()
	case *frontlinev1.Mutation_SetTriage:
		return op.SetTriage.GetTicketId()
	case *frontlinev1.Mutation_SetCustomField:
		return op.SetCustomField.GetTicketId()
	}
	return ""
}

func messageExists(txn *badger.Txn, gen uint32, ticketID string) func(string) bool {
	tid, _ := rawID(ticketID)
	return func(msgID string) bool {
		mid, ok := rawID(msgID)
		if !ok {
			return false
		}
		_, err := txn.Get(rowKey(gen, rowMessage, tid, mid))
		return err == nil
	}
}

// ListTickets returns tickets matching f, most recently updated first (then
// by id), with the outbox applied. It reads the in-memory ticket index
// (index.go), caught up to a fresh snapshot; tickets without pending
// changes are shared with the index, so callers must not modify them.
func (r *Replica) ListTickets(ctx context.Context, f Filter) ([]TicketView, error) {
	var out []TicketView
	x := r.index()
	err := x.with(ctx, func(txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) error {
		var err error
		out, err = r.listIndexed(ctx, x, txn, gen, pending, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("replica: list tickets: %w", err)
	}
	return out, nil
}

func (r *Replica) marks(txn *badger.Txn, gen uint32) (map[string]*frontlinev1.FieldMark, error) {
	out := map[string]*frontlinev1.FieldMark{}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: kindPrefix(gen, rowMark), PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		m, err := decodeRow(it.Item(), new(frontlinev1.FieldMark))
		if err != nil {
			return nil, err
		}
		out[m.GetTicketId()] = m
	}
	return out, nil
}

func match(t *frontlinev1.Ticket, f Filter) bool {
	return matchFields(t.GetStatus(), t.GetPriority(), t.GetAssigneeId(), t.GetTags(), f) &&
		(f.CustomerEmail == "" || t.GetCustomer().GetEmail() == f.CustomerEmail)
}

// matchFields is match over the fields the index keeps without decoding
// (index.go), which uses it as a cheap first test before match itself: a
// condition on another field only needs adding to match.
func matchFields(status frontlinev1.TicketStatus, priority frontlinev1.TicketPriority, assignee string, tags []string, f Filter) bool {
	switch {
	case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, status):
		return false
	case f.Priority != frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED && priority != f.Priority:
		return false
	case f.AssigneeID != "" && assignee != f.AssigneeID:
		return false
	case f.Unassigned && assignee != "":
		return false
	case f.Tag != "" && !slices.Contains(tags, f.Tag):
		return false
	}
	return true
}

// Counts returns the number of tickets per status, with the outbox applied.
func (r *Replica) Counts(ctx context.Context) (map[frontlinev1.TicketStatus]int, error) {
	var out map[frontlinev1.TicketStatus]int
	x := r.index()
	err := x.with(ctx, func(txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) error {
		var err error
		if out, err = r.countsIndexed(x, txn, gen, pending); err != nil {
			return err
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("replica: counts: %w", err)
	}
	return out, nil
}

// Ticket returns a ticket with its messages (oldest first, pending ones
// last) and the user's draft; desk.ErrNotFound when absent.
func (r *Replica) Ticket(ctx context.Context, ticketID string) (*Thread, error) {
	tid, ok := rawID(ticketID)
	if !ok {
		return nil, fmt.Errorf("replica: ticket: %w", desk.ErrNotFound)
	}
	var th *Thread
	err := r.view(func(txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) error {
		item, err := txn.Get(rowKey(gen, rowTicket, tid))
		if err != nil {
			return desk.ErrNotFound
		}
		t, err := decodeRow(item, new(frontlinev1.Ticket))
		if err != nil {
			return err
		}
		th = &Thread{TicketView: TicketView{Ticket: t}}
		has := messageExists(txn, gen, ticketID)
		th.Pending = r.overlayTicket(t, pending, has)
		if item, err := txn.Get(rowKey(gen, rowMark, tid)); err == nil {
			if th.Mark, err = decodeRow(item, new(frontlinev1.FieldMark)); err != nil {
				return err
			}
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: rowKey(gen, rowMessage, tid), PrefetchValues: true})
		for it.Rewind(); it.Valid(); it.Next() {
			m, err := decodeRow(it.Item(), new(frontlinev1.Message))
			if err != nil {
				it.Close()
				return err
			}
			th.Messages = append(th.Messages, MessageView{Message: m})
		}
		it.Close()
		slices.SortStableFunc(th.Messages, func(a, b MessageView) int {
			return a.Message.GetCreateTime().AsTime().Compare(b.Message.GetCreateTime().AsTime())
		})
		if item, err := txn.Get(rowKey(gen, rowDraft, tid)); err == nil {
			if th.Draft, err = decodeRow(item, new(frontlinev1.Draft)); err != nil {
				return err
			}
		}
		for _, m := range pending {
			switch op := m.GetOp().(type) {
			case *frontlinev1.Mutation_AddMessage:
				o := op.AddMessage
				if o.GetTicketId() == ticketID && !has(o.GetMessageId()) {
					th.Messages = append(th.Messages, MessageView{Pending: true, Message: &frontlinev1.Message{
						Id: o.GetMessageId(), TicketId: ticketID, AuthorKind: frontlinev1.AuthorKind_AUTHOR_KIND_AGENT,
						AuthorId: r.cfg.UserID, AuthorName: r.cfg.UserName, Body: o.GetBody(), Internal: o.GetInternal(),
						CreateTime: m.GetCreateTime(),
					}})
				}
				if o.GetTicketId() == ticketID && !o.GetInternal() {
					th.Draft = nil
				}
			case *frontlinev1.Mutation_SaveDraft:
				o := op.SaveDraft
				if o.GetTicketId() == ticketID {
					th.Draft = &frontlinev1.Draft{TicketId: ticketID, UserId: r.cfg.UserID, Body: o.GetBody(), UpdateTime: m.GetCreateTime()}
					if o.GetBody() == "" {
						th.Draft = nil
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("replica: ticket %s: %w", ticketID, err)
	}
	return th, nil
}

// scanKind decodes every row of one kind.
func scanKind[T proto.Message](r *Replica, kind byte, mk func() T, pend func(T, []*frontlinev1.Mutation)) ([]T, error) {
	var out []T
	err := r.view(func(txn *badger.Txn, gen uint32, pending []*frontlinev1.Mutation) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: kindPrefix(gen, kind), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := decodeRow(it.Item(), mk())
			if err != nil {
				return err
			}
			if pend != nil {
				pend(v, pending)
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// Articles returns the knowledge base, by title.
func (r *Replica) Articles(ctx context.Context) ([]*frontlinev1.Article, error) {
	as, err := scanKind(r, rowArticle, func() *frontlinev1.Article { return new(frontlinev1.Article) },
		func(a *frontlinev1.Article, pending []*frontlinev1.Mutation) {
			for _, m := range pending {
				if o := m.GetEditArticle(); o != nil && o.GetArticleId() == a.GetId() && o.GetBaseRevision() == a.GetRevision() {
					a.Title, a.Body = o.GetTitle(), o.GetBody()
				}
			}
		})
	if err != nil {
		return nil, fmt.Errorf("replica: articles: %w", err)
	}
	slices.SortFunc(as, func(a, b *frontlinev1.Article) int {
		return cmp.Or(cmp.Compare(a.GetTitle(), b.GetTitle()), cmp.Compare(a.GetId(), b.GetId()))
	})
	return as, nil
}

// Users returns the tenant's users, by name.
func (r *Replica) Users(ctx context.Context) ([]*frontlinev1.User, error) {
	us, err := scanKind(r, rowUser, func() *frontlinev1.User { return new(frontlinev1.User) }, nil)
	if err != nil {
		return nil, fmt.Errorf("replica: users: %w", err)
	}
	slices.SortFunc(us, func(a, b *frontlinev1.User) int { return cmp.Compare(a.GetName(), b.GetName()) })
	return us, nil
}

// Rejections returns the user's refused or held mutations ("Needs attention").
func (r *Replica) Rejections(ctx context.Context) ([]*frontlinev1.Rejection, error) {
	rs, err := scanKind(r, rowRejection, func() *frontlinev1.Rejection { return new(frontlinev1.Rejection) }, nil)
	if err != nil {
		return nil, fmt.Errorf("replica: rejections: %w", err)
	}
	return rs, nil
}

// ArticleConflicts returns kept conflict branches (admins only).
func (r *Replica) ArticleConflicts(ctx context.Context) ([]*frontlinev1.ArticleConflict, error) {
	return scanKind(r, rowConflict, func() *frontlinev1.ArticleConflict { return new(frontlinev1.ArticleConflict) }, nil)
}

// --- writes: each enqueues one intent with what the user saw as its base ---

// SetStatus queues a status change.
func (r *Replica) SetStatus(ctx context.Context, ticketID string, s frontlinev1.TicketStatus) (int64, error) {
	th, err := r.Ticket(ctx, ticketID)
	if err != nil {
		return 0, err
	}
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_SetStatus{SetStatus: &frontlinev1.SetStatusOp{
		TicketId: ticketID, Status: s, BaseStatus: th.Ticket.GetStatus()}}})
}

// SetPriority queues a priority change.
func (r *Replica) SetPriority(ctx context.Context, ticketID string, p frontlinev1.TicketPriority) (int64, error) {
	th, err := r.Ticket(ctx, ticketID)
	if err != nil {
		return 0, err
	}
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_SetPriority{SetPriority: &frontlinev1.SetPriorityOp{
		TicketId: ticketID, Priority: p, BasePriority: th.Ticket.GetPriority()}}})
}

// Assign queues an assignment ("" unassigns).
func (r *Replica) Assign(ctx context.Context, ticketID, assigneeID string) (int64, error) {
	th, err := r.Ticket(ctx, ticketID)
	if err != nil {
		return 0, err
	}
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_Assign{Assign: &frontlinev1.AssignOp{
		TicketId: ticketID, AssigneeId: assigneeID, BaseAssigneeId: th.Ticket.GetAssigneeId()}}})
}

// UpdateTags queues tag additions and removals.
func (r *Replica) UpdateTags(ctx context.Context, ticketID string, add, remove []string) (int64, error) {
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_UpdateTags{UpdateTags: &frontlinev1.UpdateTagsOp{
		TicketId: ticketID, Add: add, Remove: remove}}})
}

// AddReply queues a reply (or a note when internal) with a new message id,
// remembering the last customer message the user had seen.
func (r *Replica) AddReply(ctx context.Context, ticketID, body string, internal bool) (messageID string, mutationID int64, err error) {
	th, err := r.Ticket(ctx, ticketID)
	if err != nil {
		return "", 0, err
	}
	messageID = desk.NewID(r.cfg.Now())
	seen := th.Ticket.GetLastCustomerMessageTime()
	if seen == nil {
		seen = timestamppb.New(th.Ticket.GetCreateTime().AsTime())
	}
	mutationID, err = r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_AddMessage{AddMessage: &frontlinev1.AddMessageOp{
		MessageId: messageID, TicketId: ticketID, Body: body, Internal: internal, SeenCustomerTime: seen}}})
	return messageID, mutationID, err
}

// ConfirmHeld re-queues a reply the server held for review, to send anyway.
func (r *Replica) ConfirmHeld(ctx context.Context, rj *frontlinev1.Rejection) (int64, error) {
	o := rj.GetMutation().GetAddMessage()
	if o == nil || !rj.GetHeld() {
		return 0, fmt.Errorf("replica: confirm: not a held reply: %w", desk.ErrInvalid)
	}
	o = proto.Clone(o).(*frontlinev1.AddMessageOp)
	o.Confirmed = true
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_AddMessage{AddMessage: o}})
}

// SaveDraft queues the user's private draft ("" clears it).
func (r *Replica) SaveDraft(ctx context.Context, ticketID, body string) (int64, error) {
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_SaveDraft{SaveDraft: &frontlinev1.SaveDraftOp{TicketId: ticketID, Body: body}}})
}

// EditArticle queues an article revision written on baseRevision.
func (r *Replica) EditArticle(ctx context.Context, articleID string, baseRevision int64, title, body string) (int64, error) {
	return r.Enqueue(ctx, &frontlinev1.Mutation{Op: &frontlinev1.Mutation_EditArticle{EditArticle: &frontlinev1.EditArticleOp{
		ArticleId: articleID, BaseRevision: baseRevision, Title: title, Body: body}}})
}
