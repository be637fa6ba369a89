package badgerstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"google.golang.org/protobuf/proto"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/server/store"
)

// CreateCompany stores a new tenant, its name and widget-key index entries
// and its first admin, all in one transaction.
func (s *Store) CreateCompany(ctx context.Context, c *frontlinev1.Company, admin *frontlinev1.User, cred store.Credential) error {
	const op = "create company"
	if c == nil || admin == nil {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("nil company or admin"))
	}
	tenant, ok := parseID(c.GetId())
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("company id"))
	}
	if c.GetName() == "" {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("empty company name"))
	}
	ce, err := protoEntry(companyKey(tenant), c)
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	nameKey := companyNameKey(foldName(c.GetName()))
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		for _, k := range [][]byte{companyKey(tenant), nameKey} {
			if ok, err := exists(txn, k); err != nil || ok {
				return cmp.Or(err, fmt.Errorf("company %q: %w", c.GetName(), desk.ErrExists))
			}
		}
		es := []*badger.Entry{ce, idEntry(nameKey, tenant)}
		if wk := c.GetWidgetKey(); wk != "" {
			k := widgetKeyKey(wk)
			if ok, err := exists(txn, k); err != nil || ok {
				return cmp.Or(err, fmt.Errorf("widget key: %w", desk.ErrExists))
			}
			es = append(es, idEntry(k, tenant))
		}
		if err := setAll(txn, es...); err != nil {
			return err
		}
		if err := createUser(txn, tenant, admin, cred); err != nil {
			return err
		}
		lw.user(admin)
		return nil
	})
}

