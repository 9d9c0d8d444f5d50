package filter

import (
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// Filter is a compiled filter.
type Filter struct {
	Text string
	// Pred is what the filter means, as a typed predicate; nil when the
	// filter is empty. record.Matches evaluates it in memory.
	Pred history.Predicate
	// Start and End narrow the time window when since/after/before terms
	// apply to the whole filter (they are ANDed at the top level); zero
	// when absent. End is inclusive, as in history.Query.
	Start, End time.Time
}

// Compile parses text and translates it into a predicate, which queries
// carry (history.Query.Pred) and the store compiles. now anchors relative times such as since:2h. Bad input yields
// an *Error. Times written without a zone are UTC, as the console shows
// times by default.
func Compile(text string, now time.Time) (*Filter, error) {
	return CompileIn(text, now, time.UTC)
}

// CompileIn is Compile with times written without a zone (after:2025-03-01)
// read in loc: the UI passes the zone it shows times in.
func CompileIn(text string, now time.Time, loc *time.Location) (*Filter, error) {
	if loc == nil {
		loc = time.UTC
	}
	root, err := parse(text)
	if err != nil {
		return nil, err
	}
	f := &Filter{Text: text}
	if root == nil {
		return f, nil
	}
	if f.Pred, err = translate(root, clock{now: now, loc: loc}); err != nil {
		return nil, err
	}
	f.Start, f.End = window(f.Pred)
	if err := history.ValidatePredicate(f.Pred); err != nil {
		return nil, fmt.Errorf("filter %q: %w", f.Text, err)
	}
	return f, nil
}
