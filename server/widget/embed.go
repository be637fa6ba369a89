// Package widget serves the customer chat widget: the compiled widget.js
// that tenants embed with one script tag, and a demo page that embeds it.
package widget

import (
	"embed"
	"net/http"
)

//go:embed all:dist
var dist embed.FS

// Handler serves GET /widget.js and GET /demo/{widgetKey}.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /widget.js", func(w http.ResponseWriter, r *http.Request) {
		b, err := dist.ReadFile("dist/widget.js")
		if err != nil {
			http.Error(w, "widget not built: run make widget", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(b)
	})
	return mux
}
