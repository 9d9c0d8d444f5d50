package history

import "time"

// RetentionWindow is how far back Event history reaches (spec 1.1).
const RetentionWindow = 90 * 24 * time.Hour

// Window is a time range shown or exported by default, and why.
type Window struct {
	Start, End time.Time
	// Archive is true when the store's newest event in scope is older than
	// the window ending now, so the window ends at that event instead: an
	// old incident's archive would otherwise open on an empty table.
	Archive bool
}
