package mailer_test

import (
	"errors"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/server/mailer"
	"github.com/frontlinedesk/frontline/server/mailer/mailertest"
)

func TestSMTP_Send(t *testing.T) {
	t.Parallel()
	srv := mailertest.New(t)
	m := &mailer.SMTP{Addr: srv.Addr, From: "Northwind Support <support@northwind.test>", Timeout: 5 * time.Second}
	body := "Hello Wendy,\n\nYour transcript: café ☕\n.\nA line with a dot."
	if err := m.Send(t.Context(), "wendy@example.com", "Transcript\r\nBcc: evil@example.com", body); err != nil {
		t.Fatalf("Send: %v", err)
	}
	select {
	case got := <-srv.Mail():
		if got.From != "support@northwind.test" || len(got.To) != 1 || got.To[0] != "wendy@example.com" {
			t.Errorf("envelope = %q -> %q; want support@northwind.test -> [wendy@example.com]", got.From, got.To)
		}
		head, enc, _ := strings.Cut(got.Data, "\n\n")
		if strings.Contains(head, "\nBcc:") {
			t.Errorf("header injection: %q", head)
		}
		dec, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(enc)))
		if err != nil {
			t.Fatal(err)
		}
		if want := body; !strings.Contains(strings.ReplaceAll(string(dec), "\r\n", "\n"), want) {
			t.Errorf("body = %q; want it to contain %q", dec, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no mail arrived")
	}
}

func TestSMTP_BadAddress(t *testing.T) {
	t.Parallel()
	m := &mailer.SMTP{Addr: "127.0.0.1:1", From: "not an address"}
	if err := m.Send(t.Context(), "a@example.com", "s", "b"); !errors.Is(err, mailer.ErrBadAddress) {
		t.Fatalf("Send with bad from = %v; want ErrBadAddress", err)
	}
}
