package app

import (
	"context"
	"errors"
	"strings"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/internal/macro"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// Settings is the admin's settings screen: the tenant's ticket categories,
// macros and priority rules. Bound into the webview. Every desk user reads
// them from the replica (they work offline); changes go to the server's
// SettingsService with the session token, only while online, and come
// back through sync. The server decides who may change them (admins).
type Settings struct {
	app *App
}

// settingsRemote is implemented by a Server that can reach the server's
// SettingsService (remoteServer does).
type settingsRemote interface {
	Settings() frontlinev1connect.SettingsServiceClient
}

// MsgSettingsOffline is what a settings change says without a server.
const MsgSettingsOffline = "Changing settings needs a connection to the server — try again when you are online"

// errSettingsOffline is a settings change tried while offline.
var errSettingsOffline = errors.New("settings change while offline")

// CategoryDTO is one ticket category.
type CategoryDTO struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Examples    []string `json:"examples"`
	UpdatedAt   string   `json:"updatedAt"`
}

// MacroDTO is one macro (canned reply).
type MacroDTO struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	AddTags   []string `json:"addTags"`
	Category  string   `json:"category"`
	UpdatedAt string   `json:"updatedAt"`
}

// KeywordRuleDTO proposes a priority when any of its words appears.
type KeywordRuleDTO struct {
	Words    []string `json:"words"`
	Priority string   `json:"priority"`
}

// TierRuleDTO sets a minimum priority for a customer tier.
type TierRuleDTO struct {
	Tier     string `json:"tier"`
	Priority string `json:"priority"`
}

// PriorityRulesDTO are the admin's priority rules; ID is "" while the
// tenant has none (the desk's built-in rules apply then).
type PriorityRulesDTO struct {
	ID               string           `json:"id"`
	KeywordRules     []KeywordRuleDTO `json:"keywordRules"`
	TierRules        []TierRuleDTO    `json:"tierRules"`
	NegativeBelow    float64          `json:"negativeBelow"`
	NegativePriority string           `json:"negativePriority"`
	UpdatedAt        string           `json:"updatedAt"`
}

// SettingsDTO is every setting of the tenant.
type SettingsDTO struct {
	Categories    []CategoryDTO    `json:"categories"`
	Macros        []MacroDTO       `json:"macros"`
	PriorityRules PriorityRulesDTO `json:"priorityRules"`
	// CanEdit: the signed-in user is an admin (the server still decides).
	CanEdit bool `json:"canEdit"`
	// Online: changes can be saved now.
	Online bool `json:"online"`
	// Variables are the macro variables ("customer.first_name", ...).
	Variables []string `json:"variables"`
	// The SLA, business hours, assignment, custom field and tag sections (setup.go).
	SLAPolicies   []SLAPolicyDTO   `json:"slaPolicies"`
	BusinessHours BusinessHoursDTO `json:"businessHours"`
	Assignment    AssignmentDTO    `json:"assignment"`
	CustomFields  []CustomFieldDTO `json:"customFields"`
	Tags          []TagDTO         `json:"tags"`
}

// settingsOf reads every setting from the replica.
func settingsOf(ctx context.Context, l *local) ([]*frontlinev1.Setting, error) {
	var out []*frontlinev1.Setting
	err := l.do(func(r *replica.Replica) error {
		var err error
		out, err = r.Settings(ctx)
		return err
	})
	return out, err
}

