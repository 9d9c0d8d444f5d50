package store

import (
	"context"
	"fmt"

	"github.com/trailview/trailview/history"
)

// maxResolvedIDs bounds the constant lists a resolved predicate holds; a
// glob that matches more names (ip:10.*) keeps its subquery, where a long
// list would only make the SQL large.
const maxResolvedIDs = 500

// compilePredicate compiles p, which history.ValidatePredicate must
// accept, into a condition over events e, resolved against s: every
// dictionary match (names, users, sources, resource names and types...) is
// looked up now and written as constant IDs. The result selects the same
// events as the subquery form, but SQLite's planner then knows how many
// names a term stands for: a single name becomes an equality that walks
// the matching index in time order, so a first page costs the same for a
// name with three events as for one with a million (with the subquery
// form, a rare name scans the whole Region). It is cheap (one indexed dict
// lookup per term), so every query resolves again and sees the names a
// load added.
func (s *Store) compilePredicate(ctx context.Context, p history.Predicate) (frag, error) {
	if err := history.ValidatePredicate(p); err != nil {
		return frag{}, fmt.Errorf("query predicate: %w", err)
	}
	c := &compiler{resolve: func(sub string, args []any) ([]int64, bool, error) {
		ids, err := s.dictIDs(ctx, sub, maxResolvedIDs, args...)
		if err != nil {
			return nil, false, err
		}
		return ids, len(ids) <= maxResolvedIDs, nil
	}, indexed: func(t history.TextTerm) (bool, error) {
		return s.prefixRoute(ctx, t)
	}, store: s.token}
	return c.pred(p)
}
