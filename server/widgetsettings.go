package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/assist/prompt"
	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// widgetAdminService lets admins configure their tenant's widget.
type widgetAdminService struct{ s *Server }

// Limits and defaults of widget settings (widget_admin.proto documents them).
const (
	defaultInactivityMinutes = 30
	minInactivityMinutes     = 5
	maxInactivityMinutes     = 7 * 24 * 60
	maxAllowedOrigins        = 20
	maxGreeting              = 300
	maxBotName               = 60
	maxOpeningHours          = 28
	settingsTTL              = 30 * time.Second
	defaultReopenGrace       = 24 * time.Hour
)

var hexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

func (a *widgetAdminService) GetWidgetSettings(ctx context.Context, _ *frontlinev1.GetWidgetSettingsRequest) (*frontlinev1.GetWidgetSettingsResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	ws, err := a.s.widgetSettings(ctx, c.TenantID)
	if err != nil {
		return nil, err
	}
	return &frontlinev1.GetWidgetSettingsResponse{Settings: ws}, nil
}

func (a *widgetAdminService) UpdateWidgetSettings(ctx context.Context, req *frontlinev1.UpdateWidgetSettingsRequest) (*frontlinev1.UpdateWidgetSettingsResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	ws, err := checkWidgetSettings(req.GetSettings())
	if err != nil {
		return nil, err
	}
	if err := a.s.st.PutWidgetSettings(ctx, c.TenantID, ws); err != nil {
		return nil, fmt.Errorf("update widget settings: %w", err)
	}
	a.s.chat.settings.forget(c.TenantID)
	a.s.audit(ctx, c, "widget.update", "", "Widget settings saved")
	return &frontlinev1.UpdateWidgetSettingsResponse{Settings: withDefaults(ws)}, nil
}

// checkWidgetSettings validates settings and returns their normalised form
// (trimmed texts, lower-case origins without default ports, sorted days).
func checkWidgetSettings(in *frontlinev1.WidgetSettings) (*frontlinev1.WidgetSettings, error) {
	if in == nil {
		return nil, desk.Invalid("settings", "is required")
	}
	out := &frontlinev1.WidgetSettings{}
	if len(in.GetAllowedOrigins()) > maxAllowedOrigins {
		return nil, desk.Invalid("settings.allowed_origins", fmt.Sprintf("must have at most %d entries", maxAllowedOrigins))
	}
	for i, o := range in.GetAllowedOrigins() {
		n, err := normalizeOrigin(strings.TrimSpace(o))
		if err != nil {
			return nil, desk.Invalid(fmt.Sprintf("settings.allowed_origins[%d]", i), err.Error())
		}
		out.AllowedOrigins = append(out.AllowedOrigins, n)
	}
	if col := strings.TrimSpace(in.GetAccentColor()); col != "" {
		if !hexColor.MatchString(col) {
			return nil, desk.Invalid("settings.accent_color", "must be a hex colour such as #2563eb")
		}
		out.AccentColor = strings.ToLower(col)
	}
	greeting := strings.TrimSpace(in.GetGreeting())
	if err := checkText("settings.greeting", greeting, 0, maxGreeting); err != nil {
		return nil, err
	}
	out.Greeting = greeting
	bot, err := checkLine("settings.bot_name", in.GetBotName(), 0, maxBotName)
	if err != nil {
		return nil, err
	}
	out.BotName = bot
	out.BotTone = strings.ToLower(strings.TrimSpace(in.GetBotTone()))
	if _, ok := prompt.Tones[out.BotTone]; !ok && out.BotTone != "" {
		return nil, desk.Invalid("settings.bot_tone", "must be friendly, formal or concise")
	}
	if m := in.GetInactivityTimeoutMinutes(); m != 0 && (m < minInactivityMinutes || m > maxInactivityMinutes) {
		return nil, desk.Invalid("settings.inactivity_timeout_minutes",
			fmt.Sprintf("must be between %d and %d minutes", minInactivityMinutes, maxInactivityMinutes))
	}
	out.InactivityTimeoutMinutes = in.GetInactivityTimeoutMinutes()
	out.BotEnabled = in.GetBotEnabled()
	bh, err := checkBusinessHours("settings.business_hours", in.GetBusinessHours())
	if err != nil {
		return nil, err
	}
	out.BusinessHours = bh
	return out, nil
}

// normalizeOrigin checks that s is a bare http(s) origin and returns it as
// browsers send it: lower-case, without a default port.
func normalizeOrigin(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", errors.New("must be an origin such as https://www.example.com")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", errors.New("must start with http:// or https://")
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("must be only scheme, host and port, without a path")
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		return scheme + "://" + host + ":" + port, nil
	}
	return scheme + "://" + host, nil
}

// maxHolidays bounds a schedule's holidays.
const maxHolidays = 100

