package server_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"connectrpc.com/grpcreflect"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/frontlinedesk/frontline/server/servertest"
)

func TestHTTP_HealthzAndCORS(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	res, err := env.HTTPClient.Get(env.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Errorf("/healthz = %d %q; want 200 ok", res.StatusCode, body)
	}

	// Browsers send the requested headers lower-case and sorted.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodOptions, env.URL+"/frontline.v1.WidgetService/SendMessage", nil)
	req.Header.Set("Origin", "https://shop.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization,connect-protocol-version,content-type")
	res, err = env.HTTPClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("preflight Allow-Origin = %q; want *", got)
	}
	if got := res.Header.Get("Access-Control-Allow-Headers"); !strings.Contains(got, "authorization") {
		t.Errorf("preflight Allow-Headers = %q; want authorization allowed", got)
	}
}

func TestHTTP_ReflectionListsServices(t *testing.T) {
	t.Parallel()
	env := servertest.New(t)
	c := grpcreflect.NewClient(env.H2CClient, env.URL, connect.WithGRPC())
	stream := c.NewStream(t.Context())
	defer stream.Close()
	names, err := stream.ListServices()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []protoreflect.FullName{
		"frontline.v1.IdentityService", "frontline.v1.TicketService", "frontline.v1.KnowledgeService",
		"frontline.v1.WidgetService", "frontline.v1.SyncService",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("reflection lists %v; missing %s", names, want)
		}
	}
	// Older clients (grpcurl) use v1alpha: the route must exist.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL+"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", nil)
	req.Header.Set("Content-Type", "application/grpc")
	res, err := env.H2CClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		t.Error("v1alpha reflection is not mounted")
	}
}
