package app_test

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/app"
	"github.com/frontlinedesk/frontline/server/servertest"
)

// TestAnalyticsFromReplica works three tickets, cuts the server off and
// checks the dashboard, computed from the replica alone, against the
// figures worked out by hand from what the test did.
func TestAnalyticsFromReplica(t *testing.T) {
	exports := t.TempDir()
	t.Setenv(app.ExportDirEnv, exports)
	o := newOfflineRig(t)
	a := o.app(t, t.TempDir(), t.TempDir(), &recorder{})
	if _, err := a.Session.Login("http://"+o.addr, o.tenant.Company.GetName(), o.agent.User.GetEmail(), servertest.Password, true); err != nil {
		t.Fatalf("Login: %v", err)
	}
	eventually(t, 5*time.Second, func() bool { return syncStatus(t, a).Online })

	// Maya takes ticket 0 and answers it; ticket 1 is resolved without a reply.
	t0, t1 := o.tickets[0].GetId(), o.tickets[1].GetId()
	if _, err := a.Tickets.AssignToMe(t0); err != nil {
		t.Fatalf("AssignToMe: %v", err)
	}
	if _, err := a.Tickets.Reply(t0, "Try cleaning the rotor with alcohol."); err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if _, err := a.Tickets.AddNote(t0, "Internal: may need new pads"); err != nil {
		t.Fatalf("AddNote: %v", err)
	}
	if _, err := a.Tickets.SetStatus(t1, "resolved"); err != nil {
		t.Fatalf("SetStatus: %v", err)
	}
	eventually(t, 10*time.Second, func() bool { return syncStatus(t, a).Pending == 0 })
	// Offline from here: the dashboard must not need the server, and a
	// reply still in the outbox counts at once.
	o.cut()
	if _, err := a.Tickets.Reply(o.tickets[2].GetId(), "Written offline: which chain do you ride?"); err != nil {
		t.Fatalf("Reply offline: %v", err)
	}
	eventually(t, 10*time.Second, func() bool { st := syncStatus(t, a); return !st.Online && st.Pending == 1 })

	req := app.DashboardRequest{Days: 7, TimeZone: "UTC",
		SLA: []app.SLATargetDTO{{Priority: "normal", FirstResponseMinutes: 60, ResolutionMinutes: 24 * 60}}}
	d, err := a.Analytics.Dashboard(req)
	if err != nil {
		t.Fatalf("Dashboard offline: %v", err)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if d.To != today || d.From != time.Now().UTC().AddDate(0, 0, -6).Format(time.DateOnly) || len(d.Days) != 7 {
		t.Errorf("range = %s..%s with %d days; want the 7 days to %s", d.From, d.To, len(d.Days), today)
	}
	if last := d.Days[len(d.Days)-1]; last.Created != 3 || last.Resolved != 1 {
		t.Errorf("today = %+v; want 3 created, 1 resolved", last)
	}
	channel := strings.ToLower(strings.TrimPrefix(o.tickets[0].GetChannel().String(), "CHANNEL_"))
	got := struct {
		Tickets, Total, Backlog, FRT, Res int
		Channels                          []app.CountDTO
		Agents                            []app.AgentStatsDTO
		SLAFirst, SLARes                  app.AttainmentDTO
	}{d.Tickets, d.Total, d.BacklogTotal, d.FirstResponse.N, d.Resolution.N, d.ByChannel, nil, app.AttainmentDTO{}, app.AttainmentDTO{}}
	for _, ag := range d.Agents {
		ag.FirstResponse = app.DurationsDTO{N: ag.FirstResponse.N}
		got.Agents = append(got.Agents, ag)
	}
	if d.SLA != nil {
		got.SLAFirst, got.SLARes = d.SLA.FirstResponse, d.SLA.Resolution
	}
	want := got
	want.Tickets, want.Total, want.Backlog, want.FRT, want.Res = 3, 3, 2, 2, 1
	want.Channels = []app.CountDTO{{Key: channel, Label: channel, N: 3}}
	// Two public replies (the note is not one); Maya holds ticket 0, open; the others are unassigned.
	want.Agents = []app.AgentStatsDTO{{ID: o.agent.User.GetId(), Name: "Maya Chen", Open: 1, Replies: 2, FirstResponse: app.DurationsDTO{N: 2}}}
	// Tickets 0 and 2 answered within the hour; ticket 1 (resolved without a reply) needs no
	// response. Ticket 1 resolved within a day; 0 and 2 are pending.
	want.SLAFirst = app.AttainmentDTO{Met: 2, Rate: 1}
	want.SLARes = app.AttainmentDTO{Met: 1, Pending: 2, Rate: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Dashboard offline mismatch (-want +got):\n%s", diff)
	}
	if d.FirstResponse.MedianSec < 0 || d.FirstResponse.MedianSec > 120 {
		t.Errorf("first response median = %v s; want the seconds the test took", d.FirstResponse.MedianSec)
	}
	if !slices.Contains(d.Channels, channel) || !slices.Contains(d.Categories, "uncategorized") {
		t.Errorf("filter choices = %v / %v", d.Channels, d.Categories)
	}

	// Filters.
	if f, err := a.Analytics.Dashboard(app.DashboardRequest{Days: 7, TimeZone: "UTC", AssigneeID: o.agent.User.GetId()}); err != nil || f.Total != 1 || f.SLA != nil {
		t.Errorf("Dashboard(assignee) = total %d, sla %v, %v; want 1 ticket and no SLA", f.Total, f.SLA, err)
	}
	other := "widget"
	if channel == "widget" {
		other = "desk"
	}
	if f, err := a.Analytics.Dashboard(app.DashboardRequest{Days: 7, Channel: other}); err != nil || f.Total != 0 || f.BacklogTotal != 0 {
		t.Errorf("Dashboard(%s) = total %d, backlog %d, %v; want nothing", other, f.Total, f.BacklogTotal, err)
	}
	if f, err := a.Analytics.Dashboard(app.DashboardRequest{From: today, To: today, TimeZone: "UTC"}); err != nil || f.Total != 3 || len(f.Days) != 1 {
		t.Errorf("Dashboard(today) = total %d over %d days, %v; want 3 over 1", f.Total, len(f.Days), err)
	}
	for _, bad := range []struct {
		req   app.DashboardRequest
		field string
	}{
		{app.DashboardRequest{Days: 7, Channel: "fax"}, "channel"},
		{app.DashboardRequest{Days: 7, TimeZone: "Mars/Olympus"}, "timeZone"},
		{app.DashboardRequest{From: "2026-13-01", To: "2026-01-01"}, "from"},
		{app.DashboardRequest{From: "2026-02-01", To: "2026-01-01"}, "to"},
		{app.DashboardRequest{Days: 7, SLA: []app.SLATargetDTO{{Priority: "whenever", FirstResponseMinutes: 5}}}, "sla"},
	} {
		_, err := a.Analytics.Dashboard(bad.req)
		if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != bad.field {
			t.Errorf("Dashboard(%+v) = %+v; want invalid %s", bad.req, ue, bad.field)
		}
	}

	// CSV export, still offline.
	path, err := a.Analytics.ExportCSV(req)
	if err != nil {
		t.Fatalf("ExportCSV: %v", err)
	}
	if filepath.Dir(path) != exports {
		t.Errorf("ExportCSV wrote %s; want it in %s", path, exports)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatalf("read the CSV: %v", err)
	}
	for _, want := range [][]string{
		{"section", "key", "value", "unit"},
		{"tickets", "created", "3", "tickets"},
		{"volume_by_day", today, "3", "tickets"},
		{"volume_by_channel", channel, "3", "tickets"},
		{"sla_first_response", "met", "2", "tickets"},
		{"agent_replies", "Maya Chen", "2", "messages"},
	} {
		if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, want) }) {
			t.Errorf("CSV has no row %q", want)
		}
	}
	again, err := a.Analytics.ExportCSV(req)
	if err != nil || again == path {
		t.Errorf("second ExportCSV = %s, %v; want a new file beside %s", again, err, path)
	}
}

