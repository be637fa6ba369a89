package app

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/password"
	"github.com/frontlinedesk/frontline/sync/replica"
)

// state is the signed-in session shared by the bound structs: its replica
// (with the server it syncs with) and who is signed in.
type state struct {
	mu      sync.Mutex
	loc     *local
	session *SessionDTO
	// ended says why the last session ended without a logout ("" if it did not).
	ended string
}

func (s *state) current() (*local, *SessionDTO, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loc == nil {
		if s.ended != "" {
			return nil, nil, errSessionEnded
		}
		return nil, nil, errNotSignedIn
	}
	return s.loc, s.session, nil
}

// detach removes l from the state if it is still current.
func (s *state) detach(l *local, ended string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loc != l {
		return false
	}
	s.loc, s.session, s.ended = nil, nil, ended
	return true
}

// Session signs the agent in and out. Bound into the webview.
type Session struct {
	app *App
}

type loginForm struct {
	server, company, email, password string
}

func checkLoginForm(serverURL, company, email, pw, def string) (loginForm, *UIError) {
	base, ferr := normalizeServerURL(serverURL, def)
	company, email = strings.TrimSpace(company), strings.TrimSpace(email)
	switch {
	case ferr != nil:
		return loginForm{}, ferr
	case company == "":
		return loginForm{}, fieldErr("company", "Enter your company name")
	case email == "":
		return loginForm{}, fieldErr("email", "Enter your email")
	case !strings.Contains(email, "@"):
		return loginForm{}, fieldErr("email", "Enter a valid email address")
	case pw == "":
		return loginForm{}, fieldErr("password", "Enter your password")
	}
	return loginForm{base, company, email, pw}, nil
}

// Login signs in to the server at serverURL (empty means the default),
// opens this user's replica and syncs it (waiting up to InitialSyncWait),
// then keeps it in sync in the background. With remember set it remembers
// the server, company and email, and stores the session for offline
// sign-in (see offline.go); without it, any stored session is deleted.
func (s *Session) Login(serverURL, company, email, pw string, remember bool) (SessionDTO, error) {
	a := s.app
	f, ferr := checkLoginForm(serverURL, company, email, pw, a.cfg.DefaultServerURL)
	if ferr != nil {
		return SessionDTO{}, ferr
	}
	ctx, cancel := a.call()
	defer cancel()
	res, srv, err := a.cfg.Connector.Login(ctx, f.server, &frontlinev1.LoginRequest{
		CompanyName: f.company, Email: f.email, Password: f.password,
	})
	if err != nil {
		ue := mapLoginError(err)
		a.logFailure("login", ue)
		return SessionDTO{}, ue
	}
	dto := SessionDTO{
		ServerURL: f.server,
		Company:   companyDTO(res.GetCompany()),
		User:      userDTO(res.GetUser()),
		ExpiresAt: timeString(res.GetSession().GetExpireTime()),
	}
	if err := a.begin(srv, dto, f, false); err != nil {
		if lerr := srv.Logout(ctx); lerr != nil {
			a.logFailure("logout", mapError(lerr))
		}
		return SessionDTO{}, a.fail("open replica", err)
	}
	if remember {
		if err := saveRemembered(a.cfg.ConfigDir, RememberedDTO{ServerURL: f.server, Company: f.company, Email: f.email}); err != nil {
			a.log.Warn("remember login", "err", err)
		}
		if err := a.storeSession(f, res, dto); err != nil {
			a.log.Warn("store session for offline sign-in", "err", err)
		}
	} else if err := deleteStoredSession(a.cfg.ConfigDir, f.server, f.company, f.email); err != nil {
		a.log.Warn("delete stored session", "err", err)
	}
	a.emit(EventSessionChanged, s.Status())
	return dto, nil
}

func (a *App) storeSession(f loginForm, res *frontlinev1.LoginResponse, dto SessionDTO) error {
	if a.cfg.ConfigDir == "" {
		return nil
	}
	h, err := password.Hash(f.password)
	if err != nil {
		return err
	}
	var exp time.Time
	if t := res.GetSession().GetExpireTime(); t != nil {
		exp = t.AsTime()
	}
	return saveStoredSession(a.cfg.ConfigDir, storedSession{
		ServerURL: f.server, Company: f.company, Email: f.email,
		Token: res.GetSession().GetToken(), PasswordHash: h, ExpiresAt: exp, Session: dto,
	})
}

// ContinueOffline signs in with the session stored at an earlier login on
// this computer, when the server cannot be reached: the password is checked
// against the stored hash, the replica opens as it was, and everything done
// meanwhile syncs once the server answers again.
func (s *Session) ContinueOffline(serverURL, company, email, pw string) (SessionDTO, error) {
	a := s.app
	f, ferr := checkLoginForm(serverURL, company, email, pw, a.cfg.DefaultServerURL)
	if ferr != nil {
		return SessionDTO{}, ferr
	}
	st, ok := loadStoredSession(a.cfg.ConfigDir, f.server, f.company, f.email)
	if !ok {
		return SessionDTO{}, &UIError{Message: MsgNoOfflineCopy, Kind: KindAuth}
	}
	if ue := checkStored(st, f.password, time.Now()); ue != nil {
		a.logFailure("continue offline", ue)
		return SessionDTO{}, ue
	}
	srv := a.cfg.Connector.Resume(st.ServerURL, st.Token)
	if err := a.begin(srv, st.Session, f, true); err != nil {
		return SessionDTO{}, a.fail("open replica", err)
	}
	a.emit(EventSessionChanged, s.Status())
	return st.Session, nil
}

