package server

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// This file holds SettingsService: the tenant's ticket categories, macros
// and priority rules. They are stored through the change log, so every
// desktop replicates them and triages, drafts and applies macros offline.
// Every desk user may list them; the policy table lets only admins write.

// Setting limits.
const (
	maxCategories      = 100
	maxMacros          = 500
	maxCategoryName    = 60
	maxCategoryDesc    = 500
	maxCategoryExample = 1000
	maxExamples        = 50
	maxMacroTitle      = 100
	maxMacroBody       = 10000
	maxKeywordRules    = 50
	maxRuleWords       = 50
	maxRuleWord        = 100
	maxTierRules       = 20
	maxTierName        = 40
	maxSLAMinutes      = 525600 // a year
	maxTagName         = 50
	maxTagDescription  = 200
	maxCustomFields    = 50
)

type settingsService struct{ s *Server }

func (ss *settingsService) ListSettings(ctx context.Context, _ *frontlinev1.ListSettingsRequest) (*frontlinev1.ListSettingsResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	all, err := ss.s.st.Settings(ctx, c.TenantID)
	if err != nil {
		return nil, fmt.Errorf("list settings: %w", err)
	}
	sortSettings(all)
	return &frontlinev1.ListSettingsResponse{Settings: all}, nil
}

// sortSettings orders settings by kind (categories, macros, rules), then name.
func sortSettings(all []*frontlinev1.Setting) {
	rank := func(s *frontlinev1.Setting) int {
		switch s.GetValue().(type) {
		case *frontlinev1.Setting_Category:
			return 0
		case *frontlinev1.Setting_Macro:
			return 1
		case *frontlinev1.Setting_PriorityRules:
			return 2
		case *frontlinev1.Setting_SlaPolicy:
			return 3 + int(s.GetSlaPolicy().GetPriority())
		}
		return 10
	}
	slices.SortFunc(all, func(a, b *frontlinev1.Setting) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(strings.ToLower(settingName(a)), strings.ToLower(settingName(b))), cmp.Compare(a.GetId(), b.GetId()))
	})
}

func settingName(s *frontlinev1.Setting) string {
	switch v := s.GetValue().(type) {
	case *frontlinev1.Setting_Category:
		return v.Category.GetName()
	case *frontlinev1.Setting_Macro:
		return v.Macro.GetTitle()
	}
	return ""
}

func (ss *settingsService) PutSetting(ctx context.Context, req *frontlinev1.PutSettingRequest) (*frontlinev1.PutSettingResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	in := req.GetSetting()
	if in == nil || in.GetValue() == nil {
		return nil, desk.Invalid("setting", "needs a category, a macro or priority rules")
	}
	v := proto.Clone(in).(*frontlinev1.Setting)
	if err := normalizeSetting(v); err != nil {
		return nil, err
	}
	// One admin's write at a time: names must stay unique in the tenant.
	ss.s.adminMu.Lock()
	defer ss.s.adminMu.Unlock()
	all, err := ss.s.st.Settings(ctx, c.TenantID)
	if err != nil {
		return nil, fmt.Errorf("put setting: %w", err)
	}
	var old *frontlinev1.Setting
	if v.GetId() != "" {
		if err := checkID("setting.id", v.GetId()); err != nil {
			return nil, err
		}
		i := slices.IndexFunc(all, func(s *frontlinev1.Setting) bool { return s.GetId() == v.GetId() })
		if i < 0 {
			return nil, fmt.Errorf("put setting: %w", desk.ErrNotFound)
		}
		old = all[i]
		if settingKind(old) != settingKind(v) {
			return nil, desk.Invalid("setting", "cannot change the kind of an existing setting")
		}
	}
	if err := checkSettingAgainst(v, old, all); err != nil {
		return nil, err
	}
	if v.GetId() == "" {
		// Singletons: one set of priority rules, one business hours, one
		// SLA policy per priority. Putting another replaces it.
		same := func(s *frontlinev1.Setting) bool {
			switch {
			case v.GetPriorityRules() != nil:
				return s.GetPriorityRules() != nil
			case v.GetBusinessHours() != nil:
				return s.GetBusinessHours() != nil
			case v.GetAssignmentRules() != nil:
				return s.GetAssignmentRules() != nil
			case v.GetSlaPolicy() != nil:
				return s.GetSlaPolicy() != nil && s.GetSlaPolicy().GetPriority() == v.GetSlaPolicy().GetPriority()
			}
			return false
		}
		if i := slices.IndexFunc(all, same); i >= 0 {
			v.Id = all[i].GetId()
			old = all[i]
		}
	}
	if v.GetId() == "" {
		v.Id = desk.NewID(ss.s.now())
	}
	v.UpdateTime = timestamppb.New(ss.s.now())
	v.UpdateUserId = c.User.GetId()
	if err := ss.s.st.PutSetting(ctx, c.TenantID, v); err != nil {
		return nil, fmt.Errorf("put setting: %w", err)
	}
	ss.s.triage.settingsChanged(c.TenantID)
	ss.s.audit(ctx, c, "setting.put", v.GetId(), settingSummary(v, "saved"))
	return &frontlinev1.PutSettingResponse{Setting: v}, nil
}