// Company returns a tenant by id.
func (s *Store) Company(ctx context.Context, tenantID string) (*frontlinev1.Company, error) {
	c := new(frontlinev1.Company)
	err := s.view(ctx, "get company", func(txn *badger.Txn) error {
		tenant, ok := parseID(tenantID)
		if !ok {
			return desk.ErrNotFound
		}
		return getProto(txn, companyKey(tenant), c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CompanyByName returns a tenant by name, ignoring case.
func (s *Store) CompanyByName(ctx context.Context, name string) (*frontlinev1.Company, error) {
	return s.companyByIndex(ctx, "get company by name", companyNameKey(foldName(name)))
}

// CompanyByWidgetKey returns the tenant that owns a public widget key.
func (s *Store) CompanyByWidgetKey(ctx context.Context, key string) (*frontlinev1.Company, error) {
	return s.companyByIndex(ctx, "get company by widget key", widgetKeyKey(key))
}

func (s *Store) companyByIndex(ctx context.Context, op string, k []byte) (*frontlinev1.Company, error) {
	c := new(frontlinev1.Company)
	err := s.view(ctx, op, func(txn *badger.Txn) error {
		item, err := get(txn, k)
		if err != nil {
			return err
		}
		tenant, err := decodeID(item)
		if err != nil {
			return err
		}
		return getProto(txn, companyKey(tenant), c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// requireTenant fails with desk.ErrNotFound unless the tenant exists.
func requireTenant(txn *badger.Txn, tenant id) error {
	ok, err := exists(txn, companyKey(tenant))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("company: %w", desk.ErrNotFound)
	}
	return nil
}

// CreateUser stores a user of an existing tenant; ErrExists when the id or
// the email is taken in the tenant.
func (s *Store) CreateUser(ctx context.Context, tenantID string, u *frontlinev1.User, cred store.Credential) error {
	const op = "create user"
	tenant, ok := parseID(tenantID)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	return s.logUpdate(ctx, op, tenant, func(txn *badger.Txn, lw *logw) error {
		if err := requireTenant(txn, tenant); err != nil {
			return err
		}
		if err := createUser(txn, tenant, u, cred); err != nil {
			return err
		}
		lw.user(u)
		return nil
	})
}

func createUser(txn *badger.Txn, tenant id, u *frontlinev1.User, cred store.Credential) error {
	if u == nil {
		return invalid("nil user")
	}
	uid, ok := parseID(u.GetId())
	if !ok {
		return invalid("user id")
	}
	if u.GetEmail() == "" {
		return invalid("empty user email")
	}
	emailKey := userEmailKey(tenant, foldName(u.GetEmail()))
	for _, k := range [][]byte{userKey(tenant, uid), emailKey} {
		if ok, err := exists(txn, k); err != nil || ok {
			return cmp.Or(err, fmt.Errorf("user %q: %w", u.GetEmail(), desk.ErrExists))
		}
	}
	ue, err := protoEntry(userKey(tenant, uid), u)
	if err != nil {
		return err
	}
	ce, err := jsonEntry(credentialKey(tenant, uid), credentialV1{PasswordHash: cred.PasswordHash})
	if err != nil {
		return err
	}
	return setAll(txn, ue, ce, idEntry(emailKey, uid))
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, tenantID, userID string) (*frontlinev1.User, error) {
	u := new(frontlinev1.User)
	err := s.view(ctx, "get user", func(txn *badger.Txn) error {
		tenant, ok1 := parseID(tenantID)
		uid, ok2 := parseID(userID)
		if !ok1 || !ok2 {
			return desk.ErrNotFound
		}
		return getProto(txn, userKey(tenant, uid), u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// UserByEmail returns a user and their credential by email, ignoring case.
func (s *Store) UserByEmail(ctx context.Context, tenantID, email string) (*frontlinev1.User, store.Credential, error) {
	u := new(frontlinev1.User)
	var cred credentialV1
	err := s.view(ctx, "get user by email", func(txn *badger.Txn) error {
		tenant, ok := parseID(tenantID)
		if !ok {
			return desk.ErrNotFound
		}
		item, err := get(txn, userEmailKey(tenant, foldName(email)))
		if err != nil {
			return err
		}
		uid, err := decodeID(item)
		if err != nil {
			return err
		}
		if err := getProto(txn, userKey(tenant, uid), u); err != nil {
			return err
		}
		item, err = get(txn, credentialKey(tenant, uid))
		if err != nil {
			return err
		}
		return decodeJSON(item, &cred)
	})
	if err != nil {
		return nil, store.Credential{}, err
	}
	return u, store.Credential{PasswordHash: cred.PasswordHash}, nil
}

// ListUsers returns every user of the tenant ordered by name ignoring case,
// then id. A tenant has few users, so they are sorted in memory.
func (s *Store) ListUsers(ctx context.Context, tenantID string) ([]*frontlinev1.User, error) {
	users := []*frontlinev1.User{}
	err := s.view(ctx, "list users", func(txn *badger.Txn) error {
		tenant, ok := parseID(tenantID)
		if !ok {
			return nil
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: typePrefix(tenant, tUser), PrefetchValues: true, PrefetchSize: 32})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			u := new(frontlinev1.User)
			if err := decodeProto(it.Item(), u); err != nil {
				return err
			}
			users = append(users, u)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(users, func(a, b *frontlinev1.User) int {
		return cmp.Or(
			cmp.Compare(strings.ToLower(a.GetName()), strings.ToLower(b.GetName())),
			cmp.Compare(a.GetId(), b.GetId()))
	})
	return users, nil
}

// UpdateUser applies fn to the stored user in one transaction and keeps the
// email index in step; ErrExists when the new email is taken.
func (s *Store) UpdateUser(ctx context.Context, tenantID, userID string, fn func(*frontlinev1.User) error) (*frontlinev1.User, error) {
	var out *frontlinev1.User
	tenant, ok1 := parseID(tenantID)
	uid, ok2 := parseID(userID)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("badgerstore: update user: %w", desk.ErrNotFound)
	}
	err := s.logUpdate(ctx, "update user", tenant, func(txn *badger.Txn, lw *logw) error {
		u := new(frontlinev1.User)
		if err := getProto(txn, userKey(tenant, uid), u); err != nil {
			return err
		}
		oldEmail := foldName(u.GetEmail())
		if err := fn(u); err != nil {
			return err
		}
		if !sameID(u.GetId(), uid) {
			return invalid("user id changed")
		}
		if newEmail := foldName(u.GetEmail()); newEmail != oldEmail {
			if newEmail == "" {
				return invalid("empty user email")
			}
			k := userEmailKey(tenant, newEmail)
			if ok, err := exists(txn, k); err != nil || ok {
				return cmp.Or(err, fmt.Errorf("user %q: %w", u.GetEmail(), desk.ErrExists))
			}
			if err := txn.Delete(userEmailKey(tenant, oldEmail)); err != nil {
				return err
			}
			if err := txn.SetEntry(idEntry(k, uid)); err != nil {
				return err
			}
		}
		e, err := protoEntry(userKey(tenant, uid), u)
		if err != nil {
			return err
		}
		out = u
		lw.user(u)
		return txn.SetEntry(e)
	})
	if err != nil {
		return nil, err
	}
	return proto.Clone(out).(*frontlinev1.User), nil
}

// CreateSession stores a token record keyed by its hash. A desk session is
// also indexed under its user so DeleteUserSessions can find it. Both
// entries carry the session's expiry as a badger TTL.
func (s *Store) CreateSession(ctx context.Context, sess store.Session) error {
	const op = "create session"
	h, ok := parseHash(sess.TokenHash)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("token hash"))
	}
	tenant, ok := parseID(sess.TenantID)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	var es []*badger.Entry
	switch sess.Kind {
	case store.SessionDesk:
		uid, ok := parseID(sess.UserID)
		if !ok {
			return fmt.Errorf("badgerstore: %s: %w", op, invalid("user id"))
		}
		es = append(es, indexEntry(userSessionKey(tenant, uid, h)))
	case store.SessionConversation:
		if _, ok := parseID(sess.TicketID); !ok {
			return fmt.Errorf("badgerstore: %s: %w", op, invalid("ticket id"))
		}
	default:
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("session kind"))
	}
	se, err := jsonEntry(sessionKey(h), sessionToV1(sess))
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	es = append(es, se)
	for _, e := range es {
		e.ExpiresAt = expiresAt(sess.ExpireTime)
	}
	return s.update(ctx, op, func(txn *badger.Txn) error {
		if ok, err := exists(txn, sessionKey(h)); err != nil || ok {
			return cmp.Or(err, fmt.Errorf("session: %w", desk.ErrExists))
		}
		return setAll(txn, es...)
	})
}

// Session returns a token record by hash; an expired one is ErrNotFound.
func (s *Store) Session(ctx context.Context, tokenHash string) (store.Session, error) {
	var v sessionV1
	h, ok := parseHash(tokenHash)
	err := s.view(ctx, "get session", func(txn *badger.Txn) error {
		if !ok {
			return desk.ErrNotFound
		}
		item, err := get(txn, sessionKey(h))
		if err != nil {
			return err
		}
		if err := decodeJSON(item, &v); err != nil {
			return err
		}
		if expired(v.ExpireTime, s.now()) {
			return fmt.Errorf("session expired: %w", desk.ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return store.Session{}, err
	}
	return v.session(h), nil
}

// DeleteSession revokes one token. Revoking a missing token is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	h, ok := parseHash(tokenHash)
	if !ok {
		return nil
	}
	return s.update(ctx, "delete session", func(txn *badger.Txn) error {
		item, err := get(txn, sessionKey(h))
		if errors.Is(err, desk.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		var v sessionV1
		if err := decodeJSON(item, &v); err != nil {
			return err
		}
		if err := txn.Delete(sessionKey(h)); err != nil {
			return err
		}
		tenant, ok1 := parseID(v.TenantID)
		uid, ok2 := parseID(v.UserID)
		if ok1 && ok2 {
			return txn.Delete(userSessionKey(tenant, uid, h))
		}
		return nil
	})
}

// DeleteUserSessions revokes every desk session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, tenantID, userID string) error {
	tenant, ok1 := parseID(tenantID)
	uid, ok2 := parseID(userID)
	if !ok1 || !ok2 {
		return nil
	}
	return s.update(ctx, "delete user sessions", func(txn *badger.Txn) error {
		var keys [][]byte
		it := txn.NewIterator(badger.IteratorOptions{Prefix: userSessionPrefix(tenant, uid)})
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		it.Close()
		for _, k := range keys {
			_, _, h, err := parseUserSessionKey(k)
			if err != nil {
				return err
			}
			if err := txn.Delete(sessionKey(h)); err != nil {
				return err
			}
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// CreateInvite stores an invitation keyed by its token hash, with its expiry
// as a badger TTL.
func (s *Store) CreateInvite(ctx context.Context, inv store.Invite) error {
	const op = "create invite"
	h, ok := parseHash(inv.TokenHash)
	if !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("token hash"))
	}
	if _, ok := parseID(inv.TenantID); !ok {
		return fmt.Errorf("badgerstore: %s: %w", op, invalid("tenant id"))
	}
	e, err := jsonEntry(inviteKey(h), inviteToV1(inv))
	if err != nil {
		return fmt.Errorf("badgerstore: %s: %w", op, err)
	}
	e.ExpiresAt = expiresAt(inv.ExpireTime)
	return s.update(ctx, op, func(txn *badger.Txn) error {
		if ok, err := exists(txn, inviteKey(h)); err != nil || ok {
			return cmp.Or(err, fmt.Errorf("invite: %w", desk.ErrExists))
		}
		return txn.SetEntry(e)
	})
}

// TakeInvite returns and deletes an invitation in one transaction, so it can
// be redeemed once. An expired invitation is deleted and is ErrNotFound.
func (s *Store) TakeInvite(ctx context.Context, tokenHash string) (store.Invite, error) {
	const op = "take invite"
	h, ok := parseHash(tokenHash)
	if !ok {
		return store.Invite{}, fmt.Errorf("badgerstore: %s: %w", op, desk.ErrNotFound)
	}
	var v inviteV1
	err := s.updateLocked(ctx, op, inviteKey(h), func(txn *badger.Txn) error {
		item, err := get(txn, inviteKey(h))
		if err != nil {
			return err
		}
		if err := decodeJSON(item, &v); err != nil {
			return err
		}
		return txn.Delete(inviteKey(h))
	})
	if err != nil {
		return store.Invite{}, err
	}
	if expired(v.ExpireTime, s.now()) {
		return store.Invite{}, fmt.Errorf("badgerstore: %s: invite expired: %w", op, desk.ErrNotFound)
	}
	return v.invite(h), nil
}

// expired reports whether a record expiring at exp is gone at now; a zero
// expiry never expires.
func expired(exp, now time.Time) bool {
	return !exp.IsZero() && !now.Before(exp)
}
