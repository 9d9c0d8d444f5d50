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

// rankedRecords are filtergen's records with access keys and resource
// names as a store holds them: a few keys and names on many events, most
// on one or two (with ties), some events without a key, and events with
// several resources, a name repeated under two types.
func rankedRecords(rng *rand.Rand, n int, base time.Time) []map[string]any {
	recs := filtergen.Records(rng, n, base)
	for _, r := range recs {
		if id, ok := r["userIdentity"].(map[string]any); ok {
			switch x := rng.IntN(10); {
			case x < 4:
				id["accessKeyId"] = fmt.Sprintf("AKIAHEAVY%03d", rng.IntN(6))
			case x < 9:
				id["accessKeyId"] = fmt.Sprintf("AKIARARE%05d", rng.IntN(n/2))
			default:
				delete(id, "accessKeyId")
			}
		}
		if rng.IntN(3) == 0 {
			continue
		}
		var res []any
		for range 1 + rng.IntN(4) {
			name := fmt.Sprintf("arn:aws:s3:::rare-%d", rng.IntN(n/2))
			if rng.IntN(3) == 0 {
				name = fmt.Sprintf("arn:aws:s3:::heavy-%d", rng.IntN(4))
			}
			res = append(res, map[string]any{"ARN": name, "type": []string{"AWS::S3::Bucket", "AWS::S3::Object"}[rng.IntN(2)]})
		}
		r["resources"] = res
	}
	return recs
}

// randomRankedQuery is a top of keys or resource names: every Region or
// one, the browser's Read-only = false or none, sometimes an account, and
// a window that holds every event (the summary_values path) or a random
// one.
func randomRankedQuery(rng *rand.Rand) history.Query {
	q := randomSummaryQuery(rng)
	q.Pred = nil
	if rng.IntN(4) > 0 {
		q.Accounts = nil
	}
	if rng.IntN(2) == 0 {
		q.Start, q.End = summaryBase.Add(-40*24*time.Hour), summaryBase.Add(time.Duration(rng.IntN(48))*time.Hour)
	}
	return q
}

func checkRankedTopsMatchEvents(t *testing.T, s *store.Store, rng *rand.Rand, n int) {
	t.Helper()
	ctx := context.Background()
	ids, err := s.RowIDsForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		q := randomRankedQuery(rng)
		ref := q
		ref.RowIDs = ids
		field := []history.Field{history.FieldAccessKeyID, history.FieldResourceName}[rng.IntN(2)]
		limit := 1 + rng.IntN(25)
		got, err := s.Top(ctx, q, field, limit)
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
	}
}

// TestRankedTopsMatchEvents compares tops of keys and resource names read
// by count (summary_rank) with the events' own counts, through loads that
// add to counts, duplicates and a prune, and checks that both the
// whole-scope (summary_values) and the window paths were taken.
func TestRankedTopsMatchEvents(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rng := rand.New(rand.NewPCG(17, 10))
	first := rankedRecords(rand.New(rand.NewPCG(11, 12)), 1500, summaryBase)
	second := rankedRecords(rand.New(rand.NewPCG(13, 14)), 900, summaryBase)
	reads, covered := store.RankCountersForTest()
	loadRecords(t, s, first)
	loadRecords(t, s, second[:400])
	checkRankedTopsMatchEvents(t, s, rng, 200)
	if _, err := s.Prune(ctx, summaryBase.Add(-6*24*time.Hour-95*time.Minute)); err != nil {
		t.Fatal(err)
	}
	checkRankedTopsMatchEvents(t, s, rng, 150)
	loadRecords(t, s, append(append([]map[string]any(nil), first...), second[400]))
	loadRecords(t, s, second)
	checkRankedTopsMatchEvents(t, s, rng, 150)
	reads2, covered2 := store.RankCountersForTest()
	if reads2 == reads || covered2 == covered {
		t.Fatalf("tops read %d values by count, %d took distinct values from summary_values: want both above 0", reads2-reads, covered2-covered)
	}
}

// TestRankedTopFallsBack checks that a top that gives up reading by count
// (a limit of 3 values here) still answers exactly, from every row.
func TestRankedTopFallsBack(t *testing.T) {
	s := openStore(t)
	loadRecords(t, s, rankedRecords(rand.New(rand.NewPCG(41, 42)), 1200, summaryBase))
	defer store.SetRankReadLimitForTest(3)()
	checkRankedTopsMatchEvents(t, s, rand.New(rand.NewPCG(43, 44)), 120)
}

