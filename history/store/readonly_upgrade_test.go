package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestReadOnlyOpenUpgradesAStoreMissingItsIndexes: a read-only command
// run after an upgrade, on a store whose last bulk load died before its
// indexes were built, migrates it and builds them on a one-connection
// store; the pack of the resource tables must use that connection, not
// wait for a second one.
func TestReadOnlyOpenUpgradesAStoreMissingItsIndexes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustLoad(t, s, writeFile(t, t.TempDir(), "r.json", resourceRecordsFile(200)))
	if err := s.ExecForTest(ctx, "DROP INDEX events_name; PRAGMA user_version = 11"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// A failure guard only: the open takes well under a second when it works.
	guard, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	ro, err := Open(guard, path, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of an older store missing an index: %v", err)
	}
	defer ro.Close()
	if n := queryInt(t, ro, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_name'"); n != 1 {
		t.Fatalf("events_name was not rebuilt (%d)", n)
	}
}

// TestMigrationsSortOnDisk: a migration that builds an index over every
// event runs with temporary data on disk (bounded memory), and the
// store's connections are back to memory for queries afterwards.
func TestMigrationsSortOnDisk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ExecForTest(ctx, "PRAGMA user_version = 10"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var during []int64
	migrateBeginHook = func(tx *sql.Tx) {
		var v int64
		if err := tx.QueryRow("PRAGMA temp_store").Scan(&v); err != nil {
			t.Error(err)
		}
		during = append(during, v)
	}
	defer func() { migrateBeginHook = nil }()
	s, err = Open(ctx, path, OpenOptions{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(during) == 0 || during[0] != 1 {
		t.Fatalf("temp_store during the migration: %v, want 1 (FILE)", during)
	}
	if v := queryInt(t, s, "PRAGMA temp_store"); v != 2 {
		t.Fatalf("temp_store after the migration: %d, want 2 (MEMORY)", v)
	}
}
