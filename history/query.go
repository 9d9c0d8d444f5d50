package history

import "time"

// Query selects events the way Event history does: one Region, one
// category, a time window, optionally the console's read-only filter and
// one lookup attribute, plus a filter predicate.
type Query struct {
	Region   string   // "" means every Region
	Accounts []string // empty means every account
	Category Category // Management (the default) or Insight
	// Start and End bound eventTime, both inclusive; zero means open.
	Start, End time.Time
	ReadOnly   string           // "true", "false" or "" for both
	Lookup     *LookupAttribute // exact LookupEvents attribute, or nil
	// Pred is a filter (the filter package translates the filter language
	// into it); nil selects every event. The store compiles it.
	Pred Predicate
	// RowIDs, when not nil, keeps only the events with these row IDs
	// (Event.ID): the rows a user marked.
	RowIDs []int64
}

// LookupAttribute is one LookupEvents attribute (spec 2.3).
type LookupAttribute struct {
	Key   string // EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId
	Value string
}

// Lookup attribute keys, as the API spells them.
const (
	AttrEventID      = "EventId"
	AttrEventName    = "EventName"
	AttrReadOnly     = "ReadOnly"
	AttrUsername     = "Username"
	AttrResourceType = "ResourceType"
	AttrResourceName = "ResourceName"
	AttrEventSource  = "EventSource"
	AttrAccessKeyID  = "AccessKeyId"
)

// LookupKeys lists the attribute keys in the console's order.
var LookupKeys = []string{AttrAccessKeyID, AttrEventID, AttrEventName, AttrEventSource, AttrReadOnly,
	AttrResourceName, AttrResourceType, AttrUsername}

// Cursor is a position in newest-first order (order.go): events strictly
// older (or, at the same time, with a lower event ID) come after it. The
// zero TimeUS with EventID "" is not before every event: use
// math.MinInt64 for the oldest position.
type Cursor struct {
	TimeUS  int64
	EventID string
}

// Cursor returns the position of e.
func (e *Event) Cursor() Cursor { return Cursor{TimeUS: e.storedTimeUS(), EventID: e.EventID} }

// storedTimeUS is Time as the store keeps it: microseconds since the epoch,
// 0 for an event without eventTime.
func (e *Event) storedTimeUS() int64 {
	if e.Time.IsZero() {
		return 0
	}
	return e.Time.UnixMicro()
}
