package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Admin is the admin's part of the settings screen: the team (agents), the
// customer widget and bot, the LLM provider and the audit log; plus every
// user's own availability. Bound into the webview. Reads of the team and the
// audit log come from the replica (they work offline); everything else calls
// the server with the session token, only while online. The server decides
// who may do what (admins, except SetAvailability).
type Admin struct {
	app *App
}

// adminRemote is implemented by a Server that can reach the server's
// identity, widget-admin and AI-admin services (remoteServer does).
type adminRemote interface {
	Identity() frontlinev1connect.IdentityServiceClient
	WidgetAdmin() frontlinev1connect.WidgetAdminServiceClient
	AIAdmin() frontlinev1connect.AIAdminServiceClient
}

// Identity is the server's IdentityService (see adminRemote).
func (s *remoteServer) Identity() frontlinev1connect.IdentityServiceClient { return s.identity }

// WidgetAdmin is the server's WidgetAdminService (see adminRemote).
func (s *remoteServer) WidgetAdmin() frontlinev1connect.WidgetAdminServiceClient {
	return s.widgetAdmin
}

// AIAdmin is the server's AIAdminService (see adminRemote).
func (s *remoteServer) AIAdmin() frontlinev1connect.AIAdminServiceClient { return s.aiAdmin }

// MsgAdminOffline is what an admin change says without a server.
const MsgAdminOffline = "This needs a connection to the server — try again when you are online"

// errAdminOffline is an admin call tried while offline.
var errAdminOffline = errors.New("admin call while offline")

// Availability words of the UI.
const (
	AvailabilityAvailable = "available"
	AvailabilityAway      = "away"
)

// AgentDTO is one user of the company as the Agents section shows them.
type AgentDTO struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Email        string   `json:"email"`
	Role         string   `json:"role"`
	Active       bool     `json:"active"`
	Availability string   `json:"availability"`
	Capacity     int      `json:"capacity"`
	Skills       []string `json:"skills"`
	JoinedAt     string   `json:"joinedAt"`
	// Me marks the signed-in user.
	Me bool `json:"me"`
}

// AgentsDTO is the team, with what the forms need.
type AgentsDTO struct {
	Agents []AgentDTO `json:"agents"`
	// Categories are the tenant's ticket categories, the possible skills.
	Categories []string `json:"categories"`
	CanEdit    bool     `json:"canEdit"`
	Online     bool     `json:"online"`
}

// InviteDTO is an invitation the admin passes on; the token is shown once.
type InviteDTO struct {
	Email     string `json:"email"`
	Role      string `json:"role"`
	Token     string `json:"token"`
	ExpiresAt string `json:"expiresAt"`
	ServerURL string `json:"serverURL"`
	Company   string `json:"company"`
}

// OpeningHoursDTO is one open interval of one weekday (0 Sunday .. 6 Saturday).
type OpeningHoursDTO struct {
	Weekday int    `json:"weekday"`
	Open    string `json:"open"`
	Close   string `json:"close"`
}

// WidgetSettingsDTO is how the company's chat widget looks and behaves.
type WidgetSettingsDTO struct {
	AllowedOrigins    []string          `json:"allowedOrigins"`
	AccentColor       string            `json:"accentColor"`
	Greeting          string            `json:"greeting"`
	BotName           string            `json:"botName"`
	BotTone           string            `json:"botTone"`
	BotEnabled        bool              `json:"botEnabled"`
	InactivityMinutes int               `json:"inactivityMinutes"`
	TimeZone          string            `json:"timeZone"`
	Days              []OpeningHoursDTO `json:"days"`
	Holidays          []string          `json:"holidays"`
	// Output only: the widget key, the server and the tag to embed.
	WidgetKey string `json:"widgetKey"`
	ServerURL string `json:"serverURL"`
	Embed     string `json:"embed"`
}

// ModelPriceDTO prices one model in US dollars per million tokens.
type ModelPriceDTO struct {
	Model              string  `json:"model"`
	PromptPerMillion   float64 `json:"promptPerMillion"`
	CompletionPerMilli float64 `json:"completionPerMillion"`
}

// AIUsageDTO is the company's LLM usage since the server started.
type AIUsageDTO struct {
	Calls            int64   `json:"calls"`
	Failures         int64   `json:"failures"`
	Retries          int64   `json:"retries"`
	PromptTokens     int64   `json:"promptTokens"`
	CompletionTokens int64   `json:"completionTokens"`
	CostUSD          float64 `json:"costUSD"`
}

