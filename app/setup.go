package app

import (
	"strings"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// The settings of the SLA, business hours, assignment, custom field and
// tag sections of the settings screen: their DTOs and the Settings
// methods that save them (through the server's SettingsService, as the
// categories and macros in settings.go).

// SLAPolicyDTO is the targets of one priority in minutes (0: no target).
type SLAPolicyDTO struct {
	ID                   string `json:"id"`
	Priority             string `json:"priority"`
	FirstResponseMinutes int    `json:"firstResponseMinutes"`
	ResolutionMinutes    int    `json:"resolutionMinutes"`
	BusinessHours        bool   `json:"businessHours"`
	UpdatedAt            string `json:"updatedAt"`
}

// DayHoursDTO is one open interval of a weekday (0 Sunday .. 6 Saturday).
type DayHoursDTO struct {
	Weekday int    `json:"weekday"`
	Open    string `json:"open"`  // "HH:MM"
	Close   string `json:"close"` // "HH:MM", "24:00" allowed
}

// BusinessHoursDTO is the tenant's working week; ID "" while it has none.
type BusinessHoursDTO struct {
	ID        string        `json:"id"`
	TimeZone  string        `json:"timeZone"`
	Days      []DayHoursDTO `json:"days"`
	Holidays  []string      `json:"holidays"`
	UpdatedAt string        `json:"updatedAt"`
}

// AssignmentDTO is the automatic assignment mode: "off", "round_robin"
// or "least_loaded".
type AssignmentDTO struct {
	ID        string `json:"id"`
	Mode      string `json:"mode"`
	UpdatedAt string `json:"updatedAt"`
}

// CustomFieldDTO defines a ticket field; Type is text, number, select,
// checkbox or date.
type CustomFieldDTO struct {
	ID                string   `json:"id"`
	Key               string   `json:"key"`
	Label             string   `json:"label"`
	Type              string   `json:"type"`
	Options           []string `json:"options"`
	RequiredToResolve bool     `json:"requiredToResolve"`
	UpdatedAt         string   `json:"updatedAt"`
}

// TagDTO describes a tag.
type TagDTO struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
	UpdatedAt   string `json:"updatedAt"`
}

// Assignment modes as the UI names them.
const (
	AssignOff         = "off"
	AssignRoundRobin  = "round_robin"
	AssignLeastLoaded = "least_loaded"
)

// setupInto adds st to out when it is one of this file's kinds.
func setupInto(out *SettingsDTO, st *frontlinev1.Setting) {
	switch {
	case st.GetSlaPolicy() != nil:
		out.SLAPolicies = append(out.SLAPolicies, slaPolicyDTO(st))
	case st.GetBusinessHours() != nil:
		out.BusinessHours = hoursDTO(st)
	case st.GetAssignmentRules() != nil:
		out.Assignment = assignmentDTO(st)
	case st.GetCustomField() != nil:
		out.CustomFields = append(out.CustomFields, customFieldDTO(st))
	case st.GetTag() != nil:
		out.Tags = append(out.Tags, tagDTO(st))
	}
}

// setupDefaults gives the new kinds their empty values.
func setupDefaults(out *SettingsDTO) {
	out.SLAPolicies = []SLAPolicyDTO{}
	out.BusinessHours = BusinessHoursDTO{Days: []DayHoursDTO{}, Holidays: []string{}}
	out.Assignment = AssignmentDTO{Mode: AssignOff}
	out.CustomFields = []CustomFieldDTO{}
	out.Tags = []TagDTO{}
}

func slaPolicyDTO(st *frontlinev1.Setting) SLAPolicyDTO {
	p := st.GetSlaPolicy()
	return SLAPolicyDTO{
		ID: st.GetId(), Priority: priorityString(p.GetPriority()), FirstResponseMinutes: int(p.GetFirstResponseMinutes()),
		ResolutionMinutes: int(p.GetResolutionMinutes()), BusinessHours: p.GetBusinessHours(), UpdatedAt: timeString(st.GetUpdateTime()),
	}
}

func hoursDTO(st *frontlinev1.Setting) BusinessHoursDTO {
	h := st.GetBusinessHours()
	out := BusinessHoursDTO{ID: st.GetId(), TimeZone: h.GetTimeZone(), Days: []DayHoursDTO{}, Holidays: nonNil(h.GetHolidays()), UpdatedAt: timeString(st.GetUpdateTime())}
	for _, d := range h.GetDays() {
		out.Days = append(out.Days, DayHoursDTO{Weekday: int(d.GetWeekday()), Open: d.GetOpen(), Close: d.GetClose()})
	}
	return out
}

func assignmentDTO(st *frontlinev1.Setting) AssignmentDTO {
	mode := AssignOff
	switch st.GetAssignmentRules().GetMode() {
	case frontlinev1.AssignmentMode_ASSIGNMENT_MODE_ROUND_ROBIN:
		mode = AssignRoundRobin
	case frontlinev1.AssignmentMode_ASSIGNMENT_MODE_LEAST_LOADED:
		mode = AssignLeastLoaded
	}
	return AssignmentDTO{ID: st.GetId(), Mode: mode, UpdatedAt: timeString(st.GetUpdateTime())}
}

func customFieldDTO(st *frontlinev1.Setting) CustomFieldDTO {
	f := st.GetCustomField()
	return CustomFieldDTO{
		ID: st.GetId(), Key: f.GetKey(), Label: f.GetLabel(), Type: enumName(f.GetType().String(), "CUSTOM_FIELD_TYPE_"),
		Options: nonNil(f.GetOptions()), RequiredToResolve: f.GetRequiredToResolve(), UpdatedAt: timeString(st.GetUpdateTime()),
	}
}

