package store

import (
	"context"
	"database/sql"

	"github.com/trailview/trailview/history"
)

// foreverSQL is a condition SQLite can only stop evaluating when the query
// is interrupted: it counts the rows of an endless recursive table.
const foreverSQL = "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c) > 0"

// StallQueriesForTest makes the next n queries of s (pages, counts,
// iterations) run until their context ends, so that a caller's test can
// watch a query in flight being cancelled, which interrupts SQLite. For
// tests only: queries are never stalled otherwise.
func (s *Store) StallQueriesForTest(n int) { s.stalls.Add(int64(n)) }

// stalled reports whether this query is one StallQueriesForTest asked for.
func (s *Store) stalled() bool {
	for {
		n := s.stalls.Load()
		if n <= 0 {
			return false
		}
		if s.stalls.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

// The functions below let other packages' tests look at what only the
// store sees: the SQL a predicate compiles to, and the schema. Production
// code never calls them.

// SQLForTest is a compiled predicate: a condition over events e with its
// arguments.
type SQLForTest struct {
	Where string
	Args  []any
}

// CompileForTest compiles p as a query on s does, in the subquery form and
// in the form resolved against s's dictionary; both select the same
// events. The filter package's tests check their shape (no user text in
// the SQL) and that they select what record.Matches accepts.
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

// QueryRowForTest runs a query on the store's schema.
func (s *Store) QueryRowForTest(ctx context.Context, query string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, query, args...)
}

// ExecForTest runs a statement on the store's schema (a test makes
// deleting fail with a trigger, say).
func (s *Store) ExecForTest(ctx context.Context, stmt string, args ...any) error {
	_, err := s.db.ExecContext(ctx, stmt, args...)
	return err
}