// TestRankedTopStopsEarly checks that a top of keys reads values by count
// only until none unread can rank: a handful among thousands.
func TestRankedTopStopsEarly(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	recs := rankedRecords(rand.New(rand.NewPCG(21, 22)), 3000, summaryBase)
	loadRecords(t, s, recs)
	q := history.Query{Category: history.Management, Start: summaryBase.Add(-40 * 24 * time.Hour), End: summaryBase}
	reads, covered := store.RankCountersForTest()
	res, err := s.Top(ctx, q, history.FieldAccessKeyID, 5)
	if err != nil {
		t.Fatal(err)
	}
	reads2, covered2 := store.RankCountersForTest()
	if res.Distinct < 500 || len(res.Values) != 5 {
		t.Fatalf("top keys: %d distinct, %d values; want over 500 and 5", res.Distinct, len(res.Values))
	}
	// The six heavy keys hold ~200 events each, the rare ones ~1: the
	// sixth key's count bounds every rare one.
	if n := reads2 - reads; n == 0 || n > 20 {
		t.Fatalf("top 5 keys of %d read %d values by count; want 1 to 20", res.Distinct, n)
	}
	if covered2-covered != 1 {
		t.Fatalf("top over every event took distinct values from summary_values %d times; want 1", covered2-covered)
	}
}

// TestRankedTopOfFewValuesStops checks that a top whose scope has fewer
// values than the limit stops reading by count once it found them all,
// rather than reading every value of the store.
func TestRankedTopOfFewValuesStops(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	recs := rankedRecords(rand.New(rand.NewPCG(23, 24)), 2000, summaryBase)
	for i, r := range recs[:90] {
		r["awsRegion"] = "ap-south-1"
		if id, ok := r["userIdentity"].(map[string]any); ok {
			id["accessKeyId"] = fmt.Sprintf("AKIASOUTH%03d", i%3)
		}
	}
	for _, r := range recs[90:120] {
		r["awsRegion"] = "sa-east-1"
		if id, ok := r["userIdentity"].(map[string]any); ok {
			delete(id, "accessKeyId")
		}
	}
	loadRecords(t, s, recs)
	q := history.Query{Region: "ap-south-1", Category: history.Management, Start: summaryBase.Add(-40 * 24 * time.Hour), End: summaryBase}
	reads, _ := store.RankCountersForTest()
	res, err := s.Top(ctx, q, history.FieldAccessKeyID, 20)
	if err != nil {
		t.Fatal(err)
	}
	reads2, _ := store.RankCountersForTest()
	if res.Distinct != 3 || len(res.Values) != 3 {
		t.Fatalf("top keys of ap-south-1: %d distinct, %d values; want 3 and 3", res.Distinct, len(res.Values))
	}
	// The three keys have ~30 events each: behind the six heavy ones.
	if n := reads2 - reads; n == 0 || n > 20 {
		t.Fatalf("top keys of ap-south-1 read %d values by count; want 1 to 20", n)
	}
	// A Region whose events have no key: nothing to look for.
	q.Region = "sa-east-1"
	if res, err = s.Top(ctx, q, history.FieldAccessKeyID, 20); err != nil {
		t.Fatal(err)
	}
	reads3, _ := store.RankCountersForTest()
	ref := q
	if ref.RowIDs, err = s.RowIDsForTest(ctx); err != nil {
		t.Fatal(err)
	}
	if want, err := s.Top(ctx, ref, history.FieldAccessKeyID, 20); err != nil || !reflect.DeepEqual(res, want) {
		t.Fatalf("top keys of sa-east-1: got %+v, want %+v (%v)", res, want, err)
	}
	if res.Total == 0 || res.Missing != res.Total || res.Distinct != 0 || reads3 != reads2 {
		t.Fatalf("top keys of sa-east-1: %+v after reading %d values by count; want every event missing, none read", res, reads3-reads2)
	}
}

// TestRankMigrationCountsWhatTheWriterCounts makes a store at schema 9
// (summary_rank and summary_values dropped), after loads and a prune,
// and opens it again: migration 0010's back-fill must hold exactly the
// rows the writer and the prune kept.
func TestRankMigrationCountsWhatTheWriterCounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	loadRecords(t, s, rankedRecords(rand.New(rand.NewPCG(31, 32)), 1200, summaryBase))
	if _, err := s.Prune(ctx, summaryBase.Add(-5*24*time.Hour-7*time.Minute)); err != nil {
		t.Fatal(err)
	}
	loadRecords(t, s, rankedRecords(rand.New(rand.NewPCG(33, 34)), 600, summaryBase))
	written, err := s.SummaryDumpForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ExecForTest(ctx, "DROP TABLE summary_rank; DROP TABLE summary_values; PRAGMA user_version = 9"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		t.Fatalf("open a schema 9 store: %v", err)
	}
	defer s.Close()
	migrated, err := s.SummaryDumpForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if migrated != written {
		t.Fatalf("back-filled counts differ from the writer's:\n%s", firstDiff(migrated, written))
	}
}
