package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReadOnlyOpenMigratesAnOlderStore: after an upgrade, a read-only
// command on a store of an older schema must work, not fail.
func TestReadOnlyOpenMigratesAnOlderStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "DROP TABLE IF EXISTS coverage; DROP TABLE IF EXISTS scopes; DROP TABLE IF EXISTS blocks; DROP TABLE IF EXISTS fetch_pace; DROP TABLE IF EXISTS summary_hour; DROP TABLE IF EXISTS summary_day; ALTER TABLE files DROP COLUMN dir_id; "+resourceTablesBefore12); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(ctx, path, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of an older store: %v", err)
	}
	defer ro.Close()
	latest, _, _ := latestSchema()
	var v int
	ro.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	if v != latest {
		t.Errorf("schema %d after open, want %d", v, latest)
	}
}

func TestForeignAndNewerFilesAreRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("these are my notes, not a database, and they are long enough to matter"), 0o600)
	if _, err := Open(ctx, text, OpenOptions{}); !errors.Is(err, ErrForeignFile) {
		t.Errorf("text file: %v, want ErrForeignFile", err)
	}
	newer := filepath.Join(dir, "newer.db")
	s, err := Open(ctx, newer, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.db.ExecContext(ctx, "PRAGMA user_version = 999")
	s.Close()
	if _, err := Open(ctx, newer, OpenOptions{}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("newer store: %v, want ErrNewerSchema", err)
	}
	st, _ := os.Stat(newer)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600 (it holds audit data)", st.Mode().Perm())
	}
}

// TestFilesKeepTheirDirectoryOnce: a loaded file's directory is kept once
// in the dictionary and its rows hold the rest of the name; a reload skips
// every file as unchanged, and so it does for rows written before
// (whole path, no directory).
func TestFilesKeepTheirDirectoryOnce(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	dir := t.TempDir()
	for i := 0; i < 3; i++ {
		data, _ := recordsFile(fmt.Sprintf("%08d", 70000000+i), 2, time.Date(2024, 8, 1, i, 0, 0, 0, time.UTC))
		writeFile(t, dir, fmt.Sprintf("sub/f%d.json", i), data)
	}
	mustLoad(t, s, dir)
	var dirs, named int
	s.db.QueryRow("SELECT count(*) FROM dict WHERE kind = ?", kindDirectory).Scan(&dirs)
	s.db.QueryRow("SELECT count(*) FROM files WHERE dir_id IS NOT NULL AND path NOT LIKE '%/%'").Scan(&named)
	if dirs != 1 || named != 3 {
		t.Fatalf("%d directories and %d short names for 3 files in one directory", dirs, named)
	}
	if res := mustLoad(t, s, dir); res.Unchanged != 3 || res.Added != 0 {
		t.Fatalf("reload: %d unchanged, %d added; want 3 and 0", res.Unchanged, res.Added)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE files SET path = (SELECT value FROM dict WHERE id = dir_id) || path, dir_id = NULL`); err != nil {
		t.Fatal(err)
	}
	if res := mustLoad(t, s, dir); res.Unchanged != 3 || res.Added != 0 {
		t.Fatalf("reload over old rows: %d unchanged, %d added; want 3 and 0", res.Unchanged, res.Added)
	}
}

// TestBulkLoadLeavesTheFullTextIndexMerging: a bulk load turns the
// full-text index's merging off while it writes; afterwards, and after a
// load that died midway (indexes missing at the next open), merging is on
// again and every query still finds its words.
func TestBulkLoadLeavesTheFullTextIndexMerging(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	data, _ := recordsFile("78787878", 200, time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC))
	writeFile(t, dir, "a.json", data)
	if _, err := s.Load(ctx, []string{dir}, LoadOptions{Bulk: BulkOn}); err != nil {
		t.Fatal(err)
	}
	config := func(s *Store, key string) int {
		var v int
		if err := s.db.QueryRowContext(ctx, "SELECT v FROM words_config WHERE k = ?", key).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if a, c := config(s, "automerge"), config(s, "crisismerge"); a != 4 || c != 16 {
		t.Fatalf("automerge %d, crisismerge %d after a bulk load, want 4 and 16", a, c)
	}
	// A load that died after turning merging off and dropping indexes.
	for _, q := range []string{"INSERT INTO words(words, rank) VALUES('automerge', 0)",
		"INSERT INTO words(words, rank) VALUES('crisismerge', 1000)"} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.dropIndexes(ctx, s.db); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a, c := config(s, "automerge"), config(s, "crisismerge"); a != 4 || c != 16 {
		t.Fatalf("automerge %d, crisismerge %d after reopening, want 4 and 16", a, c)
	}
	var n int
	q := "SELECT count(*) FROM events e WHERE (e.id >> 6) IN (SELECT rowid FROM words WHERE words MATCH 'alice') AND tv_text(" + recordSQL + ", 'alice')"
	if err := s.db.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 200 {
		t.Fatalf("full-text search after the merge: %d of 200, %v", n, err)
	}
}
