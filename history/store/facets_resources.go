package store

import (
	"context"
	"fmt"

	"github.com/trailview/trailview/history"
)

// topResourcesFromLists fills res (whose Total is set) with the resource
// values of b's events, counted from the events' own resource lists
// (resourceCounts): the path of a resource facet under a filter, a lookup
// attribute, accounts or read-only, which the resources table's columns
// cannot narrow.
func (s *Store) topResourcesFromLists(ctx context.Context, b *builder, field history.Field, limit int, res *TopResult) error {
	kind := kindResourceName
	if field == history.FieldResourceType {
		kind = kindResourceType
	}
	counts, present, err := s.resourceCounts(ctx, b.from, b, kind)
	if err != nil {
		return fmt.Errorf("top %v: %w", field, err)
	}
	empty, err := s.lookupDictID(ctx, kind, "")
	if err != nil {
		return fmt.Errorf("top %v: %w", field, err)
	}
	delete(counts, empty)
	res.Distinct = int64(len(counts))
	res.Missing = res.Total - present
	if err := s.rankTop(ctx, summaryFacet{kind: kind}, counts, limit, res); err != nil {
		return fmt.Errorf("top %v: %w", field, err)
	}
	return nil
}
