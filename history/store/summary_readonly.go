package store

import (
	"slices"

	"github.com/trailview/trailview/history"
)

// The browser's default query carries the console's lookup attribute
// Read-only = false, and the facets panel and the timeline strip follow
// that query: read-only must not keep them off the summaries. Every
// summary row carries ro (roKey), so the Read-only lookup, the query's
// ReadOnly and a filter that is one term on readonly (or its negation)
// all come down to a set of ro keys.

// allROKeys are the ro keys of summary rows: false, true, and none.
var allROKeys = []int64{0, 1, 2}

// summaryROKeys is the ro keys q keeps; ok is false when q has a
// condition the summaries cannot see (another lookup attribute, another
// filter, a row list). An empty set with ok true selects nothing.
func summaryROKeys(q history.Query) (keys []int64, ok bool) {
	if q.RowIDs != nil {
		return nil, false
	}
	keys = allROKeys
	switch q.ReadOnly {
	case "":
	case "true", "false":
		keys = []int64{roKey(q.ReadOnly)}
	default:
		keys = nil // build's rule: any other value matches nothing
	}
	if a := q.Lookup; a != nil {
		if a.Key != history.AttrReadOnly {
			return nil, false
		}
		// addLookup's rule: the exact API spelling, else nothing.
		keys = intersectKeys(keys, lookupROKeys(a.Value))
	}
	if q.Pred != nil {
		term, ok := predROKeys(q.Pred)
		if !ok {
			return nil, false
		}
		keys = intersectKeys(keys, term)
	}
	return keys, true
}

func lookupROKeys(value string) []int64 {
	if value == "true" || value == "false" {
		return []int64{roKey(value)}
	}
	return nil
}

// predROKeys is the ro keys a filter keeps when it is one readonly term
// or its negation, as enumTerm compiles it: present is true or false,
// absent is none, other comparisons are the enum values they match (the
// enum's values are the ro keys of true and false).
func predROKeys(p history.Predicate) ([]int64, bool) {
	switch t := p.(type) {
	case history.Not:
		keys, ok := predROKeys(t.Pred)
		if !ok {
			return nil, false
		}
		var out []int64
		for _, k := range allROKeys {
			if !slices.Contains(keys, k) {
				out = append(out, k)
			}
		}
		return out, true
	case history.FieldTerm:
		if t.Field != history.FieldReadOnly {
			return nil, false
		}
		switch t.Cmp {
		case history.CmpPresent:
			return []int64{0, 1}, true
		case history.CmpAbsent:
			return []int64{2}, true
		}
		return t.Field.EnumMatches(t.Cmp, t.Value), true
	}
	return nil, false
}

func intersectKeys(a, b []int64) []int64 {
	var out []int64
	for _, k := range a {
		if slices.Contains(b, k) {
			out = append(out, k)
		}
	}
	return out
}

// SummaryAnswersForTest is how many tops and timelines s answered from
// the summaries: a test checks a caller's query takes that path.
func (s *Store) SummaryAnswersForTest() int64 { return s.summaryAnswers.Load() }
