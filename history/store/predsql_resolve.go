package filter

import (
	"context"
	"fmt"

	"github.com/trailview/trailview/history/store"
)

// maxResolvedIDs bounds the constant lists Resolve writes; a glob that
// matches more names (ip:10.*) keeps its subquery, where a long list would
// only make the SQL large.
const maxResolvedIDs = 500

// Resolve returns the filter compiled against a store: every dictionary
// match (names, users, sources, resource names and types...) is looked up
// now and written as constant IDs. The result selects the same events as
// f, but SQLite's planner then knows how many names a term stands for:
// a single name becomes an equality that walks the matching index in time
// order, so a first page costs the same for a name with three events as
// for one with a million (with the subquery form, a rare name scans the
// whole Region). Resolve again after the store changes (a load adds
// names); it is cheap (one indexed dict lookup per term).
func (f *Filter) Resolve(ctx context.Context, s *store.Store) (*Filter, error) {
	if f.Where == "" {
		return f, nil
	}
	out := &Filter{Text: f.Text, Pred: f.Pred, Start: f.Start, End: f.End}
	c := &compiler{resolve: func(sub string, args []any) ([]int64, bool, error) {
		ids, err := s.DictIDs(ctx, sub, maxResolvedIDs, args...)
		if err != nil {
			return nil, false, fmt.Errorf("filter %q: %w", f.Text, err)
		}
		return ids, len(ids) <= maxResolvedIDs, nil
	}}
	return compileFilter(out, c)
}