// begin opens the replica of the signed-in user and starts its sync loop,
// ending any session that was open.
func (a *App) begin(srv Server, dto SessionDTO, f loginForm, offline bool) error {
	a.endCurrent(false)
	l, err := openLocal(a.cfg.DataDir, replicaKey(dto.ServerURL, dto.Company.ID, dto.User.ID), srv, replica.Config{
		UserID: dto.User.ID, UserName: dto.User.Name, Logger: a.log,
	})
	if err != nil {
		return err
	}
	l.serverURL, l.company, l.email = f.server, f.company, f.email
	if !offline {
		// Show the desk filled in when the first sync is quick; a big tenant
		// keeps syncing in the background and the inbox fills in live.
		ctx, cancel := context.WithTimeout(a.base, a.cfg.InitialSyncWait)
		err := l.rep.SyncOnce(ctx, srv.Sync())
		cancel()
		if errors.Is(err, replica.ErrSignedOut) {
			l.stop()
			return err
		}
		if err != nil {
			a.log.Info("first sync did not finish; continuing in the background", "err", err)
		}
	}
	a.state.mu.Lock()
	a.state.loc, a.state.session, a.state.ended = l, &dto, ""
	a.state.mu.Unlock()
	l.start(a, func() { a.sessionRefused(l) })
	return nil
}

// sessionRefused runs when the server refused the session in the sync
// loop (logged out elsewhere, deactivated, expired): the replica has purged
// the tenant's data, the stored token is deleted and the UI signs out.
func (a *App) sessionRefused(l *local) {
	if err := deleteStoredSession(a.cfg.ConfigDir, l.serverURL, l.company, l.email); err != nil {
		a.log.Warn("delete stored session", "err", err)
	}
	if a.state.detach(l, MsgSessionExpired) {
		a.emit(EventSessionChanged, a.Session.Status())
	}
}

// endCurrent stops the current session's loop and closes its replica; with
// logout it first pushes what is pending (briefly) and revokes the token.
func (a *App) endCurrent(logout bool) {
	a.state.mu.Lock()
	l := a.state.loc
	a.state.loc, a.state.session = nil, nil
	a.state.mu.Unlock()
	if l == nil {
		return
	}
	l.stopLoop()
	if logout {
		ctx, cancel := context.WithTimeout(a.base, 5*time.Second)
		if l.rep.Status().Pending > 0 {
			if err := l.rep.SyncOnce(ctx, l.server.Sync()); err != nil {
				a.log.Warn("logout: pending changes stay in the outbox until the next sign-in", "err", err)
			}
		}
		if err := l.server.Logout(ctx); err != nil {
			a.logFailure("logout", mapError(err))
		}
		cancel()
		if err := deleteStoredSession(a.cfg.ConfigDir, l.serverURL, l.company, l.email); err != nil {
			a.log.Warn("delete stored session", "err", err)
		}
	}
	l.closeDB()
}

// Logout sends pending changes if the server answers within a few seconds,
// revokes the session (best effort), deletes the stored token and closes
// the replica. Changes still pending stay in the replica's outbox and are
// sent at the next sign-in. It succeeds even when the server is out of reach.
func (s *Session) Logout() error {
	a := s.app
	a.endCurrent(true)
	a.state.mu.Lock()
	a.state.ended = ""
	a.state.mu.Unlock()
	a.emit(EventSessionChanged, s.Status())
	return nil
}

// Me asks the server who is signed in, confirming the session still works.
func (s *Session) Me() (SessionDTO, error) {
	a := s.app
	l, cur, err := a.state.current()
	if err != nil {
		return SessionDTO{}, a.fail("me", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	res, err := l.server.WhoAmI(ctx)
	if err != nil {
		return SessionDTO{}, a.fail("me", err)
	}
	dto := *cur
	dto.Company = companyDTO(res.GetCompany())
	dto.User = userDTO(res.GetUser())
	return dto, nil
}

// Status reports whether someone is signed in, what the login form may be
// prefilled with, and whether that account can continue offline. It never
// calls the server.
func (s *Session) Status() StatusDTO {
	a := s.app
	_, cur, err := a.state.current()
	st := StatusDTO{Remembered: loadRemembered(a.cfg.ConfigDir)}
	if st.Remembered.ServerURL == "" {
		st.Remembered.ServerURL = a.cfg.DefaultServerURL
	}
	if err == nil {
		c := *cur
		st.SignedIn, st.Session = true, &c
	} else if errors.Is(err, errSessionEnded) {
		st.Notice = MsgSessionExpired
	}
	if r := st.Remembered; r.Company != "" && r.Email != "" {
		_, st.OfflineAvailable = loadStoredSession(a.cfg.ConfigDir, r.ServerURL, r.Company, r.Email)
	}
	return st
}

// Forget deletes the remembered server, company and email, and the stored
// session of that account.
func (s *Session) Forget() error {
	r := loadRemembered(s.app.cfg.ConfigDir)
	if err := deleteStoredSession(s.app.cfg.ConfigDir, r.ServerURL, r.Company, r.Email); err != nil {
		return s.app.fail("forget", err)
	}
	if err := forgetRemembered(s.app.cfg.ConfigDir); err != nil {
		return s.app.fail("forget", err)
	}
	return nil
}

// normalizeServerURL accepts "host:port", "http://host:port/" and the like.
func normalizeServerURL(raw, def string) (string, *UIError) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = def
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fieldErr("serverURL", "Enter the server address, like http://127.0.0.1:8080")
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}
