package server

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// This file is automatic assignment. When a tenant's admins turn it on
// (AssignmentRules), a ticket that needs a person gets an agent: a new desk
// ticket, a widget conversation the bot does not answer, or one the bot
// handed over. Eligible agents are active, not away, under their capacity
// of open tickets, and skilled in the ticket's category (an agent without
// skills takes every category). Round robin takes them in turn; least
// loaded takes the one with the fewest open tickets. An agent coming back
// from away picks up waiting unassigned tickets. Agents set their own
// availability; admins set capacity and skills.

const (
	maxCapacity = 1000
	// loadScanLimit bounds how many of an agent's open tickets are counted.
	loadScanLimit = maxCapacity + 1
	// backlogScan bounds how many waiting tickets one agent's return assigns.
	backlogScan = 200
)

// openStatuses are the statuses of tickets that count as an agent's load.
var openStatuses = []frontlinev1.TicketStatus{
	frontlinev1.TicketStatus_TICKET_STATUS_NEW, frontlinev1.TicketStatus_TICKET_STATUS_OPEN,
	frontlinev1.TicketStatus_TICKET_STATUS_PENDING, frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF,
}

// assignState serialises each tenant's assignments and remembers the
// round-robin position (in memory: after a restart the turn starts over).
type assignState struct {
	mu   sync.Mutex
	last map[string]string // tenant -> user assigned last
	lock map[string]*sync.Mutex
}

func newAssignState() *assignState {
	return &assignState{last: map[string]string{}, lock: map[string]*sync.Mutex{}}
}

func (a *assignState) tenantLock(tenantID string) *sync.Mutex {
	a.mu.Lock()
	defer a.mu.Unlock()
	l := a.lock[tenantID]
	if l == nil {
		l = &sync.Mutex{}
		a.lock[tenantID] = l
	}
	return l
}

// needsAgent reports whether a ticket is waiting for automatic assignment.
func needsAgent(tk *frontlinev1.Ticket) bool {
	switch {
	case tk.GetAssigneeId() != "":
		return false
	case !slices.Contains(openStatuses, tk.GetStatus()):
		return false
	case botActive(tk):
		return false // the bot is still answering
	}
	return true
}

// assignmentMode returns the tenant's automatic assignment mode.
func (s *Server) assignmentMode(ctx context.Context, tenantID string) (frontlinev1.AssignmentMode, []*frontlinev1.Setting, error) {
	all, err := s.st.Settings(ctx, tenantID)
	if err != nil {
		return 0, nil, err
	}
	for _, v := range all {
		if r := v.GetAssignmentRules(); r != nil {
			return r.GetMode(), all, nil
		}
	}
	return frontlinev1.AssignmentMode_ASSIGNMENT_MODE_UNSPECIFIED, all, nil
}

// autoAssign assigns a ticket that needs an agent, if the tenant assigns
// automatically and someone is eligible. Failures are logged: assignment
// must never cost the write that triggered it. It returns the ticket after
// assignment, or nil when nothing changed.
func (s *Server) autoAssign(ctx context.Context, tenantID, ticketID string) *frontlinev1.Ticket {
	ctx = context.WithoutCancel(ctx)
	tk, err := s.assignOne(ctx, tenantID, ticketID)
	if err != nil {
		s.log.Warn("auto-assign failed", "tenant", tenantID, "ticket", ticketID, "err", err)
		return nil
	}
	return tk
}

func (s *Server) assignOne(ctx context.Context, tenantID, ticketID string) (*frontlinev1.Ticket, error) {
	mode, _, err := s.assignmentMode(ctx, tenantID)
	if err != nil || mode == frontlinev1.AssignmentMode_ASSIGNMENT_MODE_UNSPECIFIED {
		return nil, err
	}
	l := s.assign.tenantLock(tenantID)
	l.Lock()
	defer l.Unlock()
	tk, err := s.st.Ticket(ctx, tenantID, ticketID)
	if err != nil || !needsAgent(tk) {
		return nil, err
	}
	agent, err := s.pickAgent(ctx, tenantID, mode, tk.GetTriage().GetCategory().GetLabel())
	if err != nil || agent == "" {
		return nil, err
	}
	var changed bool
	out, err := s.st.UpdateTicket(ctx, tenantID, ticketID, func(t *frontlinev1.Ticket) error {
		changed = needsAgent(t)
		if changed {
			t.AssigneeId, t.UpdateTime = agent, timestamppb.New(s.now())
		}
		return nil
	})
	if err != nil || !changed {
		return nil, err
	}
	s.assign.mu.Lock()
	s.assign.last[tenantID] = agent
	s.assign.mu.Unlock()
	return out, nil
}