func TestSavePNG(t *testing.T) {
	exports := t.TempDir()
	t.Setenv(app.ExportDirEnv, exports)
	a := app.New(app.Config{Emitter: &recorder{}, Logger: quiet})
	t.Cleanup(func() { a.Shutdown(t.Context()) })

	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString(buf.Bytes())
	tests := []struct {
		name, data, file string
	}{
		{"data url", "data:image/png;base64," + b64, "volume-by-day.png"},
		{"bare base64", b64, "volume-by-day-2.png"},
		{"unsafe name", b64, "--etcpasswd.png"},
	}
	names := []string{"Volume by day", "volume-by-day.png", "../etc/passwd"}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path, err := a.Analytics.SavePNG(tc.data, names[i])
			if err != nil {
				t.Fatalf("SavePNG: %v", err)
			}
			if want := filepath.Join(exports, tc.file); path != want {
				t.Errorf("SavePNG path = %s; want %s", path, want)
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, buf.Bytes()) {
				t.Errorf("saved %d bytes (%v); want the %d bytes of the PNG", len(got), err, buf.Len())
			}
		})
	}
	for _, bad := range []string{"", "data:image/jpeg;base64," + b64, "not base64!", base64.StdEncoding.EncodeToString([]byte("GIF89a"))} {
		_, err := a.Analytics.SavePNG(bad, "x")
		if ue := uiError(t, err); ue.Kind != app.KindInvalid || ue.Field != "image" {
			t.Errorf("SavePNG(%.20q) = %+v; want invalid image", bad, ue)
		}
	}
}