// AISettingsDTO is the company's LLM provider; the key is write-only.
type AISettingsDTO struct {
	Provider       string          `json:"provider"`
	Model          string          `json:"model"`
	BaseURL        string          `json:"baseURL"`
	TimeoutSeconds int             `json:"timeoutSeconds"`
	Prices         []ModelPriceDTO `json:"prices"`
	// Output only.
	APIKeyMasked string     `json:"apiKeyMasked"`
	APIKeySet    bool       `json:"apiKeySet"`
	Usage        AIUsageDTO `json:"usage"`
	// Mode says in words which mode the desk's AI features are in.
	Mode string `json:"mode"`
}

// AIKeyDTO says what to do with the stored API key on save or test.
type AIKeyDTO struct {
	// APIKey replaces the stored key (save) or is tried instead of it (test) when not empty.
	APIKey string `json:"apiKey"`
	// Clear removes the stored key (save only).
	Clear bool `json:"clear"`
}

// AITestDTO is how a test call to the provider went.
type AITestDTO struct {
	OK        bool   `json:"ok"`
	Error     string `json:"error"`
	Reply     string `json:"reply"`
	LatencyMS int64  `json:"latencyMs"`
}

// AuditEntryDTO is one admin action.
type AuditEntryDTO struct {
	ID        string `json:"id"`
	At        string `json:"at"`
	ActorID   string `json:"actorId"`
	ActorName string `json:"actorName"`
	Action    string `json:"action"`
	TargetID  string `json:"targetId"`
	Summary   string `json:"summary"`
}

// AuditQuery filters the audit log; empty fields match everything.
type AuditQuery struct {
	// Action is an exact action ("user.role") or a prefix ending in "." ("user.").
	Action string `json:"action"`
	// Text must appear (ignoring case) in the summary, actor, action or target.
	Text string `json:"text"`
	// Limit caps the entries returned; 0 means 500.
	Limit int `json:"limit"`
}

// AuditLogDTO is a page of the audit log, newest first.
type AuditLogDTO struct {
	Entries []AuditEntryDTO `json:"entries"`
	// Actions are every action in the log, for the filter.
	Actions []string `json:"actions"`
	// Total is how many entries matched before the limit.
	Total int `json:"total"`
}

// remote returns the admin services, or an offline error.
func (ad *Admin) remote(op string) (adminRemote, *SessionDTO, error) {
	a := ad.app
	l, cur, err := a.state.current()
	if err != nil {
		return nil, nil, a.fail(op, err)
	}
	rs, ok := l.server.(adminRemote)
	if !ok || !l.rep.Status().Online || rs.Identity() == nil {
		return nil, nil, &UIError{Message: MsgAdminOffline, Kind: KindOffline, err: errAdminOffline}
	}
	return rs, cur, nil
}

// read runs fn against the replica.
func (ad *Admin) read(op string, fn func(ctx context.Context, r *replica.Replica, cur *SessionDTO) error) (*local, error) {
	a := ad.app
	l, cur, err := a.state.current()
	if err != nil {
		return nil, a.fail(op, err)
	}
	ctx, cancel := a.call()
	defer cancel()
	if err := l.do(func(r *replica.Replica) error { return fn(ctx, r, cur) }); err != nil {
		return nil, a.fail(op, err)
	}
	return l, nil
}

func availabilityString(v frontlinev1.Availability) string {
	if v == frontlinev1.Availability_AVAILABILITY_AWAY {
		return AvailabilityAway
	}
	return AvailabilityAvailable
}

func agentDTO(u *frontlinev1.User, meID string) AgentDTO {
	return AgentDTO{
		ID: u.GetId(), Name: u.GetName(), Email: u.GetEmail(), Role: roleString(u.GetRole()), Active: u.GetActive(),
		Availability: availabilityString(u.GetAvailability()), Capacity: int(u.GetCapacity()), Skills: nonNil(u.GetSkills()),
		JoinedAt: timeString(u.GetCreateTime()), Me: u.GetId() == meID,
	}
}

