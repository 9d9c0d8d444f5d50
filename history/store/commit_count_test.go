package store

import (
	"context"
	"fmt"
	"testing"
)

// limitStoreSize sets max_page_count on every connection of the store's
// pool (SQLite keeps it per connection), so that the store cannot grow
// more than extraPages beyond its size now: a full disk.
func limitStoreSize(t *testing.T, s *Store, extraPages int) {
	t.Helper()
	ctx := context.Background()
	var pages int
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// Holding four connections at once makes the pool open (and then
	// keep) every connection it will hand out.
	for range 4 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages+extraPages)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadCountsOnlyCommittedEventsWhenTheDiskFills loads files until the
// store cannot grow: the load fails, and the events it says were added
// are exactly those the store holds (it counted the files of the
// transaction that rolled back as added).
func TestLoadCountsOnlyCommittedEventsWhenTheDiskFills(t *testing.T) {
	defer func(n int) { commitEvents = n }(commitEvents)
	commitEvents = 100 // a commit every two files
	dir := t.TempDir()
	for f := range 40 {
		writeFile(t, dir, fmt.Sprintf("%02d.json", f), recordsJSON(uuidRecords(fmt.Sprintf("%08d", f), 0, 50)))
	}
	s := openTempStore(t)
	limitStoreSize(t, s, 60)
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Bulk: BulkOff, Workers: 1})
	if err == nil {
		t.Fatalf("the load filled no disk (added %d); give the store less room", res.Added)
	}
	var stored int64
	if err := s.db.QueryRow("SELECT count(*) FROM events").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == 0 {
		t.Fatalf("nothing was committed before the disk filled (%v); give the store more room", err)
	}
	t.Logf("stored %d of %d records read before: %v", stored, res.Records, err)
	if res.Added != stored {
		t.Errorf("load says %d events added, the store holds %d (error: %v)", res.Added, stored, err)
	}
	if res.Records <= stored {
		t.Errorf("records read %d, want more than the %d stored: the failure came after the last file", res.Records, stored)
	}
}
