// Package app is the desktop's API for its frontend: the structs main.go binds
// into the Wails webview (Session, Tickets), the DTOs they exchange with the
// UI, the one mapping from errors to short messages the UI may show, and the
// events the UI listens to.
//
// Bound methods never talk to the network directly: they go through Desk, a
// small interface over the server's Connect services. Today its only
// implementation calls the server (remote.go); the sync issue puts a local
// replica behind the same interface for reads.
//
// Only this package and main.go import Wails.
package app