// Agents lists the company's users (active first, then by name) from the replica.
func (ad *Admin) Agents() (AgentsDTO, error) {
	var users []*frontlinev1.User
	var sets []*frontlinev1.Setting
	var me string
	out := AgentsDTO{Agents: []AgentDTO{}, Categories: []string{}}
	l, err := ad.read("list agents", func(ctx context.Context, r *replica.Replica, cur *SessionDTO) error {
		var err error
		me = cur.User.ID
		out.CanEdit = cur.User.Role == roleString(frontlinev1.Role_ROLE_ADMIN)
		if users, err = r.Users(ctx); err != nil {
			return err
		}
		sets, err = r.Settings(ctx)
		return err
	})
	if err != nil {
		return AgentsDTO{}, err
	}
	out.Online = l.rep.Status().Online
	for _, u := range users {
		out.Agents = append(out.Agents, agentDTO(u, me))
	}
	slices.SortStableFunc(out.Agents, func(x, y AgentDTO) int {
		if x.Active != y.Active {
			if x.Active {
				return -1
			}
			return 1
		}
		return cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
	})
	for _, st := range sets {
		if c := st.GetCategory(); c != nil {
			out.Categories = append(out.Categories, c.GetName())
		}
	}
	slices.SortFunc(out.Categories, func(x, y string) int { return cmp.Compare(strings.ToLower(x), strings.ToLower(y)) })
	return out, nil
}

func parseRole(s string) (frontlinev1.Role, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "admin":
		return frontlinev1.Role_ROLE_ADMIN, true
	case "agent", "":
		return frontlinev1.Role_ROLE_AGENT, true
	}
	return frontlinev1.Role_ROLE_UNSPECIFIED, false
}

// Invite creates a single-use invitation for email with role (agent or
// admin). The token comes back once, for the admin to pass on.
func (ad *Admin) Invite(email, role string) (InviteDTO, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return InviteDTO{}, fieldErr("email", "Enter the email address to invite")
	}
	r, ok := parseRole(role)
	if !ok {
		return InviteDTO{}, fieldErr("role", "Choose agent or admin")
	}
	rs, cur, err := ad.remote("invite")
	if err != nil {
		return InviteDTO{}, err
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.Identity().InviteAgent(ctx, &frontlinev1.InviteAgentRequest{Email: email, Role: r})
	if err != nil {
		if connect.CodeOf(err) == connect.CodeAlreadyExists {
			return InviteDTO{}, &UIError{Message: "A user with this email already exists", Field: "email", Kind: KindInvalid, err: err}
		}
		return InviteDTO{}, ad.app.fail("invite", err)
	}
	return InviteDTO{
		Email: strings.ToLower(email), Role: roleString(r), Token: res.GetInviteToken(), ExpiresAt: timeString(res.GetExpireTime()),
		ServerURL: cur.ServerURL, Company: cur.Company.Name,
	}, nil
}

func checkUserID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", fieldErr("", "Choose a user first")
	}
	return id, nil
}

