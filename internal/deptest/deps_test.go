package deptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path"
	"strings"
	"testing"
)

const module = "github.com/frontlinedesk/frontline"

type pkg struct {
	ImportPath string
	Name       string
	Imports    []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 5 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func rel(importPath string) string {
	if importPath == module {
		return "."
	}
	return strings.TrimPrefix(importPath, module+"/")
}

func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// TestDeps checks the import rules of architecture.md on non-test code.
// Commands under internal/cmd (the bench and eval drivers) wire parts
// together, so they may import anything but Wails.
func TestDeps(t *testing.T) {
	for _, p := range listPackages(t) {
		r := rel(p.ImportPath)
		if p.Name == "sync" {
			t.Errorf("%s: no package may be named sync (it shadows the standard library's)", r)
		}
		for _, forbidden := range []string{"util", "utils", "common", "misc", "types", "models", "helpers"} {
			if path.Base(r) == forbidden {
				t.Errorf("%s: package name %q says nothing about its job", r, forbidden)
			}
		}
		for _, imp := range p.Imports {
			ours := strings.HasPrefix(imp, module)
			ir := rel(imp)
			switch {
			case strings.HasPrefix(imp, "github.com/wailsapp/wails") && r != "." && !under(r, "app"):
				t.Errorf("%s imports %s: only main.go and app/ may import Wails", r, imp)
			case strings.HasPrefix(imp, "github.com/dgraph-io/badger") && !under(r, "server/store/badgerstore") &&
				!under(r, "sync") && !under(r, "internal/kv") && !strings.HasSuffix(r, "test"):
				t.Errorf("%s imports badger: only store implementations and the replica touch badger", r)
			case imp == "testing" && !strings.HasSuffix(r, "test"):
				t.Errorf("%s imports testing: only xxxtest packages may", r)
			case ours && (r == "internal/gen" || under(r, "internal/gen")) && !under(ir, "internal/gen"):
				t.Errorf("%s imports %s: generated code imports nothing of ours", r, ir)
			case ours && under(r, "internal/desk") && !under(ir, "internal/gen"):
				t.Errorf("%s imports %s: internal/desk may import only generated code", r, ir)
			case ours && under(r, "internal") && !under(r, "internal/cmd") && !under(ir, "internal"):
				t.Errorf("%s imports %s: internal libraries know nothing of the server, sync, app or main", r, ir)
			case ours && under(r, "server") && (under(ir, "app") || ir == "."):
				t.Errorf("%s imports %s: the server never imports the desktop app", r, ir)
			case ours && under(r, "app") && under(ir, "server"):
				t.Errorf("%s imports %s: the desktop app never imports server packages", r, ir)
			case ours && under(r, "sync") && (under(ir, "app") || ir == "."):
				t.Errorf("%s imports %s: the sync engine knows nothing of the desktop app", r, ir)
			}
		}
	}
}
