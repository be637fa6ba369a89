// Command frontline-desk is the agents' desktop app: a Wails window whose
// frontend (frontend/) talks only to the Go bindings in app/.
package main

import (
	"embed"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"github.com/frontlinedesk/frontline/app"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "frontline-desk:", err)
		os.Exit(1)
	}
}

func run() error {
	def := os.Getenv("FRONTLINE_SERVER")
	if def == "" {
		def = app.DefaultServerURL
	}
	server := flag.String("server", def, "default server URL shown on the login screen (env FRONTLINE_SERVER)")
	noRemember := flag.Bool("no-remember", os.Getenv("FRONTLINE_NO_REMEMBER") != "", "do not read or write the remembered login (env FRONTLINE_NO_REMEMBER)")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := app.Config{DefaultServerURL: *server, Logger: logger}
	if !*noRemember {
		if dir, err := os.UserConfigDir(); err == nil {
			cfg.ConfigDir = filepath.Join(dir, "frontline")
		}
	}
	desk := app.New(cfg)

	return wails.Run(&options.App{
		Title:            "Frontline",
		Width:            1280,
		Height:           820,
		MinWidth:         900,
		MinHeight:        600,
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 251, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets},
		OnStartup:        desk.Startup,
		OnShutdown:       desk.Shutdown,
		Bind:             desk.Bindings(),
		ErrorFormatter:   app.Format,
		Linux:            &linux.Options{ProgramName: "frontline-desk", Icon: icon},
	})
}