// List returns the tenant's settings from the replica.
func (s *Settings) List() (SettingsDTO, error) {
	a := s.app
	l, cur, err := a.state.current()
	if err != nil {
		return SettingsDTO{}, a.fail("list settings", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	all, err := settingsOf(ctx, l)
	if err != nil {
		return SettingsDTO{}, a.fail("list settings", err)
	}
	out := settingsDTO(all)
	out.CanEdit = cur.User.Role == roleString(frontlinev1.Role_ROLE_ADMIN)
	out.Online = l.rep.Status().Online
	return out, nil
}

func settingsDTO(all []*frontlinev1.Setting) SettingsDTO {
	out := SettingsDTO{
		Categories: []CategoryDTO{}, Macros: []MacroDTO{}, Variables: macro.Variables,
		PriorityRules: PriorityRulesDTO{KeywordRules: []KeywordRuleDTO{}, TierRules: []TierRuleDTO{}, NegativePriority: "high"},
	}
	setupDefaults(&out)
	for _, st := range all {
		switch {
		case st.GetCategory() != nil:
			out.Categories = append(out.Categories, categoryDTO(st))
		case st.GetMacro() != nil:
			out.Macros = append(out.Macros, macroDTO(st))
		case st.GetPriorityRules() != nil:
			out.PriorityRules = rulesDTO(st)
		default:
			setupInto(&out, st)
		}
	}
	return out
}

func categoryDTO(st *frontlinev1.Setting) CategoryDTO {
	c := st.GetCategory()
	return CategoryDTO{ID: st.GetId(), Name: c.GetName(), Description: c.GetDescription(), Examples: nonNil(c.GetExamples()), UpdatedAt: timeString(st.GetUpdateTime())}
}

func macroDTO(st *frontlinev1.Setting) MacroDTO {
	m := st.GetMacro()
	return MacroDTO{ID: st.GetId(), Title: m.GetTitle(), Body: m.GetBody(), AddTags: nonNil(m.GetAddTags()), Category: m.GetCategory(), UpdatedAt: timeString(st.GetUpdateTime())}
}

func rulesDTO(st *frontlinev1.Setting) PriorityRulesDTO {
	p := st.GetPriorityRules()
	out := PriorityRulesDTO{
		ID: st.GetId(), KeywordRules: []KeywordRuleDTO{}, TierRules: []TierRuleDTO{},
		NegativeBelow: p.GetNegativeBelow(), NegativePriority: priorityString(p.GetNegativePriority()), UpdatedAt: timeString(st.GetUpdateTime()),
	}
	if p.GetNegativePriority() == frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED {
		out.NegativePriority = ""
	}
	for _, k := range p.GetKeywordRules() {
		out.KeywordRules = append(out.KeywordRules, KeywordRuleDTO{Words: nonNil(k.GetWords()), Priority: priorityString(k.GetPriority())})
	}
	for _, t := range p.GetTierRules() {
		out.TierRules = append(out.TierRules, TierRuleDTO{Tier: t.GetTier(), Priority: priorityString(t.GetPriority())})
	}
	return out
}

// remote returns the server's SettingsService, or an offline error.
func (s *Settings) remote(op string) (frontlinev1connect.SettingsServiceClient, error) {
	a := s.app
	l, _, err := a.state.current()
	if err != nil {
		return nil, a.fail(op, err)
	}
	rs, ok := l.server.(settingsRemote)
	if !ok || !l.rep.Status().Online || rs.Settings() == nil {
		return nil, &UIError{Message: MsgSettingsOffline, Kind: KindOffline, err: errSettingsOffline}
	}
	return rs.Settings(), nil
}

// put stores a setting on the server and returns it as stored.
func (s *Settings) put(op string, st *frontlinev1.Setting) (*frontlinev1.Setting, error) {
	cl, err := s.remote(op)
	if err != nil {
		return nil, err
	}
	ctx, cancel := s.app.call()
	defer cancel()
	res, err := cl.PutSetting(ctx, &frontlinev1.PutSettingRequest{Setting: st})
	if err != nil {
		return nil, s.app.fail(op, err)
	}
	return res.GetSetting(), nil
}

func (s *Settings) del(op, id string) error {
	id = strings.TrimSpace(id)
	if id == "" {
		return fieldErr("", "Choose a setting first")
	}
	cl, err := s.remote(op)
	if err != nil {
		return err
	}
	ctx, cancel := s.app.call()
	defer cancel()
	if _, err := cl.DeleteSetting(ctx, &frontlinev1.DeleteSettingRequest{Id: id}); err != nil {
		return s.app.fail(op, err)
	}
	return nil
}

// cleanLines trims every entry and drops empty ones.
func cleanLines(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SaveCategory creates (empty ID) or replaces a category. The server checks
// the fields; its complaints name the form field.
func (s *Settings) SaveCategory(c CategoryDTO) (CategoryDTO, error) {
	st, err := s.put("save category", &frontlinev1.Setting{Id: strings.TrimSpace(c.ID), Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{
		Name: strings.TrimSpace(c.Name), Description: strings.TrimSpace(c.Description), Examples: cleanLines(c.Examples),
	}}})
	if err != nil {
		return CategoryDTO{}, err
	}
	return categoryDTO(st), nil
}

// DeleteCategory removes a category.
func (s *Settings) DeleteCategory(id string) error { return s.del("delete category", id) }

// SaveMacro creates (empty ID) or replaces a macro.
func (s *Settings) SaveMacro(m MacroDTO) (MacroDTO, error) {
	tags := cleanLines(m.AddTags)
	for i := range tags {
		tags[i] = strings.ToLower(tags[i])
	}
	st, err := s.put("save macro", &frontlinev1.Setting{Id: strings.TrimSpace(m.ID), Value: &frontlinev1.Setting_Macro{Macro: &frontlinev1.Macro{
		Title: strings.TrimSpace(m.Title), Body: m.Body, AddTags: tags, Category: strings.TrimSpace(m.Category),
	}}})
	if err != nil {
		return MacroDTO{}, err
	}
	return macroDTO(st), nil
}

// DeleteMacro removes a macro.
func (s *Settings) DeleteMacro(id string) error { return s.del("delete macro", id) }

// SavePriorityRules replaces the tenant's priority rules.
func (s *Settings) SavePriorityRules(p PriorityRulesDTO) (PriorityRulesDTO, error) {
	pr := &frontlinev1.PriorityRules{NegativeBelow: p.NegativeBelow}
	if strings.TrimSpace(p.NegativePriority) != "" {
		v, ok := parsePriority(p.NegativePriority)
		if !ok {
			return PriorityRulesDTO{}, fieldErr("negativePriority", "Unknown priority")
		}
		pr.NegativePriority = v
	}
	for _, k := range p.KeywordRules {
		v, ok := parsePriority(k.Priority)
		if !ok {
			return PriorityRulesDTO{}, fieldErr("keywordRules", "Choose a priority for every keyword rule")
		}
		pr.KeywordRules = append(pr.KeywordRules, &frontlinev1.KeywordRule{Words: cleanLines(k.Words), Priority: v})
	}
	for _, t := range p.TierRules {
		v, ok := parsePriority(t.Priority)
		if !ok {
			return PriorityRulesDTO{}, fieldErr("tierRules", "Choose a priority for every tier rule")
		}
		pr.TierRules = append(pr.TierRules, &frontlinev1.TierRule{Tier: strings.ToLower(strings.TrimSpace(t.Tier)), Priority: v})
	}
	st, err := s.put("save priority rules", &frontlinev1.Setting{Id: strings.TrimSpace(p.ID), Value: &frontlinev1.Setting_PriorityRules{PriorityRules: pr}})
	if err != nil {
		return PriorityRulesDTO{}, err
	}
	return rulesDTO(st), nil
}