// checkBusinessHours validates a weekly schedule and its holidays; prefix
// names the field in errors ("settings.business_hours").
func checkBusinessHours(prefix string, in *frontlinev1.BusinessHours) (*frontlinev1.BusinessHours, error) {
	if in == nil {
		return nil, nil
	}
	out := &frontlinev1.BusinessHours{TimeZone: strings.TrimSpace(in.GetTimeZone())}
	if out.TimeZone != "" {
		if _, err := time.LoadLocation(out.TimeZone); err != nil || strings.EqualFold(out.TimeZone, "local") {
			return nil, desk.Invalid(prefix+".time_zone", "must be an IANA time zone such as Europe/Berlin")
		}
	}
	if len(in.GetDays()) > maxOpeningHours {
		return nil, desk.Invalid(prefix+".days", fmt.Sprintf("must have at most %d entries", maxOpeningHours))
	}
	for i, d := range in.GetDays() {
		field := fmt.Sprintf("%s.days[%d]", prefix, i)
		if d.GetWeekday() < 0 || d.GetWeekday() > 6 {
			return nil, desk.Invalid(field+".weekday", "must be 0 (Sunday) to 6 (Saturday)")
		}
		open, ok := clockMinutes(d.GetOpen(), false)
		if !ok {
			return nil, desk.Invalid(field+".open", "must be a time HH:MM")
		}
		closeAt, ok := clockMinutes(d.GetClose(), true)
		if !ok {
			return nil, desk.Invalid(field+".close", "must be a time HH:MM")
		}
		if closeAt <= open {
			return nil, desk.Invalid(field+".close", "must be after the opening time")
		}
		out.Days = append(out.Days, &frontlinev1.OpeningHours{Weekday: d.GetWeekday(), Open: d.GetOpen(), Close: d.GetClose()})
	}
	if len(in.GetHolidays()) > maxHolidays {
		return nil, desk.Invalid(prefix+".holidays", fmt.Sprintf("must have at most %d dates", maxHolidays))
	}
	for _, h := range in.GetHolidays() {
		h = strings.TrimSpace(h)
		if _, err := time.Parse(time.DateOnly, h); err != nil {
			return nil, desk.Invalid(prefix+".holidays", fmt.Sprintf("%q is not a date YYYY-MM-DD", h))
		}
		if !slices.Contains(out.Holidays, h) {
			out.Holidays = append(out.Holidays, h)
		}
	}
	slices.Sort(out.Holidays)
	return out, nil
}

// clockMinutes parses "HH:MM" into minutes after midnight; "24:00" only
// when allow24.
func clockMinutes(s string, allow24 bool) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 {
		return 0, false
	}
	if hh == 24 && mm == 0 && allow24 {
		return 24 * 60, true
	}
	if hh > 23 {
		return 0, false
	}
	return hh*60 + mm, true
}

// openAt reports whether t falls in the schedule (always, without days).
func openAt(bh *frontlinev1.BusinessHours, t time.Time) bool {
	if len(bh.GetDays()) == 0 {
		return true
	}
	loc := time.UTC
	if tz := bh.GetTimeZone(); tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	lt := t.In(loc)
	now := lt.Hour()*60 + lt.Minute()
	for _, d := range bh.GetDays() {
		if int(d.GetWeekday()) != int(lt.Weekday()) {
			continue
		}
		open, ok1 := clockMinutes(d.GetOpen(), false)
		closeAt, ok2 := clockMinutes(d.GetClose(), true)
		if ok1 && ok2 && open <= now && now < closeAt {
			return true
		}
	}
	return false
}

// withDefaults returns a copy of ws with empty fields set to the defaults.
func withDefaults(ws *frontlinev1.WidgetSettings) *frontlinev1.WidgetSettings {
	out := proto.Clone(ws).(*frontlinev1.WidgetSettings)
	if out.AccentColor == "" {
		out.AccentColor = widgetAccent
	}
	if out.Greeting == "" {
		out.Greeting = widgetGreeting
	}
	if out.BotName == "" {
		out.BotName = widgetBotName
	}
	if out.BotTone == "" {
		out.BotTone = "friendly"
	}
	if out.InactivityTimeoutMinutes == 0 {
		out.InactivityTimeoutMinutes = defaultInactivityMinutes
	}
	if out.BusinessHours == nil {
		out.BusinessHours = &frontlinev1.BusinessHours{}
	}
	return out
}

// inactivityTimeout is the tenant's idle time before a close.
func inactivityTimeout(ws *frontlinev1.WidgetSettings) time.Duration {
	m := ws.GetInactivityTimeoutMinutes()
	if m <= 0 {
		m = defaultInactivityMinutes
	}
	return time.Duration(m) * time.Minute
}

// settingsCache keeps each tenant's effective settings for settingsTTL, so
// the guard does not read the store on every widget call. Updates through
// this server forget the entry at once.
type settingsCache struct {
	mu      sync.Mutex
	entries map[string]settingsEntry
}

type settingsEntry struct {
	ws *frontlinev1.WidgetSettings
	at time.Time
}

func (c *settingsCache) forget(tenantID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, tenantID)
}

// widgetSettings returns the tenant's effective settings (stored or
// default, with defaults filled in). The result must not be modified.
func (s *Server) widgetSettings(ctx context.Context, tenantID string) (*frontlinev1.WidgetSettings, error) {
	c := s.chat.settings
	now := s.now()
	c.mu.Lock()
	e, ok := c.entries[tenantID]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < settingsTTL && now.Sub(e.at) >= 0 {
		return e.ws, nil
	}
	ws, err := s.st.WidgetSettings(ctx, tenantID)
	switch {
	case errors.Is(err, desk.ErrNotFound):
		ws = &frontlinev1.WidgetSettings{}
	case err != nil:
		return nil, fmt.Errorf("load widget settings: %w", err)
	}
	ws = withDefaults(ws)
	c.mu.Lock()
	if len(c.entries) > 10000 {
		clear(c.entries)
	}
	c.entries[tenantID] = settingsEntry{ws: ws, at: now}
	c.mu.Unlock()
	return ws, nil
}
