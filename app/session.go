package app

import (
	"net/url"
	"strings"
	"sync"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// state is the signed-in session shared by the bound structs. The token
// lives only inside desk (in memory); it is never written to disk.
type state struct {
	mu      sync.Mutex
	desk    Desk
	session *SessionDTO
	names   map[string]string // user id -> display name
	users   []UserDTO
}

func (s *state) current() (Desk, *SessionDTO, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.desk == nil {
		return nil, nil, errNotSignedIn
	}
	return s.desk, s.session, nil
}

func (s *state) userNames() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.names
}

func (s *state) setUsers(users []*frontlinev1.User) {
	names := make(map[string]string, len(users))
	dtos := make([]UserDTO, 0, len(users))
	for _, u := range users {
		names[u.GetId()] = u.GetName()
		dtos = append(dtos, userDTO(u))
	}
	s.mu.Lock()
	s.names, s.users = names, dtos
	s.mu.Unlock()
}

// Session signs the agent in and out. Bound into the webview.
type Session struct {
	app *App
}

// Login signs in to the server at serverURL (empty means the default) and,
// when remember is set, remembers the server, company and email for next time.
func (s *Session) Login(serverURL, company, email, password string, remember bool) (SessionDTO, error) {
	a := s.app
	base, ferr := normalizeServerURL(serverURL, a.cfg.DefaultServerURL)
	company, email = strings.TrimSpace(company), strings.TrimSpace(email)
	switch {
	case ferr != nil:
		return SessionDTO{}, ferr
	case company == "":
		return SessionDTO{}, fieldErr("company", "Enter your company name")
	case email == "":
		return SessionDTO{}, fieldErr("email", "Enter your email")
	case !strings.Contains(email, "@"):
		return SessionDTO{}, fieldErr("email", "Enter a valid email address")
	case password == "":
		return SessionDTO{}, fieldErr("password", "Enter your password")
	}
	ctx, cancel := a.call()
	defer cancel()
	res, desk, err := a.cfg.Connector.Login(ctx, base, &frontlinev1.LoginRequest{
		CompanyName: company, Email: email, Password: password,
	})
	if err != nil {
		ue := mapLoginError(err)
		a.logFailure("login", ue)
		return SessionDTO{}, ue
	}
	dto := SessionDTO{
		ServerURL: base,
		Company:   companyDTO(res.GetCompany()),
		User:      userDTO(res.GetUser()),
		ExpiresAt: timeString(res.GetSession().GetExpireTime()),
	}
	st := a.state
	st.mu.Lock()
	st.desk, st.session = desk, &dto
	st.names = map[string]string{dto.User.ID: dto.User.Name}
	st.users = []UserDTO{dto.User}
	st.mu.Unlock()
	// Colleagues' names label assignees; without them the desk still works.
	if users, err := desk.ListUsers(ctx); err == nil {
		st.setUsers(users)
	} else {
		a.logFailure("list users", mapError(err))
	}
	if remember {
		if err := saveRemembered(a.cfg.ConfigDir, RememberedDTO{ServerURL: base, Company: company, Email: email}); err != nil {
			a.log.Warn("remember login", "err", err)
		}
	}
	a.emit(EventSessionChanged, s.Status())
	return dto, nil
}

// Logout revokes the session on the server (best effort) and forgets the
// token. It succeeds even when the server cannot be reached.
func (s *Session) Logout() error {
	a := s.app
	st := a.state
	st.mu.Lock()
	desk := st.desk
	st.desk, st.session, st.names, st.users = nil, nil, nil, nil
	st.mu.Unlock()
	if desk != nil {
		ctx, cancel := a.call()
		defer cancel()
		if err := desk.Logout(ctx); err != nil {
			a.logFailure("logout", mapError(err))
		}
	}
	a.emit(EventSessionChanged, s.Status())
	return nil
}

// Me asks the server who is signed in, confirming the session still works.
func (s *Session) Me() (SessionDTO, error) {
	a := s.app
	desk, cur, err := a.state.current()
	if err != nil {
		return SessionDTO{}, a.fail("me", err)
	}
	ctx, cancel := a.call()
	defer cancel()
	res, err := desk.WhoAmI(ctx)
	if err != nil {
		return SessionDTO{}, a.fail("me", err)
	}
	dto := *cur
	dto.Company = companyDTO(res.GetCompany())
	dto.User = userDTO(res.GetUser())
	return dto, nil
}

// Status reports whether someone is signed in and what the login form may
// be prefilled with. It never calls the server.
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
	}
	return st
}

// Forget deletes the remembered server, company and email.
func (s *Session) Forget() error {
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