func tagDTO(st *frontlinev1.Setting) TagDTO {
	t := st.GetTag()
	return TagDTO{ID: st.GetId(), Name: t.GetName(), Color: t.GetColor(), Description: t.GetDescription(), UpdatedAt: timeString(st.GetUpdateTime())}
}

// SaveSLAPolicy creates or replaces the targets of one priority.
func (s *Settings) SaveSLAPolicy(p SLAPolicyDTO) (SLAPolicyDTO, error) {
	pr, ok := parsePriority(p.Priority)
	if !ok {
		return SLAPolicyDTO{}, fieldErr("priority", "Choose a priority")
	}
	if p.FirstResponseMinutes < 0 {
		return SLAPolicyDTO{}, fieldErr("firstResponse", "Must not be negative")
	}
	if p.ResolutionMinutes < 0 {
		return SLAPolicyDTO{}, fieldErr("resolution", "Must not be negative")
	}
	st, err := s.put("save SLA policy", &frontlinev1.Setting{Id: strings.TrimSpace(p.ID), Value: &frontlinev1.Setting_SlaPolicy{SlaPolicy: &frontlinev1.SLAPolicy{
		Priority: pr, FirstResponseMinutes: int32(min(p.FirstResponseMinutes, 1<<30)), ResolutionMinutes: int32(min(p.ResolutionMinutes, 1<<30)), BusinessHours: p.BusinessHours,
	}}})
	if err != nil {
		return SLAPolicyDTO{}, err
	}
	return slaPolicyDTO(st), nil
}

// DeleteSLAPolicy removes a priority's targets.
func (s *Settings) DeleteSLAPolicy(id string) error { return s.del("delete SLA policy", id) }

// SaveBusinessHours replaces the tenant's business hours.
func (s *Settings) SaveBusinessHours(h BusinessHoursDTO) (BusinessHoursDTO, error) {
	bh := &frontlinev1.BusinessHours{TimeZone: strings.TrimSpace(h.TimeZone), Holidays: cleanLines(h.Holidays)}
	for _, d := range h.Days {
		if d.Weekday < 0 || d.Weekday > 6 {
			return BusinessHoursDTO{}, fieldErr("days", "Unknown weekday")
		}
		bh.Days = append(bh.Days, &frontlinev1.OpeningHours{Weekday: int32(d.Weekday), Open: strings.TrimSpace(d.Open), Close: strings.TrimSpace(d.Close)})
	}
	st, err := s.put("save business hours", &frontlinev1.Setting{Value: &frontlinev1.Setting_BusinessHours{BusinessHours: bh}})
	if err != nil {
		return BusinessHoursDTO{}, err
	}
	return hoursDTO(st), nil
}

// SaveAssignment sets the automatic assignment mode.
func (s *Settings) SaveAssignment(a AssignmentDTO) (AssignmentDTO, error) {
	var mode frontlinev1.AssignmentMode
	switch strings.TrimSpace(a.Mode) {
	case AssignOff, "":
	case AssignRoundRobin:
		mode = frontlinev1.AssignmentMode_ASSIGNMENT_MODE_ROUND_ROBIN
	case AssignLeastLoaded:
		mode = frontlinev1.AssignmentMode_ASSIGNMENT_MODE_LEAST_LOADED
	default:
		return AssignmentDTO{}, fieldErr("mode", "Choose off, round robin or least loaded")
	}
	st, err := s.put("save assignment", &frontlinev1.Setting{Value: &frontlinev1.Setting_AssignmentRules{AssignmentRules: &frontlinev1.AssignmentRules{Mode: mode}}})
	if err != nil {
		return AssignmentDTO{}, err
	}
	return assignmentDTO(st), nil
}

// SaveCustomField creates or replaces a custom field definition.
func (s *Settings) SaveCustomField(f CustomFieldDTO) (CustomFieldDTO, error) {
	v, ok := frontlinev1.CustomFieldType_value["CUSTOM_FIELD_TYPE_"+strings.ToUpper(strings.TrimSpace(f.Type))]
	if !ok || v == 0 {
		return CustomFieldDTO{}, fieldErr("type", "Choose a type")
	}
	opts := []string(nil)
	if frontlinev1.CustomFieldType(v) == frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_SELECT {
		opts = cleanLines(f.Options)
	}
	st, err := s.put("save custom field", &frontlinev1.Setting{Id: strings.TrimSpace(f.ID), Value: &frontlinev1.Setting_CustomField{CustomField: &frontlinev1.CustomField{
		Key: strings.TrimSpace(f.Key), Label: strings.TrimSpace(f.Label), Type: frontlinev1.CustomFieldType(v), Options: opts, RequiredToResolve: f.RequiredToResolve,
	}}})
	if err != nil {
		return CustomFieldDTO{}, err
	}
	return customFieldDTO(st), nil
}

// DeleteCustomField removes a custom field definition.
func (s *Settings) DeleteCustomField(id string) error { return s.del("delete custom field", id) }

// SaveTag creates or replaces a tag definition.
func (s *Settings) SaveTag(t TagDTO) (TagDTO, error) {
	st, err := s.put("save tag", &frontlinev1.Setting{Id: strings.TrimSpace(t.ID), Value: &frontlinev1.Setting_Tag{Tag: &frontlinev1.TagDefinition{
		Name: strings.ToLower(strings.TrimSpace(t.Name)), Color: strings.TrimSpace(t.Color), Description: strings.TrimSpace(t.Description),
	}}})
	if err != nil {
		return TagDTO{}, err
	}
	return tagDTO(st), nil
}

// DeleteTag removes a tag definition (tickets keep the tag).
func (s *Settings) DeleteTag(id string) error { return s.del("delete tag", id) }
