package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"
)

// TestStatementJournalsStayInMemoryExceptUnderAUnitSavepoint: a load's
// transactions keep their journals in memory (temp_store = MEMORY, 2), so
// the journal SQLite opens for every multi-row insert never becomes a
// temporary file; the transaction of a file of several chunks, whose
// savepoint journal can grow with the store, keeps them on disk (FILE,
// 1); the next transactions, with events or without, are back in
// memory. Every event arrives.
func TestStatementJournalsStayInMemoryExceptUnderAUnitSavepoint(t *testing.T) {
	defer func(n int) { commitEvents = n }(commitEvents)
	commitEvents = 1 // a transaction per file
	s := openTempStore(t)
	var modes []int
	s.onWriterBegin = func(tx *sql.Tx) {
		var mode int
		if err := tx.QueryRow("PRAGMA temp_store").Scan(&mode); err != nil {
			t.Errorf("read temp_store: %v", err)
		}
		modes = append(modes, mode)
	}
	dir := t.TempDir()
	// The walk takes names newest (highest) first: c, b, ab, a.
	writeFile(t, dir, "c.json", recordsJSON(uuidRecords("cccccccc", 0, 10)))
	writeFile(t, dir, "b.json", recordsJSON(uuidRecords("bbbbbbbb", 0, chunkRecords+100)))
	// A file without events still gets its files row in a transaction.
	writeFile(t, dir, "ab.json", recordsJSON())
	writeFile(t, dir, "a.json", recordsJSON(uuidRecords("aaaaaaaa", 0, 10)))
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Workers: 1})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("load: %v %v", err, res.Errors)
	}
	if want := int64(chunkRecords + 120); res.Added != want {
		t.Fatalf("added %d, want %d", res.Added, want)
	}
	if want := []int{2, 1, 2}; !slices.Equal(modes, want) {
		t.Fatalf("temp_store at each load transaction's start: %v, want %v", modes, want)
	}
	var n int64
	if err := s.db.QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil || n != res.Added {
		t.Fatalf("events stored: %d (%v), want %d", n, err, res.Added)
	}
}
