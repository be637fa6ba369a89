package main

// Checks for build/e2e/deskday.sh: `verify -do ACTION [ARGS...]` signs in
// as -email and does or checks one thing on the server, retrying a check
// until -wait has passed. Printed output (one line) is for the script.
//
//	category NAME                  a category NAME with examples exists
//	sla-high FIRST RESOLUTION      put the high-priority SLA policy (minutes) and read it back
//	required-field KEY LABEL       put a text custom field required to resolve
//	invite EMAIL                   invite an agent; prints the invite token
//	accept TOKEN NAME PASSWORD     accept an invite; prints the new user's id
//	profile EMAIL CAPACITY SKILL   set an agent's capacity and skills; read them back
//	round-robin                    turn on round-robin assignment and read it back
//	assigned NUMBER...             the tickets are assigned to the signed-in user
//	status NUMBER STATUS           the ticket has the status (e.g. resolved)
//	handover                       a widget customer asks for a person; prints "NUMBER TOKEN"
//	widget-sees TOKEN MARKER       the customer's widget shows an agent reply with MARKER
//	count-mine                     prints how many tickets are assigned to the signed-in user
//	set-field NUMBER KEY VALUE     set a custom field on a ticket
//	message NUMBER MARKER          prints the body of the message with MARKER (newlines as " | ")
//	created FROM TO [ZONE]         tickets created FROM..TO (local dates, both included)

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

var doFlag = flag.String("do", "", "instead of looking for a reply: do or check one thing (see checks.go)")

type client struct {
	hc       *http.Client
	server   string
	user     *frontlinev1.User
	identity frontlinev1connect.IdentityServiceClient
	tickets  frontlinev1connect.TicketServiceClient
	settings frontlinev1connect.SettingsServiceClient
}

func bearerOpt(token string) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}))
}

// runDo runs -do with the positional arguments; it returns the exit code.
func runDo(server, company, email, password string, wait time.Duration, args []string) int {
	ctx, cancel := context.WithTimeout(context.Background(), wait+20*time.Second)
	defer cancel()
	out, err := do(ctx, server, company, email, password, wait, *doFlag, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "verify -do %s: %v\n", *doFlag, err)
		return 1
	}
	fmt.Println(out)
	return 0
}

