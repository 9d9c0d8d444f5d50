package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/filtergen"
)

// summaryBase ends the generated events' ten days in the middle of an
// hour, so that days, hours and windows do not line up by chance.
var summaryBase = time.Date(2025, 3, 14, 15, 37, 11, 0, time.UTC)

var facetFields = []history.Field{
	history.FieldEventName, history.FieldEventSource, history.FieldUsername, history.FieldIdentityARN,
	history.FieldAccessKeyID, history.FieldSourceIP, history.FieldUserAgent, history.FieldErrorCode,
	history.FieldRegion, history.FieldAccount, history.FieldIdentityType, history.FieldEventType,
	history.FieldResourceName, history.FieldResourceType, history.FieldReadOnly,
}

// randomSummaryQuery is a query the summaries answer: any scope, a window
// whose edges fall on, or inside, hours and days.
func randomSummaryQuery(rng *rand.Rand) history.Query {
	q := history.Query{Category: history.Management}
	if rng.IntN(5) == 0 {
		q.Category = history.Insight
	}
	q.Region = []string{"", "", "us-east-1", "eu-west-1", "US-EAST-1", "nowhere-1"}[rng.IntN(6)]
	switch rng.IntN(4) {
	case 0:
		q.Accounts = []string{"111122223333"}
	case 1:
		q.Accounts = []string{"444455556666", "111122223333"}
	case 2:
		q.Accounts = []string{"000000000000"}
	}
	q.ReadOnly = []string{"", "", "true", "false"}[rng.IntN(4)]
	// The browser's default attribute, and the readonly filter terms
	// (summary_readonly.go), the summaries answer too.
	switch rng.IntN(4) {
	case 0:
		q.Lookup = &history.LookupAttribute{Key: history.AttrReadOnly, Value: "false"}
	case 1:
		q.Lookup = &history.LookupAttribute{Key: history.AttrReadOnly, Value: []string{"true", "False"}[rng.IntN(2)]}
	}
	readOnlyTerms := []history.Predicate{
		history.FieldTerm{Field: history.FieldReadOnly, Cmp: history.CmpEqual, Value: "false"},
		history.FieldTerm{Field: history.FieldReadOnly, Cmp: history.CmpEqual, Value: "TRUE"},
		history.FieldTerm{Field: history.FieldReadOnly, Cmp: history.CmpGlob, Value: "*e"},
		history.FieldTerm{Field: history.FieldReadOnly, Cmp: history.CmpPresent},
		history.FieldTerm{Field: history.FieldReadOnly, Cmp: history.CmpAbsent},
		history.Not{Pred: history.FieldTerm{Field: history.FieldReadOnly, Cmp: history.CmpEqual, Value: "true"}},
		history.Not{Pred: history.FieldTerm{Field: history.FieldReadOnly, Cmp: history.CmpPresent}},
	}
	if rng.IntN(3) == 0 {
		q.Pred = readOnlyTerms[rng.IntN(len(readOnlyTerms))]
	}
	start := summaryBase.Add(-time.Duration(rng.Int64N(int64(11 * 24 * time.Hour))))
	switch rng.IntN(3) {
	case 0:
		start = start.Truncate(24 * time.Hour)
	case 1:
		start = start.Truncate(time.Hour)
	}
	end := start.Add(time.Duration(rng.Int64N(int64(6 * 24 * time.Hour))))
	switch rng.IntN(3) {
	case 0:
		end = end.Truncate(24 * time.Hour).Add(-time.Microsecond)
	case 1:
		end = end.Truncate(time.Hour)
	}
	if end.Before(start) {
		end = start
	}
	q.Start, q.End = start, end
	return q
}

