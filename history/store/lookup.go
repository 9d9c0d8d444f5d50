package history

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"
)

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
	DefaultMaxResults  = 50
	MaxMaxResults      = 50
	maxAttributeLength = 2000
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

// LookupEvents answers in as the LookupEvents API would from this store:
// one Region, management events (or, with EventCategory "insight", Insights
// events only) of the 90 days before Now, at most one attribute matched
// exactly, newest first, MaxResults per page and a NextToken while more
// remain. Invalid requests give an *APIError with the modeled exception.
//
// Choices where AWS documents nothing (spec [U] items):
//   - requests are checked in this order: EventCategory, MaxResults,
//     LookupAttributes, time range, NextToken; the first problem is reported;
//   - attribute values match exactly and case-sensitively; ResourceType and
//     ResourceName match when any resource of the event matches; a ReadOnly
//     value other than "true" or "false" matches nothing, and events without
//     readOnly match neither;
//   - the window is [Now-90×24h, Now]; an older StartTime is clamped to its
//     start and a later EndTime to Now; StartTime after EndTime, or after Now
//     when EndTime is omitted, is InvalidTimeRangeException;
//   - events with equal times are ordered by EventId, descending, as the
//     spec recommends (order.go), so pages never overlap or skip and two
//     stores holding the same events answer alike whatever the order they
//     were loaded in.
func (s *Store) LookupEvents(ctx context.Context, in LookupInput) (*LookupOutput, error) {
	now := in.Now
	if now.IsZero() {
		now = s.Now()
	}
	cat, err := lookupCategory(in.EventCategory)
	if err != nil {
		return nil, err
	}
	limit := DefaultMaxResults
	if in.MaxResults != nil {
		limit = *in.MaxResults
		if limit < 1 || limit > MaxMaxResults {
			return nil, apiErrorf(CodeInvalidMaxResults, "MaxResults must be between 1 and %d, but was %d.", MaxMaxResults, limit)
		}
	}
	attr, err := lookupAttribute(in.LookupAttributes, cat)
	if err != nil {
		return nil, err
	}
	start, end, err := lookupWindow(in.StartTime, in.EndTime, now)
	if err != nil {
		return nil, err
	}
	query := tokenQuery(&in, cat)
	var after *Cursor
	if in.NextToken != "" {
		c, ok := s.openToken(in.NextToken, query)
		if !ok {
			return nil, apiErrorf(CodeInvalidNextToken, "Invalid NextToken: it is malformed, or it was issued for a different request. Repeat the request with the same parameters as the one that returned the token.")
		}
		after = &c
	}
	out := &LookupOutput{}
	if start.After(end) {
		// The window and the requested range do not meet: nothing to return.
		return out, nil
	}
	q := Query{Region: in.Region, Accounts: in.Accounts, Category: cat, Start: start, End: end, Lookup: attr}
	// One extra row tells whether a next page exists, so the last page
	// carries no token, as the service's does.
	events, err := s.Page(ctx, q, PageOptions{After: after, Limit: limit + 1, WithRaw: true})
	if err != nil {
		return nil, fmt.Errorf("lookup events: %w", err)
	}
	if len(events) > limit {
		events = events[:limit]
		out.NextToken = s.signToken(events[limit-1].Cursor(), query)
	}
	out.Events = events
	return out, nil
}

func lookupCategory(c string) (Category, error) {
	switch c {
	case "":
		return Management, nil
	case "insight":
		return Insight, nil
	}
	return 0, apiErrorf(CodeInvalidEventCategory, "Event category %q is not valid. The only valid value is insight.", c)
}

// lookupAttribute validates the attribute list: at most one attribute, a
// known key allowed for the category, a value of 1 to 2000 characters
// where "_", " ", "," and newline count twice (spec 2.2).
func lookupAttribute(attrs []LookupAttribute, cat Category) (*LookupAttribute, error) {
	switch len(attrs) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, apiErrorf(CodeInvalidLookupAttributes, "You can specify only one lookup attribute, but %d were given.", len(attrs))
	}
	a := attrs[0]
	if !lookupKeySet[a.Key] {
		return nil, apiErrorf(CodeInvalidLookupAttributes, "Lookup attribute key %q is not valid. Valid keys are: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId.", a.Key)
	}
	if cat == Insight && !insightKeys[a.Key] {
		return nil, apiErrorf(CodeInvalidLookupAttributes, "Lookup attribute key %s is not valid for the insight event category. Valid keys are: EventId, EventName, EventSource.", a.Key)
	}
	n := attributeLength(a.Value)
	if n < 1 || n > maxAttributeLength {
		return nil, apiErrorf(CodeInvalidLookupAttributes, "The lookup attribute value must be between 1 and %d characters long (underscores, spaces, commas and newlines count as two), but was %d.", maxAttributeLength, n)
	}
	if !utf8.ValidString(a.Value) {
		return nil, apiErrorf(CodeInvalidLookupAttributes, "The lookup attribute value is not valid UTF-8.")
	}
	return &a, nil
}

// attributeLength counts characters the way the service's limit does.
func attributeLength(v string) int {
	n := 0
	for _, r := range v {
		n++
		switch r {
		case '_', ' ', ',', '\n':
			n++
		}
	}
	return n
}

// lookupWindow intersects the requested range with the 90 days before now.
func lookupWindow(startT, endT *time.Time, now time.Time) (time.Time, time.Time, error) {
	lo, hi := now.Add(-RetentionWindow), now
	if startT != nil && endT != nil && startT.After(*endT) {
		return lo, hi, apiErrorf(CodeInvalidTimeRange, "Start time %s is after end time %s.", fmtAPITime(*startT), fmtAPITime(*endT))
	}
	if startT != nil && endT == nil && startT.After(now) {
		return lo, hi, apiErrorf(CodeInvalidTimeRange, "Start time %s is in the future.", fmtAPITime(*startT))
	}
	if startT != nil && startT.After(lo) {
		lo = *startT
	}
	if endT != nil && endT.Before(hi) {
		hi = *endT
	}
	return lo, hi, nil
}

func fmtAPITime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
