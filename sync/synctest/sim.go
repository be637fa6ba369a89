package synctest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/dgraph-io/badger/v4"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// SimConfig sizes one simulation run.
type SimConfig struct {
	Seed    uint64
	Clients int // replicas (the first is an admin, the rest agents)
	Steps   int
	Tickets int
	Faults  Faults
	// DBs, when set, are reused as the replicas' databases (wiped first and
	// left open), which saves opening badger per run.
	DBs []*badger.DB
	// Trace, when set, receives a line per step (debugging).
	Trace func(format string, args ...any)
}

// SimReport is what a run did.
type SimReport struct {
	Enqueued, Rejected, Crashes, Syncs, SyncErrors, RoleChanges int
	Head                                                        int64
}

// simClient is one replica in the simulation.
type simClient struct {
	member   Member
	db       *badger.DB
	rep      *replica.Replica
	tr       *FaultyTransport
	enqueued map[string]int64 // client id -> highest mutation id enqueued
	lastSeq  int64
}

// Sim is a server (handler + store) and replicas of one tenant.
type Sim struct {
	cfg     SimConfig
	st      store.Store
	h       http.Handler
	rnd     *rand.Rand
	tenant  Tenant
	tickets []string
	article string
	clients []*simClient
	clock   time.Time
	rep     SimReport
}

// RunSim runs one seeded simulation against the server handler h over st
// and checks the invariants; the error names the seed and the violation.
func RunSim(ctx context.Context, st store.Store, h http.Handler, cfg SimConfig) (SimReport, error) {
	s := &Sim{cfg: cfg, st: st, h: h, rnd: rand.New(rand.NewPCG(cfg.Seed, 0x5eed)), clock: time.Now()}
	err := s.run(ctx)
	if cfg.DBs == nil {
		for _, c := range s.clients {
			_ = c.db.Close()
		}
	}
	if err != nil {
		return s.rep, fmt.Errorf("seed %d: %w", cfg.Seed, err)
	}
	return s.rep, nil
}

func (s *Sim) now() time.Time { s.clock = s.clock.Add(time.Millisecond); return s.clock }

// OpenMemDB opens a small in-memory badger for a simulated replica.
func OpenMemDB() (*badger.DB, error) {
	return badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil).
		WithMemTableSize(1 << 20).WithBlockCacheSize(1 << 20).WithIndexCacheSize(1 << 20).
		WithNumMemtables(1).WithNumLevelZeroTables(1).WithNumLevelZeroTablesStall(2).
		WithNumCompactors(2).WithMetricsEnabled(false).WithValueThreshold(8 << 10))
}

func (s *Sim) run(ctx context.Context) error {
	roles := []frontlinev1.Role{frontlinev1.Role_ROLE_ADMIN}
	for len(roles) < s.cfg.Clients {
		roles = append(roles, frontlinev1.Role_ROLE_AGENT)
	}
	var err error
	if s.tenant, err = NewTenant(ctx, s.st, fmt.Sprintf("Sim %d %d", s.cfg.Seed, time.Now().UnixNano()), roles...); err != nil {
		return err
	}
	for i := 0; i < s.cfg.Tickets; i++ {
		t, err := NewTicket(ctx, s.st, s.tenant.ID, fmt.Sprintf("ticket %d", i), s.now())
		if err != nil {
			return err
		}
		s.tickets = append(s.tickets, t.GetId())
	}
	a, err := NewArticle(ctx, s.st, s.tenant.ID, "Returns", s.now())
	if err != nil {
		return err
	}
	s.article = a.GetId()
	hc := InProcessClient(s.h)
	for i, m := range s.tenant.Members {
		var db *badger.DB
		if i < len(s.cfg.DBs) {
			db = s.cfg.DBs[i]
			if err := db.DropAll(); err != nil {
				return err
			}
		} else if db, err = OpenMemDB(); err != nil {
			return err
		}
		c := &simClient{member: m, db: db, enqueued: map[string]int64{}}
		c.tr = &FaultyTransport{Inner: replica.ConnectTransport(SyncClient(hc, "http://sim", m.Token)),
			Rand: rand.New(rand.NewPCG(s.cfg.Seed, uint64(i+1))), Faults: s.cfg.Faults}
		if err := s.open(c); err != nil {
			return err
		}
		s.clients = append(s.clients, c)
	}
	for step := 0; step < s.cfg.Steps; step++ {
		if err := s.step(ctx); err != nil {
			return fmt.Errorf("step %d: %w", step, err)
		}
	}
	if err := s.heal(ctx); err != nil {
		return err
	}
	return s.check(ctx)
}

