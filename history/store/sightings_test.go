package store_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/filtergen"
)

// sightingFields are the fields and pairs 'trailview new' accepts.
var sightingFields = func() []store.SightingField {
	var out []store.SightingField
	for _, f := range facetFields {
		if f != history.FieldReadOnly {
			out = append(out, store.SightingField{First: f})
		}
	}
	return append(out,
		store.SightingField{First: history.FieldUsername, Second: history.FieldEventName},
		store.SightingField{First: history.FieldAccessKeyID, Second: history.FieldEventName},
		store.SightingField{First: history.FieldAccessKeyID, Second: history.FieldSourceIP})
}()

// sightingValues is an event's distinct non-empty values of a field or
// pair, read from the event as Iterate returns it.
func sightingValues(e *history.Event, f store.SightingField) []string {
	one := func(f history.Field) []string {
		var out []string
		for _, r := range e.Resources {
			v := r.Name
			if f == history.FieldResourceType {
				v = r.Type
			}
			if v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		switch f {
		case history.FieldResourceName, history.FieldResourceType:
			return out
		}
		v := map[history.Field]string{
			history.FieldEventName: e.EventName, history.FieldEventSource: e.EventSource, history.FieldUsername: e.Username,
			history.FieldIdentityARN: e.IdentityARN, history.FieldAccessKeyID: e.AccessKeyID, history.FieldSourceIP: e.SourceIP,
			history.FieldUserAgent: e.UserAgent, history.FieldErrorCode: e.ErrorCode, history.FieldRegion: e.Region,
			history.FieldAccount: e.Account, history.FieldIdentityType: e.IdentityType, history.FieldEventType: e.EventType,
		}[f]
		if v == "" {
			return nil
		}
		return []string{v}
	}
	first := one(f.First)
	if f.Second == 0 || len(first) == 0 {
		return first
	}
	second := one(f.Second)
	if len(second) == 0 {
		return nil
	}
	return []string{first[0] + store.PairSeparator + second[0]}
}

// referenceSightings computes first sightings in Go from every event of
// the store: the values of q's events that no event of any Region,
// account or category holds before q.Start.
func referenceSightings(t *testing.T, s *store.Store, q history.Query, f store.SightingField, limit int) []history.FirstSighting {
	t.Helper()
	ctx := context.Background()
	before := map[string]bool{}
	for _, c := range []history.Category{history.Management, history.Insight} {
		err := s.Iterate(ctx, history.Query{Category: c, End: q.Start.Add(-time.Microsecond)}, false, func(e *history.Event) error {
			for _, v := range sightingValues(e, f) {
				before[v] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]*history.FirstSighting{}
	err := s.Iterate(ctx, q, false, func(e *history.Event) error {
		for _, v := range sightingValues(e, f) {
			if before[v] {
				continue
			}
			fs := seen[v]
			if fs == nil {
				fs = &history.FirstSighting{Value: v, FirstSeen: e.Time}
				seen[v] = fs
			}
			fs.Count++
			if e.Time.Before(fs.FirstSeen) {
				fs.FirstSeen = e.Time
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := []history.FirstSighting{}
	for _, fs := range seen {
		fs.FirstSeen = fs.FirstSeen.UTC()
		out = append(out, *fs)
	}
	slices.SortFunc(out, func(a, b history.FirstSighting) int {
		return cmp.Or(b.FirstSeen.Compare(a.FirstSeen), cmp.Compare(a.Value, b.Value))
	})
	return out[:min(limit, len(out))]
}

// checkSightingsMatchEvents compares FirstSightings with the reference
// over n random queries and fields; a third of the queries carry a list
// of row IDs, which the summaries cannot answer.
func checkSightingsMatchEvents(t *testing.T, s *store.Store, rng *rand.Rand, n int) {
	t.Helper()
	ctx := context.Background()
	ids, err := s.RowIDsForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for i := 0; i < n; i++ {
		q := randomSummaryQuery(rng)
		if rng.IntN(3) == 0 {
			for _, id := range ids {
				if rng.IntN(2) == 0 {
					q.RowIDs = append(q.RowIDs, id)
				}
			}
		}
		f := sightingFields[rng.IntN(len(sightingFields))]
		limit := 1 + rng.IntN(40)
		got, err := s.FirstSightings(ctx, q, f, limit)
		if err != nil {
			t.Fatalf("first sightings %+v of %+v: %v", f, q, err)
		}
		want := referenceSightings(t, s, q, f, limit)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("first sightings %+v limit %d of %v..%v (Region %q, accounts %v, readonly %q, %d row IDs):\n got %v\nwant %v",
				f, limit, q.Start, q.End, q.Region, q.Accounts, q.ReadOnly, len(q.RowIDs), got, want)
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < n/6 {
		t.Fatalf("only %d of %d queries found a new value: the check proves little", nonEmpty, n)
	}
}

func TestFirstSightingsMatchAnIndependentCount(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rng := rand.New(rand.NewPCG(18, 1))
	loadRecords(t, s, filtergen.Records(rand.New(rand.NewPCG(21, 22)), 900, summaryBase))
	loadRecords(t, s, freshValues(rand.New(rand.NewPCG(25, 26)), filtergen.Records(rand.New(rand.NewPCG(23, 24)), 700, summaryBase)))
	queries := 60
	if raceDetector {
		queries = 30
	}
	checkSightingsMatchEvents(t, s, rng, queries)

	// A cutoff inside a day: the summaries of the cut day are recounted.
	if _, err := s.Prune(ctx, summaryBase.Add(-7*24*time.Hour-5*time.Hour-13*time.Second)); err != nil {
		t.Fatal(err)
	}
	checkSightingsMatchEvents(t, s, rng, queries)
}

// TestFirstSightingsReadHistoryFromSummaries removes the events before a
// window but not their summary rows: a value seen only then must still
// not count as new, which shows that "seen before" is read from the
// summaries (a probe of a few rows) rather than from the events (a scan of
// every older event for the fields without an index).
func TestFirstSightingsReadHistoryFromSummaries(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	loadRecords(t, s, freshValues(rand.New(rand.NewPCG(33, 34)), filtergen.Records(rand.New(rand.NewPCG(31, 32)), 900, summaryBase)))
	q := history.Query{Start: summaryBase.Add(-3*24*time.Hour - 7*time.Hour), End: summaryBase}
	want := map[store.SightingField][]history.FirstSighting{}
	for _, f := range sightingFields {
		if f.Second == 0 {
			var err error
			if want[f], err = s.FirstSightings(ctx, q, f, 1000); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, table := range []string{"resource_names", "resource_types", "events"} {
		if err := s.ExecForTest(ctx, "DELETE FROM "+table+" WHERE time_us < ?", q.Start.UnixMicro()); err != nil {
			t.Fatal(err)
		}
	}
	for f, w := range want {
		got, err := s.FirstSightings(ctx, q, f, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%v without the older events:\n got %v\nwant %v", f.First, got, w)
		}
	}
}

// freshValues gives about half of the records' fields one of a few
// hundred variants of their value each, so that values are first seen at
// scattered times, most of them more than once.
func freshValues(rng *rand.Rand, recs []map[string]any) []map[string]any {
	variant := func(v any) string { return fmt.Sprintf("%v-%d", v, rng.IntN(300)) }
	for _, r := range recs {
		for _, k := range []string{"sourceIPAddress", "userAgent", "eventName", "eventSource", "awsRegion", "recipientAccountId", "errorCode"} {
			if _, ok := r[k]; ok && rng.IntN(2) == 0 {
				r[k] = variant(r[k])
			}
		}
		if id, ok := r["userIdentity"].(map[string]any); ok {
			for _, k := range []string{"accessKeyId", "userName", "arn"} {
				if _, ok := id[k]; ok && rng.IntN(2) == 0 {
					id[k] = variant(id[k])
				}
			}
		}
		if res, ok := r["resources"].([]any); ok && rng.IntN(2) == 0 {
			m := res[0].(map[string]any)
			m["ARN"], m["type"] = variant(m["ARN"]), variant(m["type"])
		}
	}
	return recs
}
