package store_test

import (
	"maps"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history/record"
	"github.com/trailview/trailview/internal/filtergen"
)

// TestCompiledSQLAgreesWithPredicate checks the SQL side on a store: for
// random filters, the compiled SQL, in both its subquery and its resolved
// form, selects exactly the events that the filter's predicate accepts in
// memory (record.Matches), which filter's TestPredicateAgreesWithReference checks
// against the reference matcher on many more filters. It runs one query
// per form and filter, selecting row IDs only.
func TestCompiledSQLAgreesWithPredicate(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	s, events := propertyStore(t, now)
	n := 100
	if testing.Short() {
		n = 25
	}
	g := &filtergen.Gen{Rng: rand.New(rand.NewPCG(11, 13)), Events: events, Now: now}
	nonEmpty := 0
	for i := 0; i < n; i++ {
		text := g.Filter()
		f, err := filter.Compile(text, now)
		if err != nil {
			t.Fatalf("generated filter %q does not compile: %v", text, err)
		}
		sub, rf := compiledSQL(t, s, f)
		got := selectedIDs(t, s, text, sub)
		if rgot := selectedIDs(t, s, text, rf); !maps.Equal(got, rgot) {
			t.Fatalf("filter %q: resolved SQL selects %d events, subquery SQL %d\nresolved %s %v", text, len(rgot), len(got), rf.Where, rf.Args)
		}
		var missing, extra []string
		for i := range events {
			e := &events[i]
			want := record.Matches(f.Pred, e)
			if want && !got[e.ID] {
				missing = append(missing, describeEvent(e))
			}
			if !want && got[e.ID] {
				extra = append(extra, describeEvent(e))
			}
		}
		if len(got) > 0 {
			nonEmpty++
		}
		if len(missing)+len(extra) > 0 {
			t.Fatalf("filter %q\nSQL %s\nargs %v\nSQL misses %d events the predicate matches, e.g. %v\nSQL adds %d events the predicate rejects, e.g. %v",
				text, sub.Where, sub.Args, len(missing), head(missing), len(extra), head(extra))
		}
	}
	if nonEmpty < n/3 {
		t.Errorf("only %d of %d filters matched any event", nonEmpty, n)
	}
	t.Logf("%d filters, %d matched at least one of %d events", n, nonEmpty, len(events))
}
