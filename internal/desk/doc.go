// Package desk holds the vocabulary that the server, the sync engine and the
// desktop app share: sentinel errors, the ticket status state machine, and
// identifier and token generation. It does no I/O and imports nothing of ours.
package desk
