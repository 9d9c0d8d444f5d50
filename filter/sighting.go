package filter

import (
	"slices"
	"strings"

	"github.com/trailview/trailview/history"
)

// SightingPairNames are the pairs of fields whose first sightings are
// asked together (an identity and what it did, or where from): the
// command line's 'trailview new' and the facets panel's "new only" take
// the same ones.
var SightingPairNames = []string{"user+event", "key+event", "key+ip"}

// SightingFields reads a first-sightings field name: a countable field
// other than readonly (which has no first time worth telling), or one of
// SightingPairNames; second is zero for a single field. canonical is the
// name as the answer reports it.
func SightingFields(name string) (first, second history.Field, canonical string, ok bool) {
	lower := strings.ToLower(name)
	if a, b, pair := strings.Cut(lower, "+"); pair {
		if !slices.Contains(SightingPairNames, lower) {
			return 0, 0, "", false
		}
		first, _, _ = FacetField(a)
		second, _, _ = FacetField(b)
		return first, second, lower, true
	}
	first, canonical, ok = FacetField(name)
	if !ok || first == history.FieldReadOnly {
		return 0, 0, "", false
	}
	return first, 0, canonical, true
}
