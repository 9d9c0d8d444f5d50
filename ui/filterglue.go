package ui

import (
	"errors"
	"reflect"
	"sort"
	"time"

	"github.com/trailview/trailview/filter"
)

// compileFilter compiles the filter bar's text with the filter language;
// "" is no filter. now anchors since:, loc is the zone of times written
// without one (the zone the screen shows). Mistakes come back located,
// for the inline message.
func compileFilter(text string, now time.Time, loc *time.Location) (compiledFilter, *filterError) {
	if text == "" {
		return compiledFilter{}, nil
	}
	f, err := filter.CompileIn(text, now, loc)
	if err != nil {
		var fe *filter.Error
		if errors.As(err, &fe) {
			msg := fe.Msg
			if fe.Hint != "" {
				msg += " (" + fe.Hint + ")"
			}
			return compiledFilter{}, &filterError{column: fe.Column, length: fe.Length, msg: msg}
		}
		return compiledFilter{}, &filterError{msg: err.Error()}
	}
	return compiledFilter{pred: f.Pred, start: f.Start, end: f.End, compiled: f}, nil
}

// fieldNames are the filter language's field names and aliases, for
// completion.
func fieldNames() []string {
	var out []string
	for _, f := range filter.Fields() {
		out = append(out, f.Name)
		out = append(out, f.Aliases...)
	}
	sort.Strings(out)
	return out
}

// sameFilter reports whether two compilations select the same events:
// since: moves with the clock and after:/before: without a zone with the
// display's zone; anything else compiles the same every time.
func sameFilter(a, b *filter.Filter) bool {
	return a != nil && b != nil && reflect.DeepEqual(a.Pred, b.Pred) &&
		a.Start.Equal(b.Start) && a.End.Equal(b.End)
}

// refreshFilter compiles the filter again at the query's clock and in the
// display's zone, so that since: ends now.
func (m *Model) refreshFilter() {
	q := &m.q
	if q.text == "" {
		q.compiled, q.pred, q.start, q.end = nil, nil, time.Time{}, time.Time{}
		return
	}
	cf, ferr := compileFilter(q.text, q.now, m.location())
	if ferr != nil {
		return // it compiled when it was applied; keep that form
	}
	q.compiled, q.pred, q.start, q.end = cf.compiled, cf.pred, cf.start, cf.end
}