// checkSummariesMatchEvents compares Top and Timeline from the summaries
// with the same queries counted on the events (a list of every row ID
// keeps the summaries out), over n random queries, and checks that the
// summaries answer those with a read-only lookup or term.
func checkSummariesMatchEvents(t *testing.T, s *store.Store, rng *rand.Rand, n int) {
	t.Helper()
	ctx := context.Background()
	ids, err := s.RowIDsForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		q := randomSummaryQuery(rng)
		ref := q
		ref.RowIDs = ids
		field := facetFields[rng.IntN(len(facetFields))]
		limit := 1 + rng.IntN(25)
		before := s.SummaryAnswersForTest()
		got, err := s.Top(ctx, q, field, limit)
		if q.Lookup != nil || q.Pred != nil {
			checkReadOnlyTakesSummaries(t, s, q, field, s.SummaryAnswersForTest()-before)
		}
		if err != nil {
			t.Fatalf("top %v %+v: %v", field, q, err)
		}
		want, err := s.Top(ctx, ref, field, limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("top %v limit %d of %+v:\n got %+v\nwant %+v", field, limit, q, got, want)
		}
		size := []time.Duration{time.Hour, 24 * time.Hour, 3 * time.Hour, 5 * time.Minute}[rng.IntN(4)]
		if store.TimelineBuckets(q.Start, q.End, size) > 5000 {
			size = time.Hour
		}
		gotTL, err := s.Timeline(ctx, q, size)
		if err != nil {
			t.Fatalf("timeline %v %+v: %v", size, q, err)
		}
		wantTL, err := s.Timeline(ctx, ref, size)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotTL, wantTL) {
			t.Fatalf("timeline %v of %+v:\n got %+v\nwant %+v", size, q, gotTL, wantTL)
		}
	}
}

// checkReadOnlyTakesSummaries checks that q, with a read-only lookup or
// term, took the summaries (answers of them counted) exactly when the
// same query without them does: the window decides, not read-only.
func checkReadOnlyTakesSummaries(t *testing.T, s *store.Store, q history.Query, field history.Field, answers int64) {
	t.Helper()
	bare := q
	bare.Lookup, bare.Pred = nil, nil
	before := s.SummaryAnswersForTest()
	if _, err := s.Top(context.Background(), bare, field, 5); err != nil {
		t.Fatal(err)
	}
	if want := s.SummaryAnswersForTest() - before; answers != want {
		t.Fatalf("top %v of %+v (lookup %+v): %d answers from the summaries, %d without the read-only conditions",
			field, q, q.Lookup, answers, want)
	}
}

func TestSummariesAnswerTopAndTimelineExactly(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rng := rand.New(rand.NewPCG(17, 6))
	first := filtergen.Records(rand.New(rand.NewPCG(1, 2)), 800, summaryBase)
	second := filtergen.Records(rand.New(rand.NewPCG(3, 4)), 800, summaryBase)
	// Two loads: the second adds to counts the first wrote.
	loadRecords(t, s, first)
	loadRecords(t, s, second[:400])
	checkSummariesMatchEvents(t, s, rng, 150)

	// A cutoff inside an hour and a day.
	cut := summaryBase.Add(-6*24*time.Hour - 95*time.Minute - 7*time.Second)
	if _, err := s.Prune(ctx, cut); err != nil {
		t.Fatal(err)
	}
	checkSummariesMatchEvents(t, s, rng, 150)

	// Duplicates (of kept and of pruned events) and new events.
	before, err := s.SummaryDumpForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The same records in a new file (a file seen before is skipped).
	loadRecords(t, s, append(append([]map[string]any(nil), first...), second[400]))
	if after, _ := s.SummaryDumpForTest(ctx); after == before {
		t.Fatal("re-loading pruned events changed no count")
	}
	loadRecords(t, s, second)
	checkSummariesMatchEvents(t, s, rng, 150)
}

// TestSummaryMigrationCountsWhatTheWriterCounts makes a store at schema 5
// (the summary tables dropped) and opens it again: the back-fill of
// migration 0006 must hold exactly the rows the writer kept.
func TestSummaryMigrationCountsWhatTheWriterCounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	loadRecords(t, s, filtergen.Records(rand.New(rand.NewPCG(5, 6)), 1200, summaryBase))
	loadRecords(t, s, filtergen.Records(rand.New(rand.NewPCG(7, 8)), 300, summaryBase))
	written, err := s.SummaryDumpForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ExecForTest(ctx, "DROP TABLE summary_hour; DROP TABLE summary_day; DROP TABLE summary_rank; DROP TABLE summary_values; "+store.ResourceTablesBefore12ForTest+"; PRAGMA user_version = 5"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		t.Fatalf("open a schema 5 store: %v", err)
	}
	defer s.Close()
	migrated, err := s.SummaryDumpForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if migrated != written {
		t.Fatalf("back-filled summaries differ from the writer's:\n%s", firstDiff(migrated, written))
	}
	checkSummariesMatchEvents(t, s, rand.New(rand.NewPCG(9, 9)), 60)
}

func firstDiff(a, b string) string {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			lo := max(0, i-200)
			return fmt.Sprintf("got  …%s\nwant …%s", a[lo:min(len(a), i+100)], b[lo:min(len(b), i+100)])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(a), len(b))
}
