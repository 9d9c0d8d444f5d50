// Package history is trailview's model of CloudTrail Event history, the
// domain alone: events and their resources and categories, the query a
// screen or command asks (Query, with its filter as a typed Predicate),
// windows, cursors, scopes, coverage, LookupEvents attributes and the
// API's error codes, and what a predicate means (ValidatePredicate, the
// matching rules for globs, CIDR prefixes and words).
//
// Its subpackages do the work: history/record turns bytes into records,
// history/store keeps them in SQLite and answers queries with the
// semantics of LookupEvents, history/live fetches from the API. This
// package imports none of them, no SQL and nothing of terminals.
package history

import "time"

// Category is the Event history category an event belongs to (spec 1.2).
type Category int

// Only management and Insights events are kept; data and network-activity
// events are not part of Event history and are skipped at load time.
const (
	Management Category = iota
	Insight
	Data
	NetworkActivity
)

func (c Category) String() string {
	switch c {
	case Management:
		return "Management"
	case Insight:
		return "Insight"
	case Data:
		return "Data"
	case NetworkActivity:
		return "NetworkActivity"
	}
	return "Unknown"
}

// Resource is one entry of an event's lookup Resources list (spec 8).
type Resource struct {
	Type string // e.g. AWS::S3::Bucket; "" when AWS could not tell
	Name string // a name, ID or ARN depending on the API
}

// Event is one event as the store holds it: the columns extracted for lookup,
// filtering and display, and (when asked for) the complete record.
type Event struct {
	ID           int64     // row ID; stable within one store, used as the tie-break
	EventID      string    // record eventID
	Time         time.Time // eventTime in UTC; zero when the record has none
	Region       string    // awsRegion
	Account      string    // recipientAccountId (fallback: account of the S3 key)
	Category     Category  // Management or Insight
	ReadOnly     string    // "true", "false" or "" when the record has no readOnly
	EventName    string
	EventSource  string
	Username     string // spec 7; "" when there is none
	AccessKeyID  string
	ErrorCode    string
	SourceIP     string
	UserAgent    string
	RequestID    string
	EventType    string
	IdentityType string
	IdentityARN  string
	Resources    []Resource
	// ResourcesFromAPI is true when Resources came verbatim from a
	// LookupEvents answer, false when trailview derived them from the record
	// (spec 8.5), which is an approximation the UI points out.
	ResourcesFromAPI bool
	// Raw is the complete record as compact JSON, key order as AWS wrote it.
	// It is filled only by calls that ask for it.
	Raw []byte
}

// CategoryName is the record's eventCategory as shown in exports.
func (e *Event) CategoryName() string { return e.Category.String() }
