package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/server/demo"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

// TestRun_GracefulShutdownKeepsWrites starts the real binary's run loop on
// a random port with --demo, writes through the API, stops it as SIGTERM
// would, and checks that the write survived in the store directory.
func TestRun_GracefulShutdownKeepsWrites(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--data", dir, "--addr", "127.0.0.1:0", "--demo"}, pw, io.Discard)
		pw.Close()
	}()

	lines := bufio.NewScanner(pr)
	var base string
	var out []string
	for lines.Scan() {
		l := lines.Text()
		out = append(out, l)
		if _, rest, ok := strings.Cut(l, "listening on "); ok {
			base, _, _ = strings.Cut(rest, " ")
		}
		if strings.Contains(l, "sam@northwind.test") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" {
		t.Fatalf("no listening URL in output %q", out)
	}
	if !strings.Contains(strings.Join(out, "\n"), base+"/demo/"+demo.WidgetKey) {
		t.Errorf("output %q lacks the demo page URL", out)
	}

	res, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Errorf("/healthz = %d %q; want 200 ok", res.StatusCode, body)
	}

	id := frontlinev1connect.NewIdentityServiceClient(http.DefaultClient, base)
	login, err := id.Login(ctx, &frontlinev1.LoginRequest{CompanyName: demo.CompanyName, Email: "ada@northwind.test", Password: demo.Password})
	if err != nil {
		t.Fatalf("demo login: %v", err)
	}
	reg, err := id.RegisterCompany(ctx, &frontlinev1.RegisterCompanyRequest{
		CompanyName: "Durable Wheels", AdminName: "Dora", Email: "dora@example.com", Password: "durable-password",
	})
	if err != nil {
		t.Fatal(err)
	}
	if login.GetSession().GetToken() == "" {
		t.Error("demo login returned no token")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run() = %v; want nil after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after cancel")
	}

	// The server key that seals LLM API keys was created, readable by the owner only.
	if _, set := os.LookupEnv(secretKeyEnv); !set {
		fi, err := os.Stat(filepath.Join(dir, "secret.key"))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("secret.key = %v, %v; want a 0600 file", fi, err)
		}
	}

	st := storetest.OpenDir(t, dir)
	c, err := st.CompanyByName(t.Context(), "durable wheels")
	if err != nil || c.GetId() != reg.GetCompany().GetId() {
		t.Errorf("after restart CompanyByName = %v, %v; want the registered company", c, err)
	}
}