func do(ctx context.Context, server, company, email, password string, wait time.Duration, action string, args []string) (string, error) {
	hc := &http.Client{Timeout: 15 * time.Second}
	need := func(n int) error {
		if len(args) < n {
			return fmt.Errorf("want %d arguments, got %q", n, args)
		}
		return nil
	}
	// Actions without a desk session.
	switch action {
	case "handover":
		h, err := handover(ctx, hc, server)
		return h, err
	case "widget-sees":
		if err := need(2); err != nil {
			return "", err
		}
		return until(ctx, wait, func() (string, error) { return widgetSees(ctx, hc, server, args[0], args[1]) })
	case "accept":
		if err := need(3); err != nil {
			return "", err
		}
		res, err := frontlinev1connect.NewIdentityServiceClient(hc, server).AcceptInvite(ctx,
			&frontlinev1.AcceptInviteRequest{InviteToken: args[0], Name: args[1], Password: args[2]})
		if err != nil {
			return "", err
		}
		return res.GetUser().GetId(), nil
	}

	login, err := frontlinev1connect.NewIdentityServiceClient(hc, server).Login(ctx,
		&frontlinev1.LoginRequest{CompanyName: company, Email: email, Password: password})
	if err != nil {
		return "", fmt.Errorf("login: %w", err)
	}
	auth := bearerOpt(login.GetSession().GetToken())
	c := &client{hc: hc, server: server, user: login.GetUser(),
		identity: frontlinev1connect.NewIdentityServiceClient(hc, server, auth),
		tickets:  frontlinev1connect.NewTicketServiceClient(hc, server, auth),
		settings: frontlinev1connect.NewSettingsServiceClient(hc, server, auth)}
	defer func() { _, _ = c.identity.Logout(context.WithoutCancel(ctx), &frontlinev1.LogoutRequest{}) }()

	switch action {
	case "category":
		if err := need(1); err != nil {
			return "", err
		}
		return until(ctx, wait, func() (string, error) {
			all, err := c.list(ctx)
			if err != nil {
				return "", err
			}
			for _, s := range all {
				if cat := s.GetCategory(); cat != nil && cat.GetName() == args[0] {
					if len(cat.GetExamples()) == 0 {
						return "", fmt.Errorf("category %q has no examples: %w", args[0], errNotYet)
					}
					return fmt.Sprintf("%s: %d examples", cat.GetName(), len(cat.GetExamples())), nil
				}
			}
			return "", fmt.Errorf("no category %q: %w", args[0], errNotYet)
		})
	case "sla-high":
		if err := need(2); err != nil {
			return "", err
		}
		first, err1 := strconv.Atoi(args[0])
		res, err2 := strconv.Atoi(args[1])
		if err := errors.Join(err1, err2); err != nil {
			return "", err
		}
		all, err := c.list(ctx)
		if err != nil {
			return "", err
		}
		s := &frontlinev1.Setting{}
		for _, x := range all {
			if p := x.GetSlaPolicy(); p != nil && p.GetPriority() == frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH {
				s.Id = x.GetId()
			}
		}
		s.Value = &frontlinev1.Setting_SlaPolicy{SlaPolicy: &frontlinev1.SLAPolicy{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH,
			FirstResponseMinutes: int32(first), ResolutionMinutes: int32(res), BusinessHours: true}}
		if _, err := c.settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: s}); err != nil {
			return "", fmt.Errorf("put the SLA policy: %w", err)
		}
		return until(ctx, wait, func() (string, error) {
			all, err := c.list(ctx)
			if err != nil {
				return "", err
			}
			for _, x := range all {
				if p := x.GetSlaPolicy(); p != nil && p.GetPriority() == frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH &&
					p.GetFirstResponseMinutes() == int32(first) && p.GetResolutionMinutes() == int32(res) {
					return fmt.Sprintf("high: first response %dm, resolution %dm", first, res), nil
				}
			}
			return "", fmt.Errorf("no high SLA policy %d/%d: %w", first, res, errNotYet)
		})
	case "required-field":
		if err := need(2); err != nil {
			return "", err
		}
		all, err := c.list(ctx)
		if err != nil {
			return "", err
		}
		s := &frontlinev1.Setting{}
		for _, x := range all {
			if f := x.GetCustomField(); f != nil && f.GetKey() == args[0] {
				s.Id = x.GetId()
			}
		}
		s.Value = &frontlinev1.Setting_CustomField{CustomField: &frontlinev1.CustomField{Key: args[0], Label: args[1],
			Type: frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_TEXT, RequiredToResolve: true}}
		if _, err := c.settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: s}); err != nil {
			return "", fmt.Errorf("put the custom field: %w", err)
		}
		return "field " + args[0], nil
	case "invite":
		if err := need(1); err != nil {
			return "", err
		}
		res, err := c.identity.InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: args[0], Role: frontlinev1.Role_ROLE_AGENT})
		if err != nil {
			return "", err
		}
		return res.GetInviteToken(), nil
	case "profile":
		if err := need(3); err != nil {
			return "", err
		}
		capacity, err := strconv.Atoi(args[1])
		if err != nil {
			return "", err
		}
		u, err := c.userByEmail(ctx, args[0])
		if err != nil {
			return "", err
		}
		cp := int32(capacity)
		if _, err := c.identity.UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{UserId: u.GetId(), Capacity: &cp,
			Skills: []string{args[2]}, SetSkills: true}); err != nil {
			return "", err
		}
		return until(ctx, wait, func() (string, error) {
			u, err := c.userByEmail(ctx, args[0])
			if err != nil {
				return "", err
			}
			if u.GetCapacity() != cp || !slices.Contains(u.GetSkills(), args[2]) {
				return "", fmt.Errorf("%s has capacity %d skills %q: %w", args[0], u.GetCapacity(), u.GetSkills(), errNotYet)
			}
			return fmt.Sprintf("%s: capacity %d, skills %s", args[0], cp, strings.Join(u.GetSkills(), ",")), nil
		})
	case "round-robin":
		if _, err := c.settings.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: &frontlinev1.Setting{
			Value: &frontlinev1.Setting_AssignmentRules{AssignmentRules: &frontlinev1.AssignmentRules{Mode: frontlinev1.AssignmentMode_ASSIGNMENT_MODE_ROUND_ROBIN}}}}); err != nil {
			return "", fmt.Errorf("put the assignment rules: %w", err)
		}
		return until(ctx, wait, func() (string, error) {
			all, err := c.list(ctx)
			if err != nil {
				return "", err
			}
			for _, x := range all {
				if r := x.GetAssignmentRules(); r != nil && r.GetMode() == frontlinev1.AssignmentMode_ASSIGNMENT_MODE_ROUND_ROBIN {
					return "round robin", nil
				}
			}
			return "", fmt.Errorf("assignment is not round robin: %w", errNotYet)
		})
	case "assigned":
		return until(ctx, wait, func() (string, error) {
			for _, a := range args {
				n, err := strconv.ParseInt(a, 10, 64)
				if err != nil {
					return "", err
				}
				t, err := c.ticket(ctx, n)
				if err != nil {
					return "", err
				}
				if t.GetAssigneeId() != c.user.GetId() {
					return "", fmt.Errorf("ticket #%d is assigned to %q: %w", n, t.GetAssigneeId(), errNotYet)
				}
			}
			return fmt.Sprintf("%d tickets assigned to %s", len(args), c.user.GetName()), nil
		})
	case "status":
		if err := need(2); err != nil {
			return "", err
		}
		n, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil {
			return "", err
		}
		return until(ctx, wait, func() (string, error) {
			t, err := c.ticket(ctx, n)
			if err != nil {
				return "", err
			}
			got := strings.ToLower(strings.TrimPrefix(t.GetStatus().String(), "TICKET_STATUS_"))
			if got != args[1] {
				return "", fmt.Errorf("ticket #%d is %s, want %s: %w", n, got, args[1], errNotYet)
			}
			return fmt.Sprintf("#%d %s fields=%v", n, got, t.GetCustomFields()), nil
		})
	case "count-mine":
		n := 0
		err := c.each(ctx, func(t *frontlinev1.Ticket) {
			if t.GetAssigneeId() == c.user.GetId() {
				n++
			}
		})
		return strconv.Itoa(n), err
	case "set-field":
		if err := need(3); err != nil {
			return "", err
		}
		n, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil {
			return "", err
		}
		t, err := c.ticket(ctx, n)
		if err != nil {
			return "", err
		}
		if _, err := c.tickets.UpdateTicket(ctx, &frontlinev1.UpdateTicketRequest{Id: t.GetId(), CustomFields: map[string]string{args[1]: args[2]}}); err != nil {
			return "", fmt.Errorf("set %s on #%d: %w", args[1], n, err)
		}
		return fmt.Sprintf("#%d %s=%s", n, args[1], args[2]), nil
	case "message":
		if err := need(2); err != nil {
			return "", err
		}
		n, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil {
			return "", err
		}
		return until(ctx, wait, func() (string, error) {
			t, err := c.ticket(ctx, n)
			if err != nil {
				return "", err
			}
			got, err := c.tickets.GetTicket(ctx, &frontlinev1.GetTicketRequest{Id: t.GetId()})
			if err != nil {
				return "", err
			}
			for _, m := range got.GetMessages() {
				if strings.Contains(m.GetBody(), args[1]) {
					return strings.ReplaceAll(m.GetBody(), "\n", " | "), nil
				}
			}
			return "", fmt.Errorf("no message with %q on #%d: %w", args[1], n, errNotYet)
		})
	case "created":
		if err := need(2); err != nil {
			return "", err
		}
		loc := time.Local
		if len(args) > 2 && args[2] != "" {
			if loc, err = time.LoadLocation(args[2]); err != nil {
				return "", err
			}
		}
		from, err1 := time.ParseInLocation(time.DateOnly, args[0], loc)
		to, err2 := time.ParseInLocation(time.DateOnly, args[1], loc)
		if err := errors.Join(err1, err2); err != nil {
			return "", err
		}
		to = to.AddDate(0, 0, 1)
		n := 0
		err = c.each(ctx, func(t *frontlinev1.Ticket) {
			if at := t.GetCreateTime().AsTime(); !at.Before(from) && at.Before(to) {
				n++
			}
		})
		return strconv.Itoa(n), err
	}
	return "", fmt.Errorf("unknown action %q", action)
}

