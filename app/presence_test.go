package app_test

import (
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/app"
)

func TestPresence_ShowsColleaguesAndGoesQuietOffline(t *testing.T) {
	o := newOfflineRig(t)
	maya := o.agentDesk(t)
	ada := o.adminDesk(t)
	tk := o.env.CreateTicket(t, o.tenant.Clients, "Two agents, one ticket")
	eventually(t, 5*time.Second, func() bool { _, err := maya.Tickets.Get(tk.GetId()); return err == nil })

	first, err := maya.Tickets.Presence(tk.GetId(), false, false)
	if err != nil || !first.Online || len(first.Viewers) != 0 {
		t.Fatalf("Maya alone: %+v, %v; want online and nobody else", first, err)
	}
	if _, err := ada.Tickets.Presence(tk.GetId(), true, false); err != nil {
		t.Fatal(err)
	}
	got, err := maya.Tickets.Presence(tk.GetId(), false, false)
	want := []app.ViewerDTO{{UserID: o.tenant.Admin.GetId(), Name: o.tenant.Admin.GetName(), Typing: true}}
	if err != nil || len(got.Viewers) != 1 || got.Viewers[0].UserID != want[0].UserID || !got.Viewers[0].Typing || got.Viewers[0].Since == "" {
		t.Errorf("Maya sees %+v, %v; want Ada typing", got.Viewers, err)
	}
	if _, err := ada.Tickets.Presence(tk.GetId(), false, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := maya.Tickets.Presence(tk.GetId(), false, false); len(got.Viewers) != 0 {
		t.Errorf("after Ada left Maya sees %+v", got.Viewers)
	}
	// Offline: no error, nobody, and Online false so the UI can say so.
	o.cut()
	eventually(t, 10*time.Second, func() bool {
		off, err := maya.Tickets.Presence(tk.GetId(), false, false)
		if err != nil {
			t.Fatalf("offline presence failed the UI: %v", err)
		}
		return !off.Online && len(off.Viewers) == 0
	})
}
