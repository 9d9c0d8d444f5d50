package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/internal/realdata"
)

func requireRealData(t testing.TB) string {
	t.Helper()
	return realdata.Dir(t)
}

func openTempStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "history.db"), OpenOptions{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustLoad(t testing.TB, s *Store, paths ...string) LoadResult {
	t.Helper()
	res, err := s.Load(context.Background(), paths, LoadOptions{})
	if err != nil {
		t.Fatalf("load %v: %v", paths, err)
	}
	return res
}

func allEvents(t testing.TB, s *Store, q history.Query) []history.Event {
	t.Helper()
	var out []history.Event
	err := s.Iterate(context.Background(), q, true, func(e *history.Event) error {
		c := *e
		c.Raw = append([]byte(nil), e.Raw...)
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatalf("iterate: %v", err)
	}
	return out
}
