package app

// Event names the frontend subscribes to (EventsOn). Payloads are DTOs.
const (
	// EventSessionChanged carries a StatusDTO after sign-in or sign-out.
	EventSessionChanged = "session:changed"
	// EventTicketUpdated carries the TicketDTO after any change made here.
	EventTicketUpdated = "ticket:updated"
	// EventMessageAdded carries the MessageDTO of a reply or note sent here.
	EventMessageAdded = "message:added"
	// EventSyncStatus carries a SyncStatusDTO whenever the status line
	// would change (online/offline, pending, refused, held, synced up to).
	EventSyncStatus = "sync:status"
	// EventReplicaChanged carries a SyncStatusDTO when the replica's data
	// changed (a pull applied, a local write, an outbox entry confirmed):
	// the inbox and the open ticket reload from the replica.
	EventReplicaChanged = "replica:changed"
)

// Emitter sends an event to the frontend. Production wraps
// runtime.EventsEmit; tests record what was sent.
type Emitter interface {
	Emit(name string, data any)
}
