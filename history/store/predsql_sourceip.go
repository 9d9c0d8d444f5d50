package store

import "github.com/trailview/trailview/history"

// sourceIPIndex is the index led by the source IP (migration 0011); it
// also holds the scope, Read-only and the error code, so a count or a
// timeline under an ip: term reads it alone.
const sourceIPIndex = "events_ip"

// pinsSourceIP says whether every event of q has one of the source IPs
// that an ip: term names (its filter is that term, or an And holding
// it), so that reading the IP's index entries finds them all. Left to
// itself, the planner prefers the scope index or skip-scans another,
// both of which read every event of the scope. Presence and absence
// terms name no IP; a lookup attribute, accounts or row IDs have their
// own index.
func pinsSourceIP(q history.Query) bool {
	if q.Lookup != nil || q.RowIDs != nil || len(q.Accounts) > 0 {
		return false
	}
	if and, ok := q.Pred.(history.And); ok {
		for _, p := range and {
			if namesSourceIP(p) {
				return true
			}
		}
		return false
	}
	return namesSourceIP(q.Pred)
}

// namesSourceIP says whether p is an ip: term that matches named IPs
// (exact, glob or CIDR): its SQL compares ip_id with IDs, which the index
// on ip_id seeks.
func namesSourceIP(p history.Predicate) bool {
	t, ok := p.(history.FieldTerm)
	if !ok || t.Field != history.FieldSourceIP {
		return false
	}
	return t.Cmp == history.CmpEqual || t.Cmp == history.CmpGlob || t.Cmp == history.CmpCIDR
}
