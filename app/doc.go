// Package app is the desktop's API for its frontend: the structs main.go binds
// into the Wails webview (Session, Tickets, Sync), the DTOs they exchange with
// the UI, the one mapping from errors to short messages the UI may show, and
// the events the UI listens to.
//
// Local first: after sign-in the App opens the user's replica
// (sync/replica; one badger directory per server, tenant and user under
// Config.DataDir) and runs its sync loop in a goroutine it owns, stopped at
// logout and shutdown. Every read the bindings make comes from the replica;
// every write goes into its fsynced outbox, shows at once (the optimistic
// view) and syncs when the server answers. The server is needed only to sign
// in (or not even then: see offline.go), for Me and for logout; Server
// (desk.go) is that small surface, implemented over Connect in remote.go.
//
// Events: sync:status drives the status line, replica:changed makes the UI
// reload what it shows from the replica.
//
// Only this package and main.go import Wails.
package app
