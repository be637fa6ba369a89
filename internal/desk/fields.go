package desk

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Custom field limits.
const (
	MaxFieldText    = 500
	maxFieldOptions = 50
)

var fieldKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// ValidFieldKey reports whether k is a well-formed custom field key.
func ValidFieldKey(k string) bool { return fieldKey.MatchString(k) }

// CustomFields returns the custom field definitions among settings, by key.
func CustomFields(settings []*frontlinev1.Setting) map[string]*frontlinev1.CustomField {
	out := map[string]*frontlinev1.CustomField{}
	for _, s := range settings {
		if f := s.GetCustomField(); f != nil {
			out[f.GetKey()] = f
		}
	}
	return out
}

// CheckFieldValue checks a value for a custom field and returns it in its
// canonical form; "" (clearing the field) is always allowed. Errors are
// FieldErrors naming custom_fields.<key>.
func CheckFieldValue(def *frontlinev1.CustomField, value string) (string, error) {
	field := "custom_fields." + def.GetKey()
	v := strings.TrimSpace(value)
	if v == "" {
		return "", nil
	}
	switch def.GetType() {
	case frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_TEXT:
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\r\n") || utf8.RuneCountInString(v) > MaxFieldText {
			return "", Invalid(field, fmt.Sprintf("must be one line of at most %d characters", MaxFieldText))
		}
		return v, nil
	case frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_NUMBER:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f != f || f > 1e15 || f < -1e15 {
			return "", Invalid(field, "must be a number")
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_SELECT:
		for _, o := range def.GetOptions() {
			if strings.EqualFold(o, v) {
				return o, nil
			}
		}
		return "", Invalid(field, fmt.Sprintf("must be one of: %s", strings.Join(def.GetOptions(), ", ")))
	case frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_CHECKBOX:
		b, err := strconv.ParseBool(strings.ToLower(v))
		if err != nil {
			return "", Invalid(field, "must be true or false")
		}
		return strconv.FormatBool(b), nil
	case frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_DATE:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "", Invalid(field, "must be a date YYYY-MM-DD")
		}
		return v, nil
	}
	return "", Invalid(field, "has an unknown type")
}

// CheckFieldDefinition checks and tidies an admin's custom field.
func CheckFieldDefinition(f *frontlinev1.CustomField) error {
	f.Key = strings.TrimSpace(f.GetKey())
	f.Label = strings.Join(strings.Fields(f.GetLabel()), " ")
	switch {
	case !ValidFieldKey(f.GetKey()):
		return Invalid("setting.custom_field.key", "must be 1 to 40 lower-case letters, digits or underscores, starting with a letter")
	case f.GetLabel() == "" || utf8.RuneCountInString(f.GetLabel()) > 60:
		return Invalid("setting.custom_field.label", "must be 1 to 60 characters")
	case f.GetType() < frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_TEXT || f.GetType() > frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_DATE:
		return Invalid("setting.custom_field.type", "must be text, number, select, checkbox or date")
	}
	var opts []string
	for _, o := range f.GetOptions() {
		o = strings.Join(strings.Fields(o), " ")
		if o == "" || slices.ContainsFunc(opts, func(x string) bool { return strings.EqualFold(x, o) }) {
			continue
		}
		if utf8.RuneCountInString(o) > 100 {
			return Invalid("setting.custom_field.options", "each option must be at most 100 characters")
		}
		opts = append(opts, o)
	}
	if f.GetType() == frontlinev1.CustomFieldType_CUSTOM_FIELD_TYPE_SELECT {
		if len(opts) == 0 || len(opts) > maxFieldOptions {
			return Invalid("setting.custom_field.options", fmt.Sprintf("a select field needs 1 to %d options", maxFieldOptions))
		}
	} else {
		opts = nil
	}
	f.Options = opts
	return nil
}

// MissingRequired returns the labels of the fields required to resolve a
// ticket that it has no value for, in key order.
func MissingRequired(tk *frontlinev1.Ticket, defs map[string]*frontlinev1.CustomField) []string {
	var keys []string
	for k, d := range defs {
		if d.GetRequiredToResolve() && tk.GetCustomFields()[k] == "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = defs[k].GetLabel()
	}
	return out
}