func (s *Sim) open(c *simClient) error {
	r, err := replica.New(c.db, replica.Config{UserID: c.member.User.GetId(), UserName: c.member.User.GetName(), Now: s.now, PageSize: 7})
	if err != nil {
		return err
	}
	c.rep = r
	return nil
}

func (s *Sim) tracef(format string, args ...any) {
	if s.cfg.Trace != nil {
		s.cfg.Trace(format, args...)
	}
}

func (s *Sim) step(ctx context.Context) error {
	c := s.clients[s.rnd.IntN(len(s.clients))]
	p := s.rnd.IntN(100)
	_, seq, _ := c.rep.Cursor()
	s.tracef("client %s p=%d cursor=%d", c.member.User.GetName(), p, seq)
	switch {
	case p < 35:
		return s.localWrite(ctx, c)
	case p < 65:
		s.rep.Syncs++
		if err := c.rep.SyncOnce(ctx, c.tr); err != nil {
			s.tracef("sync error: %v", err)
			s.rep.SyncErrors++
			if !errors.Is(err, ErrInjected) && !isGap(err) {
				return fmt.Errorf("sync: %w", err)
			}
		}
		return s.checkCursor(c)
	case p < 75:
		return s.serverWrite(ctx)
	case p < 82:
		c.tr.DeliverDelayed(ctx, s.rnd.IntN(2) == 0)
	case p < 86:
		// Crash: the process dies; only what is in the database survives.
		s.rep.Crashes++
		return s.open(c)
	case p < 90:
		c.tr.Offline = !c.tr.Offline
	case p < 92 && len(s.clients) > 2:
		return s.toggleRole(ctx)
	}
	return nil
}

func isGap(err error) bool {
	return err != nil && err.Error() == "replica: page does not follow the cursor"
}

func (s *Sim) checkCursor(c *simClient) error {
	_, seq, err := c.rep.Cursor()
	if err != nil {
		return err
	}
	if seq < c.lastSeq {
		return fmt.Errorf("I5: client %s cursor went back from %d to %d", c.member.User.GetName(), c.lastSeq, seq)
	}
	c.lastSeq = seq
	return nil
}

var statuses = []frontlinev1.TicketStatus{
	frontlinev1.TicketStatus_TICKET_STATUS_OPEN, frontlinev1.TicketStatus_TICKET_STATUS_PENDING,
	frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED, frontlinev1.TicketStatus_TICKET_STATUS_CLOSED,
}

