package store

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/trailview/trailview/history"
)

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
func (s *Store) LookupEvents(ctx context.Context, in history.LookupInput) (*history.LookupOutput, error) {
	now := in.Now
	if now.IsZero() {
		now = s.Now()
	}
	cat, err := lookupCategory(in.EventCategory)
	if err != nil {
		return nil, err
	}
	limit := history.DefaultMaxResults
	if in.MaxResults != nil {
		limit = *in.MaxResults
		if limit < 1 || limit > history.MaxMaxResults {
			return nil, apiErrorf(history.CodeInvalidMaxResults, "MaxResults must be between 1 and %d, but was %d.", history.MaxMaxResults, limit)
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
	var after *history.Cursor
	if in.NextToken != "" {
		c, ok := s.openToken(in.NextToken, query)
		if !ok {
			return nil, apiErrorf(history.CodeInvalidNextToken, "Invalid NextToken: it is malformed, or it was issued for a different request. Repeat the request with the same parameters as the one that returned the token.")
		}
		after = &c
	}
	out := &history.LookupOutput{}
	if start.After(end) {
		// The window and the requested range do not meet: nothing to return.
		return out, nil
	}
	q := history.Query{Region: in.Region, Accounts: in.Accounts, Category: cat, Start: start, End: end, Lookup: attr}
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

func lookupCategory(c string) (history.Category, error) {
	switch c {
	case "":
		return history.Management, nil
	case "insight":
		return history.Insight, nil
	}
	return 0, apiErrorf(history.CodeInvalidEventCategory, "Event category %q is not valid. The only valid value is insight.", c)
}

// lookupAttribute validates the attribute list: at most one attribute, a
// known key allowed for the category, a value of 1 to 2000 characters
// where "_", " ", "," and newline count twice (spec 2.2).
func lookupAttribute(attrs []history.LookupAttribute, cat history.Category) (*history.LookupAttribute, error) {
	switch len(attrs) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, apiErrorf(history.CodeInvalidLookupAttributes, "You can specify only one lookup attribute, but %d were given.", len(attrs))
	}
	a := attrs[0]
	if !slices.Contains(history.LookupKeys, a.Key) {
		return nil, apiErrorf(history.CodeInvalidLookupAttributes, "Lookup attribute key %q is not valid. Valid keys are: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId.", a.Key)
	}
	if !history.LookupKeyAllowed(a.Key, cat) {
		return nil, apiErrorf(history.CodeInvalidLookupAttributes, "Lookup attribute key %s is not valid for the insight event category. Valid keys are: EventId, EventName, EventSource.", a.Key)
	}
	n := attributeLength(a.Value)
	if n < 1 || n > maxAttributeLength {
		return nil, apiErrorf(history.CodeInvalidLookupAttributes, "The lookup attribute value must be between 1 and %d characters long (underscores, spaces, commas and newlines count as two), but was %d.", maxAttributeLength, n)
	}
	if !utf8.ValidString(a.Value) {
		return nil, apiErrorf(history.CodeInvalidLookupAttributes, "The lookup attribute value is not valid UTF-8.")
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
	lo, hi := now.Add(-history.RetentionWindow), now
	if startT != nil && endT != nil && startT.After(*endT) {
		return lo, hi, apiErrorf(history.CodeInvalidTimeRange, "Start time %s is after end time %s.", fmtAPITime(*startT), fmtAPITime(*endT))
	}
	if startT != nil && endT == nil && startT.After(now) {
		return lo, hi, apiErrorf(history.CodeInvalidTimeRange, "Start time %s is in the future.", fmtAPITime(*startT))
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

// maxAttributeLength is the longest lookup attribute value (spec 2.2).
const maxAttributeLength = 2000

func apiErrorf(code, format string, args ...any) *history.APIError {
	return &history.APIError{Code: code, Message: fmt.Sprintf(format, args...)}
}
