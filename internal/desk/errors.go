package desk

import "errors"

// Sentinel errors. Wrap them with %w and an action phrase; each boundary
// (Connect handlers, Wails bindings) maps them to its own codes exactly once.
var (
	// ErrNotFound means the object does not exist for the caller's tenant.
	// An object of another tenant is reported exactly like a missing one.
	ErrNotFound = errors.New("not found")
	// ErrExists means a unique name, email or id is already taken.
	ErrExists = errors.New("already exists")
	// ErrConflict means a version or revision did not match.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the input broke a rule; the wrapping message says which.
	ErrInvalid = errors.New("invalid")
	// ErrUnauthenticated means no valid credentials were presented.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrPermission means the caller is known but may not do this.
	ErrPermission = errors.New("permission denied")
	// ErrFailedPrecondition means the object is in a state that forbids the
	// operation, such as a disallowed status transition.
	ErrFailedPrecondition = errors.New("failed precondition")
)

// FieldError is an ErrInvalid that names the offending request field.
type FieldError struct {
	Field  string // proto field path, e.g. "customer.email"
	Reason string // lower-case, safe to show to the caller
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Invalid returns a FieldError for field.
func Invalid(field, reason string) error { return &FieldError{Field: field, Reason: reason} }
