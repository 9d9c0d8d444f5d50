package store

import (
	"context"
	"fmt"
	"testing"
)

// TestFirstCommitComesEarly: a load's first transaction commits after
// firstCommitEvents events rather than after commitEvents, so that a
// browser opened on a large tree sees the newest events soon. The disk
// fills part way through; what was committed before stays.
func TestFirstCommitComesEarly(t *testing.T) {
	defer func(n, f int) { commitEvents, firstCommitEvents = n, f }(commitEvents, firstCommitEvents)
	commitEvents, firstCommitEvents = 1<<30, 100
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
	if stored < 100 {
		t.Errorf("the store holds %d events after the disk filled; want the first %d committed early (%v)", stored, firstCommitEvents, err)
	}
}
