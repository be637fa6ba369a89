package widget

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

const fakeScript = "(()=>{console.log('frontline')})();\n"

func builtFS() fstest.MapFS {
	return fstest.MapFS{scriptPath: {Data: []byte(fakeScript)}}
}

func do(t *testing.T, h http.Handler, req *http.Request) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func TestHandler_Script(t *testing.T) {
	t.Parallel()
	h := newHandler(builtFS())

	res := do(t, h, httptest.NewRequest(http.MethodGet, "/widget.js", nil))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /widget.js = %d; want 200", res.StatusCode)
	}
	if got := body(t, res); got != fakeScript {
		t.Errorf("GET /widget.js body = %q; want %q", got, fakeScript)
	}
	for name, want := range map[string]string{
		"Content-Type":           "text/javascript; charset=utf-8",
		"Cache-Control":          "public, max-age=300",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := res.Header.Get(name); got != want {
			t.Errorf("GET /widget.js %s = %q; want %q", name, got, want)
		}
	}
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /widget.js has no ETag")
	}

	req := httptest.NewRequest(http.MethodGet, "/widget.js", nil)
	req.Header.Set("If-None-Match", etag)
	if res := do(t, h, req); res.StatusCode != http.StatusNotModified {
		t.Errorf("GET /widget.js with If-None-Match = %d; want 304", res.StatusCode)
	}

	res = do(t, h, httptest.NewRequest(http.MethodPost, "/widget.js", nil))
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /widget.js = %d; want 405", res.StatusCode)
	}
}

func TestHandler_ScriptNotBuilt(t *testing.T) {
	t.Parallel()
	for name, fsys := range map[string]fstest.MapFS{
		"missing": {"dist/.gitkeep": {}},
		"empty":   {scriptPath: {Data: nil}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := do(t, newHandler(fsys), httptest.NewRequest(http.MethodGet, "/widget.js", nil))
			if res.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("GET /widget.js = %d; want 503", res.StatusCode)
			}
			if got := body(t, res); !strings.Contains(got, "npm run build") {
				t.Errorf("503 body = %q; want it to say how to build the widget", got)
			}
		})
	}
}

func TestHandler_Demo(t *testing.T) {
	t.Parallel()
	h := newHandler(builtFS())

	req := httptest.NewRequest(http.MethodGet, "/demo/flw_demo_northwind_bikes", nil)
	req.Host = `shop.test"><b>x</b>`
	res := do(t, h, req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /demo/flw_demo_northwind_bikes = %d; want 200", res.StatusCode)
	}
	if got, want := res.Header.Get("Content-Type"), "text/html; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q; want %q", got, want)
	}
	page := body(t, res)
	for _, want := range []string{
		`<script src="../widget.js" data-widget-key="flw_demo_northwind_bikes" async></script>`,
		`&lt;script src="http://shop.test&#34;&gt;&lt;b&gt;x&lt;/b&gt;/widget.js"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("demo page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<b>x</b>") {
		t.Errorf("demo page contains the unescaped Host header:\n%s", page)
	}
}

func TestHandler_DemoRejectsBadKeys(t *testing.T) {
	t.Parallel()
	h := newHandler(builtFS())
	for _, tt := range []struct {
		name string
		path string
		want int
	}{
		{name: "wrong_prefix", path: "/demo/fls_demo", want: http.StatusBadRequest},
		{name: "prefix_only", path: "/demo/flw_", want: http.StatusBadRequest},
		{name: "markup", path: "/demo/flw_%3Cscript%3E", want: http.StatusBadRequest},
		{name: "quote", path: "/demo/flw_a%22b", want: http.StatusBadRequest},
		{name: "too_long", path: "/demo/flw_" + strings.Repeat("a", 121), want: http.StatusBadRequest},
		{name: "no_key", path: "/demo/", want: http.StatusNotFound},
		{name: "nested", path: "/demo/flw_a/b", want: http.StatusNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := do(t, h, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if res.StatusCode != tt.want {
				t.Errorf("GET %s = %d; want %d", tt.path, res.StatusCode, tt.want)
			}
			if page := body(t, res); strings.Contains(page, "<script") {
				t.Errorf("GET %s answered with a page that embeds a script:\n%s", tt.path, page)
			}
		})
	}
}

// TestHandler_Embedded checks the real embedded tree: the demo page works
// whether or not the widget has been built, and widget.js is either the
// bundle or the 503 that explains how to build it.
func TestHandler_Embedded(t *testing.T) {
	t.Parallel()
	h := Handler()
	if res := do(t, h, httptest.NewRequest(http.MethodGet, "/demo/flw_demo_northwind_bikes", nil)); res.StatusCode != http.StatusOK {
		t.Errorf("GET /demo/flw_demo_northwind_bikes = %d; want 200", res.StatusCode)
	}
	res := do(t, h, httptest.NewRequest(http.MethodGet, "/widget.js", nil))
	switch res.StatusCode {
	case http.StatusOK:
		if got := body(t, res); !strings.Contains(got, "data-widget-key") && !strings.Contains(got, "widgetKey") {
			t.Errorf("embedded widget.js does not look like the widget bundle (%d bytes)", len(got))
		}
	case http.StatusServiceUnavailable:
		// Not built; TestHandler_ScriptNotBuilt covers the message.
	default:
		t.Errorf("GET /widget.js = %d; want 200 or 503", res.StatusCode)
	}
}
