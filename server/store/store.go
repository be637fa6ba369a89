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
}
