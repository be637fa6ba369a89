package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// The "Needs attention" list: changes the server refused, with its reason,
// and replies it held because the customer wrote again while the agent was
// offline. The server keeps those records; which ones the agent has dealt
// with (dismissed, confirmed or discarded) is kept beside the replica in
// dismissed.json, since only this desk cares.

const dismissedFile = "dismissed.json"

func rejectionID(rj *frontlinev1.Rejection) string {
	return rj.GetClientId() + ":" + strconv.FormatInt(rj.GetMutationId(), 10)
}

func (l *local) loadDismissed() {
	if l.dir == "" {
		return
	}
	b, err := os.ReadFile(filepath.Join(l.dir, dismissedFile))
	if err != nil {
		return
	}
	var ids []string
	if json.Unmarshal(b, &ids) != nil {
		return
	}
	for _, id := range ids {
		l.dismissed[id] = true
	}
}

func (l *local) isDismissed(id string) bool {
	l.dismissMu.Lock()
	defer l.dismissMu.Unlock()
	return l.dismissed[id]
}

func (l *local) dismiss(id string) error {
	l.dismissMu.Lock()
	defer l.dismissMu.Unlock()
	l.dismissed[id] = true
	if l.dir == "" {
		return nil
	}
	ids := make([]string, 0, len(l.dismissed))
	for k := range l.dismissed {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	b, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	tmp := filepath.Join(l.dir, dismissedFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("save dismissed: %w", err)
	}
	return os.Rename(tmp, filepath.Join(l.dir, dismissedFile))
}

// open returns the rejections not yet dealt with.
func (l *local) openRejections(ctx context.Context) ([]*frontlinev1.Rejection, error) {
	var out []*frontlinev1.Rejection
	err := l.do(func(r *replica.Replica) error {
		rs, err := r.Rejections(ctx)
		for _, rj := range rs {
			if !l.isDismissed(rejectionID(rj)) {
				out = append(out, rj)
			}
		}
		return err
	})
	return out, err
}

// syncStatus is the status line's state.
func (a *App) syncStatus(l *local) SyncStatusDTO {
	st := l.rep.Status()
	out := SyncStatusDTO{
		Online:      st.Online,
		InitialSync: st.InitialSync,
		Pending:     st.Pending,
		SyncedUpTo:  st.SyncedUpTo,
	}
	rs, err := l.openRejections(context.Background())
	if err != nil {
		a.log.Warn("read rejections", "err", err)
	}
	for _, rj := range rs {
		if rj.GetHeld() {
			out.Held++
		} else {
			out.Rejected++
		}
	}
	return out
}

// attentionDTO describes a rejection for the "Needs attention" panel.
func attentionDTO(rj *frontlinev1.Rejection, tickets map[string]*frontlinev1.Ticket, names map[string]string) AttentionDTO {
	m := rj.GetMutation()
	out := AttentionDTO{
		ID: rejectionID(rj), Reason: rj.GetReason(), Held: rj.GetHeld(),
		CreatedAt: timeString(rj.GetCreateTime()), MadeAt: timeString(m.GetCreateTime()),
	}
	var ticketID string
	switch op := m.GetOp().(type) {
	case *frontlinev1.Mutation_SetStatus:
		ticketID, out.Kind = op.SetStatus.GetTicketId(), "status"
		out.Summary = "Status → " + desk.StatusName(op.SetStatus.GetStatus())
	case *frontlinev1.Mutation_SetPriority:
		ticketID, out.Kind = op.SetPriority.GetTicketId(), "priority"
		out.Summary = "Priority → " + priorityString(op.SetPriority.GetPriority())
	case *frontlinev1.Mutation_Assign:
		ticketID, out.Kind = op.Assign.GetTicketId(), "assign"
		if id := op.Assign.GetAssigneeId(); id == "" {
			out.Summary = "Unassign"
		} else {
			out.Summary = "Assign to " + cmpOr(names[id], "someone")
		}
	case *frontlinev1.Mutation_UpdateTags:
		ticketID, out.Kind = op.UpdateTags.GetTicketId(), "tags"
		out.Summary = "Tags +" + strings.Join(op.UpdateTags.GetAdd(), ",") + " −" + strings.Join(op.UpdateTags.GetRemove(), ",")
	case *frontlinev1.Mutation_AddMessage:
		ticketID, out.Kind = op.AddMessage.GetTicketId(), "reply"
		if op.AddMessage.GetInternal() {
			out.Kind = "note"
		}
		out.Summary = excerpt(op.AddMessage.GetBody(), 120)
	case *frontlinev1.Mutation_SaveDraft:
		ticketID, out.Kind = op.SaveDraft.GetTicketId(), "draft"
		out.Summary = excerpt(op.SaveDraft.GetBody(), 120)
	case *frontlinev1.Mutation_EditArticle:
		out.Kind, out.Summary = "article", "Article edit: "+op.EditArticle.GetTitle()
	}
	out.TicketID = ticketID
	if t := tickets[ticketID]; t != nil {
		out.TicketNumber, out.TicketSubject = t.GetNumber(), t.GetSubject()
	}
	return out
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Sync is the status line and the "Needs attention" panel. Bound into the webview.
type Sync struct {
	app *App
}

// Status returns the status line: online or offline, pending changes,
// refused and held ones, and the change number the replica has synced to.
func (s *Sync) Status() (SyncStatusDTO, error) {
	l, _, err := s.app.state.current()
	if err != nil {
		return SyncStatusDTO{}, s.app.fail("sync status", err)
	}
	var st SyncStatusDTO
	err = l.do(func(*replica.Replica) error { st = s.app.syncStatus(l); return nil })
	if err != nil {
		return SyncStatusDTO{}, s.app.fail("sync status", err)
	}
	return st, nil
}

// Attention lists refused changes and held replies, oldest first.
func (s *Sync) Attention() ([]AttentionDTO, error) {
	a := s.app
	l, _, err := a.state.current()
	if err != nil {
		return nil, a.fail("attention", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	rs, err := l.openRejections(ctx)
	if err != nil {
		return nil, a.fail("attention", err)
	}
	tickets := map[string]*frontlinev1.Ticket{}
	names, err := a.names(ctx, l)
	if err != nil {
		return nil, a.fail("attention", err)
	}
	out := []AttentionDTO{}
	for _, rj := range rs {
		if id := mutationTicketID(rj.GetMutation()); id != "" && tickets[id] == nil {
			_ = l.do(func(r *replica.Replica) error {
				if th, err := r.Ticket(ctx, id); err == nil {
					tickets[id] = th.Ticket
				}
				return nil
			})
		}
		out = append(out, attentionDTO(rj, tickets, names))
	}
	slices.SortFunc(out, func(x, y AttentionDTO) int { return strings.Compare(x.CreatedAt, y.CreatedAt) })
	return out, nil
}

func mutationTicketID(m *frontlinev1.Mutation) string {
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
	}
	return ""
}

// find returns the open rejection with id.
func (s *Sync) find(ctx context.Context, l *local, id string) (*frontlinev1.Rejection, error) {
	rs, err := l.openRejections(ctx)
	if err != nil {
		return nil, err
	}
	for _, rj := range rs {
		if rejectionID(rj) == id {
			return rj, nil
		}
	}
	return nil, &UIError{Message: "That item was already dealt with", Kind: KindNotFound}
}

// Confirm sends a held reply anyway.
func (s *Sync) Confirm(id string) error {
	a := s.app
	l, _, err := a.state.current()
	if err != nil {
		return a.fail("confirm", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	rj, err := s.find(ctx, l, id)
	if err != nil {
		return a.fail("confirm", err)
	}
	if !rj.GetHeld() {
		return a.fail("confirm", &UIError{Message: "Only a held reply can be sent anyway", Kind: KindInvalid})
	}
	if err := l.do(func(r *replica.Replica) error { _, err := r.ConfirmHeld(ctx, rj); return err }); err != nil {
		return a.fail("confirm", err)
	}
	if err := l.dismiss(id); err != nil {
		a.log.Warn("dismiss", "err", err)
	}
	a.emit(EventSyncStatus, a.syncStatus(l))
	a.emit(EventReplicaChanged, a.syncStatus(l))
	return nil
}

// Dismiss drops a refused change or discards a held reply from the list.
func (s *Sync) Dismiss(id string) error {
	a := s.app
	l, _, err := a.state.current()
	if err != nil {
		return a.fail("dismiss", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	if _, err := s.find(ctx, l, id); err != nil {
		return a.fail("dismiss", err)
	}
	if err := l.dismiss(id); err != nil {
		return a.fail("dismiss", err)
	}
	a.emit(EventSyncStatus, a.syncStatus(l))
	a.emit(EventReplicaChanged, a.syncStatus(l))
	return nil
}

// Reconnect retries the server at once instead of waiting out the back-off.
func (s *Sync) Reconnect() error {
	a := s.app
	l, _, err := a.state.current()
	if err != nil {
		return a.fail("reconnect", err)
	}
	l.restart(a, func() { a.sessionRefused(l) })
	return nil
}
