package badgerstore_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/frontlinedesk/frontline/server/store/badgerstore"
	"github.com/frontlinedesk/frontline/server/store/storetest"
)

const crashDirEnv = "BADGERSTORE_CRASH_DIR"

// TestStore_KillDashNine runs a writer in a child process, kills it with
// SIGKILL mid-stream and checks that every write it had acknowledged (a
// CreateTicket that returned) is there after reopening the directory.
func TestStore_KillDashNine(t *testing.T) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashWriter(t, dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestStore_KillDashNine$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var tenant string
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 150 {
		switch f := strings.Fields(sc.Text()); {
		case len(f) == 2 && f[0] == "tenant":
			tenant = f[1]
		case len(f) == 2 && f[0] == "ack":
			acked = append(acked, f[1])
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait() // killed: the error is expected
	if tenant == "" || len(acked) < 150 {
		t.Fatalf("child acknowledged %d writes for tenant %q before it stopped", len(acked), tenant)
	}

	s := storetest.OpenDir(t, dir)
	for _, id := range acked {
		if _, err := s.Ticket(t.Context(), tenant, id); err != nil {
			t.Errorf("acknowledged ticket %s lost after kill -9: %v", id, err)
		}
	}
}

// crashWriter is the child: it writes tickets and acknowledges each on
// stdout until it is killed (or, as a safety net, after 30 s).
func crashWriter(t *testing.T, dir string) {
	s, err := badgerstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ten := storetest.CreateTenant(t, s, "Crash")
	fmt.Println("tenant", ten.Company.Id)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		tk, err := s.CreateTicket(t.Context(), ten.Company.Id, ticket("crash", time.Now()), message("", "hi"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("ack", tk.Id)
	}
	t.Fatal("crash writer was not killed")
}
