package badgerstore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/desk"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func mustID(tb testing.TB, s string) id {
	tb.Helper()
	v, ok := parseID(s)
	if !ok {
		tb.Fatalf("parseID(%q) failed", s)
	}
	return v
}

var (
	exTenant  = id{0x01, 0x8f, 0x3a, 0x00, 0x00, 0x01, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11, 0x22, 0x33}
	exOther   = id{0x01, 0x8f, 0x3a, 0x00, 0x00, 0x02, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0}
	exHash    = hash{0xde, 0xad, 0xbe, 0xef, 31: 0x01}
	exUpdated = time.Date(2026, 11, 3, 9, 30, 0, 123456789, time.UTC)
)

// keyExamples is one example of every key type, in layout order.
func keyExamples() []struct {
	name string
	key  []byte
} {
	return []struct {
		name string
		key  []byte
	}{
		{"company_name", companyNameKey(foldName("Northwind Bikes"))},
		{"widget_key", widgetKeyKey("flw_demo_northwind_bikes")},
		{"session", sessionKey(exHash)},
		{"invite", inviteKey(exHash)},
		{"company", companyKey(exTenant)},
		{"user", userKey(exTenant, exOther)},
		{"credential", credentialKey(exTenant, exOther)},
		{"user_email", userEmailKey(exTenant, foldName("Ada@Northwind.test"))},
		{"user_session", userSessionKey(exTenant, exOther, exHash)},
		{"ticket_number", ticketNumberKey(exTenant)},
		{"ticket", ticketKey(exTenant, exOther)},
		{"ticket_by_update", ticketByUpdateKey(exTenant, exUpdated, exOther)},
		{"message", messageKey(exTenant, exOther, 7)},
		{"article", articleKey(exTenant, exOther)},
		{"article_by_title", articleByTitleKey(exTenant, titleKey("Resetting Your Gear Shifter"), exOther)},
	}
}

func TestKeys_Golden(t *testing.T) {
	var b strings.Builder
	for _, ex := range keyExamples() {
		fmt.Fprintf(&b, "%-18s %s\n", ex.name, hex.EncodeToString(ex.key))
	}
	path := filepath.Join("testdata", "keys.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("key layout changed (-golden +got); stored data would no longer be readable:\n%s", diff)
	}
}

// TestKeys_TenantPrefix checks that every tenant-owned key starts with the
// tenant prefix, and that no global key can be mistaken for one.
func TestKeys_TenantPrefix(t *testing.T) {
	global := map[string]bool{"company_name": true, "widget_key": true, "session": true, "invite": true}
	for _, ex := range keyExamples() {
		got := bytes.HasPrefix(ex.key, tenantPrefix(exTenant))
		if got == global[ex.name] {
			t.Errorf("%s: has tenant prefix = %v, want %v", ex.name, got, !global[ex.name])
		}
		if global[ex.name] && ex.key[0] == kTenant {
			t.Errorf("%s: global key starts with the tenant byte", ex.name)
		}
	}
}

