package filter

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

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

// loadRecords writes records as a CloudTrail log file and loads it.
func loadRecords(t testing.TB, s *store.Store, records []map[string]any) {
	t.Helper()
	b, err := json.Marshal(map[string]any{"Records": records})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "records.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	loadPaths(t, s, p)
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

// matchingIDs runs a compiled filter over both categories and returns the
// row IDs it selects. The store runs the predicate resolved against its
// dictionary; the subquery form must select the same rows.
func matchingIDs(t testing.TB, s *store.Store, f *Filter) map[int64]bool {
	t.Helper()
	out := map[int64]bool{}
	for _, cat := range []history.Category{history.Management, history.Insight} {
		q := history.Query{Category: cat, Pred: f.Pred}
		err := s.Iterate(context.Background(), q, false, func(e *history.Event) error {
			out[e.ID] = true
			return nil
		})
		if err != nil {
			t.Fatalf("filter %q: %v", f.Text, err)
		}
	}
	if f.Pred != nil {
		sub, _ := compiledSQL(t, s, f)
		subIDs, err := s.SelectIDsForTest(context.Background(), sub)
		if err != nil {
			t.Fatalf("filter %q: %v\nSQL: %s\nargs: %v", f.Text, err, sub.Where, sub.Args)
		}
		if !maps.Equal(subIDs, out) {
			t.Fatalf("filter %q: the subquery form selects %d events, the query %d\nSQL: %s", f.Text, len(subIDs), len(out), sub.Where)
		}
	}
	return out
}

// realDir is the real test data directory, or "" when it is absent.
func realDir() string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "testdata", "real")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// fixedNow anchors relative times in tests.
var fixedNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// loadAssets loads n events from the assets generator.
func loadAssets(t testing.TB, s *store.Store, n int) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "assets.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	opts := assets.BenchOptions(n)
	opts.Padded = false
	if err := assets.WriteJSONLines(f, opts); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	loadPaths(t, s, p)
}

// compiledSQL is the SQL s compiles f's predicate to, in the subquery form
// and resolved against s (store.CompileForTest), each checked for shape.
func compiledSQL(t testing.TB, s *store.Store, f *Filter) (sub, resolved store.SQLForTest) {
	t.Helper()
	sub, resolved, err := s.CompileForTest(context.Background(), f.Pred)
	if err != nil {
		t.Fatalf("filter %q: %v", f.Text, err)
	}
	checkSQLShape(t, f.Text, sub)
	checkSQLShape(t, f.Text, resolved)
	return sub, resolved
}
