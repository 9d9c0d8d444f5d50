package store

import "github.com/trailview/trailview/history"

// scopeIndex is the index over every event's scope (Region, category,
// time, Read-only) that also holds the fields of the one-term filters
// without an index of their own (migration 0011).
const scopeIndex = "events_scope"

// scopeIndexFields are the filter fields whose columns scopeIndex holds
// besides the scope's own. Keep in step with migration 0011.
var scopeIndexFields = map[history.Field]bool{
	history.FieldSourceIP:     true,
	history.FieldUserAgent:    true,
	history.FieldIdentityARN:  true,
	history.FieldIdentityType: true,
	history.FieldErrorCode:    true,
	history.FieldRegion:       true,
	history.FieldReadOnly:     true,
}

// unindexedTermFields are those of scopeIndexFields that no other index
// leads with: a filter on them alone otherwise reads the events table.
var unindexedTermFields = map[history.Field]bool{
	history.FieldSourceIP:     true,
	history.FieldUserAgent:    true,
	history.FieldIdentityARN:  true,
	history.FieldIdentityType: true,
}

// readsScopeIndex says whether q's events are best counted from the scope
// index alone: its filter names only fields that index holds (and times),
// at least one of them a field with no index of its own, and nothing else
// of q needs another table or index (a lookup attribute, accounts, rows).
// Then a count or a timeline never touches the table. Left to itself, the
// planner skip-scans an index led by another column (events_name) for
// every Region, which reads every event in random order: seconds on a
// million events.
func readsScopeIndex(q history.Query) bool {
	if q.Pred == nil || q.Lookup != nil || q.RowIDs != nil || len(q.Accounts) > 0 {
		return false
	}
	unindexed := false
	ok := walkTerms(q.Pred, func(p history.Predicate) bool {
		switch t := p.(type) {
		case history.TimeTerm:
			return true
		case history.FieldTerm:
			unindexed = unindexed || unindexedTermFields[t.Field]
			return scopeIndexFields[t.Field]
		}
		return false
	})
	return ok && unindexed
}

// walkTerms calls leaf with every term under And, Or and Not of p, and
// says whether leaf held for all of them.
func walkTerms(p history.Predicate, leaf func(history.Predicate) bool) bool {
	switch p := p.(type) {
	case history.And:
		return walkList(p, leaf)
	case history.Or:
		return walkList(p, leaf)
	case history.Not:
		return walkTerms(p.Pred, leaf)
	}
	return leaf(p)
}

func walkList(kids []history.Predicate, leaf func(history.Predicate) bool) bool {
	for _, k := range kids {
		if !walkTerms(k, leaf) {
			return false
		}
	}
	return true
}

// termsFrom is the FROM of q's events for a count or a timeline: the
// source IP's index when pinsSourceIP, the scope index when
// readsScopeIndex, else from as built.
func termsFrom(q history.Query, from string) string {
	switch {
	case from != "events e":
	case pinsSourceIP(q):
		return "events e INDEXED BY " + sourceIPIndex
	case readsScopeIndex(q):
		return "events e INDEXED BY " + scopeIndex
	}
	return from
}
