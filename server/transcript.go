package server

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/hub"
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

// ---- agent replies by email outside business hours -----------------------

// defaultReplyMailDelay is how long after an agent's first reply the
// customer's email waits, so that replies sent in a row go out together.
const defaultReplyMailDelay = time.Minute

// maxReplyPages bounds the remembered widget pages (one per conversation).
const maxReplyPages = 50_000

// replyMail emails a customer the agents' replies to a conversation that
// was handed over outside business hours, or started then without a bot
// (the widget told them "we will email you"), once per batch of replies, unless the customer has the
// conversation open (a live WatchConversation stream) when the batch is
// due. It learns of replies from the hub, whichever service wrote them
// (TicketService or a desktop's sync push). Pending batches live in
// memory: a restart drops them rather than mailing twice.
type replyMail struct {
	s     *Server
	delay time.Duration

	mu      sync.Mutex
	pending map[string]bool   // tenant/ticket with a batch waiting
	mailed  map[string]string // tenant/ticket -> last agent message id mailed or seen live
	pages   map[string]string // ticket -> the widget page the customer used
}

func newReplyMail(s *Server, delay time.Duration) *replyMail {
	if delay <= 0 {
		delay = defaultReplyMailDelay
	}
	return &replyMail{s: s, delay: delay, pending: map[string]bool{}, mailed: map[string]string{}, pages: map[string]string{}}
}

// observe is the hub observer: it starts a batch at an agent's public reply.
func (r *replyMail) observe(e hub.Event) {
	m := e.Message
	if r.s.chat.mailer == nil || m == nil || m.GetInternal() || m.GetAuthorKind() != frontlinev1.AuthorKind_AUTHOR_KIND_AGENT {
		return
	}
	if tk := e.Ticket; tk != nil && (tk.GetChannel() != frontlinev1.Channel_CHANNEL_WIDGET || tk.GetBotAnswers() && tk.GetHandoverReason() == "") {
		return // not a widget conversation, or the bot still had it
	}
	key := e.TenantID + "/" + e.TicketID
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending[key] {
		return
	}
	r.pending[key] = true
	tenantID, ticketID := e.TenantID, e.TicketID
	time.AfterFunc(r.delay, func() { r.flush(tenantID, ticketID) })
}

// rememberPage keeps the page a customer's widget runs on, for the link in
// reply emails.
func (r *replyMail) rememberPage(ticketID, page string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.pages[ticketID]; !ok && len(r.pages) >= maxReplyPages {
		clear(r.pages)
	}
	r.pages[ticketID] = page
}

func (r *replyMail) page(ticketID string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pages[ticketID]
}

// flush sends the batch of one conversation.
func (r *replyMail) flush(tenantID, ticketID string) {
	key := tenantID + "/" + ticketID
	r.mu.Lock()
	delete(r.pending, key)
	r.mu.Unlock()
	select {
	case <-r.s.closing:
		return
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := r.send(ctx, tenantID, ticketID, key); err != nil {
		r.s.log.Warn("email agent replies", "ticket", ticketID, "err", err)
	}
}

func (r *replyMail) send(ctx context.Context, tenantID, ticketID, key string) error {
	s := r.s
	tk, msgs, err := s.publicThread(ctx, tenantID, ticketID)
	if err != nil {
		return err
	}
	if tk.GetChannel() != frontlinev1.Channel_CHANNEL_WIDGET || tk.GetCustomer().GetEmail() == "" {
		return nil
	}
	ws, err := s.widgetSettings(ctx, tenantID)
	if err != nil {
		return err
	}
	handover, ok := handoverTime(msgs)
	if !ok && !tk.GetBotAnswers() {
		handover, ok = tk.GetCreateTime().AsTime(), true // no bot: people had it from the start
	}
	if !ok || openAt(ws.GetBusinessHours(), handover) {
		return nil // handed over in business hours: the customer was told to wait here
	}
	r.mu.Lock()
	after := r.mailed[key]
	r.mu.Unlock()
	replies := newReplies(msgs, after)
	if len(replies) == 0 {
		return nil
	}
	last := replies[len(replies)-1].GetId()
	if s.chat.slots.count(ticketID) > 0 {
		// The customer is watching and saw them arrive.
		r.setMailed(key, last)
		return nil
	}
	co, err := s.st.Company(ctx, tenantID)
	if err != nil {
		return fmt.Errorf("read company: %w", err)
	}
	subject := fmt.Sprintf("%s replied to your conversation (ticket #%d)", co.GetName(), tk.GetNumber())
	if err := s.chat.mailer.Send(ctx, tk.GetCustomer().GetEmail(), subject, replyMailBody(co, tk, replies, r.page(ticketID))); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	r.setMailed(key, last)
	s.log.Info("emailed agent replies", "tenant", tenantID, "ticket", ticketID, "replies", len(replies))
	return nil
}

func (r *replyMail) setMailed(key, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mailed[key] = id
}

// handoverTime is when the conversation was last handed to a person.
func handoverTime(msgs []*frontlinev1.Message) (time.Time, bool) {
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM && strings.HasPrefix(m.GetBody(), handoverPrefix) {
			return m.GetCreateTime().AsTime(), true
		}
	}
	return time.Time{}, false
}

// newReplies are the public agent messages after the customer's last
// message and after the message with id after (when present).
func newReplies(msgs []*frontlinev1.Message, after string) []*frontlinev1.Message {
	from := 0
	for i, m := range msgs {
		if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER || (after != "" && m.GetId() == after) {
			from = i + 1
		}
	}
	var out []*frontlinev1.Message
	for _, m := range msgs[from:] {
		if m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_AGENT && !m.GetInternal() {
			out = append(out, m)
		}
	}
	return out
}

// replyMailBody is the plain-text email of a batch of agent replies.
func replyMailBody(co *frontlinev1.Company, tk *frontlinev1.Ticket, replies []*frontlinev1.Message, page string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\n%s replied to your conversation (ticket #%d) while you were away:\n\n", tk.GetCustomer().GetName(), co.GetName(), tk.GetNumber())
	for _, m := range replies {
		who := m.GetAuthorName()
		if who == "" {
			who = co.GetName()
		}
		fmt.Fprintf(&b, "[%s] %s:\n%s\n\n", m.GetCreateTime().AsTime().UTC().Format("2006-01-02 15:04 UTC"), who, m.GetBody())
	}
	if page != "" {
		fmt.Fprintf(&b, "To answer, open the chat again on the same browser:\n%s\n\n", page)
	} else {
		b.WriteString("To answer, open the chat on our website again on the same browser.\n\n")
	}
	b.WriteString("-- \nSent because you asked us to email you when our team replied.\n")
	return b.String()
}

// pageForLink returns the widget page a request came from (its Referer),
// when it is safe to put in an email: a page of the server itself (the
// demo page) or of one of the tenant's allowed origins. Anything else, or
// any origin at all when the tenant allows every site, is dropped, so a
// crafted Referer cannot put a stranger's link in a mail to the address
// the customer typed.
func pageForLink(referer, host string, allowed []string) string {
	u, err := url.Parse(referer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	origin := u.Scheme + "://" + u.Host
	if !strings.EqualFold(u.Host, host) && (len(allowed) == 0 || !originAllowed(allowed, origin)) {
		return ""
	}
	if len(u.String()) > 2000 {
		return ""
	}
	return u.String()
}
