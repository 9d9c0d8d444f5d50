package filter

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
	"github.com/trailview/trailview/internal/filtergen"
)

// propertyEvents loads the property tests' events (filtergen.PropertyInputs:
// generated ones with odd values, the assets generator's realistic ones,
// and the real files when present) into a store and reads them back, as
// the store's TestCompiledSQLAgreesWithPredicate does.
func propertyEvents(t *testing.T, now time.Time) []history.Event {
	t.Helper()
	s := openStore(t)
	for _, p := range filtergen.PropertyInputs(t, now) {
		loadPaths(t, s, p)
	}
	return allEvents(t, s)
}

// TestPredicateAgreesWithReference translates random filters built from
// values found in the events and checks, in memory, that the predicate
// each one means (record.Matches) accepts exactly the events the
// reference matcher accepts. The SQL side is checked against the same
// evaluator by the store's TestCompiledSQLAgreesWithPredicate.
func TestPredicateAgreesWithReference(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	events := propertyEvents(t, now)
	if len(events) < 3000 {
		t.Fatalf("only %d events loaded", len(events))
	}
	refs := newRefEvents(events)
	n := 250
	if testing.Short() {
		n = 60
	}
	g := &filtergen.Gen{Rng: rand.New(rand.NewPCG(7, 9)), Events: events, Now: now}
	nonEmpty := 0
	for i := 0; i < n; i++ {
		text := g.Filter()
		f, err := Compile(text, now)
		if err != nil {
			t.Fatalf("generated filter %q does not compile: %v", text, err)
		}
		root, _ := parse(text)
		var missing, extra []string
		want := 0
		for i := range refs {
			ref := refMatch(root, &refs[i], now)
			got := record.Matches(f.Pred, refs[i].Event)
			if ref {
				want++
			}
			if ref && !got {
				missing = append(missing, describeEvent(refs[i].Event))
			}
			if !ref && got {
				extra = append(extra, describeEvent(refs[i].Event))
			}
		}
		if want > 0 {
			nonEmpty++
		}
		if len(missing)+len(extra) > 0 {
			sort.Strings(missing)
			sort.Strings(extra)
			t.Fatalf("filter %q\npredicate %#v\nmisses %d events the reference matches, e.g. %v\nadds %d events the reference rejects, e.g. %v",
				text, f.Pred, len(missing), head(missing), len(extra), head(extra))
		}
	}
	// The generator must produce filters that select something, or the
	// test proves little.
	if nonEmpty < n/3 {
		t.Errorf("only %d of %d filters matched any event", nonEmpty, n)
	}
	t.Logf("%d filters, %d matched at least one of %d events", n, nonEmpty, len(events))
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
