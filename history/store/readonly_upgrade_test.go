package store

import (
	"context"
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
