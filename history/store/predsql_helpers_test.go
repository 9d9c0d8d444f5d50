package store_test

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/filtergen"
)

// The helpers of the tests that run filters' compiled SQL on a store:
// filter text in, through filter.Compile, and the rows selected out.

// fixedNow anchors relative times in tests.
var fixedNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

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

func loadPaths(t testing.TB, s *store.Store, paths ...string) {
	t.Helper()
	if _, err := s.Load(context.Background(), paths, store.LoadOptions{Workers: 1}); err != nil {
		t.Fatal(err)
	}
}

// loadRecords writes records as a CloudTrail log file and loads it.
func loadRecords(t testing.TB, s *store.Store, records []map[string]any) {
	t.Helper()
	loadPaths(t, s, filtergen.WriteRecords(t, records))
}

// propertyStore loads the property tests' events (filtergen.PropertyInputs)
// into one store, as filter's in-memory property test does.
func propertyStore(t *testing.T, now time.Time) (*store.Store, []history.Event) {
	t.Helper()
	s := openStore(t)
	for _, p := range filtergen.PropertyInputs(t, now) {
		loadPaths(t, s, p)
	}
	return s, eventsOfBothCategories(t, s)
}

// eventsOfBothCategories reads every event of both categories with its
// record.
func eventsOfBothCategories(t testing.TB, s *store.Store) []history.Event {
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

// compiledSQL is the SQL s compiles f's predicate to, in the subquery form
// and resolved against s, each checked for shape.
func compiledSQL(t testing.TB, s *store.Store, f *filter.Filter) (sub, resolved store.SQLForTest) {
	t.Helper()
	sub, resolved, err := s.CompileForTest(context.Background(), f.Pred)
	if err != nil {
		t.Fatalf("filter %q: %v", f.Text, err)
	}
	checkSQLShape(t, f.Text, sub)
	checkSQLShape(t, f.Text, resolved)
	return sub, resolved
}

// selectedIDs returns the row IDs of every event, of any category and
// Region, that a compiled filter selects: the condition alone, without
// the scope that history.Query adds (matchingIDs goes through Query).
func selectedIDs(t testing.TB, s *store.Store, text string, c store.SQLForTest) map[int64]bool {
	t.Helper()
	ids, err := s.SelectIDsForTest(context.Background(), c)
	if err != nil {
		t.Fatalf("filter %q: %v\nSQL: %s\nargs: %v", text, err, c.Where, c.Args)
	}
	return ids
}

// matchingIDs runs a compiled filter over both categories and returns the
// row IDs it selects. The store runs the predicate resolved against its
// dictionary; the subquery form must select the same rows.
func matchingIDs(t testing.TB, s *store.Store, f *filter.Filter) map[int64]bool {
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
		if subIDs := selectedIDs(t, s, f.Text, sub); !maps.Equal(subIDs, out) {
			t.Fatalf("filter %q: the subquery form selects %d events, the query %d\nSQL: %s", f.Text, len(subIDs), len(out), sub.Where)
		}
	}
	return out
}

func head(xs []string) []string {
	if len(xs) > 3 {
		return xs[:3]
	}
	return xs
}

func describeEvent(e *history.Event) string {
	raw := string(e.Raw)
	if len(raw) > 300 {
		raw = raw[:300] + "..."
	}
	return fmt.Sprintf("#%d %s", e.ID, raw)
}
