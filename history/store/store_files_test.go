package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAdoptedFilesBecomeOwnerOnly: a file trailview adopts as its store
// (an empty file, or an empty SQLite database, both readable by others)
// is made owner-only like a store it creates, and so are the -wal and
// -shm files SQLite makes beside it (issue 14, item 8).
func TestAdoptedFilesBecomeOwnerOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	blank := filepath.Join(dir, "blank.db")
	db, err := sql.Open("sqlite", "file:"+blank)
	if err != nil {
		t.Fatal(err)
	}
	// A SQLite file with no table yet, in rollback mode, as the sqlite3
	// shell leaves one.
	if _, err := db.Exec("VACUUM"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, path := range []string{empty, blank, filepath.Join(dir, "new.db")} {
		if _, err := os.Stat(path); err == nil {
			// Whatever the test's umask: readable by everyone.
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Open(ctx, path, OpenOptions{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// Writing makes SQLite create the side files if it has not yet.
		if _, err := s.db.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('mode test', 1)"); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			st, err := os.Stat(p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %v, want 0600: the store holds audit data", p, st.Mode().Perm())
			}
		}
		s.Close()
	}
}

// TestTruncatedStoreIsReportedDamaged: a store cut short is a damaged
// store, named, with what SQLite found and what to do; only a file that
// is not SQLite at all is "not a trailview store" (issue 14, item 9).
func TestTruncatedStoreIsReportedDamaged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for i := 0; i < 4; i++ {
		data, _ := recordsFile(fmt.Sprintf("%08d", 12000000+i), 300, time.Date(2024, 6, 1, i, 0, 0, 0, time.UTC))
		files = append(files, writeFile(t, dir, fmt.Sprintf("in/f%d.json", i), data))
	}
	mustLoad(t, s, files...)
	s.Close()
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) < 64<<10 {
		t.Fatalf("store of %d bytes: too small to cut in places that matter", len(whole))
	}
	for _, size := range []int{50, 100, 4096, len(whole) / 3, len(whole) / 2, len(whole) - 4096} {
		cut := filepath.Join(dir, fmt.Sprintf("cut%d.db", size))
		if err := os.WriteFile(cut, whole[:size], 0o600); err != nil {
			t.Fatal(err)
		}
		damaged(t, cut, size)
	}
	// A file that is not SQLite keeps its message.
	notes := filepath.Join(dir, "notes.db")
	os.WriteFile(notes, []byte(strings.Repeat("these are my notes, not a database. ", 200)), 0o600)
	_, err = Open(ctx, notes, OpenOptions{})
	if !errors.Is(err, ErrForeignFile) || errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Errorf("text file: %v, want ErrForeignFile, not a SQLite database", err)
	}
}

// damaged opens the cut store both ways and checks the error.
func damaged(t *testing.T, path string, size int) {
	t.Helper()
	for _, ro := range []bool{false, true} {
		s, err := Open(context.Background(), path, OpenOptions{ReadOnly: ro})
		if err == nil {
			// The header gives the file's length: any cut shows at once.
			s.Close()
			t.Errorf("cut at %d bytes (read-only %v): opens", size, ro)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrDamaged) || errors.Is(err, ErrForeignFile) {
			t.Errorf("cut at %d bytes (read-only %v): %v, want ErrDamaged", size, ro, err)
			continue
		}
		for _, want := range []string{path, "restore " + path + " from a backup", "move it aside"} {
			if !strings.Contains(msg, want) {
				t.Errorf("cut at %d bytes (read-only %v): %q does not say %q", size, ro, msg, want)
			}
		}
		// Past the schema's pages, integrity_check can run and say what
		// is missing; before, SQLite's error is all there is.
		if size > 64<<10 && !strings.Contains(msg, "PRAGMA integrity_check: Tree ") && !strings.Contains(msg, "PRAGMA integrity_check: On tree page ") {
			t.Errorf("cut at %d bytes (read-only %v): %q does not give integrity_check's lines", size, ro, msg)
		}
		if !strings.Contains(msg, "PRAGMA integrity_check: ") && !strings.Contains(msg, "SQLite: ") {
			t.Errorf("cut at %d bytes (read-only %v): %q gives neither integrity_check's lines nor SQLite's error", size, ro, msg)
		}
	}
}