// until retries fn while it reports errNotYet, for up to wait.
func until(ctx context.Context, wait time.Duration, fn func() (string, error)) (string, error) {
	deadline := time.Now().Add(wait)
	for {
		out, err := fn()
		if !errors.Is(err, errNotYet) || !time.Now().Before(deadline) {
			return out, err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
}

func (c *client) list(ctx context.Context) ([]*frontlinev1.Setting, error) {
	res, err := c.settings.ListSettings(ctx, &frontlinev1.ListSettingsRequest{})
	if err != nil {
		return nil, fmt.Errorf("list settings: %w", err)
	}
	return res.GetSettings(), nil
}

func (c *client) userByEmail(ctx context.Context, email string) (*frontlinev1.User, error) {
	res, err := c.identity.ListUsers(ctx, &frontlinev1.ListUsersRequest{})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	for _, u := range res.GetUsers() {
		if strings.EqualFold(u.GetEmail(), email) {
			return u, nil
		}
	}
	return nil, fmt.Errorf("no user %s", email)
}

func (c *client) each(ctx context.Context, fn func(*frontlinev1.Ticket)) error {
	req := &frontlinev1.ListTicketsRequest{PageSize: 200}
	for {
		page, err := c.tickets.ListTickets(ctx, req)
		if err != nil {
			return fmt.Errorf("list tickets: %w", err)
		}
		for _, t := range page.GetTickets() {
			fn(t)
		}
		if page.GetNextPageToken() == "" {
			return nil
		}
		req.PageToken = page.GetNextPageToken()
	}
}

func (c *client) ticket(ctx context.Context, number int64) (*frontlinev1.Ticket, error) {
	var found *frontlinev1.Ticket
	if err := c.each(ctx, func(t *frontlinev1.Ticket) {
		if t.GetNumber() == number {
			found = t
		}
	}); err != nil {
		return nil, err
	}
	if found == nil {
		return nil, fmt.Errorf("no ticket #%d", number)
	}
	return found, nil
}

// handover plays a widget customer who asks for a person; it prints the
// conversation's number and the customer's token.
func handover(ctx context.Context, hc *http.Client, server string) (string, error) {
	anon := frontlinev1connect.NewWidgetServiceClient(hc, server)
	var res *frontlinev1.StartConversationResponse
	var err error
	for range 20 {
		res, err = anon.StartConversation(ctx, &frontlinev1.StartConversationRequest{
			WidgetKey: "flw_demo_northwind_bikes", Name: "Lena Live", Email: "lena.live@example.com",
			Product: "Larkspur 29 trail bike", Description: "My rear brake squeals after the rain, can a person help?",
		})
		if connect.CodeOf(err) != connect.CodeResourceExhausted {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if err != nil {
		return "", fmt.Errorf("start a conversation: %w", err)
	}
	w := frontlinev1connect.NewWidgetServiceClient(hc, server, bearerOpt(res.GetToken()))
	h, err := w.RequestHuman(ctx, &frontlinev1.RequestHumanRequest{})
	if err != nil {
		return "", fmt.Errorf("request a person: %w", err)
	}
	return fmt.Sprintf("%d %s", h.GetConversation().GetNumber(), res.GetToken()), nil
}

func widgetSees(ctx context.Context, hc *http.Client, server, token, marker string) (string, error) {
	w := frontlinev1connect.NewWidgetServiceClient(hc, server, bearerOpt(token))
	th, err := w.GetConversation(ctx, &frontlinev1.GetConversationRequest{})
	if err != nil {
		return "", fmt.Errorf("read the conversation: %w", err)
	}
	for _, m := range th.GetMessages() {
		if strings.Contains(m.GetBody(), marker) {
			if m.GetAuthorKind() != frontlinev1.AuthorKind_AUTHOR_KIND_AGENT || m.GetInternal() {
				return "", fmt.Errorf("the message with the marker is %s internal=%v", m.GetAuthorKind(), m.GetInternal())
			}
			return "customer sees: " + m.GetAuthorName(), nil
		}
	}
	return "", fmt.Errorf("the customer sees no reply with %q: %w", marker, errNotYet)
}
