package history

import "time"

// LookupInput is a LookupEvents request (spec 2.2) plus the scope the
// service takes from the endpoint and credentials.
type LookupInput struct {
	// Region is the endpoint's Region; "" searches every Region, which the
	// service cannot do and only trailview's own callers use.
	Region string
	// Accounts limits the search to these recipient accounts (the
	// service's scope is the caller's account); empty means all.
	Accounts         []string
	LookupAttributes []LookupAttribute
	StartTime        *time.Time
	EndTime          *time.Time
	EventCategory    string // "" or "insight"
	MaxResults       *int   // nil means 50
	NextToken        string // "" means the first page
	// Now anchors the 90-day window; zero means the store's clock.
	Now time.Time
}

// LookupOutput is a LookupEvents answer (spec 2.10). Events carry Raw,
// the record for CloudTrailEvent.
type LookupOutput struct {
	Events    []Event
	NextToken string // "" on the last page
}

// Limits of LookupEvents (spec 2.2, 2.5).
const (
	DefaultMaxResults = 50
	MaxMaxResults     = 50
)

// insightKeys are the attribute keys allowed with EventCategory insight.
var insightKeys = map[string]bool{AttrEventID: true, AttrEventName: true, AttrEventSource: true}

// LookupKeyAllowed reports whether LookupEvents accepts the attribute key
// with the category: any of LookupKeys for management events, only
// EventId, EventName and EventSource for Insights (spec 2.7).
func LookupKeyAllowed(key string, cat Category) bool {
	return lookupKeySet[key] && (cat != Insight || insightKeys[key])
}

// LookupKeysFor lists the attribute keys LookupEvents accepts with the
// category, in LookupKeys order.
func LookupKeysFor(cat Category) []string {
	var out []string
	for _, k := range LookupKeys {
		if LookupKeyAllowed(k, cat) {
			out = append(out, k)
		}
	}
	return out
}

var lookupKeySet = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range LookupKeys {
		m[k] = true
	}
	return m
}()
