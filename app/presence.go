package app

import (
	"context"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

// presenceRemote is implemented by a Server that can reach TicketService.
type presenceRemote interface {
	Tickets() frontlinev1connect.TicketServiceClient
}

// presenceTimeout bounds one heartbeat: presence is best effort.
const presenceTimeout = 3 * time.Second

// ViewerDTO is another desk user with the same ticket open.
type ViewerDTO struct {
	UserID string `json:"userId"`
	Name   string `json:"name"`
	Typing bool   `json:"typing"`
	Since  string `json:"since"`
}

// PresenceDTO is who else is on a ticket. Online is false when the
// heartbeat could not reach the server (offline: nobody is shown).
type PresenceDTO struct {
	Online         bool        `json:"online"`
	Viewers        []ViewerDTO `json:"viewers"`
	CustomerTyping bool        `json:"customerTyping"`
}

// Presence tells the server the signed-in user has ticketID open (typing
// or not; leaving when they close it) and returns who else has it open and
// whether the customer is typing in the chat widget. It never fails the
// UI: without a connection it answers Online false and nobody.
func (t *Tickets) Presence(ticketID string, typing, leaving bool) (PresenceDTO, error) {
	out := PresenceDTO{Viewers: []ViewerDTO{}}
	l, _, err := t.app.state.current()
	if err != nil {
		return out, t.app.fail("presence", err)
	}
	rs, ok := l.server.(presenceRemote)
	if !ok || rs.Tickets() == nil || !l.rep.Status().Online {
		return out, nil
	}
	ctx, cancel := context.WithTimeout(t.app.base, presenceTimeout)
	defer cancel()
	res, err := rs.Tickets().Presence(ctx, &frontlinev1.PresenceRequest{TicketId: ticketID, Typing: typing, Leaving: leaving})
	if err != nil {
		t.app.log.Debug("presence heartbeat failed", "ticket", ticketID, "err", err)
		return out, nil
	}
	out.Online, out.CustomerTyping = true, res.GetCustomerTyping()
	for _, v := range res.GetViewers() {
		out.Viewers = append(out.Viewers, ViewerDTO{UserID: v.GetUserId(), Name: v.GetName(), Typing: v.GetTyping(), Since: timeString(v.GetSince())})
	}
	return out, nil
}
