package filter

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// The property test reads its events through a store, which derives the
// lookup fields (User name, Resources) as the application does. The SQL
// the store compiles filters to is tested in history/store.

// openStore opens a new store in a temporary directory.
func openStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "store.db"), store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func loadPaths(t testing.TB, s *store.Store, paths ...string) store.LoadResult {
	t.Helper()
	res, err := s.Load(context.Background(), paths, store.LoadOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// allEvents reads every event of both categories with its record.
func allEvents(t testing.TB, s *store.Store) []history.Event {
	t.Helper()
	var out []history.Event
	for _, cat := range []history.Category{history.Management, history.Insight} {
		err := s.Iterate(context.Background(), history.Query{Category: cat}, true, func(e *history.Event) error {
			c := *e
			c.Raw = append([]byte(nil), e.Raw...)
			c.Resources = append([]history.Resource(nil), e.Resources...)
			out = append(out, c)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// fixedNow anchors relative times in tests.
var fixedNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