// SetRole makes a user an agent or an admin.
func (ad *Admin) SetRole(userID, role string) (AgentDTO, error) {
	id, err := checkUserID(userID)
	if err != nil {
		return AgentDTO{}, err
	}
	r, ok := parseRole(role)
	if !ok || strings.TrimSpace(role) == "" {
		return AgentDTO{}, fieldErr("role", "Choose agent or admin")
	}
	rs, cur, err := ad.remote("set role")
	if err != nil {
		return AgentDTO{}, err
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.Identity().SetRole(ctx, &frontlinev1.SetRoleRequest{UserId: id, Role: r})
	if err != nil {
		return AgentDTO{}, ad.app.fail("set role", err)
	}
	return agentDTO(res.GetUser(), cur.User.ID), nil
}

// Deactivate signs a user out everywhere and stops them signing in.
func (ad *Admin) Deactivate(userID string) (AgentDTO, error) {
	id, err := checkUserID(userID)
	if err != nil {
		return AgentDTO{}, err
	}
	rs, cur, err := ad.remote("deactivate user")
	if err != nil {
		return AgentDTO{}, err
	}
	if id == cur.User.ID {
		return AgentDTO{}, fieldErr("", "You cannot deactivate yourself — ask another admin")
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.Identity().DeactivateUser(ctx, &frontlinev1.DeactivateUserRequest{UserId: id})
	if err != nil {
		return AgentDTO{}, ad.app.fail("deactivate user", err)
	}
	return agentDTO(res.GetUser(), cur.User.ID), nil
}

// UpdateProfile sets a user's capacity (0 means no limit) and skills (the
// company's category names; none means every category).
func (ad *Admin) UpdateProfile(userID string, capacity int, skills []string) (AgentDTO, error) {
	id, err := checkUserID(userID)
	if err != nil {
		return AgentDTO{}, err
	}
	if capacity < 0 || capacity > 1000 {
		return AgentDTO{}, fieldErr("capacity", "Capacity is 0 (no limit) to 1000 open tickets")
	}
	rs, cur, err := ad.remote("update agent")
	if err != nil {
		return AgentDTO{}, err
	}
	c := int32(capacity)
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.Identity().UpdateAgentProfile(ctx, &frontlinev1.UpdateAgentProfileRequest{
		UserId: id, Capacity: &c, Skills: cleanLines(skills), SetSkills: true,
	})
	if err != nil {
		return AgentDTO{}, ad.app.fail("update agent", err)
	}
	return agentDTO(res.GetUser(), cur.User.ID), nil
}

// Availability is the signed-in user's availability, from the replica.
func (ad *Admin) Availability() (string, error) {
	out := AvailabilityAvailable
	_, err := ad.read("availability", func(ctx context.Context, r *replica.Replica, cur *SessionDTO) error {
		us, err := r.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			if u.GetId() == cur.User.ID {
				out = availabilityString(u.GetAvailability())
			}
		}
		return nil
	})
	return out, err
}

// SetAvailability marks the signed-in user available or away; it needs the
// server (automatic assignment happens there).
func (ad *Admin) SetAvailability(availability string) (string, error) {
	var v frontlinev1.Availability
	switch strings.ToLower(strings.TrimSpace(availability)) {
	case AvailabilityAvailable:
		v = frontlinev1.Availability_AVAILABILITY_AVAILABLE
	case AvailabilityAway:
		v = frontlinev1.Availability_AVAILABILITY_AWAY
	default:
		return "", fieldErr("availability", "Choose available or away")
	}
	rs, _, err := ad.remote("set availability")
	if err != nil {
		return "", err
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.Identity().SetAvailability(ctx, &frontlinev1.SetAvailabilityRequest{Availability: v})
	if err != nil {
		return "", ad.app.fail("set availability", err)
	}
	return availabilityString(res.GetUser().GetAvailability()), nil
}

// EmbedSnippet is the script tag a company puts on its website.
func EmbedSnippet(serverURL, widgetKey string) string {
	return fmt.Sprintf(`<script src="%s/widget.js" data-widget-key="%s" async></script>`, strings.TrimRight(serverURL, "/"), widgetKey)
}

func widgetDTO(ws *frontlinev1.WidgetSettings, cur *SessionDTO) WidgetSettingsDTO {
	bh := ws.GetBusinessHours()
	out := WidgetSettingsDTO{
		AllowedOrigins: nonNil(ws.GetAllowedOrigins()), AccentColor: ws.GetAccentColor(), Greeting: ws.GetGreeting(),
		BotName: ws.GetBotName(), BotTone: ws.GetBotTone(), BotEnabled: ws.GetBotEnabled(), InactivityMinutes: int(ws.GetInactivityTimeoutMinutes()),
		TimeZone: bh.GetTimeZone(), Days: []OpeningHoursDTO{}, Holidays: nonNil(bh.GetHolidays()),
		WidgetKey: cur.Company.WidgetKey, ServerURL: cur.ServerURL, Embed: EmbedSnippet(cur.ServerURL, cur.Company.WidgetKey),
	}
	for _, d := range bh.GetDays() {
		out.Days = append(out.Days, OpeningHoursDTO{Weekday: int(d.GetWeekday()), Open: d.GetOpen(), Close: d.GetClose()})
	}
	return out
}

// Widget returns the company's widget settings from the server.
func (ad *Admin) Widget() (WidgetSettingsDTO, error) {
	rs, cur, err := ad.remote("widget settings")
	if err != nil {
		return WidgetSettingsDTO{}, err
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.WidgetAdmin().GetWidgetSettings(ctx, &frontlinev1.GetWidgetSettingsRequest{})
	if err != nil {
		return WidgetSettingsDTO{}, ad.app.fail("widget settings", err)
	}
	return widgetDTO(res.GetSettings(), cur), nil
}

// SaveWidget replaces the company's widget settings; the server checks them
// and its complaints name the form field.
func (ad *Admin) SaveWidget(w WidgetSettingsDTO) (WidgetSettingsDTO, error) {
	if w.InactivityMinutes < 0 {
		return WidgetSettingsDTO{}, fieldErr("inactivityMinutes", "Enter 0 for the default, or 5 to 10080 minutes")
	}
	rs, cur, err := ad.remote("save widget settings")
	if err != nil {
		return WidgetSettingsDTO{}, err
	}
	bh := &frontlinev1.BusinessHours{TimeZone: strings.TrimSpace(w.TimeZone), Holidays: cleanLines(w.Holidays)}
	for _, d := range w.Days {
		bh.Days = append(bh.Days, &frontlinev1.OpeningHours{Weekday: int32(d.Weekday), Open: strings.TrimSpace(d.Open), Close: strings.TrimSpace(d.Close)})
	}
	ws := &frontlinev1.WidgetSettings{
		AllowedOrigins: cleanLines(w.AllowedOrigins), AccentColor: strings.TrimSpace(w.AccentColor), Greeting: strings.TrimSpace(w.Greeting),
		BotName: strings.TrimSpace(w.BotName), BotTone: w.BotTone, BotEnabled: w.BotEnabled, InactivityTimeoutMinutes: int32(w.InactivityMinutes), BusinessHours: bh,
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.WidgetAdmin().UpdateWidgetSettings(ctx, &frontlinev1.UpdateWidgetSettingsRequest{Settings: ws})
	if err != nil {
		return WidgetSettingsDTO{}, ad.app.fail("save widget settings", err)
	}
	return widgetDTO(res.GetSettings(), cur), nil
}

// aiMode says in words which mode the desk's AI features are in.
func aiMode(st *frontlinev1.AISettings) string {
	p := st.GetProvider()
	if p == "" || p == "none" {
		return "Offline defaults: the bot and copilot use the built-in knowledge-base search, rules and templates; no LLM is called"
	}
	return fmt.Sprintf("LLM: the bot and copilot call %s (%s); when it fails they fall back to the offline defaults", p, st.GetModel())
}

func aiDTO(st *frontlinev1.AISettings, u *frontlinev1.AIUsage) AISettingsDTO {
	provider := st.GetProvider()
	if provider == "" {
		provider = "none"
	}
	out := AISettingsDTO{
		Provider: provider, Model: st.GetModel(), BaseURL: st.GetBaseUrl(), TimeoutSeconds: int(st.GetTimeoutSeconds()),
		Prices: []ModelPriceDTO{}, APIKeyMasked: st.GetApiKeyMasked(), APIKeySet: st.GetApiKeySet(), Mode: aiMode(st),
		Usage: AIUsageDTO{
			Calls: u.GetCalls(), Failures: u.GetFailures(), Retries: u.GetRetries(),
			PromptTokens: u.GetPromptTokens(), CompletionTokens: u.GetCompletionTokens(), CostUSD: u.GetCostUsd(),
		},
	}
	for _, p := range st.GetPrices() {
		out.Prices = append(out.Prices, ModelPriceDTO{Model: p.GetModel(), PromptPerMillion: p.GetPromptPerMillion(), CompletionPerMilli: p.GetCompletionPerMillion()})
	}
	return out
}

func aiSettingsOf(s AISettingsDTO) *frontlinev1.AISettings {
	out := &frontlinev1.AISettings{
		Provider: strings.ToLower(strings.TrimSpace(s.Provider)), Model: strings.TrimSpace(s.Model),
		BaseUrl: strings.TrimSpace(s.BaseURL), TimeoutSeconds: int32(s.TimeoutSeconds),
	}
	for _, p := range s.Prices {
		if strings.TrimSpace(p.Model) == "" && p.PromptPerMillion == 0 && p.CompletionPerMilli == 0 {
			continue // an empty row of the form
		}
		out.Prices = append(out.Prices, &frontlinev1.ModelPrice{Model: strings.TrimSpace(p.Model), PromptPerMillion: p.PromptPerMillion, CompletionPerMillion: p.CompletionPerMilli})
	}
	return out
}

// AI returns the company's LLM provider (key masked) and its usage.
func (ad *Admin) AI() (AISettingsDTO, error) {
	rs, _, err := ad.remote("AI settings")
	if err != nil {
		return AISettingsDTO{}, err
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.AIAdmin().GetAISettings(ctx, &frontlinev1.GetAISettingsRequest{})
	if err != nil {
		return AISettingsDTO{}, ad.app.fail("AI settings", err)
	}
	return aiDTO(res.GetSettings(), res.GetUsage()), nil
}

// SaveAI replaces the company's LLM provider. key.APIKey replaces the stored
// key when not empty; key.Clear removes it.
func (ad *Admin) SaveAI(s AISettingsDTO, key AIKeyDTO) (AISettingsDTO, error) {
	rs, _, err := ad.remote("save AI settings")
	if err != nil {
		return AISettingsDTO{}, err
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.AIAdmin().UpdateAISettings(ctx, &frontlinev1.UpdateAISettingsRequest{
		Settings: aiSettingsOf(s), ApiKey: strings.TrimSpace(key.APIKey), ClearApiKey: key.Clear,
	})
	if err != nil {
		return AISettingsDTO{}, ad.app.fail("save AI settings", err)
	}
	// Usage is not part of the answer: keep what the form showed.
	out := aiDTO(res.GetSettings(), nil)
	out.Usage = s.Usage
	return out, nil
}

// TestAI makes one tiny call to the provider in s (with key.APIKey, or the
// stored key) and says how it went. A failed provider is a result, not an error.
func (ad *Admin) TestAI(s AISettingsDTO, key AIKeyDTO) (AITestDTO, error) {
	rs, _, err := ad.remote("test AI provider")
	if err != nil {
		return AITestDTO{}, err
	}
	ctx, cancel := ad.app.call()
	defer cancel()
	res, err := rs.AIAdmin().TestAIProvider(ctx, &frontlinev1.TestAIProviderRequest{Settings: aiSettingsOf(s), ApiKey: strings.TrimSpace(key.APIKey)})
	if err != nil {
		return AITestDTO{}, ad.app.fail("test AI provider", err)
	}
	return AITestDTO{OK: res.GetOk(), Error: res.GetError(), Reply: res.GetReply(), LatencyMS: res.GetLatencyMs()}, nil
}

// matchAudit reports whether e passes q (q.Text already lower-case).
func matchAudit(e *frontlinev1.AuditEntry, action, text string) bool {
	if action != "" {
		if strings.HasSuffix(action, ".") {
			if !strings.HasPrefix(e.GetAction(), action) {
				return false
			}
		} else if e.GetAction() != action {
			return false
		}
	}
	if text == "" {
		return true
	}
	for _, f := range []string{e.GetSummary(), e.GetActorName(), e.GetAction(), e.GetTargetId()} {
		if strings.Contains(strings.ToLower(f), text) {
			return true
		}
	}
	return false
}

// AuditLog lists the admin actions from the replica, newest first (it works
// offline; only admins' replicas hold it).
func (ad *Admin) AuditLog(q AuditQuery) (AuditLogDTO, error) {
	var es []*frontlinev1.AuditEntry
	if _, err := ad.read("audit log", func(ctx context.Context, r *replica.Replica, _ *SessionDTO) error {
		var err error
		es, err = r.AuditLog(ctx, 0)
		return err
	}); err != nil {
		return AuditLogDTO{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 500
	}
	action, text := strings.TrimSpace(q.Action), strings.ToLower(strings.TrimSpace(q.Text))
	out := AuditLogDTO{Entries: []AuditEntryDTO{}, Actions: []string{}}
	seen := map[string]bool{}
	for _, e := range es {
		if a := e.GetAction(); !seen[a] {
			seen[a] = true
			out.Actions = append(out.Actions, a)
		}
		if !matchAudit(e, action, text) {
			continue
		}
		out.Total++
		if len(out.Entries) < limit {
			out.Entries = append(out.Entries, AuditEntryDTO{
				ID: e.GetId(), At: timeString(e.GetCreateTime()), ActorID: e.GetActorId(), ActorName: e.GetActorName(),
				Action: e.GetAction(), TargetID: e.GetTargetId(), Summary: e.GetSummary(),
			})
		}
	}
	slices.Sort(out.Actions)
	return out, nil
}
