package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/trailview/trailview/history"
)

// dossierResourceLimit bounds the dossier's list of resources touched: a
// busy key touches thousands; the view and the JSON show the most used.
const dossierResourceLimit = 50

// countResourceNames adds one to names for each distinct resource name of
// an event's resource list (events.res). The dossier reads the lists along
// the subject's rows in the same pass as its other counts: the resources
// table has no index by event, and a join through it read every resource
// row of the store (2 s for the busiest key of a 1M store).
func countResourceNames(enc []byte, names map[int64]int64) {
	var seen [8]int64 // an event names a few resources; more spill below
	distinct := seen[:0]
	forEachResourceRef(enc, func(_, nameID int64) {
		if nameID != 0 && !slices.Contains(distinct, nameID) {
			distinct = append(distinct, nameID)
		}
	})
	for _, n := range distinct {
		names[n]++
	}
}

// dossierResources turns the counted name IDs into the dossier's list of
// resources touched (spec 8: the names LookupEvents lists): most events
// first, then by name, at most dossierResourceLimit.
func (s *Store) dossierResources(ctx context.Context, names map[int64]int64) ([]history.ValueCount, error) {
	texts := make(map[int64]string, len(names))
	for id := range names {
		texts[id] = ""
	}
	if err := s.texts(ctx, texts); err != nil {
		return nil, err
	}
	out := make([]history.ValueCount, 0, len(names))
	for id, n := range names {
		out = append(out, history.ValueCount{Value: texts[id], Count: n})
	}
	slices.SortFunc(out, func(a, b history.ValueCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out[:min(len(out), dossierResourceLimit)], nil
}
