package server

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	// Registers every frontline.v1 file descriptor.
	_ "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// TestPolicies_CoverEveryProcedure fails when a generated procedure has no
// access policy, or when the table names a procedure that does not exist.
func TestPolicies_CoverEveryProcedure(t *testing.T) {
	seen := make(map[string]bool)
	protoregistry.GlobalFiles.RangeFilesByPackage("frontline.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			sd := fd.Services().Get(i)
			for j := range sd.Methods().Len() {
				proc := "/" + string(sd.FullName()) + "/" + string(sd.Methods().Get(j).Name())
				seen[proc] = true
				if _, ok := policies[proc]; !ok {
					t.Errorf("procedure %s has no policy", proc)
				}
			}
		}
		return true
	})
	if len(seen) == 0 {
		t.Fatal("found no frontline.v1 services in the registry")
	}
	for proc, p := range policies {
		if !seen[proc] {
			t.Errorf("policy %s names unknown procedure %s", p, proc)
		}
		if p.String() == "none" {
			t.Errorf("procedure %s has an unnamed policy %d", proc, p)
		}
	}
}
