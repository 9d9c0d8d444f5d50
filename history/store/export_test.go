package store

import (
	"context"

	"github.com/trailview/trailview/history"
)

// This file lets the store's black-box tests (package store_test, which
// import filter, internal/filtergen and assets; assets imports this
// package, so they cannot be internal tests) reach the unexported
// compiler. It is compiled into this package's tests only.

// SQLForTest is a compiled predicate: a condition over events e with its
// arguments.
type SQLForTest struct {
	Where string
	Args  []any
}

// CompileForTest compiles p as a query on s does, in the subquery form and
// in the form resolved against s's dictionary; both select the same
// events.
func (s *Store) CompileForTest(ctx context.Context, p history.Predicate) (sub, resolved SQLForTest, err error) {
	if err := history.ValidatePredicate(p); err != nil {
		return sub, resolved, err
	}
	fr, err := (&compiler{}).pred(p)
	if err != nil {
		return sub, resolved, err
	}
	rf, err := s.compilePredicate(ctx, p)
	if err != nil {
		return sub, resolved, err
	}
	return SQLForTest{fr.sql, fr.args}, SQLForTest{rf.sql, rf.args}, nil
}

// SelectIDsForTest returns the row IDs of every event, of any category and
// Region, that the condition selects: the condition alone, without the
// scope a history.Query adds.
func (s *Store) SelectIDsForTest(ctx context.Context, c SQLForTest) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT e.id FROM events e WHERE "+c.Where, c.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}