func (ss *settingsService) DeleteSetting(ctx context.Context, req *frontlinev1.DeleteSettingRequest) (*frontlinev1.DeleteSettingResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("id", req.GetId()); err != nil {
		return nil, err
	}
	all, err := ss.s.st.Settings(ctx, c.TenantID)
	if err != nil {
		return nil, fmt.Errorf("delete setting: %w", err)
	}
	summary := "Setting deleted"
	if i := slices.IndexFunc(all, func(s *frontlinev1.Setting) bool { return s.GetId() == req.GetId() }); i >= 0 {
		summary = settingSummary(all[i], "deleted")
	}
	if err := ss.s.st.DeleteSetting(ctx, c.TenantID, req.GetId()); err != nil {
		return nil, fmt.Errorf("delete setting: %w", err)
	}
	ss.s.triage.settingsChanged(c.TenantID)
	ss.s.audit(ctx, c, "setting.delete", req.GetId(), summary)
	return &frontlinev1.DeleteSettingResponse{}, nil
}

func settingKind(s *frontlinev1.Setting) string {
	switch s.GetValue().(type) {
	case *frontlinev1.Setting_Category:
		return "category"
	case *frontlinev1.Setting_Macro:
		return "macro"
	case *frontlinev1.Setting_PriorityRules:
		return "priority_rules"
	case *frontlinev1.Setting_SlaPolicy:
		return "sla_policy"
	case *frontlinev1.Setting_BusinessHours:
		return "business_hours"
	case *frontlinev1.Setting_AssignmentRules:
		return "assignment_rules"
	case *frontlinev1.Setting_CustomField:
		return "custom_field"
	case *frontlinev1.Setting_Tag:
		return "tag"
	}
	return ""
}

