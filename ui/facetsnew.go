package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// firstSightingsFacet answers the panel's "new only" mode: the values of
// the field (or pair, "user+event") among q's events that no event of
// the store holds before q's start, newest first sighting first, in the
// panel's shape (Count is the window's events holding the value, Total
// the number of new values; LastSeen stays zero: it is not asked for).
func firstSightingsFacet(ctx context.Context, st *store.Store, q history.Query, name string) (store.TopResult, error) {
	if q.Start.IsZero() {
		return store.TopResult{}, errors.New("new only needs a window with a start: choose a time range (t)")
	}
	first, second, _, ok := filter.SightingFields(name)
	if !ok {
		return store.TopResult{}, errUnknownFacet(name)
	}
	sf := store.SightingField{First: first, Second: second}
	seen, err := st.FirstSightings(ctx, q, sf, facetLimit)
	if err != nil {
		return store.TopResult{}, fmt.Errorf("new %s: %w", name, err)
	}
	res := store.TopResult{Distinct: int64(len(seen))}
	for _, s := range seen {
		res.Values = append(res.Values, store.FacetValue{Value: s.Value, Count: s.Count, FirstSeen: s.FirstSeen})
		res.Total += s.Count
	}
	return res, nil
}

// pivotOn is the pivot on a value of the panel's field; a pair's value
// ("ci-deploy + CreateUser") pivots on both of its fields at once, and
// cannot be excluded in one step (not both is not a filter term).
func (p *facetsPanel) pivotOn(value string, exclude, alone bool) pivotChosen {
	name := p.current().name
	first, second, pair := strings.Cut(name, "+")
	if !pair {
		return pivotChosen{field: name, value: value, exclude: exclude, alone: alone}
	}
	// The second field (event name, source IP) never holds the
	// separator; the first (a user name) might.
	i := strings.LastIndex(value, store.PairSeparator)
	if i < 0 || exclude {
		return pivotChosen{refusal: "a pair pivots with enter or P; exclude its values one at a time"}
	}
	return pivotChosen{field: first, value: value[:i], alone: alone,
		and: &pivotChosen{field: second, value: value[i+len(store.PairSeparator):]}}
}
