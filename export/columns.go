package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// Column is one column of the event table and of CSV exports: the name the
// console shows and how to get a cell's text from an event.
type Column struct {
	// Name is the column's title, spelled as the console spells it.
	Name string
	// Value returns the cell text, complete and unabbreviated (a table may
	// shorten it for display). It never fails: a missing value is "".
	Value func(e *history.Event) string
	// NeedsRaw is true when Value reads e.Raw, so the events must be read
	// with their records.
	NeedsRaw bool

	// appendTo, when set, appends what Value returns without allocating;
	// the writers use it for the columns they format.
	appendTo func(dst []byte, e *history.Event) []byte
}

// TimeLayout is the console's Event time format in downloads
// (YYYY-MM-DDTHH:MM:SSZ, UTC, spec 4.3.1). Fractions of a second are
// dropped: the console writes none [U: records with fractional eventTime
// are rare; whole seconds keep the column uniform].
const TimeLayout = "2006-01-02T15:04:05Z"

// EventTime formats e's time as the console's CSV does; "" when the record
// had no eventTime.
func EventTime(e *history.Event) string {
	if e.Time.IsZero() {
		return ""
	}
	return string(appendEventTime(nil, e))
}

func appendEventTime(dst []byte, e *history.Event) []byte {
	if e.Time.IsZero() {
		return dst
	}
	return e.Time.UTC().Truncate(time.Second).AppendFormat(dst, TimeLayout)
}

func appendResources(dst []byte, e *history.Event) []byte {
	return appendResourcesJSON(dst, e.Resources)
}

// The shared columns. Columns() and ConsoleColumns() return them in their
// two orders.
var (
	colEventName   = Column{Name: "Event name", Value: func(e *history.Event) string { return e.EventName }}
	colEventTime   = Column{Name: "Event time", Value: EventTime, appendTo: appendEventTime}
	colUserName    = Column{Name: "User name", Value: func(e *history.Event) string { return e.Username }}
	colEventSource = Column{Name: "Event source", Value: func(e *history.Event) string { return e.EventSource }}
	colResType     = Column{Name: "Resource type", Value: resourceTypes}
	colResName     = Column{Name: "Resource name", Value: resourceNames}
	colAccessKey   = Column{Name: "AWS access key", Value: func(e *history.Event) string { return e.AccessKeyID }}
	colRegion      = Column{Name: "AWS region", Value: func(e *history.Event) string { return e.Region }}
	colSourceIP    = Column{Name: "Source IP address", Value: func(e *history.Event) string { return e.SourceIP }}
	colUserAgent   = Column{Name: "User agent", Value: func(e *history.Event) string { return e.UserAgent }}
	colErrorCode   = Column{Name: "Error code", Value: func(e *history.Event) string { return e.ErrorCode }}
	colRequestID   = Column{Name: "Request ID", Value: func(e *history.Event) string { return e.RequestID }}
	colEventID     = Column{Name: "Event ID", Value: func(e *history.Event) string { return e.EventID }}
	colReadOnly    = Column{Name: "Read-only", Value: func(e *history.Event) string { return e.ReadOnly }}
	colEventType   = Column{Name: "Event type", Value: func(e *history.Event) string { return e.EventType }}
	colRecipient   = Column{Name: "Recipient account ID", Value: func(e *history.Event) string { return e.Account }}
	colCategory    = Column{Name: "Event category", Value: (*history.Event).CategoryName}
	colAccount     = Column{Name: "Account", Value: func(e *history.Event) string { return e.Account }}
	colIdentType   = Column{Name: "Identity type", Value: func(e *history.Event) string { return e.IdentityType }}
	colIdentARN    = Column{Name: "Identity ARN", Value: func(e *history.Event) string { return e.IdentityARN }}
	colErrorMsg    = Column{Name: "Error message", Value: errorMessage, NeedsRaw: true}
	colResources   = Column{Name: "Resources", Value: func(e *history.Event) string { return string(appendResources(nil, e)) },
		appendTo: appendResources}
)

// Columns lists the columns the event table offers, in the console's fixed
// order (spec 4.2: the 16 CSV fields plus Resource type and Resource name),
// followed by trailview's own: Account (the store's account scope, the
// record's recipientAccountId), Identity type, Identity ARN and Error
// message. The slice is new on every call; callers may keep it.
func Columns() []Column {
	return []Column{colEventName, colEventTime, colUserName, colEventSource, colResType, colResName,
		colAccessKey, colRegion, colSourceIP, colUserAgent, colErrorCode, colRequestID, colEventID,
		colReadOnly, colEventType, colRecipient, colCategory,
		colAccount, colIdentType, colIdentARN, colErrorMsg}
}

// ConsoleHeader is the console CSV's header row, byte for byte (spec
// 4.3.1), without its line ending. Note "Recipient Account Id".
const ConsoleHeader = "User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address," +
	"User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category"

// ConsoleColumns lists the console CSV's 16 columns in its order, titled
// as its header spells them.
func ConsoleColumns() []Column {
	rec := colRecipient
	rec.Name = "Recipient Account Id"
	return []Column{colUserName, colAccessKey, colEventTime, colEventSource, colEventName, colRegion,
		colSourceIP, colUserAgent, colErrorCode, colResources, colRequestID, colEventID, colReadOnly,
		colEventType, rec, colCategory}
}

// ColumnsByName resolves column names (any case, spaces around ignored),
// from Columns() or ConsoleColumns(), keeping the order given. Unknown or
// repeated names are an error naming the valid choices.
func ColumnsByName(names []string) ([]Column, error) {
	all := append(Columns(), colResources)
	byKey := make(map[string]Column, len(all))
	for _, c := range all {
		byKey[columnKey(c.Name)] = c
	}
	seen := map[string]bool{}
	out := make([]Column, 0, len(names))
	for _, n := range names {
		k := columnKey(n)
		c, ok := byKey[k]
		if !ok {
			valid := make([]string, len(all))
			for i, c := range all {
				valid[i] = c.Name
			}
			return nil, fmt.Errorf("unknown column %q: choose from %s", n, strings.Join(valid, ", "))
		}
		if seen[k] {
			return nil, fmt.Errorf("column %q given twice", n)
		}
		seen[k] = true
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no columns given")
	}
	return out, nil
}

// columnKey folds a column name for matching: case and runs of spaces,
// hyphens and underscores do not matter ("read_only" finds "Read-only").
func columnKey(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r == ' ' || r == '-' || r == '_' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte(' ')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// resourceTypes lists an event's distinct resource types in discovery
// order, separated by ", " (a type never contains a comma).
func resourceTypes(e *history.Event) string {
	var b strings.Builder
	for i, r := range e.Resources {
		if r.Type == "" || seenType(e.Resources[:i], r.Type) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.Type)
	}
	return b.String()
}

func seenType(rs []history.Resource, t string) bool {
	for _, r := range rs {
		if r.Type == t {
			return true
		}
	}
	return false
}

// resourceNames lists every resource name of an event in discovery order,
// separated by ", ". The Resources column keeps the exact pairs.
func resourceNames(e *history.Event) string {
	var b strings.Builder
	for _, r := range e.Resources {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.Name)
	}
	return b.String()
}
