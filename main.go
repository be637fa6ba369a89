// Command frontline-desk is the agents' desktop app: a Wails window whose
// frontend (frontend/) talks only to the Go bindings in app/.
package main

import (
	"cmp"
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
	noRemember := flag.Bool("no-remember", os.Getenv("FRONTLINE_NO_REMEMBER") != "", "do not read or write the remembered login or the stored session (env FRONTLINE_NO_REMEMBER)")
	data := flag.String("data", os.Getenv("FRONTLINE_DESK_DATA"), "directory of the local replicas (env FRONTLINE_DESK_DATA; default <user config dir>/frontline/replicas)")
	models := flag.String("models", cmp.Or(os.Getenv("FRONTLINE_MODELS"), defaultModelsDir()), "directory of the offline models (env FRONTLINE_MODELS; default <dir of the binary>/../../.cache/models when it exists)")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := app.Config{DefaultServerURL: *server, Logger: logger, DataDir: *data, ModelsDir: *models}
	userDir, err := os.UserConfigDir()
	if err != nil {
		return fmt.Errorf("find the user config dir: %w", err)
	}
	if !*noRemember {
		cfg.ConfigDir = filepath.Join(userDir, "frontline")
	}
	if cfg.DataDir == "" {
		// The replica holds the outbox, the only copy of work not yet
		// synced: it lives with the user's settings, never in a cache dir.
		cfg.DataDir = filepath.Join(userDir, "frontline", "replicas")
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
