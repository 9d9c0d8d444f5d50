package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/trailview/trailview/history"
)

// TestStoreBeforeSchema8GetsTheRequestIndex checks that a store written
// before schema 8 has the request ID index after it is opened, and that
// while the index is missing (a bulk load drops it) a bare word is
// searched by the time-ordered walk, which needs no index.
func TestStoreBeforeSchema8GetsTheRequestIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "DROP INDEX "+requestIndex+"; PRAGMA user_version = 7"); err != nil {
		t.Fatal(err)
	}
	word := history.TextTerm{Text: "nothing", IDs: true}
	if _, ok, err := s.textDrive(ctx, word); err != nil || ok {
		t.Errorf("without the request index a bare word is driven from candidates (ok %v, %v)", ok, err)
	}
	s.Close()
	s, err = Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = ?", requestIndex).Scan(&n); err != nil || n != 1 {
		t.Fatalf("request index after open: %d (%v)", n, err)
	}
	if ranges, ok, err := s.textDrive(ctx, word); err != nil || !ok || len(ranges) != 0 {
		t.Errorf("a word in no group and no ID: ranges %v, ok %v, %v; want none", ranges, ok, err)
	}
}