func (s *Sim) localWrite(ctx context.Context, c *simClient) error {
	tid := s.tickets[s.rnd.IntN(len(s.tickets))]
	var err error
	switch s.rnd.IntN(9) {
	case 0:
		_, err = c.rep.SetStatus(ctx, tid, statuses[s.rnd.IntN(len(statuses))])
	case 1:
		_, err = c.rep.SetPriority(ctx, tid, frontlinev1.TicketPriority(1+s.rnd.IntN(4)))
	case 2:
		u := s.tenant.Members[s.rnd.IntN(len(s.tenant.Members))].User.GetId()
		if s.rnd.IntN(4) == 0 {
			u = ""
		}
		_, err = c.rep.Assign(ctx, tid, u)
	case 3:
		tags := []string{"billing", "bug", "vip", "Bad Tag!"}
		_, err = c.rep.UpdateTags(ctx, tid, []string{tags[s.rnd.IntN(4)]}, []string{tags[s.rnd.IntN(4)]})
	case 4, 5:
		_, _, err = c.rep.AddReply(ctx, tid, fmt.Sprintf("reply %d", s.rnd.IntN(1000)), s.rnd.IntN(3) == 0)
	case 6:
		_, err = c.rep.SaveDraft(ctx, tid, []string{"", "draft a", "draft b"}[s.rnd.IntN(3)])
	case 7:
		rev := int64(1 + s.rnd.IntN(3))
		_, err = c.rep.EditArticle(ctx, s.article, rev, fmt.Sprintf("Returns v%d", rev), "new body")
	case 8:
		rs, rerr := c.rep.Rejections(ctx)
		if rerr != nil {
			return rerr
		}
		for _, rj := range rs {
			if rj.GetHeld() {
				_, err = c.rep.ConfirmHeld(ctx, rj)
				break
			}
		}
	}
	s.tracef("local write err=%v", err)
	if err != nil {
		if errors.Is(err, errNotFoundLocal) || isNotFound(err) {
			return nil // the replica has not seen the ticket yet
		}
		return fmt.Errorf("local write: %w", err)
	}
	s.noteEnqueued(c)
	return nil
}

var errNotFoundLocal = errors.New("not found")

func isNotFound(err error) bool {
	return err != nil && (errors.Is(err, errNotFoundLocal) || containsNotFound(err.Error()))
}

func containsNotFound(s string) bool {
	return len(s) >= 9 && (s[len(s)-9:] == "not found")
}

func (s *Sim) noteEnqueued(c *simClient) {
	ms, _ := c.rep.Outbox()
	id := c.rep.ClientID()
	for _, m := range ms {
		if m.GetId() > c.enqueued[id] {
			c.enqueued[id] = m.GetId()
			s.rep.Enqueued++
		}
	}
}

func (s *Sim) serverWrite(ctx context.Context) error {
	switch s.rnd.IntN(3) {
	case 0:
		t, err := NewTicket(ctx, s.st, s.tenant.ID, "late ticket", s.now())
		if err != nil {
			return err
		}
		s.tickets = append(s.tickets, t.GetId())
		return nil
	default:
		return CustomerMessage(ctx, s.st, s.tenant.ID, s.tickets[s.rnd.IntN(len(s.tickets))], "customer again", s.now())
	}
}

// toggleRole makes the last agent an admin or back, as SetRole would.
func (s *Sim) toggleRole(ctx context.Context) error {
	s.rep.RoleChanges++
	m := &s.tenant.Members[len(s.tenant.Members)-1]
	u, err := s.st.UpdateUser(ctx, s.tenant.ID, m.User.GetId(), func(u *frontlinev1.User) error {
		if u.Role == frontlinev1.Role_ROLE_ADMIN {
			u.Role = frontlinev1.Role_ROLE_AGENT
		} else {
			u.Role = frontlinev1.Role_ROLE_ADMIN
		}
		return nil
	})
	if err != nil {
		return err
	}
	m.User = u
	return nil
}

// heal lifts every fault and syncs until quiescent (I13: bounded rounds).
func (s *Sim) heal(ctx context.Context) error {
	for _, c := range s.clients {
		c.tr.Offline, c.tr.Faults = false, Faults{}
		for c.tr.DeliverDelayed(ctx, true) {
		}
	}
	for round := 0; round < 40; round++ {
		for _, c := range s.clients {
			err := c.rep.SyncOnce(ctx, c.tr)
			_, seq, _ := c.rep.Cursor()
			s.tracef("heal %s: err=%v cursor=%d", c.member.User.GetName(), err, seq)
			if err != nil && !isGap(err) {
				return fmt.Errorf("heal: %w", err)
			}
			if err := s.checkCursor(c); err != nil {
				return err
			}
		}
		ls, err := s.st.LogState(ctx, s.tenant.ID, "")
		if err != nil {
			return err
		}
		quiet := true
		for _, c := range s.clients {
			ms, err := c.rep.Outbox()
			if err != nil {
				return err
			}
			if len(ms) > 0 || c.rep.Status().InitialSync || c.lastSeq != ls.Head {
				quiet = false
			}
		}
		if quiet {
			return nil
		}
	}
	return errors.New("I13: replicas did not quiesce within 40 rounds after faults healed")
}

