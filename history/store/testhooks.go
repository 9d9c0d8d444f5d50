package store

import (
	"context"
	"database/sql"
)

// foreverSQL is a condition SQLite can only stop evaluating when the query
// is interrupted: it counts the rows of an endless recursive table.
const foreverSQL = "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c) > 0"

// migrateBeginHook, set by the store's tests only, sees the transaction
// in which Open migrates a store.
var migrateBeginHook func(*sql.Tx)

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

// The functions below let other packages' tests look at the store's
// schema. Production code never calls them. The compiler's own test hooks
// are in export_test.go: only the store's tests look at compiled SQL.

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