func TestKeys_RoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		key   []byte
		parse func([]byte) (any, error)
		want  any
	}{
		{"company_name", companyNameKey("northwind bikes"), func(k []byte) (any, error) { return parseCompanyNameKey(k) }, "northwind bikes"},
		{"widget_key", widgetKeyKey("flw_x"), func(k []byte) (any, error) { return parseWidgetKeyKey(k) }, "flw_x"},
		{"session", sessionKey(exHash), func(k []byte) (any, error) { return parseSessionKey(k) }, exHash},
		{"invite", inviteKey(exHash), func(k []byte) (any, error) { return parseInviteKey(k) }, exHash},
		{"company", companyKey(exTenant), func(k []byte) (any, error) { return parseCompanyKey(k) }, exTenant},
		{"user", userKey(exTenant, exOther), func(k []byte) (any, error) {
			a, b, err := parseUserKey(k)
			return [2]id{a, b}, err
		}, [2]id{exTenant, exOther}},
		{"credential", credentialKey(exTenant, exOther), func(k []byte) (any, error) {
			a, b, err := parseCredentialKey(k)
			return [2]id{a, b}, err
		}, [2]id{exTenant, exOther}},
		{"user_email", userEmailKey(exTenant, "ada@northwind.test"), func(k []byte) (any, error) {
			a, e, err := parseUserEmailKey(k)
			return fmt.Sprint(a, e), err
		}, fmt.Sprint(exTenant, "ada@northwind.test")},
		{"user_session", userSessionKey(exTenant, exOther, exHash), func(k []byte) (any, error) {
			a, b, h, err := parseUserSessionKey(k)
			return fmt.Sprint(a, b, h), err
		}, fmt.Sprint(exTenant, exOther, exHash)},
		{"ticket_number", ticketNumberKey(exTenant), func(k []byte) (any, error) { return parseTicketNumberKey(k) }, exTenant},
		{"ticket", ticketKey(exTenant, exOther), func(k []byte) (any, error) {
			a, b, err := parseTicketKey(k)
			return [2]id{a, b}, err
		}, [2]id{exTenant, exOther}},
		{"ticket_by_update", ticketByUpdateKey(exTenant, exUpdated, exOther), func(k []byte) (any, error) {
			a, u, b, err := parseTicketByUpdateKey(k)
			return fmt.Sprint(a, u.Format(time.RFC3339Nano), b), err
		}, fmt.Sprint(exTenant, exUpdated.Format(time.RFC3339Nano), exOther)},
		{"ticket_by_update_before_1970", ticketByUpdateKey(exTenant, time.Unix(-5, 0), exOther), func(k []byte) (any, error) {
			_, u, _, err := parseTicketByUpdateKey(k)
			return u.Unix(), err
		}, int64(-5)},
		{"message", messageKey(exTenant, exOther, 1<<40+3), func(k []byte) (any, error) {
			a, b, seq, err := parseMessageKey(k)
			return fmt.Sprint(a, b, seq), err
		}, fmt.Sprint(exTenant, exOther, uint64(1<<40+3))},
		{"article", articleKey(exTenant, exOther), func(k []byte) (any, error) {
			a, b, err := parseArticleKey(k)
			return [2]id{a, b}, err
		}, [2]id{exTenant, exOther}},
		{"article_by_title", articleByTitleKey(exTenant, titleKey("Brakes: A Guide"), exOther), func(k []byte) (any, error) {
			a, tk, b, err := parseArticleByTitleKey(k)
			return fmt.Sprint(a, tk, b), err
		}, fmt.Sprint(exTenant, "brakes: a guide", exOther)},
		{"article_by_empty_title", articleByTitleKey(exTenant, "", exOther), func(k []byte) (any, error) {
			a, tk, b, err := parseArticleByTitleKey(k)
			return fmt.Sprint(a, tk, b), err
		}, fmt.Sprint(exTenant, "", exOther)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.parse(tt.key)
			if err != nil {
				t.Fatalf("parse(%x): %v", tt.key, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parse(%x) mismatch (-want +got):\n%s", tt.key, diff)
			}
		})
	}
}

// reencoders parse a key and build it again from the parts; a key that
// parses must come back byte for byte.
var reencoders = map[string]func([]byte) ([]byte, error){
	"company_name": func(k []byte) ([]byte, error) { v, err := parseCompanyNameKey(k); return companyNameKey(v), err },
	"widget_key":   func(k []byte) ([]byte, error) { v, err := parseWidgetKeyKey(k); return widgetKeyKey(v), err },
	"session":      func(k []byte) ([]byte, error) { v, err := parseSessionKey(k); return sessionKey(v), err },
	"invite":       func(k []byte) ([]byte, error) { v, err := parseInviteKey(k); return inviteKey(v), err },
	"company":      func(k []byte) ([]byte, error) { v, err := parseCompanyKey(k); return companyKey(v), err },
	"user":         func(k []byte) ([]byte, error) { a, b, err := parseUserKey(k); return userKey(a, b), err },
	"credential": func(k []byte) ([]byte, error) {
		a, b, err := parseCredentialKey(k)
		return credentialKey(a, b), err
	},
	"user_email": func(k []byte) ([]byte, error) { a, e, err := parseUserEmailKey(k); return userEmailKey(a, e), err },
	"user_session": func(k []byte) ([]byte, error) {
		a, b, h, err := parseUserSessionKey(k)
		return userSessionKey(a, b, h), err
	},
	"ticket_number": func(k []byte) ([]byte, error) { v, err := parseTicketNumberKey(k); return ticketNumberKey(v), err },
	"ticket":        func(k []byte) ([]byte, error) { a, b, err := parseTicketKey(k); return ticketKey(a, b), err },
	"ticket_by_update": func(k []byte) ([]byte, error) {
		a, u, b, err := parseTicketByUpdateKey(k)
		return ticketByUpdateKey(a, u, b), err
	},
	"message": func(k []byte) ([]byte, error) { a, b, s, err := parseMessageKey(k); return messageKey(a, b, s), err },
	"article": func(k []byte) ([]byte, error) { a, b, err := parseArticleKey(k); return articleKey(a, b), err },
	"article_by_title": func(k []byte) ([]byte, error) {
		a, tk, b, err := parseArticleByTitleKey(k)
		return articleByTitleKey(a, tk, b), err
	},
}