// normalizeSetting trims and checks one setting on its own; the fields
// named in errors are the request's (setting.category.name ...).
func normalizeSetting(v *frontlinev1.Setting) error {
	switch x := v.GetValue().(type) {
	case *frontlinev1.Setting_Category:
		cat := x.Category
		cat.Name = strings.Join(strings.Fields(cat.GetName()), " ")
		cat.Description = strings.TrimSpace(cat.GetDescription())
		if err := checkText("setting.category.name", cat.GetName(), 1, maxCategoryName); err != nil {
			return err
		}
		if err := checkText("setting.category.description", cat.GetDescription(), 0, maxCategoryDesc); err != nil {
			return err
		}
		var ex []string
		for _, e := range cat.GetExamples() {
			e = strings.TrimSpace(e)
			if e == "" || slices.Contains(ex, e) {
				continue
			}
			if err := checkText("setting.category.examples", e, 1, maxCategoryExample); err != nil {
				return err
			}
			ex = append(ex, e)
		}
		if len(ex) > maxExamples {
			return desk.Invalid("setting.category.examples", fmt.Sprintf("at most %d examples", maxExamples))
		}
		cat.Examples = ex
	case *frontlinev1.Setting_Macro:
		m := x.Macro
		m.Title = strings.Join(strings.Fields(m.GetTitle()), " ")
		if err := checkText("setting.macro.title", m.GetTitle(), 1, maxMacroTitle); err != nil {
			return err
		}
		if err := checkText("setting.macro.body", m.GetBody(), 1, maxMacroBody); err != nil {
			return err
		}
		tags, err := normTags("setting.macro.add_tags", m.GetAddTags())
		if err != nil {
			return err
		}
		m.AddTags = tags
		m.Category = strings.Join(strings.Fields(m.GetCategory()), " ")
	case *frontlinev1.Setting_PriorityRules:
		r := x.PriorityRules
		if len(r.GetKeywordRules()) > maxKeywordRules {
			return desk.Invalid("setting.priority_rules.keyword_rules", fmt.Sprintf("at most %d rules", maxKeywordRules))
		}
		for i, k := range r.GetKeywordRules() {
			field := fmt.Sprintf("setting.priority_rules.keyword_rules[%d]", i)
			if err := checkPriority(field+".priority", k.GetPriority()); err != nil {
				return err
			}
			var words []string
			for _, w := range k.GetWords() {
				w = strings.Join(strings.Fields(strings.ToLower(w)), " ")
				if w == "" || slices.Contains(words, w) {
					continue
				}
				if err := checkText(field+".words", w, 1, maxRuleWord); err != nil {
					return err
				}
				words = append(words, w)
			}
			if len(words) == 0 {
				return desk.Invalid(field+".words", "needs at least one word or phrase")
			}
			if len(words) > maxRuleWords {
				return desk.Invalid(field+".words", fmt.Sprintf("at most %d words or phrases", maxRuleWords))
			}
			k.Words = words
		}
		if len(r.GetTierRules()) > maxTierRules {
			return desk.Invalid("setting.priority_rules.tier_rules", fmt.Sprintf("at most %d rules", maxTierRules))
		}
		seen := map[string]bool{}
		for i, t := range r.GetTierRules() {
			field := fmt.Sprintf("setting.priority_rules.tier_rules[%d]", i)
			t.Tier = strings.ToLower(strings.TrimSpace(t.GetTier()))
			if err := checkText(field+".tier", t.GetTier(), 1, maxTierName); err != nil {
				return err
			}
			if seen[t.GetTier()] {
				return desk.Invalid(field+".tier", fmt.Sprintf("%q has two rules", t.GetTier()))
			}
			seen[t.GetTier()] = true
			if err := checkPriority(field+".priority", t.GetPriority()); err != nil {
				return err
			}
		}
		if w := r.GetSlaWindowMinutes(); w < 0 || w > maxSLAMinutes {
			return desk.Invalid("setting.priority_rules.sla_window_minutes", fmt.Sprintf("must be 0 (off) to %d minutes", maxSLAMinutes))
		} else if w > 0 {
			if err := checkPriority("setting.priority_rules.sla_priority", r.GetSlaPriority()); err != nil {
				return err
			}
		} else {
			r.SlaPriority = frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED
		}
		nb := r.GetNegativeBelow()
		switch {
		case nb < -1 || nb > 0:
			return desk.Invalid("setting.priority_rules.negative_below", "must be between -1 and 0 (0 turns the rule off)")
		case nb != 0:
			if err := checkPriority("setting.priority_rules.negative_priority", r.GetNegativePriority()); err != nil {
				return err
			}
		default:
			r.NegativePriority = frontlinev1.TicketPriority_TICKET_PRIORITY_UNSPECIFIED
		}
	case *frontlinev1.Setting_SlaPolicy:
		p := x.SlaPolicy
		if err := checkPriority("setting.sla_policy.priority", p.GetPriority()); err != nil {
			return err
		}
		for _, f := range []struct {
			name string
			v    int32
		}{{"first_response_minutes", p.GetFirstResponseMinutes()}, {"resolution_minutes", p.GetResolutionMinutes()}} {
			if f.v < 0 || f.v > maxSLAMinutes {
				return desk.Invalid("setting.sla_policy."+f.name, fmt.Sprintf("must be 0 (no target) to %d minutes", maxSLAMinutes))
			}
		}
		if p.GetFirstResponseMinutes() == 0 && p.GetResolutionMinutes() == 0 {
			return desk.Invalid("setting.sla_policy.first_response_minutes", "set a first-response or a resolution target")
		}
		if r := p.GetResolutionMinutes(); r != 0 && r < p.GetFirstResponseMinutes() {
			return desk.Invalid("setting.sla_policy.resolution_minutes", "must not be shorter than the first-response target")
		}
	case *frontlinev1.Setting_CustomField:
		if err := desk.CheckFieldDefinition(x.CustomField); err != nil {
			return err
		}
	case *frontlinev1.Setting_Tag:
		tg := x.Tag
		tg.Name = strings.ToLower(strings.TrimSpace(tg.GetName()))
		tg.Color = strings.TrimSpace(tg.GetColor())
		tg.Description = strings.TrimSpace(tg.GetDescription())
		name, err := checkLine("setting.tag.name", tg.GetName(), 1, maxTagName)
		if err != nil {
			return err
		}
		tg.Name = name
		if tg.GetColor() != "" && !hexColor.MatchString(tg.GetColor()) {
			return desk.Invalid("setting.tag.color", "must be a hex colour such as #3366cc")
		}
		if err := checkText("setting.tag.description", tg.GetDescription(), 0, maxTagDescription); err != nil {
			return err
		}
	case *frontlinev1.Setting_AssignmentRules:
		switch x.AssignmentRules.GetMode() {
		case frontlinev1.AssignmentMode_ASSIGNMENT_MODE_UNSPECIFIED, frontlinev1.AssignmentMode_ASSIGNMENT_MODE_ROUND_ROBIN,
			frontlinev1.AssignmentMode_ASSIGNMENT_MODE_LEAST_LOADED:
		default:
			return desk.Invalid("setting.assignment_rules.mode", "must be off, round robin or least loaded")
		}
	case *frontlinev1.Setting_BusinessHours:
		bh, err := checkBusinessHours("setting.business_hours", x.BusinessHours)
		if err != nil {
			return err
		}
		x.BusinessHours = bh
	default:
		return desk.Invalid("setting", "needs a category, a macro, priority rules, an SLA policy, business hours or assignment rules")
	}
	return nil
}