// check verifies I1-I5 at quiescence.
func (s *Sim) check(ctx context.Context) error {
	ls, err := s.st.LogState(ctx, s.tenant.ID, "")
	if err != nil {
		return err
	}
	s.rep.Head = ls.Head
	// The whole log, to check exactly-once and per-client order.
	log, _, err := s.st.Changes(ctx, s.tenant.ID, 0, int(ls.Head)+1)
	if err != nil {
		return err
	}
	for i, c := range log {
		if c.GetSeq() != int64(i+1) {
			return fmt.Errorf("log not gapless: record %d has seq %d", i, c.GetSeq())
		}
	}
	type txnOf struct{ first, last int64 }
	for _, c := range s.clients {
		for cid, n := range c.enqueued {
			seen := map[int64]txnOf{}
			var order []int64
			txnStart := int64(1)
			for _, rec := range log {
				if rec.GetClientId() == cid {
					t, ok := seen[rec.GetMutationId()]
					if ok && t.first != txnStart {
						return fmt.Errorf("I3: client %s mutation %d applied in two transactions (seq %d and %d)", cid, rec.GetMutationId(), t.first, rec.GetSeq())
					}
					if !ok {
						seen[rec.GetMutationId()] = txnOf{first: txnStart}
						order = append(order, rec.GetMutationId())
					}
					if rec.GetRejection() != nil {
						s.rep.Rejected++
					}
				}
				if rec.GetTxnEnd() {
					txnStart = rec.GetSeq() + 1
				}
			}
			for i, id := range order {
				if id != int64(i+1) {
					return fmt.Errorf("I4: client %s applied mutation %d at position %d", cid, id, i+1)
				}
			}
			if int64(len(order)) < n {
				return fmt.Errorf("I2: client %s enqueued %d mutations, only %d applied or rejected", cid, n, len(order))
			}
		}
		ms, err := c.rep.Outbox()
		if err != nil {
			return err
		}
		if len(ms) != 0 {
			return fmt.Errorf("I2: client %s outbox still holds %d", c.member.User.GetName(), len(ms))
		}
		// I1: the replica equals the server filtered by the user's buckets.
		u, err := s.st.User(ctx, s.tenant.ID, c.member.User.GetId())
		if err != nil {
			return err
		}
		want, err := ServerRows(ctx, s.st, s.tenant.ID, store.SnapshotScope{UserID: u.GetId(), Admin: u.GetRole() == frontlinev1.Role_ROLE_ADMIN}, replica.RowName, replica.RowValue)
		if err != nil {
			return err
		}
		got, err := c.rep.Dump()
		if err != nil {
			return err
		}
		if !maps.Equal(want, got) {
			return fmt.Errorf("I1: client %s differs from the server: %s", c.member.User.GetName(), diffKeys(want, got))
		}
		if _, seq, _ := c.rep.Cursor(); seq != ls.Head {
			return fmt.Errorf("I5: client %s cursor %d, head %d", c.member.User.GetName(), seq, ls.Head)
		}
	}
	return nil
}

func diffKeys(want, got map[string]string) string {
	var missing, extra, changed []string
	for k, v := range want {
		g, ok := got[k]
		switch {
		case !ok:
			missing = append(missing, k)
		case g != v:
			changed = append(changed, k)
			if DebugDiff != nil {
				DebugDiff(k, v, g)
			}
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(changed)
	return fmt.Sprintf("missing %v extra %v changed %v", head(missing), head(extra), head(changed))
}

func head(s []string) []string { return s[:min(len(s), 5)] }

var _ = slices.Contains[[]int]

// DebugDiff is set by tests to print differing rows.
var DebugDiff func(k, want, got string)
