// Package widget serves the customer chat widget: the compiled widget.js
// that tenants embed with one script tag, and a demo page that embeds it.
//
// widget.js is built from src/ by `npm ci && npm run build` (the Makefile
// does it) into dist/, which is embedded here. A binary built without it
// still runs and answers GET /widget.js with 503 and a message saying so.
package widget

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"regexp"
	"time"
)

//go:embed all:dist
var dist embed.FS

// scriptPath is where the build writes the bundle inside the embedded tree.
const scriptPath = "dist/widget.js"

// keyPattern is the shape of a public widget key: the flw_ prefix and a
// short run of URL-safe characters. It matches what widget.js accepts.
var keyPattern = regexp.MustCompile(`^flw_[A-Za-z0-9_-]{1,120}$`)

// Handler serves GET /widget.js and GET /demo/{widgetKey}.
func Handler() http.Handler {
	return newHandler(dist)
}

// newHandler serves the widget from fsys, which holds dist/widget.js when
// the widget has been built.
func newHandler(fsys fs.FS) http.Handler {
	s := &server{}
	if b, err := fs.ReadFile(fsys, scriptPath); err == nil && len(b) > 0 {
		sum := sha256.Sum256(b)
		s.script = b
		s.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /widget.js", s.serveScript)
	mux.HandleFunc("GET /demo/{key}", s.serveDemo)
	return mux
}

type server struct {
	script []byte // nil when the widget was not built
	etag   string
}

func (s *server) serveScript(w http.ResponseWriter, r *http.Request) {
	if s.script == nil {
		w.Header().Set("Retry-After", "60")
		http.Error(w, "widget.js is not built into this server: run `npm ci && npm run build` in server/widget (make does this), then rebuild the server", http.StatusServiceUnavailable)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	// The URL is not versioned, so caches revalidate after five minutes; the
	// ETag makes that a 304.
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", s.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	// Tenants' pages load the script cross-origin; this lets them add
	// crossorigin or subresource integrity if they wish.
	h.Set("Access-Control-Allow-Origin", "*")
	http.ServeContent(w, r, "widget.js", time.Time{}, bytes.NewReader(s.script))
}

// demoPage is a fictional shop's page that embeds the widget. Its text is
// our own. The script is the real embed snippet, with the key escaped by
// html/template.
var demoPage = template.Must(template.New("demo").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spoke &amp; Chain Cycle Works (Frontline widget demo)</title>
<style>
body{margin:0;font:16px/1.5 Georgia,serif;color:#222;background:#faf7f2}
header{background:#2f3e46;color:#fff;padding:24px 20px}
header h1{margin:0;font-size:28px}
main{max-width:760px;margin:0 auto;padding:20px}
ul.products{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:14px}
ul.products li{background:#fff;border:1px solid #ddd;border-radius:6px;padding:14px}
pre{background:#fff;border:1px solid #ddd;padding:10px;overflow:auto;font-size:13px}
footer{max-width:760px;margin:0 auto;padding:20px;font-size:13px;color:#666}
</style>
</head>
<body>
<header>
<h1>Spoke &amp; Chain Cycle Works</h1>
<p>Bicycles, parts and repairs for every road since last Tuesday. A fictional shop.</p>
</header>
<main>
<h2>This week in the workshop</h2>
<ul class="products">
<li><strong>Larkspur 29 trail bike</strong><br>Aluminium frame, 12-speed, tubeless ready. From 1,290.</li>
<li><strong>Quayside city e-bike</strong><br>Mid-drive motor, 70 km range, built-in lights. From 2,150.</li>
<li><strong>Puncture rescue kit</strong><br>Plugs, levers and a mini pump that fits any saddle bag. 24.</li>
</ul>
<h2>Need a hand?</h2>
<p>Questions about sizing, an order or a repair? Press the chat button at the bottom right and our team will answer you on this page.</p>
<h2>For developers</h2>
<p>This page embeds the Frontline chat widget for the widget key <code>{{.Key}}</code> with one tag:</p>
<pre><code>&lt;script src="{{.Origin}}/widget.js" data-widget-key="{{.Key}}" async&gt;&lt;/script&gt;</code></pre>
</main>
<footer>Demo page served by frontline-server. Nothing here is for sale.</footer>
<script src="../widget.js" data-widget-key="{{.Key}}" async></script>
</body>
</html>
`))

func (s *server) serveDemo(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !keyPattern.MatchString(key) {
		http.Error(w, "not a widget key: expected flw_ followed by letters, digits, _ or -", http.StatusBadRequest)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	var buf bytes.Buffer
	err := demoPage.Execute(&buf, struct{ Key, Origin string }{key, scheme + "://" + r.Host})
	if err != nil {
		http.Error(w, "cannot render the demo page", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
}