// checkSettingAgainst checks v against the tenant's other settings: unique
// names, limits, and macros naming an existing category.
func checkSettingAgainst(v, old *frontlinev1.Setting, all []*frontlinev1.Setting) error {
	others := slices.DeleteFunc(slices.Clone(all), func(s *frontlinev1.Setting) bool { return s.GetId() == v.GetId() && v.GetId() != "" })
	count := func(kind string) int {
		n := 0
		for _, s := range others {
			if settingKind(s) == kind {
				n++
			}
		}
		return n
	}
	switch x := v.GetValue().(type) {
	case *frontlinev1.Setting_Category:
		for _, s := range others {
			if c := s.GetCategory(); c != nil && strings.EqualFold(c.GetName(), x.Category.GetName()) {
				return desk.Invalid("setting.category.name", fmt.Sprintf("there is already a category named %q", c.GetName()))
			}
		}
		if old == nil && count("category") >= maxCategories {
			return desk.Invalid("setting.category", fmt.Sprintf("a company has at most %d categories", maxCategories))
		}
	case *frontlinev1.Setting_CustomField:
		for _, s := range others {
			if f := s.GetCustomField(); f != nil && f.GetKey() == x.CustomField.GetKey() {
				return desk.Invalid("setting.custom_field.key", fmt.Sprintf("there is already a field with key %q", f.GetKey()))
			}
		}
		if old == nil && count("custom_field") >= maxCustomFields {
			return desk.Invalid("setting.custom_field", fmt.Sprintf("a company has at most %d custom fields", maxCustomFields))
		}
		if old != nil && old.GetCustomField().GetKey() != x.CustomField.GetKey() {
			return desk.Invalid("setting.custom_field.key", "cannot change the key of an existing field (tickets use it)")
		}
	case *frontlinev1.Setting_Tag:
		for _, s := range others {
			if tg := s.GetTag(); tg != nil && tg.GetName() == x.Tag.GetName() {
				return desk.Invalid("setting.tag.name", fmt.Sprintf("there is already a tag %q", tg.GetName()))
			}
		}
	case *frontlinev1.Setting_Macro:
		for _, s := range others {
			if m := s.GetMacro(); m != nil && strings.EqualFold(m.GetTitle(), x.Macro.GetTitle()) {
				return desk.Invalid("setting.macro.title", fmt.Sprintf("there is already a macro titled %q", m.GetTitle()))
			}
		}
		if old == nil && count("macro") >= maxMacros {
			return desk.Invalid("setting.macro", fmt.Sprintf("a company has at most %d macros", maxMacros))
		}
		if cat := x.Macro.GetCategory(); cat != "" {
			found := false
			for _, s := range others {
				if c := s.GetCategory(); c != nil && strings.EqualFold(c.GetName(), cat) {
					x.Macro.Category, found = c.GetName(), true
				}
			}
			if !found {
				return desk.Invalid("setting.macro.category", fmt.Sprintf("%q is not one of the company's categories", cat))
			}
		}
	}
	return nil
}

// categoryNames returns the names of the categories among settings.
func categoryNames(all []*frontlinev1.Setting) []string {
	var out []string
	for _, s := range all {
		if c := s.GetCategory(); c != nil {
			out = append(out, c.GetName())
		}
	}
	return out
}