// pickAgent returns the agent to give a ticket of category to, or "".
func (s *Server) pickAgent(ctx context.Context, tenantID string, mode frontlinev1.AssignmentMode, category string) (string, error) {
	users, err := s.st.ListUsers(ctx, tenantID)
	if err != nil {
		return "", err
	}
	type cand struct {
		id   string
		load int
	}
	var cands []cand
	for _, u := range users {
		if !u.GetActive() || u.GetAvailability() == frontlinev1.Availability_AVAILABILITY_AWAY {
			continue
		}
		if len(u.GetSkills()) > 0 && !slices.ContainsFunc(u.GetSkills(), func(sk string) bool { return strings.EqualFold(sk, category) }) {
			continue
		}
		load, err := s.openLoad(ctx, tenantID, u.GetId())
		if err != nil {
			return "", err
		}
		if c := int(u.GetCapacity()); c > 0 && load >= c {
			continue
		}
		cands = append(cands, cand{u.GetId(), load})
	}
	if len(cands) == 0 {
		return "", nil
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Compare(a.id, b.id) })
	if mode == frontlinev1.AssignmentMode_ASSIGNMENT_MODE_LEAST_LOADED {
		best := slices.MinFunc(cands, func(a, b cand) int { return cmp.Or(cmp.Compare(a.load, b.load), cmp.Compare(a.id, b.id)) })
		return best.id, nil
	}
	s.assign.mu.Lock()
	last := s.assign.last[tenantID]
	s.assign.mu.Unlock()
	for _, c := range cands {
		if c.id > last {
			return c.id, nil
		}
	}
	return cands[0].id, nil
}

// openLoad counts a user's open tickets (up to loadScanLimit).
func (s *Server) openLoad(ctx context.Context, tenantID, userID string) (int, error) {
	n := 0
	page := store.Page{Size: 200}
	for n < loadScanLimit {
		tks, next, err := s.st.ListTickets(ctx, tenantID, store.TicketFilter{Statuses: openStatuses, AssigneeID: userID}, page)
		if err != nil {
			return 0, err
		}
		n += len(tks)
		if next == "" {
			break
		}
		page.Token = next
	}
	return n, nil
}

// assignBacklog gives waiting unassigned tickets, oldest first, to
// eligible agents (after an agent becomes available).
func (s *Server) assignBacklog(ctx context.Context, tenantID string) {
	ctx = context.WithoutCancel(ctx)
	mode, _, err := s.assignmentMode(ctx, tenantID)
	if err != nil || mode == frontlinev1.AssignmentMode_ASSIGNMENT_MODE_UNSPECIFIED {
		return
	}
	tks, _, err := s.st.ListTickets(ctx, tenantID, store.TicketFilter{Statuses: openStatuses, Unassigned: true}, store.Page{Size: backlogScan})
	if err != nil {
		s.log.Warn("auto-assign backlog", "tenant", tenantID, "err", err)
		return
	}
	slices.SortFunc(tks, func(a, b *frontlinev1.Ticket) int {
		return a.GetCreateTime().AsTime().Compare(b.GetCreateTime().AsTime())
	})
	for _, tk := range tks {
		if needsAgent(tk) && s.autoAssign(ctx, tenantID, tk.GetId()) == nil {
			return // nobody left with room
		}
	}
}

func (i *identityService) SetAvailability(ctx context.Context, req *frontlinev1.SetAvailabilityRequest) (*frontlinev1.SetAvailabilityResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	a := req.GetAvailability()
	if a != frontlinev1.Availability_AVAILABILITY_AVAILABLE && a != frontlinev1.Availability_AVAILABILITY_AWAY {
		return nil, desk.Invalid("availability", "must be available or away")
	}
	u, err := i.s.st.UpdateUser(ctx, c.TenantID, c.User.GetId(), func(u *frontlinev1.User) error {
		u.Availability = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("set availability: %w", err)
	}
	if a == frontlinev1.Availability_AVAILABILITY_AVAILABLE {
		i.s.assignBacklog(ctx, c.TenantID)
	}
	return &frontlinev1.SetAvailabilityResponse{User: u}, nil
}

func (i *identityService) UpdateAgentProfile(ctx context.Context, req *frontlinev1.UpdateAgentProfileRequest) (*frontlinev1.UpdateAgentProfileResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("user_id", req.GetUserId()); err != nil {
		return nil, err
	}
	if req.Capacity != nil && (req.GetCapacity() < 0 || req.GetCapacity() > maxCapacity) {
		return nil, desk.Invalid("capacity", fmt.Sprintf("must be 0 (no limit) to %d", maxCapacity))
	}
	var skills []string
	if req.GetSetSkills() {
		cats, err := i.s.tenantCategories(ctx, c.TenantID)
		if err != nil {
			return nil, fmt.Errorf("update agent profile: %w", err)
		}
		for _, sk := range req.GetSkills() {
			v, err := desk.CheckTriageValue(frontlinev1.TriageField_TRIAGE_FIELD_CATEGORY, sk, cats)
			if err != nil {
				return nil, desk.Invalid("skills", fmt.Sprintf("%q is not one of the company's categories", strings.TrimSpace(sk)))
			}
			if v != "" && !slices.Contains(skills, v) {
				skills = append(skills, v)
			}
		}
		slices.Sort(skills)
	}
	u, err := i.s.st.UpdateUser(ctx, c.TenantID, req.GetUserId(), func(u *frontlinev1.User) error {
		if req.Capacity != nil {
			u.Capacity = req.GetCapacity()
		}
		if req.GetSetSkills() {
			u.Skills = skills
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update agent profile: %w", err)
	}
	var what []string
	if req.Capacity != nil {
		what = append(what, fmt.Sprintf("capacity %d", u.GetCapacity()))
	}
	if req.GetSetSkills() {
		sk := "all categories"
		if len(u.GetSkills()) > 0 {
			sk = strings.Join(u.GetSkills(), ", ")
		}
		what = append(what, "skills: "+sk)
	}
	i.s.audit(ctx, c, "user.profile", u.GetId(), fmt.Sprintf("Profile of %s set: %s", u.GetName(), strings.Join(what, "; ")))
	return &frontlinev1.UpdateAgentProfileResponse{User: u}, nil
}
