package history

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
	if _, err := s.DB().ExecContext(ctx, "PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, "DROP TABLE IF EXISTS coverage; DROP TABLE IF EXISTS scopes; DROP TABLE IF EXISTS blocks"); err != nil {
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
	ro.DB().QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
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
	s.DB().ExecContext(ctx, "PRAGMA user_version = 999")
	s.Close()
	if _, err := Open(ctx, newer, OpenOptions{}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("newer store: %v, want ErrNewerSchema", err)
	}
	st, _ := os.Stat(newer)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600 (it holds audit data)", st.Mode().Perm())
	}
}