// TestKeys_ParseExactlyOne checks that each example parses with its own
// parser, comes back unchanged, and is rejected by every other parser.
func TestKeys_ParseExactlyOne(t *testing.T) {
	for _, ex := range keyExamples() {
		for name, re := range reencoders {
			got, err := re(ex.key)
			switch {
			case name == ex.name && err != nil:
				t.Errorf("%s: own parser failed: %v", ex.name, err)
			case name == ex.name && !bytes.Equal(got, ex.key):
				t.Errorf("%s: re-encoded %x, want %x", ex.name, got, ex.key)
			case name != ex.name && err == nil:
				t.Errorf("%s key %x also parses as %s", ex.name, ex.key, name)
			}
		}
	}
}

func FuzzKeys(f *testing.F) {
	for _, ex := range keyExamples() {
		f.Add(ex.key)
	}
	f.Add([]byte{})
	f.Add([]byte{kTenant})
	f.Add([]byte("t0123456789abcdef\x41\x00"))
	f.Fuzz(func(t *testing.T, k []byte) {
		for name, re := range reencoders {
			got, err := re(k)
			if err != nil {
				if !errors.Is(err, errKey) {
					t.Errorf("%s(%x): error %v is not errKey", name, k, err)
				}
				continue
			}
			if !bytes.Equal(got, k) {
				t.Errorf("%s(%x): re-encoded as %x", name, k, got)
			}
		}
		for _, kind := range []byte{tTicketByUpdate, tArticleByTitle} {
			tok := pageToken(append(tenantKey(exTenant, kind), k...))
			if _, err := parsePageToken(tok, exTenant, kind); err != nil && !errors.Is(err, desk.ErrInvalid) {
				t.Errorf("parsePageToken(%q): %v is not ErrInvalid", tok, err)
			}
			if _, err := parsePageToken(string(k), exTenant, kind); err != nil && !errors.Is(err, desk.ErrInvalid) {
				t.Errorf("parsePageToken(%q): %v is not ErrInvalid", k, err)
			}
		}
	})
}

func TestUpdateOrder_NewestFirst(t *testing.T) {
	times := []time.Time{
		time.Unix(-1000, 0), time.Unix(0, 0), time.Unix(0, 1), exUpdated, exUpdated.Add(time.Nanosecond), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for i := 1; i < len(times); i++ {
		older := ticketByUpdateKey(exTenant, times[i-1], exOther)
		newer := ticketByUpdateKey(exTenant, times[i], exOther)
		if bytes.Compare(newer, older) >= 0 {
			t.Errorf("key of %v does not sort before key of %v", times[i], times[i-1])
		}
	}
}

func TestTitleKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lower", "Brake Pads", "brake pads"},
		{"nul_replaced", "a\x00b", "a\x01b"},
		{"cut", strings.Repeat("X", maxTitle+10), strings.Repeat("x", maxTitle)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := titleKey(tt.in); got != tt.want {
				t.Errorf("titleKey(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPageToken(t *testing.T) {
	k := ticketByUpdateKey(exTenant, exUpdated, exOther)
	tok := pageToken(k)
	got, err := parsePageToken(tok, exTenant, tTicketByUpdate)
	if err != nil || !bytes.Equal(got, k) {
		t.Fatalf("parsePageToken(pageToken(%x)) = %x, %v", k, got, err)
	}
	// The tenant is not in the token: another tenant's token only seeks
	// inside the caller's own index.
	got, err = parsePageToken(tok, exOther, tTicketByUpdate)
	if err != nil || !bytes.HasPrefix(got, tenantPrefix(exOther)) {
		t.Fatalf("parsePageToken for another tenant = %x, %v; want a key under that tenant", got, err)
	}
	for _, bad := range []string{"!!", "AA", tok + "A", pageToken(articleByTitleKey(exTenant, "x", exOther))} {
		if _, err := parsePageToken(bad, exTenant, tTicketByUpdate); !errors.Is(err, desk.ErrInvalid) {
			t.Errorf("parsePageToken(%q) error = %v; want ErrInvalid", bad, err)
		}
	}
}

func TestParseID(t *testing.T) {
	s := desk.NewID(time.Now())
	if got := mustID(t, s).String(); got != s {
		t.Errorf("parseID(%q).String() = %q", s, got)
	}
	for _, bad := range []string{"", "xyz", strings.Repeat("g", 32), s[:30]} {
		if _, ok := parseID(bad); ok {
			t.Errorf("parseID(%q) ok; want failure", bad)
		}
	}
}
