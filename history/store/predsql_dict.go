package store

import (
	"context"
	"fmt"
)

// dictIDs runs a query over the dict table that selects one column of
// IDs and returns at most limit+1 of them. compilePredicate uses it to
// turn dictionary subqueries into constant ID lists: with constants
// SQLite's planner knows that one name means one index range, in time
// order, instead of guessing 25 values and scanning. Only the compiler
// builds the query; it never contains user text.
func (s *Store) dictIDs(ctx context.Context, query string, limit int, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, query+" LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return nil, fmt.Errorf("resolve filter values: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("resolve filter values: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("resolve filter values: %w", err)
	}
	return ids, nil
}
