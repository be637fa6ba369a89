package app

// Event names the frontend subscribes to (EventsOn). Payloads are DTOs.
const (
	// EventSessionChanged carries a StatusDTO after sign-in or sign-out.
	EventSessionChanged = "session:changed"
	// EventTicketUpdated carries the TicketDTO after any change made here.
	EventTicketUpdated = "ticket:updated"
	// EventMessageAdded carries the MessageDTO of a reply or note sent here.
	EventMessageAdded = "message:added"
)

// Emitter sends an event to the frontend. Production wraps
// runtime.EventsEmit; tests record what was sent.
type Emitter interface {
	Emit(name string, data any)
}
