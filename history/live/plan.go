package live

import (
	"sort"
	"time"
)

// span is a closed interval of event times.
type span struct{ from, to time.Time }

// gaps returns the parts of want that covered leaves open, newest first:
// LookupEvents answers newest first, and the newest events are the ones a
// user most likely wants soon.
func gaps(want span, covered []span) []span {
	sort.Slice(covered, func(i, j int) bool { return covered[i].to.After(covered[j].to) })
	var out []span
	top := want.to
	for _, c := range covered {
		if !c.to.Before(top) {
			if c.from.Before(top) {
				top = c.from
			}
			continue
		}
		if c.to.Before(want.from) {
			break
		}
		out = append(out, span{c.to, top})
		if c.from.Before(top) {
			top = c.from
		}
	}
	if top.After(want.from) {
		out = append(out, span{want.from, top})
	}
	return out
}

// widen adds overlap on both sides of a gap, within limit: the newer side
// catches events that reached Event history late (they can appear minutes
// after their eventTime) and the older side the rest of a second that a
// page boundary split. Duplicates are dropped on eventID.
func widen(g span, overlap time.Duration, limit span) span {
	g.from = g.from.Add(-overlap)
	g.to = g.to.Add(overlap)
	if g.from.Before(limit.from) {
		g.from = limit.from
	}
	if g.to.After(limit.to) {
		g.to = limit.to
	}
	return g
}
