package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// EmailTranscript mails the conversation's public messages, as plain text,
// to the address the customer gave in the pre-chat form (never to an
// address in the request, so it cannot be used to send mail to others).
func (w *widgetService) EmailTranscript(ctx context.Context, _ *frontlinev1.EmailTranscriptRequest) (*frontlinev1.EmailTranscriptResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if w.s.chat.mailer == nil {
		return nil, withMessage("transcripts by email are not available", desk.ErrFailedPrecondition)
	}
	tk, msgs, err := w.s.publicThread(ctx, c.TenantID, c.TicketID)
	if err != nil {
		return nil, err
	}
	co, err := w.s.st.Company(ctx, c.TenantID)
	if err != nil {
		return nil, fmt.Errorf("email transcript: %w", err)
	}
	to := tk.GetCustomer().GetEmail()
	subject := fmt.Sprintf("Your conversation with %s (ticket #%d)", co.GetName(), tk.GetNumber())
	if err := w.s.chat.mailer.Send(ctx, to, subject, transcript(co, tk, msgs)); err != nil {
		w.s.log.Error("email transcript", "ticket", c.TicketID, "err", err)
		return nil, withMessage("the transcript could not be sent; please try again later", desk.ErrFailedPrecondition)
	}
	return &frontlinev1.EmailTranscriptResponse{Email: to}, nil
}

// transcript renders a thread as plain text, oldest first, times in UTC.
func transcript(co *frontlinev1.Company, tk *frontlinev1.Ticket, msgs []*frontlinev1.Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\nhere is your conversation with %s (ticket #%d).\n\n", tk.GetCustomer().GetName(), co.GetName(), tk.GetNumber())
	for _, m := range msgs {
		who := m.GetAuthorName()
		switch m.GetAuthorKind() {
		case frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER:
			who = "You"
		case frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM:
			who = co.GetName()
		}
		fmt.Fprintf(&b, "[%s] %s:\n%s\n", m.GetCreateTime().AsTime().UTC().Format("2006-01-02 15:04 UTC"), who, m.GetBody())
		for _, a := range m.GetAttachments() {
			fmt.Fprintf(&b, "(attached: %s, %d KB)\n", a.GetFilename(), (a.GetSize()+1023)/1024)
		}
		b.WriteString("\n")
	}
	b.WriteString("-- \nSent at your request from the chat on our website.\n")
	return b.String()
}
