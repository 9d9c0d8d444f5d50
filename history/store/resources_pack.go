package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// packResourceTables rewrites the two resource tables in key order, and
// rebuilds the dictionary index, in one savepoint on conn: the connection
// that builds the indexes, whose sorts spill to disk (temp_store = FILE),
// and the only one a store opened with a single connection has (asking
// the pool for another would wait forever). A load inserts their rows in
// event order, which is random in key order (name or type first), so the b-trees split pages in the
// middle and end a bulk load about two thirds full (a third more bytes
// than the rows need). "INSERT INTO copy SELECT * FROM table", with no
// WHERE or ORDER BY, into an empty table of the same shape is SQLite's
// transfer optimization: records are copied in key order and each page
// is filled before the next is started, as an index built after a load
// is (98% full instead of 68-81%). Any other form of the statement
// loses that.
//
// It runs after a bulk load, before the indexes are built, so that the
// index builds reuse the pages the old copies free.
func (s *Store) packResourceTables(ctx context.Context, conn *sql.Conn) (err error) {
	if _, err := conn.ExecContext(ctx, "SAVEPOINT pack"); err != nil {
		return fmt.Errorf("pack the resource tables: %w", err)
	}
	defer func() {
		if err != nil {
			// Undone whole: a table is never left dropped but not replaced.
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO pack")
			conn.ExecContext(context.WithoutCancel(ctx), "RELEASE pack")
		}
	}()
	tx := conn
	for _, table := range []string{resourceNamesTable, resourceTypesTable} {
		var ddl string
		if err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", table).Scan(&ddl); err != nil {
			return fmt.Errorf("pack %s: %w", table, err)
		}
		packed := table + "_packed"
		// The table's own definition, so that the copy keeps whatever a
		// later migration adds to it. After a rename SQLite quotes the
		// name, so the columns are found by their parenthesis.
		open := strings.IndexByte(ddl, '(')
		if open < 0 {
			return fmt.Errorf("pack %s: unexpected definition %q", table, ddl)
		}
		create := ddl[open:]
		for _, q := range []string{
			"DROP TABLE IF EXISTS " + packed,
			"CREATE TABLE " + packed + create,
			"INSERT INTO " + packed + " SELECT * FROM " + table,
			"DROP TABLE " + table,
			"ALTER TABLE " + packed + " RENAME TO " + table,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("pack %s: %w", table, err)
			}
		}
	}
	// The dictionary's one index (dict_index.go) stays during a bulk
	// load, which looks strings up through it, and ends it 90% full in
	// random string order; rebuilt, it is full, as when bulk loads
	// dropped it (2 bytes per event on the busy tree).
	if _, err := tx.ExecContext(ctx, "REINDEX dict_nocase"); err != nil {
		return fmt.Errorf("pack the dictionary index: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "RELEASE pack"); err != nil {
		return fmt.Errorf("pack the resource tables: %w", err)
	}
	return nil
}
