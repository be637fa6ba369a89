// Package store defines the server's persistence contract. Every method that
// reads or writes tenant data takes the tenant's id, which handlers take from
// the authenticated identity and never from a request field; implementations
// keep every key of a tenant under that tenant's prefix, so an id that belongs
// to another tenant is simply not found (desk.ErrNotFound).
//
// The interface is deliberately narrow and speaks in the wire types of
// internal/gen, so that a PostgreSQL implementation can be added beside the
// embedded badger one (store/badgerstore) without touching handlers.
// Business rules (status transitions, validation, permissions) live in the
// handlers and in internal/desk, not here; mutators passed as funcs run inside
// the store's transaction and may return an error to abort it.
package store

import (
	"context"
	"errors"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Credential is a user's password hash in PHC string form
// ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash").
type Credential struct {
	PasswordHash string
}

// SessionKind tells desk sessions from widget conversation tokens.
type SessionKind int

const (
	// SessionDesk is a desk user's sign-in.
	SessionDesk SessionKind = 1
	// SessionConversation is a widget customer's access to one conversation.
	SessionConversation SessionKind = 2
)

// Session is a bearer token's server-side record, keyed by the token's hash.
type Session struct {
	TokenHash  string // desk.HashToken(token); the token itself is never stored
	Kind       SessionKind
	TenantID   string
	UserID     string // for SessionDesk
	TicketID   string // for SessionConversation
	CreateTime time.Time
	ExpireTime time.Time
}

// Invite is a pending invitation, keyed by the invite token's hash.
type Invite struct {
	TokenHash  string
	TenantID   string
	Email      string // lower-case
	Role       frontlinev1.Role
	InvitedBy  string // user id of the admin
	CreateTime time.Time
	ExpireTime time.Time
}

// TicketFilter selects tickets in ListTickets. Zero values match anything.
type TicketFilter struct {
	Statuses   []frontlinev1.TicketStatus
	Priority   frontlinev1.TicketPriority
	AssigneeID string
	Unassigned bool
	Tag        string
}

// Page asks for at most Size items after the opaque Token of a previous page.
type Page struct {
	Size  int    // 1..200, already validated by the caller
	Token string // empty for the first page; otherwise a NextToken returned before
}

// Store is the server's persistence. Methods return errors wrapping the
// sentinels of internal/desk: ErrNotFound, ErrExists, ErrConflict, ErrInvalid
// (for a malformed page token).
type Store interface {
	// CreateCompany stores a new tenant with its first admin user.
	// It fails with ErrExists when the name is taken ignoring case.
	CreateCompany(ctx context.Context, c *frontlinev1.Company, admin *frontlinev1.User, cred Credential) error
	// Company returns a tenant by id.
	Company(ctx context.Context, tenantID string) (*frontlinev1.Company, error)
	// CompanyByName returns a tenant by name, ignoring case.
	CompanyByName(ctx context.Context, name string) (*frontlinev1.Company, error)
	// CompanyByWidgetKey returns the tenant that owns a public widget key.
	CompanyByWidgetKey(ctx context.Context, key string) (*frontlinev1.Company, error)

	// CreateUser stores a user; ErrExists when the email is taken in the tenant.
	CreateUser(ctx context.Context, tenantID string, u *frontlinev1.User, cred Credential) error
	// User returns a user by id.
	User(ctx context.Context, tenantID, userID string) (*frontlinev1.User, error)
	// UserByEmail returns a user and their credential by lower-case email.
	UserByEmail(ctx context.Context, tenantID, email string) (*frontlinev1.User, Credential, error)
	// ListUsers returns every user of the tenant, ordered by name.
	ListUsers(ctx context.Context, tenantID string) ([]*frontlinev1.User, error)
	// UpdateUser applies fn to the stored user in one transaction and returns the result.
	UpdateUser(ctx context.Context, tenantID, userID string, fn func(*frontlinev1.User) error) (*frontlinev1.User, error)

	// CreateSession stores a session or conversation token record.
	CreateSession(ctx context.Context, s Session) error
	// Session returns a token record by hash; an expired one is ErrNotFound.
	Session(ctx context.Context, tokenHash string) (Session, error)
	// DeleteSession revokes one token.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions revokes every session of a user.
	DeleteUserSessions(ctx context.Context, tenantID, userID string) error

	// CreateInvite stores an invitation.
	CreateInvite(ctx context.Context, inv Invite) error
	// TakeInvite returns and deletes an invitation in one transaction, so it
	// can be redeemed once; an expired one is ErrNotFound.
	TakeInvite(ctx context.Context, tokenHash string) (Invite, error)

	// CreateTicket stores a new ticket and its first message, giving the
	// ticket the tenant's next display number (set on t and returned).
	CreateTicket(ctx context.Context, tenantID string, t *frontlinev1.Ticket, first *frontlinev1.Message) (*frontlinev1.Ticket, error)
	// Ticket returns a ticket by id.
	Ticket(ctx context.Context, tenantID, ticketID string) (*frontlinev1.Ticket, error)
	// ListTickets returns a page of tickets, most recently updated first,
	// and the token of the next page ("" on the last page).
	ListTickets(ctx context.Context, tenantID string, f TicketFilter, p Page) ([]*frontlinev1.Ticket, string, error)
	// UpdateTicket applies fn to the stored ticket in one transaction.
	UpdateTicket(ctx context.Context, tenantID, ticketID string, fn func(*frontlinev1.Ticket) error) (*frontlinev1.Ticket, error)
	// AddMessage appends m to its ticket and applies fn to the ticket in the
	// same transaction (counts, status, times), returning the ticket after.
	AddMessage(ctx context.Context, tenantID string, m *frontlinev1.Message, fn func(*frontlinev1.Ticket) error) (*frontlinev1.Ticket, error)
	// Messages returns a ticket's messages in the order they were added.
	Messages(ctx context.Context, tenantID, ticketID string) ([]*frontlinev1.Message, error)

	// CreateArticle stores a new article.
	CreateArticle(ctx context.Context, tenantID string, a *frontlinev1.Article) error
	// Article returns an article by id.
	Article(ctx context.Context, tenantID, articleID string) (*frontlinev1.Article, error)
	// ListArticles returns a page of articles ordered by title, then id.
	ListArticles(ctx context.Context, tenantID string, status frontlinev1.ArticleStatus, p Page) ([]*frontlinev1.Article, string, error)
	// UpdateArticle applies fn to the stored article in one transaction.
	UpdateArticle(ctx context.Context, tenantID, articleID string, fn func(*frontlinev1.Article) error) (*frontlinev1.Article, error)
	// DeleteArticle removes an article.
	DeleteArticle(ctx context.Context, tenantID, articleID string) error

	// Close flushes and closes the store; acknowledged writes are durable after it returns.
	Close() error

	WidgetData

	AIData

	SettingsData

	ChangeLog
}

// Buckets name who may see a change. Every tenant row is in exactly one.
const (
	// BucketTenant holds tickets, messages, articles, users and field marks:
	// every desk user of the tenant sees it.
	BucketTenant = "tenant"
	// BucketAdmin holds article conflict branches and the audit log: admins only.
	BucketAdmin = "admin"
	// bucketUserPrefix starts a user's private bucket (drafts, rejections).
	bucketUserPrefix = "user:"
)

// UserBucket is the private bucket of a user.
func UserBucket(userID string) string { return bucketUserPrefix + userID }

// SnapshotPos is where a snapshot scan stands: the index of the row kind and
// the last key returned within it (opaque; nil at the start of a kind).
type SnapshotPos struct {
	Kind  int
	After []byte
}

// SnapshotScope says which buckets a snapshot covers.
type SnapshotScope struct {
	UserID string // the user's own drafts and rejections
	Admin  bool   // admin-only rows too
}

// ClientRecord is what the server keeps per replica.
type ClientRecord struct {
	UserID         string
	LastMutationID int64
}

// LogState is a tenant's log bounds and a client's progress, read together.
type LogState struct {
	Epoch          string
	Head           int64 // last seq written
	Floor          int64 // seqs <= Floor have been trimmed
	LastMutationID int64 // of the client asked about, 0 if none
}

// MutationTx is the store seen by one pushed mutation, inside the
// transaction that also records the mutation and its log entries. Every
// write it makes is logged with the mutation's (client id, mutation id).
type MutationTx interface {
	Ticket(ticketID string) (*frontlinev1.Ticket, error)
	PutTicket(t *frontlinev1.Ticket) error
	// AddMessage appends m to its ticket; ErrExists when its id is taken.
	AddMessage(m *frontlinev1.Message) error
	User(userID string) (*frontlinev1.User, error)
	Article(articleID string) (*frontlinev1.Article, error)
	PutArticle(a *frontlinev1.Article) error
	// PutDraft stores the draft, or removes it when its body is empty.
	PutDraft(d *frontlinev1.Draft) error
	PutArticleConflict(c *frontlinev1.ArticleConflict) error
	// DeleteArticleConflict removes a conflict branch; false when there was none.
	DeleteArticleConflict(conflictID string) (bool, error)
	PutFieldMark(m *frontlinev1.FieldMark) error
	// Settings returns the tenant's desk settings.
	Settings() ([]*frontlinev1.Setting, error)
}

// Mutation outcomes of ApplyMutation besides an apply error.
var (
	// ErrDuplicate: the mutation id is <= the client's last; nothing done.
	ErrDuplicate = errors.New("mutation already applied")
	// ErrOutOfOrder: the mutation id skips ahead of last+1; nothing done.
	ErrOutOfOrder = errors.New("mutation out of order")
	// ErrLogTrimmed: the cursor is older than the retained log.
	ErrLogTrimmed = errors.New("change log trimmed past cursor")
)

// ChangeLog is the per-tenant change log. Every write method of Store
// appends the rows it changed to its tenant's log in the same transaction,
// with a gapless, commit-ordered sequence number, so there is no way to
// change tenant data without a log entry.
type ChangeLog interface {
	// Epoch is the store's incarnation id, made when it was first opened.
	Epoch() string
	// LogState returns the log bounds of a tenant and clientID's last mutation.
	LogState(ctx context.Context, tenantID, clientID string) (LogState, error)
	// Changes returns up to about limit log records after seq "after" (never
	// splitting one transaction's records) and the state they were read at.
	// ErrLogTrimmed when after < Floor.
	Changes(ctx context.Context, tenantID string, after int64, limit int) ([]*frontlinev1.Change, LogState, error)
	// Snapshot returns up to limit current rows of the scope from pos, with
	// seq 0, and the position after them; done when the scan is complete.
	Snapshot(ctx context.Context, tenantID string, scope SnapshotScope, pos SnapshotPos, limit int) (rows []*frontlinev1.Change, next SnapshotPos, done bool, err error)
	// ClaimClient registers clientID for userID on first use and returns its
	// record; ErrPermission when another user owns it.
	ClaimClient(ctx context.Context, tenantID, userID, clientID string) (ClientRecord, error)
	// ApplyMutation runs apply for mutation mutationID of clientID (owned by
	// userID) in one transaction that also advances the client's last
	// mutation id and logs every write (an ack record when nothing was
	// written). ErrDuplicate / ErrOutOfOrder / ErrPermission leave everything
	// as it was; an error from apply aborts the transaction and is returned.
	ApplyMutation(ctx context.Context, tenantID, userID, clientID string, mutationID int64, apply func(MutationTx) error) error
	// RejectMutation records r in the user's bucket and advances the client's
	// last mutation id to r.MutationId, in one transaction.
	RejectMutation(ctx context.Context, tenantID, userID string, r *frontlinev1.Rejection) error
	// TrimLog drops log records with seq <= upTo (retention).
	TrimLog(ctx context.Context, tenantID string, upTo int64) error
	// LogChanged returns a channel closed at the next commit to tenantID's log.
	LogChanged(tenantID string) <-chan struct{}
}

// CloseDue is a conversation's scheduled inactivity close.
type CloseDue struct {
	TenantID string
	TicketID string
	Due      time.Time
}

// WidgetData is what the chat widget keeps beside tickets: per-tenant widget
// settings, attachment bytes and the persisted close schedule. These rows
// are server-only (never replicated to desktops), so they are not written to
// the change log; the ticket changes they lead to go through the logged
// ticket methods.
type WidgetData interface {
	// WidgetSettings returns the tenant's stored widget settings; ErrNotFound when never set.
	WidgetSettings(ctx context.Context, tenantID string) (*frontlinev1.WidgetSettings, error)
	// PutWidgetSettings replaces the tenant's widget settings.
	PutWidgetSettings(ctx context.Context, tenantID string, ws *frontlinev1.WidgetSettings) error

	// PutAttachment stores an attachment's bytes under its ticket. Large
	// files are written in chunks over several transactions; the metadata
	// goes last, so a reader never sees a partial file.
	PutAttachment(ctx context.Context, tenantID, ticketID string, a *frontlinev1.Attachment, data []byte) error
	// Attachment returns an attachment of a ticket and its bytes.
	Attachment(ctx context.Context, tenantID, ticketID, attachmentID string) (*frontlinev1.Attachment, []byte, error)
	// DeleteAttachment removes an attachment and its bytes.
	DeleteAttachment(ctx context.Context, tenantID, ticketID, attachmentID string) error

	// ScheduleClose sets (or moves) the time a ticket is due to be closed for inactivity.
	ScheduleClose(ctx context.Context, tenantID, ticketID string, due time.Time) error
	// CancelClose removes a ticket's scheduled close, if any.
	CancelClose(ctx context.Context, tenantID, ticketID string) error
	// DueCloses returns up to limit scheduled closes due at or before upTo,
	// earliest first, across all tenants.
	DueCloses(ctx context.Context, upTo time.Time, limit int) ([]CloseDue, error)
	// NextClose returns the earliest scheduled close; false when none.
	NextClose(ctx context.Context) (CloseDue, bool, error)
}

// AISettings is a tenant's LLM provider choice as the server keeps it. The
// API key is only ever stored sealed (see internal/assist/llm.Sealer) with
// its mask beside it, so that reading the settings never needs the key.
type AISettings struct {
	Provider       string    `json:"provider"`
	Model          string    `json:"model,omitempty"`
	BaseURL        string    `json:"base_url,omitempty"`
	SealedKey      string    `json:"sealed_key,omitempty"`
	KeyMask        string    `json:"key_mask,omitempty"`
	TimeoutSeconds int32     `json:"timeout_seconds,omitempty"`
	Prices         []AIPrice `json:"prices,omitempty"`
	UpdateTime     time.Time `json:"update_time"`
}

// AIPrice is one model's price in US dollars per million tokens.
type AIPrice struct {
	Model                string  `json:"model"`
	PromptPerMillion     float64 `json:"prompt_per_million"`
	CompletionPerMillion float64 `json:"completion_per_million"`
}

// AIData holds the tenant's AI settings. Like WidgetData these rows are
// server-only: they are never written to the change log, so a sealed key
// never reaches a desktop replica.
type AIData interface {
	// AISettings returns the tenant's AI settings; ErrNotFound when never set.
	AISettings(ctx context.Context, tenantID string) (AISettings, error)
	// PutAISettings replaces the tenant's AI settings.
	PutAISettings(ctx context.Context, tenantID string, s AISettings) error
}

// TriageExample is what a ticket teaches a tenant's triage models: its
// customer text with the category an agent set or confirmed, and the
// message whose sentiment an agent corrected. Server-only: desktops derive
// their own from tickets.
type TriageExample struct {
	TicketID string `json:"ticket_id"`
	// Text and Category: the ticket's customer text and the category an
	// agent set ("" when only the sentiment was corrected).
	Text     string `json:"text"`
	Category string `json:"category,omitempty"`
	// SentimentText and Sentiment: the customer message whose sentiment an
	// agent corrected, and the label they set ("" when not corrected).
	SentimentText string    `json:"sentiment_text,omitempty"`
	Sentiment     string    `json:"sentiment,omitempty"`
	UpdateTime    time.Time `json:"update_time"`
}

// SettingsData holds the tenant's desk settings (replicated through the
// change log) and the triage examples learnt from agents (server-only).
type SettingsData interface {
	// Settings returns every setting of the tenant, in id order.
	Settings(ctx context.Context, tenantID string) ([]*frontlinev1.Setting, error)
	// PutSetting creates or replaces a setting (by id), logging it.
	PutSetting(ctx context.Context, tenantID string, s *frontlinev1.Setting) error
	// DeleteSetting removes a setting, logging the deletion; ErrNotFound when absent.
	DeleteSetting(ctx context.Context, tenantID, settingID string) error
	// PutTriageExample stores or replaces the example of its ticket.
	PutTriageExample(ctx context.Context, tenantID string, ex TriageExample) error
	// DeleteTriageExample removes the example of a ticket, if any.
	DeleteTriageExample(ctx context.Context, tenantID, ticketID string) error
	// TriageExamples returns the tenant's examples, in ticket id order.
	TriageExamples(ctx context.Context, tenantID string) ([]TriageExample, error)
	// AppendAudit records an admin action, logged to the admin bucket.
	AppendAudit(ctx context.Context, tenantID string, e *frontlinev1.AuditEntry) error
	// AuditLog returns up to limit entries, newest first.
	AuditLog(ctx context.Context, tenantID string, limit int) ([]*frontlinev1.AuditEntry, error)
}
