package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/filtergen"
)

// TestTextDrivenQueriesAgreeWithPredicate checks queries that start from
// the full-text index's groups (predsql_textdrive.go): for words, prefixes,
// phrases and pairs taken from the events, words in no event, and random
// filters, the pages and the count select exactly the events of the
// category that the predicate accepts in memory.
func TestTextDrivenQueriesAgreeWithPredicate(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	s, events := propertyStore(t, now)
	words, random := 80, 40
	if raceDetector {
		words, random = 24, 12
	}
	texts := textFilters(t, events, rand.New(rand.NewPCG(16, 6)), words)
	g := &filtergen.Gen{Rng: rand.New(rand.NewPCG(17, 19)), Events: events, Now: now}
	for range random {
		texts = append(texts, g.Filter())
	}
	ctx := context.Background()
	nonEmpty := 0
	for _, text := range texts {
		f, err := filter.Compile(text, now)
		if err != nil {
			t.Fatalf("filter %q: %v", text, err)
		}
		q := history.Query{Category: history.Management, Start: f.Start, End: f.End, Pred: f.Pred}
		want := map[int64]bool{}
		for i := range events {
			e := &events[i]
			if e.Category == history.Management && inWindow(e, f) && record.Matches(f.Pred, e) {
				want[e.ID] = true
			}
		}
		got := pagedIDs(t, s, q, text)
		if !maps.Equal(got, want) {
			t.Fatalf("filter %q: pages select %d events, the predicate %d", text, len(got), len(want))
		}
		n, err := s.Count(ctx, q)
		if err != nil || n != int64(len(want)) {
			t.Fatalf("filter %q: count %d (%v), want %d", text, n, err, len(want))
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(texts)/3 {
		t.Errorf("only %d of %d filters matched any event", nonEmpty, len(texts))
	}
}

// TestRareWordQueryStartsFromFullTextGroups checks that a word in few
// groups is searched from those groups, not by walking the Region's events
// in time order (which read a whole Region of a million events, 230 ms,
// to find one), and that a word in none reads nothing.
func TestRareWordQueryStartsFromFullTextGroups(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	s, events := propertyStore(t, now)
	ctx := context.Background()
	word := textFilters(t, events, rand.New(rand.NewPCG(1, 2)), 1)[0]
	f, err := filter.Compile(word, now)
	if err != nil {
		t.Fatal(err)
	}
	q := history.Query{Region: events[0].Region, Category: history.Management, Pred: f.Pred}
	plan, err := s.PagePlanForTest(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// tvg is the candidates' json_each; each is then a primary-key range.
	if lines := strings.Split(plan, "\n"); len(lines) < 2 || !strings.Contains(lines[0], "tvg") || !strings.Contains(lines[1], "INTEGER PRIMARY KEY") {
		t.Errorf("filter %q: the page does not start from the full-text groups; plan:\n%s", word, plan)
	}
	// An exact JSON-path value starts from the groups of its words too.
	pathValue := nestedPathValue(t, events)
	if f, err = filter.Compile(pathValue, now); err != nil {
		t.Fatal(err)
	}
	q.Pred = f.Pred
	if plan, err = s.PagePlanForTest(ctx, q); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(plan, "SCAN tvg") {
		t.Errorf("filter %q: the page does not start from the full-text groups; plan:\n%s", pathValue, plan)
	}
	f, err = filter.Compile("zzqqxxnothere", now)
	if err != nil {
		t.Fatal(err)
	}
	q.Pred = f.Pred
	if _, err := s.PagePlanForTest(ctx, q); !errors.Is(err, store.ErrNoMatchForTest) {
		t.Errorf("a word in no group: the query is still run (%v)", err)
	}
}

// textFilters returns n full-text filters made of the events' words:
// single words, 3-character prefixes, two-word phrases, a word with a
// field term, a word no event has, and exact JSON-path values (as they
// are and in upper case).
func textFilters(t *testing.T, events []history.Event, rng *rand.Rand, n int) []string {
	t.Helper()
	var values, paths []string
	for _, e := range events {
		var v any
		if err := json.Unmarshal(e.Raw, &v); err != nil {
			t.Fatal(err)
		}
		leaves := map[string]string{}
		walkLeaves("", v, leaves)
		for _, k := range slices.Sorted(maps.Keys(leaves)) {
			values = append(values, leaves[k])
			if v := leaves[k]; plainValue.MatchString(v) && !strings.Contains(v, ":") {
				paths = append(paths, k+":"+v)
			}
		}
	}
	var out []string
	for len(out) < n {
		ws := splitWords(values[rng.IntN(len(values))])
		if len(ws) == 0 || len(ws[0]) < 3 {
			continue
		}
		switch len(out) % 7 {
		case 5:
			out = append(out, paths[rng.IntN(len(paths))])
		case 6:
			path, v, _ := strings.Cut(paths[rng.IntN(len(paths))], ":")
			out = append(out, path+":"+strings.ToUpper(v))
		case 0:
			out = append(out, ws[0])
		case 1:
			out = append(out, ws[0][:3]+"*")
		case 2:
			out = append(out, `"`+strings.Join(ws[:min(2, len(ws))], " ")+`"`)
		case 3:
			out = append(out, ws[0]+" -error:*")
		case 4:
			out = append(out, ws[0]+"zzqq")
		}
	}
	return out
}

func inWindow(e *history.Event, f *filter.Filter) bool {
	return (f.Start.IsZero() || !e.Time.Before(f.Start)) && (f.End.IsZero() || !e.Time.After(f.End))
}

// pagedIDs reads every event of q page by page, as the browser scrolls.
// drivePage is the page size pagedIDs reads with: small enough that common
// filters cross several page boundaries (the cursor must resume exactly),
// large enough that the test stays fast under the race detector (each page
// runs the query again).
const drivePage = 700

func pagedIDs(t *testing.T, s *store.Store, q history.Query, text string) map[int64]bool {
	t.Helper()
	got := map[int64]bool{}
	var after *history.Cursor
	for {
		evs, err := s.Page(context.Background(), q, store.PageOptions{After: after, Limit: drivePage})
		if err != nil {
			t.Fatalf("filter %q: %v", text, err)
		}
		for _, e := range evs {
			if got[e.ID] {
				t.Fatalf("filter %q: event %d on two pages", text, e.ID)
			}
			got[e.ID] = true
		}
		if len(evs) < drivePage {
			return got
		}
		c := evs[len(evs)-1].Cursor()
		after = &c
	}
}

// nestedPathValue is an exact-value filter on a nested path of an event
// (a top-level key such as eventType could read as a field name).
func nestedPathValue(t *testing.T, events []history.Event) string {
	t.Helper()
	for _, e := range events {
		var v any
		if err := json.Unmarshal(e.Raw, &v); err != nil {
			t.Fatal(err)
		}
		leaves := map[string]string{}
		walkLeaves("", v, leaves)
		for _, k := range slices.Sorted(maps.Keys(leaves)) {
			if v := leaves[k]; strings.HasPrefix(k, "requestParameters.") && plainValue.MatchString(v) && !strings.Contains(v, ":") {
				return k + ":" + v
			}
		}
	}
	t.Fatal("no event has a plain value under requestParameters")
	return ""
}
